"""The graph as a networkx MultiDiGraph, for path finding, analysis and the exports built on it.

Nodes are keyed by readable id (person-gan-yu) and carry type, label, aliases and attributes; each relation is
one edge keyed by its type, and its evidence nodes become the edge's `evidence` list instead of nodes.
Facts stated by several documents are merged: one node, one edge, the evidence of every document.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
from pyoxigraph import DefaultGraph, Literal, NamedNode

from graph.query import python_value
from graph.rdf import readable_id
from graph.store import KnowledgeGraph
from ontology import ID, PROV, YKG, node_types, relation_types

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_NODES = str(ID)
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = (_RDF + n for n in ("type", "subject", "predicate", "object"))
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
_EVIDENCE = str(YKG.Evidence)
_QUOTED_FROM, _QUOTE = str(PROV.wasQuotedFrom), str(PROV.value)
# Evidence properties that become the named fields of an edge's evidence entry.
_EVIDENCE_FIELDS = {str(YKG.charStart): "start", str(YKG.charEnd): "end",
                    str(YKG.sentenceStart): "sentence_start", str(YKG.sentenceEnd): "sentence_end"}


def to_networkx(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    """Project the document graphs (not the ontology) onto a MultiDiGraph, in a stable order."""
    subjects = _group_by_subject(kg)
    types = {str(YKG[name]): name for name in node_types()}
    relations = {str(YKG[name]): name for name in relation_types()}

    graph = nx.MultiDiGraph()
    evidence: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for subject in sorted(subjects):
        properties = subjects[subject]
        if _EVIDENCE in properties.get(_TYPE, ()):
            key, entry = _evidence_entry(properties)
            evidence[key].append(entry)
            continue
        node_type = next((types[t] for t in sorted(properties.get(_TYPE, ())) if t in types), None)
        if node_type is None:
            continue
        graph.add_node(_id(subject), **_node_attributes(node_type, properties, relations))

    for subject in sorted(subjects):
        for predicate in sorted(subjects[subject]):
            if predicate not in relations:
                continue
            for target in sorted(subjects[subject][predicate]):
                source_id, target_id, name = _id(subject), _id(target), relations[predicate]
                cited = sorted(evidence.get((subject, predicate, target), ()), key=_evidence_order)
                graph.add_edge(source_id, target_id, key=name, type=name, evidence=cited, **_merge_attributes(cited))
    return graph


def _group_by_subject(kg: KnowledgeGraph) -> dict[str, dict[str, set]]:
    """subject IRI → predicate IRI → set of objects (IRIs as str, literals as Literal), over all documents."""
    subjects: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for quad in kg.store.quads_for_pattern(None, None, None, DefaultGraph()):  # the merge of all graphs
        if not isinstance(quad.subject, NamedNode) or not quad.subject.value.startswith(_NODES):
            continue  # the ontology's own terms are schema, not nodes
        obj = quad.object.value if isinstance(quad.object, NamedNode) else quad.object
        subjects[quad.subject.value][quad.predicate.value].add(obj)
    return subjects


def _node_attributes(node_type: str, properties: dict[str, set], relations: dict[str, str]) -> dict:
    labels = sorted(v.value for v in properties.get(_LABEL, ()))
    attributes = {}
    for predicate, values in properties.items():
        if predicate.startswith(str(YKG)) and predicate not in relations:
            attributes[predicate[len(YKG):]] = _collapse(_value(v) for v in values)
    return {
        "type": node_type,
        "label": labels[0] if labels else "",
        "aliases": sorted(v.value for v in properties.get(_ALT_LABEL, ())),
        "attributes": dict(sorted(attributes.items())),
    }


def _evidence_entry(properties: dict[str, set]) -> tuple[tuple[str, str, str], dict]:
    one = lambda p: next(iter(properties.get(p, ())), None)  # noqa: E731
    key = (one(_SUBJECT), one(_PREDICATE), one(_OBJECT))
    entry = {"document": _id(one(_QUOTED_FROM) or ""), "sentence": _value(one(_QUOTE))}
    for predicate, field in _EVIDENCE_FIELDS.items():
        entry[field] = _value(one(predicate))
    for predicate, values in sorted(properties.items()):
        if predicate.startswith(str(YKG)) and predicate not in _EVIDENCE_FIELDS:
            entry[predicate[len(YKG):]] = _collapse(_value(v) for v in values)
    return key, entry


def _merge_attributes(evidence: list[dict]) -> dict:
    """The relation's own attributes (e.g. titles), gathered from its evidence entries."""
    fields = ("document", "sentence", *(_EVIDENCE_FIELDS.values()))
    merged: dict[str, list] = defaultdict(list)
    for entry in evidence:
        for name, value in entry.items():
            if name not in fields:
                merged[name].extend(value if isinstance(value, list) else [value])
    return {name: _collapse(values) for name, values in sorted(merged.items())}


def _evidence_order(entry: dict) -> tuple:
    return entry["document"], entry["start"] if entry["start"] is not None else -1, entry["end"] or -1


def _value(term) -> object:
    """A literal as a Python value; an IRI (a status concept, a graph) by its local name."""
    if isinstance(term, Literal):
        return python_value(term)
    if isinstance(term, str):
        return readable_id(term) or term.rsplit("#", 1)[-1]
    return term


def _collapse(values) -> object:
    """One value stays a scalar; several distinct values (from different documents) become a sorted list."""
    distinct = sorted(set(values), key=lambda v: (str(type(v)), v))
    return distinct[0] if len(distinct) == 1 else distinct


def _id(iri: str) -> str:
    return readable_id(iri) or iri
