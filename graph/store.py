"""The knowledge graph: an embedded Oxigraph store with one named graph per document.

    kg = KnowledgeGraph()                      # persistent, at $YKG_STORE or ./.ykg/store
    kg.ingest_paths(["report.txt"])            # read, extract, and replace the document's graph
    kg.query("SELECT ?p WHERE { ?p a ykg:Person }")

Every document is written in one transaction (several new ones may share a transaction), so it is either
wholly in the store or not at all, even if the process is killed; each read sees one consistent snapshot.

The default graph is kept, in the same transactions, as the RDF merge of all named graphs: a fact stated
by two documents is one triple there. Queries run on it. (Oxigraph's "default graph as union" would
return such a fact once per document, so every label of an entity two documents mention came back twice.)
Concurrency: one writer at a time (a lock serialises ingest and remove in the process; RocksDB's lock keeps
a second process from opening the same store for writing) and any number of concurrent readers. The
rdflib view (`dataset`) reads the same store, for code that speaks rdflib.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store

from graph.query import QueryResult, python_value, run_query
from graph.rdf import ONTOLOGY, graph_iri, ontology_ntriples, readable_id, to_ntriples
from loaders.model import Extraction, LoaderError
from ontology import YKG, node_types, relation_types

Progress = Callable[[str, str], None]  # (stage, what): ("extracted", file name), then ("written", "N documents")


class StoreError(RuntimeError):
    """The store cannot be opened or used (locked by another process, closed, unreadable)."""


class DocumentNotFound(KeyError):
    def __str__(self) -> str:
        return f"no document {self.args[0]!r} in the graph (see `ykg documents`)"


@dataclass(frozen=True, slots=True)
class IngestReport:
    document_id: str
    added: int
    removed: int
    unchanged: bool
    quads: int = 0  # size of the document's graph after the ingest


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    id: str
    label: str
    name: str
    sha256: str
    encoding: str
    char_count: int
    quads: int


@dataclass(frozen=True, slots=True)
class GraphStats:
    documents: int
    quads: int  # in the document graphs (a fact stated by two documents counts twice)
    triples: int  # distinct triples of the union of the document graphs
    evidence: int
    nodes: dict[str, int]  # per node type, every type of the ontology listed
    relations: dict[str, int]  # distinct (source, target) pairs per relation type


# Triples per write transaction when loading new documents. Measured on disk (bench/ingest.py): loads of
# ~50k triples run about twice as fast as one per 4k-triple document, and bigger ones get slower again.
BATCH_TRIPLES = 50_000


def default_store_path() -> Path:
    return Path(os.environ.get("YKG_STORE") or Path.cwd() / ".ykg" / "store")


class KnowledgeGraph:
    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        """Open (or create) the persistent store at `path` (default: $YKG_STORE, else ./.ykg/store)."""
        self.path: Path | None = Path(path) if path is not None else default_store_path()
        self.read_only = read_only
        self._store: Store | None = _open(self.path, read_only)
        self._setup()

    @classmethod
    def in_memory(cls) -> KnowledgeGraph:
        """A store that lives in memory only: for tests and one-off conversions."""
        kg = cls.__new__(cls)
        kg.path, kg.read_only, kg._store = None, False, Store()
        kg._setup()
        return kg

    def _setup(self) -> None:
        self._write_lock = threading.RLock()
        self._dataset = None
        if not self.read_only:
            self._merge_default_graph_if_missing()
            self._apply([_Change.of(ONTOLOGY, ontology_ntriples(), self.graph_ntriples(ONTOLOGY))])

    def _merge_default_graph_if_missing(self) -> None:
        """A store written before the default graph was kept as the merge: build the merge once."""
        has_named = next(iter(self.store.named_graphs()), None) is not None
        has_default = next(iter(self.store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None
        if has_named and not has_default:
            self.store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    # ------------------------------------------------------------------------------------------ life cycle

    @property
    def store(self) -> Store:
        """The underlying pyoxigraph store (raises once the graph is closed)."""
        if self._store is None:
            raise StoreError("the knowledge graph is closed")
        return self._store

    @property
    def dataset(self):
        """An rdflib Dataset over the same store (oxrdflib); its default graph is the merge of all graphs."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore
            from rdflib import Dataset

            self._dataset = Dataset(store=OxigraphStore(store=self.store))
        return self._dataset

    def close(self) -> None:
        """Flush to disk and release the store (and its lock); the object cannot be used afterwards."""
        with self._write_lock:
            if self._store is not None and self.path is not None and not self.read_only:
                self._store.flush()
            self._store = self._dataset = None

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.path or "memory"
        return f"<KnowledgeGraph {where}{' read-only' if self.read_only else ''}>"

    # ------------------------------------------------------------------------------------------ writing

    def ingest(self, extraction: Extraction) -> IngestReport:
        """Put one document's facts in its named graph, replacing what an earlier version stated."""
        return self.ingest_many([extraction])[0]

    def ingest_many(self, extractions: Iterable[Extraction]) -> list[IngestReport]:
        """Ingest several documents (see write_ntriples for how they are grouped into transactions)."""
        return self.write_ntriples((x.document.id, to_ntriples(x)) for x in extractions)

    def ingest_paths(self, paths: Iterable[str | os.PathLike[str]], progress: Progress | None = None) -> list[IngestReport]:
        """Read and extract every file first, then write: a file that cannot be read or extracted leaves
        the store as it was. `progress` is called after each file is extracted and once all are written."""
        extractions: dict[str, Extraction] = {}
        names: dict[str, str] = {}
        for path in paths:
            extraction = extract_file(path)
            document_id, name = extraction.document.id, str(path)
            if document_id in names:
                raise LoaderError(f"{name} and {names[document_id]} would both be document {document_id}; rename one")
            names[document_id], extractions[document_id] = name, extraction
            if progress:
                progress("extracted", name)
        reports = self.ingest_many(extractions.values())
        if progress:
            progress("written", f"{len(reports)} documents")
        return reports

    def write_ntriples(self, documents: Mapping[str, list[str]] | Iterable[tuple[str, list[str]]]) -> list[IngestReport]:
        """Make each document's named graph hold exactly its N-Triples lines (graph.rdf.to_ntriples).

        Every document is replaced atomically: readers and a crash see its old graph or its new one. New
        documents are loaded together in transactions of about BATCH_TRIPLES (never splitting one), which
        on disk is twice as fast as one load each; so an I/O failure part-way may leave the documents of
        earlier batches written, each of them whole. Lines are compared with the store's own N-Triples of
        the graph, which graph.rdf writes identically, so an unchanged document costs one read.
        """
        pairs = documents.items() if isinstance(documents, Mapping) else documents
        reports: list[IngestReport] = []
        seen: set[str] = set()
        with self._write_lock:
            self._check_writable()
            batch: list[_Change] = []
            pending = 0  # triples in the batch
            for document_id, lines in pairs:
                graph = graph_iri(document_id)
                if graph == ONTOLOGY or document_id in seen:
                    raise ValueError(f"document {document_id} cannot be written twice, nor over the ontology")
                seen.add(document_id)
                change = _Change.of(graph, lines, self.graph_ntriples(graph))
                reports.append(IngestReport(document_id, len(change.added), len(change.removed),
                                            unchanged=not change, quads=change.size))
                if change:
                    batch.append(change)
                    pending += len(change.added) + len(change.removed)
                if pending >= BATCH_TRIPLES:
                    self._apply(batch)
                    batch, pending = [], 0
            self._apply(batch)
        return reports

    def remove_document(self, document_id: str) -> int:
        """Drop a document's named graph; returns how many quads went with it."""
        graph = graph_iri(document_id)
        with self._write_lock:
            self._check_writable()
            if not self.store.contains_named_graph(graph) or graph == ONTOLOGY:
                raise DocumentNotFound(document_id)
            lines = self.graph_ntriples(graph)
            # one update is one transaction: the graph goes, and so do the facts no other graph states
            self.store.update(f"DROP GRAPH <{graph.value}> ;\n" + _unmerge(lines))
            return len(lines)

    def _apply(self, changes: list[_Change]) -> None:
        """Write the changes in one transaction."""
        if not changes:
            return
        if all(c.new for c in changes):
            # New documents only: one load, all or nothing. On disk the bulk loader is several times faster
            # than a plain load (and as atomic); in memory the plain load is faster. `lenient` skips
            # re-validating IRIs that graph.rdf has already checked.
            # each document's triples go in its named graph and in the merged default graph
            data = "\n".join(_nquads(c.graph, c.added) + "\n" + "\n".join(c.added) for c in changes)
            load = self.store.load if self.path is None else self.store.bulk_load
            load(data.encode("utf-8"), RdfFormat.N_QUADS, lenient=True)
        else:
            self.store.update(" ;\n".join(c.request() for c in changes))

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")

    # ------------------------------------------------------------------------------------------ reading

    def query(self, sparql: str) -> QueryResult:
        """SELECT / ASK / CONSTRUCT / DESCRIBE over the union of the named graphs; updates are refused.

        The ykg:, ykgid:, rdf:, rdfs:, skos:, prov:, xsd:, org:, schema:, qb: and dcterms: prefixes are
        predeclared.
        """
        return run_query(self.store, sparql)

    def documents(self) -> list[DocumentInfo]:
        rows = self.query(
            """SELECT ?doc ?label ?name ?sha ?encoding ?chars ?g WHERE {
                 GRAPH ?g { ?doc a ykg:Document ; ykg:graph ?g ; rdfs:label ?label ; ykg:sha256 ?sha ;
                            ykg:sourceName ?name ; ykg:encoding ?encoding ; ykg:charCount ?chars }
               } ORDER BY ?doc"""
        ).records()
        return [
            DocumentInfo(readable_id(r["doc"]) or r["doc"], r["label"], r["name"], r["sha"], r["encoding"], r["chars"],
                         self._count(NamedNode(r["g"])))
            for r in rows
        ]

    def stats(self) -> GraphStats:
        not_ontology = f"FILTER(?g != <{ONTOLOGY.value}>)"
        scalar = lambda q: python_value(self.query(q).rows[0][0])  # noqa: E731
        nodes = dict.fromkeys(node_types(), 0)
        for row in self.query(
            f"SELECT ?t (COUNT(DISTINCT ?n) AS ?c) WHERE {{ GRAPH ?g {{ ?n a ?t }} {not_ontology} }} GROUP BY ?t"
        ).records():
            name = row["t"].removeprefix(str(YKG))
            if name in nodes:
                nodes[name] = row["c"]
        relations = dict.fromkeys(relation_types(), 0)
        values = " ".join(f"ykg:{name}" for name in relations)
        for row in self.query(
            f"""SELECT ?p (COUNT(*) AS ?c) WHERE {{
                  SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} {not_ontology} }}
                }} GROUP BY ?p"""
        ).records():
            relations[row["p"].removeprefix(str(YKG))] = row["c"]
        return GraphStats(
            documents=scalar("SELECT (COUNT(DISTINCT ?d) AS ?c) WHERE { GRAPH ?g { ?d a ykg:Document ; ykg:graph ?g } }"),
            quads=scalar(f"SELECT (COUNT(*) AS ?c) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_ontology} }}"),
            triples=scalar(
                f"SELECT (COUNT(*) AS ?c) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {not_ontology} }} }}"
            ),
            evidence=scalar(f"SELECT (COUNT(DISTINCT ?e) AS ?c) WHERE {{ GRAPH ?g {{ ?e a ykg:Evidence }} {not_ontology} }}"),
            nodes=nodes,
            relations=relations,
        )

    def document_graphs(self) -> list[NamedNode]:
        """The named graphs of the documents (everything but the ontology), sorted."""
        return sorted((g for g in self.store.named_graphs() if g != ONTOLOGY), key=lambda g: g.value)

    def graph_ntriples(self, graph: NamedNode) -> list[str]:
        """The triples of one named graph as N-Triples lines (the form graph.rdf writes), unsorted."""
        if not self.store.contains_named_graph(graph):
            return []
        return self.store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8").splitlines()

    def quads(self, include_ontology: bool = False) -> list[Quad]:
        """Every quad of the document graphs (and the ontology, if asked), in a stable order."""
        graphs = self.document_graphs() + ([ONTOLOGY] if include_ontology else [])
        return [q for g in graphs for q in sorted(self.store.quads_for_pattern(None, None, None, g), key=str)]

    def _count(self, graph: NamedNode) -> int:
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, graph))


