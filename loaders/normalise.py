"""Text normalisation that keeps every offset: what web pages write differently from printed reports.

A paragraph's cleaned text is what the extractors read; its pieces map each character back to the
decoded original, so a normalised paragraph still cites exact spans. Three changes:

* half-width punctuation becomes the full-width form the rules are written for, one character for one
  (`,` → `，`, `:` → `：`, `;` → `；`, `(` → `（` …), except inside numbers (1,281.4; 18:06);
* letter-spaced words lose their spaces (`政 府 工 作 报 告` → `政府工作报告`, `索  引  号`): runs of three or
  more single characters each set apart by spaces, starting a word (a padded name after its title,
  `主任 王 强`, is left to the readers of names);
* footnote marks on words are dropped (`“两新”〔1〕`, `[[1]]`, `[2]`, `①`, `²`); a document number
  (`〔2024〕17号`) is not a footnote.

Dropping characters splits a paragraph's pieces; mapping one character for another changes none.
"""

from __future__ import annotations

import re

_FULL = str.maketrans({",": "，", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）", ":": "："})
_IN_NUMBER = re.compile(r"(?<=\d)[,:](?=\d)")  # 1,281.4 and 18:06 keep their marks
_CJK = "\u3400-\u9fff"
# a run that starts a word (not 主任 王 强: a title, then a padded name) and ends one
_LETTER_SPACED = re.compile(rf"(?<![{_CJK}])[{_CJK}](?:[ \u3000\u00a0]+[{_CJK}]){{2,}}(?![{_CJK}])")
_FOOTNOTE = re.compile(rf"(?<=[{_CJK}”」』》）)])(?:\[\[\d{{1,2}}\]\]|\[\d{{1,2}}\]|〔\d{{1,2}}〕|[①-⑳]|[¹²³⁴-⁹]+)")


def normalise_paragraph(paragraph) -> None:
    """Normalise `paragraph` (a loaders.text.Paragraph) in place, keeping its map to the original."""
    text = paragraph.text
    if not text:
        return
    kept = {m.start() for m in _IN_NUMBER.finditer(text)}
    if kept:
        chars = list(text.translate(_FULL))
        for i in kept:
            chars[i] = text[i]
        mapped = "".join(chars)
    else:
        mapped = text.translate(_FULL)
    drop: set[int] = set()
    for match in _LETTER_SPACED.finditer(mapped):
        if _single_characters(match.group()):
            drop.update(match.start() + i for i, ch in enumerate(match.group()) if ch in " \u3000\u00a0")
    for match in _FOOTNOTE.finditer(mapped):
        drop.update(range(match.start(), match.end()))
    paragraph.text = mapped
    if drop:
        _drop(paragraph, drop)


def _single_characters(run: str) -> bool:
    """政 府 工 作: every word of the run is one character (not 深耕产业沃土 厚植治理根基, two phrases)."""
    return all(len(word) == 1 for word in run.split())


def _drop(paragraph, positions: set[int]) -> None:
    """Remove the characters at `positions` of the cleaned text, splitting pieces around them."""
    from loaders.text import Piece

    text = paragraph.text
    pieces = []
    out: list[str] = []
    for piece in paragraph.pieces:
        start = None
        for k in range(piece.length):
            i = piece.clean_start + k
            if i in positions:
                if start is not None:
                    pieces.append(Piece(len(out) - (k - start), piece.orig_start + start, k - start))
                    start = None
                continue
            if start is None:
                start = k
            out.append(text[i])
        if start is not None:
            pieces.append(Piece(len(out) - (piece.length - start), piece.orig_start + start, piece.length - start))
    paragraph.text = "".join(out)
    paragraph.pieces = pieces or [Piece(0, paragraph.pieces[0].orig_start, 0)]
    paragraph._starts = []
