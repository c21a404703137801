"""The pictures and pages of viz/, without a browser: HTML out of graph data, through the API's app.

The graph here is a small hand-built extraction (one cluster system, a department, a person, projects)
ingested into an in-memory store, so these tests do not depend on the extractors' output.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from loaders.model import Evidence, Extraction, SourceDocument, make_id
from ontology import node_types, relation_types

TEXT = (
    "区经济信息委党组书记、主任 李国财。\n"
    "构建“2515”产业集群体系，做强两大主导产业集群。\n"
    "智能网联新能源汽车产业、先进材料产业两大主导产业集群加快发展。\n"
    "开工建设华雄智能网联汽车产业园等项目。\n"
    "建成太平洋精工汽车用高端齿轮生产基地。\n"
    "前期工作推进新材料产业园<script>alert('x')</script>项目。\n"
    "区经济信息委负责华雄智能网联汽车产业园建设。\n"
)


def sample_extraction(text: str = TEXT, name: str = "viz-sample.txt") -> Extraction:
    source = SourceDocument(
        id=make_id("Document", name.rsplit(".", 1)[0]), name=name, text=text, encoding="utf-8",
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), title="可视化测试文档",
    )
    extraction = Extraction(source)

    def ev(words: str) -> Evidence:
        start = text.index(words)
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.index("\n", start)
        return Evidence(source.id, start, start + len(words), text[line_start:line_end], line_start, line_end)

    department = extraction.add_entity("Department", "区经济信息委", ev("区经济信息委"), aliases={"经济信息委"})
    person = extraction.add_entity("Person", "李国财", ev("李国财"))
    extraction.relate(person, "HOLDS_POST", department, ev("区经济信息委党组书记、主任 李国财"), titles="党组书记、主任")
    system = extraction.add_entity("IndustryClusterSystem", "“2515”产业集群体系", ev("“2515”产业集群体系"), code="2515")
    tier = extraction.add_entity("IndustryClusterTier", "主导产业集群", ev("两大主导产业集群"), declaredSize=2, order=1)
    extraction.relate(tier, "PART_OF", system, ev("做强两大主导产业集群"))
    car = extraction.add_entity("IndustryCluster", "智能网联新能源汽车产业", ev("智能网联新能源汽车产业"), order=1)
    material = extraction.add_entity("IndustryCluster", "先进材料产业", ev("先进材料产业"), order=2)
    for cluster in (car, material):
        extraction.relate(cluster, "PART_OF", tier, ev("智能网联新能源汽车产业、先进材料产业两大主导产业集群"))
    huaxiong = extraction.add_entity("Project", "华雄智能网联汽车产业园", ev("华雄智能网联汽车产业园"),
                                     status="starting", year=2024, statusText="开工建设")
    gear = extraction.add_entity("Project", "太平洋精工汽车用高端齿轮生产基地", ev("太平洋精工汽车用高端齿轮生产基地"),
                                 status="completed", year=2023)
    xss = "新材料产业园<script>alert('x')</script>"
    newmat = extraction.add_entity("Project", xss, ev(xss), status="planning", year=2024)
    extraction.relate(huaxiong, "IN_CLUSTER", car, ev("开工建设华雄智能网联汽车产业园"))
    extraction.relate(gear, "IN_CLUSTER", car, ev("建成太平洋精工汽车用高端齿轮生产基地"))
    extraction.relate(newmat, "IN_CLUSTER", material, ev(xss))
    extraction.relate(department, "OWNS", huaxiong, ev("区经济信息委负责华雄智能网联汽车产业园建设"))
    return extraction


@pytest.fixture(scope="module")
def kg():
    from graph.store import KnowledgeGraph

    graph = KnowledgeGraph.in_memory()
    graph.ingest(sample_extraction())
    yield graph
    graph.close()


@pytest.fixture(scope="module")
def client(kg):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from viz.routes import router

    try:
        from api.app import create_app
    except ImportError:  # the API's app factory is not there: mount the pages on a bare app
        app = FastAPI()
        app.state.graph = kg
        app.include_router(router)
    else:
        app = create_app(graph=kg)
        if not any(getattr(r, "path", None) == "/viz/overview" for r in app.routes):
            app.include_router(router)
    with TestClient(app) as test_client:
        yield test_client


# ---------------------------------------------------------------------------------------------- styles


def test_every_node_type_has_a_style_and_every_relation_a_colour():
    from viz.render import NODE_STYLES, RELATION_COLOURS

    assert set(NODE_STYLES) == set(node_types())
    assert set(RELATION_COLOURS) == set(relation_types())
    colours = [s.colour for s in NODE_STYLES.values()]
    assert len(set(colours)) == len(colours), "two node types share a colour"


def test_legend_has_chinese_labels_from_the_ontology():
    from viz.render import legend_rows

    rows = {r["type"]: r for r in legend_rows()}
    assert rows["Department"]["label"] == node_types()["Department"].label_zh
    assert rows["IndustryCluster"]["label"] == "产业集群"


# ---------------------------------------------------------------------------------------------- render


def test_normalise_accepts_the_api_and_export_shapes():
    from viz.render import normalise

    data = normalise({
        "nodes": [{"id": "a", "type": "Project", "label": "甲", "year": 2024, "status": "https://w3id.org/yongchuan-kg/ontology#starting"},
                  {"id": "b", "type": "IndustryCluster", "label": "乙"}],
        "edges": [{"source": {"id": "a", "type": "Project", "label": "甲"}, "target": {"id": "b"}, "type": "IN_CLUSTER",
                   "evidence": [{"document": "d", "sentence": "甲属于乙。"}]},
                  {"from": "a", "to": "b", "type": "IN_CLUSTER", "evidence": [{"document": "d2", "sentence": "再说一次。"}]},
                  {"source": "a", "target": "missing", "type": "OWNS"}],
    })
    assert [n["id"] for n in data["nodes"]] == ["a", "b"]
    assert data["nodes"][0]["attributes"] == {"year": 2024, "status": "starting"}
    assert len(data["edges"]) == 1 and len(data["edges"][0]["evidence"]) == 2


def test_summary_groups_by_type_with_counts():
    from viz.render import summarise

    data = {"nodes": [{"id": f"p{i}", "type": "Project"} for i in range(3)] + [{"id": "c", "type": "IndustryCluster"}],
            "edges": [{"source": f"p{i}", "target": "c", "type": "IN_CLUSTER", "evidence": []} for i in range(3)]}
    summary = summarise(data)
    assert {n["id"]: n["attributes"]["count"] for n in summary["nodes"]} == {"type:Project": 3, "type:IndustryCluster": 1}
    assert summary["edges"][0]["attributes"]["count"] == 3


def test_standalone_page_is_offline_and_escapes_the_data(kg, tmp_path):
    from viz.data import cluster_view, whole
    from viz.render import render_graph_page

    system = make_id("IndustryClusterSystem", "“2515”产业集群体系")
    page = render_graph_page(cluster_view(kg, system), standalone=True, reservoir=whole(kg))
    assert "<script>alert" not in page  # the project named with a script tag is data, not markup
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "a standalone page must not load anything"
    assert "vis.Network" in page and "华雄智能网联汽车产业园" in page
    config = json.loads(re.search(r'<script type="application/json" class="ykg-graph"[^>]*>(.*?)</script>', page, re.S)[1])
    assert len(config["nodes"]) == 1 + 1 + 2 + 3  # system, tier, two clusters, three projects
    hover = next(e for e in config["edges"] if e["type"] == "IN_CLUSTER" and "华雄" in e["title"])["title"]
    assert "开工建设华雄智能网联汽车产业园等项目。" in hover and "可视化测试文档" in hover


def test_large_graphs_are_summarised(kg):
    from viz.render import GraphView, prepare

    nodes = [{"id": f"n{i}", "type": "Project", "label": f"项目{i}", "aliases": [], "attributes": {}, "evidence": []}
             for i in range(600)]
    data, summarised = prepare(GraphView(data={"nodes": nodes, "edges": []}, title="t"))
    assert summarised and len(data["nodes"]) == 1
    data, summarised = prepare(GraphView(data={"nodes": nodes, "edges": []}, title="t", full=True))
    assert not summarised and len(data["nodes"]) == 600


# ---------------------------------------------------------------------------------------------- routes


def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    body = response.text
    for text in ("永川知识图谱", "“2515”产业集群体系", "主导产业集群", "李国财", "区经济信息委", "党组书记、主任"):
        assert text in body
    assert "<script>alert" not in body


def test_graph_views(client):
    department = make_id("Department", "区经济信息委")
    for url in ("/viz/overview", f"/viz/entity/{department}?depth=2",
                f"/viz/cluster/{make_id('IndustryCluster', '智能网联新能源汽车产业')}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '/viz/static/vis-network.min.js' in response.text
        assert "cdnjs" not in response.text and "jsdelivr" not in response.text
    assert client.get("/viz/entity/nobody").status_code == 404
    assert client.get(f"/viz/entity/{department}?depth=4").status_code == 422
    assert client.get("/viz/overview?types=Nothing").status_code == 422


def test_entity_page(client):
    department = make_id("Department", "区经济信息委")
    body = client.get(f"/pages/entities/{department}").text
    for text in ("区经济信息委", "经济信息委", "政府部门", "负责", "华雄智能网联汽车产业园", "任职", "李国财",
                 "区经济信息委负责华雄智能网联汽车产业园建设。", "可视化测试文档", 'class="ykg-graph"'):
        assert text in body, text
    assert client.get("/pages/entities/nobody").status_code == 404


def test_static_assets(client):
    js = client.get("/viz/static/vis-network.min.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "sourceMappingURL" not in js.text
    assert client.get("/viz/static/viz.css").status_code == 200
    assert client.get("/viz/static/../render.py").status_code == 404
    assert client.get("/viz/static/secret.txt").status_code == 404


def test_download_is_a_standalone_file(client):
    department = make_id("Department", "区经济信息委")
    response = client.get(f"/viz/entity/{department}?download=1")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    assert "/viz/static/" not in response.text and '"reservoir": {' in response.text


@pytest.mark.parametrize(("accept", "html"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", True),  # Chromium
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),  # Firefox
    ("*/*", False), ("", False), (None, False), ("application/json", False),
    ("application/json, text/html;q=0.5", False), ("text/html;q=0.9, application/json", False),
    ("application/sparql-results+json", False), ("text/html;q=oops", False),
])
def test_content_negotiation(accept, html):
    from viz.routes import prefers_html

    assert prefers_html(accept) is html


def test_ykg_viz_writes_a_standalone_file(tmp_path):
    from typer.testing import CliRunner

    from api.cli import app
    from graph.store import KnowledgeGraph

    store = tmp_path / "store"
    with KnowledgeGraph(store) as graph:
        graph.ingest(sample_extraction())
    runner = CliRunner()
    out = tmp_path / "jxw.html"
    result = runner.invoke(app, ["viz", "区经济信息委", "--depth", "2", "--out", str(out), "--store", str(store)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "区经济信息委" in page and "/viz/static/" not in page and "vis.Network" in page
    system = make_id("IndustryClusterSystem", "“2515”产业集群体系")
    result = runner.invoke(app, ["viz", system, "--no-expand", "--store", str(store), "-o", str(tmp_path / "c.html")])
    assert result.exit_code == 0, result.output
    assert '"reservoir": null' in (tmp_path / "c.html").read_text(encoding="utf-8")
    result = runner.invoke(app, ["viz", "没有这个", "--store", str(store)])
    assert result.exit_code == 1 and "没有这个" in result.output
    result = runner.invoke(app, ["viz", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1


def test_entities_answer_browsers_with_the_page_and_programs_with_json(client):
    department = make_id("Department", "区经济信息委")
    browser = client.get(f"/entities/{department}", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.headers["content-type"].startswith("text/html") and "李国财" in browser.text
    program = client.get(f"/entities/{department}", headers={"Accept": "application/json"})
    assert program.headers["content-type"].startswith("application/json") and program.json()["id"] == department
