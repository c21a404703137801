"""Helpers for the API tests: the bundled graph (built once per process), clients, and id lookup by name.

Tests find ids through /search by exact label instead of writing them out, so they keep testing the
same facts if the loaders change how they scope ids.
"""

from __future__ import annotations

import socket
from functools import cache

import loaders
from api.app import create_app
from api.settings import Settings
from graph.store import KnowledgeGraph

TOKEN = "test-token-0123456789"


@cache
def bundled_graph() -> KnowledgeGraph:
    """The bundled documents in an in-memory store. Shared: tests that write use `fresh_graph()`."""
    return fresh_graph()


def fresh_graph() -> KnowledgeGraph:
    kg = KnowledgeGraph.in_memory()
    kg.ingest_paths(loaders.bundled_corpus())
    return kg


def settings(**overrides) -> Settings:
    values = {"build_on_empty": False, "token": TOKEN, **overrides}
    return Settings(_env_file=None, **values)


def make_app(kg: KnowledgeGraph | None = None, **overrides):
    return create_app(settings(**overrides), kg or bundled_graph())


def id_of(client, label: str, type: str | None = None) -> str:
    """The id of the node with exactly this label (or alias)."""
    params = {"q": label, "limit": 50}
    if type:
        params["type"] = type
    response = client.get("/search", params=params)
    assert response.status_code == 200, response.text
    exact = [h for h in response.json() if h["match"] == "exact" and h["label"] == label]
    assert exact, f"no node labelled {label!r} ({type}) in the bundled graph: {response.json()[:3]}"
    return exact[0]["id"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def error_of(response) -> dict:
    """The error object, after checking the one error shape."""
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"status", "code", "message", "detail"}, error
    assert error["status"] == response.status_code
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    return error
