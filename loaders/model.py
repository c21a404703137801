"""What loaders produce: entities and relations, each with the evidence that states it.

Loaders know nothing of RDF or stores. They return an `Extraction`; graph/ turns it into triples.
Type and relation names are checked against the ontology, so a typo fails loudly at extraction time.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pypinyin import lazy_pinyin

from ontology import attribute_names, node_types, organization_types, relation_types

MAX_SLUG_LENGTH = 72


class LoaderError(ValueError):
    """A document could not be read or extracted. The message says why, for a person to read."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact is stated: the document, the cited span and the sentence around it.

    Offsets index into `SourceDocument.text` (the decoded text, BOM removed, line breaks kept), so
    `text[start:end]` is the cited words as they stand in the file, layout breaks included.
    `sentence` is the sentence with layout line breaks removed, as a reader would quote it.
    """

    document: str
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int


@dataclass(slots=True)
class Entity:
    id: str
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    attributes: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Relation:
    source: str
    type: str
    target: str
    evidence: Evidence
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)


@dataclass(slots=True)
class SourceDocument:
    id: str  # readable id, e.g. "document-yongchuan-2023-plan-report"
    name: str  # file name as given
    text: str  # decoded text, BOM removed, line breaks as in the file
    encoding: str
    sha256: str  # of the raw bytes
    title: str = ""


@dataclass(slots=True)
class Extraction:
    document: SourceDocument
    entities: dict[str, Entity] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    _relation_keys: set[tuple] = field(default_factory=set, repr=False)
    _evidence_keys: set[tuple[str, Evidence]] = field(default_factory=set, repr=False)
    # The district the document is about (set by the organisations extractor), and the scopes of names
    # that only make sense inside the document's own divisions: 区公安局 and 县委 (its county), 市政府 (its
    # city), 省委 (its province), a person (its county). They get ids scoped by the division they mean, so
    # Jiangjin's 区公安局 never merges with Yongchuan's, nor Nanchong's 市委 with Chongqing's.
    home_district: str | None = None
    scopes: dict[str, str] = field(default_factory=dict)

    def add_entity(
        self,
        type: str,
        label: str,
        evidence: Evidence | None = None,
        *,
        scope: str | None = None,
        aliases: set[str] | frozenset[str] = frozenset(),
        **attributes: Any,
    ) -> Entity:
        """Add (or merge into) the entity of this type and canonical label; returns it."""
        check_names(type=type, attributes=attributes)
        if scope is None and self.scopes:
            # 永川区 + 区公安局 → department-yong-chuan-qu-gong-an-ju: read as "Yongchuan's 区公安局".
            scope = relative_scope(type, label, self.scopes)
        entity_id = make_id(type, label, scope)
        entity = self.entities.get(entity_id)
        if entity is None:
            entity = self.entities[entity_id] = Entity(entity_id, type, label)
        elif entity.type != type:
            raise LoaderError(f"id {entity_id} used for both {entity.type} and {type}")
        entity.aliases.update(a for a in aliases if a != label)
        for name, value in attributes.items():
            if value is not None:
                entity.attributes.setdefault(name, value)
        if evidence is not None:
            self.cite(entity, evidence)
        return entity

    def cite(self, entity: Entity, evidence: Evidence) -> None:
        """Add one more evidence of an entity, once (the set keeps it O(1) per mention)."""
        key = (entity.id, evidence)
        if key not in self._evidence_keys:
            self._evidence_keys.add(key)
            entity.evidence.append(evidence)

    def relate(
        self, source: Entity | str, type: str, target: Entity | str, evidence: Evidence, **attributes: Any
    ) -> Relation | None:
        """Add a relation once per (source, type, target, evidence span); returns None for a repeat."""
        check_names(relation=type, attributes=attributes)
        source_id = source if isinstance(source, str) else source.id
        target_id = target if isinstance(target, str) else target.id
        key = (source_id, type, target_id, evidence.start, evidence.end)
        if key in self._relation_keys:
            return None
        self._relation_keys.add(key)
        relation = Relation(source_id, type, target_id, evidence, {k: v for k, v in attributes.items() if v is not None})
        self.relations.append(relation)
        return relation

    def of_type(self, type: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type]


def check_names(*, type: str | None = None, relation: str | None = None, attributes: dict | None = None) -> None:
    if type is not None and type not in node_types():
        raise LoaderError(f"unknown node type {type!r}; see ontology/yongchuan.ttl")
    if relation is not None and relation not in relation_types():
        raise LoaderError(f"unknown relation type {relation!r}; see ontology/yongchuan.ttl")
    for name in attributes or ():
        if name not in attribute_names() and name != "status":
            raise LoaderError(f"unknown attribute {name!r}; see ontology/yongchuan.ttl")


# The divisions of the national table above towns (each has a division code): named by place, never by level.
AREA_TYPES = frozenset({"Province", "City", "District"})


def relative_scope(type: str, label: str, scopes: dict[str, str]) -> str | None:
    """The scope of a name that denotes different things in different places (so its id needs the place):
    a person (officials are identified within their district; two 张静 elsewhere are other people), or an
    organisation named by its level (区公安局, 县委, 团市委, 市政府, 省委) rather than by its place."""
    if type == "Person":
        return scopes.get("person")
    if type not in organization_types() or type in AREA_TYPES:
        return None
    head = label[1] if label.startswith("团") and len(label) > 1 else label[0]
    return scopes.get(head)


_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """ASCII, readable, deterministic: 区经济信息委 → qu-jing-ji-xin-xi-wei; 100万吨 → 100-wan-dun."""
    words = []
    for token in lazy_pinyin(text, errors=lambda chars: [chars]):
        words.extend(w for w in _NON_WORD.split(token.lower()) if w)
    slug = "-".join(words)
    if len(slug) > MAX_SLUG_LENGTH or not slug:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        slug = f"{slug[:MAX_SLUG_LENGTH].rstrip('-')}-{digest}".lstrip("-")
    return slug


def make_id(type: str, label: str, scope: str | None = None) -> str:
    """Stable readable id: the type's prefix from the ontology, the scope (if any) and the label in pinyin.

    The same type and label give the same id in every document and every build, which is what merges
    one real thing mentioned in two documents into one node.
    """
    prefix = node_types()[type].id_prefix
    parts = [prefix]
    if scope:
        parts.append(slugify(scope))
    parts.append(slugify(label))
    return "-".join(parts)
