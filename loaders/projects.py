"""Named projects: what a status verb is done to, with the year of the section and the cluster around it.

A clause (between ，；：。) names projects in one of two shapes:

    lead verbs + objects [等项目]          开工建设A、B等项目 / 建成投用C / 启动D建设 / 做好E、F前期工作
    objects [等项目] + tail verbs          推动G等项目加快建设 / H建成投用 / I前期工作加快推进

The verbs are the status phrases of the ontology (`project_statuses()`) and their two-character stems
(启动 from 启动建设, 规划 from 规划建设, 工作 from 前期工作 …); a stem shared by two statuses (建设) only says
"construction". A few milestones the ontology does not list (封顶, 通车, 完成 …) refine the status.

An object is a project when it is named, not generic: no count (204个, 12个), not a noun the document counts
elsewhere (口袋公园6个 → 口袋公园 is a kind, not a name), not led by a quantifier (一批, 重点 …), and headed
by a facility noun (项目, 工程, 产业园, 基地, 中心, 医院, 学院, 生产线, 电站, 管道, 高速, 铁路, 枢纽 …) — or,
after a full status phrase, marked by 等项目 or listed under an industry cluster.

Tables of projects (序号 / 项目名称 / 计划任务 / 完成情况, tab per cell) give one project per row
(category from the caption, e.g. 民生实事), plus the named facilities their cells report on
(云谷幼儿园：已完工投用; 完成6个口袋公园（A、B…）).

Year: the nearest heading's year, else the sentence's, else the document's. A project reported in
several years (under construction in the 2023 review, to be completed in the 2024 plan) is one node:
its year and status are those of the latest report; every report stays as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from loaders.cues import (
    Table,
    find_organisations,
    paragraph_evidence,
    read_tables,
    row_cells,
    section_year,
    sentences_by_paragraph,
    table_columns,
    years_in,
)
from loaders.model import Evidence
from ontology import project_statuses

DEFAULT_STATUS = "under_construction"  # a project named with 建设 / 等项目 and no status verb is being built
_PLANNING = "planning"



@cache
def _words() -> dict:
    """The word lists of data/projects.yaml (milestones, neutral verbs, prepositions, facility nouns)."""
    text = resources.files("loaders").joinpath("data", "projects.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


# Milestones the ontology does not list as status phrases, mapped to its statuses.
_MILESTONES: dict[str, str] = dict(_words()["milestones"])
_ADVERBS = (
    "加快|积极|全面|顺利|正式|相继|陆续|有序|基本|稳步|深入|先后|如期|早日|尽快|加速|全力|大力|扎实|持续|继续"
    "|力争|确保|争取|努力|着力|抓紧|同步|进一步|协调|配合|推动|抓好|做好|开展|实施|新建|改建|扩建|筹建|结构|放量"
    "|运行|要|将|并|已|均|基本|全部|重点|统筹|" + "|".join(_words()["neutral_verbs"])
)
_CONSTRUCTION = "建设"

_FACILITY = "(?:" + "|".join(
    re.escape(w) for w in sorted(set(_words()["facility_nouns"]), key=len, reverse=True)
) + ")"
_PHASE = r"(?:[（(][^（）()]{1,12}[）)]|[一二三四五六七八九十\d]+期|[A-Z]段|线路工程|工程)*"
_ACTION_END = r"(?:改扩建|扩建|改建|迁建|新建|建设|改造|提升|整治|修复|升级)?"
_FACILITY_END = re.compile(rf"{_FACILITY}{_PHASE}{_ACTION_END}{_PHASE}$")
_SOFT_FACILITY = re.compile(rf"(?:平台|城){_PHASE}{_ACTION_END}$")  # also names of systems and visions
_ROUTE = re.compile(r"[\u4e00-\u9fffA-Z\d]{2,}至[\u4e00-\u9fff]{2,}")
_PRODUCTION = re.compile(r"(?:生产|制造|加工|液化|改建|项目)$")
_CAPACITY = re.compile(r"年产(?:能)?\d")  # 年产800吨X生产: a product line named by its capacity
_STRONG_MILESTONES = frozenset(_words().get("strong_milestones", ()))

_CLASSIFIER = r"(?:个|座|所|处|家|条|户|批|项|套|台|只|口|宗|辆|名|人|张|场|次)"
_COUNT_ANY = re.compile(rf"(\d+(?:\.\d+)?|[两三四五六七八九十百千]+)余?{_CLASSIFIER}")
_COUNT_LEAD = re.compile(rf"^(?:\d+(?:\.\d+)?|[一两二三四五六七八九十百千]+)余?{_CLASSIFIER}")
_MEASURE_TRAIL = re.compile(r"\d+(?:\.\d+)?余?(?:公里|千米|米|平方米|万平方米|亩|万亩|千瓦|万千瓦)$")
_ONE_TRAIL = re.compile(r"1(?:个|座|所|处|家)$")
_GENERIC_LEAD = re.compile(
    r"^(?:一批|一些|各类|各项|相关|有关|重点|若干|多个|全区|全市|各镇|各级|所有|其他|其它|部分|农村|城乡|城区|城镇|乡村|全域|现代|区域性?)"
)
# an ordinal after the lead makes the name specific: 城区第二水厂 is one plant, 城区水厂 a kind
_ORDINAL = re.compile(rf"第[一二三四五六七八九十\d]+(?!{_CLASSIFIER}|届|期|轮)")


def _generic_lead(name: str) -> bool:
    lead = _GENERIC_LEAD.match(name)
    return bool(lead) and not _ORDINAL.match(name, lead.end())


# verbs outside the status vocabulary that open an object (有力保障A等项目) or show it is no project (加强X建设)
_VERB_LEAD = re.compile(
    r"^(?:有力|积极|全力|大力|更好|新|高标准)?(?:保障|支持|加强|吸引|打造|依托|引导|鼓励|完善|优化|提升|强化|深化|探索|培育|发展|参与|落实"
    r"|用好|利用|储备|引进|服务|围绕|聚焦|整合|盘活|推广|争创|创建|申报|组织|举办|谋划|配合)"
)
_LOCATIVE = re.compile(r"^在[^，,；;、]{1,16}?(?:处|内|中|旁|边|里|附近|一带|周边)")
_VERB_AND = re.compile(r"(建设|工作)及")
_SAME_PROJECT = re.compile(r"(?:建设)?项目$")
_AFTER_PROJECT = re.compile(r"项目(?![\u4e00-\u9fff]*(?:试点|示范|城市|[区县镇村]$))[\u4e00-\u9fff]{1,4}$")
_APPOSITIVE = re.compile(r"^[^—]*(?:的|首个|首家|最大|唯一|项目)[^—]*——?")
_DESIGNATION = re.compile(rf"^(?:国家|全国|市级|省级)[\u4e00-\u9fff]{{2,10}}?{_FACILITY}(?=[\u4e00-\u9fff]{{2}})")
_DESCRIPTOR = re.compile(r"^.*?(?:首个|首家|首条|唯一的?|最大的?|领先的?)")
_COUNTED_NOUN = re.compile(rf"(?:\d+(?:\.\d+)?|[两三四五六七八九十百千]+)余?{_CLASSIFIER}([\u4e00-\u9fff]{{2,10}})")
# The noun is the 2–10 Chinese characters just before the number (a digit is not one of them, so only
# the whole run up to the digit can match). Possessive {2,10}+ says so: at each of the many positions
# where no number follows, the regex fails at once instead of backtracking through nine shorter nouns.
_NOUN_COUNTED = re.compile(rf"([\u4e00-\u9fff]{{2,10}}+)(?=\d)(?:\d+(?:\.\d+)?)余?{_CLASSIFIER}")
_MARKER = re.compile(r"等(?:\d+个)?(?:\d{4}年)?[^等，]{0,10}?项目(?:\d+个)?")
_OTHER_MARKER = re.compile(r"等[\u4e00-\u9fff]{0,4}?(?:企业|单位|活动|平台|文件|机构|品牌|展会|赛事|业态|环节|领域|产品)$")
_TRAILING_DENG = re.compile(r"等$")
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")


@dataclass(frozen=True)
class _Lexicon:
    codes: dict[str, str]  # phrase or stem → status code
    phrases: frozenset[str]
    lead: re.Pattern
    tail: re.Pattern
    cue: re.Pattern  # any word that can make a clause speak of a project
    words: tuple[str, ...]  # every token, longest first


@cache
def _lexicon() -> _Lexicon:
    phrase_codes: dict[str, str] = {}
    stem_codes: dict[str, set[str]] = {}
    for code, status in project_statuses().items():
        for phrase in status.phrases:
            phrase_codes[phrase] = code
            chunks = [phrase[i : i + 2] for i in range(0, len(phrase) - 1, 2)]
            if len(phrase) % 2:
                chunks.append(phrase[-2:])
            for chunk in chunks:
                stem_codes.setdefault(chunk, set()).add(code)
    codes = {stem: next(iter(c)) for stem, c in stem_codes.items() if len(c) == 1}
    codes.update(phrase_codes)
    codes.update({k: v for k, v in _MILESTONES.items() if k not in codes})
    words = sorted({*codes, *stem_codes, *_ADVERBS.split("|"), _CONSTRUCTION}, key=len, reverse=True)
    token = "|".join(re.escape(w) for w in words)
    return _Lexicon(
        codes=codes,
        phrases=frozenset(phrase_codes),
        lead=re.compile(rf"^(?:{token})+"),
        tail=re.compile(rf"(?:{token})+$"),
        cue=re.compile("|".join(re.escape(w) for w in sorted({*codes, _CONSTRUCTION, "项目"}, key=len, reverse=True))),
        words=tuple(words),
    )


def _tokens(run: str) -> list[str]:
    """Split a run of verb/adverb tokens (longest first); other characters are skipped."""
    return list(_token_tuple(run))


@lru_cache(maxsize=16384)
def _token_tuple(run: str) -> tuple[str, ...]:
    words = _lexicon().words
    result, i = [], 0
    while i < len(run):
        for w in words:
            if run.startswith(w, i):
                result.append(w)
                i += len(w)
                break
        else:
            i += 1
    return tuple(result)


@dataclass(slots=True)
class _Candidate:
    name: str
    start: int  # offsets in the sentence text
    end: int
    status: str | None
    status_text: str
    strong: bool
    marked: bool


@dataclass(slots=True)
class _Record:
    label: str
    year: int | None
    evidence: Evidence
    attributes: dict
    cluster: object | None = None
    sentence: object | None = None
    candidate: _Candidate | None = None


def extract_projects(context) -> None:
    counted = _counted_nouns(context.segmented.text)
    records: list[_Record] = []
    table_paragraphs: set[int] = set()
    for table in read_tables(context):
        for row in table.rows:
            for cell in row:
                table_paragraphs.update(p.index for p in cell.paragraphs)
        records.extend(_table_projects(context, table, counted))

    clusters = (context.notes.get("clusters") or {}).get("by_paragraph", {})
    by_paragraph = sentences_by_paragraph(context)
    for sentence in context.sentences:
        paragraph = sentence.paragraph
        if paragraph.index in table_paragraphs or paragraph.indented or _is_heading(paragraph):
            continue
        text = sentence.text
        if _is_topic_sentence(sentence, by_paragraph):
            continue
        cluster = clusters.get(paragraph.index)
        year = None
        previous: _Candidate | None = None
        for match in _CLAUSE.finditer(text):
            if match.end() < len(text) and text[match.end()] in "：:" and _is_run_in_heading(sentence, match):
                continue
            candidates, previous = _clause_candidates(match.group(), match.start(), previous)
            for candidate in candidates:
                if not _accept(candidate, counted, cluster is not None):
                    continue
                year = year or section_year(context, sentence)
                evidence = sentence.evidence(context.source.id, candidate.start, candidate.end)
                attributes = {"status": candidate.status, "statusText": candidate.status_text or None, "year": year}
                records.append(_Record(candidate.name, year, evidence, attributes, cluster, sentence, candidate))
    _emit(context, records)


def _is_heading(paragraph) -> bool:
    """A heading or headline: set apart by layout and no sentence in it."""
    return paragraph.standalone and "。" not in paragraph.text


def _is_topic_sentence(sentence, by_paragraph) -> bool:
    """区域消费中心加快建设。 / 聚焦数字赋能，谋划优服智管平台。 opening a paragraph that then gives the
    details: a topic line, not a fact."""
    siblings = by_paragraph.get(sentence.paragraph.index, ())
    return sentence.index_in_paragraph == 0 and len(siblings) > 1 and len(sentence.text) <= 20


def _is_run_in_heading(sentence, match) -> bool:
    """西部职教基地建设：… — the words before a colon opening a paragraph name its topic."""
    return sentence.index_in_paragraph == 0 and match.start() == 0


def _emit(context, records: list[_Record]) -> None:
    """Add the projects; X建设项目 / X项目 reported beside X (same year) is X."""
    extraction = context.extraction
    labels = {(r.label, r.year) for r in records}
    # Latest year first: add_entity keeps the first value of an attribute, and the latest report is the
    # project's current state.
    for record in sorted(records, key=lambda r: -(r.year or 0)):
        base = _SAME_PROJECT.sub("", record.label)
        if base != record.label and (base, record.year) in labels:
            record.attributes = {"year": record.year}
            aliases = {record.label}
            label = base
        else:
            aliases = set()
            label = record.label
        project = extraction.add_entity(
            "Project", label, record.evidence, aliases=aliases,
            **record.attributes,
        )
        if record.cluster is not None:
            extraction.relate(project, "IN_CLUSTER", record.cluster, record.evidence)
        if record.candidate is not None:
            _locate(context, record.sentence, project, record.candidate)


# ---------------------------------------------------------------------------------------------- clauses


def _clause_candidates(clause: str, offset: int, previous: _Candidate | None):
    """Objects of the status verbs of one clause, with the status they get."""
    lex = _lexicon()
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
        body_start += verb.end()
        body = body[verb.end() :]

    lead_tokens, tail_tokens = _tokens(lead), _tokens(tail) + _tokens(predicate)
    status, status_text, strong, work = _status(lead_tokens, tail_tokens, lead, tail)
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
    template = _Candidate("", 0, 0, status, status_text, strong, marked)
    # 综合保税区建设二期项目建设及三期项目前期工作: two objects, each with its own verb
    joints = list(_VERB_AND.finditer(body)) if (lead and tail) else []
    if not joints:
        return _split(body, offset + body_start, template), template
    candidates, start = [], 0
    for joint in [*joints, None]:
        end = joint.start() if joint else len(body)
        if joint:
            piece_status = _status(lead_tokens, [joint.group(1)], lead, joint.group(1))[0]
        else:
            piece_status = _status([], tail_tokens, "", tail)[0]
        piece = _Candidate("", 0, 0, piece_status or status, status_text, strong, marked)
        candidates.extend(_split(body[start:end], offset + body_start + start, piece))
        start = joint.end() if joint else end
    return candidates, template


@cache
def _preposition_lead() -> re.Pattern:
    words = sorted(_words()["object_prepositions"], key=len, reverse=True)
    return re.compile("^(?:" + "|".join(re.escape(w) for w in words) + r")(?=[\u4e00-\u9fffA-Z\d]{4})")


def _status(lead_tokens: list[str], tail_tokens: list[str], lead: str, tail: str):
    """(status code, the verb text, a full status phrase was used, the clause speaks of building at all)."""
    lex = _lexicon()
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


def _split(body: str, offset: int, template: _Candidate) -> list[_Candidate]:
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
    if len(parts) > 1 and "等" in parts[-1][0][1:-1] and not _FACILITY_END.search(parts[0][0]):
        parts = [(body, offset)]
    merged: list[tuple[str, int]] = []
    k = 0
    while k < len(parts):
        text, at = parts[k]
        if (
            k + 1 < len(parts)
            and len(text) <= 4
            and not _FACILITY_END.search(text)
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
    result = []
    for text, at in merged:
        name, lead_cut = _clean(text)
        if name:
            result.append(
                _Candidate(name, at + lead_cut, at + lead_cut + len(name), template.status, template.status_text,
                           template.strong, template.marked)
            )
    return result


def _clean(text: str) -> tuple[str, int]:
    """Trim a candidate name; returns it and how many characters were cut at its start."""
    original = text
    text = text.strip()
    after_project = _AFTER_PROJECT.search(text)
    if after_project and not _FACILITY_END.search(text):
        text = text[: after_project.start() + 2]  # X项目满负荷 (运行): the name ends at 项目
    cut = len(original) - len(original.lstrip())
    descriptor = _DESCRIPTOR.match(text)
    if descriptor and len(text) - descriptor.end() >= 4:
        cut += descriptor.end()
        text = text[descriptor.end() :]
    text = _MEASURE_TRAIL.sub("", text)
    text = _ONE_TRAIL.sub("", text)
    designation = _DESIGNATION.match(text)
    if designation and len(text) - designation.end() >= 4 and _FACILITY_END.search(text):
        cut += designation.end()
        text = text[designation.end() :]
    return text, cut


# ---------------------------------------------------------------------------------------------- named or generic


@dataclass(frozen=True, slots=True)
class _Counted:
    """Nouns the document counts, as sets of their prefixes and short suffixes (one lookup per name)."""

    nouns: frozenset[str]
    prefixes: frozenset[str]
    suffixes: frozenset[str]

    def __contains__(self, name: str) -> bool:
        return name in self.prefixes or (len(name) <= 6 and name in self.suffixes)


def _counted_nouns(text: str) -> _Counted:
    """Nouns the document counts (6个口袋公园, 建成小微停车场45个): kinds of things, not names."""
    nouns = set()
    for match in _COUNTED_NOUN.finditer(text):
        nouns.add(match.group(1))
    for match in _NOUN_COUNTED.finditer(text):
        noun = match.group(1)
        if not noun.endswith("等"):  # 汽摩产业园一期等18个项目: an example of the count, not a kind
            nouns.add(noun)
    prefixes = {noun[:k] for noun in nouns for k in range(1, len(noun) + 1)}
    suffixes = {noun[-k:] for noun in nouns for k in range(1, min(6, len(noun)) + 1)}
    return _Counted(frozenset(nouns), frozenset(prefixes), frozenset(suffixes))


def _generic(name: str, counted: _Counted) -> bool:
    if len(name) < 4:
        return True
    if _COUNT_LEAD.match(name) or _generic_lead(name):
        return True
    for count in _COUNT_ANY.finditer(name):
        value = count.group(1)
        if not value.isdigit() or int(value) >= 2 or count.start() == 0:
            return True
    if any(ch in name for ch in "，；。："):
        return True
    return name in counted


def _accept(candidate: _Candidate, counted: _Counted, in_cluster: bool) -> bool:
    name = candidate.name
    if _generic(name, counted):
        return False
    if _SOFT_FACILITY.search(name) and not candidate.strong:
        return False
    if _FACILITY_END.search(name) or _ROUTE.search(name):
        return True
    if candidate.strong and (candidate.marked or in_cluster):
        return True
    if candidate.strong and _CAPACITY.search(name) and _PRODUCTION.search(name):
        return True  # 年产800吨X生产实现投产: a product line, named by what and how much it produces
    return bool(candidate.marked and _PRODUCTION.search(name))


# ---------------------------------------------------------------------------------------------- tables

_PROJECT_ROLES = {
    "index": re.compile(r"序号|编号"),
    "name": re.compile(r"名称|项目|事项|内容"),
    "plannedTask": re.compile(r"计划|任务|目标|建设内容"),
    "completion": re.compile(r"完成|进展|进度|执行"),
}
_SUBITEM = re.compile(r"^(?:\d+[.．、])?\s*([^：:，。；]{3,24})[：:]")
_PAREN_LIST = re.compile(r"[（(]([^（）()]+、[^（）()]+)[）)]")
_AND = re.compile(r"[和及与]")


def _table_projects(context, table: Table, counted: _Counted) -> list[_Record]:
    records: list[_Record] = []
    columns = table_columns(table, _PROJECT_ROLES)
    if "name" not in columns or "index" not in columns:
        return records
    if not any(r in columns for r in ("plannedTask", "completion")):
        return records
    caption = table.caption_text
    category = _category(caption)
    year_list = years_in(caption)
    completed = "completion" in columns
    for r in range(len(table.rows)):
        cells = row_cells(table, r)
        values = {role: cell for role, cell in zip(columns, cells, strict=False) if role and cell is not None}
        name_cell = values.get("name")
        if name_cell is None:
            continue
        paragraph = name_cell.paragraphs[0]
        year = year_list[0] if year_list else section_year(context, paragraph=paragraph)
        evidence = paragraph_evidence(context, paragraph)
        planned = values.get("plannedTask")
        done = values.get("completion")
        status = "completed" if completed and done is not None else None
        attributes = {
            "status": status,
            "year": year,
            "category": category,
            "plannedTask": planned.text if planned else None,
            "completion": done.text if done else None,
        }
        records.append(_Record(name_cell.text, year, evidence, attributes))
        # named facilities the completion cell reports on
        if done is not None:
            for line_paragraph in done.paragraphs:
                records.extend(_cell_subitems(context, line_paragraph, counted, status, year))
    return records


def _category(caption: str) -> str | None:
    text = re.sub(r"^(?:表|附表|专栏)\s*[\d一二三四五六七八九十]+[：:\s]*", "", caption)
    text = re.sub(r"\d{4}年(?:度)?", "", text)
    text = re.sub(r"(?:完成|执行|进展)?情况表?$|表$|清单$|一览$", "", text).strip()
    text = re.sub(r"^\d+件", "", text)
    return text or None


def _cell_subitems(context, paragraph, counted: _Counted, status: str | None, year: int | None) -> list[_Record]:
    """云谷幼儿园：已完工投用 (status from the words after the colon); 完成6个口袋公园（A、B…和F）."""
    text = paragraph.text
    names: list[tuple[str, int, str | None]] = []
    head = _SUBITEM.match(text)
    if head:
        after = text[head.end() :]
        own = _status([], [t for t in _tokens(_word_run(after))], "", after)[0]
        names.append((head.group(1), head.start(1), own))
    for group in _PAREN_LIST.finditer(text):
        inner_start = group.start(1)
        position = inner_start
        for piece in re.split(r"、", group.group(1)):
            pieces = _AND.split(piece) if _FACILITY_END.search(piece) else [piece]
            sub_at = position
            for sub in pieces:
                names.append((sub, sub_at, None))
                sub_at += len(sub) + 1
            position += len(piece) + 1
    records = []
    for name, at, own in names:
        name = name.strip()
        if _generic(name, counted) or not _FACILITY_END.search(name):
            continue
        evidence = paragraph_evidence(context, paragraph, at, at + len(name))
        records.append(_Record(name, year, evidence, {"status": own or status, "year": year}))
    return records


def _word_run(text: str) -> str:
    """The status words of a short report (已完工投用, 主体工程完工): lexicon words in order, joined."""
    lex = _lexicon()
    found = sorted((text.find(w), w) for w in lex.codes if len(w) >= 2 and w in text)
    return "".join(w for _, w in found)


# ---------------------------------------------------------------------------------------------- location

_PLACE_TYPES = frozenset({"Park", "Town", "Subdistrict", "Village", "Community"})


def _locate(context, sentence, project, candidate: _Candidate) -> None:
    """LOCATED_IN a park or town whose name the project's name contains."""
    if context.organisations is None:
        return
    for mention in find_organisations(context, sentence):
        kind = getattr(mention, "type", None)
        begin, end = getattr(mention, "begin", -1), getattr(mention, "end", -1)
        if kind not in _PLACE_TYPES or not (candidate.start <= begin and end <= candidate.end):
            continue
        if end - begin >= candidate.end - candidate.start:
            continue  # the project is the park itself
        entity = context.organisations.entity_for(mention.label, sentence.evidence(context.source.id, begin, end))
        if entity is not None:
            context.extraction.relate(
                project, "LOCATED_IN", entity, sentence.evidence(context.source.id, candidate.start, candidate.end)
            )
