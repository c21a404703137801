"""The read model: the questions people ask of the graph, as plain functions returning dicts and lists.

    organizations(kg, type="Town")           organization(kg, "department-qu-jing-ji-xin-xi-wei")
    cluster_tree(kg)                          cluster_projects(kg, "cluster-…", status="starting")
    entity(kg, id)  neighbors(kg, id, 2)      path(kg, from_id, to_id)

Every relation in an answer carries its evidence: the document, the sentence and the character span.
The relations and their evidence come from SPARQL over the union of the document graphs. What does not
depend on the request (the catalogue of nodes, the relation index, the networkx projection, the search
index) is computed once per *generation* of the graph and cached; a generation ends when a document is
ingested or removed (see `generation`).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.query import python_value
from graph.rdf import ONTOLOGY, node, readable_id
from graph.search import SearchIndex
from graph.store import KnowledgeGraph
from ontology import ID, YKG, node_types, organization_types, project_statuses, relation_types

# Relations whose other end is a document: every node has them, so they would make every node a neighbour
# of every other through the documents. Graph walks leave them out unless asked.
HUB_RELATIONS = frozenset({"MENTIONED_IN", "AUTHORED_BY"}) & set(relation_types())
MAX_DEPTH = 3


class NotFound(KeyError):
    """An id (or a path) the graph does not have; the API answers 404."""

    def __init__(self, message: str, code: str = "not_found", detail: Any = None):
        super().__init__(message)
        self.code, self.detail = code, detail

    def __str__(self) -> str:
        return self.args[0]


class InvalidParameter(ValueError):
    """A parameter value the graph cannot mean (unknown type, unknown status); the API answers 422."""

    def __init__(self, message: str, parameter: str):
        super().__init__(message)
        self.parameter = parameter


# ---------------------------------------------------------------------------------------------- caching

_generations: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # kg → explicit bump count
_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # kg → (generation, {name: value})
_checked: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # kg → (when, generation)
_lock = threading.Lock()
RECHECK_SECONDS = 1.0


def invalidate(kg: KnowledgeGraph) -> None:
    """Forget everything cached for `kg`; call after writing to it (the API does, after each ingest)."""
    with _lock:
        _generations[kg] = _generations.get(kg, 0) + 1
        _caches.pop(kg, None)
        _checked.pop(kg, None)


def generation(kg: KnowledgeGraph) -> tuple:
    """Changes whenever the graph may have changed: an explicit `invalidate`, or the set of documents and
    their content hashes (so a write through another handle on the same store is noticed too)."""
    own = getattr(kg, "generation", None)  # if the store ever keeps a counter, trust it
    documents = kg.query(
        "SELECT ?g ?sha WHERE { GRAPH ?g { ?d a ykg:Document ; ykg:sha256 ?sha } } ORDER BY ?g"
    ).rows
    return own, _generations.get(kg, 0), tuple((g.value, sha.value) for g, sha in documents)


def _current_generation(kg: KnowledgeGraph) -> tuple:
    # Asking the store costs a query; one answer a second is enough, since our own writes invalidate at once.
    now = time.monotonic()
    seen = _checked.get(kg)
    if seen is None or now - seen[0] > RECHECK_SECONDS:
        seen = _checked[kg] = (now, generation(kg))
    return seen[1]


def cached(kg: KnowledgeGraph, name: str, build: Callable[[KnowledgeGraph], Any]) -> Any:
    """`build(kg)` once per generation of `kg`."""
    current = _current_generation(kg)
    with _lock:
        entry = _caches.get(kg)
        if entry is None or entry[0] != current:
            entry = _caches[kg] = (current, {}, defaultdict(threading.Lock))
        values, locks = entry[1], entry[2]
    if name not in values:
        with locks[name]:  # fifty requests arriving together build the projection once, not fifty times
            if name not in values:
                values[name] = build(kg)
    return values[name]


# ---------------------------------------------------------------------------------------------- catalogue


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    type: str
    label: str
    aliases: tuple[str, ...]
    attributes: dict

    def ref(self) -> dict:
        return {"id": self.id, "type": self.type, "label": self.label}

    def summary(self) -> dict:
        return {**self.ref(), "aliases": list(self.aliases), "attributes": self.attributes}


def _collapse(values: list) -> Any:
    """One value stays a scalar; different values stated by different documents become a sorted list."""
    distinct = sorted(set(values), key=lambda v: (str(type(v)), v))
    return distinct[0] if len(distinct) == 1 else distinct


def as_list(value: Any) -> list:
    return [] if value is None else list(value) if isinstance(value, list) else [value]


def _build_catalog(kg: KnowledgeGraph) -> dict[str, Node]:
    values = " ".join(f"ykg:{name}" for name in node_types())
    not_ontology = f"FILTER(?g != <{ONTOLOGY.value}>)"
    types: dict[str, str] = {}
    labels: dict[str, list] = defaultdict(list)
    aliases: dict[str, set] = defaultdict(set)
    attributes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for n, t in kg.query(f"SELECT DISTINCT ?n ?t WHERE {{ VALUES ?t {{ {values} }} GRAPH ?g {{ ?n a ?t }} {not_ontology} }}").rows:
        # A node typed twice (never, today) keeps the first type in name order, as the export does.
        name = t.value[len(YKG):]
        key = readable_id(n.value)
        if key and (key not in types or name < types[key]):
            types[key] = name
    for n, p, v in kg.query(
        f"""SELECT DISTINCT ?n ?p ?v WHERE {{ VALUES ?t {{ {values} }} GRAPH ?g {{ ?n a ?t ; ?p ?v }} {not_ontology}
              FILTER(isLiteral(?v) || ?p = ykg:status) }}"""
    ).rows:
        key, predicate = readable_id(n.value), p.value
        if predicate == "http://www.w3.org/2000/01/rdf-schema#label":
            labels[key].append(v.value)
        elif predicate == "http://www.w3.org/2004/02/skos/core#altLabel":
            aliases[key].add(v.value)
        elif predicate.startswith(str(YKG)):
            value = v.value[len(YKG):] if predicate == str(YKG.status) else python_value(v)
            attributes[key][predicate[len(YKG):]].append(value)
    return {
        key: Node(
            key,
            types[key],
            min(labels[key], default=key),
            tuple(sorted(aliases[key] - set(labels[key]))),
            {name: _collapse(vs) for name, vs in sorted(attributes[key].items())},
        )
        for key in sorted(types)
    }


def catalog(kg: KnowledgeGraph) -> dict[str, Node]:
    """Every node of the document graphs by id: type, label, aliases and attributes."""
    return cached(kg, "catalog", _build_catalog)


def get_node(kg: KnowledgeGraph, node_id: str, types: Iterable[str] | None = None, kind: str = "node") -> Node:
    found = catalog(kg).get(node_id)
    if found is None:
        raise NotFound(f"no {kind} with id {node_id!r}", detail={"id": node_id})
    wanted = set(types or ())
    if wanted and found.type not in wanted:
        raise NotFound(f"{node_id!r} is a {found.type}, not a {kind}", detail={"id": node_id, "type": found.type})
    return found


def search_index(kg: KnowledgeGraph) -> SearchIndex:
    return cached(kg, "search", lambda kg: SearchIndex(
        (n.id, n.type, n.label, n.aliases) for n in catalog(kg).values()
    ))


def search(kg: KnowledgeGraph, q: str, types: Iterable[str] | None = None, limit: int = 20) -> list[dict]:
    """Nodes whose label or alias matches `q`: Chinese substrings, pinyin, initials, then fuzzy."""
    types = _check_types(types, "type")
    return [hit.as_dict() for hit in search_index(kg).search(q, types=types, limit=limit)]


# ---------------------------------------------------------------------------------------------- relations

EVIDENCE_KEYS = ("document", "sentence", "start", "end", "sentence_start", "sentence_end")
_EVIDENCE_FIELDS = ("rdf:type", "rdf:subject", "rdf:predicate", "rdf:object", "prov:wasQuotedFrom", "prov:value",
                    "ykg:charStart", "ykg:charEnd", "ykg:sentenceStart", "ykg:sentenceEnd")


def _edges_query(where: str) -> str:
    """Relations as their evidence nodes say them. `where` restricts ?s, ?p or ?o (VALUES, triple patterns)."""
    return f"""
    SELECT DISTINCT ?s ?p ?o ?doc ?sentence ?start ?end ?ss ?se ?attr ?value WHERE {{
      {where}
      ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasQuotedFrom ?doc ; prov:value ?sentence ;
          ykg:charStart ?start ; ykg:charEnd ?end ; ykg:sentenceStart ?ss ; ykg:sentenceEnd ?se .
      OPTIONAL {{ ?ev ?attr ?value . FILTER(?attr NOT IN ({", ".join(_EVIDENCE_FIELDS)})) }}
    }}"""


def edges(kg: KnowledgeGraph, where: str) -> list[dict]:
    """Relations with their evidence, one dict per (source, type, target):

        {"type": "OWNS", "source": {id, type, label}, "target": {…}, "attributes": {"titles": …},
         "evidence": [{"document", "sentence", "start", "end", "sentence_start", "sentence_end"}]}
    """
    nodes = catalog(kg)
    grouped: dict[tuple, dict] = {}
    for s, p, o, doc, sentence, start, end, ss, se, attr, value in kg.query(_edges_query(where)).rows:
        source, target, relation = readable_id(s.value), readable_id(o.value), p.value[len(YKG):]
        if source not in nodes or target not in nodes:
            continue  # a dangling statement (no typed node at one end) is not an answer
        edge = grouped.get((source, relation, target))
        if edge is None:
            edge = grouped[(source, relation, target)] = {
                "type": relation, "source": nodes[source].ref(), "target": nodes[target].ref(),
                "attributes": defaultdict(list), "evidence": {},
            }
        quote = (readable_id(doc.value), int(start.value), int(end.value))
        edge["evidence"].setdefault(quote, {
            "document": quote[0], "sentence": sentence.value, "start": quote[1], "end": quote[2],
            "sentence_start": int(ss.value), "sentence_end": int(se.value),
        })
        if attr is not None and attr.value.startswith(str(YKG)):
            edge["attributes"][attr.value[len(YKG):]].append(python_value(value))
    result = []
    for key in sorted(grouped):
        edge = grouped[key]
        edge["attributes"] = {name: _collapse(vs) for name, vs in sorted(edge["attributes"].items())}
        edge["evidence"] = [edge["evidence"][k] for k in sorted(edge["evidence"])]
        result.append(edge)
    return result


def _iri(node_id: str) -> str:
    return f"<{node(node_id).value}>"


def _relation_values(names: Iterable[str]) -> str:
    return " ".join(f"ykg:{name}" for name in names)


def edges_from(kg: KnowledgeGraph, node_id: str, relations: Iterable[str] | None = None) -> list[dict]:
    restrict = f"VALUES ?p {{ {_relation_values(relations)} }}" if relations else ""
    return edges(kg, f"VALUES ?s {{ {_iri(node_id)} }} {restrict}")


def edges_to(kg: KnowledgeGraph, node_id: str, relations: Iterable[str] | None = None) -> list[dict]:
    restrict = f"VALUES ?p {{ {_relation_values(relations)} }}" if relations else ""
    return edges(kg, f"VALUES ?o {{ {_iri(node_id)} }} {restrict}")


def _link(edge: dict, other: str, nodes: dict[str, Node]) -> dict:
    """An edge seen from one end: the node at the other end (with its attributes), and the evidence."""
    return {"node": nodes[edge[other]["id"]].summary(), "relation": edge["type"],
            "attributes": edge["attributes"], "evidence": edge["evidence"]}


def _relation_index(kg: KnowledgeGraph) -> dict[str, dict[tuple[str, str], set[str]]]:
    """relation → {(node, "out"|"in"): other ends}, for filters and counts (no evidence)."""
    index: dict[str, dict] = {name: defaultdict(set) for name in relation_types()}
    values = _relation_values(relation_types())
    nodes = catalog(kg)
    for s, p, o in kg.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}").rows:
        source, target = readable_id(s.value), readable_id(o.value)
        if source in nodes and target in nodes:
            relation = index[p.value[len(YKG):]]
            relation[(source, "out")].add(target)
            relation[(target, "in")].add(source)
    return index


def related(kg: KnowledgeGraph, node_id: str, relation: str, direction: str = "out") -> set[str]:
    return cached(kg, "relations", _relation_index)[relation].get((node_id, direction), set())


# ---------------------------------------------------------------------------------------------- parameters


def _check_types(types: Iterable[str] | None, parameter: str, allowed: Iterable[str] | None = None) -> list[str]:
    allowed = set(allowed or node_types())
    result = [t for t in (types or ()) if t]
    unknown = [t for t in result if t not in allowed]
    if unknown:
        raise InvalidParameter(f"unknown {parameter} {', '.join(unknown)}; one of {', '.join(sorted(allowed))}", parameter)
    return result


def status_code(status: str | None) -> str | None:
    """A project status given as its code (starting), its label (新开工, starting) or a verb (开工建设)."""
    if not status:
        return None
    for code, info in project_statuses().items():
        if status.strip().lower() in (code, info.label_en.lower(), *info.phrases):
            return code
    choices = ", ".join(f"{code} ({info.label_zh})" for code, info in project_statuses().items())
    raise InvalidParameter(f"unknown project status {status!r}; one of {choices}", "status")


def _matches(kg: KnowledgeGraph, q: str | None, types: Iterable[str]) -> set[str] | None:
    """Ids of the nodes `q` finds by name (no fuzzy guesses: this is a filter), or None when no `q`."""
    if not q or not q.strip():
        return None
    hits = search_index(kg).search(q, types=types, limit=len(catalog(kg)))
    return {h.id for h in hits if h.match != "fuzzy"}


def _years(value: Any) -> set[int]:
    return {int(v) for v in as_list(value) if isinstance(v, int | float)}


def _mention_index(kg: KnowledgeGraph) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = defaultdict(list)
    for edge in edges(kg, "VALUES ?p { ykg:MENTIONED_IN }"):
        result[edge["source"]["id"]].extend(edge["evidence"])
    return dict(result)


def _mentions(kg: KnowledgeGraph, ids: Iterable[str]) -> dict[str, list[dict]]:
    """The evidence of each node's mentions: where the documents name it (one cached query for all)."""
    index = cached(kg, "mentions", _mention_index)
    return {i: index[i] for i in ids if i in index}


