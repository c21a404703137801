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

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from loaders.model import Entity, Evidence, Extraction, LoaderError
from loaders.text import Sentence
from ontology import node_types

__all__ = ["OrgMention", "OrganisationFinder", "extract_organisations", "gazetteer", "lexicon"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLAUSE_PUNCTUATION = "，。；：！？!?;:,"
_PLACE_TYPES = ("District", "Town", "Subdistrict")
_COUNTY = re.compile(r"[\u4e00-\u9fff]{2}[区县](?![\u4e00-\u9fff]{0,1}(?:委|政府|局|办))")
_SHORT_TYPES = ("Town", "Subdistrict", "Community", "Village")
_PARENT_TYPES = {
    "Town": ("District",),
    "Subdistrict": ("District",),
    "Community": ("Town", "Subdistrict", "District"),
    "Village": ("Town", "Subdistrict", "District"),
}


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _is_name_char(ch: str) -> bool:
    return _is_han(ch) or ch == "·"


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


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    label: str
    type: str
    part_of: str | None = None
    state_owned: bool | None = None


def _read_yaml(name: str) -> dict:
    text = resources.files("loaders").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def trie_regex(words) -> str:
    """One regular expression matching any of `words`, longest first at each position (a trie, so the
    engine follows one branch per character instead of trying every word)."""
    trie: dict = {}
    for word in words:
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here; a longer one may go on (greedy ? tries it first)
            return (body if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})") + "?"
        return body

    return build(trie)


class Gazetteer:
    """The gazetteer as lookups: every written form → entry, and one compiled trie over all forms."""

    def __init__(self, data: dict) -> None:
        types = node_types()
        raw_entries = data.get("organisations") or []
        regions: dict[str, list[str]] = data.get("regions") or {}
        self.entries: dict[str, GazetteerEntry] = {}
        self.names: dict[str, GazetteerEntry] = {}
        self.local: dict[str, GazetteerEntry] = {}  # generic short names valid in the home district only
        parents: dict[str, str | None] = {}
        for raw in raw_entries:
            label, type_ = raw["label"], raw["type"]
            if type_ not in types or not types[type_].is_organization:
                raise LoaderError(f"gazetteer: {label}: {type_!r} is not an organisation type of the ontology")
            entry = GazetteerEntry(label, type_, raw.get("part_of"), raw.get("stateOwned"))
            if label in self.entries:
                raise LoaderError(f"gazetteer: {label} is listed twice")
            self.entries[label] = entry
            parents[label] = entry.part_of
        for raw in raw_entries:
            entry = self.entries[raw["label"]]
            forms = [entry.label, *(raw.get("aliases") or [])]
            if entry.type == "District":
                forms += self._prefixed(entry.label, parents, regions)
            for form in forms:
                known = self.names.get(form)
                if known is not None and known != entry:
                    raise LoaderError(f"gazetteer: {form} names both {known.label} and {entry.label}")
                self.names[form] = entry
            for form in raw.get("local_aliases") or []:
                self.local[form] = entry
        self._standing_committees(data.get("standing_committee_suffixes") or [])
        self.not_county_endings = tuple(sorted(set(data.get("not_county_endings") or []), key=len, reverse=True))
        self.regex = re.compile(trie_regex(list(self.names) + list(self.local)))
        # District departments after a district name: 永川区 + 人民政府 → 区政府; 重庆市 + 委 → 市委.
        self.district_rest = {f[1:]: e for f, e in self.names.items() if f.startswith("区") and len(f) > 1
                              and e.type in ("Department", "Institution")}
        self.city_rest = {f[1:]: e for f, e in self.names.items() if f.startswith("市") and len(f) > 1
                          and e.type in ("Department", "Institution")}
        self.district_rest_regex = re.compile(trie_regex(self.district_rest))
        self.city_rest_regex = re.compile(trie_regex(self.city_rest))

    def _standing_committees(self, suffixes: list[str]) -> None:
        """A body's standing committee is a body of its own, and its longer name wins over the prefix:
        区人大常委会 / 区人大常务委员会 is 区人大常委会, not 区人大 (the first suffix is the label's)."""
        if not suffixes:
            return
        for form, entry in list(self.names.items()):
            if entry.type != "Department" or form.endswith(tuple(suffixes)):
                continue
            label = entry.label + suffixes[0]
            committee = self.entries.get(label)
            if committee is None:
                committee = self.entries[label] = GazetteerEntry(label, "Department", entry.part_of)
            for suffix in suffixes:
                self.names.setdefault(form + suffix, committee)

    @staticmethod
    def _prefixed(label: str, parents: dict[str, str | None], regions: dict[str, list[str]]) -> list[str]:
        """泸县 → 四川泸县, 四川省泸县, 泸州市泸县, 四川泸州市泸县; 永川区 → 重庆市永川区, 重庆永川区."""
        chain_entries: list[str] = []
        region_forms: list[str] = []
        parent = parents.get(label)
        seen = {label}
        while parent and parent not in seen:
            seen.add(parent)
            if parent in regions:
                region_forms = list(regions[parent])
            elif parent in parents:
                chain_entries.append(parent)
            parent = parents.get(parent)
        forms = []
        for city in chain_entries[:1]:
            forms.append(city + label)
            forms += [region + city + label for region in region_forms]
        forms += [region + label for region in region_forms]
        return forms

    def lookup(self, name: str, home: str | None = None) -> GazetteerEntry | None:
        entry = self.names.get(name)
        if entry is None and home is not None:
            local = self.local.get(name)
            if local is not None and local.part_of == home:
                entry = local
        return entry


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(_read_yaml("gazetteer.yaml"))


