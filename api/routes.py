"""The read endpoints: thin wrappers over graph/queries.py, one function per question.

The answers that come from the caches in well under a millisecond or two (lists, clusters, search,
organisations) are `async def`: they run on the event loop, which saves a hop to a worker thread per
request. The ones that can take longer (a document's entity page, depth-3 neighbourhoods, paths, exports)
are plain `def`, which FastAPI runs on its thread pool so they never hold up the others. The caches are
built at start-up and right after each ingest, so a cheap handler does not find itself building one.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from api import models
from api.errors import ErrorBody
from api.sparql import accepted
from graph import queries
from graph.store import KnowledgeGraph
from ontology import node_types, organization_types

router = APIRouter()

OrgType = StrEnum("OrgType", {name: name for name in sorted(organization_types())})
ExportFormat = StrEnum("ExportFormat", {name: name for name in ("json", "ttl", "jsonld", "trig", "graphml")})
TYPE_NAMES = ", ".join(node_types())


def get_kg(request: Request) -> KnowledgeGraph:
    return request.app.state.kg


KG = Annotated[KnowledgeGraph, Depends(get_kg)]
NodeId = Annotated[str, Path(min_length=1, max_length=300, description="A readable id, e.g. person-li-guo-cai")]
Year = Annotated[int | None, Query(ge=1900, le=2200, description="Only those of this year")]
Status = Annotated[str | None, Query(max_length=40, description="A project status: planning, starting, "
                                     "under_construction, completed, operating, or its Chinese (在建, 开工建设, …)")]
Text = Annotated[str | None, Query(max_length=200, description="Name contains (Chinese, pinyin or initials)")]

_404 = {404: {"model": ErrorBody, "description": "Unknown id"}}
_422 = {422: {"model": ErrorBody, "description": "Invalid parameter"}}


def as_json(data) -> Response:
    """The answer as JSON, as is. The response models document it (and the schemathesis tests check it
    against them), but validating every answer again on the way out would double the cost of a request."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return Response(body, media_type="application/json")


def _types(values: list[str] | None) -> list[str]:
    """?types=Person&types=Project and ?types=Person,Project both work."""
    return [t.strip() for value in values or () for t in value.split(",") if t.strip()]


# ---------------------------------------------------------------------------------------------- organisations


@router.get("/organizations", response_model=list[models.OrganizationItem], responses=_422, tags=["organizations"])
async def list_organizations(kg: KG, type: OrgType | None = None, q: Text = None):
    """Organisations (departments, towns, subdistricts, enterprises, parks, …), by type and name, with counts
    of their officials, initiatives, projects and policies."""
    return as_json(queries.organizations(kg, type.value if type else None, q))


@router.get("/organizations/{id}", response_model=models.Organization, responses=_404, tags=["organizations"])
async def get_organization(kg: KG, id: NodeId):
    """An organisation's officials and their posts, the initiatives, projects and programmes it owns, the
    policies it issued and where it sits, every relation with its evidence."""
    return as_json(queries.organization(kg, id))


@router.get("/organizations/{id}/initiatives", response_model=list[models.Link], responses=_404,
            tags=["organizations"])
async def get_organization_initiatives(kg: KG, id: NodeId):
    """The initiatives an organisation owns, in document order, each with the sentence that states it."""
    return as_json(queries.organization_initiatives(kg, id))


# ---------------------------------------------------------------------------------------------- clusters


@router.get("/clusters", response_model=list[models.ClusterNode], tags=["clusters"])
async def list_clusters(kg: KG):
    """The industry-cluster systems (the "2515" system) → tiers → clusters, with project counts."""
    return as_json(queries.cluster_tree(kg))


@router.get("/clusters/{id}", response_model=models.Cluster, responses=_404, tags=["clusters"])
async def get_cluster(kg: KG, id: NodeId):
    """A cluster, tier or system: where it sits, what it contains, how many projects."""
    return as_json(queries.cluster(kg, id))


@router.get("/clusters/{id}/projects", response_model=list[models.ClusterProject], responses={**_404, **_422},
            tags=["clusters"])
async def get_cluster_projects(kg: KG, id: NodeId, status: Status = None, year: Year = None):
    """The projects listed under a cluster (for a tier or system: under any of its clusters), with the
    sentence that lists each."""
    return as_json(queries.cluster_projects(kg, id, status, year))


# ---------------------------------------------------------------------------------------------- projects


@router.get("/projects", response_model=list[models.ProjectItem], responses={**_404, **_422}, tags=["projects"])
async def list_projects(
    kg: KG,
    cluster: Annotated[str | None, Query(max_length=300, description="A cluster, tier or system id")] = None,
    status: Status = None,
    year: Year = None,
    q: Text = None,
):
    """Projects with status, year, clusters, owners and where the documents name them."""
    return as_json(queries.projects(kg, cluster, status, year, q))


@router.get("/projects/{id}", response_model=models.Project, responses=_404, tags=["projects"])
async def get_project(kg: KG, id: NodeId):
    return as_json(queries.project(kg, id))


