"""The objects of status verbs in one clause: the candidate projects, with the status each gets.

A clause (between ，；：。) names projects in one of two shapes:

    lead verbs + objects [等项目]          开工建设A、B等项目 / 建成投用C / 启动D建设 / 做好E、F前期工作
    objects [等项目] + tail verbs          推动G等项目加快建设 / H建成投用 / I前期工作加快推进
"""

from __future__ import annotations

import re
from functools import cache

from loaders.project_names import (
    _CONSTRUCTION,
    _COUNT_ANY,
    _FACILITY,
    _MILESTONES,
    _ROUTE,
    DEFAULT_STATUS,
    FACILITY_END,
    Candidate,
    _generic_lead,
    _words,
    status_lexicon,
    tokens,
)
from loaders.vocabulary import alternation

_PLANNING = "planning"  # a clause that plans (规划, 谋划) a project says so, whatever else it says
# a length or area after a name (X 5公里), or a count of one (X 1个), is not part of the name
_MEASURE_TRAIL = re.compile(r"\d+(?:\.\d+)?余?(?:公里|千米|米|平方米|万平方米|亩|万亩|千瓦|万千瓦)$")
_ONE_TRAIL = re.compile(r"1(?:个|座|所|处|家)$")
_STRONG_MILESTONES = frozenset(_words().get("strong_milestones", ()))  # milestones as telling as a status phrase
# verbs outside the status vocabulary that open an object (有力保障A等项目) or show it is no project (加强X建设)
_VERB_LEAD = re.compile(
    r"^(?:有力|积极|全力|大力|更好|新|高标准|成功)?(?:保障|支持|加强|吸引|打造|依托|引导|鼓励|完善|优化|提升|强化|深化|探索|培育|发展|参与|落实"
    r"|用好|利用|储备|引进|招引|服务|围绕|聚焦|整合|盘活|推广|争创|创建|申报|组织|举办|谋划|配合|涵盖|奋力|用于|包括|编制"
    r"|汇报|宣布|扶持|计划|以及|介绍|观看|听取)(?:了)?"
)
_LOCATIVE = re.compile(r"^在[^，,；;、]{1,16}?(?:处|内|中|旁|边|里|附近|一带|周边)")
_VERB_AND = re.compile(r"(建设|工作)及")
_AFTER_PROJECT = re.compile(r"项目(?![\u4e00-\u9fff]*(?:试点|示范|城市|[区县镇村]$))[\u4e00-\u9fff]{1,4}$")
_APPOSITIVE = re.compile(r"^[^—]*(?:的|首个|首家|最大|唯一|项目)[^—]*——?")
_DESIGNATION = re.compile(rf"^(?:国家|全国|市级|省级)[\u4e00-\u9fff]{{2,10}}?{_FACILITY}(?=[\u4e00-\u9fff]{{2}})")
_DESCRIPTOR = re.compile(r"^.*?(?:首个|首家|首条|唯一的?|最大的?|领先的?)")
# 等项目, 等17个项目, 等7个工程, 等商务写字楼: the list before it names projects (or buildings being built)
_MARKER = re.compile(r"等(?:\d+[个条座处])?(?:\d{4}年)?[^等，]{0,10}?(?:项目|写字楼|楼宇|综合体|道路|公路|桥梁)(?:\d+个)?")
_OTHER_MARKER = re.compile(r"等[\u4e00-\u9fff]{0,4}?(?:企业|单位|活动|平台|文件|机构|品牌|展会|赛事|业态|环节|领域|产品)$")


