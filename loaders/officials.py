"""Officials named in prose, report heads and bylines, with the posts the text gives them.

News pages, reports and notices name officials by their posts, in a few shapes:

    县委副书记、县政府党组书记、代理县长王春梅致辞       titles (each after its body, or naming it) + name
    区发改局金楠局长汇报了…                              body + name + title
    成都市双流区发展和改革局局长 黄 彬                    a head or byline line: body + title + padded name
    区长 邓伟强                                          a report head: a title that names its body

Each gives a Person (the name without layout spaces) and one HOLDS_POST per body, with the titles held
there (`党组书记、代理县长`) and the words as evidence. A title without a body of its own belongs to the body
before it (党委书记、总经理 of one company), unless it names one (市长 → 市政府). A name must open with a
surname and end where the sentence goes on with what officials do (主持, 致辞, 率队 …) or at punctuation
(word lists in loaders/data/people.yaml). Reporters, editors and photographers (记者 杨鹏飞 摄) carry no
title, so they are never officials. Signature lines of meeting pages are the speeches extractor's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.gazetteer import gazetteer
from loaders.model import AREA_TYPES
from loaders.org_suffixes import _SUFFIX_REGEX
from loaders.organisations import OrgMention, lexicon
from loaders.pipeline import extractor
from loaders.text import Sentence
from loaders.vocabulary import alternation, longest_first, read_data, trie_regex

_HAN = "\u3400-\u9fff"
_SEPARATORS = "、，,"
_PUNCTUATION = "，。；：！？、,.;:!?）)”’》\n——-…"
_LEVEL_BODIES = ("区委", "县委", "市委", "省委", "旗委", "州委")
_SUB_BODY = re.compile(r"(?:办公室|管委会|党工委|工委|党校|统战部|组织部|宣传部|纪委|监委)$")


@dataclass(frozen=True, slots=True)
class _Words:
    surnames: frozenset[str]
    compound: frozenset[str]
    followers: re.Pattern
    implied: dict[str, str]
    titles: re.Pattern  # any title, longest first
    title_end: re.Pattern  # a title ending where the match ends (for reading a chain backwards)
    implied_after: re.Pattern  # a name, then a title naming its body: 朱林森市长


@cache
def _words() -> _Words:
    data = read_data("people.yaml")
    titles = longest_first({*lexicon().titles, *data["implied_bodies"]})
    return _Words(
        surnames=frozenset(data["surnames"]),
        compound=frozenset(data["compound_surnames"]),
        followers=re.compile(trie_regex(data["name_followers"])),
        implied=dict(data["implied_bodies"]),
        titles=re.compile(trie_regex(titles)),
        title_end=re.compile("(?:" + alternation(titles) + ")$"),
        implied_after=re.compile(rf"(?P<name>[{_HAN}]{{2,3}}?)(?P<title>"
                                 + alternation(data["implied_bodies"]) + ")"),
    )


@dataclass(frozen=True, slots=True)
class _Post:
    org: OrgMention | None  # the body written before the title (None: implied, or the body to its left)
    titles: list[str]
    begin: int


@extractor("officials", needs=("organisations",), after=("speeches",))
def extract_officials(context) -> None:
    finder = context.organisations
    signatures = {speech.signature for speech in context.speeches or ()}
    document = context.source.id
    for sentence in context.sentences:
        if sentence.paragraph.index in signatures:
            continue  # a speech's signature: read with its speech
        text = sentence.text
        if not _TITLE_OR_BODY.search(text):
            continue
        mentions = [m for m in finder.find(sentence) if m.source != "prefix"]
        for name, name_begin, name_end, posts in _officials(text, mentions):
            _record(context, sentence, document, name, name_begin, name_end, posts)


_TITLE_OR_BODY = re.compile(r"书记|长|主任|主席|委员|常委|经理|董事|成员|负责人|巡视员|调研员|政委")


def _officials(text: str, mentions: list[OrgMention]):
    """(name, begin, end, posts) of each official the text names."""
    words = _words()
    org_ending = {m.end: m for m in mentions}
    taken: set[int] = set()
    for match in words.titles.finditer(text):
        name = _name_at(text, _skip_spaces(text, match.end()))
        if name is None:
            continue
        begin, end, person = name
        posts = _chain(text, match.end(), org_ending)
        if posts and begin not in taken:
            taken.add(begin)
            yield person, begin, end, posts
    for match in words.implied_after.finditer(text):  # 朱林森市长所作的报告: a name, then a title naming its body
        begin = match.start()
        person = match.group("name")
        if begin in taken or not _is_name(person) or not _ends_name(text, match.end()):
            continue
        if begin > 0 and "\u3400" <= text[begin - 1] <= "\u9fff" and text[begin - 1] not in "，、。；：":
            continue  # inside a word: the name must start after punctuation
        body = words.implied[match.group("title")]
        taken.add(begin)
        yield person, begin, match.start("title"), [_Post(OrgMention(body, "Department", begin, begin, body),
                                                          [match.group("title")], begin)]
    for mention in mentions:  # 区发改局金楠局长: body, name, title
        for size in (3, 2):
            begin, end = mention.end, mention.end + size
            person = text[begin:end]
            title = words.titles.match(text, end)
            if (len(person) == size and _is_name(person) and title is not None and _ends_name(text, title.end())
                    and begin not in taken and words.titles.match(text, begin) is None
                    and not _SUFFIX_REGEX.search(person)):  # 县政府党组书记, 重庆公司党委书记: no name between
                taken.add(begin)
                yield person, begin, end, [_Post(mention, [title.group()], mention.begin)]
                break


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \u3000\u00a0\t":
        i += 1
    return i


def _name_at(text: str, i: int) -> tuple[int, int, str] | None:
    """The name starting at i: a surname and one or two characters (layout spaces allowed between
    them), followed by a word officials do or punctuation; the longer reading first."""
    words = _words()
    chars: list[int] = []
    j = i
    while j < len(text) and len(chars) < 4:
        if "\u3400" <= text[j] <= "\u9fff":
            chars.append(j)
            j += 1
        elif text[j] in " \u3000" and chars and j + 1 < len(text) and "\u3400" <= text[j + 1] <= "\u9fff":
            j += 1  # 张  三: layout spaces inside a name
        else:
            break
    sizes = (3, 2, 4)
    if len(chars) >= 3 and _words().followers.match(text, chars[2]) and _is_name(text[chars[0]] + text[chars[1]]):
        sizes = (2, 3, 4)  # 李锋在…: the name ends where a word officials do begins
    for size in sizes:
        if len(chars) < size:
            continue
        end = chars[size - 1] + 1
        person = "".join(text[k] for k in chars[:size])
        if size == 4 and person[:2] not in words.compound:
            continue
        if _is_name(person) and _ends_name(text, end):
            return i, end, person
    return None


def _is_name(person: str) -> bool:
    words = _words()
    if person[:2] in words.compound:
        return len(person) in (3, 4)
    return len(person) in (2, 3) and person[0] in words.surnames and not words.titles.match(person[1:])


def _ends_name(text: str, end: int) -> bool:
    if end >= len(text):
        return True
    if text[end] in _PUNCTUATION or text[end] in " \u3000":
        return True
    return _words().followers.match(text, end) is not None


def _chain(text: str, end: int, org_ending: dict[int, OrgMention]) -> list[_Post]:
    """The posts written before a name, read backwards from the end of its last title: each title, the
    body written right before it if any, separated by 、 or ，."""
    words = _words()
    items: list[_Post] = []
    pos = end
    while True:
        match = words.title_end.search(text, max(0, pos - 8), pos)
        if match is None:
            break
        title, begin = match.group(), match.start()
        for body in _LEVEL_BODIES:  # 县委常委 is the title 常委 held in 县委
            if title.startswith(body) and len(title) > len(body):
                items.append(_Post(OrgMention(body, "Department", begin, begin + len(body), body), [title[len(body):]],
                                   begin))
                break
        else:
            org = org_ending.get(begin)
            unit = None if org is not None else _SUB_BODY.search(text, max(0, begin - 4), begin)
            if unit is not None and unit.end() == begin:  # 办公室主任, 管委会主任: a unit of the body before
                title, begin = unit.group() + title, unit.start()
                org = org_ending.get(begin)
            items.append(_Post(org, [title], org.begin if org else begin))
        pos = items[-1].begin
        if pos > 0 and text[pos - 1] in _SEPARATORS:
            pos -= 1
            continue
        break
    items.reverse()
    # a title without a body is held in the body before it, unless it names its own (市长 → 市政府)
    posts: list[_Post] = []
    for item in items:
        title = item.titles[0]
        if item.org is not None and item.org.type in AREA_TYPES and title in words.implied:
            # 金华市市长: the post is at the city's government (市政府 of 金华), not the city
            body = words.implied[title]
            scope = item.org.scope or gazetteer().short(item.org.label)
            item = _Post(OrgMention(body, "Department", item.org.begin, item.org.end, item.org.surface + body[1:],
                                    scope=scope), [title], item.begin)
            posts.append(item)
            continue
        if item.org is None and title in words.implied:
            body = words.implied[title]
            same = next((p for p in posts if p.org is not None and p.org.label == body), None)
            if same is not None:
                same.titles.append(title)
            else:
                posts.append(_Post(OrgMention(body, "Department", item.begin, item.begin, body), [title], item.begin))
        elif item.org is None and posts:
            posts[-1].titles.append(title)
        elif item.org is not None:
            same = next((p for p in posts if p.org is not None and p.org.label == item.org.label), None)
            if same is not None:
                same.titles.append(title)
            else:
                posts.append(item)
    return [p for p in posts if p.org is not None]


def _record(context, sentence: Sentence, document: str, name: str, name_begin: int, name_end: int,
            posts: list[_Post]) -> None:
    extraction = context.extraction
    finder = context.organisations
    start = min(p.begin for p in posts)
    evidence = sentence.evidence(document, start, name_end)
    person = extraction.add_entity("Person", name, sentence.evidence(document, name_begin, name_end))
    for post in posts:
        org = post.org
        if org.end > org.begin:
            entity = finder.add(org, sentence.evidence(document, org.begin, org.end))
        else:  # a body the title names (县长 → 县政府), not written: cited by the title that names it
            title = post.titles[0]
            at = sentence.text.find(title, post.begin)
            words = sentence.evidence(document, at, at + len(title)) if at >= 0 else evidence
            entity = finder.entity_for(org.label, words)
        if entity is not None:
            extraction.relate(person, "HOLDS_POST", entity, evidence, titles="、".join(post.titles))
