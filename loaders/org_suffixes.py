"""Organisation names found by their ending: 镇, 街道, 社区, 村, 集团, 公司, 医院, 中心, 产业园, 区…局 ….

A suffix says what kind of organisation a name is; the reader then finds where the name starts: after
punctuation, a function character (与, 在, 的) or a verb that never belongs to a name (成立, 依托, 入驻), and
without leading generic words. Word lists (`loaders/data/lexicon.yaml`) tell a name from a common noun
(乡镇, 示范村, 现代社区) and an organisation from a project (加快建设智能装备产业园 is a project).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loaders.model import AREA_TYPES
from loaders.vocabulary import alternation

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PLACE_TYPES = ("Province", "City", "District", "Town", "Subdistrict")
_SHORT_TYPES = ("Town", "Subdistrict", "Community", "Village")


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _is_name_char(ch: str) -> bool:
    return _is_han(ch) or ch == "·"


@dataclass(slots=True)
class Candidate:
    begin: int
    end: int
    label: str
    type: str
    surface: str
    source: str
    rank: int  # tie-break between candidates of equal length: gazetteer 0 < suffix 1 < list 2 < predicate 3
    scope: str | None = None  # the place of a level's body written with it (南充 of 南充市委)
    # areas written as part of the name (永川区 of 永川区人民政府): (label, type, begin, end, scope) each
    prefixes: tuple = ()


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
    "党校": ("Institution", "long"),
    "合作社": ("Enterprise", "long"),
    "分局": ("Department", "long"),
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
    "经济技术开发区": ("Park", "park"),
    "经济开发区": ("Park", "park"),
    "开发区": ("Park", "park"),
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
_SUFFIX_REGEX = re.compile(alternation(_SUFFIXES))
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
    "中心": "城区幼小学校卫医组",  # 镇中心幼儿园, 中心小学, 中心卫生院: 中心 qualifies the next noun
    "大学": "生城",
    "学院": "派",
    "银行": "卡业",
}
# A count right after the candidate: 建成平安村3个, 智能工厂1家 — a kind of thing being counted, not a name.
_COUNTED = re.compile(r"[0-9０-９一二三四五六七八九十两百千]+[个家所座处条户名]")
_ADMIN_ONE_CHAR = ("医院", "中医院", "保健院", "图书馆", "博物馆", "美术馆", "文化馆", "档案馆", "科技馆", "纪念馆")
_BUILT_KIND = re.compile(r"[\u4e00-\u9fff]{0,4}?(?:写字楼|楼宇|综合体|项目|工程|设施|场馆)")
_TIME_WORD = re.compile(r"季度|年|月|上半|下半|今|去|明")
_LEVEL_PARKS = ("工业园区", "经济开发区", "经济技术开发区", "产业园区", "高新区", "开发区")  # 县工业园区: the county's own
_PARK_NAMES = ("高新区", "园区", "开发区", "经开区", "新区", "产业园", "工业园")
_LENGTHS = {"short": None, "long": (2, 14), "station": (2, 4), "park": (2, 12)}
_QUALIFIER = re.compile(r"[（(][^（()）、，。]{1,5}[）)]")
_SHORT_LENGTHS = {"Town": (2, 3), "Subdistrict": (2, 4), "Community": (2, 4), "Village": (2, 3)}


class SuffixReader:
    """The suffix rules, mixed into OrganisationFinder (which provides gazetteer, lexicon and home)."""

    def _suffix_candidates(self, text: str, place_ends: dict[int, Candidate],
                           known: dict[int, int]) -> list[Candidate]:
        result: list[Candidate] = []
        ends = dict(place_ends)
        for match in _SUFFIX_REGEX.finditer(text):
            suffix = match.group()
            s, e = match.span()
            if s == 0:
                continue
            after = text[e : e + 1]
            if after and after in _NOT_AFTER.get(suffix, ""):
                continue
            if text[max(0, s - 1) : e] in self.lexicon.suffix_words or text[max(0, s - 2) : e] in self.lexicon.suffix_words:
                continue  # 工作部署, 县政府开局, 部门网站, 经济副中心: the suffix ends another word
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
            if cand.type in ("Town", "Subdistrict") and self.towns and cand.label not in self.towns:
                before = ends.get(cand.begin)
                if before is None or before.type not in AREA_TYPES:
                    continue  # no town of the document's counties (部门街镇, 洲泉大镇), nor placed by the text
            result.append(cand)
            if cand.type in _PLACE_TYPES or cand.type in _SHORT_TYPES:
                ends[cand.end] = cand
        return result

    def _is_short_boundary(self, text: str, b: int, ends: dict[int, Candidate]) -> bool:
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

    def _short(self, text: str, s: int, e: int, type_: str, ends) -> Candidate | None:
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
            return Candidate(b, e, text[b:e], type_, text[b:e], "suffix", 1)
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
              places: dict[int, Candidate]) -> Candidate | None:
        lo, hi = _LENGTHS[family]
        b = self._long_start(text, s, hi)
        if b is None:
            return None
        if type_ == "Institution":
            b = self._apposition(text, b, s)
        name = text[b:s]
        lex = self.lexicon
        if name in ("区", "市", "县") and (suffix in _ADMIN_ONE_CHAR or family == "park" and suffix in _LEVEL_PARKS) and (
                b == 0 or text[b - 1] not in lex.admin_word_before):
            return self._with_qualifier(text, b, e, type_)  # 区中医院, 区图书馆, 县工业园区, 县经济开发区
        if len(name) < lo or name in lex.leading_set:
            return None
        if lex.is_designation(name) or any(ch.isdigit() for ch in name):
            return None
        admin_prefixed = name[0] in "区市县" and len(name) >= 2 and name[1] not in lex.admin_body_stop and (
            b == 0 or text[b - 1] not in lex.admin_word_before)
        if family == "park":
            if lex.is_generic(name) or name.startswith("国家") or self._is_construction_object(text, b, e):
                return None
            if name.endswith(("进", "入", "到", "在")):
                return None  # 服务进园区: a verb of going into the park, not its name
            level = max(name.rfind(ch) for ch in "区县市")
            if level > 0 and _TIME_WORD.search(name[:level]):
                return self._with_qualifier(text, b + level, e, type_)  # 二季度县经济开发区 → 县经济开发区
            return self._with_qualifier(text, b, e, type_)
        if family == "station":
            if lex.is_generic(name):
                return None
            return Candidate(b, e, text[b:e], type_, text[b:e], "suffix", 1)
        if suffix == "管委会":
            park = next((p for p in _PARK_NAMES if name.endswith(p)), None)
            if park is None or len(name) == len(park):
                return None
            return Candidate(b, e, text[b:e], type_, text[b:e], "suffix", 1)
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

    def _with_qualifier(self, text: str, b: int, e: int, type_: str) -> Candidate:
        """The candidate, its mention widened over a short qualifier in brackets (信义集团（玻璃）,
        保税物流中心（B型）): the qualifier is part of the words written, not of the label."""
        qualifier = _QUALIFIER.match(text, e)
        end = qualifier.end() if qualifier else e
        return Candidate(b, end, text[b:e], type_, text[b:end], "suffix", 1)

    def _place_then_generic(self, text: str, b: int, s: int, places: dict[int, Candidate]) -> bool:
        """黑石山村强村公司: a place found in this text, then only generic words."""
        return any(b < p < s and self.lexicon.is_generic(text[p:s]) for p in places)

    def _admin(self, text: str, s: int, e: int, suffix: str, type_: str) -> Candidate | None:
        """区/市/县/国家 + body + 委/局/办/站/所: 区军民融合发展服务中心-like department names."""
        lex = self.lexicon
        b = s
        while b > 0 and s - b < 14:
            ch = text[b - 1]
            # 和 joins the two halves of a body's name (区发展和改革局, 区科技和经信局); elsewhere it ends a word
            if not _is_han(ch) or (ch in lex.function_chars and not (ch == "和" and b - 1 > 0 and text[b - 2] not in "区市县省")):
                break
            b -= 1
        anchor = None
        for i in range(b, s - 1):  # farthest admin character first: 区市场监管局 is 区 + 市场监管 + 局
            ch = text[i]
            if ch in "区市县省" and (i == 0 or text[i - 1] not in lex.admin_word_before) and text[i + 1] not in lex.admin_body_stop:
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
        return Candidate(anchor, e, text[anchor:e], type_, text[anchor:e], "suffix", 1)

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
            kind = _BUILT_KIND.match(text, i)  # 等商务写字楼建成: the kind the list is, then its building
            if kind is not None:
                i = kind.end()
        return text.startswith(lex.construction_after, i) or bool(lex.construction_actions.match(text, i))
