"""A small Extraction built by hand from sentences of the bundled documents.

The read model and the API are tested on it where the point is the shape of an answer rather than what
the loaders found (error handling, caching, search ranking), so those tests do not move when extraction
improves. The tests of real answers use the bundled graph.
"""

from __future__ import annotations

from loaders.model import Evidence, Extraction, SourceDocument

TEXT = (
    "区经济信息委党组书记、主任 李国财\n"
    "聚焦痛点抓改革，推动制造业高质量发展。\n"
    "构建“2515”先进制造业产业集群体系：两大主导产业集群。\n"
    "智能网联新能源汽车产业：开工建设华雄智能网联汽车产业园等项目。\n"
    "印发《永川区支持制造业高质量发展若干政策》。\n"
    "全年地区生产总值增长8.1%。\n"
    "金龙镇位于永川区。\n"
)


def _evidence(phrase: str, document: str = "document-sample") -> Evidence:
    start = TEXT.index(phrase)
    line_start = TEXT.rfind("\n", 0, start) + 1
    line_end = TEXT.index("\n", start)
    return Evidence(document, start, start + len(phrase), TEXT[line_start:line_end], line_start, line_end)


def sample_extraction(name: str = "sample.txt", text: str = TEXT) -> Extraction:
    source = SourceDocument(
        id="document-sample", name=name, text=text, encoding="utf-8", sha256="0" * 64, title="样例文档"
    )
    x = Extraction(source)
    e = _evidence
    department = x.add_entity("Department", "区经济信息委", e("区经济信息委"), aliases={"区经信委"})
    person = x.add_entity("Person", "李国财", e("李国财"))
    x.relate(person, "HOLDS_POST", department, e("区经济信息委党组书记、主任 李国财"), titles="党组书记、主任")
    initiative = x.add_entity("Initiative", "聚焦痛点抓改革", e("聚焦痛点抓改革"), scope="区经济信息委")
    x.relate(department, "OWNS", initiative, e("聚焦痛点抓改革"))
    system = x.add_entity("IndustryClusterSystem", "“2515”先进制造业产业集群体系", e("“2515”先进制造业产业集群体系"), code="2515")
    tier = x.add_entity("IndustryClusterTier", "两大主导产业集群", e("两大主导产业集群"), declaredSize=2, order=1)
    x.relate(tier, "PART_OF", system, e("两大主导产业集群"))
    cluster = x.add_entity("IndustryCluster", "智能网联新能源汽车产业", e("智能网联新能源汽车产业"), order=1)
    x.relate(cluster, "PART_OF", tier, e("智能网联新能源汽车产业"))
    project = x.add_entity(
        "Project", "华雄智能网联汽车产业园", e("华雄智能网联汽车产业园"),
        status="starting", statusText="开工建设", year=2024, category="重点项目",
    )
    x.relate(project, "IN_CLUSTER", cluster, e("开工建设华雄智能网联汽车产业园"))
    x.relate(department, "OWNS", project, e("华雄智能网联汽车产业园"))
    district = x.add_entity("District", "永川区", e("永川区"), aliases={"永川"})
    policy = x.add_entity("Policy", "永川区支持制造业高质量发展若干政策", e("永川区支持制造业高质量发展若干政策"),
                          action="印发", year=2023)
    x.relate(policy, "ISSUED_BY", department, e("印发《永川区支持制造业高质量发展若干政策》"))
    town = x.add_entity("Town", "金龙镇", e("金龙镇"))
    x.relate(town, "PART_OF", district, e("金龙镇位于永川区"))
    indicator = x.add_entity(
        "Indicator", "地区生产总值", e("地区生产总值增长8.1%"), scope="2023",
        year=2023, unit="亿元", growth=8.1, target="7%", targetGrowth=7, targetMet=True,
    )
    x.relate(indicator, "MEASURES", district, e("地区生产总值增长8.1%"))
    return x
