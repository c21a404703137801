"""The networkx projection and the export formats: right shape, stable, and readable by other tools."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
import rdflib

from graph.export import FORMATS, export, node_link
from graph.network import to_networkx
from graph.store import KnowledgeGraph
from tests.graph_samples import sample_extraction, source

# rdflib's own parsers still use its deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


@pytest.fixture(scope="module")
def kg():
    graph = KnowledgeGraph.in_memory()
    graph.ingest(sample_extraction())
    # The same facts from a second document, which states another status and other titles.
    graph.ingest(sample_extraction(source(name="other-report.txt"), status="completed", titles="局长"))
    yield graph
    graph.close()


# ---------------------------------------------------------------------------------------------- networkx


def test_nodes_are_keyed_by_readable_id_with_their_attributes(kg):
    graph = to_networkx(kg)
    person = graph.nodes["person-gan-yu"]
    assert person == {"type": "Person", "label": "甘宇", "aliases": [], "attributes": {}}
    assert graph.nodes["district-yong-chuan-qu"]["aliases"] == ["永川"]
    indicator = graph.nodes["indicator-2024-di-qu-sheng-chan-zong-zhi"]["attributes"]
    assert indicator == {"growth": 8.1, "targetMet": True, "year": 2024}
    # two documents, two statuses: both kept
    assert graph.nodes["project-zhi-neng-zhuang-bei-chan-ye-yuan"]["attributes"]["status"] == ["completed",
                                                                                              "under_construction"]
    assert {graph.nodes[n]["type"] for n in graph} >= {"Document", "Department", "IndustryCluster"}
    assert not any(n.startswith("evidence-") for n in graph)


def test_edges_carry_their_evidence_from_every_document(kg):
    graph = to_networkx(kg)
    [(key, data)] = graph.get_edge_data("person-gan-yu", "department-qu-gong-an-ju").items()
    assert key == data["type"] == "HOLDS_POST"
    assert [e["document"] for e in data["evidence"]] == ["document-other-report", "document-sample-report"]
    first = data["evidence"][1]
    assert first["sentence"] == "区公安局党委书记、局长甘宇介绍，区公安局深化“141警网融合”改革。"
    assert (first["start"], first["end"]) == (21, 34)
    assert data["titles"] == ["党委书记、局长", "局长"]
    mentions = graph.get_edge_data("person-gan-yu", "document-sample-report")
    assert list(mentions) == ["MENTIONED_IN"]


def test_the_projection_has_every_relation_once(kg):
    graph = to_networkx(kg)
    stats = kg.stats()
    for relation, count in stats.relations.items():
        assert sum(1 for *_, k in graph.edges(keys=True) if k == relation) == count


# ---------------------------------------------------------------------------------------------- exports


@pytest.mark.parametrize("format", list(FORMATS))
def test_exports_are_stable(kg, format):
    assert export(kg, format) == export(kg, format)


def test_json_is_node_link(kg):
    data = json.loads(export(kg, "json"))
    assert set(data) == {"nodes", "edges"}
    ids = [n["id"] for n in data["nodes"]]
    assert ids == sorted(ids)
    project = next(n for n in data["nodes"] if n["id"] == "project-zhi-neng-zhuang-bei-chan-ye-yuan")
    assert project["type"] == "Project" and project["label"] == "智能装备产业园" and project["year"] == 2024
    edge = next(e for e in data["edges"] if e["type"] == "IN_CLUSTER")
    assert edge["source"] == project["id"] and edge["evidence"][0]["sentence"].startswith("智能装备产业园")
    assert {e["source"] for e in data["edges"]} | {e["target"] for e in data["edges"]} <= set(ids)
    assert data == node_link(to_networkx(kg))


def test_turtle_parses_back_to_the_union(kg):
    graph = rdflib.Graph().parse(data=export(kg, "ttl"), format="turtle")
    assert len(graph) == kg.stats().triples
    assert "@prefix ykgid:" in export(kg, "ttl").decode()
    with_ontology = rdflib.Graph().parse(data=export(kg, "ttl", include_ontology=True), format="turtle")
    assert len(with_ontology) > len(graph)


def test_trig_keeps_the_named_graphs(kg):
    dataset = rdflib.Dataset().parse(data=export(kg, "trig"), format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {"https://w3id.org/yongchuan-kg/graph/document-sample-report",
                     "https://w3id.org/yongchuan-kg/graph/document-other-report"}
    assert sum(len(g) for g in dataset.graphs()) == kg.stats().quads


def test_jsonld_parses_back(kg):
    data = json.loads(export(kg, "jsonld"))
    assert data["@context"]["ykgid"] == "https://w3id.org/yongchuan-kg/id/"
    graph = rdflib.Graph().parse(data=export(kg, "jsonld"), format="json-ld")
    assert len(graph) == kg.stats().triples


def test_graphml_loads_in_networkx(kg):
    loaded = nx.read_graphml(io.BytesIO(export(kg, "graphml")), force_multigraph=True)
    projected = to_networkx(kg)
    assert loaded.number_of_nodes() == projected.number_of_nodes()
    assert loaded.number_of_edges() == projected.number_of_edges()
    assert loaded.nodes["person-gan-yu"]["label"] == "甘宇"
    assert loaded.nodes["indicator-2024-di-qu-sheng-chan-zong-zhi"]["growth"] == 8.1
    # a value stated differently by two documents is a JSON list
    assert json.loads(loaded.nodes["project-zhi-neng-zhuang-bei-chan-ye-yuan"]["status"]) == ["completed",
                                                                                              "under_construction"]
    edge = next(d for _, _, d in loaded.edges(data=True) if d["type"] == "HOLDS_POST")
    assert len(json.loads(edge["evidence"])) == 2


def test_unknown_format(kg):
    with pytest.raises(ValueError, match="unknown export format"):
        export(kg, "xlsx")
