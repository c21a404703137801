"""Named projects: what a status verb is done to, with the year of the section and the cluster around it.

Each clause's candidates come from `project_clauses` (the objects of status verbs), tables from
`project_tables` (one project per row of a table of projects); `project_names` holds the status
vocabulary and decides which candidates are names and not kinds of things (its docstring says how).

Year: the nearest heading's year, else the sentence's, else the document's. A project reported in
several years (under construction in the 2023 review, to be completed in the 2024 plan) is one node:
its year and status are those of the latest report; every report stays as evidence.
"""

from __future__ import annotations

import re

from loaders.cues import find_organisations, read_tables, section_year, sentences_by_paragraph
from loaders.pipeline import extractor
from loaders.project_clauses import clause_candidates
from loaders.project_names import SAME_PROJECT, Candidate, Record, accept, counted_nouns
from loaders.project_tables import table_projects


@extractor("projects", needs=("clusters", "organisations", "document"))
def extract_projects(context) -> None:
    counted = counted_nouns(context.segmented.text)
    records: list[Record] = []
    table_paragraphs: set[int] = set()
    for table in read_tables(context):
        for row in table.rows:
            for cell in row:
                table_paragraphs.update(p.index for p in cell.paragraphs)
        records.extend(table_projects(context, table, counted))

    clusters = context.clusters["by_paragraph"]
    by_paragraph = sentences_by_paragraph(context)
    for sentence in context.sentences:
        paragraph = sentence.paragraph
        if paragraph.index in table_paragraphs or paragraph.indented or _is_heading(paragraph):
            continue
        text = sentence.text
        if _is_topic_sentence(sentence, by_paragraph):
            continue
        cluster = clusters.get(paragraph.index)
        year = None
        previous: Candidate | None = None
        for match in _CLAUSE.finditer(text):
            if match.end() < len(text) and text[match.end()] in "：:" and _is_run_in_heading(sentence, match):
                continue
            candidates, previous = clause_candidates(match.group(), match.start(), previous)
            for candidate in candidates:
                if not accept(candidate, counted, cluster is not None):
                    continue
                year = year or section_year(context, sentence)
                evidence = sentence.evidence(context.source.id, candidate.start, candidate.end)
                attributes = {"status": candidate.status, "statusText": candidate.status_text or None, "year": year}
                records.append(Record(candidate.name, year, evidence, attributes, cluster, sentence, candidate))
    _emit(context, records)


def _is_heading(paragraph) -> bool:
    """A heading or headline: set apart by layout and no sentence in it."""
    return paragraph.standalone and "。" not in paragraph.text


def _is_topic_sentence(sentence, by_paragraph) -> bool:
    """区域消费中心加快建设。 / 聚焦数字赋能，谋划优服智管平台。 opening a paragraph that then gives the
    details: a topic line, not a fact."""
    siblings = by_paragraph.get(sentence.paragraph.index, ())
    return sentence.index_in_paragraph == 0 and len(siblings) > 1 and len(sentence.text) <= 20


def _is_run_in_heading(sentence, match) -> bool:
    """西部职教基地建设：… — the words before a colon opening a paragraph name its topic."""
    return sentence.index_in_paragraph == 0 and match.start() == 0


_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")


def _emit(context, records: list[Record]) -> None:
    """Add the projects; X建设项目 / X项目 reported beside X (same year) is X."""
    extraction = context.extraction
    labels = {(r.label, r.year) for r in records}
    # Latest year first: add_entity keeps the first value of an attribute, and the latest report is the
    # project's current state.
    for record in sorted(records, key=lambda r: -(r.year or 0)):
        base = SAME_PROJECT.sub("", record.label)
        if base != record.label and (base, record.year) in labels:
            record.attributes = {"year": record.year}
            aliases = {record.label}
            label = base
        else:
            aliases = set()
            label = record.label
        project = extraction.add_entity(
            "Project", label, record.evidence, aliases=aliases,
            **record.attributes,
        )
        if record.cluster is not None:
            extraction.relate(project, "IN_CLUSTER", record.cluster, record.evidence)
        if record.candidate is not None:
            _locate(context, record.sentence, project, record.candidate)


# ---------------------------------------------------------------------------------------------- location

_PLACE_TYPES = frozenset({"Park", "Town", "Subdistrict", "Village", "Community"})


def _locate(context, sentence, project, candidate: Candidate) -> None:
    """LOCATED_IN a park or town whose name the project's name contains."""
    for mention in find_organisations(context, sentence):
        begin, end = mention.begin, mention.end
        if mention.type not in _PLACE_TYPES or not (candidate.start <= begin and end <= candidate.end):
            continue
        if end - begin >= candidate.end - candidate.start:
            continue  # the project is the park itself
        entity = context.organisations.entity_for(mention.label, sentence.evidence(context.source.id, begin, end))
        if entity is not None:
            context.extraction.relate(
                project, "LOCATED_IN", entity, sentence.evidence(context.source.id, candidate.start, candidate.end)
            )
