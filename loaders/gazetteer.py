"""The gazetteer: every organisation and area the project knows by name, and how each is written.

Two sources. The national division table (loaders/divisions.py) gives every province, city and county
with its code; `loaders/data/gazetteer.yaml` gives what that table lacks: the bodies of each level of
government (区委, 县政府, 市发展改革委 …, written once and generated for every level), ministries, groups,
parks, institutions and other names of divisions. `Gazetteer` turns both into lookups (every written
form → its entry) and one compiled trie over all forms, so a sentence is scanned once, longest match
first. Towns are not in the trie: a document's towns are those of the counties it names
(`divisions().towns(county)`), matched per document by the organisation finder (`add_towns`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.divisions import Division, divisions
from loaders.model import LoaderError, slugify
from loaders.vocabulary import WordMatcher, longest_first, read_data, trie_regex
from ontology import node_types

# County-level units of the table that are zones, not districts (成都高新技术产业开发区 …): parks.
_ZONE = re.compile(r"开发区|高新区|产业园|管委会|委员会|合作区|试验区|示范区|新城$")
# The level character of a division's own bodies: 永川区 → 区委, 中江县 → 县委, 广汉市 → 市委.
_LEVEL_OF = (("自治县", "县"), ("县", "县"), ("区", "区"), ("市", "市"), ("旗", "旗"))


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    label: str
    type: str
    part_of: str | None = None
    state_owned: bool | None = None
    code: str | None = None  # the division code, for a province, city or county of the national table
    level: str | None = None  # the level character of a level body (区 of 区委, 县 of 县政府)


def level_char(division: Division) -> str:
    """The character a division's own bodies start with: 区, 县, 市, 省 or 旗."""
    if division.level == "province":
        return "市" if division.name.endswith("市") else "省"
    if division.level == "city":
        return "市"
    return next((char for suffix, char in _LEVEL_OF if division.name.endswith(suffix)), "区")


