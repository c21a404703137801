"""Indicators: statistical observations from tables of indicators and from sentences stating targets.

Tables (tab per cell): the header's words give each column its role: 序号, 主要指标/名称 (name, the unit in
brackets: 地区生产总值（亿元）), 单位, 预期目标 (target), 总量 (value), 增速（%） (growth); a spanning header
(完成情况 over 总量 and 增速) is dropped. A row without 序号 (其中：税收收入) is a sub-row. — means no value.

    target 7%以上 → targetGrowth 7, met when growth ≥ 7; 7%以内 → met when growth ≤ 7;
    快于经济增长 / 与经济增长同步 → compared with the growth of the table's 生产总值 row.

Sentences: …主要目标是：地区生产总值增长7.5%左右，规上工业增加值增长9.5%，其中工业投资增长9%… give one
indicator per clause with its target (7.5%左右) and targetGrowth (7.5); the year is the sentence's or the
section's. Any other sentence may state indicators in prose (全年地区生产总值增长8.1%, 分别增长7.2%、9.4%;
loaders/indicator_prose.py), for the area it speaks of: a town's speech or work summary gives the town's.
Labels are the indicator names; ids are scoped by the area, the year and the period. MEASURES → the area.
"""

from __future__ import annotations

import dataclasses
import re

from loaders.cues import (
    organisation_entity,
    paragraph_evidence,
    parse_decimal,
    read_tables,
    row_cells,
    section_year,
    speech_org_by_paragraph,
    table_columns,
    years_in,
)
from loaders.gazetteer import gazetteer
from loaders.indicator_prose import read_indicators
from loaders.pipeline import extractor

_AREAS = ("Town", "Subdistrict", "District", "City")
_LEADING_PERIOD = re.compile(r"^(?:全年|上半年|前三季度|一季度|全区|全县|全镇|全街道)+")
_MIN_REST = 4
_SHARED_TAIL = 4  # characters two names of one statistic share at their end (…可支配收入)

_ROLES = {
    "index": re.compile(r"序号|编号"),
    "unit": re.compile(r"^单位$|计量单位"),
    "growth": re.compile(r"增速|增长|增幅|%|％"),
    "value": re.compile(r"总量|绝对值|数值|完成值|实绩|金额|规模|完成数|实际值"),
    "target": re.compile(r"目标|预期|计划"),
    "name": re.compile(r"指标|名称|项目"),
    "group": re.compile(r"完成|执行|实际"),
}
_NAME_UNIT = re.compile(r"^(?:其中[：:]\s*)?(.+?)\s*(?:[（(]([^（）()]{1,8})[）)])?$")
_DASH = re.compile(r"^[—－\-–/／]+$|^$")
_PERCENT = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*[%％]")
_AT_MOST = re.compile(r"以内|以下|不超过|不高于|控制在")
_ECONOMY = re.compile(r"经济增长|经济发展|GDP")
_FASTER = re.compile(r"快于|高于|超过")
_GDP = re.compile(r"生产总值|GDP")
_TARGET_INTRO = re.compile(r"(?:主要|预期|发展)?目标(?:是|为)?[：:]")
_TARGET_CLAUSE = re.compile(
    r"^(?:其中[：:]?)?(?P<name>[\u4e00-\u9fffA-Za-z（）()]{2,24}?)(?P<verb>增长|下降|增速|增幅|达到|控制在|提高|降低|减少)(?P<target>.+)$"
)
_CLAUSE = re.compile(r"[^，,；;。]+")


# after speeches: a speech's figures are for its speaker's town (speech_org_by_paragraph)
@extractor("indicators", needs=("district", "document", "organisations"), after=("speeches",))
def extract_indicators(context) -> None:
    district = context.district
    for table in read_tables(context):
        _table_indicators(context, table, district)
    _target_sentences(context, district)
    _prose_sentences(context, district)


def _add_indicator(context, name: str, evidence, year: int | None, area: str | None, **attributes):
    """One observation of an indicator: its id is scoped by the area, the year and the period (永川区's 2023
    地区生产总值 is one node, whichever document states it), and it MEASURES the area."""
    period = attributes.get("period")
    place = gazetteer().short(area) if area else None
    scope = "".join(str(part) for part in (place, year, period) if part) or None
    indicator = context.extraction.add_entity("Indicator", name, evidence, scope=scope, year=year, **attributes)
    _measures(context, indicator, area, evidence)
    index = context.views.setdefault("indicators", {})  # (year, period) → [(indicator, area)], read in order
    entry = (indicator, area)
    if entry not in index.setdefault((year, period), []):
        index[(year, period)].append(entry)
    return indicator