# ---------------------------------------------------------------------------------------------- helpers


def extract_file(path: str | os.PathLike[str]) -> Extraction:
    """Read and extract one file; any failure becomes a LoaderError that names the file."""
    from loaders import extract, read_document

    source = read_document(path)
    try:
        return extract(source)
    except LoaderError:
        raise
    except Exception as error:  # an extractor bug must still name the file that triggered it
        raise LoaderError(f"{source.name}: extraction failed ({type(error).__name__}: {error})") from error


def _open(path: Path, read_only: bool) -> Store:
    try:
        if read_only:
            if not path.is_dir():
                raise StoreError(f"no store at {path}; build one with `ykg build`")
            return Store.read_only(str(path))
        path.mkdir(parents=True, exist_ok=True)
        return Store(str(path))
    except OSError as error:
        hint = " (another process, e.g. `ykg serve`, has it open)" if "lock" in str(error).lower() else ""
        raise StoreError(f"cannot open the store at {path}{hint}: {error}") from None


def _nquads(graph: NamedNode, lines: Iterable[str]) -> str:
    """N-Triples lines ("s p o .") as N-Quads lines in `graph`, joined by newlines. The graph term is
    built once and serves as the separator of one join: this runs for every triple written."""
    end = f"<{graph.value}> ."
    return (end + "\n").join([line[:-1] for line in lines]) + end


