"""From bytes to paragraphs and sentences that remember where they stand in the original text.

Newspaper pages break lines every ~20 characters and put a blank line between them; reports put one
paragraph on each line. `segment()` undoes the layout and keeps, for every character of the cleaned
text, its offset in the decoded original, so every fact can cite an exact span.
"""

from __future__ import annotations

import bisect
import codecs
import re
import statistics
from dataclasses import dataclass, field
from functools import cache

from loaders.model import Evidence, LoaderError
from loaders.normalise import normalise_paragraph
from loaders.vocabulary import read_data

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
_MAX_FURNITURE = 160  # a line longer than this is text, whatever it starts with
_MAX_COLUMN = 40  # characters of a newspaper column line (pages set ~20; a web paragraph runs to hundreds)
_MIN_CJK_SHARE = 0.15
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_END = "。！？!?"
_CLOSERS = "”’」』）)》"
# A sentence ends at its end mark and the closing quotes or brackets right after it.
_SENTENCE_BREAK = re.compile(f"[{re.escape(_SENTENCE_END)}][{re.escape(_CLOSERS)}]*")
# A space between two CJK characters is typesetting (headlines, signatures: 余 波), not body prose.
_CJK_SPACE_CJK = re.compile(r"[\u3400-\u9fff][ \u3000]+[\u3400-\u9fff]")
_HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")


# ---------------------------------------------------------------------------------------------- decoding


def decode(data: bytes, name: str = "document") -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; return (text, encoding).

    Raises LoaderError with a reason a person can act on: empty, too large, binary, or not Chinese text
    in any of those encodings.
    """
    if not data or not data.strip():
        raise LoaderError(f"{name}: the file is empty")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise LoaderError(
            f"{name}: {len(data) / 1e6:.1f} MB is over the {MAX_DOCUMENT_BYTES // 2**20} MiB limit for one document; split it"
        )
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8", name), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _checked(data, "utf-16", name)
        if _cjk_share(text) >= _MIN_CJK_SHARE:
            return text, "utf-16"
        raise LoaderError(  # \xff\xfe opens many binary files too
            f"{name}: cannot decode as Chinese text (it starts like UTF-16 but does not read as Chinese); "
            "re-save the file as UTF-8"
        )
    if b"\x00" in data:
        raise LoaderError(f"{name}: this looks like a binary file (it contains NUL bytes), not text")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _cjk_share(text) >= _MIN_CJK_SHARE:
            return text, encoding
    raise LoaderError(
        f"{name}: cannot decode as Chinese text in UTF-8 or GB18030/GBK; re-save the file as UTF-8"
    )


def _checked(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise LoaderError(f"{name}: declared {encoding} by its BOM but byte {error.start} is invalid") from None


def _cjk_share(text: str) -> float:
    sample = "".join(text[:20000].split())
    if not sample:
        return 0.0
    return len(_CJK.findall(sample)) / len(sample)


# ---------------------------------------------------------------------------------------------- segments


@dataclass(slots=True)
class Piece:
    """A run of the cleaned text that is contiguous in the original."""

    clean_start: int
    orig_start: int
    length: int


@dataclass(slots=True)
class Paragraph:
    index: int
    text: str  # cleaned: layout line breaks removed, surrounding whitespace stripped
    pieces: list[Piece]
    headings: tuple[str, ...] = ()  # enclosing headings, outermost first
    indented: bool = False  # the original line began with a tab (table cells in reports)
    standalone: bool = False  # a line set apart by layout: headline, signature, heading, table cell
    furniture: str = ""  # a web page's navigation or metadata line (loaders/data/page.yaml), else ""
    _starts: list[int] = field(default_factory=list, repr=False)

    def original_offset(self, i: int) -> int:
        """Offset in the original text of cleaned character i (i may equal len(text): the end)."""
        if not self._starts:
            self._starts = [p.clean_start for p in self.pieces]
        if i >= len(self.text):
            last = self.pieces[-1]
            return last.orig_start + last.length
        k = bisect.bisect_right(self._starts, i) - 1
        piece = self.pieces[k]
        return piece.orig_start + (i - piece.clean_start)

    def original_span(self, i: int, j: int) -> tuple[int, int]:
        return self.original_offset(i), self.original_offset(j - 1) + 1 if j > i else self.original_offset(i)

    @property
    def start(self) -> int:
        return self.pieces[0].orig_start

    @property
    def end(self) -> int:
        return self.original_offset(len(self.text))


@dataclass(slots=True)
class Sentence:
    paragraph: Paragraph
    begin: int  # offsets into paragraph.text
    finish: int
    index_in_paragraph: int

    @property
    def text(self) -> str:
        return self.paragraph.text[self.begin : self.finish]

    @property
    def start(self) -> int:
        return self.paragraph.original_offset(self.begin)

    @property
    def end(self) -> int:
        return self.paragraph.original_span(self.begin, self.finish)[1]

    def evidence(self, document: str, i: int = 0, j: int | None = None) -> Evidence:
        """Evidence for sentence characters [i, j) (the whole sentence by default)."""
        j = len(self.text) if j is None else j
        start, end = self.paragraph.original_span(self.begin + i, self.begin + j)
        return Evidence(document, start, end, self.text, self.start, self.end)

    def evidence_for(self, document: str, words: str, at: int = 0) -> Evidence:
        """Evidence for the first occurrence of `words` at or after `at` (the whole sentence if absent)."""
        i = self.text.find(words, at)
        if i < 0:
            return self.evidence(document)
        return self.evidence(document, i, i + len(words))


@dataclass(slots=True)
class Segmented:
    text: str
    paragraphs: list[Paragraph]
    layout_broken: bool

    def sentences(self) -> list[Sentence]:
        """The document's sentences (a web page's navigation lines are not the document's)."""
        return [s for p in self.paragraphs if p.furniture != "navigation" for s in split_sentences(p)]


