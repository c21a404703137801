"""The graph built from the bundled corpus with the real extractors: idempotent, valid, exportable."""

from __future__ import annotations

import json

import pytest
import rdflib

import loaders
from graph.export import export
from graph.network import to_networkx
from graph.store import KnowledgeGraph
from graph.validate import validate


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    kg = KnowledgeGraph(tmp_path_factory.mktemp("bundled") / "store")
    reports = kg.ingest_paths(loaders.bundled_corpus())
    yield kg, reports
    kg.close()


def test_every_bundled_document_is_ingested(built):
    kg, reports = built
    assert len(reports) == len(loaders.bundled_corpus()) == 2
    assert all(r.added > 0 and not r.unchanged for r in reports)
    assert {d.id for d in kg.documents()} == {r.document_id for r in reports}


def test_building_again_changes_nothing(built):
    kg, _ = built
    before = kg.stats()
    again = kg.ingest_paths(loaders.bundled_corpus())
    assert all(r.unchanged and r.added == r.removed == 0 for r in again)
    assert kg.stats() == before


def test_the_bundled_graph_conforms_to_the_shapes(built):
    kg, _ = built
    report = validate(kg)
    assert report.conforms, "\n".join(str(v) for v in report.results[:30])


def test_the_bundled_graph_has_every_kind_of_fact(built):
    kg, _ = built
    stats = kg.stats()
    for node_type in ("District", "Department", "Town", "Person", "Project", "IndustryCluster", "Document"):
        assert stats.nodes[node_type] > 0, node_type
    for relation in ("HOLDS_POST", "OWNS", "IN_CLUSTER", "PART_OF", "MENTIONED_IN"):
        assert stats.relations[relation] > 0, relation


def test_every_evidence_span_is_in_its_document(built):
    kg, _ = built
    texts = {loaders.read_document(p).id: loaders.read_document(p).text for p in loaders.bundled_corpus()}
    rows = kg.query(
        "SELECT ?doc ?start ?end WHERE { ?e a ykg:Evidence ; prov:wasQuotedFrom ?doc ; ykg:charStart ?start ; ykg:charEnd ?end }"
    ).records()
    assert rows
    for row in rows:
        text = texts[row["doc"].rsplit("/", 1)[1]]
        assert 0 <= row["start"] < row["end"] <= len(text)


def test_every_evidence_cites_a_statement_of_the_graph(built):
    kg, _ = built
    dangling = kg.query(
        """SELECT ?e WHERE { ?e a ykg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o
                             FILTER NOT EXISTS { ?s ?p ?o } }"""
    )
    assert dangling.rows == ()
    # and every relation has at least one evidence node
    unsupported = kg.query(
        """SELECT ?s ?p ?o WHERE { ?s ?p ?o . ?p a <http://www.w3.org/2002/07/owl#ObjectProperty> .
                                   FILTER(STRSTARTS(STR(?p), STR(ykg:)) && ?p NOT IN (ykg:status, ykg:graph))
                                   FILTER NOT EXISTS { ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }"""
    )
    assert unsupported.rows == ()


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
def test_the_bundled_graph_exports(built):
    kg, _ = built
    data = json.loads(export(kg, "json"))
    graph = to_networkx(kg)
    assert len(data["nodes"]) == graph.number_of_nodes() and len(data["edges"]) == graph.number_of_edges()
    assert len(rdflib.Graph().parse(data=export(kg, "ttl"), format="turtle")) == kg.stats().triples


def test_the_readme_counts_are_the_bundled_graphs(built):
    """README.md's table of node and relation counts is what `ykg build && ykg stats` gives."""
    import re
    from pathlib import Path

    kg, _ = built
    stats = kg.stats()
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- bundled-stats -->")[1].split("<!-- /bundled-stats -->")[0]
    written: dict[str, int] = {}
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        for name_cell, count_cell in ((cells[0], cells[1]), (cells[3], cells[4])) if len(cells) >= 5 else ():
            names, counts = name_cell.split(" / "), count_cell.split(" / ")
            if counts[0].isdigit() and len(names) == len(counts):
                first = names[0]
                prefix = "IndustryCluster" if first == "IndustryCluster" else ""
                for k, (name, count) in enumerate(zip(names, counts, strict=True)):
                    written[prefix + name if k and prefix else name] = int(count)
    actual = {**stats.nodes, **stats.relations}
    assert written == {name: actual[name] for name in written}
    assert {n for n, c in stats.nodes.items() if c and n != "Document"} <= set(written)
    triples, evidence = (int(x.replace(",", "")) for x in re.search(r"([\d,]+) triples, ([\d,]+) evidence", block).groups())
    assert (triples, evidence) == (stats.triples, stats.evidence)
