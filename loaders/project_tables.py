"""Tables of projects (序号 / 项目名称 / 计划任务 / 完成情况, tab per cell): one project per row.

The category comes from the caption (民生实事); the named facilities a completion cell reports on are
projects too (云谷幼儿园：已完工投用; 完成6个口袋公园（A、B…）).
"""

from __future__ import annotations

import re

from loaders.cues import Table, paragraph_evidence, row_cells, section_year, table_columns, years_in
from loaders.project_clauses import status_of
from loaders.project_names import FACILITY_END, Counted, Record, is_generic, status_lexicon, tokens

# ---------------------------------------------------------------------------------------------- tables

_PROJECT_ROLES = {
    "index": re.compile(r"序号|编号"),
    "name": re.compile(r"名称|项目|事项|内容"),
    "plannedTask": re.compile(r"计划|任务|目标|建设内容"),
    "completion": re.compile(r"完成|进展|进度|执行"),
}
_SUBITEM = re.compile(r"^(?:\d+[.．、])?\s*([^：:，。；]{3,24})[：:]")
_PAREN_LIST = re.compile(r"[（(]([^（）()]+、[^（）()]+)[）)]")
_AND = re.compile(r"[和及与]")


def table_projects(context, table: Table, counted: Counted) -> list[Record]:
    records: list[Record] = []
    columns = table_columns(table, _PROJECT_ROLES)
    if "name" not in columns or "index" not in columns:
        return records
    if not any(r in columns for r in ("plannedTask", "completion")):
        return records
    caption = table.caption_text
    category = _category(caption)
    year_list = years_in(caption)
    completed = "completion" in columns
    for r in range(len(table.rows)):
        cells = row_cells(table, r)
        values = {role: cell for role, cell in zip(columns, cells, strict=False) if role and cell is not None}
        name_cell = values.get("name")
        if name_cell is None:
            continue
        paragraph = name_cell.paragraphs[0]
        year = year_list[0] if year_list else section_year(context, paragraph=paragraph)
        evidence = paragraph_evidence(context, paragraph)
        planned = values.get("plannedTask")
        done = values.get("completion")
        status = "completed" if completed and done is not None else None
        attributes = {
            "status": status,
            "year": year,
            "category": category,
            "plannedTask": planned.text if planned else None,
            "completion": done.text if done else None,
        }
        records.append(Record(name_cell.text, year, evidence, attributes))
        # named facilities the completion cell reports on
        if done is not None:
            for line_paragraph in done.paragraphs:
                records.extend(_cell_subitems(context, line_paragraph, counted, status, year))
    return records


def _category(caption: str) -> str | None:
    text = re.sub(r"^(?:表|附表|专栏)\s*[\d一二三四五六七八九十]+[：:\s]*", "", caption)
    text = re.sub(r"\d{4}年(?:度)?", "", text)
    text = re.sub(r"(?:完成|执行|进展)?情况表?$|表$|清单$|一览$", "", text).strip()
    text = re.sub(r"^\d+件", "", text)
    return text or None


def _cell_subitems(context, paragraph, counted: Counted, status: str | None, year: int | None) -> list[Record]:
    """云谷幼儿园：已完工投用 (status from the words after the colon); 完成6个口袋公园（A、B…和F）."""
    text = paragraph.text
    names: list[tuple[str, int, str | None]] = []
    head = _SUBITEM.match(text)
    if head:
        after = text[head.end() :]
        own = status_of([], [t for t in tokens(word_run(after))], "", after)[0]
        names.append((head.group(1), head.start(1), own))
    for group in _PAREN_LIST.finditer(text):
        inner_start = group.start(1)
        position = inner_start
        for piece in re.split(r"、", group.group(1)):
            pieces = _AND.split(piece) if FACILITY_END.search(piece) else [piece]
            sub_at = position
            for sub in pieces:
                names.append((sub, sub_at, None))
                sub_at += len(sub) + 1
            position += len(piece) + 1
    records = []
    for name, at, own in names:
        name = name.strip()
        if is_generic(name, counted) or not FACILITY_END.search(name):
            continue
        evidence = paragraph_evidence(context, paragraph, at, at + len(name))
        records.append(Record(name, year, evidence, {"status": own or status, "year": year}))
    return records


def word_run(text: str) -> str:
    """The status words of a short report (已完工投用, 主体工程完工): lexicon words in order, joined."""
    lex = status_lexicon()
    found = sorted((text.find(w), w) for w in lex.codes if len(w) >= 2 and w in text)
    return "".join(w for _, w in found)

