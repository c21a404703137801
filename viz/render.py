"""From graph data to pictures: node-link data → pyvis Network → one HTML page.

Graph data is what the API's neighbours endpoint and the JSON export speak (node-link):

    {"nodes": [{"id", "type", "label", "aliases", "attributes" | flat attributes…}],
     "edges": [{"source", "target", "type", "evidence": [{"document", "sentence", …}], …}]}

`normalise()` accepts that shape (and `from`/`to` for edges); everything else here works on the
normalised form. The look of each node type is data: `NODE_STYLES`, one row per node type of the
ontology, read by the Python side for the first drawing and shipped to the browser (as JSON) so that
nodes added later by clicking look the same.

Pages are pyvis networks (nodes, edges and vis options built through `pyvis.network.Network`) put into
our own template: pyvis' stock template loads Bootstrap and vis-network from CDNs, and these pages must
work on a machine with no internet. vis-network itself comes from the pyvis package (served by the
app, or inlined in standalone files).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import pyvis
from markupsafe import Markup
from pyvis.network import Network
from rdflib import RDFS

from ontology import YKG, attribute_names, node_types, project_statuses, relation_types, schema_graph

# ---------------------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class NodeStyle:
    colour: str  # fill
    shape: str  # a vis-network shape
    size: int = 16  # for shapes with the label outside


# One row per node type of the ontology (tests check the two agree). Organisations are blues/greens,
# the cluster taxonomy reds, projects amber, texts grey.
NODE_STYLES: dict[str, NodeStyle] = {
    "Province": NodeStyle("#0f172a", "hexagon", 30),
    "City": NodeStyle("#172554", "hexagon", 28),
    "District": NodeStyle("#1e3a8a", "hexagon", 26),
    "Department": NodeStyle("#2563eb", "box"),
    "Town": NodeStyle("#15803d", "triangle", 18),
    "Subdistrict": NodeStyle("#65a30d", "triangleDown", 18),
    "Community": NodeStyle("#84cc16", "square", 12),
    "Village": NodeStyle("#a3a635", "square", 12),
    "Enterprise": NodeStyle("#ea580c", "diamond", 16),
    "Institution": NodeStyle("#0891b2", "box"),
    "Park": NodeStyle("#0d9488", "hexagon", 18),
    "Person": NodeStyle("#db2777", "dot", 16),
    "Initiative": NodeStyle("#7c3aed", "dot", 12),
    "Programme": NodeStyle("#c026d3", "star", 18),
    "IndustryClusterSystem": NodeStyle("#991b1b", "star", 30),
    "IndustryClusterTier": NodeStyle("#dc2626", "diamond", 22),
    "IndustryCluster": NodeStyle("#f87171", "dot", 18),
    "Project": NodeStyle("#f59e0b", "dot", 11),
    "Policy": NodeStyle("#a16207", "square", 12),
    "Indicator": NodeStyle("#0ea5e9", "triangle", 12),
    "Document": NodeStyle("#6b7280", "database"),
}
DEFAULT_STYLE = NodeStyle("#9ca3af", "dot", 12)

RELATION_COLOURS: dict[str, str] = {
    "OWNS": "#7c3aed",
    "HOLDS_POST": "#db2777",
    "PART_OF": "#b91c1c",
    "IN_CLUSTER": "#f97316",
    "ISSUED_BY": "#475569",
    "LOCATED_IN": "#0d9488",
    "MEASURES": "#0284c7",
    "MENTIONED_IN": "#d1d5db",
    "AUTHORED_BY": "#6b7280",
    "PARTNERS_WITH": "#16a34a",
}
DEFAULT_RELATION_COLOUR = "#94a3b8"

FONT_FACE = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

MAX_NODES = 500  # beyond this a view is summarised by type
EDGE_LABEL_LIMIT = 40  # relation names are written on the edges of graphs with at most this many edges
LABEL_LINE = 10  # characters per line of a node label
EVIDENCE_IN_TOOLTIP = 3
SENTENCE_IN_TOOLTIP = 240
# MENTIONED_IN links everything to its documents: drawn only when one end is the node in focus (a
# document's own view); elsewhere the document is in each edge's evidence.
BACKGROUND_RELATIONS = frozenset({"MENTIONED_IN"})


def style(type_name: str) -> NodeStyle:
    return NODE_STYLES.get(type_name, DEFAULT_STYLE)


def type_label(type_name: str) -> str:
    node_type = node_types().get(type_name)
    return node_type.label_zh if node_type else type_name


def relation_label(name: str) -> str:
    relation = relation_types().get(name)
    return relation.label_zh if relation else name


@cache
def attribute_labels() -> dict[str, str]:
    """Attribute name → its Chinese label in the ontology (falls back to the name)."""
    graph = schema_graph()
    labels = {}
    for name in [*attribute_names(), "status"]:
        labels[name] = next(
            (str(v) for v in graph.objects(YKG[name], RDFS.label) if getattr(v, "language", None) == "zh"), name
        )
    return labels


def status_label(code: Any) -> str:
    status = project_statuses().get(_status_code(code))
    return status.label_zh if status else str(code)


def _status_code(value: Any) -> str:
    text = str(value)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def legend_rows(type_names: Iterable[str] | None = None) -> list[dict]:
    """Legend entries in ontology order: name, Chinese and English labels, colour and shape."""
    wanted = None if type_names is None else set(type_names)
    rows = []
    for name, node_type in node_types().items():
        if wanted is not None and name not in wanted:
            continue
        row_style = style(name)
        rows.append(
            {"type": name, "label": node_type.label_zh, "label_en": node_type.label_en,
             "colour": row_style.colour, "shape": row_style.shape}
        )
    return rows


def client_styles() -> dict:
    """What the browser needs to draw nodes and edges added after the first drawing."""
    return {
        "nodes": {
            name: {"colour": style(name).colour, "shape": style(name).shape, "size": style(name).size,
                   "label": type_label(name), "label_en": t.label_en}
            for name, t in node_types().items()
        },
        "default": {"colour": DEFAULT_STYLE.colour, "shape": DEFAULT_STYLE.shape, "size": DEFAULT_STYLE.size},
        "relations": {
            name: {"label": r.label_zh, "label_en": r.label_en,
                   "colour": RELATION_COLOURS.get(name, DEFAULT_RELATION_COLOUR)}
            for name, r in relation_types().items()
        },
        "statuses": {code: s.label_zh for code, s in project_statuses().items()},
        "attributes": attribute_labels(),
        "background": sorted(BACKGROUND_RELATIONS),
        "labelLine": LABEL_LINE,
        "edgeLabelLimit": EDGE_LABEL_LIMIT,
        "evidenceInTooltip": EVIDENCE_IN_TOOLTIP,
        "sentenceInTooltip": SENTENCE_IN_TOOLTIP,
    }


# ---------------------------------------------------------------------------------------------- data

_NODE_KEYS = {"id", "type", "label", "aliases", "attributes", "evidence", "mentions"}
_EDGE_KEYS = {"source", "target", "from", "to", "type", "evidence", "attributes", "id", "key"}


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


def normalise_evidence(raw: Any) -> list[dict]:
    """Evidence as a list of {document, document_label, sentence, start, end} (whatever was given)."""
    result = []
    for item in _as_list(raw):
        if isinstance(item, str):
            result.append({"document": "", "document_label": "", "sentence": item})
            continue
        if not isinstance(item, Mapping):
            continue
        document = item.get("document") or item.get("document_id") or item.get("source") or ""
        if isinstance(document, Mapping):
            document_label = document.get("label") or document.get("title") or document.get("id") or ""
            document = document.get("id") or ""
        else:
            document_label = item.get("document_label") or item.get("document_title") or item.get("title") or ""
        entry = {
            "document": str(document),
            "document_label": str(document_label),
            "sentence": str(item.get("sentence") or item.get("quote") or item.get("text") or ""),
        }
        for key in ("start", "end", "char_start", "char_end", "sentence_start", "sentence_end"):
            if item.get(key) is not None:
                entry[key] = item[key]
        result.append(entry)
    return result


def normalise_node(raw: Mapping) -> dict:
    attributes = dict(raw.get("attributes") or {})
    for key, value in raw.items():
        if key not in _NODE_KEYS and value is not None:
            attributes.setdefault(key, value)
    if "status" in attributes:
        attributes["status"] = _status_code(attributes["status"])
    return {
        "id": str(raw["id"]),
        "type": str(raw.get("type") or ""),
        "label": str(raw.get("label") or raw["id"]),
        "aliases": sorted({str(a) for a in _as_list(raw.get("aliases"))}),
        "attributes": attributes,
        "evidence": normalise_evidence(raw.get("evidence") or raw.get("mentions")),
    }


def normalise_edge(raw: Mapping) -> dict:
    attributes = dict(raw.get("attributes") or {})
    for key, value in raw.items():
        if key not in _EDGE_KEYS and value is not None:
            attributes.setdefault(key, value)
    source = raw.get("source", raw.get("from"))
    target = raw.get("target", raw.get("to"))
    # The API's edges name their ends as {id, type, label}.
    source = source.get("id") if isinstance(source, Mapping) else source
    target = target.get("id") if isinstance(target, Mapping) else target
    return {
        "source": str(source),
        "target": str(target),
        "type": str(raw.get("type") or ""),
        "evidence": normalise_evidence(raw.get("evidence")),
        "attributes": attributes,
    }


def normalise(data: Mapping) -> dict:
    """Node-link data with one entry per node and one per (source, type, target); evidence merged."""
    nodes: dict[str, dict] = {}
    for raw in data.get("nodes") or ():
        node = normalise_node(raw)
        if node["id"] in nodes:
            nodes[node["id"]]["attributes"].update(node["attributes"])
        else:
            nodes[node["id"]] = node
    edges: dict[tuple, dict] = {}
    for raw in data.get("edges") or data.get("links") or ():
        edge = normalise_edge(raw)
        if edge["source"] not in nodes or edge["target"] not in nodes:
            continue
        key = (edge["source"], edge["type"], edge["target"])
        if key in edges:
            seen = {(e["document"], e["sentence"]) for e in edges[key]["evidence"]}
            edges[key]["evidence"].extend(e for e in edge["evidence"] if (e["document"], e["sentence"]) not in seen)
        else:
            edges[key] = edge
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def drawable(data: Mapping, focus: str | None = None) -> dict:
    """Drops background relations (MENTIONED_IN) unless they touch the focus, and the documents that
    are then left unconnected; document labels are kept for the evidence."""
    edges = [
        e for e in data["edges"]
        if e["type"] not in BACKGROUND_RELATIONS or focus in (e["source"], e["target"])
    ]
    touched = {e["source"] for e in edges} | {e["target"] for e in edges}
    nodes = [n for n in data["nodes"] if n["type"] != "Document" or n["id"] in touched or n["id"] == focus]
    return {"nodes": nodes, "edges": edges}


def document_labels(data: Mapping, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    labels = {n["id"]: n["label"] for n in data["nodes"] if n["type"] == "Document"}
    labels.update(extra or {})
    return labels


# ---------------------------------------------------------------------------------------------- summary


def summarise(data: Mapping) -> dict:
    """One node per type (with its count) and one edge per pair of types (with how many relations of
    each kind join them). Relations inside one type are counted on the type's node."""
    counts = Counter(n["type"] for n in data["nodes"])
    type_of = {n["id"]: n["type"] for n in data["nodes"]}
    pairs: dict[tuple[str, str], Counter] = {}
    inside: Counter = Counter()
    for edge in data["edges"]:
        a, b = type_of[edge["source"]], type_of[edge["target"]]
        if a == b:
            inside[a] += 1
            continue
        pairs.setdefault(tuple(sorted((a, b))), Counter())[edge["type"]] += 1
    nodes = [
        {"id": f"type:{name}", "type": name, "label": f"{type_label(name)}（{count}）", "aliases": [],
         "attributes": {"count": count, "inside": inside[name]}, "evidence": []}
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    edges = [
        {"source": f"type:{a}", "target": f"type:{b}", "type": relations.most_common(1)[0][0], "evidence": [],
         "attributes": {"count": sum(relations.values()), "relations": dict(relations.most_common())}}
        for (a, b), relations in sorted(pairs.items())
    ]
    return {"nodes": nodes, "edges": edges}


# ---------------------------------------------------------------------------------------------- vis


def wrap_label(label: str, width: int = LABEL_LINE) -> str:
    """Chinese has no spaces for vis to wrap at: break every `width` characters."""
    if len(label) <= width + 2:
        return label
    return "\n".join(label[i : i + width] for i in range(0, len(label), width))


def _year(value: Any) -> int | None:
    for item in _as_list(value):
        try:
            return int(str(item)[:4])
        except ValueError:
            continue
    return None


def _format_value(name: str, value: Any) -> str:
    if name == "status":
        return "、".join(status_label(v) for v in _as_list(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple | set):
        return "、".join(str(v) for v in value)
    return str(value)


def node_tooltip(node: Mapping) -> str:
    lines = [node["label"], f"{type_label(node['type'])} · {node['type']}"]
    if node.get("aliases"):
        lines.append("别名：" + "、".join(node["aliases"]))
    labels = attribute_labels()
    for name, value in node.get("attributes", {}).items():
        if name in ("count", "inside"):
            continue
        lines.append(f"{labels.get(name, name)}：{_format_value(name, value)}")
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def edge_tooltip(edge: Mapping, labels: Mapping[str, str], documents: Mapping[str, str]) -> str:
    """The relation, its two ends, then each evidence sentence with its document."""
    name = relation_label(edge["type"])
    lines = [f"{name}（{edge['type']}）", f"{labels.get(edge['source'], edge['source'])} → "
             f"{labels.get(edge['target'], edge['target'])}"]
    attributes = edge.get("attributes", {})
    if "relations" in attributes:  # a summary edge: how many relations of each kind
        lines = [f"{labels.get(edge['source'], edge['source'])} — {labels.get(edge['target'], edge['target'])}",
                 f"共 {attributes['count']} 条关系"]
        lines += [f"{relation_label(name)}（{name}）× {n}" for name, n in attributes["relations"].items()]
    for item in edge["evidence"][:EVIDENCE_IN_TOOLTIP]:
        document = item.get("document_label") or documents.get(item["document"]) or item["document"]
        lines.append(f"「{_clip(item['sentence'], SENTENCE_IN_TOOLTIP)}」")
        if document:
            lines.append(f"—— {document}")
    if len(edge["evidence"]) > EVIDENCE_IN_TOOLTIP:
        lines.append(f"……另有 {len(edge['evidence']) - EVIDENCE_IN_TOOLTIP} 条证据")
    return "\n".join(lines)


def edge_id(edge: Mapping) -> str:
    return f"{edge['source']}|{edge['type']}|{edge['target']}"


def node_size(node_style: NodeStyle, degree: int) -> float:
    """The type's size, a little larger for well-connected nodes (the browser uses the same rule)."""
    return round(node_style.size + min(14.0, 3 * math.log2(1 + degree)), 1)


def vis_node_options(node: Mapping, *, degree: int = 0, focus: bool = False, summary: bool = False) -> dict:
    node_style = style(node["type"])
    attributes = node.get("attributes", {})
    options: dict[str, Any] = {
        "label": wrap_label(node["label"]),
        "shape": node_style.shape,
        "color": {"background": node_style.colour, "border": "#1f2937" if focus else node_style.colour,
                  "highlight": {"background": node_style.colour, "border": "#111827"},
                  "hover": {"background": node_style.colour, "border": "#111827"}},
        "title": node_tooltip(node),
        "size": node_size(node_style, degree),
        # Extra fields ride along in the vis DataSet: the filters and the side panel read them.
        "type": node["type"],
        "typeLabel": type_label(node["type"]),
        "fullLabel": node["label"],
        "aliases": node.get("aliases", []),
        "attributes": attributes,
        "year": _year(attributes.get("year")),
        "status": _status_code(attributes["status"]) if attributes.get("status") else None,
    }
    if node_style.shape in ("box", "database", "ellipse", "circle"):
        options["font"] = {"color": "#ffffff", "strokeWidth": 0}
    if focus:
        options["borderWidth"] = 4
        options["focus"] = True
        options["font"] = {**options.get("font", {}), "size": 18, "bold": True}
    if summary:
        options["summary"] = True
        options["title"] = (f"{type_label(node['type'])} · {node['type']}\n共 {attributes.get('count', 0)} 个"
                            + (f"，同类之间 {attributes['inside']} 条关系" if attributes.get("inside") else "")
                            + "\n单击：只看这一类及其关联")
        options["size"] = round(14 + 5 * math.log2(1 + attributes.get("count", 1)), 1)
    return options


def vis_edge_options(edge: Mapping, labels: Mapping[str, str], documents: Mapping[str, str], *,
                     show_label: bool) -> dict:
    colour = RELATION_COLOURS.get(edge["type"], DEFAULT_RELATION_COLOUR)
    options: dict[str, Any] = {
        "id": edge_id(edge),
        "title": edge_tooltip(edge, labels, documents),
        "color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.85},
        "type": edge["type"],
        "typeLabel": relation_label(edge["type"]),
        "evidence": [
            {**e, "document_label": e.get("document_label") or documents.get(e["document"], "")}
            for e in edge["evidence"]
        ],
        "attributes": edge.get("attributes", {}),
    }
    if show_label:
        options["label"] = relation_label(edge["type"])
    return options


def vis_options(node_count: int, *, summary: bool = False) -> dict:
    """Layout and interaction: force-directed with a fixed seed (the same picture every time),
    stabilised before showing; cheaper settings as graphs grow."""
    large = node_count > 150
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "font": {"face": FONT_FACE, "size": 14, "color": "#111827", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 1.5,
            "shapeProperties": {"interpolation": False},
            "margin": 6,
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "smooth": False,
            "width": 1.2,
            "hoverWidth": 1.2,
            "selectionWidth": 2,
            "scaling": {"min": 1, "max": 8},
            "font": {"face": FONT_FACE, "size": 11, "color": "#4b5563", "strokeWidth": 3,
                     "strokeColor": "#ffffff", "align": "middle"},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "layout": {"randomSeed": 7, "improvedLayout": node_count <= 150},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70 if not large else -45,
                "centralGravity": 0.012,
                "springLength": 120 if not large else 80,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.4,
            },
            "maxVelocity": 60,
            "minVelocity": 1.5,
            "stabilization": {"enabled": True, "iterations": 400 if node_count <= 300 else 250,
                              "updateInterval": 20, "fit": True},
        },
    }
    if summary:  # a few big nodes: keep them well apart
        options["physics"]["forceAtlas2Based"].update(
            {"gravitationalConstant": -260, "springLength": 240, "avoidOverlap": 1.0, "centralGravity": 0.01})
        options["edges"]["scaling"] = {"min": 1, "max": 12}
        options["edges"]["font"]["size"] = 12
    return options


