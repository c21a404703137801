"""The word lists and gazetteers in loaders/data/, and the matchers built from them.

One YAML loader for every data file (the C loader when PyYAML has it: it reads the lists several times
faster than the pure-Python one); `WordMatcher`, which finds the words of a long list (the gazetteer's
ten thousand names) in a text in one pass, leftmost-longest, with an Aho-Corasick automaton (ahocorasick-rs,
in Rust: a Python regular expression over that many alternatives tries them one by one at every
character); and `trie_regex`, which turns a short word list into one regular expression.
"""

from __future__ import annotations

import importlib.util
import re
import zipfile
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

import ahocorasick_rs
import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class WordMatcher:
    """Leftmost-longest, non-overlapping matches of a word list, as `finditer` over a regex would give."""

    def __init__(self, words) -> None:
        self.words = list(dict.fromkeys(w for w in words if w))
        self._automaton = ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(begin, end, word) of each match in text[start:end], offsets into `text`."""
        piece = text if start == 0 and end is None else text[start:end]
        words = self.words
        return [(start + b, start + e, words[k]) for k, b, e in self._automaton.find_matches_as_indexes(piece)]


@cache
def read_data(name: str) -> dict:
    """A YAML file of loaders/data/, parsed once per process (callers must not change what it returns)."""
    text = resources.files("loaders").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - the safe loader, in C when available


def trie_regex(words) -> str:
    """One regular expression matching any of `words`, longest first at each position (a trie, so the
    engine follows one branch per character instead of trying every word)."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here; a longer one may go on (greedy ? tries it first)
            return (body if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})") + "?"
        return body

    return build(trie)


def longest_first(words) -> tuple[str, ...]:
    """The distinct words, longest first: a prefix test or an alternation then prefers the longer word
    (永川高新区 before 永川)."""
    return tuple(sorted(set(words), key=len, reverse=True))


def alternation(words) -> str:
    """A regular-expression alternation of `words`, escaped, longest first (for a short list inside a larger
    pattern; `trie_regex` for a long one)."""
    return "|".join(re.escape(w) for w in longest_first(words))


@lru_cache(maxsize=16384)
def covered(name: str, words: frozenset[str]) -> bool:
    """Can `name` be cut entirely into `words`?"""
    n = len(name)
    ok = [True] + [False] * n
    for i in range(n):
        if ok[i]:
            for size in range(1, min(8, n - i) + 1):
                if name[i : i + size] in words:
                    ok[i + size] = True
    return ok[n]


def jionlp_file(name: str) -> Path | None:
    """A file of jionlp's dictionary folder, or None without jionlp. Found without importing jionlp: its
    import prints a banner and costs half a second."""
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / name


@cache
def _common_words() -> frozenset[str]:
    """The headwords of jionlp's Chinese dictionary (ordinary words, with their senses): read on first use."""
    path = jionlp_file("chinese_word_dictionary.zip")
    if path is None:
        return frozenset()
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read(archive.namelist()[0]).decode("utf-8")
    except (OSError, KeyError, IndexError, zipfile.BadZipFile):
        return frozenset()
    return frozenset(line.split("\t", 1)[0] for line in text.splitlines() if line)


def is_word(text: str) -> bool:
    """Is `text` an ordinary Chinese word (惠民 'benefit the people'), not only a name?"""
    return text in _common_words()
