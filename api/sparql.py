"""GET|POST /sparql: the SPARQL 1.1 Protocol, read-only, with a time limit and a row cap.

Queries run on a small pool of worker threads (Oxigraph releases the GIL while it evaluates). The worker
reads solutions one by one and stops at the deadline or the row cap, so a streaming query is cancelled
promptly. Oxigraph cannot interrupt an operator that must see all its input before the first solution
(ORDER BY, GROUP BY, a big join): such a query keeps its worker busy until it ends, but the client still
gets 504 at the deadline. The pool bounds how many of those can run at once; when every worker is busy
for longer than the time limit, new queries get 503 instead of piling up.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pyoxigraph import QueryBoolean, QuerySolutions

from api.errors import ApiError, ErrorBody
from graph.query import QueryError, QueryResult, is_federated, is_update
from graph.store import KnowledgeGraph
from ontology import PREFIXES

router = APIRouter(tags=["sparql"])

# Media type → our format name. The first of each kind is the default.
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/rdf+xml": "xml",
    "application/json": "jsonld",
}
MEDIA = {
    "select": {"json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8",
               "tsv": "text/tab-separated-values; charset=utf-8", "xml": "application/sparql-results+xml"},
    "graph": {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json", "nt": "application/n-triples",
              "xml": "application/rdf+xml"},
}
MEDIA["ask"] = MEDIA["select"]
FORMAT_ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "n-triples": "nt", "ntriples": "nt", "rdf": "xml",
                  "rdfxml": "xml", "rdf+xml": "xml", "srj": "json", "srx": "xml", "sparql-results+json": "json"}
MAX_QUERY_CHARS = 100_000
@dataclass
class Outcome:
    result: QueryResult
    truncated: bool


class QueryTimeout(Exception):
    pass


class SparqlRunner:
    """Runs read-only queries on a bounded pool with a deadline and a row cap."""

    def __init__(self, kg: KnowledgeGraph, timeout: float, row_cap: int, workers: int):
        self.kg, self.timeout, self.row_cap, self.workers = kg, timeout, row_cap, workers
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    @property
    def pool(self) -> ThreadPoolExecutor:
        # Made on first use, and again after close(): an app may go through several lifespans (tests).
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="sparql")
            return self._pool

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _run(self, sparql: str, deadline: float, started: threading.Event) -> Outcome:
        started.set()
        outcome, error = self._collect(sparql, deadline)
        if error is not None:
            raise error
        return outcome

    def _collect(self, sparql: str, deadline: float) -> tuple[Outcome | None, Exception | None]:
        # Oxigraph's result iterators must be dropped on the thread that made them: this frame returns
        # (dropping them here) instead of raising, since a traceback would carry them to the event loop.
        try:
            result = self.kg.store.query(sparql, prefixes=PREFIXES)
        except SyntaxError as error:
            return None, QueryError(f"SPARQL syntax error: {error}")
        if isinstance(result, QueryBoolean):
            return Outcome(QueryResult("ask", boolean=bool(result)), False), None
        is_select = isinstance(result, QuerySolutions)
        variables = tuple(v.value for v in result.variables) if is_select else ()
        items, truncated = [], False
        try:
            for count, item in enumerate(result):
                if count % 256 == 0 and time.monotonic() > deadline:
                    # Solutions are computed as they are read: not reading on stops a streaming query.
                    return None, QueryTimeout()
                if count >= self.row_cap:
                    truncated = True
                    break
                items.append(tuple(item[v] for v in variables) if is_select else item)
        except OSError as error:
            return None, RuntimeError(f"query evaluation failed: {error}")
        if is_select:
            return Outcome(QueryResult("select", variables=variables, rows=tuple(items)), truncated), None
        return Outcome(QueryResult("graph", triples=tuple(items)), truncated), None

    async def run(self, sparql: str) -> Outcome:
        if is_update(sparql):
            raise ApiError(403, "read_only", "SPARQL updates are refused: this endpoint is read-only")
        if is_federated(sparql):  # Oxigraph would fetch the URL for any client (SSRF)
            raise ApiError(403, "federation_refused", "SERVICE (federated query) is not allowed here")
        deadline = time.monotonic() + self.timeout
        started = threading.Event()
        future = self.pool.submit(self._run, sparql, deadline, started)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except (TimeoutError, QueryTimeout):
            future.cancel()  # only helps if it never started
            if not started.is_set():
                raise ApiError(503, "sparql_busy", "every SPARQL worker is busy; try again shortly",
                               {"workers": self.workers}, headers={"Retry-After": "5"}) from None
            raise ApiError(504, "query_timeout", f"the query ran longer than {self.timeout:g} s and was stopped",
                           {"timeout_seconds": self.timeout}) from None


def accepted(accept: str) -> list[str]:
    """Media types from an Accept header, most wanted first (q-values honoured, order breaks ties)."""
    ranked = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, position, media.lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_format(kind: str, accept: str | None, requested: str | None) -> str:
    formats = MEDIA[kind]
    if requested:
        requested = requested.strip().lower()
        # Names other clients send (SPARQLWrapper adds format=turtle, …) and media types mean the same.
        requested = FORMAT_ALIASES.get(requested, requested)
        table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
        requested = table.get(requested, requested)
        if kind == "graph" and requested == "json":
            requested = "jsonld"
        if requested not in formats:
            raise ApiError(406, "not_acceptable", f"a {kind} result is written as one of {', '.join(formats)}",
                           {"format": requested})
        return requested
    table = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    wanted = accepted(accept or "*/*")
    for media in wanted:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*") or media.startswith("text/html"):
            return next(iter(formats))  # browsers and curl get the default
    raise ApiError(406, "not_acceptable", f"cannot write a {kind} result as {accept}",
                   {"acceptable": sorted(k for k, v in table.items() if v in formats)})


async def _read_query(request: Request, query: str | None) -> str:
    """The query from ?query=, a urlencoded form, or an application/sparql-query body."""
    if request.method == "POST":
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update" or "update=" in request.url.query:
            raise ApiError(403, "read_only", "SPARQL updates are refused: this endpoint is read-only")
        if content_type == "application/sparql-query":
            body = await request.body()
            if len(body) > MAX_QUERY_CHARS * 4:
                raise ApiError(413, "payload_too_large", "the query is too long")
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ApiError(415, "undecodable_text", "the query must be UTF-8") from None
        elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.form(max_files=0, max_fields=20)
            if form.get("update"):
                raise ApiError(403, "read_only", "SPARQL updates are refused: this endpoint is read-only")
            value = form.get("query")
            query = value if isinstance(value, str) else query
        elif query is None:
            raise ApiError(415, "unsupported_media_type",
                           "POST the query as application/sparql-query or as a query= form field")
    if not query or not query.strip():
        raise ApiError(400, "missing_query", "give a SPARQL query in the query parameter")
    if len(query) > MAX_QUERY_CHARS:
        raise ApiError(413, "payload_too_large", f"queries are limited to {MAX_QUERY_CHARS} characters")
    return query


_RESPONSES = {
    200: {"description": "SPARQL results (JSON, CSV, TSV, XML) or RDF (Turtle, JSON-LD, N-Triples, RDF/XML)",
          "content": {m.split(";")[0]: {} for kinds in MEDIA.values() for m in kinds.values()}},
    400: {"model": ErrorBody, "description": "Malformed SPARQL or no query"},
    403: {"model": ErrorBody, "description": "An update: the endpoint is read-only"},
    406: {"model": ErrorBody, "description": "No acceptable result format"},
    413: {"model": ErrorBody, "description": "Query too long"},
    415: {"model": ErrorBody, "description": "POST body of an unsupported type"},
    422: {"model": ErrorBody, "description": "Invalid parameter"},
    503: {"model": ErrorBody, "description": "Every SPARQL worker is busy"},
    504: {"model": ErrorBody, "description": "The query ran past the time limit"},
}
_POST_BODY = {"requestBody": {"content": {
    "application/sparql-query": {"schema": {"type": "string"}},
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"query": {"type": "string"}},
                                                       "required": ["query"]}},
}}}


async def _answer(request: Request, query: str | None, format: str | None) -> Response:
    sparql = await _read_query(request, query)
    if any(request.query_params.getlist(name) for name in ("default-graph-uri", "named-graph-uri")):
        raise ApiError(400, "unsupported_dataset", "the dataset is fixed: every document graph, merged; "
                       "use GRAPH ?g { … } to query one document")
    runner: SparqlRunner = request.app.state.sparql
    outcome = await runner.run(sparql)
    result = outcome.result
    chosen = choose_format(result.kind, request.headers.get("accept"), format)
    headers = {"X-YKG-Row-Cap": str(runner.row_cap), "Vary": "Accept"}
    if outcome.truncated:
        headers["X-YKG-Truncated"] = "true"
    body = result.serialize(chosen)
    return Response(body, media_type=MEDIA[result.kind][chosen], headers=headers)


_QUERY = Query(None, description="A SPARQL SELECT, ASK, CONSTRUCT or DESCRIBE query. The ykg:, ykgid:, rdfs:, "
               "skos:, prov:, … prefixes are predeclared; the default graph is the merge of the document graphs.")
_FORMAT = Query(None, max_length=100,
                description="Overrides the Accept header: json, csv, tsv, xml (results); ttl, jsonld, nt, xml (graphs)")


@router.get("/sparql", responses=_RESPONSES, response_class=Response, summary="SPARQL query (GET)")
async def sparql_get(request: Request, query: str | None = _QUERY, format: str | None = _FORMAT) -> Response:
    """Run a read-only SPARQL query. Results by Accept header: SPARQL JSON (default), CSV, TSV or XML;
    CONSTRUCT/DESCRIBE as Turtle (default), JSON-LD, N-Triples or RDF/XML. Rows beyond the row cap are
    cut (header X-YKG-Truncated: true); a query past the time limit gets 504."""
    return await _answer(request, query, format)


@router.post("/sparql", responses=_RESPONSES, response_class=Response, openapi_extra=_POST_BODY,
             summary="SPARQL query (POST)")
async def sparql_post(request: Request, query: str | None = _QUERY, format: str | None = _FORMAT) -> Response:
    """The same, with the query in an application/sparql-query body or a urlencoded query= form field.
    SPARQL Update (application/sparql-update, update=) is refused with 403."""
    return await _answer(request, query, format)