# ---------------------------------------------------------------------------------------------- policies, indicators


@router.get("/policies", response_model=list[models.Policy], responses={**_404, **_422}, tags=["policies"])
async def list_policies(
    kg: KG,
    issuer: Annotated[str | None, Query(max_length=300, description="Issuer id or name")] = None,
    year: Year = None,
):
    """Policy documents (《…》) with the action taken (印发, 出台, …), the issuer when stated, and evidence."""
    return as_json(queries.policies(kg, issuer, year))


@router.get("/indicators", response_model=list[models.Indicator], responses=_422, tags=["indicators"])
async def list_indicators(kg: KG, year: Year = None):
    """Indicators with value, unit, growth, target and whether the target was met."""
    return as_json(queries.indicators(kg, year))


# ---------------------------------------------------------------------------------------------- any node


@router.get("/entities/{id}", response_model=models.Entity, responses={
    **_404, 200: {"content": {"application/json": {}, "text/html": {}}, "description": "JSON, or HTML for browsers"}
}, tags=["entities"])
def get_entity(
    request: Request,
    kg: KG,
    id: NodeId,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most relations shown per type and direction")] = 100,
):
    """Any node: names, type, attributes and its relations out and in, grouped by type, with evidence.
    JSON by default; a browser (Accept: text/html) gets the entity page when the viz pages are installed."""
    found = queries.entity(kg, id, limit)
    if prefers_html(request.headers.get("accept", "")):
        render = getattr(request.app.state, "entity_html", None)
        if render is not None:
            return render(request, found)
        if getattr(request.app.state, "entity_page", None):  # the viz entity page, at its own address
            return RedirectResponse(request.app.state.entity_page.format(id=quote(id, safe="")), status_code=303)
    return as_json(found)


def prefers_html(accept: str) -> bool:
    """True when text/html ranks above every JSON type (q-values honoured): what a browser sends."""
    for media in accepted(accept):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in ("application/json", "*/*", "application/*"):
            return False
    return False


@router.get("/entities/{id}/neighbors", response_model=models.Neighbors, responses={**_404, **_422},
            tags=["entities"])
def get_neighbors(
    kg: KG,
    id: NodeId,
    depth: Annotated[int, Query(ge=1, le=queries.MAX_DEPTH)] = 1,
    types: Annotated[list[str] | None, Query(description=f"Keep only these node types ({TYPE_NAMES})")] = None,
    limit: Annotated[int, Query(ge=1, le=2000, description="Most nodes returned, nearest first")] = 200,
):
    """Nodes within `depth` relations and the relations among them (for expanding a graph view)."""
    return as_json(queries.neighbors(kg, id, depth, _types(types), limit))


@router.get("/path", response_model=models.Path, responses={**_404, **_422}, tags=["entities"])
def get_path(
    kg: KG,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=300)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=300)],
    via_documents: Annotated[bool, Query(description="Allow steps through the documents that mention both")] = False,
):
    """The shortest chain of relations between two nodes (either direction), each step with its evidence."""
    return as_json(queries.path(kg, source, target, via_documents))


@router.get("/search", response_model=list[models.SearchHit], responses=_422, tags=["search"])
async def search(
    kg: KG,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Chinese, pinyin (zhineng, zhi neng) or "
                                                                      "initials (jjxxw)")],
    type: Annotated[list[str] | None, Query(description=f"Only these node types ({TYPE_NAMES})")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
):
    """Find nodes by label or alias, best first: exact, prefix, substring, pinyin, then fuzzy."""
    return as_json(queries.search(kg, q, _types(type), limit))


# ---------------------------------------------------------------------------------------------- whole graph


@router.get("/export", response_class=Response, responses={
    200: {"content": {m: {} for m in ("application/json", "text/turtle", "application/ld+json", "application/trig",
                                       "application/graphml+xml")}, "description": "The whole graph"},
    **_422,
}, tags=["graph"])
def export(kg: KG, format: ExportFormat = ExportFormat.json):
    """The whole graph: node-link JSON, Turtle, JSON-LD, TriG (a graph per document) or GraphML."""
    from graph.export import EXTENSIONS, FORMATS
    from graph.export import export as serialise

    data = queries.cached(kg, f"export-{format.value}", lambda kg: serialise(kg, format.value))
    media = FORMATS[format.value]
    if media.startswith(("text/", "application/json")):
        media += "; charset=utf-8"
    return Response(data, media_type=media, headers={
        "Content-Disposition": f'inline; filename="yongchuan-kg{EXTENSIONS[format.value]}"'})


@router.get("/health", response_model=models.Health, tags=["graph"])
async def health(request: Request, kg: KG):
    """Liveness and what is loaded."""
    summary = queries.overview(kg)
    return as_json({
        "status": "ok",
        "documents": sorted(n.id for n in queries.catalog(kg).values() if n.type == "Document"),
        "nodes": summary["nodes"],
        "types": summary["types"],
        "writable": request.app.state.settings.token is not None,
    })
