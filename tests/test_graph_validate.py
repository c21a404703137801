"""SHACL: the sample graph conforms, and each kind of broken fact is caught."""

from __future__ import annotations

import pytest
from rdflib import RDF, SH, URIRef

from graph.store import KnowledgeGraph
from graph.validate import validate
from ontology import PREFIXES, YKG, node_types, shapes_graph
from tests.graph_samples import sample_extraction

GRAPH = "GRAPH <https://w3id.org/yongchuan-kg/graph/document-sample-report>"


@pytest.fixture
def kg():
    graph = KnowledgeGraph.in_memory()
    graph.ingest(sample_extraction())
    yield graph
    graph.close()


def test_the_sample_graph_conforms(kg):
    report = validate(kg)
    assert report.conforms, report.text
    assert report.results == ()


def test_every_node_type_must_have_a_label():
    targeted = set(shapes_graph().objects(URIRef("https://w3id.org/yongchuan-kg/shapes#NodeShape"), SH.targetClass))
    assert targeted == {YKG[name] for name in node_types()}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # HOLDS_POST must point at an organisation, not a project
        ("INSERT DATA { %s { ykgid:person-gan-yu ykg:HOLDS_POST ykgid:project-zhi-neng-zhuang-bei-chan-ye-yuan } }",
         "ykgid:person-gan-yu ykg:HOLDS_POST"),
        # a second label
        ('INSERT DATA { %s { ykgid:person-gan-yu rdfs:label "甘 宇"@zh } }', "ykgid:person-gan-yu rdfs:label"),
        # a label without a language
        ('DELETE WHERE { %s { ykgid:department-qu-zheng-fu rdfs:label ?l } } ;'
         ' INSERT DATA { %s { ykgid:department-qu-zheng-fu rdfs:label "区政府" } }', "ykgid:department-qu-zheng-fu"),
        # a status that is not a ProjectStatus concept
        ('INSERT DATA { %s { ykgid:project-zhi-neng-zhuang-bei-chan-ye-yuan ykg:status "在建" } }', "ykg:status"),
        # a year that is not an integer
        ('INSERT DATA { %s { ykgid:project-zhi-neng-zhuang-bei-chan-ye-yuan ykg:year "2024年" } }', "ykg:year"),
        # a cluster directly in a system (it belongs to a tier)
        ("INSERT DATA { %s { ykgid:cluster-zhi-neng-wang-lian-xin-neng-yuan-qi-che-chan-ye ykg:PART_OF"
         " ykgid:cluster-system-2515-chan-ye-ji-qun-ti-xi } }", "ykg:PART_OF"),
        # a relation to a node that does not exist
        ("INSERT DATA { %s { ykgid:department-qu-zheng-fu ykg:OWNS ykgid:initiative-nowhere } }",
         "ykgid:initiative-nowhere"),
        # an evidence span that ends before it starts
        ("DELETE { %s { ?e ykg:charEnd ?end } } INSERT { %s { ?e ykg:charEnd 0 } }"
         " WHERE { %s { ?e a ykg:Evidence ; ykg:charEnd ?end } }", "ykg:charStart"),
        # evidence of a relation that is not in the ontology
        ("DELETE { %s { ?e rdf:predicate ykg:OWNS } } INSERT { %s { ?e rdf:predicate ykg:RUNS } }"
         " WHERE { %s { ?e rdf:predicate ykg:OWNS } }", "rdf:predicate"),
        # evidence citing no document
        ("DELETE WHERE { %s { ?e prov:wasQuotedFrom ?d } }", "prov:wasQuotedFrom"),
        # a document without its checksum
        ("DELETE WHERE { %s { ?d ykg:sha256 ?s } }", "ykg:sha256"),
        # an issuer that is a person
        ("INSERT DATA { %s { ykgid:policy-yong-chuan-qu-cu-jin-zhi-zao-ye-gao-zhi-liang-fa-zhan-ruo-gan-zheng-ce"
         " ykg:ISSUED_BY ykgid:person-gan-yu } }", "ykg:ISSUED_BY"),
    ],
    ids=["holds-post-range", "two-labels", "label-language", "status", "year", "cluster-tier", "dangling",
         "span", "evidence-predicate", "evidence-document", "sha256", "issued-by"],
)
def test_broken_facts_are_reported(kg, change, expected):
    kg.store.update(change.replace("%s", GRAPH), prefixes=PREFIXES)
    report = validate(kg)
    assert not report.conforms
    assert any(expected in str(v) for v in report.results), [str(v) for v in report.results]
    assert all(v.severity == "Violation" for v in report.results)


def test_shapes_parse_and_use_no_inference():
    shapes = shapes_graph()
    assert len(set(shapes.subjects(RDF.type, SH.NodeShape))) >= 10
