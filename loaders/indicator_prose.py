"""Indicators written in prose: 全年地区生产总值增长5.8%, 达到1281.4亿元, 分别增长7.2%、9.4%, 下降3.2%.

A sentence is read clause by clause (between ，；。). A clause states an indicator when it is

    [period] [scope and verb words] NAME [verb] VALUE UNIT [，(同比)增长 PCT%]      实现地区生产总值962亿元、增长8.8%
    [period] [scope words] NAME (同比)增长|下降 PCT%                            固定资产投资增长9.8%
    NAME1、NAME2 (和) 分别 增长|达到 V1、V2 (和 V2)                             分别增长20%和10%

where NAME ends with a statistic's head noun (生产总值, 增加值, 收入, 零售总额 … in
loaders/data/indicators.yaml) — so 新签约项目7个 is a count of work done, not an indicator. A clause that
is only a change (，增长8.1%) completes the indicator of the clause before it. A name missing its head in a
分别 list takes the last name's (城镇和农村居民人均可支配收入 → 城镇居民人均可支配收入). Growth is negative for
下降; the period is the sentence's (上半年 → H1, 1—5月 → M1-M5, 过去五年…年均 → 5y), else the whole year.

`read_indicators(text)` returns what a sentence states; the indicators extractor decides years, areas
and ids (loaders/indicators.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.vocabulary import alternation, longest_first, read_data

_NUMBER = r"\d+(?:\.\d+)?"
_CLAUSE = re.compile(r"[^，,；;。！？!?：:]+")
_MONTHS = re.compile(r"(\d{1,2})\s*[-—–－~～至到]\s*(\d{1,2})\s*月(?:份)?")
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fffA-Za-z（）()“”]+$")
_PARENTHESES = re.compile(r"[（(][^（）()]*[）)]")
_DIGIT = re.compile(r"\d")
_GROWTHS_ONLY = re.compile(r"^分别(?:增长|下降|提高)")
_MET = re.compile(r"^(?:均|全面|超额|顺利)?(?:达到|完成|实现|超过|超)(?:了)?(?:年度|全年)?(?:预期|目标|计划)")
_NOT_MET = re.compile(r"^(?:未|没有|尚未)(?:能)?(?:达到|完成|实现)|^低于(?:预期|目标)")
_THRESHOLD = r"\d+万元以上"  # 500万元以上固定资产投资: a threshold is part of the statistic's name
_MIN_NAME = 4  # 投资, 总投资, 收入 alone say what kind of money, not which statistic
_MAX_QUALIFIER = 12


@dataclass(frozen=True, slots=True)
class Stated:
    """One indicator a clause states; offsets index the sentence."""

    name: str
    value: float | None
    unit: str | None
    growth: float | None
    period: str | None  # None: the whole year
    begin: int
    end: int
    met: bool | None = None  # the sentence says the target was reached (达到预期) or not (未达预期)


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    heads: tuple[str, ...]
    lead: re.Pattern
    value: re.Pattern  # NAME verb? VALUE UNIT [growth]
    growth: re.Pattern  # NAME? growth-verb PCT%
    respectively: re.Pattern  # NAMES 分别 verb V、V
    signs: dict[str, int]
    periods: dict[str, str]
    period_words: re.Pattern
    five_year: re.Pattern
    not_names: tuple[str, ...]
    rates: tuple[str, ...]  # names whose level is a percentage (就业率 达60%)
    not_leading: tuple[str, ...]
    inner_verb: re.Pattern  # a verb inside a name: 脱贫劳动力实现稳定就业 is a sentence, not a name
    splits: dict[str, list[str]]  # 城乡 → 城镇, 农村: a shared qualifier that 分别 gives each its own
    targets: re.Pattern  # words that make a figure a target, not an outcome (力争, 确保)


@cache
def _vocabulary() -> _Vocabulary:
    data = read_data("indicators.yaml")
    units = alternation(data["units"])
    growth_verbs = alternation(data["growth_verbs"])
    value_verbs = alternation(data["value_verbs"])
    return _Vocabulary(
        heads=longest_first(data["heads"]),
        lead=re.compile(rf"^(?:{alternation(data['lead_words'])}|{alternation(data['periods'])})+"),
        value=re.compile(
            rf"(?P<name>(?:{_THRESHOLD})?[^\d%％]*?)(?:(?:{value_verbs})了?)?(?P<value>{_NUMBER})\s*(?P<unit>{units}|[%％])"
            rf"(?:以上|左右|多)?(?:[、,，]?\s*(?:同比|比上年)?(?P<gverb>{growth_verbs})\s*(?P<pct>{_NUMBER})\s*[%％])?"
            r"(?:、[^%％]*)?\s*$"
        ),
        growth=re.compile(rf"(?P<name>[^%％]*?)(?:同比|比上年|年均)?(?P<gverb>{growth_verbs})\s*(?P<pct>{_NUMBER})\s*[%％]"
                          r"(?:、[^%％]*)?\s*$"),  # …增长5.9%、位列全市第8位
        respectively=re.compile(
            rf"(?P<names>[^\d%％]+?)分别(?:(?P<gverb>{growth_verbs})|(?:{value_verbs}))?"
            rf"(?P<values>{_NUMBER}\s*(?:[%％]|{units})?(?:\s*[、和及与]\s*{_NUMBER}\s*(?:[%％]|{units})?)+)$"
        ),
        signs=dict(data["growth_verbs"]),
        periods=dict(data["periods"]),
        period_words=re.compile(alternation(data["periods"])),
        five_year=re.compile(alternation(data["five_year"])),
        not_names=tuple(data["not_in_names"]),
        rates=tuple(data["rates"]),
        not_leading=tuple(data["not_leading"]),
        inner_verb=re.compile("(?<=.)(?:实现|完成|达到|突破|超过)"),
        splits=dict(data["respectively_splits"]),
        targets=re.compile(alternation(data["target_words"])),
    )


def sentence_period(text: str) -> str | None:
    """The part of the year a sentence's figures cover: H1, Q1-Q3, M1-M5 …, 5y, or None (the year)."""
    words = _vocabulary()
    months = _MONTHS.search(text[:40])
    if months:
        first, last = int(months.group(1)), int(months.group(2))
        if 1 <= first < last <= 12:
            return f"M{first}-M{last}"
    if words.five_year.search(text[:60]) and "年均" in text:
        return "5y"
    found = words.period_words.search(text[:30])
    if found:
        period = words.periods[found.group()]
        return None if period == "year" else period
    return None