def clause_candidates(clause: str, offset: int, previous: Candidate | None):
    """Objects of the status verbs of one clause, with the status they get."""
    lex = status_lexicon()
    if not lex.cue.search(clause):
        return [], None
    stripped = clause.lstrip()
    offset += len(clause) - len(stripped)
    clause = stripped.rstrip()
    locative = _LOCATIVE.match(clause)
    if locative:  # 在与四川泸县交界处建成X: the place before the verb is not the object
        offset += locative.end()
        clause = clause[locative.end() :]
    if len(clause) < 3:
        return [], None
    visited = _visited(clause, offset)
    if visited:
        return visited, None
    lead_match = lex.lead.match(clause)
    lead = lead_match.group() if lead_match else ""
    body_start = len(lead)
    tail_match = lex.tail.search(clause, body_start)
    tail = tail_match.group() if tail_match else ""
    body_end = tail_match.start() if tail_match else len(clause)
    body = clause[body_start:body_end]

    # the marker: 等项目, 等17个项目, 等重大前期项目; what follows it is the predicate (通过国家审核)
    marked = False
    predicate = ""
    found = _MARKER.search(body)
    if found:
        marked = True
        predicate = body[found.start() :]
        body = body[: found.start()]
    elif _OTHER_MARKER.search(body):
        return [], None
    elif body.endswith("等"):
        body = body[:-1]

    # a verb outside the status vocabulary opens the object: 有力保障A等项目 → A; 加强X建设 is no project
    verb = _VERB_LEAD.match(body)
    if verb is None and marked:  # 为A、B等项目办结手续: the preposition governs the list, it opens no name
        verb = _preposition_lead().match(body)
    if verb:
        if not marked:
            return [], None
        investment = bool(_INVESTMENT.search(verb.group()))
        body_start += verb.end()
        body = body[verb.end() :]
        again = lex.lead.match(body)  # 计划完成S326线…改建工程: the status verb after the other verb
        if again:
            lead += again.group()
            body_start += again.end()
            body = body[again.end() :]

    else:
        investment = False
    lead_tokens, tail_tokens = tokens(lead), tokens(tail) + tokens(predicate)
    status, status_text, strong, work = status_of(lead_tokens, tail_tokens, lead, tail)
    if not work and not marked:
        return [], None
    if not marked and not lead_tokens and not any(t in lex.codes for t in tail_tokens):
        return [], None  # only "…建设" after an unknown verb: 加强灌溉供水管网建设
    if not lead and not tail and previous is not None and not predicate.strip("等项目0123456789个"):
        status, status_text, strong = previous.status, previous.status_text, previous.strong
    if status is None:
        status = DEFAULT_STATUS
    if not body:
        return [], None
    template = Candidate("", 0, 0, status, status_text, strong, marked)
    # 综合保税区建设二期项目建设及三期项目前期工作: two objects, each with its own verb
    joints = list(_VERB_AND.finditer(body)) if (lead and tail) else []
    if not joints:
        found = _split(body, offset + body_start, template)
        if investment:  # 新引进华锐电驱、鑫德精密等项目: a short name is the investor, a long one its project
            found = [c for c in found if len(c.name) >= _INVESTED_PROJECT or FACILITY_END.search(c.name)]
        return found, template
    candidates, start = [], 0
    for joint in [*joints, None]:
        end = joint.start() if joint else len(body)
        if joint:
            piece_status = status_of(lead_tokens, [joint.group(1)], lead, joint.group(1))[0]
        else:
            piece_status = status_of([], tail_tokens, "", tail)[0]
        piece = Candidate("", 0, 0, piece_status or status, status_text, strong, marked)
        candidates.extend(_split(body[start:end], offset + body_start + start, piece))
        start = joint.end() if joint else end
    return candidates, template


@cache
def _preposition_lead() -> re.Pattern:
    return re.compile("^(?:" + alternation(_words()["object_prepositions"]) + r")(?=[\u4e00-\u9fffA-Z\d]{4})")


def status_of(lead_tokens: list[str], tail_tokens: list[str], lead: str, tail: str):
    """(status code, the verb text, a full status phrase was used, the clause speaks of building at all)."""
    lex = status_lexicon()
    all_tokens = lead_tokens + tail_tokens
    coded = [t for t in all_tokens if t in lex.codes]
    strong = any(t in lex.phrases or t in _STRONG_MILESTONES for t in all_tokens)
    composed = [a + b for a in lead_tokens for b in tail_tokens if a + b in lex.phrases]
    if composed:
        strong = True
        coded.append(composed[0])
        tail_tokens = [composed[0], *tail_tokens]
    work = bool(coded) or _CONSTRUCTION in all_tokens
    text = (lead + tail).strip()
    if not work:
        return None, "", False, False
    codes = [lex.codes[t] for t in coded]
    if _PLANNING in codes:
        return _PLANNING, text, strong, True
    for token in lead_tokens + tail_tokens:
        if token in ("封顶", "主体"):
            return _MILESTONES[token], text, strong, True
    for token in tail_tokens:
        if token in lex.codes:
            return lex.codes[token], text, strong, True
    for token in reversed(lead_tokens):
        if token in lex.codes:
            return lex.codes[token], text, strong, True
    return DEFAULT_STATUS, text, strong, True


