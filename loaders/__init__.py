"""Loaders: documents in, facts with evidence out.

    source = read_document("report.txt")      # decode (UTF-8/BOM/GB18030), clear errors
    extraction = extract(source)               # entities and relations, each with its evidence

Nothing here knows about RDF or stores; graph/ turns an Extraction into triples.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from loaders.model import (
    Entity,
    Evidence,
    Extraction,
    LoaderError,
    Relation,
    SourceDocument,
    make_id,
    slugify,
)
from loaders.text import decode

__all__ = [
    "Entity",
    "Evidence",
    "Extraction",
    "LoaderError",
    "Relation",
    "SourceDocument",
    "bundled_corpus",
    "extract",
    "read_document",
]


def read_document(source: str | Path | bytes, name: str | None = None) -> SourceDocument:
    """Read and decode one document. `name` (required for bytes) becomes its id: same name, same document."""
    if isinstance(source, bytes):
        if not name:
            raise LoaderError("a document given as bytes needs a name")
        data = source
    else:
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise LoaderError(f"{path}: no such file") from None
        except IsADirectoryError:
            raise LoaderError(f"{path}: is a directory, not a document") from None
        except OSError as error:
            raise LoaderError(f"{path}: cannot read ({error.strerror})") from None
    text, encoding = decode(data, name)
    stem = Path(name).stem or name
    return SourceDocument(
        id=make_id("Document", stem),
        name=name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def extract(source: SourceDocument) -> Extraction:
    """Run every extractor over the document (see loaders/pipeline.py)."""
    from loaders.pipeline import run

    return run(source)


def bundled_corpus() -> list[Path]:
    """The documents shipped with the project: the default corpus of `ykg build`."""
    folder = resources.files(__name__).joinpath("corpus")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def document_id_for(name: str) -> str:
    return make_id("Document", Path(name).stem or slugify(name))
