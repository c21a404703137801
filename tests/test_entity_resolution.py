"""One node per real thing: aliases merge, the same thing in two documents is one id, and names that
mean different things in different districts (区委, 区公安局, officials) do not merge."""

from __future__ import annotations

import loaders
from loaders.model import make_id
from tests.scoring import UNSEEN


def _by_label(extraction, type_):
    return {e.label: e for e in extraction.of_type(type_)}


def test_aliases_resolve_to_one_department(bundled_extractions):
    speeches = bundled_extractions["yongchuan-2024q2-meeting-speeches.txt"]
    departments = [e for e in speeches.of_type("Department") if "卫" in e.label and "健" in e.label and e.label.startswith("区")]
    assert len(departments) == 1, [(e.label, e.aliases) for e in departments]
    (health,) = departments
    assert {health.label, *health.aliases} >= {"区卫生健康委", "区卫健委"}


def test_the_same_thing_in_both_documents_is_one_id(bundled_extractions):
    report, speeches = (bundled_extractions[n] for n in sorted(bundled_extractions))
    shared = set(report.entities) & set(speeches.entities)
    assert make_id("District", "永川区") in shared
    enterprise = _by_label(speeches, "Enterprise")["永高新集团"]
    assert enterprise.id in report.entities
    systems = {e.id for e in report.of_type("IndustryClusterSystem")} & {e.id for e in speeches.of_type("IndustryClusterSystem")}
    assert len(systems) == 1, "the “2515” system the report lays out is the one the speech cites"


def test_district_relative_names_do_not_merge_across_districts(bundled_extractions):
    yongchuan = bundled_extractions["yongchuan-2024q2-meeting-speeches.txt"]
    jiangjin = loaders.extract(loaders.read_document(UNSEEN / "jiangjin-2025q1-meeting-speeches.txt"))
    assert yongchuan.home_district == "永川区" and jiangjin.home_district == "江津区"
    assert _by_label(yongchuan, "Department")["区委"].id != _by_label(jiangjin, "Department")["区委"].id
    assert not {e.id for e in yongchuan.of_type("Person")} & {e.id for e in jiangjin.of_type("Person")}


def test_ids_are_stable_and_readable(bundled_extractions):
    """Ids are part of the public API (URLs, exports): they must not change between builds."""
    speeches = bundled_extractions["yongchuan-2024q2-meeting-speeches.txt"]
    assert "department-yong-chuan-qu-jing-ji-xin-xi-wei" in speeches.entities
    assert "person-yong-chuan-li-guo-cai" in speeches.entities
    assert "subdistrict-sheng-li-lu-jie-dao" in speeches.entities
    again = loaders.extract(loaders.read_document(loaders.bundled_corpus()[1]))
    assert set(again.entities) == set(speeches.entities)
