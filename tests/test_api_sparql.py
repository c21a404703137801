"""The /sparql endpoint: the protocol's GET and POST forms, result formats, read-only, limits."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from graph.store import KnowledgeGraph
from tests.api_sample import sample_extraction
from tests.api_support import error_of, make_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

PEOPLE = "SELECT ?p ?name WHERE { ?p a ykg:Person ; rdfs:label ?name } ORDER BY ?name"
# About 1.3 s on the sample graph, all of it before the first solution (an aggregate cannot stream).
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . { SELECT ?g WHERE { ?g ?h ?i } LIMIT 40 } }"


@pytest.fixture(scope="module")
def client():
    with TestClient(make_app()) as client:
        yield client


def names(response) -> set[str]:
    return {b["name"]["value"] for b in response.json()["results"]["bindings"]}


def test_get_post_form_and_body_agree(client):
    by_get = client.get("/sparql", params={"query": PEOPLE})
    by_form = client.post("/sparql", data={"query": PEOPLE})
    by_body = client.post("/sparql", content=PEOPLE.encode(), headers={"content-type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert names(by_get) == names(by_form) == names(by_body)
    assert "李国财" in names(by_get) and len(names(by_get)) == 10


@pytest.mark.parametrize(("accept", "media"), [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_select_formats_by_accept(client, accept, media):
    response = client.get("/sparql", params={"query": PEOPLE}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    text = response.text
    if media == "text/csv":
        assert "李国财" in {row["name"] for row in csv.DictReader(io.StringIO(text))}
    elif media == "text/tab-separated-values":
        assert '"李国财"' in text.replace("@zh", "")
    elif media.endswith("xml"):
        assert ET.fromstring(response.content).tag.endswith("sparql") and "李国财" in text


def test_ask(client):
    response = client.get("/sparql", params={"query": "ASK { ?p rdfs:label '李国财'@zh }"})
    assert response.json()["boolean"] is True


@pytest.mark.parametrize(("accept", "media", "rdflib_format"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    (None, "text/turtle", "turtle"),
])
def test_construct_and_describe_formats(client, accept, media, rdflib_format):
    headers = {"accept": accept} if accept else {}
    for query in ("CONSTRUCT { ?p rdfs:label ?name } WHERE { ?p a ykg:Person ; rdfs:label ?name }",
                  "DESCRIBE ?p WHERE { ?p rdfs:label '李国财'@zh }"):
        response = client.get("/sparql", params={"query": query}, headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith(media)
        graph = Graph().parse(data=response.content, format=rdflib_format)
        assert any(str(o) == "李国财" for o in graph.objects())


def test_format_parameter_overrides_accept(client):
    response = client.get("/sparql", params={"query": PEOPLE, "format": "csv"}, headers={"accept": "application/json"})
    assert response.headers["content-type"].startswith("text/csv")
    construct = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a ykg:Person ; rdfs:label ?n }"
    for name, media in (("turtle", "text/turtle"), ("json", "application/ld+json"), ("json-ld", "application/ld+json"),
                        ("application/n-triples", "application/n-triples")):
        response = client.get("/sparql", params={"query": construct, "format": name})  # names other clients use
        assert response.headers["content-type"].startswith(media), name


@pytest.mark.parametrize("request_kwargs", [
    {"params": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    {"params": {"query": "PREFIX x: <http://x/> # comment\n INSERT DATA { x:a x:b x:c }"}},
    {"params": {"query": "drop all"}},
    {"data": {"update": "DROP ALL"}},
    {"content": b"CLEAR ALL", "headers": {"content-type": "application/sparql-update"}},
    {"content": b"LOAD <http://127.0.0.1:1/x>", "headers": {"content-type": "application/sparql-query"}},
])
def test_updates_are_refused_and_change_nothing(client, request_kwargs):
    before = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    method = client.get if "params" in request_kwargs else client.post
    response = method("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert error_of(response)["code"] == "read_only"
    after = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).json()
    assert before == after


def test_federation_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert error_of(client.get("/sparql", params={"query": query}))["code"] == "federation_refused"
    harmless = client.get("/sparql", params={"query": "SELECT ('service' AS ?x) {}"})
    assert harmless.status_code == 200


@pytest.mark.parametrize(("request_kwargs", "status", "code"), [
    ({"params": {"query": "SELEKT * { ?s ?p ?o }"}}, 400, "malformed_query"),
    ({"params": {"query": "SELECT * { ?s ?p "}}, 400, "malformed_query"),
    ({}, 400, "missing_query"),
    ({"params": {"query": "   "}}, 400, "missing_query"),
    ({"params": {"query": "SELECT * {}", "default-graph-uri": "http://x"}}, 400, "unsupported_dataset"),
    ({"params": {"query": PEOPLE}, "headers": {"accept": "image/png"}}, 406, "not_acceptable"),
    ({"params": {"query": PEOPLE, "format": "ttl"}}, 406, "not_acceptable"),
    ({"params": {"query": PEOPLE, "format": "pdf"}}, 406, "not_acceptable"),
])
def test_bad_queries(client, request_kwargs, status, code):
    response = client.get("/sparql", **request_kwargs)
    assert response.status_code == status, response.text
    assert error_of(response)["code"] == code


def test_post_body_problems(client):
    huge = ("SELECT * { ?s ?p ?o } # " + "x" * 100_001).encode()
    response = client.post("/sparql", content=huge, headers={"content-type": "application/sparql-query"})
    assert (response.status_code, error_of(response)["code"]) == (413, "payload_too_large")
    response = client.post("/sparql", content=b"\xff\xfe\xfa", headers={"content-type": "application/sparql-query"})
    assert (response.status_code, error_of(response)["code"]) == (415, "undecodable_text")
    response = client.post("/sparql", content=b"{}", headers={"content-type": "application/json"})
    assert (response.status_code, error_of(response)["code"]) == (415, "unsupported_media_type")


def test_row_cap_cuts_and_says_so():
    with TestClient(make_app(sparql_row_cap=3)) as client:
        response = client.get("/sparql", params={"query": PEOPLE})
        assert len(response.json()["results"]["bindings"]) == 3
        assert response.headers["x-ykg-truncated"] == "true" and response.headers["x-ykg-row-cap"] == "3"
        small = client.get("/sparql", params={"query": PEOPLE + " LIMIT 2"})
        assert "x-ykg-truncated" not in small.headers


@pytest.fixture
def slow_client():
    """A small graph where SLOW takes about a second, a short limit, one worker, no row cap to speak of
    (so that only the deadline stops a query)."""
    kg = KnowledgeGraph.in_memory()
    kg.ingest(sample_extraction())
    with TestClient(make_app(kg, sparql_timeout=0.1, sparql_workers=1, sparql_row_cap=10**9)) as client:
        yield client
        wait_until_idle(client)  # let an uncancellable aggregate finish before the next test


def wait_until_idle(client, within: float = 10.0) -> float:
    """Seconds until the one worker takes a query again."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        if client.get("/sparql", params={"query": "ASK {}"}).status_code == 200:
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError("the SPARQL worker stayed busy")