def _measures(context, indicator, district: str | None, evidence) -> None:
    if not district:
        return
    entity = organisation_entity(context, district, evidence, fallback_type="District")
    if entity is not None:
        context.extraction.relate(indicator, "MEASURES", entity, evidence)


# ---------------------------------------------------------------------------------------------- tables


def _table_indicators(context, table, district: str | None) -> None:
    columns = table_columns(table, _ROLES)
    if "name" not in columns or not any(r in columns for r in ("growth", "value", "target")):
        return
    if any("项目" in c.text for c in table.header) and "指标" not in table.caption_text:
        return  # a table of projects, not of indicators
    header_years = [years_in(c.text) for c in table.header]
    caption_years = years_in(table.caption_text)
    rows = []
    for r in range(len(table.rows)):
        cells = row_cells(table, r)
        values = {role: cell for role, cell in zip(columns, cells, strict=False) if role and cell is not None}
        if "name" not in values:
            continue
        rows.append(values)
    gdp_growth = None
    for values in rows:
        if _GDP.search(values["name"].text) and "growth" in values:
            gdp_growth = parse_decimal(values["growth"].text)
            break
    for values in rows:
        name_cell = values["name"]
        match = _NAME_UNIT.match(name_cell.text.strip())
        name, unit = (match.group(1), match.group(2)) if match else (name_cell.text, None)
        if "unit" in values and not _DASH.match(values["unit"].text.strip()):
            unit = values["unit"].text.strip()
        paragraph = name_cell.paragraphs[0]
        year = caption_years[0] if caption_years else section_year(context, paragraph=paragraph)
        if not year:
            year = next((y[0] for y in header_years if y), None)
        value = _number(values.get("value"))
        growth = _number(values.get("growth"))
        if growth is None and "group" in values:  # one 完成情况 column: 1281.4亿元，增长8.1%
            growth = _percent(values["group"].text)
            value = value if value is not None else _number(values["group"], skip_percent=True)
        target_text = _text(values.get("target"))
        target_growth = _percent(target_text) if target_text else None
        if target_growth is None and target_text and re.fullmatch(r"[-+]?\d+(?:\.\d+)?", target_text):
            target_growth = float(target_text)
        met = _met(growth, target_text, target_growth, gdp_growth)
        if met is None and growth is None and value is not None and unit in ("%", "％") and target_growth is not None:
            met = _met(value, target_text, target_growth, None)  # a rate: 城镇调查失业率 5.1 against 5.5%以内
        evidence = paragraph_evidence(context, paragraph)
        indicator = _add_indicator(
            context, name, evidence, year, district,
            value=value, unit=unit, growth=growth, target=target_text, targetGrowth=target_growth, targetMet=met,
        )
        for cell in values.values():
            for p in cell.paragraphs[:1]:
                context.extraction.cite(indicator, paragraph_evidence(context, p))


def _text(cell) -> str | None:
    if cell is None:
        return None
    text = cell.text.strip()
    return None if _DASH.match(text) else text


def _number(cell, skip_percent: bool = False) -> float | None:
    text = _text(cell)
    if text is None:
        return None
    if skip_percent:
        text = _PERCENT.sub("", text)
    value = parse_decimal(text)
    if value is not None and value == int(value) and "." not in text.split("%")[0]:
        return int(value)
    return value


def _percent(text: str | None) -> float | None:
    if not text:
        return None
    match = _PERCENT.search(text)
    return float(match.group(1)) if match else None


def _met(growth, target_text, target_growth, gdp_growth) -> bool | None:
    if growth is None or not target_text:
        return None
    if target_growth is not None:
        return growth <= target_growth if _AT_MOST.search(target_text) else growth >= target_growth
    if _ECONOMY.search(target_text) and gdp_growth is not None:
        if _FASTER.search(target_text):
            return growth > gdp_growth
        if "同步" in target_text:
            return growth >= gdp_growth - 0.5
        if "不低于" in target_text:
            return growth >= gdp_growth
    return None


# ---------------------------------------------------------------------------------------------- sentences


def _target_sentences(context, district: str | None) -> None:
    document = context.source.id
    for sentence in context.sentences:
        text = sentence.text
        intro = _TARGET_INTRO.search(text)
        if not intro:
            continue
        year_list = years_in(text[: intro.start()])
        year = year_list[0] if year_list else section_year(context, sentence)
        for clause in _CLAUSE.finditer(text, intro.end()):
            words = clause.group().strip()
            match = _TARGET_CLAUSE.match(words)
            if not match:
                continue
            name = match.group("name")
            target = match.group("target").strip()
            if match.group("verb") in ("下降", "降低", "减少"):
                target = match.group("verb") + target
            target_growth = _percent(target) if match.group("verb") in ("增长", "增速", "增幅") else None
            offset = clause.start() + (len(clause.group()) - len(clause.group().lstrip()))
            evidence = sentence.evidence(document, offset + match.start("name"), offset + len(words))
            _add_indicator(context, name, evidence, year, district, target=target, targetGrowth=target_growth)


