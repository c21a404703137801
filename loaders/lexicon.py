"""The word lists that tell a name from a common noun, a verb or a title (loaders/data/lexicon.yaml)."""

from __future__ import annotations

import re
from functools import cache

from loaders.gazetteer import GazetteerEntry
from loaders.vocabulary import alternation, covered, longest_first, read_data, trie_regex

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


class Lexicon:
    """The word lists of lexicon.yaml, compiled once."""

    def __init__(self, data: dict) -> None:
        self.function_chars = frozenset(data["function_chars"].strip())
        self.strong_regex = re.compile(trie_regex(data["strong_verbs"]))
        self.strong = frozenset(data["strong_verbs"])
        self.strong_max = max(len(w) for w in self.strong)
        self.leading = longest_first(data["leading_words"])
        self.leading_set = frozenset(self.leading)
        before = alternation(data["construction_before"])
        # the verb, then (for lists) any earlier items "X、" before this one
        modifier = r"(?:全市|全区|全国|全省|市级|区级|国家级)?(?:首个|首家|第一个|一个|一批|[0-9一二三四五六七八九十两]+[个家座处所])?"
        self.construction_before_word = re.compile(rf"(?:{before})$")
        self.construction_before_max = max(len(w) for w in data["construction_before"])
        self.construction_before = re.compile(rf"(?:{before}){modifier}(?:[{_HAN}·“”（）()\w]{{1,24}}、)*$")
        actions = alternation(data["construction_actions"])
        self.construction_actions = re.compile(rf"(?:{actions})+(?:工程|项目)")
        self.admin_level_chars = frozenset(data["admin_level_chars"].strip())
        self.construction_after = longest_first(data["construction_after"])
        self.region_prefixes = longest_first(data["region_prefixes"])
        self.designations = longest_first(data["designation_prefixes"])
        self.institution_categories = frozenset(data["institution_categories"])
        self.short_boundary_chars = frozenset(data["short_boundary_chars"].strip())
        self.generic = frozenset(data["generic_words"])
        self.admin_stop = {t: frozenset(ws) for t, ws in data["admin_stop_names"].items()}
        self.admin_word_before = frozenset(data["admin_word_before"].strip())
        self.admin_body_stop = frozenset(data["admin_body_stop"].strip())
        self.titles = longest_first(data["titles"])
        self.scope_prefixes = longest_first(data.get("scope_prefixes") or [])
        self.suffix_words = frozenset(data.get("suffix_words") or ())

    def strip_scope(self, name: str) -> str:
        """辖区龙泽科技 → 龙泽科技: a word of scope before a name is not part of it."""
        for prefix in self.scope_prefixes:
            if name.startswith(prefix) and len(name) - len(prefix) >= 2:
                return name[len(prefix):]
        return name

    def is_generic(self, name: str) -> bool:
        """True when `name` is made only of generic words (a kind of thing, not a name)."""
        return covered(name, self.generic)

    def is_category(self, name: str) -> bool:
        """True when `name` only says what kind of school or hospital it is (乡村, 民办优质, 人民)."""
        return not name or covered(name, self.institution_categories)

    def strip_region(self, name: str, places: dict[str, GazetteerEntry] | None = None) -> str:
        changed = True
        while changed and name:
            changed = False
            for prefix in self.region_prefixes:
                if name.startswith(prefix) and len(name) > len(prefix):
                    name, changed = name[len(prefix):], True
                    break
            if not changed and places is not None:
                for size in (4, 3, 2):
                    head = name[:size]
                    entry = places.get(head)
                    if entry is not None and entry.type == "District" and len(name) > size:
                        name, changed = name[size:], True
                        break
        return name

    def is_designation(self, name: str) -> bool:
        return name.startswith(self.designations)


@cache
def lexicon() -> Lexicon:
    return Lexicon(read_data("lexicon.yaml"))
