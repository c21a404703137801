"""The mapping from an Extraction to quads: deterministic, typed as the ontology says, no blank nodes."""

from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store, Triple, serialize

from graph.rdf import MappingError, evidence_id, graph_iri, literal, to_ntriples, to_quads, zh
from tests.graph_samples import TITLE, sample_extraction

YKG = "https://w3id.org/yongchuan-kg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def node(readable_id: str) -> NamedNode:
    return NamedNode("https://w3id.org/yongchuan-kg/id/" + readable_id)


def by_predicate(quads, subject: str, predicate: str) -> set:
    return {q.object for q in quads if q.subject == node(subject) and q.predicate == NamedNode(predicate)}


def test_same_extraction_same_triples_in_the_documents_graph():
    first, second = to_ntriples(sample_extraction()), to_ntriples(sample_extraction())
    assert first == second
    assert len(first) == len(set(first))
    quads = to_quads(sample_extraction())
    assert len(quads) == len(first)
    assert {q.graph_name for q in quads} == {graph_iri("document-sample-report")}
    assert not any(isinstance(t, BlankNode) for q in quads for t in (q.subject, q.object))


def test_lines_are_what_the_store_writes_back():
    # Oxigraph canonicalises literals (11.0 → 11) and has its own escapes; the mapping must write the same
    # text, or a re-ingest would see a difference that is not there.
    lines = to_ntriples(sample_extraction(growth=11.0))
    store = Store()
    store.load("\n".join(lines), RdfFormat.N_TRIPLES, to_graph=graph_iri("document-sample-report"))
    dumped = store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph_iri("document-sample-report"))
    assert sorted(dumped.decode().splitlines()) == sorted(lines)


@pytest.mark.parametrize("text", ['引号"与\\反斜杠', "制表\t换行\n回车\r", "".join(map(chr, range(32))) + "\x7f",
                                  "“全角”\u2028\ufeff𠀀"])
def test_strings_are_escaped_as_oxigraph_escapes_them(text):
    triple = Triple(NamedNode("urn:s"), NamedNode("urn:p"), Literal(text, language="zh"))
    assert serialize([triple], format=RdfFormat.N_TRIPLES).decode() == f"<urn:s> <urn:p> {zh(text)} .\n"


def test_entities_labels_aliases_attributes_and_mentions():
    quads = to_quads(sample_extraction())
    district = "district-yong-chuan-qu"
    assert by_predicate(quads, district, "http://www.w3.org/2000/01/rdf-schema#label") == {Literal("永川区", language="zh")}
    assert by_predicate(quads, district, "http://www.w3.org/2004/02/skos/core#altLabel") == {Literal("永川", language="zh")}
    assert by_predicate(quads, district, YKG + "MENTIONED_IN") == {node("document-sample-report")}
    project = "project-zhi-neng-zhuang-bei-chan-ye-yuan"
    assert by_predicate(quads, project, YKG + "status") == {NamedNode(YKG + "under_construction")}
    assert by_predicate(quads, project, YKG + "year") == {Literal("2024", datatype=NamedNode(XSD + "integer"))}


def test_each_relation_has_a_direct_triple_and_an_evidence_node():
    extraction = sample_extraction()
    quads = to_quads(extraction)
    relation = next(r for r in extraction.relations if r.type == "HOLDS_POST")
    assert by_predicate(quads, relation.source, YKG + "HOLDS_POST") == {node(relation.target)}
    ev = relation.evidence
    iri = evidence_id(ev.document, relation.source, "HOLDS_POST", relation.target, ev.start, ev.end)
    assert iri.startswith("evidence-") and len(iri) == len("evidence-") + 16
    values = {q.predicate.value.rsplit("#", 1)[-1]: q.object for q in quads if q.subject == node(iri)}
    assert values["subject"] == node(relation.source)
    assert values["predicate"] == NamedNode(YKG + "HOLDS_POST")
    assert values["object"] == node(relation.target)
    assert values["wasQuotedFrom"] == node("document-sample-report")
    assert values["value"] == Literal(ev.sentence, language="zh")
    assert (int(values["charStart"].value), int(values["charEnd"].value)) == (ev.start, ev.end)
    assert values["titles"] == Literal("党委书记、局长")
    assert extraction.document.text[ev.start : ev.end] == "区公安局党委书记、局长甘宇"


def test_document_node():
    quads = to_quads(sample_extraction())
    doc = "document-sample-report"
    assert by_predicate(quads, doc, "http://www.w3.org/2000/01/rdf-schema#label") == {Literal(TITLE, language="zh")}
    assert by_predicate(quads, doc, YKG + "sourceName") == {Literal("sample-report.txt")}
    assert by_predicate(quads, doc, YKG + "graph") == {graph_iri(doc)}
    assert len(next(iter(by_predicate(quads, doc, YKG + "sha256"))).value) == 64


@pytest.mark.parametrize(
    ("name", "value", "lexical"),
    [("growth", 11.0, "11"), ("growth", 8.10, "8.1"), ("value", "1281.40", "1281.4"), ("growth", -0.0, "0"),
     ("year", "2024", "2024"), ("targetMet", False, "false"), ("titles", "局长", "局长")],
)
def test_literals_are_canonical(name, value, lexical):
    assert literal(name, value).split('"')[1] == lexical


@pytest.mark.parametrize(("name", "value"), [("year", "2024年"), ("year", 2024.5), ("targetMet", "yes"), ("growth", "快")])
def test_values_the_ontology_cannot_type_are_refused(name, value):
    with pytest.raises(MappingError, match=name):
        literal(name, value)


def test_unknown_status_is_refused():
    with pytest.raises(MappingError, match="status"):
        to_quads(sample_extraction(status="finished"))
