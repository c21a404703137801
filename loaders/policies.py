"""Policies: the titles written in 《…》, with the verb done to them, their year and their issuer.

Not every 《…》 is a policy. A newspaper, programme or broadcast (《人民日报》, 《焦点访谈》, 《重庆新闻联播》)
ends like an outlet (…报, …台, …联播, …访谈, …半小时, …新闻) or is cited as the one that reported
(《…》整版报道, 被《…》报道); a report (…报告) is neither a policy nor media. Nor is a work — a film, show or
book — named by its genre right before the title (纪录片《…》, 大型舞剧《…》) or shown in its clause
(《…》在…播出, 《…》登上…舞台): word lists in data/policies.yaml.

    印发实施《A》《B》等文件       → A and B, action 印发实施 (the verbs right before the first title)
    区经济信息委研究制定《C》      → issuer 区经济信息委
    (in a speech) 研究制定《C》     → issuer the speaking organisation
    落实市交通运输委印发的《E》     → issuer 市交通运输委, action 落实
    与四川泸县毗卢镇签订《D协议》  → issuer the speaker's organisation, PARTNERS_WITH 毗卢镇

Year: the first year in the title, else the section's (heading, sentence, document).
"""

from __future__ import annotations

import re
from functools import cache

from loaders.cues import (
    find_organisations,
    organisation_entity,
    section_year,
    speech_org_by_paragraph,
    years_in,
)
from loaders.pipeline import extractor
from loaders.vocabulary import alternation, read_data

_TITLE = re.compile(r"《([^《》]{2,80})》")
_INNER = re.compile(r"关于(?:印发|转发)〈([^〈〉]{2,80})〉的通知$")
_MEDIA_TITLE = re.compile(
    r"(?:(?<![通公简汇预情申呈举快])报|(?<![平舞站])台|联播|访谈|半小时|新闻|频道|栏目|周刊|杂志|在线|直播间|之声)$"
)
_MEDIA_CONTEXT_AFTER = re.compile(r"^[^，。；]{0,6}?(?:报道|播出|刊发|刊登|转载|播报|专访|聚焦|点赞)")
_MEDIA_CONTEXT_BEFORE = re.compile(r"(?:被|获|经|在|登上|亮相)[^，。；《》]{0,6}$")
_REPORT = re.compile(r"报告(?:[（(][^（）()]{1,8}[）)])?$")  # …的报告, …报告（征求意见稿）
# Verbs and adverbs of what is done with a policy; the action is their run right before the title.
_ACTION_WORDS = (
    "牵头|研究制定|推进完成|印发实施|联合印发|贯彻落实|深入实施|认真落实|全面落实|组织实施|起草|印发|出台|制定|落实|实施|签订|签署|发布"
    "|修订|编制|颁布|执行|贯彻|推进|完成|审议|通过|联合|深入|认真|全面|正式|研究|积极|严格|共同|组织"
)
_ACTION = re.compile(rf"(?:{_ACTION_WORDS})+$")
_ACTION_LEAD = re.compile(rf"^(?:{_ACTION_WORDS})+")
_PARTNER = re.compile(r"与([^，。；、与]{2,20}?)(?:共同|联合)?(?:签订|签署|共建|合作)")


@extractor("policies", needs=("organisations", "document"), after=("speeches", "notice_title"))
def extract_policies(context) -> None:
    extraction = context.extraction
    document = context.source.id
    speech_orgs = speech_org_by_paragraph(context)
    for sentence in context.sentences:
        text = sentence.text
        _unquoted(context, sentence)
        if "《" not in text:
            continue
        groups = _groups(text)
        if not groups:
            continue
        mentions = None
        previous_action, previous_clause = None, -1
        for group in groups:
            first_start = group[0].start()
            before = text[:first_start]
            clause_start = max(before.rfind(c) for c in "，,。；;：:？！") + 1
            clause = before[clause_start:]
            action_match = _ACTION.search(clause)
            action = action_match.group() if action_match else None
            action_start = clause_start + (action_match.start() if action_match else len(clause))
            if action_match is None and clause.endswith("的"):
                # 落实市交通运输委印发的《…》: the issuer is written before the inner verb (印发的), the
                # document's own action opens the clause (落实)
                inner = _ACTION.search(clause[:-1])
                if inner is not None:
                    action_start = clause_start + inner.start()
                    outer = _ACTION_LEAD.match(clause)
                    action = outer.group() if outer and outer.end() <= inner.start() else inner.group()
            if action is None and clause_start == previous_clause:
                action = previous_action  # 落实《A》和国家《B》: the verb of the clause covers both
            previous_action, previous_clause = action, clause_start
            for title_match in group:
                title = title_match.group(1).strip()
                inner = _INNER.search(title)
                if inner is not None:  # 《…关于印发〈X〉的通知》: the document is X
                    title = inner.group(1).strip()
                title = _same_policy(extraction, title.replace("〈", "").replace("〉", ""))
                if _is_media(text, title_match) or _REPORT.search(title):
                    continue
                evidence = sentence.evidence(document, title_match.start(1), title_match.end(1))
                year_list = years_in(title)
                year = year_list[0] if year_list else section_year(context, sentence)
                policy = extraction.add_entity("Policy", title, evidence, action=action, year=year)
                if mentions is None:
                    mentions = find_organisations(context, sentence)
                issuer_name = None if _PARTNER.search(clause) else _issuer(mentions, action_start, text)
                if issuer_name is None and action is not None:
                    issuer_name = speech_orgs.get(sentence.paragraph.index)
                issuer = organisation_entity(context, issuer_name, evidence) if issuer_name else None
                if issuer is not None:
                    extraction.relate(policy, "ISSUED_BY", issuer, evidence)
                partner = _partner(context, sentence, clause, clause_start, mentions)
                if issuer is not None and partner is not None and partner.id != issuer.id:
                    extraction.relate(issuer, "PARTNERS_WITH", partner, evidence)


