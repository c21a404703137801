"""`ykg viz`: the pictures of the served pages, written as one standalone HTML file that works offline.

    ykg viz                                 the whole graph (summarised by type beyond 500 nodes)
    ykg viz 区经济信息委 --depth 2 -o jxw.html   the ego network of an entity (by id or by name)
    ykg viz cluster-system-2515-…           a cluster system, tier or cluster with its projects

vis-network and the page's script are inlined, and the whole graph is embedded so that clicking a node
expands it without a server (--no-expand leaves it out for a smaller file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def viz(
    entity: Annotated[str | None, typer.Argument(help="An entity id or exact name; none: the whole graph")] = None,
    depth: Annotated[int | None, typer.Option("--depth", "-d", min=1, max=3,
                                              help="Relations from the entity, 1–3 (default 1; a cluster "
                                                   "without --depth is drawn with its tiers and projects)",
                                              show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="HTML file to write (default: ykg-ENTITY.html)",
                                             show_default=False)] = None,
    full: Annotated[bool, typer.Option("--full", help="Draw every node even beyond 500")] = False,
    expand: Annotated[bool, typer.Option("--expand/--no-expand",
                                         help="Embed the whole graph so clicking expands nodes offline")] = True,
    store: Annotated[Path | None, typer.Option("--store", envvar="YKG_STORE", help="Store directory "
                                               "(default: ./.ykg/store)", show_default=False)] = None,
) -> None:
    """Write a graph picture as a standalone HTML file (no server, no internet needed)."""
    from rich.console import Console

    from graph import queries
    from graph.store import KnowledgeGraph, StoreError, default_store_path
    from viz import data as views
    from viz.render import render_graph_page

    err = Console(stderr=True, highlight=False)

    def fail(message: str) -> None:
        err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
        raise typer.Exit(1)

    try:
        # Read-only: works next to a running `ykg serve`, and never creates an empty store by accident.
        kg = KnowledgeGraph(store or default_store_path(), read_only=True)
    except StoreError as error:
        fail(str(error))
    with kg:
        if not queries.catalog(kg):
            fail(f"the graph at {kg.path} is empty; build it first with `ykg build`")
        try:
            if entity is None:
                view, name = views.overview_view(kg, full=full), "overview"
            else:
                node_id = resolve(kg, entity)
                node_type = queries.catalog(kg)[node_id].type
                if depth is None and node_type in views.CLUSTER_TYPES:
                    view, name = views.cluster_view(kg, node_id), node_id
                else:
                    view, name = views.entity_view(kg, node_id, depth or 1), f"{node_id}-{depth or 1}"
        except (queries.NotFound, queries.InvalidParameter) as error:
            fail(str(error))
        reservoir = views.without_hubs(views.whole(kg)) if expand else None
        html = render_graph_page(view, standalone=True, reservoir=reservoir)
    target = out or Path(f"ykg-{name}.html")
    target.write_text(html, encoding="utf-8")
    drawn = "summarised by type" if view.view == "summary" else f"{len(view.data['nodes'])} nodes"
    err.print(f"wrote {target} ({len(html.encode('utf-8')):,} bytes; {view.title}: {drawn})", soft_wrap=True)


def resolve(kg, entity: str) -> str:
    """An id as given, or the node whose label or alias is exactly `entity` (one, or the error lists them)."""
    from graph import queries

    if entity in queries.catalog(kg):
        return entity
    hits = [h for h in queries.search(kg, entity, limit=50) if h["match"] == "exact"]
    if len(hits) == 1:
        return hits[0]["id"]
    if hits:
        choices = ", ".join(f"{h['id']} ({h['type']})" for h in hits)
        raise queries.NotFound(f"{entity!r} names several nodes: {choices}; give the id")
    near = [h["id"] for h in queries.search(kg, entity, limit=5)]
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise queries.NotFound(f"no node with id or name {entity!r}{hint}")
