"""The default graph is the RDF merge of the document graphs: a fact two documents state is one answer."""

from __future__ import annotations

from pyoxigraph import DefaultGraph

from graph.store import KnowledgeGraph
from loaders.model import make_id

SHARED = make_id("Enterprise", "永高新集团")  # named in both bundled documents


def _labels(kg: KnowledgeGraph, node: str) -> list:
    return kg.query(f"SELECT ?l WHERE {{ ykgid:{node} rdfs:label ?l }}").rows


def test_a_fact_two_documents_state_is_answered_once(bundled_extractions):
    kg = KnowledgeGraph.in_memory()
    kg.ingest_many(bundled_extractions.values())
    assert len(_labels(kg, SHARED)) == 1
    posts = kg.query("SELECT ?p ?o WHERE { ?p ykg:HOLDS_POST ?o }").rows
    assert len(posts) == len(set(posts)) == 11


def test_removing_one_document_keeps_what_the_other_states(bundled_extractions):
    kg = KnowledgeGraph.in_memory()
    reports = kg.ingest_many(bundled_extractions.values())
    first, second = (r.document_id for r in reports)
    kg.remove_document(first)
    assert len(_labels(kg, SHARED)) == 1, "the other document still names it"
    kg.remove_document(second)
    assert _labels(kg, SHARED) == ()
    assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?e a ykg:Evidence }").rows[0][0].value == "0"


def test_a_changed_document_updates_the_merge(bundled_extractions):
    kg = KnowledgeGraph.in_memory()
    extraction = next(iter(bundled_extractions.values()))
    kg.ingest(extraction)
    document = f"ykgid:{extraction.document.id}"
    trimmed = type(extraction)(extraction.document, dict(extraction.entities), extraction.relations[:1])
    kg.ingest(trimmed)
    relations = kg.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ ?e a ykg:Evidence ; prov:wasQuotedFrom {document} }}").rows
    assert relations[0][0].value == str(1 + sum(len(e.evidence) for e in trimmed.entities.values()))
    kg.ingest(extraction)  # and back
    assert kg.ingest(extraction).unchanged


def test_a_store_without_the_merge_gets_it_on_open(tmp_path, bundled_extractions):
    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.ingest_many(bundled_extractions.values())
        kg.store.remove_graph(DefaultGraph())  # as written by an older version
        assert _labels(kg, SHARED) == ()
    with KnowledgeGraph(tmp_path / "store") as kg:
        assert len(_labels(kg, SHARED)) == 1
