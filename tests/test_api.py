"""The HTTP API and pages of ``dateline serve`` (``dateline.api``), through FastAPI's TestClient
over a small store ingested from fixture texts: every route, paging, CSV and GeoJSON, bad
parameters (4xx with a reason, never 500), writes with and without the token, escaping."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import warnings

import duckdb
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from typer.testing import CliRunner

from api_store import build_store
from dateline.api import StoreAccess, create_app
from dateline.api import access as access_module
from dateline.cli import app as cli_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note that it prefers httpx2 over httpx
    from fastapi.testclient import TestClient

TOKEN = "s3cret-token"
JSON_AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, nlp, seed_path):
    return build_store(tmp_path_factory.mktemp("api"), seed_path)


@pytest.fixture(scope="module")
def client(store_path):
    access = StoreAccess(store_path)
    with TestClient(create_app(access)) as c:
        yield c
    access.close()


@pytest.fixture
def writer(tmp_path, nlp):
    """A writable server (token set) over a fresh store."""
    access = StoreAccess(tmp_path / "w.duckdb", writable=True)
    with TestClient(create_app(access, token=TOKEN, max_body=4096)) as c:
        yield c
    access.close()


def _seed_id(client) -> str:
    rows = client.get("/api/documents", params={"search": "armistice"}).json()["rows"]
    assert len(rows) == 1
    return rows[0]["id"]


# -- reading -------------------------------------------------------------------------------
def test_documents_are_listed_newest_first_and_searched(client):
    data = client.get("/api/documents").json()
    assert data["total"] == 3 and data["next"] is None
    assert [r["dct"] for r in data["rows"]] == ["2021-03-10", "2020-05-06", "2017-11-22"]
    found = client.get("/api/documents", params={"search": "Lagos gunmen"}).json()
    assert [r["external_id"] for r in found["rows"]] == ["xss-1"]
    dated = client.get("/api/documents", params={"since": "2020-01-01", "until": "2020-12-31"})
    assert [r["external_id"] for r in dated.json()["rows"]] == ["xss-1"]


def test_document_has_its_text_and_every_fact_with_offsets(client):
    data = client.get(f"/api/documents/{_seed_id(client)}").json()
    text = data["document"]["text"]
    assert data["document"]["dct"] == "2017-11-22"
    assert data["events"] and data["places"] and data["timexes"] and data["entities"]
    for e in data["events"]:
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]
    for kind in ("places", "timexes", "quantities", "quotes"):
        for r in data[kind]:
            assert text[r["start"]:r["end"]] == r["text"]


def test_events_take_the_query_filters(client):
    seed = _seed_id(client)
    shootings = client.get("/api/events", params={"doc": seed, "type": "ASSAULT"}).json()
    assert shootings["total"] > 0
    assert {r["type"] for r in shootings["rows"]} == {"ASSAULT"}
    assert any(r["trigger"]["text"] == "shot" for r in shootings["rows"])
    korean = client.get("/api/events", params={"actor": "North Korea"}).json()
    assert korean["total"] > 0 and {r["doc_id"] for r in korean["rows"]} == {seed}
    # the seed's events are only known to have happened by its date: never "since" it
    assert client.get("/api/events", params={"doc": seed, "happened_since": "2017-11-01"}
                      ).json()["total"] == 0
    assert client.get("/api/events", params={"doc": seed, "happened_until": "2017-11-22"}
                      ).json()["total"] == shootings["total"] + client.get(
        "/api/events", params={"doc": seed}).json()["total"] - shootings["total"]
    distinct = client.get("/api/events", params={"doc": seed, "distinct": "true"}).json()
    assert 0 < distinct["total"] < client.get("/api/events", params={"doc": seed}).json()["total"]
    assert all(r["same_as"] is None for r in distinct["rows"])
    later = client.get("/api/events", params={"since": "2021-01-01"}).json()
    assert later["total"] > 0 and {r["dct"] for r in later["rows"]} == {"2021-03-10"}


def test_events_by_country_of_their_place(client):
    placed = [r for r in client.get("/api/events", params={"limit": 1000}).json()["rows"]
              if r["place_detail"]]
    assert placed, "a fixture event is tied to a place"
    country = placed[0]["place_detail"]["country"]
    rows = client.get("/api/events", params={"country": country.lower()}).json()["rows"]
    assert rows and all(r["place_detail"]["country"] == country for r in rows)


def test_query_command_takes_an_events_country_too(client, store_path):
    placed = [r for r in client.get("/api/events", params={"limit": 1000}).json()["rows"]
              if r["place_detail"]]
    country = placed[0]["place_detail"]["country"]
    result = CliRunner().invoke(cli_app, ["query", "events", "--db", str(store_path),
                                          "--country", country, "--format", "json", "--raw"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {(r["doc_id"], r["idx"]) for r in rows} == {(r["doc_id"], r["idx"]) for r in placed
                                                       if r["place_detail"]["country"] == country}


def test_paging_reaches_every_row_once(client):
    total = client.get("/api/events").json()["total"]
    seen, url, pages = [], "/api/events?limit=7", 0
    while url:
        page = client.get(url).json()
        assert page["total"] == total
        seen += [(r["doc_id"], r["idx"]) for r in page["rows"]]
        url, pages = page["next"], pages + 1
    assert len(seen) == len(set(seen)) == total
    assert pages == -(-total // 7)


def test_csv_has_a_header_and_says_how_many_rows_match(client):
    r = client.get("/api/events", params={"format": "csv", "limit": 3})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    assert lines[0].startswith("doc_id,dct,idx,id,type,trigger")
    assert int(r.headers["x-total-count"]) > 3 and 'rel="next"' in r.headers["link"]
    docs = client.get("/api/documents", params={"format": "csv"})
    assert docs.text.count("\n") == 4 and "link" not in docs.headers


def test_places_as_geojson(client):
    r = client.get("/api/places", params={"format": "geojson", "country": "KOR", "limit": 100})
    assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
    data = r.json()
    assert data["type"] == "FeatureCollection" and data["total"] == len(data["features"])
    jsa = [f for f in data["features"] if f["properties"]["text"] == "JSA"]
    assert jsa and jsa[0]["geometry"]["type"] == "Point"
    lon, lat = jsa[0]["geometry"]["coordinates"]
    assert 126 < lon < 128 and 37 < lat < 39


def test_rejections_are_listed_with_their_reasons(client):
    data = client.get("/api/rejections").json()
    assert data["total"] == 2
    assert {r["reason"] for r in data["rows"]} >= {"no 'text', 'content' or 'body' field"}
    assert client.get("/api/rejections", params={"search": "text field"}).json()["total"] >= 1


@pytest.mark.parametrize("url,status,reason", [
    ("/api/events?since=2017-13-01", 422, "since"),
    ("/api/events?happened_until=yesterday", 422, "happened_until"),
    ("/api/documents?until=2017-02-30", 422, "until"),
    ("/api/events?limit=0", 422, "limit"),
    ("/api/events?limit=100000", 422, "limit"),
    ("/api/events?limit=ten", 422, "limit"),
    ("/api/places?offset=-1", 422, "offset"),
    ("/api/places?format=kml", 422, "format"),
    ("/api/events?format=geojson", 422, "format"),
    ("/api/events?distinct=maybe", 422, "distinct"),
    ("/api/documents/no-such-doc", 404, "no-such-doc"),
    ("/documents/no-such-doc", 404, "no-such-doc"),
    ("/api/nothing", 404, "Not Found"),
])
def test_bad_parameters_get_a_4xx_with_a_reason(client, url, status, reason):
    r = client.get(url)
    assert r.status_code == status
    assert reason in r.json()["error"]


def test_openapi_and_offline_docs(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/events", "/api/places",
            "/api/rejections"} <= set(schema["paths"])
    docs = client.get("/docs").text
    assert "/static-offline-docs/swagger-ui-bundle.js" in docs
    assert not re.search(r'(src|href)="https?://', docs)


def test_busy_store_gives_503_with_a_reason(store_path, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(store_path, path)
    access = StoreAccess(path)
    holder = duckdb.connect(str(path))  # a writer holding the file (here: this process)
    try:
        with TestClient(create_app(access)) as c:
            r = c.get("/api/events")
        assert r.status_code == 503 and "busy" in r.json()["error"]
        assert r.headers["retry-after"] == "1"
    finally:
        holder.close()


def test_a_store_removed_while_serving_gives_503(store_path, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(store_path, path)
    access = StoreAccess(path)
    with TestClient(create_app(access)) as c:
        path.unlink()
        r = c.get("/api/documents")
    assert r.status_code == 503 and "gone" in r.json()["error"]
    access.close()


def test_an_idle_server_lets_the_file_go(store_path, tmp_path, monkeypatch):
    monkeypatch.setattr(access_module, "IDLE_CLOSE", 0.2)
    path = tmp_path / "copy.duckdb"
    shutil.copy(store_path, path)
    access = StoreAccess(path)
    with TestClient(create_app(access)) as c:
        assert c.get("/api/documents").status_code == 200
        assert c.get("/api/rejections").json()["total"] == 2
        time.sleep(0.6)
        with duckdb.connect(str(path)) as con:  # a writer gets in once the server is idle
            con.execute("INSERT INTO rejections (origin, reason, rejected_at) "
                        "VALUES ('late.txt', 'empty input', now())")
        assert c.get("/api/rejections").json()["total"] == 3  # and is seen: no stale answer
    access.close()


def test_a_question_asked_by_many_at_once_is_computed_once(store_path):
    access = StoreAccess(store_path)
    calls, results, gate = [], [], threading.Event()

    def compute(store):
        calls.append(1)
        gate.wait(5)
        return {"documents": store.count("documents")}

    threads = [threading.Thread(target=lambda: results.append(access.read("q", compute)))
               for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(5)
    assert calls == [1] and results == [{"documents": 3}] * 4
    assert access.read("q", lambda store: {"documents": -1}) == {"documents": 3}  # cached
    access.close()


# -- pages ---------------------------------------------------------------------------------
def test_search_page_lists_articles_events_and_places(client):
    r = client.get("/", params={"search": "armistice"})
    assert r.status_code == 200 and "default-src 'self'" in r.headers["content-security-policy"]
    embedded = re.search(r'<script type="application/json" id="page-data">(.*?)</script>',
                         r.text, re.S).group(1)
    data = json.loads(embedded)
    assert {e["trigger"]["text"] for e in data["events"]} >= {"shot"}
    assert "Joint Security Area" in {p["name"] for p in data["places"]}
    assert not re.search(r'(src|href)="https?://', r.text)  # nothing from elsewhere


def test_article_text_is_escaped_everywhere(client):
    page = client.get("/", params={"search": "Lagos"}).text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#39;title&#39;)" in page
    doc_id = client.get("/api/documents", params={"search": "Lagos"}).json()["rows"][0]["id"]
    doc = client.get(f"/documents/{doc_id}").text
    assert "<script>alert" not in doc and "<img src=x" not in doc
    assert "&lt;img src=x onerror=alert(2)&gt;" in doc
    assert "javascript:" not in doc  # its url is not a link


def test_document_page_links_every_highlight_to_its_record(client):
    html = client.get(f"/documents/{_seed_id(client)}").text
    anchors = set(re.findall(r'href="#([a-z_]+-\d+)"', html))
    records = set(re.findall(r'<li id="([a-z_]+-\d+)" class="fact">', html))
    assert anchors and anchors <= records
    assert {a.split("-")[0] for a in anchors} >= {"events", "places", "entities", "timexes"}
    assert re.search(r'class="hl hl-events" href="#events-0"[^>]*>shot</a>', html)


# -- writing -------------------------------------------------------------------------------
ARTICLE = {"text": "Troops shelled the town of Aleppo on Sunday, killing two people.",
           "date": "2019-02-03", "title": "Shelling", "id": "post-1"}


def test_post_without_a_configured_token_is_forbidden_and_writes_nothing(client, store_path):
    before = client.get("/api/documents").json()["total"]
    r = client.post("/api/documents", json=ARTICLE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403 and "without a token" in r.json()["error"]
    assert client.get("/api/documents").json()["total"] == before


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"},
                                     {"Authorization": TOKEN}])
def test_post_with_a_missing_or_wrong_token_is_refused(writer, headers):
    r = writer.post("/api/documents", json=ARTICLE, headers=headers)
    assert r.status_code == 401 and "token" in r.json()["error"]
    assert r.headers["www-authenticate"] == "Bearer"
    assert writer.get("/api/documents").json()["total"] == 0


def test_post_with_the_token_ingests_through_the_pipeline(writer):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert writer.get("/api/documents").json()["total"] == 0
    assert "No article matches." in writer.get("/").text  # an empty store has a page too
    r = writer.post("/api/documents", json=ARTICLE, headers=auth)
    assert r.status_code == 201, r.text
    doc_id = r.json()["id"]
    assert r.json()["events"] > 0
    data = writer.get(f"/api/documents/{doc_id}").json()
    assert data["document"]["title"] == "Shelling" and data["document"]["external_id"] == "post-1"
    assert data["document"]["origin"] == f"api:{doc_id}"
    assert any(e["type"] == "ASSAULT" for e in data["events"])
    assert "Shelling" in writer.get("/").text
    again = writer.post("/api/documents", json=ARTICLE, headers=auth)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert writer.get("/api/documents").json()["total"] == 1


@pytest.mark.parametrize("body,reason", [
    (b'{"title": "no text"}', "no 'text', 'content' or 'body' field"),
    (b'{"text": "Troops left.", "date": "2019-02-30"}', "date"),
    (b'{"text": "unterminated', "invalid JSON"),
    (b"[1, 2]", "a line must be a JSON object"),
    (b"", "empty input"),
    (b"\x00\x01\x02\xff" * 8, "binary"),
])
def test_post_bad_input_gets_the_reasons_of_ingest(writer, body, reason):
    r = writer.post("/api/documents", content=body,
                    headers=JSON_AUTH)
    assert r.status_code == 422 and reason in r.json()["error"]
    assert writer.get("/api/documents").json()["total"] == 0


def test_post_over_the_size_limit_is_refused(writer):
    big = json.dumps({"text": "word " * 2000})
    r = writer.post("/api/documents", content=big,
                    headers=JSON_AUTH)
    assert r.status_code == 413 and "limit" in r.json()["error"]


def test_pretty_printed_json_is_one_article(writer):
    body = json.dumps(ARTICLE, indent=2).encode()
    r = writer.post("/api/documents", content=body,
                    headers=JSON_AUTH)
    assert r.status_code == 201, r.text


# -- the command -----------------------------------------------------------------------------
def test_serve_command_runs_the_app_on_the_store(store_path, monkeypatch):
    import uvicorn

    seen = {}

    def fake_run(app, host, port, **kwargs):
        seen.update(host=host, port=port)
        with TestClient(app) as c:
            seen["total"] = c.get("/api/documents").json()["total"]
            seen["post"] = c.post("/api/documents", json=ARTICLE).status_code

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("DATELINE_TOKEN", raising=False)
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(store_path), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen == {"host": "127.0.0.1", "port": 8123, "total": 3, "post": 403}


def test_serve_command_refuses_a_missing_store_or_an_empty_token_file(tmp_path, store_path):
    runner = CliRunner()
    missing = runner.invoke(cli_app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such store" in missing.output
    empty = tmp_path / "token"
    empty.write_text("\n")
    result = runner.invoke(cli_app, ["serve", "--db", str(store_path), "--token-file", str(empty)])
    assert result.exit_code == 2 and "empty token file" in result.output


# -- property run over the OpenAPI schema -----------------------------------------------------
def test_no_generated_request_makes_a_server_error(store_path):
    """Schemathesis generates requests for every GET operation of the OpenAPI schema (valid and
    invalid parameters); none may get a 5xx."""
    access = StoreAccess(store_path)
    api = schemathesis.openapi.from_asgi("/openapi.json", create_app(access)).include(method="GET")
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate(checks=[not_a_server_error])

        check()
    access.close()
