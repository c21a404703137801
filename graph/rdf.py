"""From an Extraction to RDF, following "RDF mapping" in docs/architecture.md.

Triples are produced as N-Triples lines, exactly as Oxigraph writes them back (same escapes, literals in the
canonical form it stores: 11.0 → "11"). Text is cheap to build in Python, Oxigraph parses it in bulk, and
comparing a document's new lines with the lines the store holds tells at once whether anything changed.
Everything is deterministic: IRIs come from the readable ids, evidence IRIs from a hash of what the
evidence cites, and there are no blank nodes, so the same extraction always gives the same triples.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize
from rdflib import RDFS, XSD

from loaders.model import Entity, Evidence, Extraction, Relation, SourceDocument
from ontology import (
    GRAPH,
    ID,
    ONTOLOGY_GRAPH,
    PROV,
    YKG,
    attribute_names,
    project_statuses,
    schema_graph,
    schema_turtle,
)

ONTOLOGY = NamedNode(str(ONTOLOGY_GRAPH))


class MappingError(ValueError):
    """An extraction holds a value the ontology cannot type (e.g. a year that is not a number)."""


# ---------------------------------------------------------------------------------------------- terms


def _iri(value: str) -> str:
    """An IRI in N-Triples (and SPARQL) syntax."""
    return f"<{value}>"


TYPE = _iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBJECT, PREDICATE, OBJECT = (_iri(f"http://www.w3.org/1999/02/22-rdf-syntax-ns#{n}") for n in ("subject", "predicate", "object"))
LABEL = _iri(str(RDFS.label))
ALT_LABEL = _iri("http://www.w3.org/2004/02/skos/core#altLabel")
QUOTED_FROM, QUOTE = _iri(str(PROV.wasQuotedFrom)), _iri(str(PROV.value))
_XSD = {name: _iri(str(XSD) + name) for name in ("integer", "decimal", "boolean")}


# Readable ids are slugs (loaders.model.make_id); holding them to IRI-safe characters lets the store load
# our N-Triples without re-validating every IRI.
_READABLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


def node(readable_id: str) -> NamedNode:
    """The IRI of a node: ykgid:<readable id>."""
    return NamedNode(str(ID) + readable_id)


@lru_cache(maxsize=1 << 16)
def nt_node(readable_id: str) -> str:
    """The IRI of a node as N-Triples, checked to be a readable id."""
    if not _READABLE_ID.fullmatch(readable_id):
        raise MappingError(f"{readable_id!r} is not a readable id (letters, digits, '-', '.', '_', '~')")
    return _iri(str(ID) + readable_id)


@cache
def nt_ykg(name: str) -> str:
    """A class, property or status concept of the ontology, as N-Triples."""
    return _iri(str(YKG) + name)


def graph_iri(document_id: str) -> NamedNode:
    """The named graph that holds one document's facts."""
    return NamedNode(str(GRAPH) + document_id)


# Terms of every evidence node, built once.
EVIDENCE, MENTIONED_IN = nt_ykg("Evidence"), nt_ykg("MENTIONED_IN")
CHAR_START, CHAR_END, SENTENCE_START, SENTENCE_END = (
    nt_ykg(name) for name in ("charStart", "charEnd", "sentenceStart", "sentenceEnd"))


def readable_id(iri: str) -> str | None:
    """The part of a node IRI after ykgid:, or None for any other IRI."""
    return iri[len(ID) :] if iri.startswith(str(ID)) else None


def evidence_id(document: str, subject: str, predicate: str, obj: str, start: int, end: int) -> str:
    key = "\x1f".join((document, subject, predicate, obj, str(start), str(end)))
    return "evidence-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- literals

# Oxigraph's N-Triples escapes: the five short ones, \uXXXX for the other control characters.
_ESCAPES = {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F]} | {
    0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}


def _quoted(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


@lru_cache(maxsize=1 << 16)
def zh(text: str) -> str:
    """A Chinese string (labels, aliases, quoted sentences)."""
    return _quoted(text) + "@zh"


def string(text: str) -> str:
    return _quoted(text)


@lru_cache(maxsize=1 << 16)
def integer(value: int) -> str:
    return f'"{value}"^^{_XSD["integer"]}'


@cache
def _datatypes() -> dict[str, str]:
    """Attribute name → the XSD datatype the ontology gives as its range."""
    graph = schema_graph()
    return {name: str(graph.value(YKG[name], RDFS.range) or XSD.string).removeprefix(str(XSD)) for name in attribute_names()}


def _decimal_lexical(value: Any) -> str:
    """The canonical xsd:decimal form Oxigraph stores: no exponent, no trailing zeros (11.0 → 11)."""
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def literal(name: str, value: Any) -> str:
    """The literal for attribute `name`, in the datatype the ontology declares for it."""
    datatype = _datatypes().get(name, "string")
    try:
        if datatype == "integer":
            if isinstance(value, bool) or int(value) != float(value):
                raise ValueError
            return integer(int(value))
        if datatype == "decimal":
            if isinstance(value, bool):
                raise ValueError
            return f'"{_decimal_lexical(value)}"^^{_XSD["decimal"]}'
        if datatype == "boolean":
            if not isinstance(value, bool):
                raise ValueError
            return f'"{"true" if value else "false"}"^^{_XSD["boolean"]}'
    except (ValueError, TypeError, InvalidOperation):
        raise MappingError(f"attribute {name} = {value!r} is not an xsd:{datatype}") from None
    return string(str(value))


def attribute_objects(name: str, value: Any) -> Iterator[tuple[str, str]]:
    """(predicate, object) pairs for one attribute; lists and sets give one triple per item."""
    values = sorted(value, key=str) if isinstance(value, list | tuple | set | frozenset) else [value]
    for item in values:
        if item is None:
            continue
        if name == "status":
            if item not in project_statuses():
                raise MappingError(f"status {item!r} is not one of {sorted(project_statuses())}")
            yield nt_ykg("status"), nt_ykg(item)
        else:
            yield nt_ykg(name), literal(name, item)


# ---------------------------------------------------------------------------------------------- triples


def to_ntriples(extraction: Extraction) -> list[str]:
    """All triples of one document as N-Triples lines (no newline), in a stable order, without repeats."""
    source = extraction.document
    triples = list(document_triples(source, extraction.entities.get(source.id)))
    # extend() with each generator: flat, without a nested generator per triple (this runs per triple of
    # every document, so the overhead shows in the ingest time)
    for entity in sorted(extraction.entities.values(), key=lambda e: e.id):
        triples.extend(entity_triples(entity, source))
    for relation in extraction.relations:
        triples.extend(relation_triples(relation))
    return list(dict.fromkeys([f"{s} {p} {o} ." for s, p, o in triples]))


def to_quads(extraction: Extraction) -> list[Quad]:
    """The same triples as pyoxigraph quads in the document's named graph (for callers that want terms)."""
    graph = graph_iri(extraction.document.id)
    lines = "\n".join(to_ntriples(extraction))
    return [Quad(t.subject, t.predicate, t.object, graph) for t in parse(lines, format=RdfFormat.N_TRIPLES)]


Triple = tuple[str, str, str]


def document_triples(source: SourceDocument, entity: Entity | None = None) -> Iterator[Triple]:
    """The Document node. An extractor may also describe the document as an entity: its label then
    only stands in when the source has no title, so the node keeps exactly one label."""
    subject = nt_node(source.id)
    yield subject, TYPE, nt_ykg("Document")
    yield subject, LABEL, zh(source.title or (entity.label if entity else "") or source.name)
    yield subject, nt_ykg("sha256"), string(source.sha256)
    yield subject, nt_ykg("encoding"), string(source.encoding)
    yield subject, nt_ykg("charCount"), integer(len(source.text))
    yield subject, nt_ykg("sourceName"), string(source.name)
    yield subject, nt_ykg("graph"), _iri(graph_iri(source.id).value)


def entity_triples(entity: Entity, source: SourceDocument) -> Iterator[Triple]:
    subject = nt_node(entity.id)
    yield subject, TYPE, nt_ykg(entity.type)
    if entity.id != source.id:  # the Document node has its label already
        yield subject, LABEL, zh(entity.label)
    for alias in sorted(entity.aliases):
        yield subject, ALT_LABEL, zh(alias)
    for name in sorted(entity.attributes):
        yield from ((subject, p, o) for p, o in attribute_objects(name, entity.attributes[name]))
    for evidence in entity.evidence:
        yield subject, MENTIONED_IN, nt_node(evidence.document)
        yield from evidence_triples(entity.id, "MENTIONED_IN", evidence.document, evidence)


def relation_triples(relation: Relation) -> Iterator[Triple]:
    yield nt_node(relation.source), nt_ykg(relation.type), nt_node(relation.target)
    yield from evidence_triples(relation.source, relation.type, relation.target, relation.evidence, relation.attributes)


def evidence_triples(
    subject: str, predicate: str, obj: str, evidence: Evidence, attributes: dict[str, Any] | None = None
) -> Iterator[Triple]:
    """The evidence node of one statement: what it states, where, and the relation's own attributes."""
    iri = nt_node(evidence_id(evidence.document, subject, predicate, obj, evidence.start, evidence.end))
    # One list rather than ten yields: there are several evidence nodes per entity and relation.
    yield from (
        (iri, TYPE, EVIDENCE),
        (iri, SUBJECT, nt_node(subject)),
        (iri, PREDICATE, nt_ykg(predicate)),
        (iri, OBJECT, nt_node(obj)),
        (iri, QUOTED_FROM, nt_node(evidence.document)),
        (iri, QUOTE, zh(evidence.sentence)),
        (iri, CHAR_START, integer(evidence.start)),
        (iri, CHAR_END, integer(evidence.end)),
        (iri, SENTENCE_START, integer(evidence.sentence_start)),
        (iri, SENTENCE_END, integer(evidence.sentence_end)),
    )
    for name in sorted(attributes or ()):
        yield from ((iri, p, o) for p, o in attribute_objects(name, attributes[name]))


def ontology_ntriples() -> list[str]:
    """The ontology as N-Triples lines, as stored in its own named graph."""
    triples = parse(schema_turtle(), format=RdfFormat.TURTLE)
    return serialize(triples, format=RdfFormat.N_TRIPLES).decode("utf-8").splitlines()