@dataclass(frozen=True, slots=True)
class _Change:
    """What turns one named graph into the wanted one: N-Triples lines to add and to remove."""

    graph: NamedNode
    added: frozenset[str]
    removed: frozenset[str]
    new: bool  # the graph holds nothing yet
    size: int  # triples in the graph afterwards

    @classmethod
    def of(cls, graph: NamedNode, wanted: list[str], current: list[str]) -> _Change:
        wanted_set, current_set = frozenset(wanted), frozenset(current)
        if not current_set:  # a new graph (the usual case): everything is added, no set difference to copy
            return cls(graph, wanted_set, current_set, True, len(wanted_set))
        return cls(graph, wanted_set - current_set, current_set - wanted_set, False, len(wanted_set))

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def request(self) -> str:
        """SPARQL update operations for this change (N-Triples lines are valid SPARQL triples as they are)."""

        def block(lines: frozenset[str]) -> str:
            return f"GRAPH <{self.graph.value}> {{\n" + "\n".join(sorted(lines)) + "\n}"

        parts = []
        if self.removed:
            parts.append(f"DELETE DATA {{ {block(self.removed)} }}")
            parts.append(_unmerge(self.removed))
        if self.added:
            parts.append(f"INSERT DATA {{ {block(self.added)} }}")
            parts.append("INSERT DATA {\n" + "\n".join(sorted(self.added)) + "\n}")
        return " ;\n".join(parts)


def _unmerge(lines: Iterable[str]) -> str:
    """SPARQL update removing from the merged default graph those of `lines` that no named graph states
    any more (run after the named graph lost them, in the same request)."""
    rows = "\n".join(f"({line[:-2].strip()})" for line in sorted(lines))  # "s p o ." → "(s p o)"
    return (
        "DELETE { ?s ?p ?o } WHERE {\n VALUES (?s ?p ?o) {\n" + rows + "\n}\n"
        " FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } }\n}"
    )
