"""Precision/recall of extracted facts against the hand-checked gold sets in tests/gold/.

Labels are compared after `normalise`: the same name written with other quotes, brackets, spaces or a
trailing 等/项目 is the same name. Items the gold marks `borderline` count neither way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GOLD = Path(__file__).parent / "gold"
UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
_DROP = str.maketrans("", "", " \u3000\t\r\n“”‘’\"'「」『』《》〈〉")
_SUFFIXES = ("等项目", "等工程", "项目", "等")


def load_gold(name: str) -> dict:
    return yaml.safe_load((GOLD / name).read_text(encoding="utf-8"))


def normalise(label: str) -> str:
    text = unicodedata.normalize("NFKC", str(label)).translate(_DROP)
    text = text.replace("（", "(").replace("）", ")").replace("—", "-").replace("－", "-")
    for suffix in _SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
            break
    return text


@dataclass
class Score:
    name: str
    precision: float
    recall: float
    true_positives: int
    predicted: int
    expected: int
    missing: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    @property
    def f1(self) -> float:
        if self.precision + self.recall == 0:
            return 0.0
        return 2 * self.precision * self.recall / (self.precision + self.recall)

    def line(self) -> str:
        return (
            f"{self.name:<38} P={self.precision:5.3f} R={self.recall:5.3f} F1={self.f1:5.3f} "
            f"(tp {self.true_positives}, predicted {self.predicted}, expected {self.expected})"
        )


def score(name: str, predicted, expected, ignore=()) -> Score:
    """Score two collections of hashable items (tuples of labels are fine); labels are normalised."""
    norm = _normaliser()
    ignored = {norm(i) for i in ignore}
    pred = {norm(p) for p in predicted} - ignored
    gold = {norm(e) for e in expected} - ignored
    tp = pred & gold
    precision = len(tp) / len(pred) if pred else (1.0 if not gold else 0.0)
    recall = len(tp) / len(gold) if gold else 1.0
    return Score(name, precision, recall, len(tp), len(pred), len(gold), sorted(gold - pred, key=str), sorted(pred - gold, key=str))


def _normaliser():
    def norm(item):
        if isinstance(item, tuple):
            return tuple(normalise(x) if isinstance(x, str) else x for x in item)
        return normalise(item) if isinstance(item, str) else item

    return norm


# Tables reported during the run; conftest.py prints them in pytest's terminal summary.
REPORTED: list[str] = []


def report(title: str, scores: list[Score]) -> str:
    """Record a score table; it is printed at the end of the pytest run (and returned)."""
    lines = [f"== {title}"] + [s.line() for s in scores]
    for s in scores:
        if s.missing:
            lines.append(f"   {s.name} missing: {s.missing[:15]}")
        if s.extra:
            lines.append(f"   {s.name} extra:   {s.extra[:15]}")
    text = "\n".join(lines)
    REPORTED.append(text)
    return text


# ---------------------------------------------------------------------------------------------- gold aliases


def alias_map(items: list[dict], key: str) -> dict[str, str]:
    """normalised alias (and name) → normalised canonical name, from gold items with `aliases` lists."""
    result: dict[str, str] = {normalise(item[key]): normalise(item[key]) for item in items or ()}
    for item in items or ():  # a name is itself before it is another item's alias
        for alias in item.get("aliases") or ():
            result.setdefault(normalise(alias), normalise(item[key]))
    return result


def canonical(labels, aliases: dict[str, str]) -> str:
    """The gold name one of an entity's labels (label first, then its aliases) stands for, else its label."""
    labels = list(labels)
    for label in labels:
        name = aliases.get(normalise(label))
        if name is not None:
            return name
    return normalise(labels[0])


def borderline(gold: dict, kind: str, aliases: dict[str, str]) -> set[str]:
    """Normalised borderline names of one kind, minus those that are gold names or aliases themselves."""
    names = {normalise(x) for x in (gold.get("borderline") or {}).get(kind) or ()}
    return names - set(aliases)


# ---------------------------------------------------------------------------------------------- organisations

ORGANISATION_TYPES = frozenset(
    {"Province", "City", "District", "Department", "Town", "Subdistrict", "Community", "Village", "Enterprise", "Park",
     "Institution"}
)


def organisation_score(name: str, extraction, gold: dict) -> Score:
    """The organisations of an extraction against gold["organizations"], as (label, type) pairs.

    An entity stands for the gold organisation that one of its names (label, then aliases) is, so the
    gazetteer's canonical label (区政府) matches a gold label written as in the text (区人民政府). Entities
    whose names are only borderline count neither way; a wrong type counts as one missing and one extra.
    Areas the national division table adds as parents of named ones (they have no mention) are not counted.
    """
    items = gold.get("organizations") or []
    aliases = alias_map(items, "label")
    ignore = borderline(gold, "organizations", aliases)
    gold_names = set(aliases.values())
    predicted = set()
    for entity in extraction.entities.values():
        if entity.type not in ORGANISATION_TYPES or not entity.evidence:
            continue  # an area the national table adds above one the text names is not read from the text
        names = [entity.label, *sorted(entity.aliases)]
        label = canonical(names, aliases)
        if label not in gold_names and any(normalise(n) in ignore for n in names):
            continue
        predicted.add((label, entity.type))
    expected = {(normalise(item["label"]), item["type"]) for item in items}
    return score(name, predicted, expected)
