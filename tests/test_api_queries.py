"""The read model (graph/queries.py) and the search index on a small graph built by hand, where the point
is the shape of the answers, the ranking and the caching rather than what the loaders find."""

from __future__ import annotations

import pytest

from api.app import create_app
from api.settings import Settings
from graph import queries
from graph.search import SearchIndex
from graph.store import KnowledgeGraph
from tests.api_sample import sample_extraction

DEPARTMENT = "department-qu-jing-ji-xin-xi-wei"
PERSON = "person-li-guo-cai"


@pytest.fixture
def kg():
    kg = KnowledgeGraph.in_memory()
    kg.ingest(sample_extraction())
    return kg


def test_every_relation_carries_its_evidence(kg):
    org = queries.organization(kg, DEPARTMENT)
    links = org["officials"] + org["initiatives"] + org["projects"] + org["policies"]
    assert len(links) == 4
    for link in links:
        (evidence,) = link["evidence"]
        assert set(evidence) == set(queries.EVIDENCE_KEYS)
        assert evidence["document"] == "document-sample"
        assert evidence["sentence_start"] <= evidence["start"] < evidence["end"] <= evidence["sentence_end"]
    assert org["officials"][0]["titles"] == "党组书记、主任"


def test_cluster_tree_and_filters(kg):
    (system,) = queries.cluster_tree(kg)
    assert system["attributes"]["code"] == "2515"
    (tier,) = system["tiers"]
    (cluster,) = tier["clusters"]
    assert (system["project_count"], tier["project_count"], cluster["project_count"]) == (1, 1, 1)
    assert queries.cluster_projects(kg, system["id"], status="在建") == []
    assert len(queries.cluster_projects(kg, system["id"], status="开工建设", year=2024)) == 1
    with pytest.raises(queries.InvalidParameter):
        queries.projects(kg, status="flying")


def test_indicator_met_from_growth_when_the_document_does_not_say():
    assert queries._met({"growth": 8.1, "targetGrowth": 7}) is True
    assert queries._met({"growth": 6.0, "targetGrowth": 7}) is False
    assert queries._met({"growth": 6.0, "targetGrowth": 7, "targetMet": True}) is True
    assert queries._met({"growth": 6.0}) is None


def test_caches_follow_ingest(kg):
    assert queries.search(kg, "金龙镇")
    assert not queries.search(kg, "白沙镇")
    text = "白沙镇党委书记 王 五\n白沙镇开工建设白沙工业园项目。\n"
    extraction = sample_extraction(name="other.txt", text=text)
    extraction.document.id, extraction.document.sha256 = "document-other", "1" * 64
    for entity in extraction.entities.values():
        entity.evidence = []
    extraction.relations.clear()
    extraction.add_entity("Town", "白沙镇")
    kg.ingest(extraction)
    queries.invalidate(kg)
    assert [h["label"] for h in queries.search(kg, "白沙镇")] == ["白沙镇"]


def test_a_write_through_another_handle_is_noticed(kg, monkeypatch):
    queries.catalog(kg)
    monkeypatch.setattr(queries, "RECHECK_SECONDS", 0.0)
    extraction = sample_extraction(name="other.txt")
    extraction.document.id, extraction.document.sha256 = "document-other", "2" * 64
    extraction.add_entity("Town", "板桥镇")
    kg.ingest(extraction)  # no invalidate(): the new document hash changes the generation
    assert "town-ban-qiao-zhen" in queries.catalog(kg)


def test_neighbors_and_path_leave_documents_out_unless_asked(kg):
    around = queries.neighbors(kg, PERSON, depth=3)
    assert not any(n["type"] == "Document" for n in around["nodes"])
    with pytest.raises(queries.NotFound) as error:
        queries.path(kg, PERSON, "town-jin-long-zhen")
    assert error.value.code == "no_path"
    via = queries.path(kg, PERSON, "town-jin-long-zhen", via_documents=True)
    assert via["length"] == 2 and via["nodes"][1]["type"] == "Document"


def test_ids_are_stable_across_restarts(tmp_path):
    settings = Settings(_env_file=None, store=tmp_path / "store", build_on_empty=False)
    kg = KnowledgeGraph(settings.store)
    kg.ingest(sample_extraction())
    first = sorted(queries.catalog(kg))
    kg.close()
    app = create_app(settings)  # reopens the persistent store
    try:
        assert sorted(queries.catalog(app.state.kg)) == first
    finally:
        app.state.kg.close()


# ---------------------------------------------------------------------------------------------- search


@pytest.fixture(scope="module")
def index():
    return SearchIndex([
        ("department-a", "Department", "区经济信息委", ["区经信委"]),
        ("cluster-a", "IndustryCluster", "智能网联新能源汽车产业", []),
        ("project-a", "Project", "华雄智能网联汽车产业园", []),
        ("person-a", "Person", "李国财", []),
        ("system-a", "IndustryClusterSystem", "“2515”集群体系", []),
        ("district-a", "District", "永川区", ["永川"]),
        ("park-a", "Park", "永川高新区", []),
    ])


@pytest.mark.parametrize(("query", "label", "match"), [
    ("区经济信息委", "区经济信息委", "exact"),
    ("区经信委", "区经济信息委", "exact"),  # an alias
    ("区经济", "区经济信息委", "prefix"),
    ("信息委", "区经济信息委", "substring"),
    ("qujingjixinxiwei", "区经济信息委", "pinyin"),
    ("qu jing ji", "区经济信息委", "pinyin"),
    ("jingji", "区经济信息委", "pinyin"),  # from a syllable boundary
    ("qjjxxw", "区经济信息委", "initials"),
    ("jjxxw", "区经济信息委", "initials"),
    ("zhì néng wǎng lián", "智能网联新能源汽车产业", "pinyin"),
    ("zhi4neng2", "智能网联新能源汽车产业", "pinyin"),
    ("LiGuoCai", "李国财", "pinyin"),
    ("2515", "“2515”集群体系", "substring"),
    ("智能网连新能源", "智能网联新能源汽车产业", "fuzzy"),
])
def test_search_matches(index, query, label, match):
    top = index.search(query)[0]
    assert (top.label, top.match) == (label, match)


def test_search_ranking(index):
    hits = index.search("永川")
    assert [h.match for h in hits] == ["exact", "prefix"]  # 永川区 by its alias, then 永川高新区
    assert hits[0].label == "永川区"
    both = index.search("智能网联")
    assert [h.label for h in both] == ["智能网联新能源汽车产业", "华雄智能网联汽车产业园"]  # prefix > substring
    assert not any(h.match == "pinyin" for h in index.search("ngji"))  # not from a syllable boundary


def test_search_filters_and_limits(index):
    assert [h.type for h in index.search("永川", types=["Park"])] == ["Park"]
    assert len(index.search("产业", limit=1)) == 1
    assert index.search("") == [] and index.search("   ") == []
    assert index.search("zzzzzzzzqqqq") == []