def segment(text: str) -> Segmented:
    """Split decoded text into paragraphs (layout breaks rejoined) with headings attached."""
    lines = _lines(text)
    layout = _is_layout_broken(lines, text)
    paragraphs = _join_layout(lines, text) if layout else _one_per_line(lines)
    for paragraph in paragraphs:
        normalise_paragraph(paragraph)  # half-width punctuation, letter spacing, footnote marks
    _mark_furniture(paragraphs)
    _attach_headings(paragraphs)
    return Segmented(text, paragraphs, layout)


@cache
def _furniture() -> tuple[tuple[tuple[str, re.Pattern], ...], int, int]:
    data = read_data("page.yaml")
    kinds = tuple((kind, re.compile("|".join(f"(?:{p})" for p in data[kind]))) for kind in ("navigation", "metadata"))
    return kinds, data["menu_words"], data["menu_word_length"]


def _mark_furniture(paragraphs: list[Paragraph]) -> None:
    """Navigation crumbs, menus, widgets and page metadata of a web page (首页 > 政务公开, 发布时间：…)."""
    kinds, menu_words, menu_word_length = _furniture()
    for paragraph in paragraphs:
        if len(paragraph.text) > _MAX_FURNITURE:
            continue
        words = paragraph.text.split()
        if len(words) >= menu_words and all(len(w) <= menu_word_length and not _SENTENCE_BREAK.search(w)
                                            and not any(ch in "，,：:" for ch in w) for w in words):
            paragraph.furniture = "navigation"
            continue
        bare = "".join(words)
        for kind, pattern in kinds:
            if pattern.search(bare):
                paragraph.furniture = kind
                break


@dataclass(slots=True)
class _Line:
    start: int  # offset of the first non-blank character
    text: str  # stripped
    blank_before: bool  # preceded by at least one blank line (or the start of the text)
    blank_after: bool
    indented: bool


def _lines(text: str) -> list[_Line]:
    result: list[_Line] = []
    blank_run = True
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            if result:
                result[-1].blank_after = blank_run
            result.append(_Line(offset + lead, stripped, blank_run, True, body.startswith("\t")))
            blank_run = False
        else:
            blank_run = True
        offset += len(raw)
    return result


