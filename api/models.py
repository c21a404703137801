"""Response models: the JSON shapes of the API, as they appear in the OpenAPI schema at /docs.

They mirror what graph/queries.py returns; attributes stay an open object because they are whatever the
ontology's datatype properties say (status, year, value, …), and a value stated differently by two
documents becomes a list.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Attributes = dict[str, Any]


class NodeRef(BaseModel):
    id: str = Field(examples=["department-qu-jing-ji-xin-xi-wei"])
    type: str = Field(examples=["Department"])
    label: str = Field(examples=["区经济信息委"])


class NodeSummary(NodeRef):
    aliases: list[str] = []
    attributes: Attributes = {}


class Evidence(BaseModel):
    """Where a fact is stated: document id, the sentence, and the character span of the cited words."""

    document: str
    sentence: str
    start: int | None
    end: int | None
    sentence_start: int | None
    sentence_end: int | None


class Link(BaseModel):
    """A relation seen from one end: the node at the other end and the evidence."""

    node: NodeSummary
    relation: str
    attributes: Attributes = {}
    evidence: list[Evidence]


class Official(Link):
    titles: str | list[str] | None = None


class Edge(BaseModel):
    type: str
    source: NodeRef
    target: NodeRef
    attributes: Attributes = {}
    evidence: list[Evidence] = []


class PathEdge(Edge):
    step: int


class OrganizationItem(NodeSummary):
    counts: dict[str, int]


class Organization(NodeSummary):
    officials: list[Official]
    initiatives: list[Link]
    projects: list[Link]
    programmes: list[Link]
    owns_other: list[Link]
    policies: list[Link]
    part_of: list[Link]
    parts: list[Link]
    located_in: list[Link]
    located_here: list[Link]
    partners: list[Link]
    authored: list[Link]
    mentions: list[Evidence]


class ClusterNode(NodeSummary):
    id: str | None  # None for the "unplaced" group of clusters no tier claims
    project_count: int
    tiers: list[ClusterNode] | None = None
    clusters: list[ClusterNode] | None = None


class Cluster(NodeSummary):
    part_of: list[Link]
    parts: list[Link]
    clusters: list[NodeRef]
    project_count: int
    mentions: list[Evidence]


class ClusterProject(Link):
    cluster: NodeRef


class ProjectItem(NodeSummary):
    clusters: list[NodeRef]
    owners: list[NodeRef]
    located_in: list[NodeRef]
    evidence: list[Evidence]


class Project(NodeSummary):
    clusters: list[Link]
    owners: list[Link]
    located_in: list[Link]
    other: list[Link]
    mentions: list[Evidence]


class Policy(NodeSummary):
    issuers: list[Link]
    evidence: list[Evidence]


Number = int | float


class Indicator(NodeSummary):
    year: int | list[int] | None
    period: str | list[str] | None
    value: Number | list[Number] | None
    unit: str | list[str] | None
    growth: Number | list[Number] | None
    target: str | list[str] | None
    target_growth: Number | list[Number] | None
    met: bool | None = Field(description="Target met: as the document says, else growth ≥ target growth")
    measures: list[NodeRef]
    evidence: list[Evidence]


class EntityEdge(BaseModel):
    node: NodeRef
    attributes: Attributes = {}
    evidence: list[Evidence]


class RelationGroup(BaseModel):
    count: int
    truncated: bool
    edges: list[EntityEdge]


class Entity(NodeSummary):
    type_label: str
    iri: str
    relations: dict[str, dict[str, RelationGroup]] = Field(
        description='{"out": {"OWNS": {…}}, "in": {"HOLDS_POST": {…}}}: relations by direction and type'
    )


class NeighborNode(NodeRef):
    distance: int


class Neighbors(BaseModel):
    center: NodeRef
    depth: int
    nodes: list[NeighborNode]
    edges: list[Edge]
    truncated: bool


class Path(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    from_: NodeRef = Field(alias="from")
    to: NodeRef
    length: int
    nodes: list[NodeRef]
    edges: list[PathEdge]


class SearchHit(NodeRef):
    aliases: list[str]
    matched: str = Field(description="The label or alias that matched")
    match: str = Field(description="exact, prefix, substring, pinyin, initials or fuzzy")
    score: float


class Health(BaseModel):
    status: str
    documents: list[str]
    nodes: int
    types: dict[str, int]
    writable: bool = Field(description="Whether POST /documents is enabled (a token is configured)")


class IngestResult(BaseModel):
    document_id: str
    name: str
    added: int = Field(description="Quads added to the document's graph")
    removed: int = Field(description="Quads removed (a new version replaces the old)")
    unchanged: bool
    quads: int
    entities: dict[str, int] = Field(description="Entities the document states, by type")
    new_entities: dict[str, int] = Field(description="Of those, the ones the graph did not have before, by type")
    relations: dict[str, int] = Field(description="Relations the document states, by type")
