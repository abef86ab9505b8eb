"""JSON inputs as users meet them: text under ``text``/``content``/``body``, dates in ISO, RFC 2822
and epoch form, ``.json`` arrays, titles kept apart from the text (HTML too), and a bad date
costing only its own line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Document, Rejection
from dateline.readers import read_inputs
from dateline.readers.common import InputError, parse_date

runner = CliRunner()
TEXT = "Troops crossed the border on Monday, officials said."


def read(path: Path) -> tuple[list[Document], dict[str, str]]:
    items = list(read_inputs([path]))
    docs = [i for i in items if isinstance(i, Document)]
    bad = {i.origin: i.reason for i in items if isinstance(i, Rejection)}
    return docs, bad


def jsonl(path: Path, *records: object) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2017-11-22", "2017-11-22"),
        ("2017-11-22T09:30:00Z", "2017-11-22"),
        ("2017-11-22T23:30:00-05:00", "2017-11-22"),  # the date as written, in its own zone
        ("2017-11-22 09:30:00 UTC", "2017-11-22"),
        ("Tue, 21 Nov 2017 09:30:00 +0900", "2017-11-21"),
        ("Wed, 22 Nov 2017 00:30:00 GMT", "2017-11-22"),
        (1511343000, "2017-11-22"),  # epoch seconds, dated in UTC
        (1511343000123, "2017-11-22"),  # epoch milliseconds
        (1511343000.5, "2017-11-22"),
        ("1511343000", "2017-11-22"),
        ("1511343000123", "2017-11-22"),
    ],
)
def test_dates_in_the_forms_feeds_write(value, date):
    assert parse_date(value, "date") == date


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("22/11/2017", "not an ISO date"),
        ("Tue, 21 Nov 2017", "RFC 2822"),
        ("2017-02-30", "not a real calendar date"),
        ("2017-11-22T25:61", "impossible time"),
        ("2017-11-22xyz", "trailing text"),
        (4102444800, "in the future"),  # 2100-01-01 in epoch seconds
        (10**400, "out of range"),
        ("9" * 500, "out of range"),
        (float("nan"), "out of range"),
        (True, "not a date"),
    ],
)
def test_bad_dates_name_the_value_and_the_reason(value, reason):
    with pytest.raises(InputError, match=reason):
        parse_date(value, "published")


def test_text_under_text_content_or_body_the_first_not_blank_wins(tmp_path):
    p = jsonl(
        tmp_path / "a.jsonl",
        {"content": TEXT, "date": "2017-11-22"},
        {"body": "Police arrested two men.", "date": "2017-11-22"},
        {"text": "  ", "content": "Rebels shelled the town.", "body": "ignored"},
        {"text": "Text wins.", "body": "Body loses."},
    )
    docs, bad = read(p)
    assert bad == {}
    assert [d.text for d in docs] == [TEXT, "Police arrested two men.",
                                      "Rebels shelled the town.", "Text wins."]


def test_jsonl_dates_titles_and_sources_as_news_apis_give_them(tmp_path):
    p = jsonl(
        tmp_path / "api.jsonl",
        {"title": "Border crossing", "content": TEXT, "publishedAt": "2017-11-22T09:30:00Z",
         "source": {"id": "ap", "name": "AP"}, "url": "http://n/1"},
        {"body": TEXT + " Again.", "pubDate": "Tue, 21 Nov 2017 09:30:00 +0900"},
        {"text": TEXT + " Twice.", "published": 1511343000000},
    )
    docs, bad = read(p)
    assert bad == {}
    assert [d.dct for d in docs] == ["2017-11-22", "2017-11-21", "2017-11-22"]
    assert (docs[0].title, docs[0].source, docs[0].text) == ("Border crossing", "AP", TEXT)


def test_a_bad_date_rejects_its_line_only(tmp_path):
    p = jsonl(
        tmp_path / "mixed.jsonl",
        {"text": TEXT, "date": "2017-11-22"},
        {"text": "Police arrested two men.", "date": "Tuesday morning"},
        {"text": "Rebels shelled the town.", "date": 1511343000},
    )
    docs, bad = read(p)
    assert [d.dct for d in docs] == ["2017-11-22", "2017-11-22"]
    assert list(bad) == [f"{p}:2"]
    assert "date 'Tuesday morning' is not an ISO date" in bad[f"{p}:2"]


def test_a_json_array_file_is_read_element_by_element(tmp_path):
    p = tmp_path / "articles.json"
    p.write_text(json.dumps([
        {"title": "One", "text": TEXT, "date": "2017-11-22"},
        {"text": "Police arrested two men.", "date": "2017-13-45"},
        "not an object",
        {"body": "Rebels shelled the town.", "date": "Wed, 22 Nov 2017 10:00:00 +0000"},
    ], indent=2))
    docs, bad = read(p)
    assert [(d.text, d.dct, d.origin) for d in docs] == [
        (TEXT, "2017-11-22", f"{p}#1"), ("Rebels shelled the town.", "2017-11-22", f"{p}#4")]
    assert docs[0].title == "One"
    assert set(bad) == {f"{p}#2", f"{p}#3"}
    assert "not a real calendar date" in bad[f"{p}#2"]
    assert "an array element must be a JSON object" in bad[f"{p}#3"]


def test_a_json_file_with_one_pretty_printed_article(tmp_path):
    p = tmp_path / "one.json"
    p.write_text(json.dumps({"content": TEXT, "date": "2017-11-22"}, indent=2))
    docs, bad = read(p)
    assert bad == {} and [d.text for d in docs] == [TEXT]


def test_a_json_file_of_json_lines_is_read_line_by_line(tmp_path):
    p = jsonl(tmp_path / "lines.json", {"text": TEXT}, {"text": "x", "date": "soon"},
              {"body": "Police arrested two men."})
    docs, bad = read(p)
    assert [d.origin for d in docs] == [f"{p}:1", f"{p}:3"]
    assert list(bad) == [f"{p}:2"]


def test_a_broken_pretty_printed_object_is_one_rejection(tmp_path):
    p = tmp_path / "one.json"
    p.write_text('{\n  "text": "Troops crossed.",\n  "date": "2017-11-22",,\n}\n')
    docs, bad = read(p)
    assert docs == [] and list(bad) == [str(p)]
    assert "invalid JSON" in bad[str(p)] and "line 3" in bad[str(p)]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[]", "empty JSON array"),
        ('"just a string"', "must hold an article object or an array"),
        ('[{"text": "a"}', "invalid JSON"),
        ('[{"title": "no text"}]', "no 'text', 'content' or 'body' field"),
        ('[{"content": {"rendered": "<p>x</p>"}}]', "'content' is a JSON dict, not a string"),
    ],
)
def test_bad_json_files_are_rejected_with_a_reason(tmp_path, content, reason):
    p = tmp_path / "bad.json"
    p.write_text(content)
    docs, bad = read(p)
    assert docs == []
    (origin, why), = bad.items()
    assert origin.startswith(str(p)) and reason in why


def test_html_title_is_kept_apart_from_the_text(tmp_path):
    body = "".join(f"<p>Paragraph {i}: soldiers exchanged fire across the border near the river "
                   "town on Monday, officials said.</p>" for i in range(4))
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>Border clash | Wire</title>"
                 '<meta property="og:title" content="Border clash">'
                 '<meta property="article:published_time" content="2019-05-14T08:00:00Z">'
                 f"</head><body><article><h1>Border clash</h1>{body}</article></body></html>")
    (doc,), _ = read(p)
    assert doc.title == "Border clash"
    assert doc.text.startswith("Paragraph 0:")


def test_cli_extract_reads_a_json_array_with_rfc_and_epoch_dates(tmp_path):
    p = tmp_path / "articles.json"
    p.write_text(json.dumps([
        {"title": "Crossing", "content": TEXT, "pubDate": "Tue, 21 Nov 2017 09:30:00 +0900"},
        {"body": "Police arrested two men on Tuesday.", "published": 1511343000},
    ]))
    result = runner.invoke(app, ["extract", str(p), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["document"]["dct"] for r in reports] == ["2017-11-21", "2017-11-22"]
    assert reports[0]["document"]["title"] == "Crossing"


def test_cli_ingest_stores_the_good_lines_and_rejects_the_bad_date(tmp_path):
    p = jsonl(
        tmp_path / "feed.jsonl",
        {"content": TEXT, "date": "2017-11-22T09:30:00+09:00", "title": "Crossing"},
        {"body": "Police arrested two men.", "date": "22/11/2017"},
        {"text": "Rebels shelled the town.", "date": 1511343000123},
    )
    db = tmp_path / "news.duckdb"
    result = runner.invoke(app, ["ingest", str(p), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "stored 2, updated 0, duplicates skipped 0, rejected 1" in result.stdout
    assert f"{p}:2" in result.stderr and "not an ISO date" in result.stderr
    docs = json.loads(runner.invoke(app, ["query", "documents", "--db", str(db),
                                          "--format", "json"]).stdout)
    assert sorted((d["dct"], d["title"] or "") for d in docs) == [
        ("2017-11-22", ""), ("2017-11-22", "Crossing")]
    rejected = json.loads(runner.invoke(app, ["query", "rejections", "--db", str(db),
                                              "--format", "json"]).stdout)
    assert [r["origin"] for r in rejected] == [f"{p}:2"]
