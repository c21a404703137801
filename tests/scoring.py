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
_DROP = str.maketrans("", "", " \u3000\t\r\n“”‘’\"'「」『』《》")
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