def test_timeout_answers_promptly(slow_client):
    started = time.monotonic()
    response = slow_client.get("/sparql", params={"query": SLOW})
    assert response.status_code == 504
    assert error_of(response)["code"] == "query_timeout"
    assert time.monotonic() - started < 0.9  # the query itself needs more than 1 s


def test_streaming_query_is_stopped_at_the_deadline(slow_client):
    # 300 million solutions, the first at once: the worker stops reading at the deadline instead of
    # enumerating them all (minutes), and is free again straight away.
    response = slow_client.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert error_of(response)["code"] == "query_timeout"
    assert wait_until_idle(slow_client) < 2.0


def test_busy_workers_give_503(slow_client):
    from concurrent.futures import ThreadPoolExecutor

    # Two slow queries, one worker: one runs (and times out), the other never starts and is told so.
    with ThreadPoolExecutor(2) as pool:
        responses = list(pool.map(lambda _: slow_client.get("/sparql", params={"query": SLOW}), range(2)))
    assert sorted(r.status_code for r in responses) == [503, 504]
    busy = next(r for r in responses if r.status_code == 503)
    assert error_of(busy)["code"] == "sparql_busy" and busy.headers["retry-after"]


def test_json_results_parse_as_sparql_json(client):
    body = json.loads(client.get("/sparql", params={"query": PEOPLE}).content)
    assert body["head"]["vars"] == ["p", "name"]
    binding = body["results"]["bindings"][0]
    assert binding["p"]["type"] == "uri" and binding["name"]["xml:lang"] == "zh"
