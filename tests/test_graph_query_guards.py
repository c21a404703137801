"""The read-only guards shared by `ykg query` and /sparql: updates and SERVICE are found in the query
itself, not in its strings, IRIs, comments or variable names."""

from __future__ import annotations

import pytest

from graph.query import is_federated, is_update


@pytest.mark.parametrize(
    ("sparql", "federated"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }", True),
        ("SELECT ?service WHERE { ?s ?p ?service }", False),
        ('SELECT * WHERE { ?s ?p "SERVICE" }', False),
        ('SELECT * WHERE { ?s ?p """a\nSERVICE b""" }', False),
        ("SELECT * WHERE { ?s ?p '''a\nSERVICE b''' }", False),
        ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/>", False),
    ],
)
def test_service_is_found_only_as_a_keyword(sparql, federated):
    assert is_federated(sparql) is federated


@pytest.mark.parametrize(
    ("sparql", "update"),
    [
        ("PREFIX ykg: <https://w3id.org/yongchuan-kg/ontology#> # a comment\n INSERT DATA { }", True),
        ("DROP ALL", True),
        ('SELECT * WHERE { ?s ?p """INSERT DATA { }""" }', False),
        ("SELECT * WHERE { ?s ?p ?o }", False),
    ],
)
def test_updates_are_found_after_the_prologue(sparql, update):
    assert is_update(sparql) is update
