"""What each picture and page shows, read from the graph through graph.queries.

The views use the read model the API uses (`graph.queries`), so a page and the JSON endpoint it sits
next to give the same answer: the ego network is the neighbours endpoint's node set, the cluster view is
the cluster endpoints' tiers, clusters and projects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from graph import queries
from graph.export import node_link
from graph.network import to_networkx
from graph.store import KnowledgeGraph
from ontology import node_types, organization_types
from viz.render import MAX_NODES, GraphView, normalise, type_label

CLUSTER_TYPES = ("IndustryClusterSystem", "IndustryClusterTier", "IndustryCluster")
HUBS = queries.HUB_RELATIONS


def whole(kg: KnowledgeGraph) -> dict:
    """The whole graph as normalised node-link data (cached with the graph's other derived data)."""

    def build(kg: KnowledgeGraph) -> dict:
        return normalise(node_link(queries.cached(kg, "networkx", to_networkx)))

    return queries.cached(kg, "viz-whole", build)


def document_labels(kg: KnowledgeGraph) -> dict[str, str]:
    return {n.id: n.label for n in queries.catalog(kg).values() if n.type == "Document"}


def subgraph(data: dict, ids: Iterable[str], *, keep_hubs_of: str | None = None) -> dict:
    """The nodes `ids` and the relations among them (documents' hub relations only at `keep_hubs_of`)."""
    wanted = set(ids)
    nodes = [n for n in data["nodes"] if n["id"] in wanted]
    edges = [
        e for e in data["edges"]
        if e["source"] in wanted and e["target"] in wanted
        and (e["type"] not in HUBS or keep_hubs_of in (e["source"], e["target"]))
    ]
    return {"nodes": nodes, "edges": edges}


def without_hubs(data: dict) -> dict:
    edges = [e for e in data["edges"] if e["type"] not in HUBS]
    touched = {e["source"] for e in edges} | {e["target"] for e in edges}
    return {"nodes": [n for n in data["nodes"] if n["type"] != "Document" or n["id"] in touched], "edges": edges}


# ---------------------------------------------------------------------------------------------- graph views


def overview_view(kg: KnowledgeGraph, types: Iterable[str] | None = None, *, full: bool = False,
                  limit: int = MAX_NODES) -> GraphView:
    """The whole graph (summarised by type beyond `limit` nodes), or the nodes of some types with their
    neighbours (the best-connected neighbours first when they do not all fit)."""
    data = without_hubs(whole(kg))
    wanted = [t for t in (types or ()) if t]
    unknown = [t for t in wanted if t not in node_types()]
    if unknown:
        raise queries.InvalidParameter(f"unknown type {', '.join(unknown)}", "types")
    note = ""
    if wanted:
        chosen = {n["id"] for n in data["nodes"] if n["type"] in wanted}
        degree: Counter = Counter()
        for e in data["edges"]:
            degree[e["source"]] += 1
            degree[e["target"]] += 1
        around: Counter = Counter()
        for e in data["edges"]:
            for a, b in ((e["source"], e["target"]), (e["target"], e["source"])):
                if a in chosen and b not in chosen:
                    around[b] = degree[b]
        room = max(0, limit - len(chosen))
        neighbours = [i for i, _ in sorted(around.items(), key=lambda item: (-item[1], item[0]))]
        if len(neighbours) > room:
            note = f"相邻节点较多，只显示关联最多的 {room} 个（共 {len(neighbours)} 个）。"
        data = subgraph(data, chosen | set(neighbours[:room]))
        title = "、".join(type_label(t) for t in wanted) + "及其关联"
    else:
        title = "全图总览"
    count = len(data["nodes"])
    view = "summary" if count > limit and not full else "overview"
    if view == "summary":
        note = f"共 {count} 个节点、{len(data['edges'])} 条关系，超过 {limit} 个：按类型汇总显示。单击一个类型可只看这一类。"
    return GraphView(data=data, title=title, subtitle=f"{count} 个节点 · {len(data['edges'])} 条关系",
                     view=view, note=note, documents=document_labels(kg), full=full)


def entity_view(kg: KnowledgeGraph, node_id: str, depth: int = 1, limit: int = MAX_NODES) -> GraphView:
    """The ego network: the neighbours endpoint's nodes within `depth`, and every relation among them."""
    found = queries.neighbors(kg, node_id, depth=depth, limit=limit)
    ids = [n["id"] for n in found["nodes"]]
    data = subgraph(whole(kg), ids, keep_hubs_of=node_id)
    centre = found["center"]
    note = f"节点较多，只显示最近的 {limit} 个。" if found.get("truncated") else ""
    return GraphView(
        data=data, title=centre["label"],
        subtitle=f"{type_label(centre['type'])} · {depth} 度关系网络 · {len(ids)} 个节点",
        view="entity", focus=node_id, depth=depth, note=note, documents=document_labels(kg),
    )


def cluster_members(kg: KnowledgeGraph, cluster_id: str) -> dict[str, list[str]]:
    """What a cluster view holds: the node, what it is part of (up to the system), what is part of it
    (tiers, clusters) and the projects listed under those clusters."""
    node = queries.get_node(kg, cluster_id, CLUSTER_TYPES, "cluster")
    catalog = queries.catalog(kg)
    above, current = [], node.id
    while True:
        parents = sorted(p for p in queries.related(kg, current, "PART_OF") if catalog[p].type in CLUSTER_TYPES)
        parents = [p for p in parents if p not in above and p != node.id]
        if not parents:
            break
        above.extend(parents)
        current = parents[0]
    below, stack = [], [node.id]
    while stack:
        current = stack.pop()
        for child in sorted(queries.related(kg, current, "PART_OF", "in")):
            if catalog[child].type in CLUSTER_TYPES and child not in below and child != node.id:
                below.append(child)
                stack.append(child)
    clusters = [i for i in [node.id, *below] if catalog[i].type == "IndustryCluster"]
    projects = sorted({p for c in clusters for p in queries.related(kg, c, "IN_CLUSTER", "in")})
    return {"node": [node.id], "above": above, "below": below, "projects": projects}


def cluster_view(kg: KnowledgeGraph, cluster_id: str) -> GraphView:
    members = cluster_members(kg, cluster_id)
    ids = [i for group in members.values() for i in group]
    node = queries.catalog(kg)[cluster_id]
    data = subgraph(whole(kg), ids)
    tiers = sum(queries.catalog(kg)[i].type == "IndustryClusterTier" for i in members["below"])
    clusters = sum(queries.catalog(kg)[i].type == "IndustryCluster" for i in members["below"])
    parts = [f"{tiers} 个层级" if tiers else "", f"{clusters} 个产业集群" if clusters else "",
             f"{len(members['projects'])} 个项目"]
    return GraphView(
        data=data, title=node.label,
        subtitle=f"{type_label(node.type)} · " + "、".join(p for p in parts if p),
        view="cluster", focus=cluster_id, documents=document_labels(kg),
    )


# ---------------------------------------------------------------------------------------------- pages


def home(kg: KnowledgeGraph) -> dict:
    """The front page: counts per type, the cluster tree, organisations by kind, the speakers."""
    counts = queries.overview(kg)["types"]
    catalog = queries.catalog(kg)
    organisations = {}
    for kind in ("Department", "Town", "Subdistrict", "District", "Park"):
        if kind in organization_types():
            organisations[kind] = sorted(
                (n for n in catalog.values() if n.type == kind), key=lambda n: (n.label, n.id)
            )
    return {
        "counts": [(name, counts.get(name, 0)) for name in node_types() if counts.get(name, 0)],
        "total": sum(counts.values()),
        "relations": sum(1 for e in whole(kg)["edges"] if e["type"] not in HUBS),
        "tree": queries.cluster_tree(kg),
        "organisations": organisations,
        "speakers": speakers(kg),
        "documents": sorted((n for n in catalog.values() if n.type == "Document"), key=lambda n: n.id),
    }


def speakers(kg: KnowledgeGraph) -> list[dict]:
    """People and the posts they hold (the meetings' speakers, as their signatures name them), one entry
    per person, in the order the documents first sign them."""
    people: dict[str, dict] = {}
    for edge in queries.edges(kg, "VALUES ?p { ykg:HOLDS_POST }"):
        first = min(((e["document"], e["start"]) for e in edge["evidence"]), default=("", 0))
        person = people.setdefault(edge["source"]["id"], {"person": edge["source"], "posts": [], "order": first})
        person["order"] = min(person["order"], first)
        person["posts"].append({"organisation": edge["target"], "titles": edge["attributes"].get("titles"),
                                "order": first})
    for person in people.values():
        person["posts"].sort(key=lambda post: post["order"])
    return sorted(people.values(), key=lambda p: (p["order"], p["person"]["id"]))


def quotes(evidence: list[dict]) -> list[dict]:
    """Evidence for reading: one quote per sentence of a document, with every cited span in it."""
    merged: dict[tuple, dict] = {}
    for item in evidence:
        key = (item.get("document"), item.get("sentence_start"), item.get("sentence"))
        quote = merged.setdefault(key, {"document": item.get("document"), "sentence": item.get("sentence"), "spans": []})
        if item.get("start") is not None and item.get("end") is not None:
            quote["spans"].append((item["start"], item["end"]))
    for quote in merged.values():
        quote["spans"] = sorted(set(quote["spans"]))
    return list(merged.values())


def entity_page(kg: KnowledgeGraph, node_id: str, found: dict | None = None) -> dict:
    """An entity as its page shows it: the read model's entity (`found`, if the caller has it already),
    with its relation groups in reading order."""
    found = found if found is not None else queries.entity(kg, node_id)
    labels = document_labels(kg)
    groups = []
    for direction in ("out", "in"):
        for relation, group in found["relations"][direction].items():
            if relation in HUBS and direction == "out":
                continue  # mentions are shown with the evidence, not as a relation list
            edges = [{**edge, "quotes": quotes(edge["evidence"])} for edge in group["edges"]]
            groups.append({"direction": direction, "relation": relation, **group, "edges": edges})
    mentions = [{**edge, "quotes": quotes(edge["evidence"])}
                for edge in found["relations"]["out"].get("MENTIONED_IN", {"edges": []})["edges"]]
    return {"entity": found, "groups": groups, "mentions": mentions, "documents": labels}