def build_network(data: Mapping, *, focus: str | None = None, summary: bool = False,
                  documents: Mapping[str, str] | None = None) -> Network:
    """A pyvis Network for normalised, drawable data."""
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    degree: Counter = Counter()
    for edge in data["edges"]:
        degree[edge["source"]] += 1
        degree[edge["target"]] += 1
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    for node in data["nodes"]:
        options = vis_node_options(node, degree=degree[node["id"]], focus=node["id"] == focus, summary=summary)
        net.add_node(node["id"], **options)
    show_labels = len(data["edges"]) <= EDGE_LABEL_LIMIT and not summary
    docs = documents or {}
    known = set(net.node_ids)
    for edge in data["edges"]:
        if edge["source"] in known and edge["target"] in known:
            # Network.add_edge checks its arguments with a list scan per call; append directly.
            options = vis_edge_options(edge, labels, docs, show_label=show_labels)
            options.update({"from": edge["source"], "to": edge["target"], "arrows": "to"})
            if summary:  # width by count, no direction (a pair of types has relations both ways)
                options.update({"arrows": "", "value": edge["attributes"]["count"],
                                "label": str(edge["attributes"]["count"])})
            net.edges.append(options)
    net.options = vis_options(len(data["nodes"]), summary=summary)
    return net


