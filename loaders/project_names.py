"""What a project name is: the status vocabulary, the facility nouns, and the named-or-generic test.

The verbs are the status phrases of the ontology (`project_statuses()`) and their two-character stems
(启动 from 启动建设, 规划 from 规划建设, 工作 from 前期工作 …); a stem shared by two statuses (建设) only says
"construction". A few milestones the ontology does not list (封顶, 通车, 完成 …) refine the status
(`loaders/data/projects.yaml`).

An object is a project when it is named, not generic: no count (204个, 12个), not a noun the document counts
elsewhere (口袋公园6个 → 口袋公园 is a kind, not a name), not led by a quantifier (一批, 重点 …), and headed
by a facility noun (项目, 工程, 产业园, 基地, 中心, 医院, 学院, 生产线, 电站, 管道, 高速, 铁路, 枢纽 …) — or,
after a full status phrase, marked by 等项目 or listed under an industry cluster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.model import Evidence
from loaders.vocabulary import alternation, longest_first, read_data
from ontology import project_statuses

DEFAULT_STATUS = "under_construction"  # a project named with 建设 / 等项目 and no status verb is being built


def _words() -> dict:
    """The word lists of data/projects.yaml (milestones, neutral verbs, prepositions, facility nouns)."""
    return read_data("projects.yaml")


# Milestones the ontology does not list as status phrases, mapped to its statuses.
_MILESTONES: dict[str, str] = dict(_words()["milestones"])
_ADVERBS = (
    "加快|积极|全面|顺利|正式|相继|陆续|有序|基本|稳步|深入|先后|如期|早日|尽快|加速|全力|大力|扎实|持续|继续"
    "|力争|确保|争取|努力|着力|抓紧|同步|进一步|协调|配合|推动|抓好|做好|开展|实施|新建|改建|扩建|筹建|结构|放量"
    "|运行|要|将|并|已|均|基本|全部|重点|统筹|提速|攻坚|通过|" + "|".join(_words()["neutral_verbs"])
)
_CONSTRUCTION = "建设"

_FACILITY = "(?:" + alternation(_words()["facility_nouns"]) + ")"
_PHASE = r"(?:[（(][^（）()]{1,12}[）)]|[一二三四五六七八九十\d]+期|[A-Z]段|线路工程|工程)*"
_ACTION_END = r"(?:改扩建|扩建|改建|迁建|新建|建设|改造|提升|整治|修复|升级)?"
FACILITY_END = re.compile(rf"{_FACILITY}{_PHASE}{_ACTION_END}{_PHASE}$")
_SOFT_FACILITY = re.compile(rf"(?:平台|城){_PHASE}{_ACTION_END}$")  # also names of systems and visions
_ROUTE = re.compile(r"[\u4e00-\u9fffA-Z\d]{2,}至[\u4e00-\u9fff]{2,}")
_PRODUCTION = re.compile(r"(?:生产|制造|加工|液化|改建|项目)$")
_CAPACITY = re.compile(r"年产(?:能)?\d")  # 年产800吨X生产: a product line named by its capacity

_CLASSIFIER = r"(?:个|座|所|处|家|条|户|批|项|套|台|只|口|宗|辆|名|人|张|场|次)"
_COUNT_ANY = re.compile(rf"(\d+(?:\.\d+)?|[两三四五六七八九十百千]+)余?{_CLASSIFIER}")
_COUNT_LEAD = re.compile(rf"^(?:\d+(?:\.\d+)?|[一两二三四五六七八九十百千]+)余?{_CLASSIFIER}")
_GENERIC_LEAD = re.compile(
    r"^(?:一批|一些|各类|各项|相关|有关|重点|重大|若干|多个|全区|全市|各镇|各级|所有|其他|其它|部分|农村|城乡|城区|城镇|乡村|全域|现代|区域性?"
    r"|城市基础|基础设施|实体经济|总部经济|新旧动能|高标准农田)"
)
# an ordinal after the lead makes the name specific: 城区第二水厂 is one plant, 城区水厂 a kind
_ORDINAL = re.compile(rf"第[一二三四五六七八九十\d]+(?!{_CLASSIFIER}|届|期|轮)")


def _generic_lead(name: str) -> bool:
    lead = _GENERIC_LEAD.match(name)
    return bool(lead) and not _ORDINAL.match(name, lead.end())


SAME_PROJECT = re.compile(r"(?:建设)?项目$")  # X项目, X建设项目: X itself
_COUNTED_NOUN = re.compile(rf"(?:\d+(?:\.\d+)?|[两三四五六七八九十百千]+)余?{_CLASSIFIER}([\u4e00-\u9fff]{{2,10}})")
# The noun is the 2–10 Chinese characters just before the number (a digit is not one of them, so only
# the whole run up to the digit can match). Possessive {2,10}+ says so: at each of the many positions
# where no number follows, the regex fails at once instead of backtracking through nine shorter nouns.
_NOUN_COUNTED = re.compile(rf"([\u4e00-\u9fff]{{2,10}}+)(?=\d)(?:\d+(?:\.\d+)?)余?{_CLASSIFIER}")


@dataclass(frozen=True)
class _Lexicon:
    codes: dict[str, str]  # phrase or stem → status code
    phrases: frozenset[str]
    lead: re.Pattern
    tail: re.Pattern
    cue: re.Pattern  # any word that can make a clause speak of a project
    words: tuple[str, ...]  # every token, longest first


@cache
def status_lexicon() -> _Lexicon:
    phrase_codes: dict[str, str] = {}
    stem_codes: dict[str, set[str]] = {}
    for code, status in project_statuses().items():
        for phrase in status.phrases:
            phrase_codes[phrase] = code
            chunks = [phrase[i : i + 2] for i in range(0, len(phrase) - 1, 2)]
            if len(phrase) % 2:
                chunks.append(phrase[-2:])
            for chunk in chunks:
                stem_codes.setdefault(chunk, set()).add(code)
    codes = {stem: next(iter(c)) for stem, c in stem_codes.items() if len(c) == 1}
    codes.update(phrase_codes)
    codes.update({k: v for k, v in _MILESTONES.items() if k not in codes})
    words = longest_first({*codes, *stem_codes, *_ADVERBS.split("|"), _CONSTRUCTION})
    token = alternation(words)
    return _Lexicon(
        codes=codes,
        phrases=frozenset(phrase_codes),
        lead=re.compile(rf"^(?:{token})+"),
        tail=re.compile(rf"(?:{token})+$"),
        cue=re.compile(alternation({*codes, _CONSTRUCTION, "项目"})),
        words=words,
    )


def tokens(run: str) -> list[str]:
    """Split a run of verb/adverb tokens (longest first); other characters are skipped."""
    return list(_token_tuple(run))


@lru_cache(maxsize=16384)
def _token_tuple(run: str) -> tuple[str, ...]:
    words = status_lexicon().words
    result, i = [], 0
    while i < len(run):
        for w in words:
            if run.startswith(w, i):
                result.append(w)
                i += len(w)
                break
        else:
            i += 1
    return tuple(result)


@dataclass(slots=True)
class Candidate:
    name: str
    start: int  # offsets in the sentence text
    end: int
    status: str | None
    status_text: str
    strong: bool
    marked: bool


@dataclass(slots=True)
class Record:
    label: str
    year: int | None
    evidence: Evidence
    attributes: dict
    cluster: object | None = None
    sentence: object | None = None
    candidate: Candidate | None = None


# ---------------------------------------------------------------------------------------------- named or generic


@dataclass(frozen=True, slots=True)
class Counted:
    """Nouns the document counts, as sets of their prefixes and short suffixes (one lookup per name)."""

    nouns: frozenset[str]
    prefixes: frozenset[str]
    suffixes: frozenset[str]

    def __contains__(self, name: str) -> bool:
        return name in self.prefixes or (len(name) <= 6 and name in self.suffixes)


def counted_nouns(text: str) -> Counted:
    """Nouns the document counts (6个口袋公园, 建成小微停车场45个): kinds of things, not names."""
    nouns = set()
    for match in _COUNTED_NOUN.finditer(text):
        nouns.add(match.group(1))
    for match in _NOUN_COUNTED.finditer(text):
        noun = match.group(1)
        if not noun.endswith("等"):  # 汽摩产业园一期等18个项目: an example of the count, not a kind
            nouns.add(noun)
    prefixes = {noun[:k] for noun in nouns for k in range(1, len(noun) + 1)}
    suffixes = {noun[-k:] for noun in nouns for k in range(1, min(6, len(noun)) + 1)}
    return Counted(frozenset(nouns), frozenset(prefixes), frozenset(suffixes))


def is_generic(name: str, counted: Counted) -> bool:
    if len(name) < 4 or _SLOGAN.search(name) or _MEASURE_LEAD.match(name) or _PERSON_IN_NAME.search(name):
        return True  # 136公里燃气管网改造: a quantity of work; 市政协副主席赵军宣布…: a sentence about a person
    core = SAME_PROJECT.sub("", name)
    if len(core) < 3 or core[0] in _PREPOSITIONS:
        return True  # 为推进项目: a preposition and a verb, no name
    if _COUNT_LEAD.match(name) or _generic_lead(name):
        return True
    for count in _COUNT_ANY.finditer(name):
        value = count.group(1)
        if not value.isdigit() or int(value) >= 2 or count.start() == 0:
            return True
    if any(ch in name for ch in "，；。："):
        return True
    return name in counted


_MIN_MARKED = 4
_MEASURE_LEAD = re.compile(r"^\d+(?:\.\d+)?余?(?:公里|千米|米|平方米|万平方米|亩|万亩|千瓦|户|间)")
_PERSON_IN_NAME = re.compile(r"(?:书记|主席|主任|区长|县长|市长|局长)[\u4e00-\u9fff]{2,3}(?:宣布|汇报|介绍|主持|讲话)|的中心$")
# a kind of work, not a named project, when nothing else names it: 中小河流治理, 三峡后续及移民后扶
_ACTIVITY = re.compile(r"(?:治理|后扶|防治|保护|修复|整治|攻坚|帮扶)$")
_PREPOSITIONS = "为对向把将在于给让被"
# a vision's words, not a project's name: 建设和美共富现代化遂昌家园
_SLOGAN = re.compile(r"现代化|共富|和美|高质量|新时代|新征程|示范区建设$")
# a bare company name in a list of projects (引进华为、紫光等项目) is the investor, not the project
_COMPANY_ONLY = re.compile(r"(?:集团|公司|科技|股份|控股|电子|航空|银行)$")


def accept(candidate: Candidate, counted: Counted, in_cluster: bool) -> bool:
    name = candidate.name
    if is_generic(name, counted):
        return False
    if _SOFT_FACILITY.search(name) and not candidate.strong:
        return False
    if FACILITY_END.search(name) or _ROUTE.search(name):
        return True
    if candidate.strong and (candidate.marked or in_cluster):
        return True
    if candidate.marked and len(name) >= _MIN_MARKED and not _COMPANY_ONLY.search(name) and not _ACTIVITY.search(name):
        return True  # 香格里拉大酒店、保利国际广场等项目建设进展顺利: the list is called projects
    if candidate.strong and _CAPACITY.search(name) and _PRODUCTION.search(name):
        return True  # 年产800吨X生产实现投产: a product line, named by what and how much it produces
    return bool(candidate.marked and _PRODUCTION.search(name))

