"""The extractors, what each needs and provides, and the order the pipeline runs them in.

An extractor is a function `f(context) -> None` that adds entities and relations to `context.extraction`
and may set fields of the `Context` for later extractors (the organisation finder, the speeches, the
clusters …). It is registered once, with the fields it reads and the fields it sets:

    @extractor("projects", needs=("clusters", "organisations", "document"))
    def extract_projects(context): ...

`after` names extractors that, when the genre selects them too, must run first (the officials extractor
leaves the signature lines of speeches to the speeches extractor, where a genre has speeches).

A document's genre (loaders/genres.py, data in loaders/data/genres.yaml) names the extractors that run on
it; `plan()` orders them so that every field is set before it is read (the genre's order breaks ties),
and refuses a selection in which an extractor needs what nothing before it provides. After each
extractor the pipeline checks that it set what it promised. This is spaCy's component-factory idea: an
extension is one module and one registration, not an edit of a hand-ordered list.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from loaders.genres import Genre, detect
from loaders.model import Extraction, LoaderError, SourceDocument
from loaders.text import Segmented, Sentence, segment


@dataclass(slots=True)
class Context:
    """What extractors share while reading one document. Fields after `genre` start unset (None) and are
    set by the extractor that declares them in `provides`."""

    source: SourceDocument
    segmented: Segmented
    extraction: Extraction
    sentences: list[Sentence]
    genre: Genre
    document: Any = None  # loaders.documents.DocumentFacts: title, years, year, title district, author line
    organisations: Any = None  # loaders.organisations.OrganisationFinder
    speeches: Any = None  # list[loaders.speeches.Speech]
    district: Any = None  # str | None: the district the document is about (title, else most named)
    clusters: Any = None  # loaders.clusters.ClusterFacts
    views: dict[str, Any] = field(default_factory=dict)  # derived views cached on demand (tables, …)


_UNSET_FIELDS = frozenset(f.name for f in dataclasses.fields(Context)[5:] if f.name != "views")
_MAY_BE_NONE = frozenset({"district"})  # a document may name no district at all


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    run: Callable[[Context], None]
    needs: frozenset[str]
    provides: frozenset[str]
    after: frozenset[str] = frozenset()


REGISTRY: dict[str, Step] = {}


def extractor(name: str, *, needs: Iterable[str] = (), provides: Iterable[str] = (), after: Iterable[str] = ()):
    """Register an extractor under `name`, reading the Context fields `needs` and setting `provides`, after
    the extractors `after` when they run too."""
    needs, provides, after = frozenset(needs), frozenset(provides), frozenset(after)
    unknown = (needs | provides) - _UNSET_FIELDS
    if unknown:
        raise LoaderError(f"extractor {name}: {sorted(unknown)} are not fields of loaders.pipeline.Context")

    def register(function: Callable[[Context], None]) -> Callable[[Context], None]:
        if name in REGISTRY and REGISTRY[name].run is not function:
            raise LoaderError(f"two extractors are registered as {name!r}")
        REGISTRY[name] = Step(name, function, needs, provides, after)
        return function

    return register


def _load_extractors() -> None:
    """Import the modules that register the project's extractors (each registers itself on import)."""
    from loaders import (  # noqa: F401
        clusters,
        documents,
        indicators,
        notices,
        officials,
        organisations,
        policies,
        programmes,
        projects,
        speeches,
    )


def plan(names: Iterable[str]) -> list[Step]:
    """The steps named, ordered so that each runs after the providers of what it needs."""
    _load_extractors()
    wanted = list(dict.fromkeys(names))
    missing = [n for n in wanted if n not in REGISTRY]
    if missing:
        raise LoaderError(f"no extractor registered as {', '.join(missing)} (see loaders/pipeline.py)")
    pending = [REGISTRY[n] for n in wanted]  # the genre's order breaks ties
    provided: set[str] = set()
    steps: list[Step] = []
    while pending:
        waiting = {s.name for s in pending}
        ready = next((s for s in pending if s.needs <= provided and not s.after & waiting), None)
        if ready is None:
            blocked = pending[0]
            raise LoaderError(
                f"extractor {blocked.name} needs {sorted(blocked.needs - provided)}, which no selected extractor provides"
            )
        pending.remove(ready)
        steps.append(ready)
        provided |= ready.provides
    return steps


def new_context(source: SourceDocument, genre=None) -> Context:
    """A fresh context for a document: segmented, its genre detected (unless given), nothing extracted."""
    segmented = segment(source.text)
    return Context(source, segmented, Extraction(source), segmented.sentences(), genre or detect(segmented))


def run(source: SourceDocument, genre=None) -> Extraction:
    """Extract a document: its genre's extractors, in order. `read` keeps the context."""
    return read(source, genre).extraction


def read(source: SourceDocument, genre=None) -> Context:
    """Run the genre's extractors on a new context and return the context (the extraction and what the
    extractors shared: the speeches, the clusters, the organisation finder …)."""
    context = new_context(source, genre)
    for step in plan(context.genre.extractors):
        step.run(context)
        unset = [name for name in step.provides - _MAY_BE_NONE if getattr(context, name) is None]
        if unset:
            raise LoaderError(f"extractor {step.name} did not set {', '.join(sorted(unset))}, which it provides")
    return context