def _is_layout_broken(lines: list[_Line], text: str) -> bool:
    """Short lines of near-equal width, most of them set apart by blank lines: a newspaper page. A web page
    copied with a blank line after each paragraph has short lines too (headings, labels), but its
    paragraphs are long lines: so the longest tenth of a newspaper page's lines is still column-wide."""
    lines = [line for line in lines if not line.indented]  # tab-indented table cells are short in any layout
    if len(lines) < 8:
        return False
    lengths = sorted(len(line.text) for line in lines)
    median = statistics.median(lengths)
    longest_tenth = lengths[int(0.9 * (len(lengths) - 1))]
    spaced = sum(line.blank_before for line in lines) / len(lines)
    return median <= 30 and spaced >= 0.6 and longest_tenth <= _MAX_COLUMN


def _one_per_line(lines: list[_Line]) -> list[Paragraph]:
    return [
        Paragraph(i, line.text, [Piece(0, line.start, len(line.text))], indented=line.indented,
                  standalone=line.indented or _HEADING_1.match(line.text) is not None)
        for i, line in enumerate(lines)
    ]


def _join_layout(lines: list[_Line], text: str) -> list[Paragraph]:
    """Rejoin lines broken by page layout.

    A line continues into the next one when both are set apart by blank lines (the page's rhythm), the line
    is about as wide as its neighbours, and it is not typeset as a headline or signature. Lines joined by a
    single line break (headline blocks) stand alone.
    """
    paragraphs: list[Paragraph] = []
    current: list[_Line] = []

    def flush(standalone: bool = False) -> None:
        if not current:
            return
        pieces, clean = [], []
        position = 0
        for line in current:
            pieces.append(Piece(position, line.start, len(line.text)))
            clean.append(line.text)
            position += len(line.text)
        paragraphs.append(Paragraph(len(paragraphs), "".join(clean), pieces, standalone=standalone))
        current.clear()

    widths = [_visual_width(line.text) for line in lines]
    # A line much wider than the page's column is typeset apart (a headline across columns).
    wide = 1.4 * statistics.median(widths)
    standalone = [
        not line.blank_before or not line.blank_after or _CJK_SPACE_CJK.search(line.text) is not None
        or widths[k] > wide
        for k, line in enumerate(lines)
    ]
    for k, line in enumerate(lines):
        if standalone[k]:
            flush()
            current.append(line)
            flush(standalone=True)
            continue
        current.append(line)
        # A line that ends a sentence at the end of the line almost always ends its paragraph on these
        # pages; splitting a paragraph too often is cheaper than merging two (which hides a lead sentence).
        if _ends_sentence(line.text) or widths[k] < 0.6 * _local_width(widths, standalone, k):
            flush()
    flush()
    return paragraphs


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _visual_width(text: str) -> float:
    """Printed width in CJK cells: ASCII letters and digits are half as wide as a Chinese character."""
    # Count the ASCII characters in C (encode drops the others) rather than one Python step per character.
    return len(text) - 0.5 * len(text.encode("ascii", "ignore"))


def _local_width(widths: list[float], standalone: list[bool], k: int, reach: int = 4) -> float:
    """The column width around line k: the widest of its body-text neighbours."""
    around = [widths[i] for i in range(max(0, k - reach), min(len(widths), k + reach + 1)) if not standalone[i]]
    return max(around) if around else widths[k]


def _attach_headings(paragraphs: list[Paragraph]) -> None:
    level1 = level2 = ""
    for paragraph in paragraphs:
        text = paragraph.text
        if _HEADING_1.match(text) and len(text) <= 60:
            level1, level2 = text, ""
            paragraph.standalone = True
            paragraph.headings = ()
            continue
        if _HEADING_2.match(text) and len(text) <= 60:
            level2 = text
            paragraph.standalone = True
            paragraph.headings = (level1,) if level1 else ()
            continue
        paragraph.headings = tuple(h for h in (level1, level2) if h)


def split_sentences(paragraph: Paragraph) -> list[Sentence]:
    """Split at 。！？ (closing quotes and brackets stay with their sentence)."""
    text = paragraph.text
    sentences = []
    begin = 0
    n = len(text)
    for end in _SENTENCE_BREAK.finditer(text):  # the regex finds the ends in C, not one Python step a character
        sentences.append(Sentence(paragraph, begin, end.end(), len(sentences)))
        begin = end.end()
    if begin < n and text[begin:].strip():
        sentences.append(Sentence(paragraph, begin, n, len(sentences)))
    return sentences
