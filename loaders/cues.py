"""Generic textual cues shared by the report extractors (documents, clusters, projects, policies,
programmes, indicators): Chinese numerals, years of sections, quoted number codes, speeches by
paragraph, and tab-per-cell tables.

Nothing here is written for one document: every rule is a cue of the genre (district plan reports and
newspaper pages of speeches).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from loaders.text import Paragraph, Segmented, Sentence

# ---------------------------------------------------------------------------------------------- numbers

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千"
NUMBER = rf"(?:\d+|[{CN_NUMERAL}]+)"


def parse_number(text: str) -> int | None:
    """'15' → 15, '两' → 2, '十五' → 15, '二十三' → 23, '一百零五' → 105; None if not a number."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (1 if current is None else current) * _CN_UNITS[ch]
            current = None
        else:
            return None
    return total + (current or 0)


_DECIMAL = re.compile(r"[-+]?\d+(?:\.\d+)?")


def parse_decimal(text: str) -> float | None:
    """The first decimal number in a cell ('8.1', '7%以上' → 7.0); None for '—', '' or words."""
    match = _DECIMAL.search(text or "")
    return float(match.group()) if match else None


# ---------------------------------------------------------------------------------------------- years

YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})(?:\s*年?\s*[-—－–~～至到]\s*(?:19|20)\d{2}(?=\s*年|[）)])|(?=\s*年))"
)


def years_in(text: str) -> list[int]:
    """Years written 2023年, and the first year of a range (2024-2026年, （2023-2027）)."""
    return [int(y) for y in YEAR.findall(text)]


def document_year(context) -> int | None:
    """The year a document's statements are about when nothing nearer says: the year it reviews. Which one
    of its title's years that is depends on the genre (genres.yaml `review_year`): a plan report or a work
    summary reviews the first (2023年…执行情况与2024年计划草案), a government work report the year before
    the one it is delivered in (2025年政府工作报告 reviews 2024); otherwise the latest."""
    facts = context.document
    if facts is None or not facts.years:
        return facts.year if facts is not None else None
    rule = context.genre.vocabulary.get("review_year", "latest")
    if rule == "first":
        return facts.years[0]
    if rule == "previous" and len(facts.years) == 1 and facts.title_years:
        return facts.years[0] - 1
    return facts.year


def heading_year(paragraph: Paragraph) -> int | None:
    """The year of the nearest enclosing heading that states one."""
    for heading in reversed(paragraph.headings):
        found = years_in(heading)
        if found:
            return found[0]
    return None


def section_year(context, sentence: Sentence | None = None, paragraph: Paragraph | None = None) -> int | None:
    """Year of a statement: the nearest heading's year, else the sentence's, else the document's."""
    paragraph = paragraph or (sentence.paragraph if sentence is not None else None)
    if paragraph is not None:
        year = heading_year(paragraph)
        if year:
            return year
    if sentence is not None:
        found = statement_years(sentence.text)
        if found:
            return found[0]
    return document_year(context)


_BASELINE = re.compile(r"(?:由|从|较|比|自|同)\s*((?:19|20)\d{2})\s*年|((?:19|20)\d{2})\s*年(?:以来|的)")


def statement_years(text: str) -> list[int]:
    """The years a sentence states its facts for: not a baseline it compares with (由2012年的4.7千米,
    比2020年, 2018年以来)."""
    baselines = {int(a or b) for a, b in _BASELINE.findall(text)}
    return [year for year in years_in(text) if year not in baselines]


# ---------------------------------------------------------------------------------------------- quoted codes

# A quoted number code: “2515”, “1+5+N”, “3+N”, “141警网融合” (code 141), or Chinese digits “一三五”.
QUOTED = re.compile(r"“([^“”]{1,24})”")
_ARABIC_CODE = re.compile(r"^(\d+(?:\s*[+＋]\s*(?:\d+|[A-Za-zＡ-Ｚ]))*)(?=$|[\u4e00-\u9fff])")
_CN_CODE = re.compile(r"^[一二三四五六七八九〇零]{2,6}$")
# Place values in a row, each once (“十百千”, “百千万”): tiers of a programme (ten, a hundred, a thousand …),
# never a number, which would repeat a digit or mix digits in (“十五”, “三十”).
_CN_MAGNITUDES = re.compile(r"^(?:([十百千万])(?!.*\1)){2,4}$")


