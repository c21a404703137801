"""China's administrative divisions: every province, city, county and town, and the villages of each town.

The table is jionlp's `china_location.zip` (Apache-2.0, kept current by its maintainers from the national
statistics bureau's division codes): province → prefecture city → county-level division (district,
county, county-level city, with its six-digit code and short name) → town, township or subdistrict →
village or community. It is read straight from jionlp's package folder, without importing jionlp (whose
import prints a banner and costs half a second), once per process, and only as far as needed: the
provinces, cities and counties at once (one regular expression over the file), the towns and villages
of a county when a document asks for them.

`divisions()` is the table; its lookups:

    table.named("永川区")         -> [Division]           # every division of that full name
    table.parent(division)        -> Division | None       # a town's county, a county's city …
    table.chain(division)         -> [county, city, province] upwards
    table.towns(county)           -> {name: Division}     # 三教镇, 中山路街道, …
    table.villages(county)        -> {name: town name}     # 通明村 → 板桥镇
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from loaders.model import LoaderError
from loaders.vocabulary import jionlp_file

# A coded line: depth (tabs), full name, six-digit code, short name.
_CODED = re.compile(r"^(\t{0,2})([^\t\r\n]+)\t(\d{6})\t([^\t\r\n]*)\r?$", re.M)
_TOWN = re.compile(r"^\t\t\t([^\t\r\n]+)\r?$", re.M)
_TOWN_OR_VILLAGE = re.compile(r"^(\t{3,4})([^\t\r\n]+)\r?$", re.M)
_LEVELS = ("province", "city", "county")
# What a town-level name ends with, and the node type it is (other town-level units — farms, zones — are
# not towns).
TOWN_TYPES = (("街道", "Subdistrict"), ("镇", "Town"), ("乡", "Town"), ("苏木", "Town"))
VILLAGE_TYPES = (("社区", "Community"), ("村", "Village"), ("嘎查", "Village"))
NODE_TYPES = {"province": "Province", "city": "City", "county": "District"}


@dataclass(frozen=True, slots=True)
class Division:
    name: str  # the full name: 永川区, 泸州市, 四川省, 三教镇
    level: str  # province | city | county | town
    code: str | None  # the six-digit division code (towns have none in the table)
    short: str  # the short name: 永川, 泸州, 四川 (a town's is its name without 镇/乡/街道)
    parent: str | None  # the parent's code (a town's: its county's)

    @property
    def type(self) -> str:
        """The ontology node type: Province, City, District, Town or Subdistrict."""
        if self.level == "town":
            return next(t for suffix, t in TOWN_TYPES if self.name.endswith(suffix))
        return NODE_TYPES[self.level]


def _table_path() -> Path:
    path = jionlp_file("china_location.zip")
    if path is None:
        raise LoaderError("the national division table needs the jionlp package (pip install jionlp)")
    return path


class Divisions:
    def __init__(self, text: str, changes: str = "") -> None:
        self._text = text
        self.by_code: dict[str, Division] = {}
        self._names: dict[str, list[Division]] = {}
        self._spans: dict[str, tuple[int, int]] = {}  # county code → its towns' and villages' lines
        stack: list[Division | None] = [None, None, None]
        matches = list(_CODED.finditer(text))
        for k, match in enumerate(matches):
            depth = len(match.group(1))
            name, code, short = match.group(2), match.group(3), match.group(4) or match.group(2)
            parent = stack[depth - 1] if depth else None
            if depth == 1 and parent is not None and code == parent.code:
                stack[1] = parent  # a municipality's city level repeats the province (重庆市 500000)
                continue
            division = Division(name, _LEVELS[depth], code, short, parent.code if parent else None)
            stack[depth] = division
            for deeper in range(depth + 1, 3):
                stack[deeper] = None
            self.by_code[code] = division
            self._names.setdefault(name, []).append(division)
            if depth == 2:
                end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
                self._spans[code] = (match.end(), end)
        self.renamed = self._renamed(changes)

    def _renamed(self, changes: str) -> dict[str, Division]:
        """Former names of counties (平泉县 → 平泉市): a document older than the change still names them."""
        result: dict[str, Division] = {}
        for line in changes.splitlines():
            old, _, new = line.partition("=>")
            old_parts, new_parts = old.split("\t"), new.strip().split("\t")
            if len(old_parts) < 8 or len(new_parts) < 3:
                continue
            old_name, new_name = old_parts[6], new_parts[-1]
            current = [d for d in self._names.get(new_name, ()) if d.level == "county"]
            if old_name != new_name and len(current) == 1 and old_name not in self._names:
                result[old_name] = current[0]
        return result

    def named(self, name: str) -> list[Division]:
        return self._names.get(name, []) or ([self.renamed[name]] if name in self.renamed else [])

    def levels(self, *levels: str) -> list[Division]:
        return [d for d in self.by_code.values() if d.level in levels]

    def parent(self, division: Division) -> Division | None:
        """The division directly above (a town's county, a county's city, a city's province), or None."""
        return self.by_code.get(division.parent) if division.parent else None

    def chain(self, division: Division) -> list[Division]:
        """The division's parents, nearest first: a town's county, city and province."""
        result = []
        code = division.parent
        while code is not None:
            parent = self.by_code[code]
            result.append(parent)
            code = parent.parent
        return result

    @cache  # noqa: B019 - one table per process; the cache lives as long as it does
    def towns(self, county: Division) -> dict[str, Division]:
        """The towns, townships and subdistricts of a county, by full name."""
        start, end = self._spans.get(county.code or "", (0, 0))
        result = {}
        for match in _TOWN.finditer(self._text, start, end):
            name = match.group(1).strip()
            kind = next((suffix for suffix, _ in TOWN_TYPES if name.endswith(suffix)), None)
            if kind is not None and len(name) > len(kind):
                result[name] = Division(name, "town", None, name[: -len(kind)], county.code)
        return result

    @cache  # noqa: B019
    def villages(self, county: Division) -> dict[str, str]:
        """The villages and communities of a county: name → the name of its town."""
        start, end = self._spans.get(county.code or "", (0, 0))
        result: dict[str, str] = {}
        town = ""
        for match in _TOWN_OR_VILLAGE.finditer(self._text, start, end):
            name = match.group(2).strip()
            if len(match.group(1)) == 3:
                town = name
            elif name.endswith(tuple(suffix for suffix, _ in VILLAGE_TYPES)):
                result.setdefault(name, town)
        return result


@cache
def divisions() -> Divisions:
    path = _table_path()
    try:
        with zipfile.ZipFile(path) as archive:
            text = archive.read("china_location.txt").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise LoaderError(f"cannot read the national division table {path}: {error}") from None
    changes = path.with_name("china_location_change.txt")
    return Divisions(text, changes.read_text(encoding="utf-8") if changes.exists() else "")
