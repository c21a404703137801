"""The gazetteer: every organisation and area the project knows by name, and how each is written.

`loaders/data/gazetteer.yaml` lists departments, groups, parks and institutions with their aliases and
the area each belongs to. `Gazetteer` turns it into lookups (every written form → its entry) and one
compiled trie over all forms, so a sentence is scanned once, longest match first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.model import LoaderError
from loaders.vocabulary import read_data, trie_regex
from ontology import node_types


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    label: str
    type: str
    part_of: str | None = None
    state_owned: bool | None = None



class Gazetteer:
    """The gazetteer as lookups: every written form → entry, and one compiled trie over all forms."""

    def __init__(self, data: dict) -> None:
        types = node_types()
        raw_entries = data.get("organisations") or []
        regions: dict[str, list[str]] = data.get("regions") or {}
        self.entries: dict[str, GazetteerEntry] = {}
        self.names: dict[str, GazetteerEntry] = {}
        self.local: dict[str, GazetteerEntry] = {}  # generic short names valid in the home district only
        parents: dict[str, str | None] = {}
        for raw in raw_entries:
            label, type_ = raw["label"], raw["type"]
            if type_ not in types or not types[type_].is_organization:
                raise LoaderError(f"gazetteer: {label}: {type_!r} is not an organisation type of the ontology")
            entry = GazetteerEntry(label, type_, raw.get("part_of"), raw.get("stateOwned"))
            if label in self.entries:
                raise LoaderError(f"gazetteer: {label} is listed twice")
            self.entries[label] = entry
            parents[label] = entry.part_of
        for raw in raw_entries:
            entry = self.entries[raw["label"]]
            forms = [entry.label, *(raw.get("aliases") or [])]
            if entry.type == "District":
                forms += self._prefixed(entry.label, parents, regions)
            for form in forms:
                known = self.names.get(form)
                if known is not None and known != entry:
                    raise LoaderError(f"gazetteer: {form} names both {known.label} and {entry.label}")
                self.names[form] = entry
            for form in raw.get("local_aliases") or []:
                self.local[form] = entry
        self._standing_committees(data.get("standing_committee_suffixes") or [])
        self.not_county_endings = tuple(sorted(set(data.get("not_county_endings") or []), key=len, reverse=True))
        self.regex = re.compile(trie_regex(list(self.names) + list(self.local)))
        # District departments after a district name: 永川区 + 人民政府 → 区政府; 重庆市 + 委 → 市委.
        self.district_rest = {f[1:]: e for f, e in self.names.items() if f.startswith("区") and len(f) > 1
                              and e.type in ("Department", "Institution")}
        self.city_rest = {f[1:]: e for f, e in self.names.items() if f.startswith("市") and len(f) > 1
                          and e.type in ("Department", "Institution")}
        self.district_rest_regex = re.compile(trie_regex(self.district_rest))
        self.city_rest_regex = re.compile(trie_regex(self.city_rest))

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
                committee = self.entries[label] = GazetteerEntry(label, "Department", entry.part_of)
            for suffix in suffixes:
                self.names.setdefault(form + suffix, committee)

    @staticmethod
    def _prefixed(label: str, parents: dict[str, str | None], regions: dict[str, list[str]]) -> list[str]:
        """泸县 → 四川泸县, 四川省泸县, 泸州市泸县, 四川泸州市泸县; 永川区 → 重庆市永川区, 重庆永川区."""
        chain_entries: list[str] = []
        region_forms: list[str] = []
        parent = parents.get(label)
        seen = {label}
        while parent and parent not in seen:
            seen.add(parent)
            if parent in regions:
                region_forms = list(regions[parent])
            elif parent in parents:
                chain_entries.append(parent)
            parent = parents.get(parent)
        forms = []
        for city in chain_entries[:1]:
            forms.append(city + label)
            forms += [region + city + label for region in region_forms]
        forms += [region + label for region in region_forms]
        return forms

    def lookup(self, name: str, home: str | None = None) -> GazetteerEntry | None:
        entry = self.names.get(name)
        if entry is None and home is not None:
            local = self.local.get(name)
            if local is not None and local.part_of == home:
                entry = local
        return entry


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(read_data("gazetteer.yaml"))