class Lexicon:
    """The word lists of lexicon.yaml, compiled once."""

    def __init__(self, data: dict) -> None:
        self.function_chars = frozenset(data["function_chars"].strip())
        self.strong_regex = re.compile(trie_regex(data["strong_verbs"]))
        self.strong = frozenset(data["strong_verbs"])
        self.strong_max = max(len(w) for w in self.strong)
        self.leading = tuple(sorted(set(data["leading_words"]), key=len, reverse=True))
        self.leading_set = frozenset(self.leading)
        before = "|".join(re.escape(w) for w in sorted(set(data["construction_before"]), key=len, reverse=True))
        # the verb, then (for lists) any earlier items "X、" before this one
        modifier = r"(?:全市|全区|全国|全省|市级|区级|国家级)?(?:首个|首家|第一个|一个|一批|[0-9一二三四五六七八九十两]+[个家座处所])?"
        self.construction_before_word = re.compile(rf"(?:{before})$")
        self.construction_before_max = max(len(w) for w in data["construction_before"])
        self.construction_before = re.compile(rf"(?:{before}){modifier}(?:[{_HAN}·“”（）()\w]{{1,24}}、)*$")
        actions = "|".join(re.escape(w) for w in sorted(set(data["construction_actions"]), key=len, reverse=True))
        self.construction_actions = re.compile(rf"(?:{actions})+(?:工程|项目)")
        self.admin_level_chars = frozenset(data["admin_level_chars"].strip())
        self.construction_after = tuple(sorted(set(data["construction_after"]), key=len, reverse=True))
        self.region_prefixes = tuple(sorted(set(data["region_prefixes"]), key=len, reverse=True))
        self.designations = tuple(sorted(set(data["designation_prefixes"]), key=len, reverse=True))
        self.institution_categories = frozenset(data["institution_categories"])
        self.short_boundary_chars = frozenset(data["short_boundary_chars"].strip())
        self.generic = frozenset(data["generic_words"])
        self.admin_stop = {t: frozenset(ws) for t, ws in data["admin_stop_names"].items()}
        self.admin_word_before = frozenset(data["admin_word_before"].strip())
        self.admin_body_stop = frozenset(data["admin_body_stop"].strip())
        self.titles = tuple(sorted(set(data["titles"]), key=len, reverse=True))
        self.scope_prefixes = tuple(sorted(set(data.get("scope_prefixes") or []), key=len, reverse=True))

    def strip_scope(self, name: str) -> str:
        """辖区龙泽科技 → 龙泽科技: a word of scope before a name is not part of it."""
        for prefix in self.scope_prefixes:
            if name.startswith(prefix) and len(name) - len(prefix) >= 2:
                return name[len(prefix):]
        return name

    def is_generic(self, name: str) -> bool:
        """True when `name` is made only of generic words (a kind of thing, not a name)."""
        return _covered(name, self.generic)

    def is_category(self, name: str) -> bool:
        """True when `name` only says what kind of school or hospital it is (乡村, 民办优质, 人民)."""
        return not name or _covered(name, self.institution_categories)

    def strip_region(self, name: str, places: dict[str, GazetteerEntry] | None = None) -> str:
        changed = True
        while changed and name:
            changed = False
            for prefix in self.region_prefixes:
                if name.startswith(prefix) and len(name) > len(prefix):
                    name, changed = name[len(prefix):], True
                    break
            if not changed and places is not None:
                for size in (4, 3, 2):
                    head = name[:size]
                    entry = places.get(head)
                    if entry is not None and entry.type == "District" and len(name) > size:
                        name, changed = name[size:], True
                        break
        return name

    def is_designation(self, name: str) -> bool:
        return name.startswith(self.designations)


