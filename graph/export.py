"""The graph as files: node-link JSON, Turtle, TriG, JSON-LD and GraphML, each in a stable order.

RDF formats hold the document graphs (and, if asked, the ontology graph); `ttl` and `jsonld` merge them into
one graph, `trig` keeps one named graph per document. `json` and `graphml` are the networkx projection.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict

import networkx as nx
from pyoxigraph import RdfFormat, Triple, parse, serialize

from graph.network import to_networkx
from graph.rdf import ONTOLOGY
from graph.store import KnowledgeGraph
from ontology import PREFIXES

FORMATS = {  # format → media type
    "json": "application/json",
    "ttl": "text/turtle",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
}
EXTENSIONS = {"json": ".json", "ttl": ".ttl", "trig": ".trig", "jsonld": ".jsonld", "graphml": ".graphml"}


def export(kg: KnowledgeGraph, format: str, *, include_ontology: bool = False) -> bytes:
    """Serialise the whole graph in `format` (one of FORMATS)."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    if format == "json":
        return json.dumps(node_link(to_networkx(kg)), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    if format == "graphml":
        return graphml(to_networkx(kg))
    graphs = kg.document_graphs() + ([ONTOLOGY] if include_ontology else [])
    if format == "trig":
        lines = (line[:-1] + f"<{g.value}> ." for g in graphs for line in sorted(kg.graph_ntriples(g)))
        return serialize(parse("\n".join(lines), format=RdfFormat.N_QUADS), format=RdfFormat.TRIG, prefixes=PREFIXES)
    union = sorted({line for g in graphs for line in kg.graph_ntriples(g)})  # a fact two documents state, once
    triples = list(parse("\n".join(union), format=RdfFormat.N_TRIPLES))
    if format == "ttl":
        return serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES)
    return jsonld(triples)


def jsonld(triples: list[Triple]) -> bytes:
    """JSON-LD with the project prefixes as @context: Oxigraph writes expanded JSON-LD quickly, and IRIs
    are then shortened to compact IRIs (ykgid:person-gan-yu), which is valid under that context."""
    nodes = json.loads(serialize(triples, format=RdfFormat.JSON_LD))
    document = {"@context": dict(PREFIXES), "@graph": [_compacted(n) for n in nodes]}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def _compact_iri(iri: str) -> str:
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _compacted(node: dict) -> dict:
    """One expanded node object with compact IRIs in @id, @type, property names and datatypes."""
    result = {"@id": _compact_iri(node["@id"])}
    for key, values in node.items():
        if key == "@id":
            continue
        if key == _RDF_TYPE:
            result["@type"] = [_compact_iri(v["@id"]) for v in values]
            continue
        result[_compact_iri(key)] = [
            {k: _compact_iri(v) if k in ("@id", "@type") else v for k, v in value.items()} for value in values
        ]
    return result


def node_link(graph: nx.MultiDiGraph) -> dict:
    """{"nodes": [{id, type, label, aliases, …attributes}], "edges": [{source, target, type, evidence, …}]}."""
    nodes = [
        {"id": node, "type": data["type"], "label": data["label"], "aliases": data["aliases"], **data["attributes"]}
        for node, data in sorted(graph.nodes(data=True))
    ]
    edges = [
        {"source": source, "target": target, **data}
        for source, target, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[2]["type"], e[1]))
    ]
    return {"nodes": nodes, "edges": edges}


def graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML holds typed scalars only: node attributes are flattened, and lists, evidence and any attribute
    whose type varies between elements (one year on a node, two years on another) are written as JSON."""
    nodes = [{k: v for k, v in data.items() if k != "attributes"} | data["attributes"] for _, data in graph.nodes(data=True)]
    edges = [data for *_, data in graph.edges(keys=True, data=True)]
    flat = nx.MultiDiGraph()
    for node, data in zip(graph.nodes, _scalars(nodes), strict=True):
        flat.add_node(node, **data)
    for (source, target, key), data in zip(graph.edges(keys=True), _scalars(edges), strict=True):
        flat.add_edge(source, target, key=key, **data)
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8")
    return buffer.getvalue()


def _scalars(records: list[dict]) -> list[dict]:
    types: dict[str, set[type]] = defaultdict(set)
    for record in records:
        for name, value in record.items():
            types[name].add(type(value))
    as_json = {name for name, seen in types.items() if len(seen) > 1 or not seen <= {str, int, float, bool}}
    return [
        {name: json.dumps(value, ensure_ascii=False) if name in as_json else value
         for name, value in record.items() if value is not None}
        for record in records
    ]
