"""The schema as data.

`yongchuan.ttl` is the single source of truth for node types, relation types, attributes and project
statuses; `shapes.ttl` holds the SHACL shapes every built graph must pass. This module reads them once
and hands the names to the rest of the code, so no other module spells out the schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

YKG = Namespace("https://w3id.org/yongchuan-kg/ontology#")
ID = Namespace("https://w3id.org/yongchuan-kg/id/")
GRAPH = Namespace("https://w3id.org/yongchuan-kg/graph/")
ONTOLOGY_GRAPH = URIRef("https://w3id.org/yongchuan-kg/graph/ontology")
PROV = Namespace("http://www.w3.org/ns/prov#")

PREFIXES = {
    "ykg": str(YKG),
    "ykgid": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "qb": "http://purl.org/linked-data/cube#",
    "dcterms": "http://purl.org/dc/terms/",
}


@dataclass(frozen=True)
class NodeType:
    name: str  # local name, e.g. "Department"
    id_prefix: str  # e.g. "department"
    label_zh: str
    label_en: str
    comment: str
    is_organization: bool


@dataclass(frozen=True)
class RelationType:
    name: str  # e.g. "OWNS"
    label_zh: str
    label_en: str
    comment: str


@dataclass(frozen=True)
class ProjectStatus:
    code: str  # e.g. "under_construction"
    label_zh: str  # e.g. "在建"
    label_en: str
    phrases: tuple[str, ...]  # the verbs the documents use for it, prefLabel first


def _text(path: str) -> str:
    return resources.files(__name__).joinpath(path).read_text(encoding="utf-8")


@cache
def schema_graph() -> Graph:
    """The ontology as an rdflib graph (parsed once)."""
    graph = Graph()
    graph.parse(data=_text("yongchuan.ttl"), format="turtle")
    return graph


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    graph.parse(data=_text("shapes.ttl"), format="turtle")
    return graph


def schema_turtle() -> str:
    return _text("yongchuan.ttl")


def _label(graph: Graph, subject: URIRef, lang: str, prop=RDFS.label) -> str:
    for value in graph.objects(subject, prop):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


@cache
def node_types() -> dict[str, NodeType]:
    graph = schema_graph()
    result = {}
    for cls in graph.subjects(YKG.nodeType, Literal(True)):
        name = cls.removeprefix(str(YKG))
        result[name] = NodeType(
            name=name,
            id_prefix=str(graph.value(cls, YKG.idPrefix)),
            label_zh=_label(graph, cls, "zh"),
            label_en=_label(graph, cls, "en"),
            comment=str(graph.value(cls, RDFS.comment) or ""),
            is_organization=(cls, RDFS.subClassOf, YKG.Organization) in graph,
        )
    return dict(sorted(result.items()))


@cache
def relation_types() -> dict[str, RelationType]:
    """Relation types: object properties with UPPER_SNAKE names (ykg:status is an attribute)."""
    graph = schema_graph()
    result = {}
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        name = prop.removeprefix(str(YKG))
        if not name.isupper():
            continue
        result[name] = RelationType(
            name=name,
            label_zh=_label(graph, prop, "zh"),
            label_en=_label(graph, prop, "en"),
            comment=str(graph.value(prop, RDFS.comment) or ""),
        )
    return dict(sorted(result.items()))


@cache
def attribute_names() -> frozenset[str]:
    graph = schema_graph()
    return frozenset(p.removeprefix(str(YKG)) for p in graph.subjects(RDF.type, OWL.DatatypeProperty))


@cache
def organization_types() -> frozenset[str]:
    return frozenset(name for name, t in node_types().items() if t.is_organization)


@cache
def project_statuses() -> dict[str, ProjectStatus]:
    graph = schema_graph()
    result = {}
    for concept in graph.subjects(RDF.type, YKG.ProjectStatus):
        code = str(graph.value(concept, SKOS.notation))
        pref_zh = _label(graph, concept, "zh", SKOS.prefLabel)
        alts = sorted(str(v) for v in graph.objects(concept, SKOS.altLabel))
        result[code] = ProjectStatus(
            code=code,
            label_zh=pref_zh,
            label_en=_label(graph, concept, "en", SKOS.prefLabel),
            phrases=(pref_zh, *alts),
        )
    return result


def type_iri(name: str) -> URIRef:
    if name not in node_types() and name not in relation_types() and name not in attribute_names():
        raise KeyError(f"{name!r} is not in the ontology")
    return YKG[name]
