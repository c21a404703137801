"""The `ykg` command line, run in-process against a temporary store."""

from __future__ import annotations

import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

import loaders
from api import cli
from api.cli import app
from tests.graph_samples import SAMPLE_TEXT, sample_extraction

runner = CliRunner()


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh store directory, picked up through $YKG_STORE like a user would; tables wide enough to read."""
    monkeypatch.setenv("YKG_STORE", str(tmp_path / "store"))
    monkeypatch.setattr(cli, "out", Console(width=200, highlight=False))
    monkeypatch.setattr(cli, "err", Console(width=200, stderr=True, highlight=False))
    return tmp_path / "store"


@pytest.fixture
def sample_file(tmp_path, monkeypatch):
    """A sample document on disk, extracted by the hand-built sample (independent of the extractors)."""
    monkeypatch.setattr(loaders, "extract", sample_extraction)
    path = tmp_path / "sample-report.txt"
    path.write_text(SAMPLE_TEXT, encoding="utf-8")
    return path


def ykg(*args: str, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def test_ingest_then_reingest(store, sample_file):
    first = ykg("ingest", sample_file)
    assert first.exit_code == 0, first.output
    assert "document-sample-report" in first.output and "updated" in first.output
    again = ykg("ingest", sample_file)
    assert again.exit_code == 0 and "unchanged" in again.output


def test_build_ingests_the_bundled_corpus(store, sample_file, monkeypatch):
    monkeypatch.setattr(loaders, "bundled_corpus", lambda: [sample_file])
    result = ykg("build", "--store", store)
    assert result.exit_code == 0, result.output
    assert "document-sample-report" in result.output


def test_documents_stats_and_remove(store, sample_file):
    ykg("ingest", sample_file)
    documents = ykg("documents")
    assert documents.exit_code == 0 and "sample-report.txt" in documents.output
    stats = ykg("stats")
    assert stats.exit_code == 0 and "1 documents" in stats.output and "HOLDS_POST" in stats.output
    removed = ykg("remove", "document-sample-report")
    assert removed.exit_code == 0 and "removed document-sample-report" in removed.output
    assert "sample-report.txt" not in ykg("documents").output


def test_query_formats(store, sample_file):
    ykg("ingest", sample_file)
    sparql = "SELECT ?name WHERE { ?p a ykg:Person ; rdfs:label ?name }"
    table = ykg("query", sparql)
    assert table.exit_code == 0 and "甘宇" in table.output and "1 rows" in table.output
    as_json = json.loads(ykg("query", sparql, "--format", "json").output)
    assert as_json["results"]["bindings"][0]["name"]["value"] == "甘宇"
    assert ykg("query", sparql, "-f", "csv").output.splitlines() == ["name", "甘宇"]
    assert "true" in ykg("query", "ASK { ?s ykg:HOLDS_POST ?o }").output
    assert "甘宇" in ykg("query", "-", input=sparql).output


def test_validate(store, sample_file):
    ykg("ingest", sample_file)
    result = ykg("validate")
    assert result.exit_code == 0 and "conforms" in result.output


@pytest.mark.parametrize("format", ["json", "ttl", "trig", "jsonld", "graphml"])
def test_export(store, sample_file, tmp_path, format):
    ykg("ingest", sample_file)
    target = tmp_path / f"graph.{format}"
    result = ykg("export", "--format", format, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000
    assert ykg("export", "--format", format).stdout_bytes == target.read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ingest", "missing.txt"), "missing.txt: no such file"),
        (("query", "SELECT WHERE"), "SPARQL syntax error"),
        (("query", "DELETE WHERE { ?s ?p ?o }"), "updates are refused"),
        (("remove", "document-nope"), "no document 'document-nope'"),
    ],
)
def test_user_errors_are_one_line_without_traceback(store, args, message):
    result = ykg(*args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_undecodable_file(store, tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(b"\xff\xfe\xfd\xfc" * 200)
    result = ykg("ingest", path)
    assert result.exit_code == 1 and "garbage.txt" in result.output and "Traceback" not in result.output


def test_a_locked_store_is_a_clear_error(store, sample_file):
    from graph.store import KnowledgeGraph

    with KnowledgeGraph(store):
        result = ykg("stats")
    assert result.exit_code == 1 and "cannot open the store" in result.output


def test_invalid_choice_is_a_usage_error(store):
    result = ykg("export", "--format", "xlsx")
    assert result.exit_code == 2
