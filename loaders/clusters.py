"""The industry-cluster system: a quoted number code whose digits are the sizes of its tiers.

    着力构建现代制造业“2515”集群体系 …
    两大主导产业集群：                      ← tier (declaredSize 2, order 1)
    1.智能网联新能源汽车产业：…             ← cluster (order 1) of that tier
    …
    15个高成长性细分产业集群：…重点发展A、B、…、Z产业集群。   ← tier with its clusters enumerated

A tier is a line that opens with a number (两/五/15/三…), an optional 大/个 and a description ending in
集群, followed by a colon or the end of the line. Consecutive tiers of one section form a system; the system
is the quoted code that spells the tier sizes in order (“2515” = 2·5·15, “3+6” = 3·6), else the nearest
code quoted with 集群. A quoted code followed by …集群体系 is a cluster system even where the document
lists no tiers (a speech citing “2515”先进制造业集群体系).

Clusters are labelled by their core name plus 产业 (智能网联新能源汽车产业; 元宇宙产业集群 → 元宇宙产业),
so that 智能网联新能源汽车、先进材料两大主导产业 elsewhere resolves to the same clusters. Tier and cluster
ids are scoped by the district and the code. For projects and programmes it sets context.clusters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.cues import (
    NUMBER,
    QUOTED,
    code_matches_sizes,
    paragraph_evidence,
    parse_number,
    quoted_code,
    quoted_modifier,
)
from loaders.pipeline import extractor
from loaders.text import Paragraph

_ENUMERATOR = r"(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]\s*|[一二三四五六七八九十]是)?"
_TIER = re.compile(
    rf"^{_ENUMERATOR}(?:(?:做强|做优|做大|培育|发展|壮大|打造|构建|聚焦|提升)\s*)?"
    rf"(?P<label>(?P<n>{NUMBER})\s*(?:大|个|类)?(?P<desc>[\u4e00-\u9fff]{{0,16}}?集群))(?P<end>[：:]|。|$)"
)
_ITEM = re.compile(
    r"^(?:(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})[.．、]|[（(](?P<pnum>\d{1,2}|[一二三四五六七八九十]{1,3})[）)])"
    r"\s*(?P<name>[^：:，,。；;（(“]{2,24}?(?:[：:]|(?<=产业)[。，]|(?<=集群)[。，]))"
)
_SUFFIX = re.compile(r"(?:产业集群|集群|产业)$")
_LEAD_VERB = re.compile(r"^.*(?:发展|培育|打造|布局|包括|涵盖|聚焦|壮大|做强|做优|做大|即|为|是)")
_CLAUSE_SPLIT = re.compile(r"[，,。；;：:]")
_HEAD_NOUN = re.compile(r"^([\u4e00-\u9fff]{0,12}?体系)")


@dataclass(slots=True)
class _Tier:
    paragraph: Paragraph
    label: str
    size: int | None
    span: tuple[int, int]
    # (label as written, core name for matching, order, paragraph, span of the label)
    items: list[tuple[str, str, int, Paragraph, tuple[int, int]]] = field(default_factory=list)


@dataclass(slots=True)
class _CodeMention:
    code: str
    paragraph: Paragraph
    start: int  # of the opening quote
    end: int  # after the noun phrase
    noun: str  # what follows the quote, up to 体系 (may be "")
    text: str  # modifier + quote + noun as written


@extractor("clusters", needs=("district",), provides=("clusters",))
def extract_clusters(context) -> None:
    paragraphs = context.segmented.paragraphs
    mentions = _code_mentions(paragraphs)
    groups = _tier_groups(paragraphs)
    district = context.district
    extraction = context.extraction
    notes = {"systems": {}, "by_paragraph": {}, "clusters": {}, "tiers": [], "pattern": None}
    context.clusters = notes

    systems_done: dict[str, object] = {}
    for tiers in groups:
        sizes = [t.size for t in tiers]
        code_mention = _system_code(mentions, tiers, sizes)
        code = code_mention.code if code_mention else None
        system = _system_entity(context, code, [m for m in mentions if m.code == code], tiers, district)
        systems_done[code or system.label] = system
        scope = f"{district or ''}{code or system.label}"
        for order, tier in enumerate(tiers, start=1):
            tier_ev = paragraph_evidence(context, tier.paragraph, *tier.span)
            tier_entity = extraction.add_entity(
                "IndustryClusterTier", tier.label, tier_ev, scope=scope, declaredSize=tier.size, order=order
            )
            extraction.relate(tier_entity, "PART_OF", system, tier_ev)
            notes["tiers"].append(tier_entity)
            for label, core, item_order, paragraph, span in tier.items:
                ev = paragraph_evidence(context, paragraph, *span)
                cluster = extraction.add_entity("IndustryCluster", label, ev, scope=scope, order=item_order)
                extraction.relate(cluster, "PART_OF", tier_entity, ev)
                notes["clusters"].setdefault(core, cluster)
                if sum(1 for item in tier.items if item[3] is paragraph) == 1:  # a numbered item's own paragraph
                    notes["by_paragraph"][paragraph.index] = cluster

    # Quoted codes cited with 集群 but without tiers here (a speech citing the system) are cluster systems too.
    for mention in mentions:
        if mention.code in systems_done or "集群" not in mention.noun:
            continue
        same_code = [m for m in mentions if m.code == mention.code]
        systems_done[mention.code] = _system_entity(context, mention.code, same_code, [], district)
    for mention in mentions:  # every mention of a system's code is evidence for it
        system = systems_done.get(mention.code)
        if system is not None:
            evidence = paragraph_evidence(context, mention.paragraph, mention.start, mention.end)
            extraction.add_entity(system.type, system.label, evidence, scope=district)
    notes["systems"] = systems_done

    if notes["clusters"]:
        cores = sorted(notes["clusters"], key=len, reverse=True)
        notes["pattern"] = re.compile("|".join(re.escape(c) for c in cores))
        _cluster_mentions(context, notes)


# ---------------------------------------------------------------------------------------------- tiers


def _tier_groups(paragraphs: list[Paragraph]) -> list[list[_Tier]]:
    groups: list[list[_Tier]] = []
    current: list[_Tier] = []
    last_headings = None
    k = 0
    while k < len(paragraphs):
        paragraph = paragraphs[k]
        match = _TIER.match(paragraph.text)
        if not match:
            k += 1
            continue
        tier = _Tier(paragraph, match.group("label"), parse_number(match.group("n")), match.span("label"))
        if current and paragraph.headings != last_headings:
            groups.append(current)
            current = []
        current.append(tier)
        last_headings = paragraph.headings
        # the clusters: numbered items in the following paragraphs, else an enumeration after the colon
        j = k + 1
        while j < len(paragraphs):
            item = _ITEM.match(paragraphs[j].text)
            if not item or _TIER.match(paragraphs[j].text):
                break
            name = item.group("name").strip().rstrip("：:。，")
            core = _core(name)
            order = parse_number(item.group("num") or item.group("pnum"))
            if core:
                tier.items.append((name, core, order, paragraphs[j], (item.start("name"), item.start("name") + len(name))))
            j += 1
        if not tier.items and match.group("end") in "：:":
            tier.items = _enumeration(paragraph, match.end(), tier.size)
        if not tier.items and j < len(paragraphs) and not _TIER.match(paragraphs[j].text):
            tier.items = _enumeration(paragraphs[j], 0, tier.size)  # a tier heading, its clusters in the next paragraph
            if tier.items:
                j += 1
        k = j
    if current:
        groups.append(current)
    return groups


def _enumeration(
    paragraph: Paragraph, start: int, size: int | None = None
) -> list[tuple[str, str, int, Paragraph, tuple[int, int]]]:
    """The longest A、B、…、Z产业集群 enumeration after the tier's colon; the suffix of the last item is
    shared by all, so it is not part of the last label (…、元宇宙产业集群 → 元宇宙). An enumeration without
    the shared suffix (聚焦A、B、…、Z，…) counts when a lead verb opens it and it has exactly the tier's
    declared number of items."""
    text = paragraph.text
    best: list[tuple[str, int, int]] = []
    position = start
    for piece in _CLAUSE_SPLIT.split(text[start:]):
        piece_start = text.find(piece, position)
        position = piece_start + len(piece)
        if "、" not in piece:
            continue
        if not _SUFFIX.search(piece) and not (
            size and piece.count("、") + 1 == size and _LEAD_VERB.match(piece.split("、")[0])
        ):
            continue
        items, offset = [], piece_start
        for raw in piece.split("、"):
            items.append((raw, offset))
            offset += len(raw) + 1
        raw0, off0 = items[0]
        lead = _LEAD_VERB.match(raw0)
        if lead:
            items[0] = (raw0[lead.end():], off0 + lead.end())
        last, last_off = items[-1]
        items[-1] = (_SUFFIX.sub("", last), last_off)
        found = [(raw.strip(), _core(raw), off, off + len(raw.strip())) for raw, off in items]
        found = [f for f in found if f[1]]
        if len(found) > len(best):
            best = found
    return [(label, core, order, paragraph, (a, b)) for order, (label, core, a, b) in enumerate(best, start=1)]


def _core(name: str) -> str:
    name = name.strip()
    core = _SUFFIX.sub("", name)
    return core if len(core) >= 2 else ""


# ---------------------------------------------------------------------------------------------- systems


def _code_mentions(paragraphs: list[Paragraph]) -> list[_CodeMention]:
    mentions = []
    for paragraph in paragraphs:
        text = paragraph.text
        if "“" not in text:
            continue
        for match in QUOTED.finditer(text):
            code = quoted_code(match.group(1))
            if code is None or match.group(1) != code:
                continue
            noun_match = _HEAD_NOUN.match(text[match.end(): match.end() + 14])
            noun = noun_match.group(1) if noun_match else ""
            modifier = quoted_modifier(text, match.start())[1] if noun else ""
            mentions.append(_CodeMention(code, paragraph, match.start() - len(modifier), match.end() + len(noun), noun,
                                         modifier + text[match.start(): match.end()] + noun))
    return mentions


def _system_code(mentions: list[_CodeMention], tiers: list[_Tier], sizes: list[int | None]) -> _CodeMention | None:
    first = tiers[0].paragraph.index
    clean = [s for s in sizes if s is not None]
    matching = [m for m in mentions if len(clean) == len(sizes) and code_matches_sizes(m.code, clean)]
    if matching:
        before = [m for m in matching if m.paragraph.index <= first]
        return (before or matching)[-1] if before else matching[0]
    near = [m for m in mentions if "集群" in m.noun and m.paragraph.index <= first]
    return near[-1] if near else None


def _system_entity(context, code: str | None, mentions: list[_CodeMention], tiers: list[_Tier], district: str | None):
    named = [m for m in mentions if m.noun]
    if code is not None:
        # canonical, so that every document citing the district's system names the same node; the mentions
        # as written (现代制造业“2515”集群体系, “2515”先进制造业集群体系) are its aliases
        label = f"“{code}”集群体系"
    else:
        label = tiers[0].paragraph.headings[-1] if tiers and tiers[0].paragraph.headings else "产业集群体系"
    aliases = {m.text for m in named} - {label}
    if mentions:
        first = mentions[0]
        evidence = paragraph_evidence(context, first.paragraph, first.start, first.end)
    else:
        evidence = paragraph_evidence(context, tiers[0].paragraph, *tiers[0].span)
    return context.extraction.add_entity(
        "IndustryClusterSystem", label, evidence, scope=district, aliases=aliases, code=code
    )


# ---------------------------------------------------------------------------------------------- mentions

_MENTION_FOLLOW = re.compile(r"(?:产业(?!园)|集群|、|等|[两二三四五六七八九十\d]+\s*(?:大|个))")


def _cluster_mentions(context, notes: dict) -> None:
    """Cluster names cited elsewhere (智能网联新能源汽车、先进材料两大主导产业) become evidence of the clusters."""
    pattern = notes["pattern"]
    clusters = notes["clusters"]
    for sentence in context.sentences:
        text = sentence.text
        item = notes["by_paragraph"].get(sentence.paragraph.index)
        for match in pattern.finditer(text):
            if not _MENTION_FOLLOW.match(text, match.end()):
                continue
            if item is not None and sentence.begin + match.start() <= 4:
                continue  # the item's own name, already its evidence
            cluster = clusters[match.group()]
            context.extraction.cite(cluster, sentence.evidence(context.source.id, match.start(), match.end()))
