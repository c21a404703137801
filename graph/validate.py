"""SHACL validation of the whole graph against ontology/shapes.ttl.

The data graph is the union of the document graphs plus the ontology: the shapes use sh:class, which follows
rdfs:subClassOf in the data graph, so no inference is run (see the note at the top of shapes.ttl).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import DefaultGraph, NamedNode
from pyoxigraph import Literal as OxLiteral
from rdflib import Graph, Literal, Namespace, URIRef

from graph.query import compact
from graph.store import KnowledgeGraph
from ontology import shapes_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str  # the node that fails, e.g. ykgid:person-gan-yu
    path: str  # the property, e.g. rdfs:label ("" for a node-level constraint)
    value: str
    message: str
    severity: str  # Violation, Warning or Info

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" = {self.value}" if self.value else ""
        return f"{self.focus}{where}{value}: {self.message}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    conforms: bool
    text: str  # pyshacl's report, for people
    results: tuple[Violation, ...]


def data_graph(kg: KnowledgeGraph) -> Graph:
    """The union of all named graphs (ontology included) as an in-memory rdflib graph."""
    # The named graphs are what the documents state; the default graph is only their merge (graph.store).
    # A fact two documents state is one triple.
    triples = {(q.subject, q.predicate, q.object) for q in kg.store if q.graph_name != DefaultGraph()}
    graph = Graph()
    graph.addN((_term(s), _term(p), _term(o), graph) for s, p, o in triples)
    return graph


@lru_cache(maxsize=1 << 18)
def _term(term: NamedNode | OxLiteral) -> URIRef | Literal:
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # a simple literal, as N-Triples writes it
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def validate(kg: KnowledgeGraph) -> ValidationReport:
    from pyshacl import validate as shacl  # slow to import; only validation needs it

    conforms, report, text = shacl(data_graph(kg), shacl_graph=shapes_graph(), inference="none", advanced=False)
    return ValidationReport(conforms, text, tuple(sorted(_violations(report), key=str)))


def _violations(report: Graph) -> list[Violation]:
    def show(term) -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef):
            return compact(NamedNode(str(term)))
        if isinstance(term, Literal):
            return compact(OxLiteral(str(term)))
        return str(term)

    results = []
    for result in report.subjects(SH.resultSeverity, None):
        results.append(
            Violation(
                focus=show(report.value(result, SH.focusNode)),
                path=show(report.value(result, SH.resultPath)),
                value=show(report.value(result, SH.value)),
                message=str(report.value(result, SH.resultMessage) or ""),
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    return results
