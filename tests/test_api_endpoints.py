"""Every endpoint through FastAPI's TestClient, with real answers from the bundled graph."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from tests.api_support import id_of, make_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CAR_CLUSTER = "智能网联新能源汽车产业"
HUAXIONG = "华雄智能网联汽车产业园"
JINGXINWEI = "区经济信息委"


@pytest.fixture(scope="module")
def client():
    with TestClient(make_app()) as client:
        yield client


@pytest.fixture(scope="module")
def ids(client):
    return {
        "cluster": id_of(client, CAR_CLUSTER, "IndustryCluster"),
        "huaxiong": id_of(client, HUAXIONG, "Project"),
        "jingxinwei": id_of(client, JINGXINWEI, "Department"),
        "li": id_of(client, "李国财", "Person"),
    }


def get(client, url, **params):
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def assert_cited(evidence: list[dict], *words: str) -> None:
    """At least one evidence entry; each names a document and a sentence containing its span."""
    assert evidence, "no evidence"
    for entry in evidence:
        assert entry["document"].startswith("document-")
        assert entry["sentence"] and entry["start"] < entry["end"]
        assert entry["sentence_start"] <= entry["start"] and entry["end"] <= entry["sentence_end"]
    for word in words:
        assert any(word in e["sentence"] for e in evidence), (word, evidence)


# ---------------------------------------------------------------------------------------------- organisations


def test_organizations_by_type_and_name(client):
    towns = get(client, "/organizations", type="Town")
    assert towns and {o["type"] for o in towns} == {"Town"}
    assert "宝峰镇" in {o["label"] for o in towns}
    found = get(client, "/organizations", q="经济信息")
    assert [o["label"] for o in found] == [JINGXINWEI]
    assert found[0]["counts"]["officials"] == 1 and found[0]["counts"]["initiatives"] >= 1
    assert [o["label"] for o in get(client, "/organizations", q="jjxxw")] == [JINGXINWEI]  # initials


def test_organization_holds_post_of_li_guocai_with_evidence(client, ids):
    org = get(client, f"/organizations/{ids['jingxinwei']}")
    assert org["label"] == JINGXINWEI and org["type"] == "Department"
    (official,) = [o for o in org["officials"] if o["node"]["label"] == "李国财"]
    assert official["titles"] == "党组书记、主任"
    assert_cited(official["evidence"], "李国财")
    assert org["initiatives"], "the speech's initiatives are owned by its organisation"
    for link in org["initiatives"]:
        assert link["relation"] == "OWNS" and link["node"]["type"] == "Initiative"
        assert_cited(link["evidence"])
    assert any("专精特新" in p["node"]["label"] for p in org["policies"])
    assert_cited(org["mentions"])


def test_organization_initiatives(client, ids):
    links = get(client, f"/organizations/{ids['jingxinwei']}/initiatives")
    organization = get(client, f"/organizations/{ids['jingxinwei']}")
    assert {link["node"]["id"] for link in links} == {link["node"]["id"] for link in organization["initiatives"]}
    starts = [link["evidence"][0]["start"] for link in links]
    assert starts == sorted(starts), "initiatives come in document order"


# ---------------------------------------------------------------------------------------------- clusters


def test_cluster_tree_is_the_2515_system(client):
    tree = get(client, "/clusters")
    (system,) = [s for s in tree if "2515" in s["label"]]
    sizes = [len(t["clusters"]) for t in system["tiers"]]
    assert sizes == [2, 5, 15]
    assert [t["attributes"]["declaredSize"] for t in system["tiers"]] == [2, 5, 15]
    cars = next(c for t in system["tiers"] for c in t["clusters"] if c["label"] == CAR_CLUSTER)
    assert cars["project_count"] >= 1
    assert system["project_count"] >= sum(t["project_count"] for t in system["tiers"]) > 0


def test_cluster_detail(client, ids):
    cluster = get(client, f"/clusters/{ids['cluster']}")
    assert cluster["label"] == CAR_CLUSTER
    assert [link["node"]["label"] for link in cluster["part_of"]] == ["两大主导产业集群"]
    assert_cited(cluster["part_of"][0]["evidence"])
    tier = get(client, f"/clusters/{cluster['part_of'][0]['node']['id']}")
    assert CAR_CLUSTER in [link["node"]["label"] for link in tier["parts"]]
    assert tier["project_count"] >= cluster["project_count"]


def test_cluster_projects_include_huaxiong(client, ids):
    projects = get(client, f"/clusters/{ids['cluster']}/projects")
    (huaxiong,) = [p for p in projects if p["node"]["label"] == HUAXIONG]
    assert huaxiong["relation"] == "IN_CLUSTER" and huaxiong["cluster"]["label"] == CAR_CLUSTER
    assert_cited(huaxiong["evidence"], HUAXIONG)
    assert huaxiong["node"]["attributes"]["status"] == "starting"


@pytest.mark.parametrize(("status", "included"), [("starting", True), ("开工建设", True), ("新开工", True),
                                                   ("completed", False)])
def test_cluster_projects_by_status(client, ids, status, included):
    labels = {p["node"]["label"] for p in get(client, f"/clusters/{ids['cluster']}/projects", status=status)}
    assert (HUAXIONG in labels) is included


def test_cluster_projects_by_year(client, ids):
    assert HUAXIONG in {p["node"]["label"] for p in get(client, f"/clusters/{ids['cluster']}/projects", year=2024)}
    assert get(client, f"/clusters/{ids['cluster']}/projects", year=1999) == []


def test_tier_projects_cover_its_clusters(client, ids):
    tier_id = get(client, f"/clusters/{ids['cluster']}")["part_of"][0]["node"]["id"]
    labels = {p["node"]["label"] for p in get(client, f"/clusters/{tier_id}/projects")}
    assert HUAXIONG in labels


# ---------------------------------------------------------------------------------------------- projects


def test_projects_filters(client, ids):
    everything = get(client, "/projects")
    assert len(everything) > 100
    in_cluster = get(client, "/projects", cluster=ids["cluster"])
    assert HUAXIONG in {p["label"] for p in in_cluster}
    assert all(CAR_CLUSTER in {c["label"] for c in p["clusters"]} for p in in_cluster)
    assert [p["label"] for p in get(client, "/projects", q="华雄")] == [HUAXIONG]
    assert HUAXIONG in [p["label"] for p in get(client, "/projects", q="huaxiong")]
    starting = get(client, "/projects", status="starting", year=2024)
    assert starting and all(p["attributes"]["status"] == "starting" for p in starting)
    for project in everything[:20]:
        assert_cited(project["evidence"])


def test_project_detail(client, ids):
    project = get(client, f"/projects/{ids['huaxiong']}")
    assert project["label"] == HUAXIONG
    assert project["attributes"]["statusText"] == "开工建设"
    (cluster,) = project["clusters"]
    assert cluster["node"]["label"] == CAR_CLUSTER
    assert_cited(cluster["evidence"], HUAXIONG)
    assert_cited(project["mentions"], HUAXIONG)


# ---------------------------------------------------------------------------------------------- policies, indicators


def test_policies(client, ids):
    every = get(client, "/policies")
    assert len(every) >= 15
    by_issuer = get(client, "/policies", issuer=ids["jingxinwei"])
    assert by_issuer and all(ids["jingxinwei"] in {i["node"]["id"] for i in p["issuers"]} for p in by_issuer)
    assert {p["id"] for p in get(client, "/policies", issuer=JINGXINWEI)} == {p["id"] for p in by_issuer}
    assert_cited(by_issuer[0]["issuers"][0]["evidence"])
    of_2023 = get(client, "/policies", year=2023)
    assert of_2023 and all(p["attributes"]["year"] == 2023 for p in of_2023)
    assert not any("人民日报" in p["label"] for p in every)


def test_indicators_2023_gdp_met_its_target(client):
    indicators = get(client, "/indicators", year=2023)
    gdp = next(i for i in indicators if i["label"] == "地区生产总值")
    assert gdp["value"] == 1281.4 and gdp["unit"] == "亿元"
    assert gdp["growth"] == 8.1 and gdp["target_growth"] == 7
    assert gdp["met"] is True
    assert_cited(gdp["evidence"])
    assert all(i["year"] == 2023 for i in indicators)
    targets_2024 = get(client, "/indicators", year=2024)
    assert any(i["label"] == "地区生产总值" and i["target"] for i in targets_2024)


# ---------------------------------------------------------------------------------------------- any node


def test_entity_relations_grouped_with_evidence(client, ids):
    entity = get(client, f"/entities/{ids['li']}")
    assert entity["type"] == "Person" and entity["type_label"] == "人物"
    assert entity["iri"].endswith(ids["li"])
    group = entity["relations"]["out"]["HOLDS_POST"]
    assert group["count"] == 1 and not group["truncated"]
    assert group["edges"][0]["node"]["label"] == JINGXINWEI
    assert group["edges"][0]["attributes"]["titles"] == "党组书记、主任"
    assert_cited(group["edges"][0]["evidence"], "李国财")
    assert "MENTIONED_IN" in entity["relations"]["out"]


def test_entity_of_a_document_is_cut_to_the_limit(client):
    document = get(client, "/entities/document-yongchuan-2023-plan-report", limit=5)
    mentions = document["relations"]["in"]["MENTIONED_IN"]
    assert mentions["count"] > 5 and mentions["truncated"] and len(mentions["edges"]) == 5


def test_entity_is_json_by_default(client, ids):
    for accept in (None, "application/json", "*/*"):
        headers = {"accept": accept} if accept else {}
        response = client.get(f"/entities/{ids['li']}", headers=headers)
        assert response.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize(("accept", "html"), [
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),  # a browser
    ("application/json, text/html", False),
    ("text/html;q=0.5, application/json", False),
])
def test_entity_negotiates_html_for_browsers(client, ids, accept, html):
    from api.routes import prefers_html

    assert prefers_html(accept) is html
    response = client.get(f"/entities/{ids['li']}", headers={"accept": accept}, follow_redirects=True)
    assert response.status_code == 200
    if client.app.state.entity_html or client.app.state.entity_page:  # the viz pages are installed
        assert response.headers["content-type"].startswith("text/html" if html else "application/json")
        if html:
            assert "李国财" in response.text


def test_neighbors(client, ids):
    one = get(client, f"/entities/{ids['li']}/neighbors")
    assert one["center"]["id"] == ids["li"]
    assert {n["label"] for n in one["nodes"] if n["distance"] == 1} == {JINGXINWEI}
    two = get(client, f"/entities/{ids['li']}/neighbors", depth=2)
    assert any(n["type"] == "Initiative" for n in two["nodes"])
    node_ids = {n["id"] for n in two["nodes"]}
    assert all(e["source"]["id"] in node_ids and e["target"]["id"] in node_ids for e in two["edges"])
    assert all(e["evidence"] for e in two["edges"])
    assert not any(n["type"] == "Document" for n in two["nodes"])
    only = get(client, f"/entities/{ids['jingxinwei']}/neighbors", depth=2, types="Person,Policy")
    assert {n["type"] for n in only["nodes"][1:]} <= {"Person", "Policy"}
    capped = get(client, f"/entities/{ids['jingxinwei']}/neighbors", depth=3, limit=3)
    assert len(capped["nodes"]) == 3 and capped["truncated"]


def test_path_with_evidence_on_each_step(client, ids):
    found = get(client, "/path", **{"from": ids["li"], "to": ids["cluster"]})
    assert found["nodes"][0]["id"] == ids["li"] and found["nodes"][-1]["id"] == ids["cluster"]
    assert found["length"] == len(found["nodes"]) - 1
    assert {e["step"] for e in found["edges"]} == set(range(1, found["length"] + 1))
    for edge in found["edges"]:
        assert_cited(edge["evidence"])


def test_search_ranking_and_filters(client):
    hits = get(client, "/search", q="智能网联")
    assert hits[0]["match"] in ("prefix", "exact")
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert get(client, "/search", q=JINGXINWEI)[0]["label"] == JINGXINWEI
    assert get(client, "/search", q="li guo cai")[0]["label"] == "李国财"
    assert get(client, "/search", q="lǐ guó cái")[0]["label"] == "李国财"
    assert get(client, "/search", q="lgc", type="Person")[0]["label"] == "李国财"
    assert {h["type"] for h in get(client, "/search", q="永川", type="Park")} == {"Park"}
    assert len(get(client, "/search", q="产业", limit=3)) == 3
    assert get(client, "/search", q="永川")[0]["label"] == "永川区"  # via its alias 永川, exact
    assert get(client, "/search", q="智能网连")[0]["match"] == "fuzzy"  # a typo still finds something


# ---------------------------------------------------------------------------------------------- whole graph


def test_export_formats(client):
    data = client.get("/export")
    assert data.status_code == 200 and data.headers["content-type"].startswith("application/json")
    graph = data.json()
    assert {"nodes", "edges"} <= set(graph)
    assert any(n["label"] == HUAXIONG for n in graph["nodes"])
    turtle = client.get("/export", params={"format": "ttl"})
    assert turtle.headers["content-type"].startswith("text/turtle") and HUAXIONG in turtle.text
    jsonld = client.get("/export", params={"format": "jsonld"})
    assert jsonld.headers["content-type"].startswith("application/ld+json") and json.loads(jsonld.text)
    graphml = client.get("/export", params={"format": "graphml"})
    assert graphml.text.lstrip().startswith("<?xml") and "graphml" in graphml.text


def test_health(client):
    health = get(client, "/health")
    assert health["status"] == "ok" and health["writable"] is True
    assert len(health["documents"]) == 2
    assert health["types"]["IndustryCluster"] == 22 and health["types"]["Person"] == 10


def test_sparql_select_matches_rest(client, ids):
    query = f"""SELECT ?label WHERE {{ ?p ykg:IN_CLUSTER ykgid:{ids['cluster']} ; rdfs:label ?label }}"""
    response = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    rest = {p["node"]["label"] for p in get(client, f"/clusters/{ids['cluster']}/projects")}
    assert {r["label"] for r in rows} == rest and HUAXIONG in rest


def test_openapi_and_docs(client):
    schema = get(client, "/openapi.json")
    for path in ("/organizations", "/organizations/{id}", "/organizations/{id}/initiatives", "/clusters",
                 "/clusters/{id}", "/clusters/{id}/projects", "/projects", "/projects/{id}", "/policies",
                 "/indicators", "/entities/{id}", "/entities/{id}/neighbors", "/path", "/search", "/sparql",
                 "/export", "/documents", "/health"):
        assert path in schema["paths"], path
    assert client.get("/docs").status_code == 200


def test_ids_are_stable_across_rebuilds(ids):
    from tests.api_support import fresh_graph

    with TestClient(make_app(fresh_graph())) as other:
        assert id_of(other, HUAXIONG, "Project") == ids["huaxiong"]
        assert id_of(other, CAR_CLUSTER, "IndustryCluster") == ids["cluster"]
