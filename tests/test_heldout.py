"""Held-out documents: written (with their gold) by someone who never saw the extractor code.

Round 1 (tests/fixtures/heldout/: Bishan meeting page, Dazu plan report) was scored once, blind; its
errors then led to generic rule fixes, so it is now a seen document and its first figures are recorded
below. Round 2 (tests/fixtures/heldout2/: Tongliang meeting page, Tongnan plan report) was written while
those fixes were made and scored once after them, without tuning: it is the honest estimate of what the
loaders do on a new district's documents.

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
    assert len(not_policies) <= THRESHOLDS[name].media_taken_for_policies, f"media taken for policies: {sorted(not_policies)}"


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
    assert len(not_policies) <= THRESHOLDS[name].media_taken_for_policies, f"media or reports taken for policies: {sorted(not_policies)}"


class _Thresholds(dict):
    media_taken_for_policies = 0  # 《》 titles the gold says are media or reports, taken for policies

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
    # Round 2, measured once, blind, after the round-1 fixes (2026-11-22):
    #   meeting: posts 0.83/0.83 (区交通运输局 resolved to the gazetteer's 区交通局), initiatives 0.80/0.80 (same
    #            cause), organisations 0.80/0.75, projects 0.92/0.55 (platforms, routes, workshops missed),
    #            policies 0.75/1.0 (the show 《龙舞中华》 taken for a policy), programmes 0.86/0.86
    #   report:  organisations 1.0/0.83, clusters 1.0/0.45 (the 6-cluster tier's list missed), links 1.0/1.0,
    #            projects 1.0/0.94, policies 1.0/1.0, indicators 0.81/1.0 (consumption rows taken as indicators)
    MEETINGS[1]: _Thresholds(
        posts=(0.8, 0.8), initiatives=(0.75, 0.75), organisations=(0.75, 0.7), projects=(0.85, 0.5),
        policies=(0.7, 1.0), programmes=(0.8, 0.8),
    ),
    REPORTS[1]: _Thresholds(
        organisations=(0.95, 0.8), clusters=(0.95, 0.4), links=(0.95, 0.95), projects=(0.95, 0.9),
        policies=(0.95, 1.0), indicators=(0.75, 0.95),
    ),
}
THRESHOLDS[MEETINGS[1]].media_taken_for_policies = 1


def test_gold_files_exist():
    assert all((GOLD / name).exists() for name in MEETINGS + REPORTS)