# ---------------------------------------------------------------------------------------------- organisations


def organizations(kg: KnowledgeGraph, type: str | None = None, q: str | None = None) -> list[dict]:
    """Organisations of one type (or all), optionally those whose name matches `q`, with what they hold."""
    org_types = sorted(organization_types())
    wanted = _check_types([type] if type else None, "type", org_types) or org_types
    found = _matches(kg, q, wanted)
    result = []
    for n in catalog(kg).values():
        if n.type not in wanted or (found is not None and n.id not in found):
            continue
        owned = related(kg, n.id, "OWNS")
        nodes = catalog(kg)
        result.append({
            **n.summary(),
            "counts": {
                "officials": len(related(kg, n.id, "HOLDS_POST", "in")),
                "initiatives": sum(nodes[i].type == "Initiative" for i in owned),
                "projects": sum(nodes[i].type == "Project" for i in owned),
                "policies": len(related(kg, n.id, "ISSUED_BY", "in")),
            },
        })
    return sorted(result, key=lambda o: (o["type"], o["id"]))


def organization(kg: KnowledgeGraph, org_id: str) -> dict:
    """One organisation: officials and their posts, what it owns, the policies it issued, where it sits."""
    org = get_node(kg, org_id, organization_types(), "organization")
    nodes = catalog(kg)
    outgoing = edges_from(kg, org_id, set(relation_types()) - HUB_RELATIONS)
    incoming = edges_to(kg, org_id, set(relation_types()) - HUB_RELATIONS)
    owns = defaultdict(list)
    for edge in outgoing:
        if edge["type"] == "OWNS":
            owns[edge["target"]["type"]].append(_link(edge, "target", nodes))
    by_type = lambda edges_, relation, end: [_link(e, end, nodes) for e in edges_ if e["type"] == relation]  # noqa: E731
    return {
        **org.summary(),
        "officials": [
            {**link, "titles": link["attributes"].get("titles")} for link in by_type(incoming, "HOLDS_POST", "source")
        ],
        "initiatives": owns.pop("Initiative", []),
        "projects": owns.pop("Project", []),
        "programmes": owns.pop("Programme", []),
        "owns_other": [link for links in owns.values() for link in links],
        "policies": by_type(incoming, "ISSUED_BY", "source"),
        "part_of": by_type(outgoing, "PART_OF", "target"),
        "parts": by_type(incoming, "PART_OF", "source"),
        "located_in": by_type(outgoing, "LOCATED_IN", "target"),
        "located_here": by_type(incoming, "LOCATED_IN", "source"),
        "partners": by_type(outgoing, "PARTNERS_WITH", "target") + by_type(incoming, "PARTNERS_WITH", "source"),
        "authored": by_type(edges_to(kg, org_id, ["AUTHORED_BY"]), "AUTHORED_BY", "source"),
        "mentions": _mentions(kg, [org_id]).get(org_id, []),
    }