def _prose_sentences(context, district: str | None) -> None:
    """全年地区生产总值增长8.1%，规上工业增加值…: indicators stated in prose (loaders/indicator_prose.py),
    each for the area the sentence speaks of, in its year and period; a figure the table or an earlier
    sentence already gave is cited there, and fills what it lacked."""
    document = context.source.id
    extraction = context.extraction
    tables = {p.index for table in read_tables(context) for row in table.rows for cell in row for p in cell.paragraphs}
    for sentence in context.sentences:
        if sentence.paragraph.index in tables or _TARGET_INTRO.search(sentence.text):
            continue
        stated = read_indicators(sentence.text)
        if not stated:
            continue
        year = section_year(context, sentence)
        sentence_area = _area_of(context, sentence) or district
        for item in stated:
            evidence = sentence.evidence(document, item.begin, item.end)
            area, name = _area_named(context, item.name, sentence_area)
            if name != item.name:
                item = dataclasses.replace(item, name=name)
            same = [e for e, measured in context.views.get("indicators", {}).get((year, item.period), ())
                    if measured in (area, None)]
            existing = _same_indicator(same, item.name, item.growth, item.value)
            if existing is not None:
                if item.name != existing.label:
                    existing.aliases.add(item.name)
                for key, value in (("value", item.value), ("unit", item.unit), ("growth", item.growth),
                                   ("targetMet", item.met)):
                    if value is not None:
                        existing.attributes.setdefault(key, value)
                extraction.cite(existing, evidence)
                continue
            _add_indicator(context, item.name, evidence, year, area, value=item.value, unit=item.unit,
                           growth=item.growth, period=item.period, targetMet=item.met)


def _area_named(context, name: str, area: str | None) -> tuple[str | None, str]:
    """西区街道全年地区生产总值: an area written at the head of the name is the area measured."""
    mentions = [m for m in context.organisations.find_text(name) if m.source != "prefix"]
    if mentions and mentions[0].begin == 0 and mentions[0].type in _AREAS:
        rest = _LEADING_PERIOD.sub("", name[mentions[0].end :])
        if len(rest) >= _MIN_REST:
            return mentions[0].label, rest
    return area, name


def _area_of(context, sentence) -> str | None:
    """The area a sentence's figures are for: the town or district whose speech it is in, else the area
    the document is about (a town's work summary: the town its title names), else None (the district)."""
    org = speech_org_by_paragraph(context).get(sentence.paragraph.index)
    if org is not None:
        areas = context.views.get("area_labels")
        if areas is None:
            areas = context.views["area_labels"] = {e.label for e in context.extraction.entities.values()
                                                    if e.type in _AREAS}
        if org in areas:
            return org
    subject = context.views.get("subject_area")
    if subject is None:
        subject = context.views["subject_area"] = _subject_area(context) or ""
    return subject or None


def _subject_area(context) -> str | None:
    """The town a document is about, if it is about one: the town its title names (洲泉镇2024年工作总结),
    else, for a work summary without a title, the town its first sentences name (中都街道深入贯彻…)."""
    finder = context.organisations
    found = [m for m in finder.find_text(context.document.title) if m.type in ("Town", "Subdistrict")]
    if not found and context.genre.name == "dept-work":
        for sentence in context.sentences[:3]:
            found = [m for m in finder.find(sentence) if m.type in ("Town", "Subdistrict")]
            if found:
                break
    return found[0].label if found else None


def _same_indicator(candidates, name: str, growth: float | None, value: float | None = None):
    """The indicator already read (from the table) that a summary clause reports: same name, or one name
    inside the other (全体居民… / 全体常住居民…) with the same growth, or the same figures under another
    qualifier (城乡居民… of the table, 全体居民… of the prose: the same 32508元 and 6.5%)."""
    for entity in candidates:
        if entity.label == name:
            return entity
    for entity in candidates:
        if (growth is not None and value is not None and entity.attributes.get("growth") == growth
                and entity.attributes.get("value") == value and entity.label[-_SHARED_TAIL:] == name[-_SHARED_TAIL:]):
            return entity
    for entity in candidates:
        if growth is not None and entity.attributes.get("growth") == growth and (
            _subsequence(name, entity.label) or _subsequence(entity.label, name)
        ):
            return entity
    return None


def _subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return len(short) >= 4 and all(ch in chars for ch in short)
