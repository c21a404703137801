"""Speeches: who spoke for which organisation, and the lines of work each speech reports.

Meeting summaries (季度例会发言摘要) print each speech as body paragraphs, a headline of one or two
short lines, and a signature line: organisation, titles, name (`区经济信息委党组书记、主任 李国财`). A line
can hold two posts: `区政府副区长，区公安局党委书记、局长 甘 宇`.

For each signature this extractor adds
* the Person (name without layout spaces) and HOLDS_POST person → organisation per post, `titles` on the
  relation, evidence the signature line;
* the speech's organisation (the post whose organisation the speech's opening names, else the last post)
  and, for each body paragraph that opens with a short lead sentence (聚焦痛点抓改革。) or a lead clause
  before a colon, an Initiative owned by it (OWNS, evidence the lead). The opening paragraph (区卫健委紧扣…)
  introduces the speaker and is not an initiative; the headline is a slogan and is kept as a note only;
* PART_OF for communities and villages a town's or subdistrict's own speech names, when nothing else
  placed them;
* `context.speeches`: one `Speech` per signature (organisation, speaker, posts, headline, the body's
  paragraphs, initiatives), for the policy and programme extractors.

A document without signature lines gets nothing. Signatures usually close a speech; when the document
prints them first (the speech follows its signature) that is detected per document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.organisations import OrganisationFinder, lexicon
from loaders.pipeline import extractor
from loaders.text import Paragraph, Sentence, split_sentences
from loaders.vocabulary import alternation

_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_SENTENCE_END = "。！？!?"
_CLOSERS = "”’」』）)》"
_MAX_SIGNATURE = 60
_MAX_HEADLINE = 40
_MAX_LEAD = 30
# Openings that continue the previous sentence rather than announce a line of work.
_CONTINUATIONS = ("在", "与", "对", "同时", "此外", "并", "和", "及", "以及", "其中", "另外", "还", "也", "又", "但",
                  "而", "且", "经", "被", "把", "将", "为此", "对此", "通过", "截至", "目前", "全年", "今年")
_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’|《[^《》]*》")


@dataclass(frozen=True, slots=True)
class Post:
    org_text: str  # the organisation as written
    org_begin: int  # offsets in the signature's text
    org_end: int
    titles: str


@dataclass(frozen=True, slots=True)
class Signature:
    paragraph: int
    name: str  # without layout spaces
    name_begin: int
    name_end: int
    posts: tuple[Post, ...]


@dataclass(slots=True)
class Speech:
    number: int
    org: str  # the label of the organisation the speech speaks for
    org_type: str
    person: str
    titles: str
    posts: list[dict]  # {org, org_type, titles} per post the signature gives
    headline: str
    headline_paragraphs: list[int]
    opening: int | None  # the paragraph that introduces the speaker's organisation
    paragraphs: list[int]  # the body
    signature: int  # the signature's paragraph
    initiatives: list[str] = field(default_factory=list)


def _signature_regex():
    titles = alternation(lexicon().titles)
    title_run = rf"(?:{titles})(?:、(?:{titles}))*"
    name = rf"[{_HAN}](?:[ \u3000]?[{_HAN}]){{1,3}}"
    whole = re.compile(rf"^(?P<head>.+?{title_run})[ \u3000]*(?P<name>{name})$")
    post = re.compile(rf"^(?P<org>.+?)(?P<titles>{title_run})$")
    return whole, post


_REGEX_CACHE: list = []


def _regexes():
    if not _REGEX_CACHE:
        _REGEX_CACHE.extend(_signature_regex())
    return _REGEX_CACHE


def parse_signature(text: str, finder: OrganisationFinder, paragraph: int = -1) -> Signature | None:
    """A signature line: one or more `organisation + titles` posts, then a 2–4 character name."""
    text = text.strip()
    if not text or len(text) > _MAX_SIGNATURE or any(ch in text for ch in "。！？；;：:“”《》"):
        return None
    whole, post_regex = _regexes()
    match = whole.match(text)
    if match is None:
        return None
    name = "".join(match.group("name").split())
    if not 2 <= len(name) <= 4 or (len(name) == 4 and " " not in text[match.start("name") - 1 : match.start("name")]):
        return None
    posts = []
    offset = 0
    head = match.group("head")
    for part in re.split(r"[，,]", head):
        begin = offset
        offset += len(part) + 1
        stripped = part.strip()
        if not stripped:
            return None
        begin += len(part) - len(part.lstrip())
        post = post_regex.match(stripped)
        if post is None:
            return None
        org = post.group("org")
        if finder.resolve(org) is None:
            return None
        posts.append(Post(org, begin, begin + len(org), post.group("titles")))
    if not posts:
        return None
    return Signature(paragraph, name, match.start("name"), match.end("name"), tuple(posts))


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in _SENTENCE_END


def _headline_like(paragraph: Paragraph) -> bool:
    """A short line with no sentence end: a headline (or a wrapped headline's second line)."""
    text = paragraph.text
    return len(text) <= _MAX_HEADLINE and not _ends_sentence(text) and not text.endswith(("，", ",", "、"))


def _mentions(finder: OrganisationFinder, sentence: Sentence, label: str) -> bool:
    return any(m.label == label for m in finder.find(sentence))


def _lead(sentence_text: str) -> str | None:
    """The sentence as a lead (a line of work announced in a few words), or None."""
    text = sentence_text.strip().rstrip("。！!")
    bare = _QUOTED.sub("“”", text)
    if not 4 <= len(bare) <= _MAX_LEAD or len(text) > _MAX_LEAD + 12:
        return None
    if re.search(r"[0-9０-９%％]", bare) or any(ch in bare for ch in "；;：:、《（(？?"):
        return None
    if bare.count("，") > 1 or text.startswith(_CONTINUATIONS) or text.endswith("，"):
        return None
    return text


def _colon_lead(sentence_text: str) -> str | None:
    head, sep, rest = sentence_text.partition("：")
    if not sep or not rest.strip():
        return None
    return _lead(head)


@extractor("speeches", needs=("organisations",), provides=("speeches",))
def extract_speeches(context) -> None:
    finder = context.organisations
    paragraphs = context.segmented.paragraphs
    signatures = []
    for paragraph in paragraphs:
        if paragraph.standalone or (len(paragraph.text) <= _MAX_SIGNATURE and not _ends_sentence(paragraph.text)):
            signature = parse_signature(paragraph.text, finder, paragraph.index)
            if signature is not None:
                signatures.append(signature)
    context.speeches = speeches = []
    if not signatures:
        return
    sentences_of: dict[int, list[Sentence]] = {}
    for sentence in context.sentences:
        sentences_of.setdefault(sentence.paragraph.index, []).append(sentence)

    def first_sentence(index: int) -> Sentence | None:
        found = sentences_of.get(index)
        if found is None:
            found = sentences_of[index] = split_sentences(paragraphs[index])
        return found[0] if found else None

    def opens_with(index: int, labels: set[str]) -> bool:
        sentence = first_sentence(index)
        return sentence is not None and any(m.label in labels for m in finder.find(sentence))

    def org_labels(signature: Signature) -> set[str]:
        return {finder.resolve(post.org_text)[0] for post in signature.posts}

    regions = _speech_regions(signatures, paragraphs, opens_with, org_labels)
    for number, (signature, region) in enumerate(zip(signatures, regions, strict=True)):
        speeches.append(_read_speech(context, finder, number, signature, region, first_sentence, opens_with,
                                     org_labels))


def _speech_regions(signatures, paragraphs, opens_with, org_labels) -> list[list[int]]:
    """The paragraphs each signature may own: those before it (since the previous signature), or — when
    the document prints signatures first — those after it (up to the next)."""
    bounds = [s.paragraph for s in signatures]
    before = [list(range(bounds[k - 1] + 1 if k else 0, bounds[k])) for k in range(len(bounds))]
    after = [list(range(bounds[k] + 1, bounds[k + 1] if k + 1 < len(bounds) else len(paragraphs)))
             for k in range(len(bounds))]

    def votes(regions) -> int:
        return sum(any(opens_with(i, org_labels(sig)) for i in region if not paragraphs[i].standalone)
                   for sig, region in zip(signatures, regions, strict=True))

    return after if votes(after) > votes(before) else before


def _read_speech(context, finder, number: int, signature: Signature, region: list[int], first_sentence,
                 opens_with, org_labels) -> Speech:
    paragraphs = context.segmented.paragraphs
    extraction = context.extraction
    document = context.source.id
    labels = org_labels(signature)
    signature_before_body = bool(region) and region[0] > signature.paragraph
    # Headline: the short lines next to the signature (before it, or right after it when it comes first).
    headline_indexes: list[int] = []
    ordered = region if signature_before_body else list(reversed(region))
    for index in ordered:
        if _headline_like(paragraphs[index]) and not opens_with(index, labels):
            headline_indexes.append(index)
        else:
            break
    headline_indexes.sort()
    body_candidates = [i for i in region if i not in headline_indexes]
    # Opening: the first body paragraph whose first sentence names the speaker's organisation; what comes
    # before it (a page intro, a 核心提示 box, the previous speech's headline) is not this speech.
    opening = next((i for i in body_candidates if not paragraphs[i].standalone and opens_with(i, labels)), None)
    if opening is None:
        last_standalone = max((i for i in body_candidates if paragraphs[i].standalone), default=-1)
        body = [i for i in body_candidates if i > last_standalone]
    else:
        body = [i for i in body_candidates if i >= opening]
    body = [i for i in body if not paragraphs[i].standalone or len(paragraphs[i].text) > _MAX_HEADLINE]
    # The people and their posts.
    sentence = first_sentence(signature.paragraph)
    line_evidence = sentence.evidence(document)
    person = extraction.add_entity("Person", signature.name,
                                   sentence.evidence(document, signature.name_begin, signature.name_end))
    posts = []
    speaker_org = None
    opening_sentence = first_sentence(opening) if opening is not None else None
    for post in signature.posts:
        org_evidence = sentence.evidence(document, post.org_begin, post.org_end)
        entity = finder.entity_for(post.org_text, org_evidence)
        if entity is None:
            continue
        extraction.relate(person, "HOLDS_POST", entity, line_evidence, titles=post.titles)
        posts.append({"org": entity.label, "org_type": entity.type, "titles": post.titles})
        if opening_sentence is not None and _mentions(finder, opening_sentence, entity.label):
            speaker_org = (entity, post.titles)
    if speaker_org is None and posts:
        last = signature.posts[-1]
        speaker_org = (finder.entity_for(last.org_text, None), last.titles)
    owner, titles = speaker_org
    # Initiatives: each body paragraph after the opening that opens with a lead.
    initiatives = []
    previous_lead_only = False
    previous_index = opening
    for index in body:
        if index == opening:
            previous_lead_only = False
            previous_index = index
            continue
        paragraph = paragraphs[index]
        continues = previous_index is not None and not _ends_sentence(paragraphs[previous_index].text)
        previous_index = index
        lead_sentence = first_sentence(index)
        if lead_sentence is None:
            continue
        if previous_lead_only or continues:
            previous_lead_only = False
            continue  # the body of the lead just before (聚焦特色效益农业，助力高质量发展。 / 引进…)
        lead = _lead(lead_sentence.text)
        if lead is None:
            lead = _colon_lead(lead_sentence.text)
        if lead is None or any(m.label in labels for m in finder.find(lead_sentence)):
            previous_lead_only = False
            continue
        evidence = lead_sentence.evidence(document, 0, len(lead))
        initiative = extraction.add_entity("Initiative", lead, evidence, scope=owner.label)
        extraction.relate(owner, "OWNS", initiative, evidence)
        initiatives.append(lead)
        previous_lead_only = len(paragraph.text.strip().rstrip("。！!")) <= len(lead)
    _place_communities(context, finder, owner, body)
    return Speech(number, owner.label, owner.type, signature.name, titles, posts,
                  " ".join(paragraphs[i].text for i in headline_indexes), headline_indexes, opening, body,
                  signature.paragraph, initiatives)


def _place_communities(context, finder, owner, body: list[int]) -> None:
    """Communities and villages a town's (or subdistrict's) own speech names are in that town."""
    if owner.type not in ("Town", "Subdistrict"):
        return
    extraction = context.extraction
    placed = {r.source for r in extraction.relations if r.type == "PART_OF"}
    wanted = set(body)
    for sentence in context.sentences:
        if sentence.paragraph.index not in wanted:
            continue
        for mention in finder.find(sentence):
            if mention.type not in ("Community", "Village") or mention.parent is not None:
                continue
            entity = extraction.add_entity(mention.type, mention.label)
            if entity.id in placed:
                continue
            evidence = sentence.evidence(context.source.id, mention.begin, mention.end)
            extraction.relate(entity, "PART_OF", owner, evidence)
            placed.add(entity.id)
