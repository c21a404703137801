"""The pages in a real browser: Debian's chromium driven headless by Playwright, against a live `ykg serve`.

A server process is started on a free loopback port with its store in a temporary directory (it builds
the graph from the bundled documents on first start). Every test records every request the page makes
(all must go to 127.0.0.1) and every console error (there must be none), and saves a screenshot to
artifacts/screenshots/.

Set YKG_TEST_SERVER=http://127.0.0.1:PORT to run against a server that is already running instead.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("YKG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SERVER_START_TIMEOUT = 240  # seconds: the first start builds the graph from the bundled documents
GRAPH_READY_TIMEOUT = 30_000  # milliseconds for a layout to stabilise

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[test])")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)", allow_module_level=True)


# ---------------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(base: str, path: str, **params):
    url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def ykg_command() -> list[str]:
    script = Path(sys.executable).with_name("ykg")
    if script.exists():
        return [str(script)]
    found = shutil.which("ykg")
    return [found] if found else [sys.executable, "-c", "from api.cli import app; app()"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of a live `ykg serve` on 127.0.0.1 (stopped at the end of the module)."""
    if os.environ.get("YKG_TEST_SERVER"):
        yield os.environ["YKG_TEST_SERVER"].rstrip("/")
        return
    folder = tmp_path_factory.mktemp("ykg-serve")
    port = free_port()
    env = {**os.environ, "YKG_STORE": str(folder / "store"), "NO_COLOR": "1"}
    env.pop("YKG_TOKEN", None)
    log = open(folder / "server.log", "w+b")  # noqa: SIM115 - closed below, after the process
    process = subprocess.Popen(
        [*ykg_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"ykg serve exited with {process.returncode}:\n{log.read().decode(errors='replace')[-3000:]}")
            try:
                with urllib.request.urlopen(base + "/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"ykg serve did not answer /health within {SERVER_START_TIMEOUT}s")
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


# ---------------------------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Watched:
    """A page whose requests and console errors are recorded."""

    def __init__(self, page, requests: list[str], errors: list[str]):
        self.page, self.requests, self.errors = page, requests, errors

    def check(self) -> None:
        foreign = [u for u in self.requests if urllib.parse.urlsplit(u).hostname != "127.0.0.1"]
        assert not foreign, f"requests left 127.0.0.1: {foreign}"
        assert not self.errors, f"console errors: {self.errors}"

    def shot(self, name: str, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def watched(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN", device_scale_factor=1)
    requests: list[str] = []
    errors: list[str] = []

    def route(route):
        url = route.request.url
        requests.append(url)
        if urllib.parse.urlsplit(url).hostname == "127.0.0.1":
            route.continue_()
        else:  # never let it out, and fail the test in check()
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.set_default_timeout(GRAPH_READY_TIMEOUT)
    yield Watched(page, requests, errors)
    context.close()


def wait_for_graph(page) -> None:
    # Functions, not expression strings: the pages' content security policy forbids eval.
    page.wait_for_function("() => window.ykg && window.ykg.ready === true", timeout=GRAPH_READY_TIMEOUT)
    page.wait_for_timeout(300)


def drawn_node_count(page) -> int:
    return page.evaluate("network.body.data.nodes.length")


def dom_point(page, canvas_point: dict) -> dict:
    """A point of the network's canvas as page coordinates (for the mouse)."""
    return page.evaluate(
        """(p) => { const d = network.canvasToDOM(p);
                    const r = document.querySelector('#graph canvas').getBoundingClientRect();
                    return {x: r.left + d.x, y: r.top + d.y, dx: d.x, dy: d.y}; }""",
        canvas_point,
    )


# ---------------------------------------------------------------------------------------------- the API's answers


def node_id(item: dict) -> str:
    """The id in an API list item: a node summary, or a link {"node": {...}}."""
    return item["node"]["id"] if "node" in item else item["id"]


def cluster_system(server: str) -> dict:
    tree = get_json(server, "/clusters")
    systems = tree if isinstance(tree, list) else tree.get("systems") or tree.get("tree") or tree.get("clusters")
    system = next(s for s in systems if s.get("id") and "2515" in (s.get("label", "") + str(s.get("attributes", {}))))
    return system


def find_id(server: str, label: str, type_: str | None = None) -> str:
    hits = get_json(server, "/search", q=label)
    hits = hits if isinstance(hits, list) else hits.get("results") or hits.get("hits") or []
    return next(h["id"] for h in hits if h["label"] == label and (type_ is None or h["type"] == type_))


def project_ids(server: str, cluster_id: str, **params) -> set[str]:
    answer = get_json(server, f"/clusters/{urllib.parse.quote(cluster_id)}/projects", **params)
    items = answer if isinstance(answer, list) else answer.get("projects") or answer.get("items") or []
    return {node_id(i) for i in items}


# ---------------------------------------------------------------------------------------------- tests


def test_home_page_shows_chinese_and_finds_things(watched, server):
    page = watched.page
    page.goto(server + "/")
    assert "永川知识图谱" in page.title()
    assert page.locator("h1").first.inner_text() == "永川知识图谱"
    body = page.locator("body").inner_text()
    for text in ("政府部门", "产业集群", "2515", "会议发言人", "李国财"):
        assert text in body, text
    # Counts per type are there and the CJK font is the one drawing them.
    assert page.locator(".counts .count").count() >= 5
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '永川')")
    watched.shot("home", full_page=True)

    search = page.locator("form.ykg-search.big input[name=q]")
    search.fill("经济信息")
    page.locator("form.ykg-search.big .search-results a.result-page").first.wait_for()
    results = page.locator("form.ykg-search.big .search-results").inner_text()
    assert "区经济信息委" in results
    watched.shot("home-search")
    watched.check()


def test_cluster_page_draws_the_system_tiers_clusters_and_projects(watched, server):
    system = cluster_system(server)
    tiers = system.get("tiers", [])
    clusters = [c for t in tiers for c in t.get("clusters", [])]
    projects = project_ids(server, system["id"])
    assert len(clusters) == 22 and projects
    expected = 1 + len(tiers) + len(clusters) + len(projects)

    page = watched.page
    page.goto(server + "/viz/cluster/" + urllib.parse.quote(system["id"]))
    wait_for_graph(page)
    assert drawn_node_count(page) == expected
    assert page.evaluate("ykg.nodes.length") == expected
    assert "2515" in page.locator("h1").inner_text()
    watched.shot("cluster-2515")

    # Filters run in the page over the vis DataSet: one project status leaves those projects only.
    starting = project_ids(server, system["id"], status="starting")
    page.select_option("#filter-status", "starting")
    page.wait_for_timeout(200)
    assert page.evaluate("ykg.nodeView.get().filter(n => n.type === 'Project').length") == len(starting)
    page.select_option("#filter-status", "")
    page.locator(".legend input[data-type=Project]").uncheck()
    page.wait_for_timeout(200)
    assert drawn_node_count(page) == expected - len(projects)
    watched.check()


def test_clicking_a_node_expands_it_in_place(watched, server):
    department = find_id(server, "区经济信息委")
    page = watched.page
    page.goto(server + "/viz/entity/" + urllib.parse.quote(department) + "?depth=1")
    wait_for_graph(page)
    before = drawn_node_count(page)
    shown = set(page.evaluate("ykg.nodes.getIds()"))
    # A node of the picture with neighbours the picture does not have yet, and not hidden by another.
    target = None
    for candidate in sorted(shown - {department}):
        around = get_json(server, f"/entities/{urllib.parse.quote(candidate)}/neighbors", depth=1)
        if {n["id"] for n in around["nodes"]} - shown:
            point = dom_point(page, page.evaluate(f"network.getPositions([{json.dumps(candidate)}])[{json.dumps(candidate)}]"))
            if page.evaluate("(p) => network.getNodeAt({x: p.dx, y: p.dy})", point) == candidate:
                target = (candidate, point)
                break
    assert target, "no node of the ego network has neighbours outside it"
    candidate, point = target
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("(n) => ykg.nodes.length > n", arg=before)
    page.wait_for_function("(id) => ykg.state.expanded[id] === true", arg=candidate)
    assert drawn_node_count(page) > before
    assert page.locator("#panel h2").inner_text() == page.evaluate(f"ykg.nodes.get({json.dumps(candidate)}).fullLabel")
    page.mouse.move(5, 200)  # off the picture: no tooltip in the screenshot
    page.wait_for_timeout(800)
    watched.shot("entity-expanded")
    watched.check()


def test_hovering_an_edge_shows_its_evidence_sentence(watched, server):
    cluster = find_id(server, "智能网联新能源汽车产业", "IndustryCluster")
    page = watched.page
    page.goto(server + "/viz/cluster/" + urllib.parse.quote(cluster))
    wait_for_graph(page)
    # An edge whose midpoint is on the edge and on no node (the one with the longest sentence, to read).
    found = page.evaluate(
        """() => {
          const r = document.querySelector('#graph canvas').getBoundingClientRect();
          const longest = (e) => Math.max(0, ...(e.evidence || []).map((q) => q.sentence.length));
          for (const edge of ykg.edgeView.get().sort((a, b) => longest(b) - longest(a))) {
            if (!edge.evidence || !edge.evidence.length) continue;
            const p = network.getPositions([edge.from, edge.to]);
            const mid = {x: (p[edge.from].x + p[edge.to].x) / 2, y: (p[edge.from].y + p[edge.to].y) / 2};
            const d = network.canvasToDOM(mid);
            if (d.x < 20 || d.y < 20 || d.x > r.width - 20 || d.y > r.height - 20) continue;
            if (network.getEdgeAt(d) === edge.id && network.getNodeAt(d) === undefined)
              return {id: edge.id, x: r.left + d.x, y: r.top + d.y, sentence: edge.evidence[0].sentence};
          }
          return null;
        }"""
    )
    assert found, "no edge could be hovered"
    page.mouse.move(found["x"] - 40, found["y"] - 40)
    page.mouse.move(found["x"], found["y"], steps=5)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert found["sentence"][:30] in text
    watched.shot("edge-evidence")

    # And the sentence is the one the API gives for that relation.
    source, relation, target = found["id"].split("|")
    around = get_json(server, f"/entities/{urllib.parse.quote(source)}/neighbors", depth=1)
    sentences = {e["sentence"] for edge in around["edges"] if edge["type"] == relation
                 and node_id({"id": edge["target"]} if isinstance(edge["target"], str) else edge["target"]) == target
                 for e in edge["evidence"]}
    assert found["sentence"] in sentences
    watched.check()


def test_entity_page_lists_relations_with_evidence(watched, server):
    department = find_id(server, "区经济信息委")
    page = watched.page
    page.goto(server + "/pages/entities/" + urllib.parse.quote(department))
    assert page.locator("h1").inner_text() == "区经济信息委"
    body = page.locator("main").inner_text()
    for text in ("政府部门", "任职", "李国财", "负责", "证据"):
        assert text in body, text
    assert page.locator(".evidence blockquote").count() > 0
    wait_for_graph(page)  # the small ego graph
    assert drawn_node_count(page) > 1
    watched.shot("entity-page", full_page=True)
    watched.check()


def test_overview_draws_or_summarises_the_whole_graph(watched, server):
    page = watched.page
    page.goto(server + "/viz/overview")
    wait_for_graph(page)
    count = drawn_node_count(page)
    view = page.evaluate("ykg.config.view")
    assert count > 0 and (view == "overview" and count <= 500 or view == "summary")
    assert page.locator(".legend li").count() >= 5
    watched.shot("overview")
    isolated = page.locator("#filter-isolated")
    if isolated.count():  # nodes without relations can be hidden
        isolated.check()
        page.wait_for_timeout(200)
        assert drawn_node_count(page) < count
        assert page.evaluate("ykg.nodeView.get().every(n => ykg.state.degree[n.id] > 0)")
    watched.check()


def synthetic_graph(size: int) -> dict:
    """A graph of `size` nodes shaped like the real one: projects under clusters, owners, people."""
    import random

    rng = random.Random(7)
    kinds = ["Project"] * 6 + ["Department", "Town", "Initiative", "Policy", "Indicator", "IndustryCluster", "Person"]
    nodes = [{"id": f"n{i}", "type": rng.choice(kinds), "label": f"节点{i}" + "名称" * rng.randint(0, 6),
              "year": rng.choice([2023, 2024]), "status": rng.choice(["starting", "completed", "planning"])}
             for i in range(size)]
    edges = [{"source": f"n{i}", "target": f"n{rng.randrange(0, i) if rng.random() < 0.7 else rng.randrange(0, min(i, 30))}",
              "type": rng.choice(["OWNS", "IN_CLUSTER", "PART_OF", "LOCATED_IN"]),
              "evidence": [{"document": "d", "sentence": f"第{i}句证据。"}]} for i in range(1, size)]
    return {"nodes": nodes, "edges": edges}


@pytest.mark.parametrize(("size", "drawn"), [(480, 480), (700, None)])
def test_large_pictures_lay_out_quickly_offline(browser, tmp_path, size, drawn):
    """Up to 500 nodes are drawn and laid out in seconds; beyond, the picture is summarised by type.
    The standalone file (what `ykg viz` writes) needs no network at all."""
    from viz.render import GraphView, normalise, render_graph_page

    data = normalise(synthetic_graph(size))
    path = tmp_path / f"graph-{size}.html"
    path.write_text(render_graph_page(GraphView(data=data, title=f"{size} 个节点"), standalone=True), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    requests, errors = [], []
    context.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()))
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    started = time.monotonic()
    page.goto(path.as_uri())
    wait_for_graph(page)
    elapsed = time.monotonic() - started
    types = len({n["type"] for n in data["nodes"]})
    assert drawn_node_count(page) == (drawn if drawn is not None else types)
    assert page.evaluate("ykg.config.view") == ("summary" if drawn is None else "overview")
    assert elapsed < 20, f"layout of {size} nodes took {elapsed:.1f}s"
    assert requests == [path.as_uri()] and not errors
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"synthetic-{size}.png"))
    context.close()
