"""The document itself: its title, its year(s), its district and the organisation that wrote it.

Reports open with a few short lines: the title (often broken over two lines), the author organisation,
sometimes a date, then the salutation (各位代表：). A newspaper page has no such block; its title is the
main headline: the first run of lines set apart by layout that are not labels, signatures or prose.

`extract_document` runs first and sets `context.document` (a `DocumentFacts`: title, years, the district
the title names, the author line) for the others; `extract_author` runs once the organisations are known,
relates the document to its author and sets `context.district`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.cues import organisation_entity, paragraph_evidence, years_in
from loaders.pipeline import extractor
from loaders.text import Paragraph

_MAX_TITLE_LINE = 80
_LINE_END = "。：:，,；;！!"
_TITLE_END = re.compile(r"(?:报告|说明|意见|通知|方案|规划|纲要|决定|讲话|公报|通报|情况|要点|摘要|汇报)$")
_ORG_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()·]{2,30}?(?:委员会|人民政府|政府|办公室|办公厅|管理委员会|管委会|委|局|厅|部|办|署|中心|集团|公司|院|所|协会|联合会|商会)$"
)
_DELIVERED = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在.{2,40}?(?:会议|大会)上")
_PAGE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)")
_DATE_LINE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,6}月.{0,6}日?$")
_SUBTITLE = re.compile(r"^[—－-]{1,2}")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_LABEL_MAX = 4  # 核心提示, 编者按: labels, not headlines
_SIGNATURE = re.compile(r"[\u4e00-\u9fff][ \u3000]+[\u4e00-\u9fff]{1,2}$")
_DISTRICT = re.compile(r"(?:^|[^\u4e00-\u9fff]|关于|省|市)([\u4e00-\u9fff]{2,3}?(?:区|县))")
_PROVINCE_PREFIX = re.compile(r"^(?:关于)?(?:[\u4e00-\u9fff]{2,3}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,3}?市)?")


@dataclass(slots=True)
class DocumentFacts:
    title: str = ""
    title_paragraphs: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    year: int | None = None  # the latest year the title (else the opening) names
    title_district: str | None = None  # the district the title names
    title_years: bool = False  # the years are the title's (not found in the opening)
    author: tuple[str, int] | None = None  # the author line: (text, paragraph index)


@extractor("document", provides=("document",))
def extract_document(context) -> None:
    segmented = context.segmented
    paragraphs = segmented.paragraphs
    facts = context.document = DocumentFacts()
    if not paragraphs:
        return
    if segmented.layout_broken:
        title_paragraphs, author = _headline(paragraphs), None
        title = " ".join(p.text for p in title_paragraphs)
    else:
        title_paragraphs, author = _report_head(paragraphs)
        title = "".join(p.text for p in title_paragraphs)
    if not title:  # no title block: the first short line that is not a heading, else the file's name
        first = next(
            (p for p in paragraphs[:5] if len(p.text) <= _MAX_TITLE_LINE and not _HEADING.match(p.text)
             and p.text[-1] not in _LINE_END),
            None,
        )
        title = first.text if first is not None else context.source.name.rsplit(".", 1)[0]
        title_paragraphs = [first] if first is not None else []
    context.source.title = title
    facts.title = title
    facts.title_paragraphs = [p.index for p in title_paragraphs]

    years = years_in(title)
    facts.title_years = bool(years)
    if not years:  # the headings, else the opening paragraphs, else the page's date (发布时间：2020-07-08)
        for paragraph in paragraphs[:40]:
            years = years_in(" ".join(paragraph.headings) + paragraph.text[:200])
            if years:
                break
    if not years:
        dated = next((_PAGE_DATE.search(p.text) for p in paragraphs[:40] if _PAGE_DATE.search(p.text)), None)
        years = [int(dated.group(1))] if dated else []
    delivered = next((_DELIVERED.search(p.text) for p in paragraphs[:12] if _DELIVERED.search(p.text)), None)
    if not facts.title_years and delivered is not None:  # ——2026年1月14日在…人民代表大会…上: delivered then
        years = [int(delivered.group(1))]
        facts.title_years = True
    facts.years = sorted(set(years))
    facts.year = max(years) if years else None
    facts.title_district = _district(title)
    if author is not None:
        facts.author = (author.text, author.index)


@extractor("author", needs=("document", "organisations"), provides=("district",))
def extract_author(context) -> None:
    """AUTHORED_BY from the document to the organisation on its author line (after organisations ran).

    The document's district is the one its title names, else the one its text names most often."""
    context.district = context.organisations.home or context.document.title_district
    if not context.district:
        districts = [e for e in context.extraction.of_type("District") if e.evidence]
        if districts:
            context.district = max(districts, key=lambda e: len(e.evidence)).label
    author = context.document.author
    if not author:
        return
    name, index = author
    paragraph = context.segmented.paragraphs[index]
    evidence = paragraph_evidence(context, paragraph)
    entity = organisation_entity(context, name, evidence, fallback_type="Department")
    if entity is not None:
        context.extraction.relate(context.source.id, "AUTHORED_BY", entity, evidence)


def _report_head(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], Paragraph | None]:
    """Leading short lines: title lines, then the author line and a date, until the first prose line."""
    head: list[Paragraph] = []
    for paragraph in [p for p in paragraphs[:16] if not p.furniture][:8]:
        text = paragraph.text
        if len(text) > _MAX_TITLE_LINE or text[-1] in _LINE_END or _HEADING.match(text) or paragraph.indented:
            break
        head.append(paragraph)
    title: list[Paragraph] = []
    author = None
    for paragraph in head:
        text = paragraph.text
        if _DATE_LINE.match(text) or _SUBTITLE.match(text):
            continue
        if title and _TITLE_END.search("".join(p.text for p in title)):
            # the title is complete; what follows is the author (and date)
            if author is None and _ORG_LINE.match(text):
                author = paragraph
            continue
        if _ORG_LINE.match(text) and title and not _TITLE_END.search(text):
            author = author or paragraph
            continue
        if author is None:
            title.append(paragraph)
    return title, author


def _headline(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The first run of stand-alone lines that are neither labels, signatures nor sentences of prose."""
    run: list[Paragraph] = []
    for paragraph in paragraphs:
        if paragraph.furniture:
            continue
        text = paragraph.text
        is_headline = (
            paragraph.standalone
            and len(text) > _LABEL_MAX
            and text[-1] not in "。；;，,：:"
            and not _SIGNATURE.search(text)
        )
        if is_headline:
            run.append(paragraph)
        elif run:
            break
    return run


def _district(title: str) -> str | None:
    rest = _PROVINCE_PREFIX.sub("", title, count=1)
    match = _DISTRICT.search(rest) or _DISTRICT.search(title)
    return match.group(1) if match else None