def read_indicators(text: str) -> list[Stated]:
    """The indicators a sentence states, in order."""
    words = _vocabulary()
    if not _DIGIT.search(text):
        return []
    period = sentence_period(text)
    found: list[Stated] = []
    # a parenthesis (同比，下同) is read as spaces: its commas split no clause, offsets stay the text's
    masked = _PARENTHESES.sub(lambda m: " " * len(m.group()), text)
    for clause in _CLAUSE.finditer(masked):
        raw = clause.group()
        start = clause.start() + len(raw) - len(raw.lstrip())
        part = raw.strip()
        if not part:
            continue
        met = True if _MET.match(part) else False if _NOT_MET.match(part) else None
        if met is not None and found and found[-1].met is None:
            previous = found.pop()  # 增长6.6%，达到预期目标: whether the figure just read met its target
            found.append(Stated(previous.name, previous.value, previous.unit, previous.growth, previous.period,
                                previous.begin, previous.end, met))
            continue
        if words.targets.search(part):
            continue  # 力争全年接待游客3000万人次以上: a target (the target sentences are read apart)
        if not _DIGIT.search(part):
            continue
        match = words.respectively.match(part)
        if match:
            items = _respectively(match, start, period)
            previous = [f for f in found if f.end >= start - 2 - 30 and f.growth is None and f.value is not None]
            if not items and _GROWTHS_ONLY.match(part) and len(previous) >= 2:
                # 城镇、农村居民人均可支配收入分别为40046元、18177元，分别增长4.6%、8.3%: the changes of the levels
                growths = [float(g) for g in re.findall(rf"({_NUMBER})\s*[%％]", part)]
                sign = words.signs.get(match.group("gverb") or "", 1)
                tail = previous[-len(growths):] if len(growths) <= len(previous) else []
                for item, growth in zip(tail, growths, strict=False):
                    k = found.index(item)
                    found[k] = Stated(item.name, item.value, item.unit, sign * growth, item.period, item.begin,
                                      start + len(part), item.met)
                continue
            found.extend(items)
            continue
        match = words.value.match(part)
        name = _name(match.group("name")) if match else None
        if match and name and (match.group("unit") not in ("%", "％") or name.endswith(words.rates)):
            growth = _growth(match)
            found.append(Stated(name, _decimal(match.group("value")), match.group("unit"), growth, period,
                                start + match.start("name") + match.group("name").rfind(name[:2]),
                                start + len(part)))
            continue
        match = words.growth.match(part)
        if match is None:
            continue
        name = _name(match.group("name"))
        growth = _growth(match)
        if name:
            found.append(Stated(name, None, None, growth, period,
                                start + match.start("name") + match.group("name").rfind(name[:2]), start + len(part)))
        elif not _PARENTHESES.sub("", match.group("name")).strip("同比上年按可价格计算 ") and found \
                and found[-1].growth is None and found[-1].value is not None:
            previous = found.pop()  # 完成1281.4亿元，增长8.1%: the change of the level just read
            found.append(Stated(previous.name, previous.value, previous.unit, growth, previous.period,
                                previous.begin, start + len(part)))
    return found


