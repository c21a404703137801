"""Held-out documents: written (with their gold) by someone who never saw the extractor code, and never
looked at by the people who wrote the rules. No rule was changed after these scores were first measured,
so they are the honest estimate of what the loaders do on a new district's documents.

The thresholds sit a little below the first measured figures; they guard against regressions, not
prove quality. The figures themselves are printed in the terminal summary.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import loaders
from tests.scoring import GOLD, load_gold, organisation_score, report, score
from tests.test_report_extraction import (
    _cluster_scores,
    _indicator_scores,
    _owner_scores,
    _policy_scores,
    _programme_scores,
    _project_scores,
)

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
MEETING = "heldout/bishan-2025q3-meeting-speeches.yaml"
REPORT = "heldout/dazu-2024-plan-report.yaml"


def _extract(gold_name: str):
    path = HELDOUT / (Path(gold_name).stem + ".txt")
    return loaders.extract(loaders.read_document(path))


@pytest.fixture(scope="module")
def meeting():
    return load_gold(MEETING), _extract(MEETING)


@pytest.fixture(scope="module")
def plan_report():
    return load_gold(REPORT), _extract(REPORT)


def _label(extraction, entity_id):
    return extraction.entities[entity_id].label


def test_heldout_meeting(meeting):
    gold, extraction = meeting
    posts = score(
        "posts",
        {(_label(extraction, r.source), _label(extraction, r.target), r.attributes.get("titles"))
         for r in extraction.relations if r.type == "HOLDS_POST"},
        {(o["name"], p["org"], p["titles"]) for o in gold["officials"] for p in o["posts"]},
    )
    owned = {(_label(extraction, r.source), _label(extraction, r.target))
             for r in extraction.relations if r.type == "OWNS" and extraction.entities[r.target].type == "Initiative"}
    initiatives = score(
        "initiatives (owner, lead)",
        owned,
        {(s["org"], lead) for s in gold["speeches"] for lead in s["initiatives"]},
    )
    organisations = organisation_score("organisations", extraction, gold)
    projects, status, _ = _project_scores(gold, extraction)
    policies, _actions, not_policies = _policy_scores(gold, extraction)
    programmes = _programme_scores(gold, extraction)
    owners, issuers = _owner_scores(gold, extraction)
    report(f"HELD-OUT {MEETING}", [posts, initiatives, organisations, projects, status, policies, programmes, owners, issuers])
    THRESHOLDS_MEETING.check(posts=posts, initiatives=initiatives, organisations=organisations, projects=projects,
                             policies=policies, programmes=programmes)
    assert not not_policies, f"media taken for policies: {sorted(not_policies)}"


def test_heldout_plan_report(plan_report):
    gold, extraction = plan_report
    organisations = organisation_score("organisations", extraction, gold)
    projects, status, links = _project_scores(gold, extraction)
    policies, _actions, not_policies = _policy_scores(gold, extraction)
    clusters = _cluster_scores(gold, extraction)
    programmes = _programme_scores(gold, extraction)
    indicators, values = _indicator_scores(gold, extraction)
    report(f"HELD-OUT {REPORT}", [organisations, clusters, links, projects, status, policies, programmes, indicators, values])
    THRESHOLDS_REPORT.check(organisations=organisations, clusters=clusters, links=links, projects=projects,
                            policies=policies, indicators=indicators)
    assert not not_policies, f"media or reports taken for policies: {sorted(not_policies)}"


class _Thresholds(dict):
    def check(self, **scores):
        for name, result in scores.items():
            precision, recall = self[name]
            assert result.precision >= precision and result.recall >= recall, f"{name}: {result.line()}"


# (precision, recall) floors, a little under the first measurement (2026-11-22):
#   meeting: posts 0.83/0.83 (区人大常委会 read as 区人大), initiatives 1.0/1.0, organisations 1.0/0.93,
#            projects 0.89/0.53 (names without a facility word are missed), policies 1.0/1.0, programmes 1.0/0.83
#   report:  organisations 0.74/0.94 (verbs glued to names: 建设棠香街道), clusters 1.0/1.0, links 1.0/0.91,
#            projects 1.0/0.93, policies 1.0/1.0, indicators 1.0/1.0
THRESHOLDS_MEETING = _Thresholds(
    posts=(0.8, 0.8), initiatives=(0.95, 0.95), organisations=(0.95, 0.9), projects=(0.85, 0.5),
    policies=(0.95, 1.0), programmes=(0.95, 0.8),
)
THRESHOLDS_REPORT = _Thresholds(
    organisations=(0.7, 0.9), clusters=(0.95, 0.95), links=(0.95, 0.9), projects=(0.95, 0.9),
    policies=(0.95, 1.0), indicators=(0.95, 0.95),
)


def test_gold_files_exist():
    assert (GOLD / MEETING).exists() and (GOLD / REPORT).exists()
