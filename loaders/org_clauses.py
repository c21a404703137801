"""Enterprises and institutions found by how a clause reads, when their names carry no suffix.

Two clause patterns: `X获…企业/认证` (奉民农科获SGS欧盟出口认证, 红江机械成为…标杆企业) and lists whose head
says what the items are, ending in 等企业 / 引进…等项目 (腾讯、华为云能力中心等企业).
"""

from __future__ import annotations

import re

from loaders.org_suffixes import _HAN, Candidate

_CLAUSE_PUNCTUATION = "，。；：！？!?;:,"
# X获…企业 / X成为…企业: an enterprise with no suffix, at the start of a clause.
_PREDICATE_REGEX = re.compile(rf"(?:^|(?<=[{_CLAUSE_PUNCTUATION}、“”]))([{_HAN}]{{2,8}}?)(?=成为|荣获|获评|获批|入选|获得|获)")
_PREDICATE_REST = re.compile(r"企业|认证")
# A、B等企业 / 引进A、B等N个项目 / 与A、B等优质医疗资源: lists whose head says what the items are.
_LIST_REGEX = re.compile(rf"等(?:\d+[家个])?[{_HAN}]{{0,6}}?(企业|公司|集团|医疗资源|医疗机构|医院|高校|院校|项目)")
_LIST_HEAD_TYPE = {"企业": "Enterprise", "公司": "Enterprise", "集团": "Enterprise", "项目": "Enterprise",
                   "医疗资源": "Institution", "医疗机构": "Institution",
                   "医院": "Institution", "高校": "Institution", "院校": "Institution"}
_TOWN_LIST = re.compile(rf"(?P<items>[{_HAN}]{{2,4}}(?:、[{_HAN}]{{2,4}})+)等(?:\d+个)?(?:乡镇|镇街|镇|乡|街道)")
_NAME_CHARS = re.compile(rf"[{_HAN}·]+")
_MAX_CLAUSE = 120  # characters a clause pattern looks at (keeps unpunctuated text linear)
_PARENTHESIS_TAIL = re.compile(r"[（(][^（()）]{1,10}[）)]$")


class ClauseReader:
    """The clause patterns, mixed into OrganisationFinder (which provides gazetteer, lexicon, home and
    `_long_start`)."""

    def _list_candidates(self, text: str) -> list[Candidate]:
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
                result.append(Candidate(item_begin, item_end, entry.label if entry else label, type_,
                                         text[item_begin:item_end], "list", 2))
        return result

    def _predicate_candidates(self, text: str) -> list[Candidate]:
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
            result.append(Candidate(name_start, match.end(1), name, "Enterprise", name, "predicate", 3))
            result.extend(self._listed_before(text, name_start))
        return result

    def _town_list_candidates(self, text: str) -> list[Candidate]:
        """南泉、师古、洛水、禾丰等镇: towns of the document's counties named by their short names in a list
        whose head says they are towns (等镇, 等乡镇, 等街道)."""
        if not self.towns or "等" not in text:
            return []
        shorts = {town.short: town for town, _county in self.towns.values()}
        result = []
        for match in _TOWN_LIST.finditer(text):
            items = match.group("items").split("、")
            position = match.start("items")
            for item in items:
                town = shorts.get(item)
                if town is not None:
                    result.append(Candidate(position, position + len(item), town.name, town.type, item, "list", 2))
                position += len(item) + 1
        return result

    def _listed_before(self, text: str, end: int) -> list[Candidate]:
        """睿兆芯、湘溪塑业、恒泰纸管获评…: the names listed before the one the predicate follows."""
        lex = self.lexicon
        found = []
        while end > 0 and text[end - 1] == "、":
            start = end - 1
            while start > 0 and end - 1 - start < 8 and "\u4e00" <= text[start - 1] <= "\u9fff":
                start -= 1
            name = lex.strip_scope(text[start : end - 1])
            begin = end - 1 - len(name)
            if not 2 <= len(name) <= 8 or any(ch in lex.function_chars for ch in name) or lex.is_generic(name) \
                    or lex.strong_regex.search(name) or self.gazetteer.lookup(name, self.home) is not None:
                break
            found.append(Candidate(begin, end - 1, name, "Enterprise", name, "predicate", 3))
            end = begin
        return found

    # ------------------------------------------------------------------ document level
