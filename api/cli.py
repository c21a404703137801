"""The `ykg` command line: build, inspect, query and export the knowledge graph.

Every command works on the store given by --store (or $YKG_STORE, else ./.ykg/store). User errors (a file
that cannot be read, bad SPARQL, an unknown document, a locked store) print one line and exit with status 1.
Other modules add their commands (serve, viz) to `app`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from graph.export import FORMATS
from graph.query import QueryError
from graph.rdf import MappingError
from graph.store import DocumentNotFound, IngestReport, KnowledgeGraph, StoreError
from loaders.model import LoaderError

app = typer.Typer(help="A cited knowledge graph of district-government documents.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", envvar="YKG_STORE", help="Store directory [default: ./.ykg/store]", show_default=False),
]
USER_ERRORS = (LoaderError, StoreError, QueryError, DocumentNotFound, MappingError, OSError)


@contextmanager
def graph(store: Path | None) -> Iterator[KnowledgeGraph]:
    """Open the store for one command; user errors become a one-line message and exit status 1."""
    try:
        with KnowledgeGraph(store) as kg:
            yield kg
    except USER_ERRORS as error:
        fail(str(error))


def table(*headers: str) -> Table:
    """A table that folds long cells instead of cutting them (output piped to a file is 80 columns wide)."""
    return Table(*(Column(h, overflow="fold") for h in headers))


def fail(message: str) -> None:
    err.print(f"[bold red]error:[/] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(1)


# ---------------------------------------------------------------------------------------------- building


@app.command()
def build(store: StoreOption = None) -> None:
    """Ingest the bundled corpus (re-running it changes nothing unless the documents or extractors did)."""
    from loaders import bundled_corpus

    with graph(store) as kg:
        print_reports(ingest_with_progress(kg, bundled_corpus()))


@app.command()
def ingest(files: Annotated[list[Path], typer.Argument(help="Text files (UTF-8 or GB18030)")], store: StoreOption = None) -> None:
    """Add or update documents. Every file is read and extracted before anything is written."""
    with graph(store) as kg:
        print_reports(ingest_with_progress(kg, files))


@app.command()
def remove(document_id: Annotated[str, typer.Argument(help="A document id, see `ykg documents`")],
           store: StoreOption = None) -> None:
    """Remove a document and every fact it stated."""
    with graph(store) as kg:
        removed = kg.remove_document(document_id)
        out.print(f"removed {document_id} ({removed} quads)")


def ingest_with_progress(kg: KnowledgeGraph, paths: list[Path]) -> list[IngestReport]:
    columns = (TextColumn("{task.description:<48}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task("extracting", total=len(paths) + 1)

        def step(stage: str, what: str) -> None:
            progress.update(task, advance=1, description=f"{stage} {Path(what).name}")

        return kg.ingest_paths(paths, progress=step)


def print_reports(reports: list[IngestReport]) -> None:
    summary = table("document", "added", "removed", "quads", "")
    for report in reports:
        summary.add_row(report.document_id, str(report.added), str(report.removed), str(report.quads),
                        "unchanged" if report.unchanged else "updated")
    out.print(summary)


# ---------------------------------------------------------------------------------------------- reading


@app.command()
def documents(store: StoreOption = None) -> None:
    """List the documents in the graph."""
    with graph(store) as kg:
        listing = table("id", "title", "file", "encoding", "characters", "quads")
        for doc in kg.documents():
            listing.add_row(doc.id, doc.label, doc.name, doc.encoding, str(doc.char_count), str(doc.quads))
        out.print(listing)


@app.command()
def stats(store: StoreOption = None) -> None:
    """Count nodes per type and relations per type."""
    with graph(store) as kg:
        s = kg.stats()
    out.print(f"{s.documents} documents, {s.triples} distinct triples ({s.quads} quads), {s.evidence} evidence nodes")
    for title, counts in (("node type", s.nodes), ("relation type", s.relations)):
        counted = table(title, "count")
        for name, count in counts.items():
            counted.add_row(name, str(count))
        out.print(counted)


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE; '-' reads stdin")],
    format: Annotated[QueryFormat, typer.Option("--format", "-f")] = QueryFormat.table,
    store: StoreOption = None,
) -> None:
    """Run a read-only SPARQL query over all documents (ykg:, ykgid:, rdfs:, … are predeclared)."""
    text = sys.stdin.read() if sparql == "-" else sparql
    with graph(store) as kg:
        result = kg.query(text)
        if format is QueryFormat.table:
            header, rows = result.table()
            grid = table(*header)
            for row in rows:
                grid.add_row(*row)
            out.print(grid)
            if result.kind != "ask":
                out.print(f"{len(rows)} rows")
        else:
            chosen = "ttl" if result.kind == "graph" and format is QueryFormat.csv else format.value
            typer.echo(result.serialize(chosen), nl=False)


@app.command()
def validate(store: StoreOption = None) -> None:
    """Check the graph against the SHACL shapes; exit status 1 if it does not conform."""
    from graph.validate import validate as shacl

    with graph(store) as kg:
        report = shacl(kg)
    if report.conforms:
        out.print("[green]conforms[/] to ontology/shapes.ttl")
        return
    for violation in report.results:
        out.print(f"[red]{violation.severity}[/] {violation}", soft_wrap=True)
    fail(f"{len(report.results)} SHACL violations")


ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.json,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write [default: stdout]")] = None,
    with_ontology: Annotated[bool, typer.Option("--with-ontology", help="Also write the ontology graph (RDF formats)")] = False,
    store: StoreOption = None,
) -> None:
    """Write the whole graph as node-link JSON, Turtle, TriG, JSON-LD or GraphML."""
    from graph.export import export as serialise

    with graph(store) as kg:
        data = serialise(kg, format.value, include_ontology=with_ontology)
        if output is None:
            typer.echo(data, nl=False)
        else:
            output.write_bytes(data)
            err.print(f"wrote {output} ({len(data):,} bytes)")


# ---------------------------------------------------------------------------------------------- viz
# Added by the viz/ owner: `ykg viz` lives in viz/cli.py (standalone offline graph pictures).
from viz.cli import viz as _viz_command  # noqa: E402

app.command(name="viz")(_viz_command)

# ---------------------------------------------------------------------------------------------- serve
# Added by the api/ owner: `ykg serve` lives in api/serve.py (uvicorn on the embedded store).
from api.serve import serve as _serve_command  # noqa: E402

app.command(name="serve")(_serve_command)


if __name__ == "__main__":
    app()