def _split(body: str, offset: int, template: Candidate) -> list[Candidate]:
    """The enumeration A、B、C as candidates with their spans; 、 inside brackets or quotes does not split."""
    # a descriptor before the name: 渝西地区规模最大的展馆——永川国际会展中心, 全市首个X
    dash = _APPOSITIVE.match(body)
    if dash and len(body) - dash.end() >= 4:
        offset += dash.end()
        body = body[dash.end() :]
    if "的" in body:
        k = body.rfind("的")
        if len(body) - k > 4:
            offset += k + 1
            body = body[k + 1 :]
    parts: list[tuple[str, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(body):
        if ch in "（(“":
            depth += 1
        elif ch in "）)”":
            depth = max(0, depth - 1)
        elif ch == "、" and depth == 0:
            parts.append((body[start:i], offset + start))
            start = i + 1
    parts.append((body[start:], offset + start))
    # A nested enumeration (A、B等C) is one name; so is a short item without a head (兴创炼油、化工生产…).
    if len(parts) > 1 and "等" in parts[-1][0][1:-1] and not FACILITY_END.search(parts[0][0]):
        parts = [(body, offset)]
    merged: list[tuple[str, int]] = []
    k = 0
    while k < len(parts):
        text, at = parts[k]
        if (
            k + 1 < len(parts)
            and len(parts) < _LIST_OF_NAMES
            and not template.marked  # 华昇时代、环泓商办等重大项目: the list is called projects, item by item
            and len(text) <= 4
            and not FACILITY_END.search(text)
            and not _ROUTE.search(text)
            and not _COUNT_ANY.search(text)
        ):
            nxt, _ = parts[k + 1]
            merged.append((text + "、" + nxt, at))
            k += 2
            continue
        merged.append((text, at))
        k += 1
    if merged and _generic_lead(merged[0][0].strip()):
        return []  # 建设一批村级大院、乡村书院…: the quantifier covers the whole list
    shared = _SHARED_HEAD.search(merged[-1][0]) if len(merged) > 1 else None
    if shared is not None:  # A、B两条高速公路 → A高速公路, B高速公路
        head = shared.group("head")
        last_text, last_at = merged[-1]
        merged = [(text + head, at) for text, at in merged[:-1]] + [(last_text[: shared.start()] + head, last_at)]
    result = []
    for text, at in merged:
        name, lead_cut = _clean(text)
        if name:
            result.append(
                Candidate(name, at + lead_cut, at + lead_cut + len(name), template.status, template.status_text,
                           template.strong, template.marked)
            )
    return result


_INVESTMENT = re.compile(r"引进|签约|招引|落户")
_INVESTED_PROJECT = 8  # characters: 元宇宙混合现实技术展演场景应用 is a project, 华锐电驱 its investor
_LIST_OF_NAMES = 3  # a list this long is of names, each its own (中洲中心、会展时代、富盈国际大厦…)
_STAGE_TRAIL = re.compile(r"(?:(?:前期|前期工作|建设进度|工程量)(?:及[\u4e00-\u9fff]{1,4})?)$")
# 实地观摩了A、B项目、C项目: the places a visit sees are projects (their status is not said)
_VISIT = re.compile(r"(?:实地)?(?:观摩|考察|视察|察看|参观|调研|走访|巡查|检阅|督查|督导)(?:了)?")
_VISIT_END = re.compile(r"(?:现场|工地|建设现场|施工现场)$")
# 开建梁平至开州、梁平至四川开江两条高速公路: a count and a head after a list name each item's kind
_SHARED_HEAD = re.compile(r"(?:两|三|四|五|六|七|八|九|十|\d+)(?:条|座|个|所|处)(?P<head>[\u4e00-\u9fff]{2,6})$")


def _visited(clause: str, offset: int) -> list[Candidate]:
    """实地观摩了A、B项目、C项目 / 观摩嘉陵区黄金江岸项目现场: the projects a visit sees."""
    visits = list(_VISIT.finditer(clause))
    if not visits:
        return []
    visit = visits[-1]  # 督查组一行还实地督查了…: the verb nearest the list
    body = _VISIT_END.sub("", clause[visit.end():])
    if "、" not in body and not body.endswith("项目"):
        return []
    template = Candidate("", 0, 0, None, "", False, True)
    pieces = re.split(r"及(?=[\u4e00-\u9fff]{4})", body)  # A项目、B工程及C: the last item after 及
    result, at = [], offset + visit.end()
    for piece in pieces:
        result += [c for c in _split(piece, at, template) if c.name.endswith("项目") or FACILITY_END.search(c.name)]
        at += len(piece) + 1
    return result


def _clean(text: str) -> tuple[str, int]:
    """Trim a candidate name; returns it and how many characters were cut at its start."""
    original = text
    text = text.strip()
    after_project = _AFTER_PROJECT.search(text)
    if after_project and not FACILITY_END.search(text):
        text = text[: after_project.start() + 2]  # X项目满负荷 (运行): the name ends at 项目
    cut = len(original) - len(original.lstrip())
    descriptor = _DESCRIPTOR.match(text)
    if descriptor and len(text) - descriptor.end() >= 4:
        cut += descriptor.end()
        text = text[descriptor.end() :]
    text = _MEASURE_TRAIL.sub("", text)
    text = _ONE_TRAIL.sub("", text)
    text = _STAGE_TRAIL.sub("", text)  # 綦江安稳至习水高速前期及招商, 渝赤叙高速建设进度: the stage, not the name
    designation = _DESIGNATION.match(text)
    if designation and len(text) - designation.end() >= 4 and FACILITY_END.search(text):
        cut += designation.end()
        text = text[designation.end() :]
    return text, cut

