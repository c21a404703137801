"""The FastAPI application: `create_app()` wires the store, the routers and the error handlers.

    app = create_app()                                  # the store at $YKG_STORE, built if empty
    app = create_app(graph=KnowledgeGraph.in_memory())  # tests

The viz pages (viz/routes.py, another module) are mounted when they can be imported: `viz.routes.router` is
included as is, and `viz.routes.entity_html(request, entity) -> Response`, if defined, answers browsers
asking for /entities/{id} (JSON clients are unaffected); without it, browsers are redirected to the
viz entity page /pages/entities/{id} when that route exists.
"""

from __future__ import annotations

import importlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from api import documents, errors, routes, sparql
from api.settings import Settings
from graph import queries
from graph.store import KnowledgeGraph

log = logging.getLogger("ykg.api")

DESCRIPTION = """
A cited knowledge graph of Yongchuan district-government documents: who owns which initiative or project,
which projects belong to which industry cluster of the "2515" system, and what is connected to what.
Every relation carries its evidence: the document, the sentence and the character span.

Ids are readable and stable (`department-qu-jing-ji-xin-xi-wei`); labels are Chinese as the documents
write them. Errors share one shape: `{"error": {"status", "code", "message", "detail"}}`.
"""


def build_if_empty(kg: KnowledgeGraph) -> None:
    """Ingest the bundled documents into a store that has none, so one command serves a working graph."""
    if kg.documents():
        return
    from loaders import bundled_corpus

    log.info("empty store: building the graph from the bundled documents")
    kg.ingest_paths(bundled_corpus())
    queries.invalidate(kg)


def create_app(settings: Settings | None = None, graph: KnowledgeGraph | None = None) -> FastAPI:
    settings = settings or Settings()
    owned = graph is None
    kg = KnowledgeGraph(settings.store) if owned else graph
    if settings.build_on_empty:
        build_if_empty(kg)
    queries.warm(kg)
    runner = sparql.SparqlRunner(kg, settings.sparql_timeout, settings.sparql_row_cap, settings.sparql_workers)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        runner.close()
        if owned:
            kg.close()

    app = FastAPI(
        title="yongchuan-kg",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses={405: {"model": errors.ErrorBody, "description": "Method not allowed"}},
    )
    app.state.settings, app.state.kg, app.state.sparql = settings, kg, runner
    app.state.entity_html = app.state.entity_page = None
    errors.install(app)
    app.include_router(routes.router)
    app.include_router(sparql.router)
    app.include_router(documents.router)
    _mount_viz(app)
    _add_examples(app, kg)
    if not any(getattr(route, "path", None) == "/" for route in app.routes):
        app.add_api_route("/", lambda: RedirectResponse("/docs"), include_in_schema=False)
    return app


def _mount_viz(app: FastAPI) -> None:
    try:
        viz = importlib.import_module("viz.routes")
    except ModuleNotFoundError as error:
        if error.name not in ("viz", "viz.routes"):
            log.warning("viz pages not mounted: %s", error)
        return
    except Exception:  # a broken page module must not take the API down with it
        log.exception("viz pages not mounted")
        return
    if hasattr(viz, "router"):
        app.include_router(viz.router)
    app.state.entity_html = getattr(viz, "entity_html", None)
    # Without entity_html, browsers asking /entities/{id} are sent to the viz entity page if there is one.
    paths = {getattr(route, "path", "") for route in app.routes}
    app.state.entity_page = next((p.replace("{node_id}", "{id}") for p in ("/pages/entities/{node_id}", "/pages/entities/{id}")
                                  if p in paths), None)


def _examples(kg: KnowledgeGraph) -> dict[str, str]:
    """Real ids from the graph being served, for the OpenAPI examples (/docs "Try it out" starts with
    them, and schemathesis tries them besides random ones)."""
    nodes = queries.catalog(kg)
    if not nodes:
        return {}
    orgs = queries.organizations(kg)
    busiest = max(orgs, key=lambda o: sum(o["counts"].values()), default=None)
    clusters = [c for s in queries.cluster_tree(kg) for t in s.get("tiers", []) for c in t.get("clusters", [])
                if c["id"] and c["project_count"]]
    projects = queries.cluster_projects(kg, clusters[0]["id"]) if clusters else []
    person = next((n for n in nodes.values() if n.type == "Person"), None)
    examples = {
        "organizations": busiest and busiest["id"],
        "clusters": clusters and clusters[0]["id"],
        "projects": projects and projects[0]["node"]["id"],
        "entities": person and person.id,
        "cluster": clusters and clusters[0]["id"],
        "issuer": busiest and busiest["label"],
        "q": busiest and busiest["label"],
        "from": person and person.id,
        "to": clusters and clusters[0]["id"],
    }
    return {name: value for name, value in examples.items() if value}


def _add_examples(app: FastAPI, kg: KnowledgeGraph) -> None:
    examples = _examples(kg)
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = build()
            for path, operations in schema.get("paths", {}).items():
                for operation in operations.values():
                    for parameter in operation.get("parameters", []):
                        key = path.split("/")[1] if parameter["name"] == "id" else parameter["name"]
                        if parameter["in"] in ("path", "query") and key in examples and parameter["name"] != "type":
                            parameter["example"] = examples[key]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi

