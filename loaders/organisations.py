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
    finder.add(mention, ev)      -> Entity                   # the same, for a mention already found
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.divisions import Division, divisions
from loaders.gazetteer import Gazetteer, GazetteerEntry, gazetteer, level_char
from loaders.lexicon import Lexicon, lexicon
from loaders.model import AREA_TYPES, Entity, Evidence, Extraction, LoaderError
from loaders.org_clauses import ClauseReader
from loaders.org_suffixes import (
    _NOT_AFTER,
    _PLACE_TYPES,
    _SHORT_TYPES,
    _SUFFIX_REGEX,
    Candidate,
    SuffixReader,
    _is_han,
)
from loaders.pipeline import extractor
from loaders.text import Sentence
from loaders.vocabulary import WordMatcher, is_word

__all__ = ["Gazetteer", "Lexicon", "OrgMention", "OrganisationFinder", "extract_organisations", "gazetteer",
           "lexicon"]

# A town's or subdistrict's own bodies, written after its name (白鹤镇党委) or alone in a page about it.
_TOWN_BODY = re.compile(r"党委|党工委|人民政府|政府|人大主席团|人大工委|人大|纪委|办事处")
_TOWN_BODIES = {"人民政府": "政府"}
_BARE_TOWN_BODIES = frozenset({"镇党委", "镇政府", "镇人大", "镇纪委", "乡党委", "乡政府", "街道党工委", "街道办事处",
                               "街道人大工委"})
_CITY_OVER_COUNTY = 2  # a city's own report names the city more than this many times as often as a county
_SHORT_FORM = 3  # a division written in at most this many characters other than its label is a short name
_INSIDE_A_NAME = ("街道", "镇", "乡", "村", "社区", "路", "大道", "街", "小区")
_MIN_SHORT_MENTIONS = 2  # a county named only by its short name (梁平) must be named so more than once
_SHORT_SENTENCES = 60  # the opening sentences a county's short name is counted in
_MAX_BODY = 14  # characters of a body named by its own words after a division (农业农村和乡村振兴工作部)
_BODY_SUFFIX = re.compile(r"委员会|办公室|工作部|局|委|办|厅|部")
# The last character of a known name, then a character that makes it part of another word.
_LAST_CHAR_NOT_AFTER = {"部": "门署分队位件落", "委": "员托", "办": "理法事", "市": "场民", "区": "域级", "县": "域城级"}
# A county the national table does not list, written after its city (遂宁市安居区): not one of its bodies.
_COUNTY = re.compile(r"[\u4e00-\u9fff]{2}[区县](?![\u4e00-\u9fff]{0,1}(?:委|政府|局|办))")
# The areas a place may be written right after, as its parent (泸县毗卢镇, 金龙镇金龙场社区).
_PARENT_TYPES = {
    "City": ("Province",),
    "District": ("City", "Province"),
    "Town": ("District",),
    "Subdistrict": ("District",),
    "Community": ("Town", "Subdistrict", "District"),
    "Village": ("Town", "Subdistrict", "District"),
}


def _town_body_label(town: Division, body: str) -> str:
    """白鹤镇 + 人民政府 → 镇政府; 新安街道 + 党工委 → 街道党工委 (the town's level word, then the body)."""
    level = "街道" if town.name.endswith("街道") else town.name[-1]
    return level + _TOWN_BODIES.get(body, body)


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
    scope: str | None = None  # the place a level's body belongs to when written with it: 南充 of 南充市委


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
        home_division = self.gazetteer.division(home) if home else None
        # the home and its parents: they decide which of two 朝阳区 a document means
        self.near: list[Division] = [home_division, *divisions().chain(home_division)] if home_division else []
        self.towns: dict[str, tuple[Division, Division]] = {}  # town name → (town, its county)
        self._towns_matcher: WordMatcher | None = None
        self._town_shorts: frozenset[str] = frozenset()
        self._divisions: dict[str, Division | None] = {}  # label → the division it means here
        self.subject_town: Division | None = None  # the town a page is about (its 镇党委 is the town's)
        self._cache: dict[tuple[int, int, int], list[OrgMention]] = {}
        self._relabel: dict[tuple[str, str], str] = {}
        self._known: dict[str, OrgMention] = {}  # every name found in this document → its mention

    def add_towns(self, counties: list[Division]) -> None:
        """Recognise the towns and subdistricts of these counties (the home first: a name two of them
        share is the home's)."""
        table = divisions()
        for county in counties:
            for name, town in table.towns(county).items():
                self.towns.setdefault(name, (town, county))
        self._towns_matcher = WordMatcher(self.towns) if self.towns else None
        self._town_shorts = frozenset(town.short for town, _county in self.towns.values())

    # ------------------------------------------------------------------ public interface

    def find(self, sentence: Sentence) -> list[OrgMention]:
        """Organisations named in the sentence, in order; offsets index `sentence.text`."""
        key = _sentence_key(sentence)
        mentions = self._cache.get(key)
        if mentions is None:
            mentions = self._cache[key] = self._relabelled(self.find_text(sentence.text))
            self._remember(mentions)
        return mentions

    def resolve(self, name: str) -> tuple[str, str] | None:
        """Canonical (label, type) of an organisation name (an issuer, a signature's organisation), or None
        when `name` is not an organisation as a whole (区发改委 → 区发展改革委; 重庆市永川区发展和改革委员会
        → 区发展改革委; 全区 → None)."""
        mention = self.mention_of(name)
        return (mention.label, mention.type) if mention is not None else None

    def mention_of(self, name: str) -> OrgMention | None:
        """The organisation `name` names as a whole, as a mention spanning it; None if it names none."""
        name = "".join(name.split()).strip("“”\"'《》「」")
        if not name:
            return None
        entry = self.gazetteer.lookup(name, self.home)
        if entry is not None:
            return OrgMention(entry.label, entry.type, 0, len(name), name, scope=self._division_scope(entry))
        known = self._known.get(name)
        if known is not None:
            return known  # a name this document uses (红江机械, found by how its sentence reads)
        mentions = [m for m in self.find_text(name) if m.source != "prefix"]
        if len(mentions) == 1 and mentions[0].begin == 0 and mentions[0].end == len(name):
            return self._relabelled(mentions)[0]
        return None

    def entity_for(self, name: str, evidence: Evidence | None) -> Entity | None:
        """The entity of organisation `name` (added, or merged into, with this evidence); None if `name` is
        not an organisation."""
        mention = self.mention_of(name)
        if mention is None:
            return None
        return self.add(mention, evidence, surface="".join(name.split()))

    def add(self, mention: OrgMention, evidence: Evidence | None, surface: str | None = None) -> Entity:
        """The entity of a mention (added, or merged into, with this evidence); `surface`: the words as
        written, if not the mention's own."""
        if self.extraction is None:
            raise LoaderError("this OrganisationFinder has no extraction to add entities to")
        return self._add(mention.type, mention.label, mention.surface if surface is None else surface, evidence,
                         mention.scope)

    # ------------------------------------------------------------------ scanning

    def find_text(self, text: str) -> list[OrgMention]:
        """Organisations in a piece of text (one sentence or clause), non-overlapping, in order."""
        candidates = self._gazetteer_candidates(text)
        gazetteer_ends = {c.end: c for c in candidates if c.type in _PLACE_TYPES or c.type in _SHORT_TYPES}
        known_ends = {c.end: c.begin for c in candidates}
        candidates += self._suffix_candidates(text, gazetteer_ends, known_ends)
        candidates += self._list_candidates(text)
        candidates += self._predicate_candidates(text)
        candidates += self._town_list_candidates(text)
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
            mention = OrgMention(cand.label, cand.type, cand.begin, cand.end, cand.surface, parent, cand.source,
                                 cand.scope)
            mentions.append(mention)
            previous = mention
        # the areas a name is written with are named too (广汉市 in 广汉市人民政府办公室), as mentions of their
        # own words that overlap the name's: source "prefix", never the answer of `resolve`
        extra = [OrgMention(label, type_, b, e, text[b:e], None, "prefix", scope)
                 for cand in chosen for label, type_, b, e, scope in cand.prefixes]
        if extra:
            mentions = sorted(mentions + extra, key=lambda m: (m.begin, m.source == "prefix"))
        return mentions

    def _gazetteer_candidates(self, text: str) -> list[Candidate]:
        gaz, lex = self.gazetteer, self.lexicon
        result = []
        for begin, end, form in gaz.matcher.finditer(text):
            entry = gaz.lookup(form, self.home)
            if entry is None:
                continue
            if form[0] in "区市县省" and begin > 0 and text[begin - 1] in lex.admin_word_before:
                continue  # 社区委员会, 城市政府 …: 区委/市政府 inside another word
            if text[end : end + 1] and text[end] in _LAST_CHAR_NOT_AFTER.get(form[-1], ""):
                continue  # 交通运输部门 is not 交通运输部
            if entry.type in AREA_TYPES and form != entry.label and "至" in (text[begin - 1 : begin], text[end : end + 1]):
                continue  # 大足至永川高速公路: a short name at a route end names the road, not the district
            if entry.label in _BARE_TOWN_BODIES and (self.subject_town is None or text[begin - 1 : begin] in "各每"
                                                     or text.startswith(self.lexicon.titles, begin + len(entry.label[0]))):
                continue  # 各镇人民政府: no town's body unless the page is about one town; 镇党委书记 is a title
            if entry.code is not None and not self._at_boundary(text, begin, entry):
                continue  # 新增城区 is not 增城区: a far division's name must start a word
            if form != entry.label and entry.code and (form in gaz.local or len(form) <= _SHORT_FORM) \
                    and not self._ends_word(text, end):
                continue  # 江津城市运营公司, 红河路社区, 新乡村: a division's short name inside a longer word
            if form != entry.label and entry.code and form in self._town_shorts:
                continue  # 吉安 in a Yongchuan page is its town 吉安镇, not the far city of 吉安
            if entry.code is not None:
                department = self._division_department(text, end, entry)
                if department is not None:
                    rest_end, dept, scope = department
                    prefix = (entry.label, entry.type, begin, end, self._division_scope(entry))
                    result.append(Candidate(begin, rest_end, dept.label, dept.type, text[begin:rest_end], "gazetteer",
                                            0, scope, (prefix,)))
                    continue
            result.append(Candidate(begin, end, entry.label, entry.type, form, "gazetteer", 0,
                                    self._division_scope(entry)))
            if entry.type == "City":
                county = self._county_of_city(text, end, entry)
                if county is not None:
                    result.append(county)
        result = self._merge_prefixes(result)
        if self._towns_matcher is not None:
            for begin, end, name in self._towns_matcher.finditer(text):
                town, _county = self.towns[name]
                after = text[end : end + 1]
                if after and after in _NOT_AFTER.get(town.name[-1], ""):
                    continue  # 镇街, 镇级: the town's name inside another word
                body = _TOWN_BODY.match(text, end)
                if body is not None and text.startswith(self.lexicon.titles, body.start()):
                    body = None  # 板桥镇党委书记: the post is the town's (titles 党委书记), as signatures write it
                if body is not None:  # 白鹤镇人民政府, 新安街道党工委: the town's own body, scoped by the town
                    label = _town_body_label(town, body.group())
                    prefix = (town.name, town.type, begin, end, None)
                    result.append(Candidate(begin, body.end(), label, "Department", text[begin : body.end()],
                                            "gazetteer", 0, town.short, (prefix,)))
                    continue
                result.append(Candidate(begin, end, town.name, town.type, town.name, "gazetteer", 0))
        return result

    def division(self, label: str) -> Division | None:
        """The division a label means in this document (of two 朝阳区, the one near its home)."""
        if label not in self._divisions:
            self._divisions[label] = self.gazetteer.division(label, self.near)
        return self._divisions[label]

    def _at_boundary(self, text: str, begin: int, entry: GazetteerEntry) -> bool:
        """Does a division's name start a word here? Always for the home's province and its divisions
        (documents name them often); a far one's must follow punctuation, a function character, a verb
        or another division (四川省泸县)."""
        if begin == 0 or not self.near:
            return True
        division = self.division(entry.label)
        if division.code == self.near[-1].code or _province(division) == self.near[-1]:
            return True
        previous = text[begin - 1]
        if not _is_han(previous) or previous in self.lexicon.function_chars:
            return True
        lex = self.lexicon
        if any(text[begin - size : begin] in lex.strong for size in range(1, min(lex.strong_max, begin) + 1)):
            return True
        return any(end == begin for _, end, _ in self.gazetteer.matcher.finditer(text, max(0, begin - 8), begin))

    @staticmethod
    def _merge_prefixes(candidates: list[Candidate]) -> list[Candidate]:
        """重庆市 + 大足区发展和改革委员会, 四川省 + 泸州市 + 泸县: a province or city written before a division
        (or a division's body) is part of its name as written, not a mention of its own."""
        ordered = sorted(candidates, key=lambda c: (c.begin, -c.end))
        merged: list[Candidate] = []
        for cand in ordered:
            previous = merged[-1] if merged else None
            if (previous is not None and previous.end == cand.begin and previous.type in ("Province", "City")
                    and previous.source == "gazetteer" and cand.source == "gazetteer"
                    and (cand.type in AREA_TYPES or cand.scope is not None)):
                own = (previous.label, previous.type, previous.begin, previous.end, previous.scope)
                merged[-1] = Candidate(previous.begin, cand.end, cand.label, cand.type,
                                       previous.surface + cand.surface, cand.source, cand.rank, cand.scope,
                                       (own, *previous.prefixes, *cand.prefixes))
                continue
            merged.append(cand)
        return merged

    def _ends_word(self, text: str, end: int) -> bool:
        """Does a short name end a word here (永川获评, 在永川，, 永川加快…)?"""
        if end >= len(text) or not _is_han(text[end]) or text[end] in self.lexicon.function_chars:
            return True
        lex = self.lexicon
        if any(text.startswith(w, end) for w in ("区委", "县委", "市委")) or self.gazetteer.matcher.finditer(text, end, end + 6)[:1]:
            return True
        return lex.strong_regex.match(text, end) is not None

    def _division_scope(self, entry: GazetteerEntry) -> str | None:
        """The scope of a division's id: none, unless another division has its name (朝阳区, 通州区 …):
        then the short name of its city; or its name sounds like another's (苏州市, 宿州市: su-zhou-shi):
        then its code."""
        if not entry.code:
            return None
        division = self.division(entry.label)
        if entry.label in self.gazetteer.homophones():
            return division.code
        found = self.gazetteer.divisions.get(entry.label)
        if not found or len(found) == 1:
            return None
        parent = divisions().parent(division)
        return parent.short if parent else None

    def _county_of_city(self, text: str, end: int, city: GazetteerEntry) -> Candidate | None:
        """遂宁市安居区: a district or county (two characters + 区/县) written right after a city, that the
        national table does not list (a new one), and not a zone (高新区, 城区)."""
        match = _COUNTY.match(text, end)
        if match is None:
            return None
        name = match.group()
        if name.endswith(self.gazetteer.not_county_endings) or self.gazetteer.lookup(name, self.home) is not None:
            return None
        if any(ch in self.lexicon.function_chars for ch in name[:2]):
            return None
        return Candidate(end, match.end(), name, "District", name, "suffix", 1)

    def _division_department(self, text: str, end: int, entry: GazetteerEntry):
        """永川区 + 人民政府 → (end, 区政府, 永川); 南充市 + 委 → 市委 of 南充; 成都市双流区 + 发展和改革局 →
        区发展和改革局 of 双流 (a body the gazetteer does not list, named by its own words)."""
        division = self.division(entry.label)
        if division is None:
            return None
        level = level_char(division)
        scope = division.short
        regex = self.gazetteer.level_rest_regex.get(level)
        if text.startswith(level, end) and division.name.endswith(level):
            end += 1  # 澧县县委: the level written again after the county's name
        match = regex.match(text, end) if regex is not None else None
        if match is not None:
            rest = match.group()
            after = text[match.end() : match.end() + 1]
            if not (len(rest) == 1 and after and after in _NOT_AFTER.get(rest, "")):
                return match.end(), self.gazetteer.level_rest[level][rest], scope
        body = self._own_body(text, end)
        if body is None:
            return None
        return body, GazetteerEntry(level + text[end:body], "Department", level=level), scope

    def _own_body(self, text: str, start: int) -> int | None:
        """The end of a body named by its own words right after a division: 发展和改革局, 科技和经信局,
        农业农村和乡村振兴工作部 (the first body suffix within a few characters, not inside a word)."""
        lex = self.lexicon
        i = start
        while i < len(text) and i - start < _MAX_BODY and _is_han(text[i]) and (
                text[i] not in lex.function_chars or text[i] == "和" and i > start):  # 发展和改革局
            i += 1
        if i - start < 2 or text[start] in lex.admin_body_stop or lex.strong_regex.match(text, start):
            return None
        for match in _BODY_SUFFIX.finditer(text, start + 2, i):
            after = text[match.end() : match.end() + 1]
            if after and after in _NOT_AFTER.get(match.group(), ""):
                continue
            body = text[start : match.start()]
            if _SUFFIX_REGEX.search(body) or lex.strong_regex.search(body) or any(ch in "区县市省镇乡" for ch in body):
                return None  # 城发集团党委, 贯彻区委: an enterprise's body, a verb — not a body of the division
            return match.end()
        return None

    # ------------------------------------------------------------------ the document's names

    def scan(self, sentences: list[Sentence]) -> None:
        """Find the organisations of every sentence, then merge short and full names of the same one
        (静脉产业园 and 永川静脉产业园 in one document are one park)."""
        for sentence in sentences:
            self._cache[_sentence_key(sentence)] = self.find_text(sentence.text)
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
            self._known.setdefault(m.label, m)
            if m.surface:
                self._known.setdefault("".join(m.surface.split()), m)

    def _relabelled(self, mentions: list[OrgMention]) -> list[OrgMention]:
        if not self._relabel:
            return mentions
        out = []
        for m in mentions:
            label = self._relabel.get((m.label, m.type))
            out.append(m if label is None else OrgMention(label, m.type, m.begin, m.end, m.surface, m.parent, m.source,
                                                          m.scope))
        return out

    def _add(self, type_: str, label: str, surface: str, evidence: Evidence | None, scope: str | None = None) -> Entity:
        entry = self.gazetteer.entries.get(label)
        known = entry is not None and entry.type == type_
        state_owned = entry.state_owned if known else None
        code = self.division(label).code if known and entry.code else None
        if code and scope is None:
            scope = self._division_scope(entry)  # 朝阳区 of Beijing, 苏州市 beside 宿州市: one id each
        aliases = {surface} if surface and surface != label else set()
        return self.extraction.add_entity(type_, label, evidence, scope=scope, aliases=aliases,
                                          stateOwned=state_owned, divisionCode=code)


def _sentence_key(sentence: Sentence) -> tuple[int, int, int]:
    return sentence.paragraph.index, sentence.begin, sentence.finish


# ---------------------------------------------------------------------------------------------- extractor


@lru_cache(maxsize=4096)
def _province(division: Division) -> Division:
    chain = divisions().chain(division)
    return chain[-1] if chain else division


def home_district(sentences: list[Sentence], title: str = "", reach: int = 3000) -> str | None:
    """The district a document is about: the county (else the city) its title names; else the county its
    opening names most (unless it names a city far more: a city's own report); else the county whose
    short name it uses most (梁平), when that name is no common word (惠民, 新建)."""
    gaz = gazetteer()
    named = [gaz.names.get(form) for _begin, _end, form in gaz.matcher.finditer(title)]
    named = [e for e in named if e is not None and e.code and e.type in ("District", "City")]
    if named:  # the most specific: 鄞州区 of 宁波市鄞州区…报告
        return next((e for e in named if e.type == "District"), named[0]).label
    counts: Counter[tuple[bool, str]] = Counter()
    seen = 0
    for sentence in sentences:
        for _begin, _end, form in gaz.matcher.finditer(sentence.text):
            entry = gaz.names.get(form)
            if entry is not None and entry.code and entry.type in ("District", "City") and (
                    form == entry.label or entry.type == "District"):  # a city by its full name only (达州 is also a prefix)
                counts[(entry.type == "District", entry.label)] += 1
        seen += len(sentence.text)
        if seen > reach and counts:
            break
    if counts:
        counties = [(n, label) for (is_county, label), n in counts.items() if is_county]
        cities = [(n, label) for (is_county, label), n in counts.items() if not is_county]
        county, city = max(counties, default=(0, None)), max(cities, default=(0, None))
        # a district's documents name their city too (宁波市鄞州区); a city's name it far more than a county
        return city[1] if city[0] > _CITY_OVER_COUNTY * county[0] else county[1]
    return _home_by_short_name(sentences[: _SHORT_SENTENCES])


def _home_by_short_name(sentences: list[Sentence]) -> str | None:
    gaz, lex = gazetteer(), lexicon()
    shorts: Counter[str] = Counter()
    for sentence in sentences:
        text = sentence.text
        for _begin, end, form in _short_names().finditer(text):
            if text.startswith(_INSIDE_A_NAME, end):
                continue  # 新安街道, 梁平路: the short name of a county inside a town's or a street's name
            if form not in lex.strong and not is_word(form):  # 新建, 惠民 are words first
                shorts[gaz.local[form].label] += 1
    short = shorts.most_common(1)
    return short[0][0] if short and short[0][1] >= _MIN_SHORT_MENTIONS else None


@cache
def _short_names() -> WordMatcher:
    """The short names of counties (永川, 梁平): how a document that never writes its county in full names it."""
    return WordMatcher([form for form, entry in gazetteer().local.items() if entry.code])


def scopes_of(home: Division | None) -> dict[str, str]:
    """What 区…, 县…, 市…, 省… and a person mean in a document about `home`: 永川区 → 区/县 and people of
    永川, 市 of 重庆; 广汉市 (a county-level city) → 市 of 广汉 itself, 省 of 四川; 成都市 → 市 of 成都."""
    if home is None:
        return {}
    scopes: dict[str, str] = {}
    for division in reversed([home, *divisions().chain(home)]):  # the province first: nearer ones win
        scopes[level_char(division)] = division.short
    scopes["区"] = scopes["县"] = scopes["person"] = home.short
    return scopes


@extractor("organisations", needs=("document",), provides=("organisations",))
def extract_organisations(context) -> None:
    """Add every organisation mentioned (one entity per canonical label, evidence per mention) and the
    PART_OF relations the text or the gazetteer gives; put the finder on `context.organisations`."""
    home = home_district(context.sentences, context.document.title if context.document is not None else "")
    extraction = context.extraction
    extraction.home_district = home
    finder = OrganisationFinder(extraction, home=home)
    extraction.scopes = scopes_of(finder.near[0] if finder.near else None)
    context.organisations = finder
    finder.add_towns(_counties(finder, context.sentences))
    subject = finder.subject_town = _subject_town(finder, context)
    if subject is not None:  # a town's own page: its 镇党委, 镇政府 are the town's
        for level in ("镇", "乡", "街"):
            extraction.scopes[level] = subject.short
    finder.scan(context.sentences)
    document = context.source.id
    first_mention: dict[tuple[str, str], Evidence] = {}
    explicit_parent: dict[tuple[str, str], tuple[tuple[str, str], Evidence]] = {}
    entities: dict[tuple[str, str], Entity] = {}
    for sentence in context.sentences:
        mentions = finder.find(sentence)
        for k, mention in enumerate(mentions):
            evidence = sentence.evidence(document, mention.begin, mention.end)
            key = (mention.label, mention.type)
            entities[key] = finder.add(mention, evidence)
            first_mention.setdefault(key, evidence)
            if mention.parent is not None and key not in explicit_parent:
                previous = mentions[k - 1]
                span = sentence.evidence(document, previous.begin, mention.end)
                explicit_parent[key] = (mention.parent, span)
    _place(context, finder, entities, first_mention, explicit_parent)