# ---------------------------------------------------------------------------------------------- pages


@dataclass
class GraphView:
    """Everything a graph page shows."""

    data: dict  # normalised node-link data, before `drawable`
    title: str
    subtitle: str = ""
    view: str = "overview"  # overview | entity | cluster | summary
    focus: str | None = None
    depth: int | None = None
    note: str = ""  # e.g. "summarised: 812 nodes by type"
    documents: dict | None = None  # document id → label, for evidence
    full: bool = False  # draw every node even beyond MAX_NODES


def prepare(view: GraphView) -> tuple[dict, bool]:
    """(drawable data, summarised?) for a view; large graphs become one node per type."""
    data = drawable(view.data, view.focus)
    if view.view == "summary" or (len(data["nodes"]) > MAX_NODES and not view.full):
        return summarise(data), True
    return data, False


def page_config(view: GraphView, *, base: str = "", api: bool = True, reservoir: Mapping | None = None) -> dict:
    data, summary = prepare(view)
    documents = {**document_labels(view.data), **(view.documents or {})}
    if reservoir is not None:
        documents.update(document_labels(reservoir))
    net = build_network(data, focus=view.focus, summary=summary, documents=documents)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {
        "view": "summary" if summary else view.view,
        "title": view.title,
        "focus": view.focus,
        "depth": view.depth,
        "base": base,
        "api": api,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "styles": client_styles(),
        "documents": documents,
        "expanded": [view.focus] if view.focus else [],
        "reservoir": reservoir,
        "counts": {"nodes": len(view.data["nodes"]), "edges": len(view.data["edges"])},
    }


