"""The store: idempotent and atomic ingest, replacement without stale facts, persistence, read-only queries."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import pytest
from pyoxigraph import RdfFormat

import loaders
from graph import store as store_module
from graph.query import QueryError
from graph.rdf import ONTOLOGY, graph_iri, to_ntriples, to_quads
from graph.store import DocumentNotFound, KnowledgeGraph, StoreError
from loaders.model import LoaderError
from tests.graph_samples import SAMPLE_TEXT, big_extraction, sample_extraction, source

DOC = "document-sample-report"


@pytest.fixture
def kg():
    graph = KnowledgeGraph.in_memory()
    yield graph
    graph.close()


@pytest.fixture
def fake_extract(monkeypatch):
    """Stand in for the extractors: the sample facts for the sample text, nothing for other texts."""

    def extract(doc):
        if doc.text == SAMPLE_TEXT:
            return sample_extraction(doc)
        return loaders.Extraction(doc)

    monkeypatch.setattr(loaders, "extract", extract)


def dump(kg: KnowledgeGraph) -> bytes:
    """Every quad of the store, canonically ordered: equal dumps mean an untouched store."""
    return b"".join(sorted(kg.store.dump(format=RdfFormat.N_QUADS).splitlines(keepends=True)))


def graph_quads(kg: KnowledgeGraph, document_id: str = DOC) -> set:
    return set(kg.store.quads_for_pattern(None, None, None, graph_iri(document_id)))


# ---------------------------------------------------------------------------------------------- ingest


def test_ingest_writes_the_documents_graph(kg):
    report = kg.ingest(sample_extraction())
    assert report.document_id == DOC and not report.unchanged and report.removed == 0
    assert report.added == report.quads == len(graph_quads(kg)) > 100
    assert graph_quads(kg) == set(to_quads(sample_extraction()))


def test_ingesting_the_same_document_twice_changes_nothing(kg):
    kg.ingest(sample_extraction())
    before = dump(kg)
    report = kg.ingest(sample_extraction())
    assert (report.added, report.removed, report.unchanged) == (0, 0, True)
    assert dump(kg) == before


def test_unusual_characters_do_not_make_a_document_look_changed(kg):
    doc = source(title='报告 "引号" \\ 反斜杠\t制表\u0007响铃')
    kg.ingest(sample_extraction(doc))
    assert kg.ingest(sample_extraction(doc)).unchanged
    assert kg.documents()[0].label == doc.title


def test_a_changed_document_replaces_its_facts(kg):
    kg.ingest(sample_extraction())
    changed = sample_extraction(status="completed", titles="局长", growth=9.0)
    report = kg.ingest(changed)
    assert report.added == report.removed == 3
    assert graph_quads(kg) == set(to_quads(changed))  # nothing stale left behind
    statuses = kg.query("SELECT ?s WHERE { ?p a ykg:Project ; ykg:status ?s }").records()
    assert statuses == [{"s": "https://w3id.org/yongchuan-kg/ontology#completed"}]
    assert not kg.query('ASK { ?e ykg:titles "党委书记、局长" }').boolean


def test_a_shared_entity_survives_the_removal_of_one_of_its_documents(kg):
    kg.ingest(sample_extraction())
    kg.ingest(sample_extraction(source(name="other-report.txt")))
    assert kg.stats().nodes["Person"] == 1
    assert kg.remove_document(DOC) > 0
    assert kg.query("ASK { ykgid:person-gan-yu a ykg:Person }").boolean
    assert [d.id for d in kg.documents()] == ["document-other-report"]


def test_remove_document(kg):
    kg.ingest(sample_extraction())
    count = len(graph_quads(kg))
    assert kg.remove_document(DOC) == count
    assert graph_quads(kg) == set()
    assert kg.documents() == []
    with pytest.raises(DocumentNotFound, match="no document"):
        kg.remove_document(DOC)
    with pytest.raises(DocumentNotFound):
        kg.remove_document("ontology")


# ---------------------------------------------------------------------------------------------- atomicity


@pytest.mark.parametrize(
    "bad_bytes",
    [bytes(range(256)) * 8,  # binary
     "永川区".encode() + b"\xff\xfe\xfd" * 50 + "报告".encode("gb18030")],  # neither UTF-8 nor GB18030
    ids=["random-bytes", "invalid-gb18030"],
)
def test_a_file_that_fails_to_decode_leaves_the_store_as_it_was(kg, fake_extract, tmp_path, bad_bytes):
    kg.ingest(sample_extraction())
    before = dump(kg)
    good, bad = tmp_path / "good-report.txt", tmp_path / "bad-report.txt"
    good.write_text(SAMPLE_TEXT, encoding="utf-8")
    bad.write_bytes(bad_bytes)
    with pytest.raises(LoaderError, match="bad-report.txt"):
        kg.ingest_paths([good, bad])
    assert dump(kg) == before  # the good file, read first, was not written either


def test_missing_files_and_clashing_names_are_refused_before_writing(kg, fake_extract, tmp_path):
    before = dump(kg)
    with pytest.raises(LoaderError, match="no such file"):
        kg.ingest_paths([tmp_path / "missing.txt"])
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "report.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    with pytest.raises(LoaderError, match="both be document"):
        kg.ingest_paths([tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"])
    assert dump(kg) == before


def test_an_extractor_crash_names_the_file(kg, monkeypatch, tmp_path):
    def broken(doc):
        raise IndexError("list index out of range")

    monkeypatch.setattr(loaders, "extract", broken)
    path = tmp_path / "report.txt"
    path.write_text(SAMPLE_TEXT, encoding="utf-8")
    with pytest.raises(LoaderError, match=r"report.txt: extraction failed \(IndexError"):
        kg.ingest_paths([path])


class FailingStore:
    """Wraps the real store; its writes fail half-way, inside the store's own transaction."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def load(self, data, *args, **kwargs):
        self._store.load(self._half_then_garbage(data), *args, **kwargs)

    def bulk_load(self, data, *args, **kwargs):
        self._store.bulk_load(self._half_then_garbage(data), *args, **kwargs)

    @staticmethod
    def _half_then_garbage(data: bytes) -> bytes:
        # Half the triples load, then the input turns to garbage: the load must roll back.
        half = data[: len(data) // 2].rsplit(b"\n", 1)[0]
        return half + b"\n<urn:half> <urn:way> garbage (simulated failure)\n"

    def update(self, request):
        # The delete and insert run, then an operation that fails: the whole update must roll back.
        self._store.update(request + f" ; CREATE GRAPH <{ONTOLOGY.value}>")


@pytest.fixture(params=["memory", "disk"])
def any_kg(request, tmp_path):
    graph = KnowledgeGraph.in_memory() if request.param == "memory" else KnowledgeGraph(tmp_path / "store")
    yield graph
    graph.close()


def test_a_write_that_fails_half_way_leaves_nothing_behind(any_kg):
    kg = any_kg
    kg.ingest(sample_extraction(source(name="other-report.txt")))
    before = dump(kg)
    kg._store = FailingStore(kg.store)
    with pytest.raises(SyntaxError):
        kg.ingest(sample_extraction())  # a new document: the bulk-load path
    assert dump(kg) == before


def test_a_replacement_that_fails_half_way_leaves_the_old_version(any_kg):
    kg = any_kg
    kg.ingest(sample_extraction())
    before = dump(kg)
    kg._store = FailingStore(kg.store)
    with pytest.raises(RuntimeError, match="already exists"):
        kg.ingest(sample_extraction(status="completed"))  # a changed document: the update path
    assert dump(kg) == before


def test_several_documents_in_one_call(kg, fake_extract, tmp_path):
    paths = []
    for name in ("a-report.txt", "b-report.txt"):
        paths.append(tmp_path / name)
        paths[-1].write_text(SAMPLE_TEXT, encoding="utf-8")
    reports = kg.ingest_paths(paths)
    assert [r.document_id for r in reports] == ["document-a-report", "document-b-report"]
    assert all(r.added == r.quads > 0 for r in reports)
    # one changed and one new document go in one update
    reports = kg.ingest_many([sample_extraction(source(name="a-report.txt"), status="completed"),
                              sample_extraction(source(name="c-report.txt"))])
    assert (reports[0].added, reports[0].removed, reports[1].removed) == (1, 1, 0)
    assert len(kg.documents()) == 3
    with pytest.raises(ValueError, match="twice"):
        kg.write_ntriples([("document-x", []), ("document-x", [])])
    with pytest.raises(ValueError, match="ontology"):
        kg.write_ntriples({"ontology": []})


class StoreFailingOnLoad:
    """Wraps the real store; its n-th load fails (as a full disk would)."""

    def __init__(self, store, fail_on: int):
        self._store, self._fail_on, self._calls = store, fail_on, 0

    def __getattr__(self, name):
        return getattr(self._store, name)

    def load(self, *args, **kwargs):
        self._calls += 1
        if self._calls == self._fail_on:
            raise OSError("disk full (simulated)")
        return self._store.load(*args, **kwargs)


def test_a_failed_batch_leaves_earlier_batches_whole(kg, monkeypatch):
    monkeypatch.setattr(store_module, "BATCH_TRIPLES", 1)  # one document per transaction
    documents = {f"document-{n}": to_ntriples(sample_extraction(source(name=f"{n}.txt"))) for n in "abc"}
    kg._store = StoreFailingOnLoad(kg.store, fail_on=2)
    with pytest.raises(OSError, match="simulated"):
        kg.write_ntriples(documents)
    assert [g.value.rsplit("/", 1)[1] for g in kg.document_graphs()] == ["document-a"]
    assert len(graph_quads(kg, "document-a")) == len(documents["document-a"])


def test_readers_see_a_document_wholly_or_not_at_all(kg):
    quads = len(to_quads(sample_extraction()))
    seen, stop = set(), threading.Event()

    def read():
        while not stop.is_set():
            seen.add(len(graph_quads(kg)))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(20):
            kg.ingest(sample_extraction())
            kg.remove_document(DOC)
    finally:
        stop.set()
        reader.join()
    assert seen <= {0, quads}


# ---------------------------------------------------------------------------------------------- persistence


def test_a_persistent_store_survives_close_and_reopen(tmp_path):
    path = tmp_path / "store"
    with KnowledgeGraph(path) as kg:
        kg.ingest(sample_extraction())
        before = dump(kg)
    with KnowledgeGraph(path) as kg:
        assert dump(kg) == before
        assert kg.ingest(sample_extraction()).unchanged
    with pytest.raises(StoreError, match="closed"):
        kg.query("ASK {}")


def test_a_second_writer_is_refused_with_a_clear_error(tmp_path):
    with KnowledgeGraph(tmp_path / "store"), pytest.raises(StoreError, match="cannot open the store"):
        KnowledgeGraph(tmp_path / "store")


def test_read_only_store(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.ingest(sample_extraction())
    with KnowledgeGraph(tmp_path / "store", read_only=True) as kg:
        assert [d.id for d in kg.documents()] == [DOC]
        with pytest.raises(StoreError, match="read-only"):
            kg.ingest(sample_extraction())
    with pytest.raises(StoreError, match="no store"):
        KnowledgeGraph(tmp_path / "nowhere", read_only=True)


def test_default_location_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("YKG_STORE", str(tmp_path / "from-env"))
    with KnowledgeGraph() as kg:
        assert kg.path == tmp_path / "from-env"
    monkeypatch.delenv("YKG_STORE")
    monkeypatch.chdir(tmp_path)
    with KnowledgeGraph() as kg:
        assert kg.path == tmp_path / ".ykg" / "store"


def test_the_ontology_is_loaded_once(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        count = len(list(kg.store.quads_for_pattern(None, None, None, ONTOLOGY)))
    with KnowledgeGraph(tmp_path / "store") as kg:
        assert len(list(kg.store.quads_for_pattern(None, None, None, ONTOLOGY))) == count > 300


# ---------------------------------------------------------------------------------------------- reading


def test_queries_run_over_the_union_with_prefixes_predeclared(kg):
    kg.ingest(sample_extraction())
    kg.ingest(sample_extraction(source(name="other-report.txt")))
    select = kg.query("SELECT DISTINCT ?name WHERE { ?p a ykg:Person ; rdfs:label ?name }")
    assert select.kind == "select" and select.records() == [{"name": "甘宇"}]
    # rdfs:subClassOf from the ontology graph is part of the union
    orgs = kg.query("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a/rdfs:subClassOf* ykg:Organization }")
    assert orgs.records() == [{"n": 3}]
    assert kg.query("ASK { ?s ykg:HOLDS_POST ?o }").boolean is True
    construct = kg.query("CONSTRUCT { ?p ykg:HOLDS_POST ?o } WHERE { ?p ykg:HOLDS_POST ?o }")
    assert construct.kind == "graph" and len(construct.triples) == 1


@pytest.mark.parametrize(
    "update",
    ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "PREFIX x: <urn:x#>\n# comment\n DELETE WHERE { ?s ?p ?o }",
     "drop all", "LOAD <http://example.org/x.ttl>", "CLEAR GRAPH <urn:g>"],
)
def test_updates_are_refused(kg, update):
    with pytest.raises(QueryError, match="refused"):
        kg.query(update)


def test_federated_queries_are_refused(kg):
    with pytest.raises(QueryError, match="SERVICE"):
        kg.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert kg.query('SELECT ?service WHERE { BIND("SERVICE" AS ?service) }').records() == [{"service": "SERVICE"}]


def test_bad_sparql_is_a_query_error(kg):
    with pytest.raises(QueryError, match="syntax"):
        kg.query("SELECT ?x WHERE { ?x a }")


def test_query_result_formats(kg):
    kg.ingest(sample_extraction())
    result = kg.query("SELECT ?p ?label WHERE { ?p a ykg:Person ; rdfs:label ?label }")
    assert result.table() == (["p", "label"], [["ykgid:person-gan-yu", "甘宇"]])
    json_result = result.serialize("json").decode()
    assert '"xml:lang": "zh"' in json_result and "person-gan-yu" in json_result
    assert result.serialize("csv").decode().splitlines()[0] == "p,label"
    assert b"<sparql" in result.serialize("xml")
    assert kg.query("ASK { ?s ?p ?o }").serialize("json") == b'{"head": {}, "boolean": true}'
    assert b"ykg:Person" in kg.query("CONSTRUCT WHERE { ?p a ykg:Person }").serialize("ttl")


def test_documents_and_stats(kg):
    kg.ingest(sample_extraction())
    [doc] = kg.documents()
    assert (doc.id, doc.name, doc.encoding, doc.char_count) == (DOC, "sample-report.txt", "utf-8", len(SAMPLE_TEXT))
    assert doc.quads == len(graph_quads(kg))
    stats = kg.stats()
    assert stats.documents == 1 and stats.quads == stats.triples == doc.quads
    assert stats.nodes["Department"] == 2 and stats.nodes["Town"] == 0 and stats.nodes["Document"] == 1
    assert stats.relations["PART_OF"] == 2 and stats.relations["HOLDS_POST"] == 1
    extraction = sample_extraction()
    mentions = sum(len(e.evidence) for e in extraction.entities.values())
    assert stats.evidence == len(extraction.relations) + mentions


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # rdflib's Dataset calls its own deprecated API
def test_the_rdflib_view_reads_the_same_store(kg):
    kg.ingest(sample_extraction())
    from rdflib import Literal, URIRef

    person = URIRef("https://w3id.org/yongchuan-kg/id/person-gan-yu")
    label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    assert list(kg.dataset.objects(person, label)) == [Literal("甘宇", lang="zh")]
    document_graph = kg.dataset.graph(URIRef(graph_iri(DOC).value))
    assert len(document_graph) == len(graph_quads(kg))


# ---------------------------------------------------------------------------------------------- crashes

# Writes one big document after another, as fast as it can, so that a kill lands inside a write.
_WRITER = """
import sys
from graph.rdf import to_ntriples
from graph.store import KnowledgeGraph
from tests.graph_samples import big_extraction

kg = KnowledgeGraph(sys.argv[1])
lines = to_ntriples(big_extraction("crash-base.txt"))
for i in range(1000):
    document = f"document-crash-{i:03d}"
    kg.write_ntriples({document: [line.replace("document-crash-base", document) for line in lines]})
    print(i, flush=True)
"""


def test_a_killed_writer_leaves_whole_documents_only(tmp_path):
    store = tmp_path / "store"
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        writer.stdout.readline()  # one document is in; kill the writer while it writes the next ones
        time.sleep(0.25)
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    expected = len(to_ntriples(big_extraction("crash-base.txt")))
    with KnowledgeGraph(store) as kg:
        sizes = [kg._count(g) for g in kg.document_graphs()]
    assert sizes and set(sizes) == {expected}
