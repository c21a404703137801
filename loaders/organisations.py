"""Organisations: every organisation a sentence names, under one canonical label.

Two sources, each a single pass over a sentence:

* the gazetteer (`loaders/data/gazetteer.yaml`): one regular expression built as a trie over every name
  and alias, so a sentence is scanned once, longest match first (永川高新区管委会 before 永川高新区 before
  永川). A district followed by a department of the district (永川区人民政府, 重庆市荣昌区发展和改革委员会)
  is read as that department (区政府, 区发展改革委); 重庆市 + 委 is 市委.
* generic patterns that work in any district: a suffix that names a kind of organisation (镇, 街道, 社区,
  村, 集团, 公司, 医院, 学院, 中心, 产业园, 区…局 …), and a start found the way Chinese names sit in a
  clause: after punctuation, a function character (与, 在, 的) or a verb that never belongs to a name
  (成立, 依托, 入驻). Word lists (`loaders/data/lexicon.yaml`) tell a name from a common noun (乡镇, 示范村,
  现代社区, 学前教育集团) and an organisation from a project (加快建设智能装备产业园 is a project).
  Two clause patterns find enterprises that carry no suffix: `X获…企业/认证` (奉民农科获SGS欧盟出口认证,
  红江机械成为…标杆企业) and lists ending in 等企业 / 引进…等项目 (腾讯、华为云能力中心等企业).

`extract_organisations(context)` adds one entity per organisation (evidence: each mention's span), the
PART_OF relations of towns, subdistricts, communities and villages, and puts an `OrganisationFinder` on
`context.organisations` with the interface later extractors use:

    finder.find(sentence)        -> list[OrgMention]        # label, type, begin, end (offsets in sentence.text)
    finder.resolve(name)         -> (label, type) | None     # 区发改委 -> ("区发展改革委", "Department")
    finder.entity_for(name, ev)  -> Entity | None            # adds (or merges into) the entity
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from loaders.gazetteer import Gazetteer, GazetteerEntry, gazetteer
from loaders.lexicon import Lexicon, lexicon
from loaders.model import Entity, Evidence, Extraction, LoaderError
from loaders.org_clauses import ClauseReader
from loaders.org_suffixes import (
    _COUNTY,
    _LAST_CHAR_NOT_AFTER,
    _NOT_AFTER,
    _PARENT_TYPES,
    _PLACE_TYPES,
    _SHORT_TYPES,
    Candidate,
    SuffixReader,
)
from loaders.pipeline import extractor
from loaders.text import Sentence

__all__ = ["Gazetteer", "Lexicon", "OrgMention", "OrganisationFinder", "extract_organisations", "gazetteer",
           "lexicon"]

# ---------------------------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class OrgMention:
    """One organisation named in a sentence: canonical label and type, span [begin, end) in sentence.text."""

    label: str
    type: str
    begin: int
    end: int
    surface: str = ""  # the words as written (an alias, or the label itself)
    parent: tuple[str, str] | None = None  # (label, type) of the area written just before it: 泸县|毗卢镇
    source: str = "gazetteer"  # gazetteer | suffix | list | predicate


# ---------------------------------------------------------------------------------------------- finder


class OrganisationFinder(SuffixReader, ClauseReader):
    """Finds organisations in sentences of one document and turns them into entities.

    Construct it through `extract_organisations` (or directly, for a text without a pipeline:
    `OrganisationFinder(extraction=None)`; then `entity_for` is unavailable).
    """

    def __init__(self, extraction: Extraction | None = None, home: str | None = None) -> None:
        self.extraction = extraction
        self.gazetteer = gazetteer()
        self.lexicon = lexicon()
        self.home = home  # label of the document's own district (enables local aliases)
        self._cache: dict[tuple[int, int, int], list[OrgMention]] = {}
        self._relabel: dict[tuple[str, str], str] = {}
        self._known: dict[str, tuple[str, str]] = {}  # every name found in this document → (label, type)

    # ------------------------------------------------------------------ public interface

    def find(self, sentence: Sentence) -> list[OrgMention]:
        """Organisations named in the sentence, in order; offsets index `sentence.text`."""
        key = (sentence.paragraph.index, sentence.begin, sentence.finish)
        mentions = self._cache.get(key)
        if mentions is None:
            mentions = self._cache[key] = self._relabelled(self.find_text(sentence.text))
            self._remember(mentions)
        return mentions

    def resolve(self, name: str) -> tuple[str, str] | None:
        """Canonical (label, type) of an organisation name (an issuer, a signature's organisation), or None
        when `name` is not an organisation as a whole (区发改委 → 区发展改革委; 重庆市永川区发展和改革委员会
        → 区发展改革委; 全区 → None)."""
        name = "".join(name.split()).strip("“”\"'《》「」")
        if not name:
            return None
        entry = self.gazetteer.lookup(name, self.home)
        if entry is not None:
            return entry.label, entry.type
        known = self._known.get(name)
        if known is not None:
            return known  # a name this document uses (红江机械, found by how its sentence reads)
        mentions = self.find_text(name)
        if len(mentions) == 1 and mentions[0].begin == 0 and mentions[0].end == len(name):
            mention = self._relabelled(mentions)[0]
            return mention.label, mention.type
        return None

    def entity_for(self, name: str, evidence: Evidence | None) -> Entity | None:
        """The entity of organisation `name` (added, or merged into, with this evidence); None if `name` is
        not an organisation."""
        resolved = self.resolve(name)
        if resolved is None:
            return None
        if self.extraction is None:
            raise LoaderError("this OrganisationFinder has no extraction to add entities to")
        label, type_ = resolved
        surface = "".join(name.split())
        return self._add(type_, label, surface, evidence)

    # ------------------------------------------------------------------ scanning

    def find_text(self, text: str) -> list[OrgMention]:
        """Organisations in a piece of text (one sentence or clause), non-overlapping, in order."""
        candidates = self._gazetteer_candidates(text)
        gazetteer_ends = {c.end: c for c in candidates if c.type in _PLACE_TYPES or c.type in _SHORT_TYPES}
        known_ends = {c.end: c.begin for c in candidates}
        candidates += self._suffix_candidates(text, gazetteer_ends, known_ends)
        candidates += self._list_candidates(text)
        candidates += self._predicate_candidates(text)
        chosen: list[Candidate] = []
        taken = bytearray(len(text))
        for cand in sorted(candidates, key=lambda c: (-(c.end - c.begin), c.rank, c.begin)):
            if any(taken[cand.begin : cand.end]):
                continue
            taken[cand.begin : cand.end] = b"\x01" * (cand.end - cand.begin)
            chosen.append(cand)
        chosen.sort(key=lambda c: c.begin)
        mentions = []
        previous: OrgMention | None = None
        for cand in chosen:
            parent = None
            if (previous is not None and previous.end == cand.begin
                    and previous.type in _PARENT_TYPES.get(cand.type, ())):
                parent = (previous.label, previous.type)
            mention = OrgMention(cand.label, cand.type, cand.begin, cand.end, cand.surface, parent, cand.source)
            mentions.append(mention)
            previous = mention
        return mentions

    def _gazetteer_candidates(self, text: str) -> list[Candidate]:
        gaz, lex = self.gazetteer, self.lexicon
        result = []
        for match in gaz.regex.finditer(text):
            begin, end = match.span()
            form = match.group()
            entry = gaz.lookup(form, self.home)
            if entry is None:
                continue
            if form[0] in "区市县" and begin > 0 and text[begin - 1] in lex.admin_word_before:
                continue  # 社区委员会, 城市政府 …: 区委/市政府 inside another word
            if text[end : end + 1] and text[end] in _LAST_CHAR_NOT_AFTER.get(form[-1], ""):
                continue  # 交通运输部门 is not 交通运输部
            if entry.type == "District" and form != entry.label and "至" in (text[begin - 1 : begin], text[end : end + 1]):
                continue  # 大足至永川高速公路: a short name at a route end names the road, not the district
            if entry.type == "District":
                department = self._district_department(text, end, entry)
                if department is not None:
                    rest_end, dept = department
                    result.append(Candidate(begin, rest_end, dept.label, dept.type, text[begin:rest_end], "gazetteer", 0))
                    continue
            result.append(Candidate(begin, end, entry.label, entry.type, form, "gazetteer", 0))
            if entry.type == "District":
                county = self._county_of_city(text, end, entry)
                if county is not None:
                    result.append(county)
        return result

    def _county_of_city(self, text: str, end: int, city: GazetteerEntry) -> Candidate | None:
        """遂宁市安居区: a district or county (two characters + 区/县) written right after a city the
        gazetteer lists (not 重庆市, whose districts it lists), and not a zone (高新区, 城区)."""
        if not city.label.endswith("市") or city.label == "重庆市":
            return None
        match = _COUNTY.match(text, end)
        if match is None:
            return None
        name = match.group()
        if name.endswith(self.gazetteer.not_county_endings) or self.gazetteer.lookup(name, self.home) is not None:
            return None
        if any(ch in self.lexicon.function_chars for ch in name[:2]):
            return None
        return Candidate(end, match.end(), name, "District", name, "suffix", 1)

    def _district_department(self, text: str, end: int, district: GazetteerEntry):
        gaz = self.gazetteer
        if district.label == "重庆市":
            regex, table = gaz.city_rest_regex, gaz.city_rest
        elif district.label.endswith("区") and district.part_of == "重庆市":
            regex, table = gaz.district_rest_regex, gaz.district_rest
        else:
            return None
        match = regex.match(text, end)
        if match is None:
            return None
        rest = match.group()
        after = text[match.end() : match.end() + 1]
        if len(rest) == 1 and after and after in _NOT_AFTER.get(rest, ""):
            return None
        return match.end(), table[rest]

    # ------------------------------------------------------------------ generic suffixes


    def scan(self, sentences: list[Sentence]) -> None:
        """Find the organisations of every sentence, then merge short and full names of the same one
        (静脉产业园 and 永川静脉产业园 in one document are one park)."""
        for sentence in sentences:
            key = (sentence.paragraph.index, sentence.begin, sentence.finish)
            self._cache[key] = self.find_text(sentence.text)
        generic = {(m.label, m.type) for ms in self._cache.values() for m in ms if m.source != "gazetteer"}
        by_type: dict[str, set[str]] = {}
        for label, type_ in generic:
            by_type.setdefault(type_, set()).add(label)
        for label, type_ in generic:
            if type_ not in ("Park", "Institution", "Enterprise"):
                continue
            for other in by_type.get(type_, ()):
                if other != label and other.endswith(label):
                    head = other[: -len(label)]
                    entry = self.gazetteer.names.get(head)
                    if entry is not None and entry.type == "District":
                        self._relabel[(label, type_)] = other
        if self._relabel:
            for key, mentions in self._cache.items():
                self._cache[key] = self._relabelled(mentions)
        for mentions in self._cache.values():
            self._remember(mentions)

    def _remember(self, mentions: list[OrgMention]) -> None:
        for m in mentions:
            self._known.setdefault(m.label, (m.label, m.type))
            if m.surface:
                self._known.setdefault("".join(m.surface.split()), (m.label, m.type))

    def _relabelled(self, mentions: list[OrgMention]) -> list[OrgMention]:
        if not self._relabel:
            return mentions
        out = []
        for m in mentions:
            label = self._relabel.get((m.label, m.type))
            out.append(m if label is None else OrgMention(label, m.type, m.begin, m.end, m.surface, m.parent, m.source))
        return out

    def _add(self, type_: str, label: str, surface: str, evidence: Evidence | None) -> Entity:
        entry = self.gazetteer.entries.get(label)
        state_owned = entry.state_owned if entry is not None and entry.type == type_ else None
        aliases = {surface} if surface and surface != label else set()
        return self.extraction.add_entity(type_, label, evidence, aliases=aliases, stateOwned=state_owned)


# ---------------------------------------------------------------------------------------------- extractor


def home_district(sentences: list[Sentence], reach: int = 3000) -> str | None:
    """The district a document is about: the district its opening (title, first paragraphs) names most."""
    gaz = gazetteer()
    counts: Counter[str] = Counter()
    seen = 0
    for sentence in sentences:
        for match in gaz.regex.finditer(sentence.text):
            entry = gaz.names.get(match.group())
            if entry is not None and entry.type == "District" and entry.label != "重庆市" and entry.label.endswith(("区", "县")):
                counts[entry.label] += 1
        seen += len(sentence.text)
        if seen > reach and counts:
            break
    return counts.most_common(1)[0][0] if counts else None


@extractor("organisations", provides=("organisations",))
def extract_organisations(context) -> None:
    """Add every organisation mentioned (one entity per canonical label, evidence per mention) and the
    PART_OF relations the text or the gazetteer gives; put the finder on `context.organisations`."""
    home = home_district(context.sentences)
    context.extraction.home_district = home
    finder = OrganisationFinder(context.extraction, home=home)
    context.organisations = finder
    finder.scan(context.sentences)
    document = context.source.id
    gaz = finder.gazetteer
    first_mention: dict[tuple[str, str], Evidence] = {}
    explicit_parent: dict[tuple[str, str], tuple[tuple[str, str], Evidence]] = {}
    entities: dict[tuple[str, str], Entity] = {}
    for sentence in context.sentences:
        mentions = finder.find(sentence)
        for k, mention in enumerate(mentions):
            evidence = sentence.evidence(document, mention.begin, mention.end)
            key = (mention.label, mention.type)
            entities[key] = finder._add(mention.type, mention.label, mention.surface, evidence)
            first_mention.setdefault(key, evidence)
            if mention.parent is not None and key not in explicit_parent:
                previous = mentions[k - 1]
                span = sentence.evidence(document, previous.begin, mention.end)
                explicit_parent[key] = (mention.parent, span)
    # PART_OF: what the text says (泸县毗卢镇, 金龙镇金龙场社区), else the gazetteer, else (towns and
    # subdistricts the gazetteer does not know) the document's own district.
    for key, evidence in first_mention.items():
        label, type_ = key
        if type_ not in _PARENT_TYPES:
            continue
        parent: tuple[str, str] | None = None
        if key in explicit_parent:
            parent, evidence = explicit_parent[key]
        else:
            entry = gaz.entries.get(label)
            if entry is not None and entry.type == type_ and entry.part_of:
                parent_entry = gaz.entries.get(entry.part_of)
                if parent_entry is not None:
                    parent = (parent_entry.label, parent_entry.type)
            elif type_ in ("Town", "Subdistrict") and home is not None:
                parent = (home, "District")
        if parent is None or parent not in entities:
            continue  # only areas the document itself mentions
        context.extraction.relate(entities[key], "PART_OF", entities[parent], evidence)