@cache
def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("viz", "templates"),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # |tojson escapes <, >, & and ' (safe inside <script>); Chinese stays readable and compact.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals.update(type_label=type_label, relation_label=relation_label, status_label=status_label,
                       style=style, format_value=_format_value, attribute_labels=attribute_labels,
                       type_names_json=json.dumps({n: t.label_zh for n, t in node_types().items()},
                                                  ensure_ascii=False),
                       chip_css=Markup(chip_css()))
    return env


def chip_css() -> str:
    """The colour of each node type's chip, from the style table."""
    return "\n".join(
        f'.type-chip[data-type="{name}"], .swatch[data-type="{name}"] {{ --chip: {style(name).colour}; '
        f"--swatch: {style(name).colour}; }}"
        for name in node_types()
    )


# ---------------------------------------------------------------------------------------------- assets

VIS_ASSETS = {"vis-network.min.js": "vis-network.min.js", "vis-network.min.css": "vis-network.css"}
OWN_ASSETS = ("viz.js", "viz.css", "favicon.svg")
ASSET_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
               ".svg": "image/svg+xml"}


def vis_library_folder() -> Path:
    """vis-network as shipped inside the installed pyvis package (no CDN)."""
    return Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"


@cache
def asset(name: str) -> str:
    """The text of a static asset: vis-network from pyvis, ours from viz/static."""
    if name in VIS_ASSETS:
        text = (vis_library_folder() / VIS_ASSETS[name]).read_text(encoding="utf-8")
        # The source map is not shipped: drop the reference so no tool goes looking for it.
        # (split on "\n" only: the minified code holds other line separators inside its strings)
        return "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL="))
    if name in OWN_ASSETS:
        return resources.files("viz").joinpath("static", name).read_text(encoding="utf-8")
    raise KeyError(name)