def _subject_town(finder: OrganisationFinder, context) -> Division | None:
    """The town a page is about: the one its title names, else (a work summary) its first sentences'."""
    if finder._towns_matcher is None or context.document is None:
        return None
    texts = [context.document.title]
    if context.genre.name == "dept-work":
        texts += [s.text for s in context.sentences[:3]]
    for text in texts:
        for _begin, _end, name in finder._towns_matcher.finditer(text):
            return finder.towns[name][0]
    return None


def _counties(finder: OrganisationFinder, sentences: list[Sentence]) -> list[Division]:
    """The counties whose towns a document may name: its home, then every county it names."""
    gaz = finder.gazetteer
    counties = [d for d in finder.near[:1] if d.level == "county"]
    for sentence in sentences:
        for _begin, _end, form in gaz.matcher.finditer(sentence.text):
            entry = gaz.lookup(form, finder.home)
            if entry is not None and entry.code and entry.type == "District":
                division = finder.division(entry.label)
                if division not in counties:
                    counties.append(division)
    return counties


def _place(context, finder: OrganisationFinder, entities, first_mention, explicit_parent) -> None:
    """PART_OF: the national table for its divisions (a town of one of the document's counties, a county
    of its city, a city of its province), else what the text says (泸县毗卢镇, 金龙镇金龙场社区), else the
    gazetteer, else (towns and subdistricts the table does not know) the document's own district. The
    national chain goes up to the province, adding the parents the document does not name (they cite the
    child's first mention)."""
    extraction = context.extraction
    pending = list(first_mention.items())
    while pending:
        key, evidence = pending.pop(0)
        if key[1] not in _PARENT_TYPES:
            continue
        parent, evidence = _parent(finder, key, evidence, explicit_parent, entities)
        if parent is None:
            continue
        if parent not in entities:
            entities[parent] = finder._add(parent[1], parent[0], "", None)
            pending.append((parent, evidence))  # its own parent, in turn, cites the same words
        extraction.relate(entities[key], "PART_OF", entities[parent], evidence)


def _parent(finder: OrganisationFinder, key, evidence, explicit_parent, entities):
    label, type_ = key
    gaz = finder.gazetteer
    entry = gaz.entries.get(label)
    if type_ in ("Town", "Subdistrict") and label in finder.towns:
        return (finder.towns[label][1].name, "District"), evidence
    if entry is not None and entry.type == type_ and entry.code:
        above = divisions().parent(finder.division(label))
        return ((above.name, above.type) if above is not None else None), evidence
    if key in explicit_parent:
        return explicit_parent[key]
    parent = None
    if entry is not None and entry.type == type_ and entry.part_of:
        parent_entry = gaz.entries.get(entry.part_of)
        if parent_entry is not None:
            parent = (parent_entry.label, parent_entry.type)
    elif type_ in ("Town", "Subdistrict") and finder.home is not None:
        parent = (finder.home, "District")
    if parent is not None and parent not in entities:
        return None, evidence  # only areas the document itself names, off the national table
    return parent, evidence