def organization_initiatives(kg: KnowledgeGraph, org_id: str) -> list[dict]:
    """The initiatives an organisation owns, each with the sentence that says so."""
    get_node(kg, org_id, organization_types(), "organization")
    nodes = catalog(kg)
    links = [_link(e, "target", nodes) for e in edges_from(kg, org_id, ["OWNS"]) if e["target"]["type"] == "Initiative"]
    return sorted(links, key=_evidence_order)


def _evidence_order(link: dict) -> tuple:
    first = link["evidence"][0] if link["evidence"] else {"document": "", "start": -1}
    return first["document"], first["start"], link["node"]["id"]


# ---------------------------------------------------------------------------------------------- clusters

CLUSTER_TYPES = ("IndustryClusterSystem", "IndustryClusterTier", "IndustryCluster")


def _order(n: Node) -> tuple:
    order = n.attributes.get("order")
    return (min(as_list(order)) if order is not None else 10**6, n.label, n.id)


def _clusters_under(kg: KnowledgeGraph, node_id: str) -> list[str]:
    """The clusters at or below a system, tier or cluster (PART_OF, transitively)."""
    nodes, seen, stack = catalog(kg), set(), [node_id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(related(kg, current, "PART_OF", "in"))
    return sorted(i for i in seen if nodes[i].type == "IndustryCluster")


def _project_count(kg: KnowledgeGraph, cluster_ids: Iterable[str]) -> int:
    return len({p for c in cluster_ids for p in related(kg, c, "IN_CLUSTER", "in")})


def _tree_node(kg: KnowledgeGraph, n: Node) -> dict:
    nodes = catalog(kg)
    children = sorted((nodes[c] for c in related(kg, n.id, "PART_OF", "in") if nodes[c].type in CLUSTER_TYPES), key=_order)
    result = {**n.summary(), "project_count": _project_count(kg, _clusters_under(kg, n.id))}
    if n.type == "IndustryClusterSystem":
        result["tiers"] = [_tree_node(kg, c) for c in children]
    elif n.type == "IndustryClusterTier":
        result["clusters"] = [_tree_node(kg, c) for c in children]
    return result


def cluster_tree(kg: KnowledgeGraph) -> list[dict]:
    """Each cluster system → its tiers → their clusters, with how many projects each holds.

    Clusters the documents do not place in a tier come last, under a system-less "unplaced" list.
    """
    def build(kg: KnowledgeGraph) -> list[dict]:
        nodes = catalog(kg)
        systems = sorted((n for n in nodes.values() if n.type == "IndustryClusterSystem"), key=_order)
        tree = [_tree_node(kg, s) for s in systems]
        placed = {c["id"] for s in tree for t in s.get("tiers", []) for c in t.get("clusters", [])}
        unplaced = sorted((n for n in nodes.values() if n.type == "IndustryCluster" and n.id not in placed), key=_order)
        if unplaced:
            tree.append({"id": None, "type": "IndustryClusterSystem", "label": "未归入体系的产业集群", "aliases": [],
                         "attributes": {}, "project_count": _project_count(kg, [n.id for n in unplaced]),
                         "tiers": [{"id": None, "type": "IndustryClusterTier", "label": "未归入层级", "aliases": [],
                                    "attributes": {}, "project_count": _project_count(kg, [n.id for n in unplaced]),
                                    "clusters": [_tree_node(kg, n) for n in unplaced]}]})
        return tree

    return cached(kg, "cluster_tree", build)


def cluster(kg: KnowledgeGraph, cluster_id: str) -> dict:
    """A cluster (or tier, or system): where it sits, what is under it, its projects, with evidence."""
    n = get_node(kg, cluster_id, CLUSTER_TYPES, "cluster")
    nodes = catalog(kg)
    outgoing, incoming = edges_from(kg, cluster_id, ["PART_OF"]), edges_to(kg, cluster_id, ["PART_OF"])
    under = _clusters_under(kg, cluster_id)
    return {
        **n.summary(),
        "part_of": [_link(e, "target", nodes) for e in outgoing],
        "parts": sorted((_link(e, "source", nodes) for e in incoming), key=lambda link: _order(nodes[link["node"]["id"]])),
        "clusters": [nodes[c].ref() for c in under] if n.type != "IndustryCluster" else [],
        "project_count": _project_count(kg, under),
        "mentions": _mentions(kg, [cluster_id]).get(cluster_id, []),
    }


def cluster_projects(kg: KnowledgeGraph, cluster_id: str, status: str | None = None, year: int | None = None) -> list[dict]:
    """The projects listed under a cluster (or under every cluster of a tier or system), with evidence."""
    code, nodes = status_code(status), catalog(kg)  # a bad parameter is reported before an unknown id
    get_node(kg, cluster_id, CLUSTER_TYPES, "cluster")
    values = " ".join(_iri(c) for c in _clusters_under(kg, cluster_id))
    if not values:
        return []
    result = []
    for edge in edges(kg, f"VALUES ?o {{ {values} }} VALUES ?p {{ ykg:IN_CLUSTER }}"):
        project = nodes[edge["source"]["id"]]
        if _keep_project(project, code, year):
            result.append({**_link(edge, "source", nodes), "cluster": edge["target"]})
    return sorted(result, key=_evidence_order)


def _keep_project(project: Node, code: str | None, year: int | None) -> bool:
    if code and code not in as_list(project.attributes.get("status")):
        return False
    return not (year is not None and year not in _years(project.attributes.get("year")))


# ---------------------------------------------------------------------------------------------- projects


def projects(kg: KnowledgeGraph, cluster: str | None = None, status: str | None = None, year: int | None = None,
             q: str | None = None) -> list[dict]:
    """Projects, filtered by cluster (a cluster, tier or system id), status, year and name."""
    code, nodes = status_code(status), catalog(kg)
    allowed = None
    if cluster:
        allowed = {p for c in _clusters_under(kg, get_node(kg, cluster, CLUSTER_TYPES, "cluster").id)
                   for p in related(kg, c, "IN_CLUSTER", "in")}
    found = _matches(kg, q, ["Project"])
    chosen = [
        n for n in nodes.values()
        if n.type == "Project" and (allowed is None or n.id in allowed) and (found is None or n.id in found)
        and _keep_project(n, code, year)
    ]
    mentions = _mentions(kg, [n.id for n in chosen])
    return [
        {
            **n.summary(),
            "clusters": [nodes[c].ref() for c in sorted(related(kg, n.id, "IN_CLUSTER"))],
            "owners": [nodes[o].ref() for o in sorted(related(kg, n.id, "OWNS", "in"))],
            "located_in": [nodes[p].ref() for p in sorted(related(kg, n.id, "LOCATED_IN"))],
            "evidence": mentions.get(n.id, []),
        }
        for n in sorted(chosen, key=lambda n: (n.label, n.id))
    ]


def project(kg: KnowledgeGraph, project_id: str) -> dict:
    n = get_node(kg, project_id, ["Project"], "project")
    nodes = catalog(kg)
    outgoing = edges_from(kg, project_id, set(relation_types()) - HUB_RELATIONS)
    incoming = edges_to(kg, project_id, set(relation_types()) - HUB_RELATIONS)
    pick = lambda edges_, relation, end: [_link(e, end, nodes) for e in edges_ if e["type"] == relation]  # noqa: E731
    known = {"IN_CLUSTER", "LOCATED_IN", "OWNS"}
    return {
        **n.summary(),
        "clusters": pick(outgoing, "IN_CLUSTER", "target"),
        "owners": pick(incoming, "OWNS", "source"),
        "located_in": pick(outgoing, "LOCATED_IN", "target"),
        "other": [_link(e, "target", nodes) for e in outgoing if e["type"] not in known]
        + [_link(e, "source", nodes) for e in incoming if e["type"] not in known],
        "mentions": _mentions(kg, [project_id]).get(project_id, []),
    }


# ---------------------------------------------------------------------------------------------- policies, indicators


def _issuer_ids(kg: KnowledgeGraph, issuer: str) -> set[str]:
    nodes = catalog(kg)
    if issuer in nodes:
        return {issuer}
    found = _matches(kg, issuer, sorted(organization_types())) or set()
    if not found:
        raise NotFound(f"no organisation with id or name {issuer!r}", detail={"issuer": issuer})
    return found


def policies(kg: KnowledgeGraph, issuer: str | None = None, year: int | None = None) -> list[dict]:
    """Policies, optionally those of one issuer (id or name) or year, with the issuers and the evidence."""
    nodes = catalog(kg)
    issuers = _issuer_ids(kg, issuer) if issuer else None
    chosen = [
        n for n in nodes.values()
        if n.type == "Policy" and (issuers is None or related(kg, n.id, "ISSUED_BY") & issuers)
        and (year is None or year in _years(n.attributes.get("year")))
    ]
    values = " ".join(_iri(n.id) for n in chosen)
    issued = defaultdict(list)
    if values:
        for edge in edges(kg, f"VALUES ?s {{ {values} }} VALUES ?p {{ ykg:ISSUED_BY }}"):
            issued[edge["source"]["id"]].append(_link(edge, "target", nodes))
    mentions = _mentions(kg, [n.id for n in chosen])
    return [
        {**n.summary(), "issuers": issued.get(n.id, []), "evidence": mentions.get(n.id, [])}
        for n in sorted(chosen, key=lambda n: (n.label, n.id))
    ]


def _met(attributes: dict) -> bool | None:
    """Whether the target was met: as the document says, else growth against the target growth."""
    met = attributes.get("targetMet")
    if isinstance(met, bool):
        return met
    growth, target = attributes.get("growth"), attributes.get("targetGrowth")
    if isinstance(growth, int | float) and isinstance(target, int | float):
        return growth >= target
    return None


def indicators(kg: KnowledgeGraph, year: int | None = None) -> list[dict]:
    """Indicators with value, unit, growth, target and whether it was met, each with its sentence."""
    nodes = catalog(kg)
    chosen = [n for n in nodes.values()
              if n.type == "Indicator" and (year is None or year in _years(n.attributes.get("year")))]
    mentions = _mentions(kg, [n.id for n in chosen])
    result = []
    for n in chosen:
        a = n.attributes
        result.append({
            **n.summary(),
            "year": a.get("year"), "period": a.get("period"), "value": a.get("value"), "unit": a.get("unit"),
            "growth": a.get("growth"), "target": a.get("target"), "target_growth": a.get("targetGrowth"),
            "met": _met(a),
            "measures": [nodes[m].ref() for m in sorted(related(kg, n.id, "MEASURES"))],
            "evidence": mentions.get(n.id, []),
        })
    return sorted(result, key=lambda i: (-(min(_years(i["year"])) if _years(i["year"]) else 0), _first_start(i), i["id"]))


def _first_start(item: dict) -> tuple:
    first = item["evidence"][0] if item["evidence"] else {"document": "", "start": 10**9}
    return first["document"], first["start"]


# ---------------------------------------------------------------------------------------------- any node


def entity(kg: KnowledgeGraph, node_id: str, limit: int = 100) -> dict:
    """Any node: its names, type and attributes, and its relations out and in grouped by type, each with
    evidence. A group longer than `limit` (a document has a mention from every node) is cut, and says so."""
    n = get_node(kg, node_id)
    groups: dict[str, dict] = {"out": {}, "in": {}}
    for direction, end in (("out", "target"), ("in", "source")):
        anchor = "?s" if direction == "out" else "?o"
        other = "?o" if direction == "out" else "?s"
        for relation in relation_types():
            ends = sorted(related(kg, node_id, relation, direction))
            if not ends:
                continue
            shown = ends[:limit]
            values = " ".join(_iri(i) for i in shown)
            found = edges(kg, f"VALUES {anchor} {{ {_iri(node_id)} }} VALUES ?p {{ ykg:{relation} }} VALUES {other} {{ {values} }}")
            groups[direction][relation] = {
                "count": len(ends),
                "truncated": len(ends) > len(shown),
                "edges": [
                    {"node": e[end], "attributes": e["attributes"], "evidence": e["evidence"]} for e in found
                ],
            }
    return {
        **n.summary(),
        "type_label": node_types()[n.type].label_zh,
        "iri": str(ID) + n.id,
        "relations": groups,
    }


# ---------------------------------------------------------------------------------------------- walks


def _projection(kg: KnowledgeGraph) -> nx.MultiDiGraph:
    from graph.network import to_networkx

    return cached(kg, "networkx", to_networkx)


def _walk_graph(kg: KnowledgeGraph, via_documents: bool) -> nx.Graph:
    """The projection as a simple undirected graph to walk on (documents and mentions left out unless asked)."""

    def build(kg: KnowledgeGraph) -> nx.Graph:
        graph = nx.Graph()
        projection = _projection(kg)
        graph.add_nodes_from(n for n, data in projection.nodes(data=True) if via_documents or data.get("type") != "Document")
        for source, target, relation in projection.edges(keys=True):
            if (via_documents or relation not in HUB_RELATIONS) and source in graph and target in graph:
                graph.add_edge(source, target)
        return graph

    return cached(kg, f"walk-{via_documents}", build)


def _edge_dicts(kg: KnowledgeGraph, pairs: Iterable[tuple[str, str]], via_documents: bool, evidence: bool = True) -> list[dict]:
    projection, nodes, result = _projection(kg), catalog(kg), []
    for a, b in pairs:
        for source, target in ((a, b), (b, a)):
            for relation, data in (projection.get_edge_data(source, target) or {}).items():
                if relation in HUB_RELATIONS and not via_documents:
                    continue
                edge = {"type": relation, "source": nodes[source].ref(), "target": nodes[target].ref(),
                        "attributes": {k: v for k, v in data.items() if k not in ("type", "evidence")}}
                if evidence:  # the same fields as the SPARQL answers (relation attributes are above)
                    edge["evidence"] = [{k: e.get(k) for k in EVIDENCE_KEYS} for e in data.get("evidence", [])]
                result.append(edge)
    return result


def neighbors(kg: KnowledgeGraph, node_id: str, depth: int = 1, types: Iterable[str] | None = None,
              limit: int = 200) -> dict:
    """The nodes within `depth` (1..3) relations of a node, and the relations among them, for graph
    expansion. `types` keeps only nodes of those types (and walks only through them); documents and
    mentions are left out unless "Document" is one of the types. At most `limit` nodes, nearest first."""
    if not 1 <= depth <= MAX_DEPTH:
        raise InvalidParameter(f"depth must be between 1 and {MAX_DEPTH}", "depth")
    start = get_node(kg, node_id)
    wanted = set(_check_types(types, "types"))
    via_documents = "Document" in wanted or start.type == "Document"
    graph, nodes = _walk_graph(kg, via_documents), catalog(kg)
    distance = {node_id: 0}
    frontier, truncated = [node_id], False
    for level in range(1, depth + 1):
        following = []
        for current in frontier:
            for other in sorted(graph.adj[current]) if current in graph else ():
                if other in distance or (wanted and nodes[other].type not in wanted):
                    continue
                if len(distance) >= limit:
                    truncated = True
                    break
                distance[other] = level
                following.append(other)
        frontier = following
    kept = set(distance)
    pairs = sorted({tuple(sorted((a, b))) for a in kept for b in graph.adj[a] if b in kept} if node_id in graph else set())
    return {
        "center": start.ref(),
        "depth": depth,
        "nodes": [{**nodes[i].ref(), "distance": d} for i, d in sorted(distance.items(), key=lambda item: (item[1], item[0]))],
        "edges": _edge_dicts(kg, pairs, via_documents),
        "truncated": truncated,
    }


def path(kg: KnowledgeGraph, source_id: str, target_id: str, via_documents: bool = False) -> dict:
    """The shortest chain of relations between two nodes (either direction), each with its evidence."""
    get_node(kg, source_id)
    get_node(kg, target_id)
    graph = _walk_graph(kg, via_documents)
    try:
        steps = nx.shortest_path(graph, source_id, target_id)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        hint = "" if via_documents else "; try via_documents=true to allow paths through the documents"
        raise NotFound(f"no path between {source_id!r} and {target_id!r}{hint}", "no_path",
                       {"from": source_id, "to": target_id}) from None
    nodes = catalog(kg)
    return {
        "from": nodes[source_id].ref(),
        "to": nodes[target_id].ref(),
        "length": len(steps) - 1,
        "nodes": [nodes[i].ref() for i in steps],
        # One step can be several relations (an organisation both owns and hosts a project): all are given.
        "edges": [
            {**edge, "step": step}
            for step, (a, b) in enumerate(zip(steps, steps[1:], strict=False), start=1)
            for edge in _edge_dicts(kg, [(a, b)], via_documents)
        ],
    }


# ---------------------------------------------------------------------------------------------- overview


def overview(kg: KnowledgeGraph) -> dict:
    """Counts per node type, for /health and the front page."""
    counts = dict.fromkeys(node_types(), 0)
    for n in catalog(kg).values():
        counts[n.type] += 1
    return {"nodes": sum(counts.values()), "types": counts}


def warm(kg: KnowledgeGraph) -> None:
    """Build the caches now (at start-up, after an ingest) rather than on the first request."""
    catalog(kg)
    search_index(kg)
    cached(kg, "relations", _relation_index)
    cached(kg, "mentions", _mention_index)
    cluster_tree(kg)
    _walk_graph(kg, False)
    _walk_graph(kg, True)