def inline_script(text: str) -> Markup:
    """Script text safe inside <script>…</script>."""
    return Markup(text.replace("</script", "<\\/script").replace("<!--", "<\\!--"))


def inline_style(text: str) -> Markup:
    return Markup(text.replace("</style", "<\\/style"))


def render_graph_page(view: GraphView, *, base: str = "", standalone: bool = False,
                      reservoir: Mapping | None = None, context: Mapping | None = None) -> str:
    """The HTML of a graph page. Served pages load the scripts from the app; standalone pages inline
    them and, given a reservoir (the whole graph), expand nodes from it instead of the API."""
    config = page_config(view, base=base, api=not standalone, reservoir=reservoir if standalone else None)
    inline = None
    if standalone:
        inline = {
            "vis_js": inline_script(asset("vis-network.min.js")),
            "vis_css": inline_style(asset("vis-network.min.css")),
            "viz_js": inline_script(asset("viz.js")),
            "viz_css": inline_style(asset("viz.css")),
            "favicon": "data:image/svg+xml;charset=utf-8," + quote(asset("favicon.svg")),
        }
    return templates().get_template("graph.html").render(
        view=view, config=config, base=base, standalone=standalone, inline=inline,
        legend=legend_rows(), statuses=project_statuses(), **(context or {}),
    )