@lru_cache(maxsize=16384)
def _covered(name: str, words: frozenset[str]) -> bool:
    """Can `name` be cut entirely into `words`?"""
    n = len(name)
    ok = [True] + [False] * n
    for i in range(n):
        if ok[i]:
            for size in range(1, min(8, n - i) + 1):
                if name[i : i + size] in words:
                    ok[i + size] = True
    return ok[n]


@cache
def lexicon() -> Lexicon:
    return Lexicon(_read_yaml("lexicon.yaml"))


# ---------------------------------------------------------------------------------------------- suffixes

# suffix → (type, family). Families: short (admin units), long (named bodies), admin (区/市/县/国家 + body),
# park, station (offices named after their place: 三教司法所).
_SUFFIXES: dict[str, tuple[str, str]] = {
    "街道": ("Subdistrict", "short"),
    "社区": ("Community", "short"),
    "镇": ("Town", "short"),
    "村": ("Village", "short"),
    "集团": ("Enterprise", "long"),
    "有限责任公司": ("Enterprise", "long"),
    "股份有限公司": ("Enterprise", "long"),
    "有限公司": ("Enterprise", "long"),
    "分公司": ("Enterprise", "long"),
    "公司": ("Enterprise", "long"),
    "支行": ("Enterprise", "long"),
    "分行": ("Enterprise", "long"),
    "银行": ("Enterprise", "long"),
    "农商行": ("Enterprise", "long"),
    "纸业": ("Enterprise", "long"),
    "酒业": ("Enterprise", "long"),
    "药业": ("Enterprise", "long"),
    "乳业": ("Enterprise", "long"),
    "矿业": ("Enterprise", "long"),
    "加工厂": ("Enterprise", "long"),
    "制造厂": ("Enterprise", "long"),
    "医院": ("Institution", "long"),
    "中医院": ("Institution", "long"),
    "卫生院": ("Institution", "long"),
    "保健院": ("Institution", "long"),
    "学院": ("Institution", "long"),
    "大学": ("Institution", "long"),
    "学校": ("Institution", "long"),
    "中学": ("Institution", "long"),
    "小学": ("Institution", "long"),
    "幼儿园": ("Institution", "long"),
    "研究院": ("Institution", "long"),
    "科学院": ("Institution", "long"),
    "研究所": ("Institution", "long"),
    "设计院": ("Institution", "long"),
    "图书馆": ("Institution", "long"),
    "博物馆": ("Institution", "long"),
    "美术馆": ("Institution", "long"),
    "文化馆": ("Institution", "long"),
    "纪念馆": ("Institution", "long"),
    "陈列馆": ("Institution", "long"),
    "档案馆": ("Institution", "long"),
    "科技馆": ("Institution", "long"),
    "中心": ("Institution", "long"),
    "校区": ("Institution", "long"),
    "司法所": ("Department", "station"),
    "派出所": ("Department", "station"),
    "税务所": ("Department", "station"),
    "财政所": ("Department", "station"),
    "产业园区": ("Park", "park"),
    "工业园区": ("Park", "park"),
    "产业合作园区": ("Park", "park"),
    "产业园": ("Park", "park"),
    "工业园": ("Park", "park"),
    "示范园": ("Park", "park"),
    "园区": ("Park", "park"),
    "高新区": ("Park", "park"),
    "经开区": ("Park", "park"),
    "科技园": ("Park", "park"),
    "物流园": ("Park", "park"),
    "管委会": ("Department", "long"),
    "委员会": ("Department", "admin"),
    "委": ("Department", "admin"),
    "局": ("Department", "admin"),
    "总局": ("Department", "admin"),
    "办公室": ("Department", "admin"),
    "办": ("Department", "admin"),
    "厅": ("Department", "admin"),
    "署": ("Department", "admin"),
    "站": ("Institution", "admin"),
    "所": ("Institution", "admin"),
}
_SUFFIX_REGEX = re.compile("|".join(re.escape(s) for s in sorted(_SUFFIXES, key=len, reverse=True)))
# Characters after a suffix that make it part of another word: 镇街, 村级, 委员 (not 委员会), 局面, 办理.
_NOT_AFTER = {
    "镇": "街级域长区",
    "村": "级民集庄落镇居务干寨组委",
    "社区": "级",
    "委": "员托屈婉派",
    "局": "面势部限",
    "办": "理法学事好成结件班实公",
    "所": "有以在得属谓",
    "站": "位立点",
    "署": "名",
    "厅": "堂",
    "中心": "城区幼小学校卫医",  # 镇中心幼儿园, 中心小学, 中心卫生院: 中心 qualifies the next noun
    "大学": "生城",
    "学院": "派",
    "银行": "卡业",
}
# The last character of a known name, then a character that makes it part of another word.
_LAST_CHAR_NOT_AFTER = {"部": "门署分队位件落", "委": "员托", "办": "理法事", "市": "场民", "区": "域级", "县": "域城级"}
# A count right after the candidate: 建成平安村3个, 智能工厂1家 — a kind of thing being counted, not a name.
_COUNTED = re.compile(r"[0-9０-９一二三四五六七八九十两百千]+[个家所座处条户名]")
_ADMIN_ONE_CHAR = ("医院", "中医院", "保健院", "图书馆", "博物馆", "美术馆", "文化馆", "档案馆", "科技馆", "纪念馆")
_PARK_NAMES = ("高新区", "园区", "开发区", "经开区", "新区", "产业园", "工业园")
_LENGTHS = {"short": None, "long": (2, 14), "station": (2, 4), "park": (2, 12)}
_SHORT_LENGTHS = {"Town": (2, 3), "Subdistrict": (2, 4), "Community": (2, 4), "Village": (2, 3)}