class Gazetteer:
    """The gazetteer as lookups: every written form → entry, and one compiled trie over all forms."""

    def __init__(self, data: dict) -> None:
        self.entries: dict[str, GazetteerEntry] = {}
        self.names: dict[str, GazetteerEntry] = {}
        self.local: dict[str, GazetteerEntry] = {}  # short names valid in the home district only
        self.divisions: dict[str, list[Division]] = {}  # a division's label → every division of that name
        self._explicit(data.get("organisations") or [])
        self._level_bodies(data.get("level_bodies") or [], data.get("levels") or ["区"])
        self._national(data.get("division_aliases") or {}, frozenset(data.get("generic_division_names") or ()))
        self._standing_committees(data.get("standing_committee_suffixes") or [])
        self.not_county_endings = longest_first(data.get("not_county_endings") or [])
        self.matcher = WordMatcher([*self.names, *self.local])
        # A level's bodies after a division's name: 永川区 + 人民政府 → 区政府; 重庆市 + 委 → 市委.
        self.level_rest: dict[str, dict[str, GazetteerEntry]] = {}
        for form, entry in self.names.items():
            if entry.level and form.startswith(entry.level) and len(form) > 1:
                self.level_rest.setdefault(entry.level, {}).setdefault(form[1:], entry)
        self.level_rest_regex = {level: re.compile(trie_regex(table)) for level, table in self.level_rest.items()}

    # ------------------------------------------------------------------ building

    def _add(self, entry: GazetteerEntry, forms, *, replace: bool = False) -> None:
        if entry.label in self.entries and not replace:
            return
        self.entries[entry.label] = entry
        for form in forms:
            known = self.names.get(form)
            if known is not None and known.label != entry.label:
                continue  # the form is another entry's already (explicit entries come first)
            self.names[form] = entry

    def _explicit(self, raw_entries: list[dict]) -> None:
        types = node_types()
        for raw in raw_entries:
            label, type_ = raw["label"], raw["type"]
            if type_ not in types or not types[type_].is_organization:
                raise LoaderError(f"gazetteer: {label}: {type_!r} is not an organisation type of the ontology")
            if label in self.entries:
                raise LoaderError(f"gazetteer: {label} is listed twice")
            level = label[0] if label[0] in "区县市省旗" and type_ in ("Department", "Institution") else None
            entry = GazetteerEntry(label, type_, raw.get("part_of"), raw.get("stateOwned"), level=level)
            for form in [label, *(raw.get("aliases") or [])]:
                known = self.names.get(form)
                if known is not None and known.label != label:
                    raise LoaderError(f"gazetteer: {form} names both {known.label} and {label}")
            self._add(entry, [label, *(raw.get("aliases") or [])])
            for form in raw.get("local_aliases") or []:
                self.local[form] = entry

    def _level_bodies(self, raw_entries: list[dict], levels: list[str]) -> None:
        """区委 → 区委, 县委, 市委, 省委, 旗委: one body written once, at every level of government."""
        for level in levels:
            for raw in raw_entries:
                label = _at_level(raw["label"], level)
                entry = GazetteerEntry(label, raw["type"], level=level)
                self._add(entry, [label, *(_at_level(a, level) for a in raw.get("aliases") or [])])

    def _national(self, aliases: dict[str, list[str]], generic: frozenset[str]) -> None:
        """Provinces, cities and counties of the national table, with their short names: a province's and
        a city's name it anywhere (四川, 泸州); a county's only in a document about it (local)."""
        table = divisions()
        for division in table.levels("province", "city", "county"):
            type_ = division.type
            if division.name in generic:
                continue  # 城区, 郊区, 矿区: counties whose name is a common word
            if division.level == "county" and _ZONE.search(division.name):
                type_ = "Park"
            self.divisions.setdefault(division.name, []).append(division)
            parent = table.parent(division)
            entry = GazetteerEntry(division.name, type_, parent.name if parent else None, code=division.code)
            forms = [division.name, *aliases.get(division.name, ())]
            if division.level != "county" and len(division.short) >= 2:
                forms.append(division.short)
            self._add(entry, forms)
            if division.level == "county" and len(division.short) >= 2 and division.short != division.name:
                self.local.setdefault(division.short, self.entries[division.name])
        for old, division in table.renamed.items():
            self.names.setdefault(old, self.entries[division.name])

    def _standing_committees(self, suffixes: list[str]) -> None:
        """A body's standing committee is a body of its own, and its longer name wins over the prefix:
        区人大常委会 / 区人大常务委员会 is 区人大常委会, not 区人大 (the first suffix is the label's)."""
        if not suffixes:
            return
        for form, entry in list(self.names.items()):
            if entry.type != "Department" or form.endswith(tuple(suffixes)):
                continue
            label = entry.label + suffixes[0]
            committee = self.entries.get(label)
            if committee is None:
                committee = self.entries[label] = GazetteerEntry(label, "Department", entry.part_of,
                                                                 level=entry.level)
            for suffix in suffixes:
                self.names.setdefault(form + suffix, committee)

    @cache  # noqa: B019 - one gazetteer per process
    def homophones(self) -> frozenset[str]:
        """Division names whose readable id would be another division's (苏州市 and 宿州市: su-zhou-shi)."""
        seen: dict[tuple[str, str], set[str]] = {}
        for label in self.divisions:
            entry = self.entries.get(label)
            if entry is not None and entry.code:
                seen.setdefault((entry.type, slugify(label)), set()).add(label)
        return frozenset(label for labels in seen.values() if len(labels) > 1 for label in labels)

    # ------------------------------------------------------------------ lookups

    def lookup(self, name: str, home: str | None = None) -> GazetteerEntry | None:
        entry = self.names.get(name)
        if entry is None and home is not None:
            local = self.local.get(name)
            if local is not None and (local.part_of == home or local.label == home):
                entry = local
        return entry

    def division(self, label: str, near: list[Division] = ()) -> Division | None:
        """The national division an entry's label stands for: of several of that name (朝阳区 of Beijing
        and of Changchun), the one sharing a parent with the divisions `near` (the document's home)."""
        found = self.divisions.get(label)
        if not found:
            return None
        if len(found) == 1 or not near:
            return found[0]
        parents = {d.code for d in near} | {d.parent for d in near}
        return next((d for d in found if d.parent in parents), found[0])

    def short(self, label: str) -> str:
        """The short name of a division (金华市 → 金华, 西区街道 stays itself: not a division of the table)."""
        division = self.division(label)
        return division.short if division is not None else label


def _at_level(name: str, level: str) -> str:
    """区委 → 县委 (the level character opens the name, or follows 团: 团区委 → 团县委)."""
    if name.startswith("区"):
        return level + name[1:]
    if name.startswith("团区"):
        return "团" + level + name[2:]
    return name


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(read_data("gazetteer.yaml"))
