"""POST /documents: the token, the limits, and that nothing a client sends corrupts the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api_support import TOKEN, error_of, fresh_graph, make_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def kg():
    return fresh_graph()


@pytest.fixture
def client(kg):
    with TestClient(make_app(kg, max_upload_bytes=64 * 1024)) as client:
        yield client


def snapshot(kg) -> list:
    return [str(q) for q in kg.quads()]


def test_ingest_a_new_document_and_find_its_facts(client, kg):
    path = UNSEEN / "jiangjin-2025q1-meeting-speeches.txt"
    response = client.post("/documents", content=path.read_bytes(), params={"name": path.name},
                           headers={**AUTH, "content-type": "text/plain; charset=utf-8"})
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["document_id"] == "document-jiangjin-2025q1-meeting-speeches"
    assert result["added"] > 0 and not result["unchanged"]
    assert result["entities"]["Person"] >= 1 and result["new_entities"]["Person"] >= 1
    assert result["relations"]["HOLDS_POST"] >= 1
    # The caches were rebuilt: the new document and its entities are served at once.
    assert result["document_id"] in client.get("/health").json()["documents"]
    hits = client.get("/search", params={"q": "德感街道"}).json()
    assert hits and hits[0]["label"] == "德感街道"
    assert client.get(f"/entities/{hits[0]['id']}").status_code == 200
    # The same document again changes nothing.
    again = client.post("/documents", content=path.read_bytes(), params={"name": path.name}, headers=AUTH)
    assert again.status_code == 200 and again.json()["unchanged"] and again.json()["added"] == 0


def test_multipart_upload(client):
    path = UNSEEN / "rongchang-2024-plan-report.txt"
    response = client.post("/documents", files={"file": (path.name, path.read_bytes(), "text/plain")}, headers=AUTH)
    assert response.status_code == 201, response.text
    assert response.json()["document_id"] == "document-rongchang-2024-plan-report"
    assert response.json()["entities"]["Project"] >= 1


def test_gb18030_upload(client):
    text = (UNSEEN / "jiangjin-2025q1-meeting-speeches.txt").read_text(encoding="utf-8")
    response = client.post("/documents", content=text.encode("gb18030"), params={"name": "jj-gbk.txt"}, headers=AUTH)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(("headers", "status", "code"), [
    ({}, 401, "missing_token"),
    ({"authorization": "Basic dXNlcjpwYXNz"}, 401, "missing_token"),
    ({"authorization": "Bearer "}, 401, "missing_token"),
    ({"authorization": "Bearer wrong-token"}, 403, "invalid_token"),
])
def test_token_required(client, kg, headers, status, code):
    before = snapshot(kg)
    response = client.post("/documents", content="永川区经济信息委开工建设项目。".encode(), headers=headers)
    assert response.status_code == status
    assert error_of(response)["code"] == code
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    assert snapshot(kg) == before


def test_no_token_configured_means_read_only(kg):
    with TestClient(make_app(kg, token=None)) as client:
        response = client.post("/documents", content="永川区".encode(), headers=AUTH)
        assert response.status_code == 403 and error_of(response)["code"] == "writes_disabled"
        assert client.get("/health").json()["writable"] is False


@pytest.mark.parametrize(("body", "headers", "status", "code"), [
    (b"\x00\x01\x02binary\x00" * 10, {}, 415, "undecodable_document"),
    (b"just some english text, no chinese at all " * 5, {}, 415, "undecodable_document"),
    (b"\xff\xfe\x00\xd8garbage", {}, 415, "undecodable_document"),
    (b"   \n  ", {}, 422, "empty_document"),
    (b"", {}, 422, "empty_document"),
    ("你好。".encode() * 2, {}, 422, "nothing_extracted"),
    ("区经济信息委".encode(), {"content-type": "application/json"}, 415, "unsupported_media_type"),
    ("区经济信息委".encode(), {"content-type": "image/png"}, 415, "unsupported_media_type"),
])
def test_broken_documents_leave_the_graph_unchanged(client, kg, body, headers, status, code):
    before = snapshot(kg)
    response = client.post("/documents", content=body, params={"name": "broken.txt"}, headers={**AUTH, **headers})
    assert response.status_code == status, response.text
    assert error_of(response)["code"] == code
    assert snapshot(kg) == before


def test_too_large_is_413_with_or_without_content_length(client, kg):
    before = snapshot(kg)
    big = "永川区经济信息委。".encode() * 10_000  # ~270 KB, over the 64 KiB of this app
    response = client.post("/documents", content=big, headers=AUTH)
    assert response.status_code == 413 and error_of(response)["code"] == "payload_too_large"

    def chunks():  # no Content-Length: the cap applies while reading
        for start in range(0, len(big), 8192):
            yield big[start:start + 8192]

    response = client.post("/documents", content=chunks(), headers=AUTH)
    assert response.status_code == 413
    response = client.post("/documents", files={"file": ("big.txt", big, "text/plain")}, headers=AUTH)
    assert response.status_code == 413
    assert snapshot(kg) == before


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b.txt", "x" * 201, "bad\nname"])
def test_bad_names_are_422(client, name):
    response = client.post("/documents", content="永川区经济信息委。".encode(), params={"name": name}, headers=AUTH)
    assert response.status_code == 422 and error_of(response)["code"] == "invalid_parameter"


def test_malformed_multipart(client, kg):
    before = snapshot(kg)
    response = client.post("/documents", content=b"--xx\r\nnot really multipart",
                           headers={**AUTH, "content-type": "multipart/form-data; boundary=xx"})
    assert response.status_code in (400, 422)
    error_of(response)
    response = client.post("/documents", data={"other": "field"}, files={"x": ("a.txt", b"abc")}, headers=AUTH)
    assert response.status_code == 422
    assert snapshot(kg) == before


def test_extractor_bug_is_422_and_changes_nothing(client, kg, monkeypatch):
    import loaders

    def broken(source):
        raise ZeroDivisionError("a bug in an extractor")

    monkeypatch.setattr(loaders, "extract", broken)
    before = snapshot(kg)
    response = client.post("/documents", content="永川区经济信息委开工建设项目。".encode(), headers=AUTH)
    assert response.status_code == 422 and error_of(response)["code"] == "extraction_failed"
    assert snapshot(kg) == before
    assert client.get("/health").status_code == 200