# X获…企业 / X成为…企业: an enterprise with no suffix, at the start of a clause.
_PREDICATE_REGEX = re.compile(rf"(?:^|(?<=[{_CLAUSE_PUNCTUATION}、“”]))([{_HAN}]{{2,8}}?)(?=成为|荣获|获评|获批|入选|获得|获)")
_PREDICATE_REST = re.compile(r"企业|认证")
# A、B等企业 / 引进A、B等N个项目 / 与A、B等优质医疗资源: lists whose head says what the items are.
_LIST_REGEX = re.compile(rf"等(?:\d+[家个])?[{_HAN}]{{0,6}}?(企业|公司|集团|医疗资源|医疗机构|医院|高校|院校|项目)")
_LIST_HEAD_TYPE = {"企业": "Enterprise", "公司": "Enterprise", "集团": "Enterprise", "项目": "Enterprise",
                   "医疗资源": "Institution", "医疗机构": "Institution",
                   "医院": "Institution", "高校": "Institution", "院校": "Institution"}
_NAME_CHARS = re.compile(rf"[{_HAN}·]+")
_MAX_CLAUSE = 120  # characters a clause pattern looks at (keeps unpunctuated text linear)
_PARENTHESIS_TAIL = re.compile(r"[（(][^（()）]{1,10}[）)]$")
_QUALIFIER = re.compile(r"[（(][^（()）、，。]{1,5}[）)]")


