"""Readers: every input format, and every kind of bad input ending as a named rejection."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.model import Document, Rejection
from dateline.readers import read_inputs
from dateline.readers.common import document_id

ARTICLE = (
    "<html><head><title>Border clash</title>"
    '<meta property="article:published_time" content="2019-05-14T08:00:00Z"></head><body>'
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>Border clash</h1>"
    + "".join(
        f"<p>Paragraph {i}: soldiers exchanged fire across the border near the river town "
        "on Monday, officials said, and villagers fled to the hills overnight.</p>"
        for i in range(6)
    )
    + "</article><footer>Copyright</footer></body></html>"
)


def read(path: Path, **kw) -> list[Document | Rejection]:
    return list(read_inputs([path], **kw))


def docs(items) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def rejections(items) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


def test_seed_format_gives_date_and_text(seed_path):
    (doc,) = read(seed_path)
    assert doc.dct == "2017-11-22"
    assert doc.text.startswith("A North Korean soldier made a desperate dash")
    assert doc.origin == str(seed_path)


def test_seed_header_without_leading_space_and_on_its_own_line(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("date 2020-02-29\nTroops withdrew.\n")
    (doc,) = read(p)
    assert (doc.dct, doc.text) == ("2020-02-29", "Troops withdrew.")


def test_plain_text_has_no_date_unless_given(tmp_path, caplog):
    p = tmp_path / "plain.txt"
    p.write_text("Troops withdrew from the town.")
    (doc,) = read(p)
    assert doc.dct is None
    assert "no document date" in caplog.text
    (doc,) = read(p, dct="2021-03-04")
    assert doc.dct == "2021-03-04"


def test_same_text_gets_the_same_id_whatever_its_wrapping():
    assert document_id("a  b\nc", None) == document_id("a b c", None)
    assert document_id("a b c", "http://x") != document_id("a b c", None)


def test_jsonl_fields_and_a_broken_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"text": "Rebels attacked.", "published": "2021-01-02T10:00:00Z",
                    "url": "http://n/1", "title": "T", "source": "Wire", "id": 7}) + "\n"
        + "{not json\n"
        + json.dumps({"text": "Police arrested two men.", "dct": "2021-02-30"}) + "\n"
        + json.dumps({"title": "no text"}) + "\n"
    )
    items = read(p)
    (doc,) = docs(items)
    assert (doc.dct, doc.url, doc.title, doc.source) == ("2021-01-02", "http://n/1", "T", "Wire")
    assert doc.external_id == "7" and doc.id != "7"  # the store's key stays the content hash
    bad = {r.origin: r.reason for r in rejections(items)}
    assert set(bad) == {f"{p}:2", f"{p}:3", f"{p}:4"}
    assert "invalid JSON" in bad[f"{p}:2"]
    assert "not a real calendar date" in bad[f"{p}:3"]
    assert "no 'text'" in bad[f"{p}:4"]


def test_html_page_main_text_and_publication_date(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(ARTICLE)
    (doc,) = read(p)
    assert doc.dct == "2019-05-14"
    assert "exchanged fire" in doc.text
    assert "Home" not in doc.text and "Copyright" not in doc.text


def _warc(pages: list[tuple[str, str]]) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(html.encode()), http_headers=headers))
    return buf.getvalue()


def test_warc_records_become_documents_with_their_url(tmp_path):
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(gzip.compress(_warc([("http://a/1", ARTICLE), ("http://a/2", ARTICLE * 1)])))
    items = read(p)
    assert [d.url for d in docs(items)] == ["http://a/1", "http://a/2"]
    assert len({d.id for d in docs(items)}) == 2  # same text, other URL: another document


def test_rss_entries_with_their_dates(tmp_path):
    p = tmp_path / "news.rss"
    p.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>One</title><link>http://w/1</link>"
        "<pubDate>Tue, 14 May 2019 08:00:00 GMT</pubDate>"
        "<description>&lt;p&gt;Police arrested two men.&lt;/p&gt;</description></item>"
        "<item><title>Two</title><link>http://w/2</link>"
        "<description>Protesters marched.</description></item>"
        "</channel></rss>"
    )
    one, two = read(p)
    assert (one.dct, one.text, one.url, one.source) == (
        "2019-05-14", "Police arrested two men.", "http://w/1", "Wire")
    assert two.dct is None and two.text == "Protesters marched."


def test_folders_are_read_recursively_and_gz_is_decompressed(tmp_path, seed_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "seed.txt.gz").write_bytes(gzip.compress(seed_path.read_bytes()))
    (tmp_path / "a" / "x.txt").write_text("date 2001-01-01 Hello there.")
    found = read(tmp_path)
    assert sorted(d.dct for d in docs(found)) == ["2001-01-01", "2017-11-22"]


def test_latin1_text_is_decoded_by_detection(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes(" date 2017-11-22 Le président a déclaré que l'armée était prête à réagir "
                  "immédiatement, selon un communiqué publié à Séoul.".encode("latin-1"))
    (doc,) = read(p)
    assert "président" in doc.text


# --- bad input: each ends as a rejection that names the input and the reason -----------

BAD = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t ", "empty"),
    ("binary.bin", bytes(range(256)) * 8, "binary"),
    ("impossible.txt", b" date 2017-02-30 Text.", "not a real calendar date"),
    ("other-format.txt", b" date 22/11/2017 Text.", "not an ISO date"),
    ("header-only.txt", b" date 2017-11-22 ", "no text"),
    ("scripts.html", b"<html><head><script>var a=1;</script></head><body><nav><a href='/'>Home"
     b"</a></nav><script>track()</script></body></html>", "without article text"),
    ("truncated.txt.gz",
     gzip.compress(" ".join(str(i * 7919 % 10007) for i in range(5000)).encode())[:300],
     "truncated or corrupt gzip"),
    ("not-gzip.txt.gz", b"plain text pretending", "gzip"),
    ("empty.rss", b"<rss><channel></channel></rss>", "feed without entries"),
]


@pytest.mark.parametrize(("name", "content", "reason"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_rejected_with_a_reason(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    (item,) = read(p)
    assert isinstance(item, Rejection)
    assert item.origin == str(p)
    assert reason in item.reason


def test_truncated_warc_keeps_the_records_before_the_damage(tmp_path):
    data = _warc([("http://a/1", ARTICLE), ("http://a/2", ARTICLE)])
    p = tmp_path / "cut.warc"
    p.write_bytes(data[: len(data) - 300])
    items = read(p)
    assert [d.url for d in docs(items)] == ["http://a/1"]
    (rej,) = rejections(items)
    assert rej.origin == str(p) and "WARC" in rej.reason


def test_oversized_input_is_rejected_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with p.open("wb") as f:
        f.truncate(50_000_000)  # a sparse 50 MB file
    (item,) = read(p)
    assert isinstance(item, Rejection)
    assert "too large" in item.reason and "--max-bytes" in item.reason
    small = tmp_path / "small.txt.gz"
    small.write_bytes(gzip.compress(b"x " * 1_000_000))  # 2 MB once decompressed
    (item,) = read(small, max_bytes=1_000_000)
    assert isinstance(item, Rejection) and "decompressed" in item.reason


def test_missing_path_is_rejected(tmp_path):
    (item,) = read(tmp_path / "nope.txt")
    assert isinstance(item, Rejection) and "no such file" in item.reason


def test_timeml_text_is_read_with_its_dct(tmp_path):
    p = tmp_path / "a.tml"
    p.write_text(
        '<?xml version="1.0" ?><TimeML><DOCID>A1</DOCID><DCT><TIMEX3 tid="t0" type="DATE" '
        'value="1998-02-06" functionInDocument="CREATION_TIME">02/06/98</TIMEX3></DCT>'
        '<TEXT>Rebels struck <TIMEX3 tid="t1" type="DATE" value="1998-02-05">Thursday'
        "</TIMEX3> &amp; fled.</TEXT></TimeML>"
    )
    (doc,) = read(p)
    assert (doc.dct, doc.text) == ("1998-02-06", "Rebels struck Thursday & fled.")
    p.write_text("<TimeML><DOCID>x</DOCID></TimeML>")
    (rej,) = read(p)
    assert isinstance(rej, Rejection) and "<TEXT>" in rej.reason
