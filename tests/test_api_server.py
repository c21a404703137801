"""A real `ykg serve` process on a free loopback port, an empty store in tmp_path, spoken to over HTTP,
including by SPARQL clients no one here wrote (SPARQLWrapper, rdflib's SPARQLStore)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api_support import TOKEN, free_port

pytestmark = pytest.mark.server

CAR_CLUSTER = "智能网联新能源汽车产业"
_stores: dict[str, Path] = {}


def server_store(base: str) -> Path:
    return _stores[base]


def ykg_command() -> list[str]:
    script = Path(sys.executable).with_name("ykg")
    return [str(script)] if script.exists() else [shutil.which("ykg") or "ykg"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "kg"
    port = free_port()
    env = {**os.environ, "YKG_STORE": str(store), "YKG_TOKEN": TOKEN}
    process = subprocess.Popen(
        [*ykg_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # the first start builds the graph from the bundled documents
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"ykg serve exited with {process.returncode}:\n{process.stdout.read()}")
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("ykg serve did not answer within 90 s")
            time.sleep(0.2)
        _stores[base] = store
        yield base
    finally:
        process.send_signal(signal.SIGINT)  # uvicorn shuts down cleanly: lifespan closes the store
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.returncode in (0, -signal.SIGINT), process.stdout.read()
    assert store.is_dir(), "the store was persisted"


@pytest.fixture(scope="module")
def cluster_id(server):
    hits = httpx.get(f"{server}/search", params={"q": CAR_CLUSTER, "type": "IndustryCluster"}).json()
    return next(h["id"] for h in hits if h["label"] == CAR_CLUSTER)


def test_real_server_answers_over_http(server, cluster_id):
    health = httpx.get(f"{server}/health").json()
    assert health["status"] == "ok" and len(health["documents"]) == 2 and health["writable"]
    projects = httpx.get(f"{server}/clusters/{cluster_id}/projects").json()
    assert "华雄智能网联汽车产业园" in {p["node"]["label"] for p in projects}
    missing = httpx.get(f"{server}/entities/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert httpx.get(f"{server}/openapi.json").json()["info"]["title"] == "yongchuan-kg"
    refused = httpx.post(f"{server}/documents", content="永川区".encode())
    assert refused.status_code == 401


def _sparql_query(cluster_id: str) -> str:
    return f"""PREFIX ykg: <https://w3id.org/yongchuan-kg/ontology#>
PREFIX ykgid: <https://w3id.org/yongchuan-kg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?project ?label WHERE {{ ?project ykg:IN_CLUSTER ykgid:{cluster_id} ; rdfs:label ?label }}"""


def _rest_projects(server: str, cluster_id: str) -> set[str]:
    return {p["node"]["label"] for p in httpx.get(f"{server}/clusters/{cluster_id}/projects").json()}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", ["json", "xml", "csv"])
def test_sparqlwrapper_gets_the_rest_answer(server, cluster_id, method, return_format):
    from SPARQLWrapper import CSV, GET, JSON, POST, XML, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(_sparql_query(cluster_id))
    client.setMethod(GET if method == "GET" else POST)
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV}[return_format])
    result = client.query().convert()
    if return_format == "json":
        labels = {b["label"]["value"] for b in result["results"]["bindings"]}
    elif return_format == "xml":
        labels = {b.getElementsByTagName("literal")[0].firstChild.data
                  for b in result.getElementsByTagName("binding") if b.getAttribute("name") == "label"}
    else:
        import csv
        import io

        labels = {row["label"] for row in csv.DictReader(io.StringIO(result.decode("utf-8")))}
    assert labels == _rest_projects(server, cluster_id)
    assert "华雄智能网联汽车产业园" in labels


def test_sparqlwrapper_construct_as_turtle(server, cluster_id):
    from SPARQLWrapper import TURTLE, SPARQLWrapper

    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(f"""PREFIX ykg: <https://w3id.org/yongchuan-kg/ontology#>
PREFIX ykgid: <https://w3id.org/yongchuan-kg/id/>
CONSTRUCT {{ ?p ykg:IN_CLUSTER ykgid:{cluster_id} }} WHERE {{ ?p ykg:IN_CLUSTER ykgid:{cluster_id} }}""")
    client.setReturnFormat(TURTLE)
    from rdflib import Graph

    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == len(_rest_projects(server, cluster_id))


def test_sparqlwrapper_update_is_refused(server):
    from urllib.error import HTTPError

    from SPARQLWrapper import POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(POST)
    client.setQuery("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }")
    with pytest.raises((SPARQLWrapperException, HTTPError)):
        client.query()


def test_rdflib_sparqlstore_gets_the_rest_answer(server, cluster_id):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    labels = {str(row.label) for row in graph.query(_sparql_query(cluster_id))}
    assert labels == _rest_projects(server, cluster_id)


def test_second_server_on_the_same_store_fails_cleanly(server, cluster_id):
    # RocksDB lets one process write a store: a second `ykg serve` must say so and exit, and the first
    # must keep serving.
    port = free_port()
    second = subprocess.run([*ykg_command(), "serve", "--port", str(port), "--store", str(server_store(server))],
                            capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert "cannot open the store" in second.stderr + second.stdout
    assert httpx.get(f"{server}/clusters/{cluster_id}").status_code == 200


def test_invalid_settings_are_refused_before_starting(tmp_path):
    env = {**os.environ, "YKG_SPARQL_TIMEOUT": "soon", "YKG_STORE": str(tmp_path / "store")}
    result = subprocess.run([*ykg_command(), "serve", "--port", str(free_port())], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "YKG_SPARQL_TIMEOUT" in result.stderr
