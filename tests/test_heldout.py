"""Held-out documents: written (with their gold) by someone who never saw the extractor code.

Round 1 (tests/fixtures/heldout/: Bishan meeting page, Dazu plan report) was scored once, blind; its
errors then led to generic rule fixes. Round 2 (tests/fixtures/heldout2/: Tongliang meeting page, Tongnan
plan report) was written meanwhile and scored once, blind, after those fixes; its errors led to a second
set of generic fixes. Both rounds are therefore seen documents now: the blind figures recorded below are
the honest estimate of what the loaders do on a new district's documents, and a round 3 is owed before
the next claim.

The thresholds sit a little below the measured figures; they guard against regressions, they do not
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

FIXTURES = Path(__file__).parent / "fixtures"
MEETINGS = ["heldout/bishan-2025q3-meeting-speeches.yaml", "heldout2/tongliang-2025q2-meeting-speeches.yaml"]
REPORTS = ["heldout/dazu-2024-plan-report.yaml", "heldout2/tongnan-2024-plan-report.yaml"]


def _extract(gold_name: str):
    path = FIXTURES / gold_name.removesuffix(".yaml")
    return loaders.extract(loaders.read_document(path.with_suffix(".txt")))


@pytest.fixture(scope="module", params=MEETINGS)
def meeting(request):
    return request.param, load_gold(request.param), _extract(request.param)


@pytest.fixture(scope="module", params=REPORTS)
def plan_report(request):
    return request.param, load_gold(request.param), _extract(request.param)


def _label(extraction, entity_id):
    return extraction.entities[entity_id].label


def test_heldout_meeting(meeting):
    name, gold, extraction = meeting
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
    report(f"HELD-OUT {name}", [posts, initiatives, organisations, projects, status, policies, programmes, owners, issuers])
    THRESHOLDS[name].check(posts=posts, initiatives=initiatives, organisations=organisations, projects=projects,
                             policies=policies, programmes=programmes)
    assert not not_policies, f"media taken for policies: {sorted(not_policies)}"


def test_heldout_plan_report(plan_report):
    name, gold, extraction = plan_report
    organisations = organisation_score("organisations", extraction, gold)
    projects, status, links = _project_scores(gold, extraction)
    policies, _actions, not_policies = _policy_scores(gold, extraction)
    clusters = _cluster_scores(gold, extraction)
    programmes = _programme_scores(gold, extraction)
    indicators, values = _indicator_scores(gold, extraction)
    report(f"HELD-OUT {name}", [organisations, clusters, links, projects, status, policies, programmes, indicators, values])
    THRESHOLDS[name].check(organisations=organisations, clusters=clusters, links=links, projects=projects,
                            policies=policies, indicators=indicators)
    assert not not_policies, f"media or reports taken for policies: {sorted(not_policies)}"


class _Thresholds(dict):
    def check(self, **scores):
        for name, result in scores.items():
            precision, recall = self[name]
            assert result.precision >= precision and result.recall >= recall, f"{name}: {result.line()}"


# (precision, recall) floors. Round 1, first blind measurement → after the generic fixes (2026-11-22):
#   meeting: posts 0.83/0.83 → 1.0/1.0, initiatives 1.0/1.0, organisations 1.0/0.93, projects 0.89/0.53 → 1.0/1.0,
#            policies 1.0/1.0, programmes 1.0/0.83 → 1.0/1.0
#   report:  organisations 0.74/0.94 → 0.94/0.94, clusters 1.0/1.0, links 1.0/0.91 → 1.0/1.0,
#            projects 1.0/0.93 → 1.0/1.0, policies 1.0/1.0, indicators 1.0/1.0
THRESHOLDS_MEETING = _Thresholds(
    posts=(0.95, 0.95), initiatives=(0.95, 0.95), organisations=(0.95, 0.9), projects=(0.9, 0.9),
    policies=(0.95, 1.0), programmes=(0.95, 0.9),
)
THRESHOLDS_REPORT = _Thresholds(
    organisations=(0.9, 0.9), clusters=(0.95, 0.95), links=(0.95, 0.95), projects=(0.95, 0.95),
    policies=(0.95, 1.0), indicators=(0.95, 0.95),
)


THRESHOLDS = {
    MEETINGS[0]: THRESHOLDS_MEETING,
    REPORTS[0]: THRESHOLDS_REPORT,
    # Round 2, measured once blind after the round-1 fixes → after the round-2 fixes (2026-11-22):
    #   meeting: posts 0.83/0.83 → 1.0/1.0 (区交通运输局 had resolved to the gazetteer's short 区交通局),
    #            initiatives 0.80/0.80 → 1.0/1.0, organisations 0.80/0.75 → 0.94/1.0, projects 0.92/0.55 → 1.0/1.0
    #            (platforms, routes, workshops, product lines), policies 0.75/1.0 → 1.0/1.0 (a TV show had been
    #            taken for a policy), programmes 0.86/0.86
    #   report:  organisations 1.0/0.83 → 1.0/0.96, clusters 1.0/0.45 → 1.0/1.0 (a six-cluster list had been
    #            missed), links 1.0/1.0, projects 1.0/0.94 → 1.0/1.0, policies 1.0/1.0, indicators 0.81/1.0 → 1.0/1.0
    MEETINGS[1]: _Thresholds(
        posts=(0.95, 0.95), initiatives=(0.95, 0.95), organisations=(0.9, 0.95), projects=(0.95, 0.95),
        policies=(0.95, 1.0), programmes=(0.8, 0.8),
    ),
    REPORTS[1]: _Thresholds(
        organisations=(0.95, 0.9), clusters=(0.95, 0.95), links=(0.95, 0.95), projects=(0.95, 0.95),
        policies=(0.95, 1.0), indicators=(0.95, 0.95),
    ),
}


def test_gold_files_exist():
    assert all((GOLD / name).exists() for name in MEETINGS + REPORTS)