def quoted_code(content: str) -> str | None:
    """The number code a quoted string starts with, or None (years, single digits and words are not codes)."""
    content = content.strip()
    match = _ARABIC_CODE.match(content)
    if match:
        code = unicodedata.normalize("NFKC", re.sub(r"\s+", "", match.group(1))).upper()
        if "+" in code:
            return code
        if len(code) < 3 or (len(code) == 4 and code[:2] in ("19", "20")):  # “5G”, “2023…” are not codes
            return None
        return code
    if _CN_CODE.match(content) or _CN_MAGNITUDES.match(content):
        return content
    return None


_MODIFIER_RUN = re.compile(r"[\u4e00-\u9fff]{1,12}$")
_VERBS_BEFORE_QUOTE = re.compile(
    r"(?:锚定|构建|推进|打造|建设|实施|深化|推行|完善|健全|建立|探索|迭代|升级|谋划|布局|形成|落实|紧扣|围绕|贯彻|按照|对标"
    r"|融入|运行|实体化运行|统筹推进|共建|聚焦|依托|坚持|实行|开展|启动|抓好|做好|用好|推广|持续|积极|着力|全面|深入|加快)"
)
_SCOPE_WORDS = re.compile(r"^(?:全区|全市|全县|全镇|全街道|我区|本区|区级|市级)")


def quoted_modifier(text: str, at: int) -> tuple[str, str]:
    """Before a quoted code at `at`: (the verb run, the modifier between it and the quote).

    着力构建现代生态高效农业“1331” → (着力构建, 现代生态高效农业); 22个“1+5+N” → ("", ""); a modifier is only
    taken after a verb, so that it is never a guess.
    """
    run = _MODIFIER_RUN.search(text[max(0, at - 12) : at])
    if not run:
        return "", ""
    words = run.group()
    verbs = list(_VERBS_BEFORE_QUOTE.finditer(words))
    if not verbs:
        return "", ""
    verb_end = verbs[-1].end()
    verb, modifier = words[:verb_end], words[verb_end:]
    if "的" in modifier:
        modifier = modifier[modifier.rfind("的") + 1 :]
    return verb, _SCOPE_WORDS.sub("", modifier)


def code_parts(code: str) -> list[int] | None:
    """Tier sizes a code encodes: '3+6' → [3, 6]; digit strings are split later against the tiers."""
    if "+" in code:
        parts = [p for p in code.split("+")]
        if all(p.isdigit() for p in parts):
            return [int(p) for p in parts]
        return None
    return None


def code_matches_sizes(code: str, sizes: list[int]) -> bool:
    """Does the code spell the tier sizes in order? '2515' ↔ [2, 5, 15]; '3+6' ↔ [3, 6]; '一三五' ↔ [1, 3, 5]."""
    if not sizes:
        return False
    parts = code_parts(code)
    if parts is not None:
        return parts == sizes
    if code.isdigit():
        return code == "".join(str(s) for s in sizes)
    digits = [parse_number(ch) for ch in code]
    return digits == sizes


# ---------------------------------------------------------------------------------------------- speeches


def speech_org_by_paragraph(context) -> dict[int, str]:
    """Paragraph index → the label of the organisation whose speech the paragraph belongs to."""
    cached = context.views.get("speech_org_by_paragraph")
    if cached is None:
        cached = context.views["speech_org_by_paragraph"] = {}
        for speech in context.speeches or ():
            for index in speech.paragraphs:
                cached.setdefault(index, speech.org)
    return cached


def organisation_entity(context, name: str, evidence, fallback_type: str | None = None):
    """The entity of an organisation through the gazetteer; a plain entity of fallback_type if none."""
    organisations = context.organisations
    if organisations is not None:
        try:
            entity = organisations.entity_for(name, evidence)
        except Exception:  # noqa: BLE001 - the gazetteer is another module; never fail extraction on it
            entity = None
        if entity is not None:
            return entity
        return None
    if fallback_type:
        return context.extraction.add_entity(fallback_type, name, evidence)
    return None


def find_organisations(context, sentence: Sentence) -> list:
    organisations = context.organisations
    if organisations is None:
        return []
    try:
        return list(organisations.find(sentence))
    except Exception:  # noqa: BLE001
        return []


def resolve_organisation(context, name: str):
    organisations = context.organisations
    if organisations is None:
        return None
    try:
        return organisations.resolve(name)
    except Exception:  # noqa: BLE001
        return None


# ---------------------------------------------------------------------------------------------- sentences


def sentences_by_paragraph(context) -> dict[int, list[Sentence]]:
    cached = context.views.get("sentences_by_paragraph")
    if cached is None:
        cached = context.views["sentences_by_paragraph"] = {}
        for sentence in context.sentences:
            cached.setdefault(sentence.paragraph.index, []).append(sentence)
    return cached


