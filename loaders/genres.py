"""Genres: what kind of document this is, and so which extractors read it (data: loaders/data/genres.yaml).

`detect(segmented)` reads the title and opening lines (spaces removed, so a letter-spaced heading
`政 府 工 作 报 告` still reads) and returns the genre its first telling line names; a document matching
none is `other`, which runs every generic extractor. Adding a genre is one entry in genres.yaml (and,
if it needs one, an extractor module registered in loaders/pipeline.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from loaders.model import LoaderError
from loaders.text import Segmented
from loaders.vocabulary import read_data

_OPENING_CHARS = 400  # how much of the opening the cues see: the title block and the first lines
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Genre:
    name: str
    label: str
    title: tuple[re.Pattern, ...]
    extractors: tuple[str, ...]
    vocabulary: dict = field(default_factory=dict)  # settings the genre's extractors read (review_year …)


@cache
def genres() -> dict[str, Genre]:
    data = read_data("genres.yaml")
    generic = list(data["generic"])
    result: dict[str, Genre] = {}
    for name, raw in data["genres"].items():
        names: list[str] = []
        for item in raw.get("extractors") or ["generic"]:
            if item.startswith("-"):
                names = [n for n in names if n != item[1:]]
            else:
                names.extend(generic if item == "generic" else [item])
        try:
            cues = tuple(re.compile(cue) for cue in raw.get("title") or ())
        except re.error as error:
            raise LoaderError(f"genres.yaml: {name}: bad title cue ({error})") from None
        result[name] = Genre(name, raw.get("label", name), cues, tuple(dict.fromkeys(names)),
                             dict(raw.get("vocabulary") or {}))
    if "other" not in result:
        raise LoaderError("genres.yaml: the fallback genre `other` is missing")
    return result


def opening(segmented: Segmented) -> str:
    """The first lines of a document, spaces removed (the text the title cues are tried on)."""
    parts, size = [], 0
    for paragraph in segmented.paragraphs:
        text = _SPACES.sub("", paragraph.text)
        parts.append(text)
        size += len(text)
        if size >= _OPENING_CHARS:
            break
    return "\n".join(parts)[:_OPENING_CHARS]


def detect(segmented: Segmented) -> Genre:
    """The genre named by the first opening line that names one; within a line the cue nearest its end
    wins, because a Chinese title ends with its kind (……工作要点推进会 is a meeting, ……方案的通知 a notice)."""
    known = genres()
    for line in opening(segmented).split("\n"):
        best: tuple[int, int, Genre] | None = None
        for rank, genre in enumerate(known.values()):
            for cue in genre.title:
                for match in cue.finditer(line):
                    key = (match.end(), -rank, genre)
                    if best is None or key[:2] > best[:2]:
                        best = key
        if best is not None:
            return best[2]
    return known["other"]
