"""A small hand-built Extraction with every node and relation shape the graph layer handles.

It does not depend on the extractors: offsets are found in the text, so the evidence is exact.
"""

from __future__ import annotations

import hashlib

from loaders.model import Evidence, Extraction, SourceDocument, make_id

SAMPLE_TEXT = (
    "关于重庆市永川区2024年工作情况的报告\n"
    "区公安局党委书记、局长甘宇介绍，区公安局深化“141警网融合”改革。\n"
    "智能装备产业园加快建设，属于智能网联新能源汽车产业，是两大主导产业集群之一，构成“2515”产业集群体系。\n"
    "区政府印发《永川区促进制造业高质量发展若干政策》。\n"
    "全区地区生产总值增长8.1%。\n"
)


def source(text: str = SAMPLE_TEXT, name: str = "sample-report.txt", title: str = "") -> SourceDocument:
    data = text.encode("utf-8")
    stem = name.rsplit(".", 1)[0]
    return SourceDocument(make_id("Document", stem), name, text, "utf-8", hashlib.sha256(data).hexdigest(), title)


def evidence(doc: SourceDocument, words: str, occurrence: int = 0) -> Evidence:
    """Evidence for the `occurrence`-th appearance of `words`, with the line as its sentence."""
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(words, start + 1)
    end = start + len(words)
    line_start = doc.text.rfind("\n", 0, start) + 1
    line_end = doc.text.index("\n", end)
    return Evidence(doc.id, start, end, doc.text[line_start:line_end], line_start, line_end)


TITLE = "关于重庆市永川区2024年工作情况的报告"


def sample_extraction(doc: SourceDocument | None = None, **changes) -> Extraction:
    """The facts of the sample text (in `doc`, or a fresh sample source). `changes` override a few values to
    make a 'changed' version: status, year, titles, growth."""
    doc = doc or source(title=TITLE)
    ev = lambda words, i=0: evidence(doc, words, i)  # noqa: E731
    x = Extraction(doc)
    district = x.add_entity("District", "永川区", ev("永川区"), aliases={"永川"})
    police = x.add_entity("Department", "区公安局", ev("区公安局"))
    x.add_entity("Department", "区公安局", ev("区公安局", 1))
    government = x.add_entity("Department", "区政府", ev("区政府"))
    person = x.add_entity("Person", "甘宇", ev("甘宇"))
    programme = x.add_entity("Programme", "“141”警网融合", ev("“141警网融合”"), code="141")
    project = x.add_entity(
        "Project", "智能装备产业园", ev("智能装备产业园"),
        status=changes.get("status", "under_construction"), statusText="加快建设", year=changes.get("year", 2024),
    )
    cluster = x.add_entity("IndustryCluster", "智能网联新能源汽车产业", ev("智能网联新能源汽车产业"))
    tier = x.add_entity("IndustryClusterTier", "两大主导产业集群", ev("两大主导产业集群"), declaredSize=2)
    system = x.add_entity("IndustryClusterSystem", "“2515”产业集群体系", ev("“2515”产业集群体系"), code="2515")
    policy = x.add_entity("Policy", "永川区促进制造业高质量发展若干政策", ev("永川区促进制造业高质量发展若干政策"),
                          action="印发")
    indicator = x.add_entity("Indicator", "地区生产总值", ev("地区生产总值"), scope="2024",
                             year=2024, growth=changes.get("growth", 8.1), targetMet=True)

    x.relate(person, "HOLDS_POST", police, ev("区公安局党委书记、局长甘宇"), titles=changes.get("titles", "党委书记、局长"))
    x.relate(police, "OWNS", programme, ev("区公安局深化“141警网融合”改革"))
    x.relate(project, "IN_CLUSTER", cluster, ev("智能装备产业园加快建设，属于智能网联新能源汽车产业"))
    x.relate(cluster, "PART_OF", tier, ev("智能网联新能源汽车产业，是两大主导产业集群"))
    x.relate(tier, "PART_OF", system, ev("两大主导产业集群之一，构成“2515”产业集群体系"))
    x.relate(policy, "ISSUED_BY", government, ev("区政府印发《永川区促进制造业高质量发展若干政策》"))
    x.relate(indicator, "MEASURES", district, ev("全区地区生产总值增长8.1%"))
    x.relate(doc.id, "AUTHORED_BY", government, ev("关于重庆市永川区2024年工作情况的报告"))
    return x


def big_extraction(name: str, sentences: int = 2000) -> Extraction:
    """A large document (about 40 triples per sentence), for stress and crash tests."""
    line = "区公安局党委书记、局长甘宇介绍，区公安局深化“141警网融合”改革。\n"
    doc = source(line * sentences, name)
    x = Extraction(doc)
    for i in range(sentences):
        start = i * len(line)
        ev = Evidence(doc.id, start, start + 4, line.strip(), start, start + len(line) - 1)
        police = x.add_entity("Department", "区公安局", ev)
        person = x.add_entity("Person", "甘宇", Evidence(doc.id, start + 11, start + 13, line.strip(), start, start + len(line) - 1))
        x.relate(person, "HOLDS_POST", police, ev, titles="党委书记、局长")
    return x