def sentence_at(context, paragraph_index: int, offset: int) -> Sentence | None:
    """The sentence of a paragraph containing paragraph-text offset `offset`."""
    for sentence in sentences_by_paragraph(context).get(paragraph_index, ()):
        if sentence.begin <= offset < sentence.finish:
            return sentence
    return None


# ---------------------------------------------------------------------------------------------- tables


@dataclass(slots=True)
class Cell:
    text: str  # cell text; continuation lines joined with "\n"
    paragraphs: list[Paragraph]
    opens_block: bool = False  # a blank line comes before it (rows are often set apart so)


@dataclass(slots=True)
class Table:
    caption: Paragraph | None
    header: list[Cell]
    rows: list[list[Cell]]  # each row: its cells in order (a row without 序号 has one cell fewer)
    width: int  # leaf columns of a full row
    numbered: list[bool] = field(default_factory=list)  # row starts with its 序号 cell

    @property
    def caption_text(self) -> str:
        return self.caption.text if self.caption is not None else ""


_INTEGER = re.compile(r"^\d{1,3}$")
_CELL_SPLIT = re.compile(r"\t+|\s*[|｜]\s*")
_SPACES = re.compile(r"[ \u3000]{2,}|\u3000")
_CAPTION = re.compile(r"^(?:表|附表|专栏)\s*[\d一二三四五六七八九十]+")


def _gap_lines(text: str, a: Paragraph, b: Paragraph) -> int:
    return text.count("\n", a.end, b.start)


def read_tables(context) -> list[Table]:
    """Tables written one cell per tab-indented line (reports exported from word processors).

    The header is the run of cells before the first cell '1'; a row starts at the cell holding the next
    row number; a full row followed by a cell that is not a number starts an unnumbered sub-row (其中：…).
    A line that is not indented continues the cell above it, unless two blank lines, a heading or a new
    caption end the table.
    """
    cached = context.views.get("tables")
    if cached is not None:
        return cached
    segmented: Segmented = context.segmented
    paragraphs = segmented.paragraphs
    tables: list[Table] = []
    i, n = 0, len(paragraphs)
    while i < n:
        if len(_row_cells(paragraphs[i].text)) >= 3:
            j = i
            while j < n and len(_row_cells(paragraphs[j].text)) >= 2:
                j += 1
            caption = paragraphs[i - 1] if i > 0 and len(paragraphs[i - 1].text) <= 60 else None
            table = _line_table(caption, paragraphs[i:j])
            if table is not None:
                tables.append(table)
            i = max(j, i + 1)
            continue
        if not paragraphs[i].indented or _CAPTION.match(paragraphs[i].text):
            i += 1
            continue
        caption = paragraphs[i - 1] if i > 0 and not paragraphs[i - 1].indented else None
        cells: list[Cell] = []
        j = i
        while j < n:
            p = paragraphs[j]
            if p.indented:
                if _CAPTION.match(p.text) and cells:
                    break
                opens = not cells or _gap_lines(segmented.text, paragraphs[j - 1], p) >= 2
                cells.append(Cell(p.text, [p], opens))
            else:
                if not cells or _gap_lines(segmented.text, paragraphs[j - 1], p) >= 3:
                    break
                if _CAPTION.match(p.text) or p.standalone and not p.indented and p.headings != paragraphs[j - 1].headings:
                    break
                cells[-1].text += "\n" + p.text
                cells[-1].paragraphs.append(p)
            j += 1
        table = _shape(caption, cells)
        if table is not None:
            tables.append(table)
        i = max(j, i + 1)
    context.views["tables"] = tables
    return tables


def _shape_by_blocks(caption: Paragraph | None, cells: list[Cell]) -> Table | None:
    """No 序号 column: rows are the runs of cells set apart by blank lines; header runs hold no values."""
    blocks: list[list[Cell]] = []
    for cell in cells:
        if cell.opens_block or not blocks:
            blocks.append([])
        blocks[-1].append(cell)
    header: list[Cell] = []
    rows: list[list[Cell]] = []
    for block in blocks:
        if not rows and not any(_VALUE_CELL.search(c.text) for c in block):
            header.extend(block)
        else:
            rows.append(block)
    if not header or len(rows) < 1:
        return None
    width = max(len(r) for r in rows)
    if width < 2:
        return None
    return Table(caption, header, rows, width, [len(r) == width for r in rows])


_VALUE_CELL = re.compile(r"^[-+]?\d+(?:\.\d+)?\s*[%％]?$|^[—－\-–]+$|以上$|以下$|左右$|以内$")
_RULE_LINE = re.compile(r"^[\s|｜:：\-—－=+]+$")