# 出台服务民营经济高质量发展21条措施: a policy named without 《》 after the verb that issues it — only when
# the name is specific (it counts its articles, or opens with a year or 若干), never 出台一系列政策措施.
_UNQUOTED = re.compile(
    r"(?:出台|印发|制定|发布|颁布)(?:了|实施)?(?P<name>[\u4e00-\u9fff\d“”（）()+—-]{4,40}?"
    r"(?:\d+条(?:措施|意见|举措|政策)?|若干(?:措施|政策|意见)|(?:实施方案|实施意见|行动方案|管理办法|实施细则|若干措施)))"
    r"(?=[，,。；;、和及]|$)"
)
_SPECIFIC = re.compile(r"\d+条|若干|^\d{4}年")


def _unquoted(context, sentence) -> None:
    for match in _UNQUOTED.finditer(sentence.text):
        name = match.group("name")
        if "《" in name or not _SPECIFIC.search(name) or name.startswith(("一系列", "系列", "相关", "有关", "各项")):
            continue
        evidence = sentence.evidence(context.source.id, match.start("name"), match.end("name"))
        years = years_in(name)
        context.extraction.add_entity("Policy", name, evidence, action=sentence.text[match.start():match.start("name")],
                                      year=years[0] if years else section_year(context, sentence))


def _same_policy(extraction, title: str) -> str:
    """The label of the policy already read that `title` names without its year (the notice's own
    2023年区政府工作报告确定的…方案, cited in its text as 《区〈政府工作报告〉确定的…方案》), else `title`."""
    for policy in extraction.of_type("Policy"):
        head = policy.label[: -len(title)] if policy.label.endswith(title) else None
        if head and _YEAR_ONLY.fullmatch(head):
            return policy.label
    return title


_YEAR_ONLY = re.compile(r"\d{4}年(?:度)?")


def _groups(text: str) -> list[list[re.Match]]:
    """Titles written one after another (《A》《B》, 《A》、《B》) share the verb before the first."""
    groups: list[list[re.Match]] = []
    last_end = -10
    for match in _TITLE.finditer(text):
        between = text[last_end : match.start()] if last_end >= 0 else None
        if groups and between is not None and between.strip("、和及与 ") == "":
            groups[-1].append(match)
        else:
            groups.append([match])
        last_end = match.end()
    return groups


@cache
def _work_patterns() -> tuple[re.Pattern, re.Pattern]:
    data = read_data("policies.yaml")
    genre = re.compile(rf"(?:{alternation(data['work_genres'])})[“”\s]*$")
    event = re.compile(rf"^[^，。；;！？]*?(?:{alternation(data['work_events'])})")
    return genre, event


def _is_work(text: str, match: re.Match) -> bool:
    """纪录片《…》 / 《…》在…播出 / 《…》登上…舞台: a film, show or book, not a policy."""
    genre, event = _work_patterns()
    return bool(genre.search(text[max(0, match.start() - 8) : match.start()]) or event.match(text, match.end()))


def _is_media(text: str, match: re.Match) -> bool:
    title = match.group(1)
    if _MEDIA_TITLE.search(title) or _is_work(text, match):
        return True
    after = text[match.end() : match.end() + 12]
    before = text[max(0, match.start() - 8) : match.start()]
    return bool(_MEDIA_CONTEXT_AFTER.match(after)) and bool(_MEDIA_CONTEXT_BEFORE.search(before) or len(title) <= 8)


def _issuer(mentions, action_start: int, text: str) -> str | None:
    """The organisation written right before the verb (区经济信息委研究制定《…》)."""
    for mention in mentions:
        end = getattr(mention, "end", -1)
        if 0 <= action_start - end <= 2 and text[end:action_start].strip("等和及") == "":
            return getattr(mention, "label", None)
    return None


def _partner(context, sentence, clause: str, clause_start: int, mentions):
    match = _PARTNER.search(clause)
    if not match:
        return None
    begin, end = clause_start + match.start(1), clause_start + match.end(1)
    inside = [m for m in mentions if begin <= getattr(m, "begin", -1) and getattr(m, "end", 10**9) <= end]
    if not inside:
        return None
    mention = max(inside, key=lambda m: (m.end, m.end - m.begin))  # the party nearest the verb: 泸县毗卢镇 → 毗卢镇
    return organisation_entity(context, mention.label, sentence.evidence(context.source.id, mention.begin, mention.end))
