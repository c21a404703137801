"""The browser side of the service: the home page, the graph views and the entity pages.

    GET /                          home: counts per type, search, the 2515 cluster tree, organisations, speakers
    GET /viz/overview?types=&full= the whole graph (summarised by type beyond 500 nodes)
    GET /viz/entity/{id}?depth=    the ego network of any node, depth 1–3
    GET /viz/cluster/{id}          a cluster system, tier or cluster with its tiers, clusters and projects
    GET /pages/entities/{id}       an entity page (labels, attributes, relations with evidence, ego graph);
                                   the API's GET /entities/{id} answers browsers with it too (`entity_html`)
    GET /viz/static/{name}         vis-network (from the pyvis package) and this app's script and style

Graph views take `?download=1` to return the same picture as a standalone offline file. The pages are
HTML for people and are left out of the OpenAPI schema; the JSON API is next to them.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from graph import queries
from graph.store import KnowledgeGraph
from viz import data as views
from viz.render import (
    ASSET_TYPES,
    OWN_ASSETS,
    VIS_ASSETS,
    GraphView,
    asset,
    legend_rows,
    page_config,
    render_graph_page,
    templates,
)

router = APIRouter(include_in_schema=False)

HTML_TYPE = "text/html; charset=utf-8"
# Pages change with the graph: let browsers revalidate. Assets are fixed for a given install.
# The content security policy keeps every page on this origin: no script, style, font or request goes
# anywhere else, and only this app's own script files run (the graph data sits in a JSON block).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
       "frame-ancestors 'self'")
PAGE_HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff", "Content-Security-Policy": CSP,
                "Referrer-Policy": "same-origin"}
ASSET_HEADERS = {"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"}


def knowledge_graph(request: Request) -> KnowledgeGraph:
    """The graph the app serves (api.app.create_app keeps it in app.state.kg)."""
    state = request.app.state
    for name in ("kg", "graph"):
        kg = getattr(state, name, None)
        if kg is not None:
            return kg
    raise RuntimeError("the application holds no knowledge graph (app.state.graph)")


def prefers_html(accept: str | None) -> bool:
    """Whether an Accept header asks for HTML before JSON: browsers do (text/html, q=1), API clients
    (application/json, */*, or no header) do not. For content negotiation on /entities/{id}."""
    if not accept:
        return False
    quality: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        media = media.lower()
        quality[media] = max(q, quality.get(media, 0.0))
    html = max(quality.get("text/html", 0.0), quality.get("application/xhtml+xml", 0.0))
    json_ = quality.get("application/json", quality.get("application/*", quality.get("*/*", 0.0)))
    return html > 0 and html > json_


def base_path(request: Request) -> str:
    """The prefix the app is mounted under (empty at the root), for the links and scripts of pages."""
    return str(request.scope.get("root_path") or "").rstrip("/")


def _cluster_system_id(kg: KnowledgeGraph) -> str | None:
    tree = queries.cluster_tree(kg)
    return next((s["id"] for s in tree if s.get("id")), None)


def html(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    kg = context.pop("kg", None)
    system = _cluster_system_id(kg) if kg is not None else None
    body = templates().get_template(template).render(
        base=base_path(request), standalone=False, inline=None, cluster_system_id=system, **context
    )
    return HTMLResponse(body, status_code=status_code, headers=PAGE_HEADERS, media_type=HTML_TYPE)


def error_page(request: Request, status_code: int, title: str, message: str, kg=None) -> HTMLResponse:
    return html(request, "error.html", status_code=status_code, title=title, message=message, kg=kg)


def graph_response(request: Request, kg: KnowledgeGraph, view: GraphView, download: bool, name: str) -> Response:
    if download:  # a file to keep: its scripts are inline, so the pages' policy does not apply
        body = render_graph_page(view, standalone=True, reservoir=views.without_hubs(views.whole(kg)))
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
                   "Content-Disposition": f'attachment; filename="ykg-{name}.html"'}
        return HTMLResponse(body, headers=headers, media_type=HTML_TYPE)
    body = render_graph_page(view, base=base_path(request), context={"cluster_system_id": _cluster_system_id(kg)})
    return HTMLResponse(body, headers=PAGE_HEADERS, media_type=HTML_TYPE)


def _not_found(request: Request, kg: KnowledgeGraph, error: queries.NotFound) -> HTMLResponse:
    return error_page(request, 404, "没有找到", str(error), kg=kg)


# ---------------------------------------------------------------------------------------------- pages


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    kg = knowledge_graph(request)
    return html(request, "home.html", kg=kg, home=views.home(kg), legend=legend_rows())


@router.get("/viz/overview", response_class=HTMLResponse)
def overview(
    request: Request,
    types: Annotated[list[str] | None, Query(description="Only these node types and their neighbours")] = None,
    full: Annotated[bool, Query(description="Draw every node even beyond 500")] = False,
    download: bool = False,
) -> Response:
    kg = knowledge_graph(request)
    wanted = [t for value in types or () for t in value.split(",") if t]
    try:
        view = views.overview_view(kg, wanted, full=full)
    except queries.InvalidParameter as error:
        return error_page(request, 422, "参数有误", str(error), kg=kg)
    return graph_response(request, kg, view, download, "overview")


@router.get("/viz/entity/{node_id}", response_class=HTMLResponse)
def entity_graph(
    request: Request,
    node_id: str,
    depth: Annotated[int, Query(ge=1, le=queries.MAX_DEPTH)] = 1,
    download: bool = False,
) -> Response:
    kg = knowledge_graph(request)
    try:
        view = views.entity_view(kg, node_id, depth)
    except queries.NotFound as error:
        return _not_found(request, kg, error)
    return graph_response(request, kg, view, download, f"{node_id}-{depth}")


@router.get("/viz/cluster/{cluster_id}", response_class=HTMLResponse)
def cluster_graph(request: Request, cluster_id: str, download: bool = False) -> Response:
    kg = knowledge_graph(request)
    try:
        view = views.cluster_view(kg, cluster_id)
    except queries.NotFound as error:
        return _not_found(request, kg, error)
    return graph_response(request, kg, view, download, cluster_id)


@router.get("/pages/entities/{node_id}", response_class=HTMLResponse)
def entity_page(request: Request, node_id: str) -> HTMLResponse:
    kg = knowledge_graph(request)
    try:
        return _entity_page(request, kg, views.entity_page(kg, node_id))
    except queries.NotFound as error:
        return _not_found(request, kg, error)


def entity_html(request: Request, entity: dict) -> HTMLResponse:
    """The entity page for a browser asking for /entities/{id} (called by the API's route with the
    entity it has already read; JSON clients never get here)."""
    kg = knowledge_graph(request)
    return _entity_page(request, kg, views.entity_page(kg, entity["id"], entity))


def _entity_page(request: Request, kg: KnowledgeGraph, page: dict) -> HTMLResponse:
    ego = page_config(views.entity_view(kg, page["entity"]["id"], 1), base=base_path(request))
    return html(request, "entity.html", kg=kg, page=page, ego=ego)


@router.get("/viz/static/{name}")
def static_asset(name: str) -> Response:
    if name not in VIS_ASSETS and name not in OWN_ASSETS:
        return Response("not found", status_code=404, media_type="text/plain")
    media_type = ASSET_TYPES["." + name.rsplit(".", 1)[-1]]
    return Response(asset(name), media_type=media_type, headers=ASSET_HEADERS)