def _row_cells(text: str) -> list[str]:
    """The cells of a table row written on one line, separated by tabs, | or runs of spaces (else [text])."""
    if "\t" not in text and "|" not in text and "｜" not in text:
        if "  " in text or "\u3000" in text:
            cells = [c for c in _SPACES.split(text) if c]
            if len(cells) >= 3 and any(_VALUE_CELL.search(c) for c in cells) or len(cells) >= 4:
                return cells
        return [text]
    cells = [c.strip() for c in _CELL_SPLIT.split(text)]
    if "|" in text or "｜" in text:  # | a | b | has empty ends
        if cells and not cells[0]:
            cells = cells[1:]
        if cells and not cells[-1]:
            cells = cells[:-1]
    return cells


def _line_table(caption: Paragraph | None, lines: list[Paragraph]) -> Table | None:
    """A table written one row per line (cells separated by tabs or |): header lines, then rows."""
    lines = [p for p in lines if not _RULE_LINE.match(p.text)]
    header: list[Cell] = []
    rows: list[list[Cell]] = []
    numbered: list[bool] = []
    for paragraph in lines:
        texts = _row_cells(paragraph.text)
        cells = [Cell(t, [paragraph]) for t in texts]
        if not rows and not any(_VALUE_CELL.search(t) for t in texts):
            header.extend(c for c in cells if c.text)  # header lines (a second one holds sub-headers)
            continue
        if _INTEGER.match(texts[0] if texts else ""):
            rows.append(cells)
            numbered.append(True)
        else:
            if texts and not texts[0]:
                cells = cells[1:]
            rows.append(cells)
            numbered.append(False)
    if not header or not rows:
        return None
    if not any(numbered):  # no 序号 column: every row is full
        numbered = [True] * len(rows)
    width = max(len(r) for r, k in zip(rows, numbered, strict=True) if k)
    return Table(caption, header, rows, width, numbered)


def _shape(caption: Paragraph | None, cells: list[Cell]) -> Table | None:
    first = next((k for k, c in enumerate(cells) if c.text == "1"), None)
    if first is None or first == 0:
        return _shape_by_blocks(caption, cells)
    header = cells[:first]
    second = next((k for k in range(first + 1, len(cells)) if cells[k].text == "2"), None)
    width = (second - first) if second is not None else len(cells) - first
    if width < 2:
        return None
    rows: list[list[Cell]] = []
    numbered: list[bool] = []
    expected = 1
    k = first
    while k < len(cells):
        cell = cells[k]
        if _INTEGER.match(cell.text) and int(cell.text) == expected:
            rows.append([cell])
            numbered.append(True)
            expected += 1
        elif rows and len(rows[-1]) < (width if numbered[-1] else width - 1):
            rows[-1].append(cell)
        else:
            rows.append([cell])
            numbered.append(False)
        k += 1
    return Table(caption, header, rows, width, numbered)


def table_columns(table: Table, roles: dict[str, re.Pattern]) -> list[str | None]:
    """The role of each leaf column, from the header words. Group headers (完成情况 over 总量/增速) are
    dropped when the header has more cells than the rows have."""
    header = [c.text for c in table.header]
    assigned = [_role(h, roles) for h in header]
    while len(header) > table.width:
        # Drop a spanning group header: one whose role is shared by the sub-headers after it, or no role.
        drop = next((k for k, r in enumerate(assigned) if r in (None, "group")), None)
        if drop is None:
            drop = len(header) - 1
        del header[drop], assigned[drop]
    while len(assigned) < table.width:
        assigned.append(None)
    return assigned


def _role(text: str, roles: dict[str, re.Pattern]) -> str | None:
    for role, pattern in roles.items():
        if pattern.search(text):
            return role
    return None


def row_cells(table: Table, row_index: int) -> list[Cell | None]:
    """A row's cells aligned to the leaf columns (an unnumbered row lacks the 序号 cell)."""
    row = table.rows[row_index]
    if table.numbered[row_index]:
        cells: list[Cell | None] = list(row)
    else:
        cells = [None, *row]
    while len(cells) < table.width:
        cells.append(None)
    return cells[: table.width]


# ---------------------------------------------------------------------------------------------- evidence


def paragraph_evidence(context, paragraph: Paragraph, i: int = 0, j: int | None = None):
    """Evidence for paragraph characters [i, j): the cited span, in its sentence."""
    from loaders.model import Evidence

    j = len(paragraph.text) if j is None else j
    sentence = sentence_at(context, paragraph.index, i)
    start, end = paragraph.original_span(i, j)
    if sentence is None:
        return Evidence(context.source.id, start, end, paragraph.text, paragraph.start, paragraph.end)
    return Evidence(context.source.id, start, end, sentence.text, sentence.start, sentence.end)
