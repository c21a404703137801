"""Coded programmes: a quoted number code and the noun phrase that follows it.

    着力构建现代生态高效农业“1331”发展体系     → “1331”, label 现代生态高效农业“1331”发展体系
    22个“1+5+N”民营小微企业和个体工商户金融服务港湾累计…  → label ends at the last head noun (港湾)
    深化“141警网融合”改革                         → code 141, its own programme (the quote differs)

The code is Arabic digits (three or more, or joined by +, with N) or Chinese digits without 十 (“一三五”) or place values each once (“十百千”);
years and “5G” are not codes. One programme per quoted string; its label is the first full mention (the
modifier right after the verb, the quote, the noun up to its head: 体系, 平台, 机制, 计划, 领域 …) and
later mentions are aliases. A code that is an industry-cluster system (“2515”) is that system, not a
programme. In a speech, the speaking organisation OWNS the programme it builds (锚定, 构建, 推进, 深化,
打造 …), not one it follows (紧扣, 落实, 围绕 …) or that belongs above it (全区“一三五”).
"""

from __future__ import annotations

import re

from loaders.cues import (
    QUOTED,
    organisation_entity,
    quoted_code,
    quoted_modifier,
    sentence_at,
    speech_org_by_paragraph,
)
from loaders.pipeline import extractor
from loaders.vocabulary import alternation, read_data

_HEAD = re.compile("(?:" + alternation(read_data("programmes.yaml")["heads"]) + ")")
_NOUN_RUN = re.compile(r"[\u4e00-\u9fff]{1,20}")
# A speaker follows a programme set above it (紧扣全区“一三五”…) and owns every other one it names.
_FOLLOWING = re.compile(r"(?:紧扣|落实|贯彻|按照|对标|服务|融入|契合|遵循|依据|根据|响应|对照)[\u4e00-\u9fff]{0,2}$")
_ABOVE = re.compile(r"全区|全市|全县|市委|区委|县委|国家|中央|全国|全省")


@extractor("programmes", needs=("clusters", "organisations"), after=("speeches",))
def extract_programmes(context) -> None:
    extraction = context.extraction
    document = context.source.id
    systems = context.clusters["systems"]
    speech_orgs = speech_org_by_paragraph(context)
    programmes: dict[str, object] = {}
    for paragraph in context.segmented.paragraphs:
        text = paragraph.text
        if "“" not in text or paragraph.standalone and not paragraph.indented and len(text) < 40:
            continue
        for match in QUOTED.finditer(text):
            content = match.group(1).strip()
            code = quoted_code(content)
            if code is None:
                continue
            noun = _noun(text, match.end())
            own_head = _HEAD.search(content[len(code):]) if len(content) > len(code) else None
            if not noun and not own_head:
                continue  # a code without a head noun (“12345”热线) is not a programme
            verb, qualifier = quoted_modifier(text, match.start())
            sentence = sentence_at(context, paragraph.index, match.start())
            if sentence is None:
                continue
            start = match.start() - len(qualifier) - sentence.begin
            end = match.end() + len(noun) - sentence.begin
            evidence = sentence.evidence(document, start, end)
            label = f"{qualifier}“{content}”{noun}"
            window = text[max(0, match.start() - 8) : match.start()]
            follows = bool(_FOLLOWING.search(verb)) or bool(_ABOVE.search(window))
            owner_name = None if follows else speech_orgs.get(paragraph.index)

            system = systems.get(code) if content == code else None
            if system is not None:
                target = system
            else:
                target = programmes.get(content)
                if target is None:
                    target = programmes[content] = extraction.add_entity("Programme", label, evidence, code=code)
                else:
                    extraction.add_entity(
                        "Programme", target.label, evidence, aliases={label, f"“{content}”{noun}"} - {target.label}
                    )
            if owner_name:
                owner = organisation_entity(context, owner_name, evidence)
                if owner is not None:
                    extraction.relate(owner, "OWNS", target, evidence)


def _noun(text: str, at: int) -> str:
    """The noun phrase after the quote, up to its last head noun (empty if it has none)."""
    run = _NOUN_RUN.match(text, at)
    if not run:
        return ""
    words = run.group()
    last = None
    for head in _HEAD.finditer(words):
        last = head
    return words[: last.end()] if last else ""
