"""Shared fixtures: the bundled documents extracted once, and a graph built from them once."""

from __future__ import annotations

import pytest

import loaders
from tests.scoring import REPORTED


@pytest.fixture(scope="session")
def bundled_sources():
    return {p.name: loaders.read_document(p) for p in loaders.bundled_corpus()}


@pytest.fixture(scope="session")
def bundled_extractions(bundled_sources):
    return {name: loaders.extract(source) for name, source in bundled_sources.items()}


def pytest_terminal_summary(terminalreporter):
    if REPORTED:
        terminalreporter.section("extraction scores (precision / recall against tests/gold)")
        for table in REPORTED:
            terminalreporter.write_line(table)