def _respectively(match: re.Match, start: int, period: str | None) -> list[Stated]:
    words = _vocabulary()
    raw_names = match.group("names")
    names = [n for n in re.split(r"[、和及与]", _PARENTHESES.sub("", raw_names)) if n]
    values = re.findall(rf"({_NUMBER})\s*([%％]|[^\d、和及与\s]*)", match.group("values"))
    if len(names) == 1 and len(values) > 1:  # 城乡居民人均可支配收入分别增长: 城乡 is 城镇 and 农村
        name = _name(names[0], require_head=False) or ""
        split = next((key for key in words.splits if name.startswith(key)), None)
        if split is not None and len(words.splits[split]) == len(values):
            names = [part + name[len(split):] for part in words.splits[split]]
    if len(names) != len(values) or len(names) < 2:
        return []
    first = names[0]
    first_head = next((h for h in words.heads if first.endswith(h)), None)
    last_raw = names[-1]
    for k in range(len(names)):
        if k and names[k] in words.heads and first_head and len(first) > len(first_head):
            names[k] = first[: -len(first_head)] + names[k]  # 实际使用内资、外资 → 实际使用外资
        elif not _has_head(names[k]) and len(last_raw) > len(names[k]):
            names[k] = names[k] + last_raw[len(names[k]):]  # 城镇和农村居民人均可支配收入 → 城镇居民…
    cleaned = [_name(n) for n in names]
    if not all(cleaned):
        return []
    sign = words.signs.get(match.group("gverb") or "", 1)
    result = []
    for name, (number, unit) in zip(cleaned, values, strict=True):
        percent = unit in ("%", "％") or (match.group("gverb") and not unit)
        value = _decimal(number)
        result.append(Stated(name, None if percent else value, None if percent else unit or None,
                             sign * value if percent else None, period, start, start + len(match.group())))
    return result


def _growth(match: re.Match) -> float | None:
    if not match.group("gverb"):
        return None
    return _vocabulary().signs[match.group("gverb")] * _decimal(match.group("pct"))


def _decimal(text: str) -> float:
    value = float(text)
    return int(value) if value == int(value) and "." not in text else value


def _name(raw: str, require_head: bool = True) -> str | None:
    """The indicator's name in the words before its figure: scope, period and verb words cut."""
    words = _vocabulary()
    text = _PARENTHESES.sub("", raw).strip()
    if re.search(r"\d", re.sub(rf"^{_THRESHOLD}", "", text)) or any(word in text for word in words.not_names):
        return None  # 112个区级重点项目完成投资, 年度计划投资: money of projects, not a statistic of the area
    previous = None
    while previous != text:
        previous = text
        text = words.lead.sub("", text)
    text = re.sub(r"(?:同比|比上年|年均|累计|共计|总计|实现|完成|达到)$", "", text)
    if "、" in text or "等" in text or text.startswith(words.not_leading) or words.inner_verb.search(text):
        return None  # 冬菜、荷花等特色产业综合产值, 所有村…收入, 推动…收入: a list, a quantifier, a verb
    if not _MIN_NAME <= len(text) <= 24 or not _NAME_CHARS.match(text):
        return None
    if require_head and not _has_head(text):
        cut = _after_head(text)  # 一般公共预算收入扣除留抵退税后、同口径 → 一般公共预算收入
        if cut is None:
            return None
        text = cut
    return text


def _after_head(text: str) -> str | None:
    """The name up to its last head noun, when what follows is a short qualifier (同口径, 扣除…后)."""
    words = _vocabulary()
    best = -1
    for head in words.heads:
        k = text.rfind(head)
        if k >= 0:
            best = max(best, k + len(head))
    if best < _MIN_NAME or len(text) - best > _MAX_QUALIFIER:
        return None
    return text[:best]


def _has_head(name: str) -> bool:
    return name.endswith(_vocabulary().heads)
