"""A notice's own document: what 关于印发《X》的通知 issues, and who issues it.

Notices (the `notice` genre) are titled `<issuer>关于印发《X》的通知` or `<issuer>关于印发X的通知`; the
policy is X (the document the notice sends out), issued (印发) by the body the title opens with, else by
the document's author line. A notice that sends no document (`关于开展…工作的通知`) is itself the policy.
"""

from __future__ import annotations

import re

from loaders.cues import organisation_entity, paragraph_evidence, section_year, years_in
from loaders.pipeline import extractor

_ISSUING = re.compile(r"^(?P<issuer>.*?)关于(?P<verb>印发|转发|下达|公布|发布)?(?P<title>.+?)的?通知$")
_QUOTED = re.compile(r"^[《〈](.+)[》〉]$")
_SPACES = re.compile(r"\s+")
_BRACKETS = re.compile(r"[《》〈〉]")
_OPENING = 20  # the lines a notice's title is looked for in
_MAX_TITLE = 120


@extractor("notice_title", needs=("document", "organisations"))
def extract_notice_title(context) -> None:
    facts = context.document
    found = _notice_line(context)
    if found is None:
        return
    match, paragraph = found
    title = match.group()
    inner = match.group("title")
    quoted = _QUOTED.match(inner)
    name = quoted.group(1) if quoted else inner
    if not match.group("verb"):
        name = title  # 关于开展…的通知: the notice is the document
    facts.title = facts.title or title
    name = _BRACKETS.sub("", name)  # 2023年区《政府工作报告》确定的…方案: the quoted words are part of the name
    if len(name) < 4:
        return
    start = paragraph.text.find(name[:4])
    evidence = paragraph_evidence(context, paragraph, max(start, 0), max(start, 0) + len(name)) if start >= 0 \
        else paragraph_evidence(context, paragraph)
    years = years_in(name)
    policy = context.extraction.add_entity(
        "Policy", name, evidence, action=match.group("verb") or "印发",
        year=years[0] if years else section_year(context, paragraph=paragraph),
    )
    issuer_name = match.group("issuer") or _issuer_line(context, paragraph) or (facts.author[0] if facts.author else None)
    issuer = organisation_entity(context, issuer_name, evidence) if issuer_name else None
    if issuer is not None:
        context.extraction.relate(policy, "ISSUED_BY", issuer, evidence)


def _notice_line(context):
    """The notice's own title among the opening lines: one line, or two or three short ones joined
    (关于印发…的 / 通 知), as (match, first paragraph)."""
    paragraphs = [p for p in context.segmented.paragraphs[:_OPENING] if not p.furniture]
    for k, paragraph in enumerate(paragraphs):
        joined = ""
        for follower in paragraphs[k : k + 3]:
            joined += _SPACES.sub("", follower.text)
            if len(joined) > _MAX_TITLE:
                break
            match = _ISSUING.match(joined)
            if match is not None:
                return match, paragraph
    return None


def _issuer_line(context, paragraph) -> str | None:
    """The body named on its own line right above the title (重庆市渝北区人民政府办公室 / 关于印发…)."""
    index = paragraph.index
    if index == 0:
        return None
    above = context.segmented.paragraphs[index - 1]
    name = _SPACES.sub("", above.text)
    return name if context.organisations.resolve(name) is not None else None
