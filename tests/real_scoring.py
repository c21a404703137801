"""Scores of the loaders on the real documents of tests/fixtures/real/<batch>/ against their gold.

Each document's facts are compared with its hand-written gold (tests/gold/real/<batch>/, conventions in
tests/gold/real/README.md); the batch's figure for a kind is the micro-average over its documents (true
positives, predictions and gold items summed). Run it as a command to see the figures and every miss:

    python -m tests.real_scoring batch1            # the table, per kind, and the worst documents
    python -m tests.real_scoring batch1 --misses   # also each document's missing and extra items

Kinds: organisations (label, type; provinces and cities are borderline, as the gold guide says);
officials with their posts (person, organisation) and the titles of found posts; indicators (name, area, year, period) and, of those, the ones whose value, unit, growth and
target are right; policies (title); projects (name, latest year); and the share of nodes that are no real
thing: entities whose every name is in no list of the gold, borderline included.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import loaders
from tests.scoring import (
    Score,
    alias_map,
    canonical,
    normalise,
    organisation_score,
    score,
)
from tests.test_report_extraction import _policy_scores, _project_scores

ROOT = Path(__file__).parent
FIXTURES = ROOT / "fixtures" / "real"
GOLD = ROOT / "gold" / "real"
# The aims for a blind batch: (precision, recall) floors, None where no aim is set.
AIMS = {
    "organisations": (0.90, 0.85),
    "posts": (None, 0.90),
    "indicators": (None, 0.80),
    "indicator values": (None, 0.80),
    "policies": (None, 0.90),
    "projects": (0.85, 0.70),
}
MAX_NOISE = 0.05


@dataclass
class Case:
    name: str
    gold: dict
    extraction: object


@dataclass
class Tally:
    """Summed counts of one kind over documents."""

    name: str
    tp: int = 0
    predicted: int = 0
    expected: int = 0
    per_document: list = field(default_factory=list)

    def add(self, document: str, result: Score) -> None:
        self.tp += result.true_positives
        self.predicted += result.predicted
        self.expected += result.expected
        self.per_document.append((document, result))

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.expected if self.expected else 1.0

    def line(self) -> str:
        return (f"{self.name:<22} P={self.precision:5.3f} R={self.recall:5.3f} "
                f"(tp {self.tp}, predicted {self.predicted}, gold {self.expected})")


def gold_files(batch: str) -> list[Path]:
    return sorted((GOLD / batch).glob("*.yaml"))


def load_case(path: Path, batch: str) -> Case:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    document = FIXTURES / batch / gold.get("document", path.with_suffix(".txt").name)
    source = loaders.read_document(document)
    return Case(document.name, gold, loaders.extract(source))


def _labels(entity) -> list[str]:
    return [entity.label, *sorted(entity.aliases)]


def _org_aliases(gold: dict) -> dict[str, str]:
    return alias_map(gold.get("organizations"), "label")


def _district(gold: dict) -> str | None:
    source = gold.get("source") or {}
    return source.get("district") or source.get("city")


@functools.cache
def _regions() -> tuple[str, ...]:
    """Every province's and prefecture-level city's name and short name, read from jionlp's table
    directly: the scorer does not use the loaders it measures."""
    spec = importlib.util.find_spec("jionlp")
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"
    with zipfile.ZipFile(path) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    found = re.findall(r"^\t?([^\t\r\n]+)\t\d{6}\t([^\t\r\n]*)\r?$", text, re.M)
    return tuple({name for pair in found for name in pair if name})


def _without_regions(gold: dict) -> dict:
    """The gold with provinces and prefecture-level cities as borderline, as its guide says they are
    (tests/gold/real/README.md): a page names them as regions, and a gold writer may not list them all."""
    gold = dict(gold)
    border = dict(gold.get("borderline") or {})
    border["organizations"] = [*(border.get("organizations") or ()), *_regions()]
    gold["borderline"] = border
    gold["organizations"] = [o for o in gold.get("organizations") or () if o.get("type") not in ("Province", "City")]
    return gold


def post_scores(gold: dict, extraction) -> tuple[Score, Score]:
    """(person, organisation) of every HOLDS_POST; and, of the found posts, whether the titles are right."""
    orgs = _org_aliases(gold)
    entities = extraction.entities
    predicted, titles = set(), {}
    for relation in extraction.relations:
        if relation.type != "HOLDS_POST":
            continue
        person = normalise(entities[relation.source].label)
        org = canonical(_labels(entities[relation.target]), orgs)
        predicted.add((person, org))
        titles[(person, org)] = normalise(relation.attributes.get("titles") or "")
    expected, gold_titles = set(), {}
    for official in gold.get("officials") or ():
        for post in official.get("posts") or ():
            key = (normalise(official["name"]), orgs.get(normalise(post["org"]), normalise(post["org"])))
            expected.add(key)
            gold_titles[key] = normalise(post.get("titles") or "")
    ignored_people = {normalise(x) for x in (gold.get("borderline") or {}).get("officials") or ()}
    predicted = {p for p in predicted if p[0] not in ignored_people}
    posts = score("posts (person, org)", predicted, expected)
    found = sorted(predicted & expected)
    title_score = score("  titles of found posts", {(k, titles[k]) for k in found}, {(k, gold_titles[k]) for k in found})
    return posts, title_score


def indicator_scores(gold: dict, extraction) -> tuple[Score, Score]:
    """(name, area, year, period); and, of those found, the ones whose stated figures are all right."""
    aliases = alias_map(gold.get("indicators"), "name")
    orgs = _org_aliases(gold)
    ignored = {normalise(x) for x in (gold.get("borderline") or {}).get("indicators") or ()}
    home = _district(gold)
    home_key = orgs.get(normalise(home), normalise(home)) if home else None
    measures = {}
    for relation in extraction.relations:
        if relation.type == "MEASURES":
            measures.setdefault(relation.source, extraction.entities[relation.target])
    predicted = {}
    for entity in extraction.of_type("Indicator"):
        name = canonical(_labels(entity), aliases)
        if name in ignored:
            continue
        area = measures.get(entity.id)
        area_key = canonical(_labels(area), orgs) if area is not None else home_key
        period = entity.attributes.get("period") or "year"
        predicted[(name, area_key, entity.attributes.get("year"), str(period))] = entity
    expected = {}
    for item in gold.get("indicators") or ():
        area = item.get("area") or home
        area_key = orgs.get(normalise(area), normalise(area)) if area else None
        expected[(normalise(item["name"]), area_key, item.get("year"), str(item.get("period") or "year"))] = item
    names = score("indicators (name, area, year, period)", set(predicted), set(expected))
    fields = (("value", "value"), ("unit", "unit"), ("growth", "growth"), ("target", "target"),
              ("target_growth", "targetGrowth"), ("met", "targetMet"))

    def same(x, y) -> bool:
        if isinstance(x, bool) or isinstance(y, bool):
            return x == y
        if isinstance(x, int | float) and isinstance(y, int | float):
            return abs(x - y) < 1e-6
        if isinstance(x, str) and isinstance(y, str):
            return normalise(x) == normalise(y)
        return x == y

    right = {
        key for key in set(predicted) & set(expected)
        if all(same(predicted[key].attributes.get(mine), expected[key].get(theirs))
               for theirs, mine in fields if expected[key].get(theirs) is not None)
    }
    values = score("indicator values", right, set(expected))
    return names, values


def _gold_names(gold: dict) -> set[str]:
    """Every name the gold lists anywhere (borderline included): what a node may be called."""
    names: set[str] = set()

    def add(value) -> None:
        if isinstance(value, str) and value:
            names.add(normalise(value))

    def add_named(item: dict, key: str) -> None:  # its name and its aliases
        add(item.get(key))
        for alias in item.get("aliases") or ():
            add(alias)

    for kind, key in (("organizations", "label"), ("projects", "name"), ("indicators", "name")):
        for item in gold.get(kind) or ():
            add_named(item, key)
    for official in gold.get("officials") or ():
        add(official.get("name"))
    for item in gold.get("policies") or ():
        add(item.get("title"))
    for speech in gold.get("speeches") or ():
        for lead in speech.get("initiatives") or ():
            add(lead)
    for item in gold.get("programmes") or ():
        add_named(item, "label")
        add(str(item.get("code") or ""))
    for system in gold.get("cluster_systems") or ():
        add_named(system, "label")
        add(str(system.get("code") or ""))
        for tier in system.get("tiers") or ():
            add(tier.get("label"))
            for cluster in tier.get("clusters") or ():
                add(cluster)
    for values in (gold.get("borderline") or {}).values():
        for value in values or ():
            add(value if isinstance(value, str) else str(value))
    return names


def noise(gold: dict, extraction) -> tuple[int, int, list[str]]:
    """(nodes no gold list names, all nodes, their labels). Documents are not counted; an initiative,
    programme or indicator counts like any other node; a division of the national table (it has a
    division code: a province, city or county placing a town the text names) is a real thing."""
    names = _gold_names(gold)
    junk, total = [], 0
    for entity in extraction.entities.values():
        if entity.type == "Document":
            continue
        total += 1
        if entity.attributes.get("divisionCode"):
            continue
        labels = {normalise(x) for x in _labels(entity)}
        if entity.type == "Programme":
            labels.add(normalise(str(entity.attributes.get("code") or "")))
        if not labels & names:
            junk.append(f"{entity.type}:{entity.label}")
    return len(junk), total, sorted(junk)


@dataclass
class BatchScores:
    batch: str
    tallies: dict[str, Tally]
    junk: int
    nodes: int
    junk_labels: list[tuple[str, list[str]]]
    documents: int

    @property
    def noise_share(self) -> float:
        return self.junk / self.nodes if self.nodes else 0.0

    def lines(self) -> list[str]:
        lines = [f"{self.documents} documents"]
        lines += [t.line() for t in self.tallies.values()]
        lines.append(f"{'nodes no real thing':<22} {self.noise_share:5.3f} ({self.junk} of {self.nodes})")
        return lines


def score_batch(batch: str, cases: list[Case] | None = None) -> BatchScores:
    cases = cases if cases is not None else [load_case(p, batch) for p in gold_files(batch)]
    tallies = {name: Tally(name) for name in (
        "organisations", "posts", "titles", "indicators", "indicator values", "policies", "projects",
        "project status")}
    junk = nodes = 0
    junk_labels = []
    for case in cases:
        gold, extraction = case.gold, case.extraction
        tallies["organisations"].add(case.name, organisation_score("organisations", extraction, _without_regions(gold)))
        posts, titles = post_scores(gold, extraction)
        tallies["posts"].add(case.name, posts)
        tallies["titles"].add(case.name, titles)
        names, values = indicator_scores(gold, extraction)
        tallies["indicators"].add(case.name, names)
        tallies["indicator values"].add(case.name, values)
        policies, _actions, _not = _policy_scores(gold, extraction)
        tallies["policies"].add(case.name, policies)
        projects, status, _links = _project_scores(gold, extraction)
        tallies["projects"].add(case.name, projects)
        tallies["project status"].add(case.name, status)
        j, n, labels = noise(gold, extraction)
        junk += j
        nodes += n
        junk_labels.append((case.name, labels))
    return BatchScores(batch, tallies, junk, nodes, junk_labels, len(cases))


def _main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.real_scoring", description=__doc__.split("\n")[0])
    parser.add_argument("batch", help="a folder of tests/gold/real/, e.g. batch1")
    parser.add_argument("--misses", action="store_true", help="print each document's missing and extra items")
    args = parser.parse_args(argv)
    result = score_batch(args.batch)
    print(f"== real documents, {args.batch}")
    for line in result.lines():
        print(line)
    if args.misses:
        for tally in result.tallies.values():
            for document, item in tally.per_document:
                if item.missing or item.extra:
                    print(f"-- {tally.name} {document}")
                    if item.missing:
                        print(f"   missing: {item.missing}")
                    if item.extra:
                        print(f"   extra:   {item.extra}")
        for document, labels in result.junk_labels:
            if labels:
                print(f"-- no real thing {document}: {labels}")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