# ---------------------------------------------------------------------------------------------- finder



@dataclass(slots=True)
class _Candidate:
    begin: int
    end: int
    label: str
    type: str
    surface: str
    source: str
    rank: int  # tie-break between candidates of equal length: gazetteer 0 < suffix 1 < list 2 < predicate 3


class OrganisationFinder:
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
        chosen: list[_Candidate] = []
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

    def _gazetteer_candidates(self, text: str) -> list[_Candidate]:
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
                    result.append(_Candidate(begin, rest_end, dept.label, dept.type, text[begin:rest_end], "gazetteer", 0))
                    continue
            result.append(_Candidate(begin, end, entry.label, entry.type, form, "gazetteer", 0))
            if entry.type == "District":
                county = self._county_of_city(text, end, entry)
                if county is not None:
                    result.append(county)
        return result

    def _county_of_city(self, text: str, end: int, city: GazetteerEntry) -> _Candidate | None:
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
        return _Candidate(end, match.end(), name, "District", name, "suffix", 1)

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

    def _suffix_candidates(self, text: str, place_ends: dict[int, _Candidate],
                           known: dict[int, int]) -> list[_Candidate]:
        result: list[_Candidate] = []
        ends = dict(place_ends)
        for match in _SUFFIX_REGEX.finditer(text):
            suffix = match.group()
            s, e = match.span()
            if s == 0:
                continue
            after = text[e : e + 1]
            if after and after in _NOT_AFTER.get(suffix, ""):
                continue
            type_, family = _SUFFIXES[suffix]
            if family == "short":
                cand = self._short(text, s, e, type_, ends)
            elif family == "admin":
                cand = self._admin(text, s, e, suffix, type_)
            else:
                cand = self._long(text, s, e, suffix, type_, family, ends)
            if cand is None or _COUNTED.match(text, cand.end):
                continue
            if e in known and known[e] > cand.begin:
                continue  # 重庆自贸区永川高新区: a modifier glued before a name the gazetteer knows
            entry = self.gazetteer.lookup(cand.label, self.home)
            if entry is not None:
                cand.label, cand.type = entry.label, entry.type
            result.append(cand)
            if cand.type in _PLACE_TYPES or cand.type in _SHORT_TYPES:
                ends[cand.end] = cand
        return result

    def _is_short_boundary(self, text: str, b: int, ends: dict[int, _Candidate]) -> bool:
        if b == 0:
            return True
        prev = text[b - 1]
        if not _is_han(prev):
            return not prev.isalnum() and prev not in "%％·"
        lex = self.lexicon
        if prev in lex.short_boundary_chars or b in ends:
            return True
        if lex.construction_before_word.search(text, max(0, b - lex.construction_before_max), b):
            return True  # 开工建设棠香街道第二小学: the verb of building ends the word before the name
        return any(text[b - size : b] in lex.strong for size in range(1, min(lex.strong_max, b) + 1))

    def _short(self, text: str, s: int, e: int, type_: str, ends) -> _Candidate | None:
        """镇/街道/社区/村: the shortest name (2–4 characters) that starts at a boundary."""
        lo, hi = _SHORT_LENGTHS[type_]
        for size in range(lo, hi + 1):
            b = s - size
            if b < 0 or not all(_is_han(ch) for ch in text[b:s]):
                return None
            if not self._is_short_boundary(text, b, ends):
                continue
            name = self._strip_leading_verbs(text[b:s])
            b = s - len(name)
            if len(name) < 2 or self._admin_stop(name, type_) or name in self.lexicon.leading_set:
                return None
            if b not in ends and name[0] in self.lexicon.function_chars:
                return None  # 以业兴村: a slogan (以…兴…), not a village
            return _Candidate(b, e, text[b:e], type_, text[b:e], "suffix", 1)
        return None

    def _admin_stop(self, name: str, type_: str) -> bool:
        stops = self.lexicon.admin_stop.get(type_, frozenset())
        if all(ch in self.lexicon.admin_level_chars for ch in name):
            return True  # 县镇村: the levels, not a place
        return name in stops or name[-2:] in stops or name[-1:] in stops

    def _strip_leading_verbs(self, name: str) -> str:
        """Drop verbs that open the name: 聚焦边 → 边, 加强农 → 农."""
        changed = True
        while changed:
            changed = False
            match = self.lexicon.strong_regex.match(name)
            if match:
                name, changed = name[match.end():], True
        return name

    def _verb_end(self, text: str, lo: int, hi: int) -> int:
        """The rightmost position in (lo, hi] where a strong verb ends (a verb may begin before lo: 获|批),
        or -1."""
        lex = self.lexicon
        for i in range(hi, lo, -1):
            for size in range(1, min(lex.strong_max, i) + 1):
                if i - size >= lo - 2 and text[i - size : i] in lex.strong:
                    return i
        return -1

    def _long_start(self, text: str, s: int, hi: int) -> int | None:
        """Start of a long name ending at s: after the last strong verb (or punctuation, function char) in
        its clause, then without leading generic verbs. None when no start is found within `hi` characters."""
        lex = self.lexicon
        b = s
        while b > 0 and s - b < hi:
            ch = text[b - 1]
            if not _is_name_char(ch) or ch in lex.function_chars:
                break
            b -= 1
        capped = b > 0 and _is_name_char(text[b - 1]) and text[b - 1] not in lex.function_chars
        cut = self._verb_end(text, b, s)
        if cut < 0:
            if capped or (b > 0 and text[b - 1].isdigit()):
                return None  # too long to trust; or 5亿元公司债券: a quantity, not a name
            cut = b
        start = cut
        changed = True
        while changed:
            changed = False
            for word in lex.leading:
                if text.startswith(word, start) and s - start - len(word) >= 2:
                    start += len(word)
                    changed = True
                    break
        return start

    def _apposition(self, text: str, b: int, s: int) -> int:
        """国家区域医疗中心江苏省中医院: a designation (…中心, …基地) glued before the name; start after it."""
        name = text[b:s]
        for inner in ("中心",):
            k = name.find(inner)
            if k > 0 and k + len(inner) < len(name) - 1:
                head = self.lexicon.strip_region(name[:k], self.gazetteer.names)
                if self.lexicon.is_generic(head):
                    return b + k + len(inner)
        return b

    def _long(self, text: str, s: int, e: int, suffix: str, type_: str, family: str,
              places: dict[int, _Candidate]) -> _Candidate | None:
        lo, hi = _LENGTHS[family]
        b = self._long_start(text, s, hi)
        if b is None:
            return None
        if type_ == "Institution":
            b = self._apposition(text, b, s)
        name = text[b:s]
        lex = self.lexicon
        if name in ("区", "市", "县") and suffix in _ADMIN_ONE_CHAR and (b == 0 or text[b - 1] not in lex.admin_word_before):
            return self._with_qualifier(text, b, e, type_)  # 区中医院, 区图书馆
        if len(name) < lo or name in lex.leading_set:
            return None
        if lex.is_designation(name) or any(ch.isdigit() for ch in name):
            return None
        admin_prefixed = name[0] in "区市县" and len(name) >= 2 and name[1] not in lex.admin_body_stop and (
            b == 0 or text[b - 1] not in lex.admin_word_before)
        if family == "park":
            if lex.is_generic(name) or name.startswith("国家") or self._is_construction_object(text, b, e):
                return None
            return self._with_qualifier(text, b, e, type_)
        if family == "station":
            if lex.is_generic(name):
                return None
            return _Candidate(b, e, text[b:e], type_, text[b:e], "suffix", 1)
        if suffix == "管委会":
            park = next((p for p in _PARK_NAMES if name.endswith(p)), None)
            if park is None or len(name) == len(park):
                return None
            return _Candidate(b, e, text[b:e], type_, text[b:e], "suffix", 1)
        if type_ == "Enterprise":
            if lex.is_generic(name) or self._place_then_generic(text, b, s, places):
                return None
            return self._with_qualifier(text, b, e, type_)
        # Institutions
        if self._is_construction_object(text, b, e):
            return None
        if admin_prefixed:
            return self._with_qualifier(text, b, e, type_)
        core = lex.strip_region(name)
        district = self._district_prefix(core)
        if district and suffix != "中心" and (len(core) > len(district) or suffix in _ADMIN_ONE_CHAR):
            return self._with_qualifier(text, b, e, type_)  # 荣昌区人民医院, 永川图书馆: the district's own
        core = core[len(district):] if district else core
        if suffix == "校区":
            if not re.search(rf"(?:大学|学院)[{_HAN}]{{2,3}}$", name):
                return None
        elif suffix == "中心":
            if core[:1] in "区市县" or lex.is_generic(core) or lex.is_category(core):
                return None
        elif lex.is_category(core):
            return None
        return self._with_qualifier(text, b, e, type_)

    def _district_prefix(self, name: str) -> str:
        for size in (6, 5, 4, 3, 2):
            entry = self.gazetteer.names.get(name[:size])
            if entry is not None and entry.type == "District" and entry.label != "重庆市":
                return name[:size]
        return ""

    def _with_qualifier(self, text: str, b: int, e: int, type_: str) -> _Candidate:
        """The candidate, its mention widened over a short qualifier in brackets (信义集团（玻璃）,
        保税物流中心（B型）): the qualifier is part of the words written, not of the label."""
        qualifier = _QUALIFIER.match(text, e)
        end = qualifier.end() if qualifier else e
        return _Candidate(b, end, text[b:e], type_, text[b:end], "suffix", 1)

    def _place_then_generic(self, text: str, b: int, s: int, places: dict[int, _Candidate]) -> bool:
        """黑石山村强村公司: a place found in this text, then only generic words."""
        return any(b < p < s and self.lexicon.is_generic(text[p:s]) for p in places)

    def _admin(self, text: str, s: int, e: int, suffix: str, type_: str) -> _Candidate | None:
        """区/市/县/国家 + body + 委/局/办/站/所: 区军民融合发展服务中心-like department names."""
        lex = self.lexicon
        b = s
        while b > 0 and s - b < 12:
            ch = text[b - 1]
            if not _is_han(ch) or ch in lex.function_chars:
                break
            b -= 1
        anchor = None
        for i in range(b, s - 1):  # farthest admin character first: 区市场监管局 is 区 + 市场监管 + 局
            ch = text[i]
            if ch in "区市县" and (i == 0 or text[i - 1] not in lex.admin_word_before) and text[i + 1] not in lex.admin_body_stop:
                anchor = i
                break
            if text.startswith("国家", i) and i + 2 < s and text[i + 2] != "级":
                anchor = i
                break
        if anchor is None:
            return None
        body = text[anchor + 1 : s]
        if not body or len(body) > 10 or re.search(r"[区县委局办厅署]|市(?!场)", body):
            return None  # 区委区政府决策部署, 区公安局党委: two bodies, not one
        if lex.strong_regex.match(body) and not self.gazetteer.lookup(text[anchor:e], self.home):
            return None
        if type_ == "Institution" and self._is_construction_object(text, anchor, e):
            return None
        return _Candidate(anchor, e, text[anchor:e], type_, text[anchor:e], "suffix", 1)

    def _is_construction_object(self, text: str, b: int, e: int) -> bool:
        """The thing is being built (a project), not acting: 加快建设X, X一期, X加快建设, X：已完工."""
        lex = self.lexicon
        if lex.construction_before.search(text, max(0, b - 60), b):
            return True
        i = e
        paren = re.match(r"[（(][^（()）]{0,12}[）)]", text[i:])
        if paren:
            i += paren.end()
        while i < len(text) and text[i] == "、":  # X、Y加快建设: the whole list is built
            j = i + 1
            while j < len(text) and _is_name_char(text[j]) and text[j] not in lex.function_chars:
                j += 1
            i = j
        if text.startswith("等", i):
            i += 1
            while i < len(text) and (text[i].isdigit() or text[i] in "个家处座所"):
                i += 1
        return text.startswith(lex.construction_after, i) or bool(lex.construction_actions.match(text, i))

    # ------------------------------------------------------------------ clause patterns

    def _list_candidates(self, text: str) -> list[_Candidate]:
        result = []
        lex = self.lexicon
        floor = 0  # items before the previous list were read with it
        for match in _LIST_REGEX.finditer(text):
            head = match.group(1)
            end = match.start()
            start = end
            while start > floor and end - start < _MAX_CLAUSE and text[start - 1] not in _CLAUSE_PUNCTUATION:
                start -= 1
            floor = match.end()
            clause = text[start:end]
            if "、" not in clause or (head == "项目" and "引进" not in clause):
                continue
            position = start
            for k, item in enumerate(clause.split("、")):
                item_begin, item_end = position, position + len(item)
                position = item_end + 1
                label_end = item_begin + len(_PARENTHESIS_TAIL.sub("", item))
                if k == 0:  # the first item carries the clause's verb: 新引进东方希望
                    first = self._long_start(text, label_end, 14)
                    if first is None:
                        continue
                    item_begin = max(first, item_begin)
                label = text[item_begin:label_end]
                if not (2 <= len(label) <= 14) or not _NAME_CHARS.fullmatch(label):
                    continue
                if lex.is_generic(label) or lex.is_designation(label) or label[0] in lex.function_chars:
                    continue
                entry = self.gazetteer.lookup(label, self.home)
                type_ = entry.type if entry else _LIST_HEAD_TYPE[head]
                result.append(_Candidate(item_begin, item_end, entry.label if entry else label, type_,
                                         text[item_begin:item_end], "list", 2))
        return result

    def _predicate_candidates(self, text: str) -> list[_Candidate]:
        result = []
        lex = self.lexicon
        for match in _PREDICATE_REGEX.finditer(text):
            name = lex.strip_scope(match.group(1))
            name_start = match.end(1) - len(name)
            rest_end = match.end()
            while rest_end < len(text) and rest_end - match.end() < _MAX_CLAUSE and text[rest_end] not in "，。；;,":
                rest_end += 1
            if not _PREDICATE_REST.search(text, match.end(), rest_end):
                continue
            if any(ch in lex.function_chars for ch in name) or lex.strong_regex.match(name):
                continue
            if lex.is_generic(name) or lex.is_designation(name) or name[:1] in "区市县全各该本我新":
                continue
            entry = self.gazetteer.lookup(name, self.home)
            if entry is not None:
                continue  # the gazetteer already has it
            result.append(_Candidate(name_start, match.end(1), name, "Enterprise", name, "predicate", 3))
        return result

    # ------------------------------------------------------------------ document level

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


def extract_organisations(context) -> None:
    """Add every organisation mentioned (one entity per canonical label, evidence per mention) and the
    PART_OF relations the text or the gazetteer gives; put the finder on `context.organisations`."""
    home = home_district(context.sentences)
    context.extraction.home_district = home
    finder = OrganisationFinder(context.extraction, home=home)
    context.organisations = finder
    context.notes["home_district"] = home
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
