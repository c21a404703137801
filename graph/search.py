"""Find nodes by name: Chinese substrings, aliases, pinyin (full or initials) and typos.

The index holds every node's label and aliases, each with its pinyin syllables, in memory: the bundled
graph has a few thousand names, so a linear scan answers in well under a millisecond and needs no
search engine. Ranking is by how the query matched, best first:

    exact name > name prefix > name substring > pinyin (full, prefix, initials) > fuzzy (rapidfuzz)

and, within one kind of match, shorter names first (the query covers more of them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin
from rapidfuzz import fuzz, process

# Score bands keep the ranking order whatever the length bonus within a band.
EXACT, PREFIX, SUBSTRING, PINYIN_EXACT, PINYIN_PREFIX, INITIALS, PINYIN_SUBSTRING, FUZZY = (
    1000, 900, 800, 700, 600, 500, 400, 0)
# rapidfuzz scores (0..100) below these are noise; pinyin strings share many letters, so ask more of them.
FUZZY_CUTOFF, FUZZY_CUTOFF_PINYIN = 70, 80
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[0-9a-z]+")
# Query noise: spaces, apostrophes (xi'an), separators, and tone numbers after a syllable (zhi4).
_QUERY_NOISE = re.compile(r"[\s'’\-_.·]+|(?<=[a-z])[1-5]")


@dataclass(slots=True)
class Name:
    """One searchable name of a node, with its pinyin forms precomputed."""

    text: str  # as written
    folded: str  # NFKC, lower case, no spaces: what Chinese queries match against
    syllables: tuple[str, ...]  # pinyin per character; ASCII words kept whole
    pinyin: str = ""  # syllables joined: "qujingjixinxiwei"
    initials: str = ""  # first letters: "qjjxxw"
    starts: frozenset[int] = field(default_factory=frozenset)  # syllable boundaries in `pinyin`


@dataclass(slots=True)
class Node:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    names: tuple[Name, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    matched: str  # the label or alias that matched
    match: str  # exact | prefix | substring | pinyin | initials | fuzzy
    score: float

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "type": self.type,
            "label": self.label,
            "aliases": list(self.aliases),
            "matched": self.matched,
            "match": self.match,
            "score": round(self.score, 2),
        }


def fold(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def _syllables(text: str) -> tuple[str, ...]:
    result = []
    for token in lazy_pinyin(fold(text), style=Style.NORMAL, errors=lambda chars: [chars]):
        # Non-Chinese runs come back whole ("“2515”"): keep their letters and digits as words.
        result.extend(_WORD.findall(token.lower()) if not token.isalpha() or not token.isascii() else [token])
    return tuple(s for s in result if s)


def make_name(text: str) -> Name:
    syllables = _syllables(text)
    starts, offset = set(), 0
    for syllable in syllables:
        starts.add(offset)
        offset += len(syllable)
    return Name(
        text=text,
        folded=fold(text),
        syllables=syllables,
        pinyin="".join(syllables),
        initials="".join(s if s.isdigit() else s[0] for s in syllables),
        starts=frozenset(starts),
    )


def _fold_pinyin_query(query: str) -> str:
    # Tone marks (zhì) → plain letters; ü → v as pypinyin writes it.
    text = unicodedata.normalize("NFKD", query.lower().replace("ü", "v").replace("u:", "v"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _QUERY_NOISE.sub("", text)


class SearchIndex:
    """Labels and aliases of every node. Build a new one when the graph changes (it is cheap)."""

    def __init__(self, records: Iterable[tuple[str, str, str, Iterable[str]]]):
        self.nodes: list[Node] = []
        for node_id, node_type, label, aliases in records:
            aliases = tuple(sorted({a for a in aliases if a and a != label}))
            names = tuple(make_name(n) for n in (label, *aliases))
            self.nodes.append(Node(node_id, node_type, label, aliases, names))
        self.nodes.sort(key=lambda n: n.id)
        # For rapidfuzz: flat lists of every name (as written and in pinyin) and the node it belongs to.
        self._fuzzy_owner = [(i, name) for i, node in enumerate(self.nodes) for name in node.names]
        self._fuzzy_folded = [name.folded for _, name in self._fuzzy_owner]
        self._fuzzy_pinyin = [name.pinyin for _, name in self._fuzzy_owner]

    def __len__(self) -> int:
        return len(self.nodes)

    def search(self, query: str, *, types: Iterable[str] | None = None, limit: int = 20) -> list[Hit]:
        wanted = set(types or ())
        folded = fold(query)
        if not folded or limit <= 0:
            return []
        pinyin_query = "" if _CJK.search(folded) else _fold_pinyin_query(query)
        best: dict[int, Hit] = {}
        for index, node in enumerate(self.nodes):
            if wanted and node.type not in wanted:
                continue
            for name in node.names:
                hit = self._match(node, name, folded, pinyin_query)
                if hit and (index not in best or hit.score > best[index].score):
                    best[index] = hit
        if len(best) < limit:
            self._fuzzy(pinyin_query or folded, bool(pinyin_query), wanted, best, limit)
        return sorted(best.values(), key=lambda h: (-h.score, len(h.label), h.id))[:limit]

    @staticmethod
    def _match(node: Node, name: Name, folded: str, pinyin_query: str) -> Hit | None:
        def hit(kind: str, band: int, covered: float) -> Hit:
            # Within a band, a name the query covers more of ranks higher (at most +99).
            return Hit(node.id, node.type, node.label, node.aliases, name.text, kind, band + 99 * min(covered, 1.0))

        if name.folded == folded:
            return hit("exact", EXACT, 1.0)
        if name.folded.startswith(folded):
            return hit("prefix", PREFIX, len(folded) / len(name.folded))
        if folded in name.folded:
            return hit("substring", SUBSTRING, len(folded) / len(name.folded))
        if len(pinyin_query) < 2 or not name.pinyin:
            return None
        if name.pinyin == pinyin_query:
            return hit("pinyin", PINYIN_EXACT, 1.0)
        if name.pinyin.startswith(pinyin_query):
            return hit("pinyin", PINYIN_PREFIX, len(pinyin_query) / len(name.pinyin))
        if name.initials.startswith(pinyin_query) or (len(pinyin_query) >= 3 and pinyin_query in name.initials):
            return hit("initials", INITIALS, len(pinyin_query) / len(name.initials))
        # A pinyin substring must start on a syllable ("xinxi" in qujingjixinxiwei, not "ngji").
        position = name.pinyin.find(pinyin_query)
        while position != -1:
            if position in name.starts:
                return hit("pinyin", PINYIN_SUBSTRING, len(pinyin_query) / len(name.pinyin))
            position = name.pinyin.find(pinyin_query, position + 1)
        return None

    def _fuzzy(self, query: str, is_pinyin: bool, wanted: set[str], best: dict[int, Hit], limit: int) -> None:
        if len(query) < (4 if is_pinyin else 2):
            return
        # WRatio copes with a query that is a distorted part of a longer name (typos, a missing character).
        choices = self._fuzzy_pinyin if is_pinyin else self._fuzzy_folded
        cutoff = FUZZY_CUTOFF_PINYIN if is_pinyin else FUZZY_CUTOFF
        matches = process.extract(query, choices, scorer=fuzz.WRatio, score_cutoff=cutoff, limit=limit * 4)
        for _, score, position in matches:
            index, name = self._fuzzy_owner[position]
            node = self.nodes[index]
            if index in best or (wanted and node.type not in wanted):
                continue
            best[index] = Hit(node.id, node.type, node.label, node.aliases, name.text, "fuzzy", FUZZY + score)
