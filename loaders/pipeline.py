"""The order in which extractors see a document, and what they share.

Each extractor is a function `extract_…(context) -> None` that adds entities and relations to
`context.extraction`. They run in order because later ones use what earlier ones found (projects need
the clusters; policies need the organisations). Every extractor runs on every document: a rule that
finds nothing costs nothing, and a document of a genre we have not seen still gets what applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from loaders.model import Extraction, SourceDocument
from loaders.text import Segmented, Sentence, segment


@dataclass(slots=True)
class Context:
    source: SourceDocument
    segmented: Segmented
    extraction: Extraction
    sentences: list[Sentence] = field(default_factory=list)
    # Filled by the organisations extractor; later extractors resolve names through it.
    organisations: object | None = None
    # Free-form notes one extractor leaves for a later one (e.g. the speech each paragraph belongs to).
    notes: dict[str, object] = field(default_factory=dict)


Extractor = Callable[[Context], None]


def extractors() -> list[Extractor]:
    from loaders import (
        clusters,
        documents,
        indicators,
        organisations,
        policies,
        programmes,
        projects,
        speeches,
    )

    return [
        documents.extract_document,
        organisations.extract_organisations,
        speeches.extract_speeches,
        documents.extract_author,  # needs the organisations: AUTHORED_BY the author line's organisation
        clusters.extract_clusters,
        projects.extract_projects,
        policies.extract_policies,
        programmes.extract_programmes,
        indicators.extract_indicators,
    ]


def run(source: SourceDocument) -> Extraction:
    segmented = segment(source.text)
    context = Context(source, segmented, Extraction(source), segmented.sentences())
    for extractor in extractors():
        extractor(context)
    return context.extraction
