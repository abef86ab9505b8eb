"""Fault injection for the readers: each kind of bad input, put in a folder between good ones,
ends as the documents and rejections it should (with the reason), and never costs a good input.

The table ``FAULTS`` holds the inputs that are bytes; the file-system cases (FIFO, device,
symlinks) and a reader that fails unexpectedly follow it; then properties over arbitrary bytes
(hypothesis) and the whole path through ``dateline ingest``.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import socket
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import dateline.readers as readers
from dateline.cli import app
from dateline.model import Document, Rejection
from dateline.readers import read_inputs
from dateline.readers.common import document_id

GOOD_TEXTS = (
    "Troops withdrew from the border town on Monday.",
    "Rebels attacked a convoy near the river.",
    "Police arrested two men after the protest.",
)
ARTICLE = (
    "<html><head><title>Border clash</title></head><body><article>"
    + "".join(
        f"<p>Paragraph {i}: soldiers exchanged fire across the border near the river town "
        "on Monday, officials said, and villagers fled to the hills overnight.</p>"
        for i in range(4)
    )
    + "</article></body></html>"
)


def _good(folder: Path) -> None:
    """Three good inputs in two formats, around which the bad one is put."""
    (folder / "a-good.txt").write_text(f" date 2017-11-22 {GOOD_TEXTS[0]}\n")
    (folder / "z-good.jsonl").write_text(
        "".join(json.dumps({"text": t, "date": "2018-01-02"}) + "\n" for t in GOOD_TEXTS[1:])
    )


def _split(items) -> tuple[list[Document], list[Rejection]]:
    return ([i for i in items if isinstance(i, Document)],
            [i for i in items if isinstance(i, Rejection)])


def _with_good(folder: Path, **kw) -> tuple[list[Document], list[Rejection]]:
    """The documents and rejections of everything but the good inputs, which must all be read."""
    _good(folder)
    docs, rejections = _split(list(read_inputs([folder], **kw)))
    good = [d for d in docs if _is_good(d.origin)]
    assert sorted(d.text for d in good) == sorted(GOOD_TEXTS)
    assert not [r for r in rejections if _is_good(r.origin)]
    return [d for d in docs if not _is_good(d.origin)], rejections


def _is_good(origin: str) -> bool:
    return "-good." in Path(origin).name


def _warc(pages: int) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    for n in range(1, pages + 1):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"http://a/{n}", "response", payload=io.BytesIO(ARTICLE.encode()),
            http_headers=headers))
    return buf.getvalue()


def _record_start(data: bytes, n: int) -> int:
    """The offset of the n-th (1-based) record of a WARC written by ``_warc``."""
    at = -1
    for _ in range(n):
        at = data.index(b"WARC/1.0\r\n", at + 1)
    return at


def _tml(dct: str, text: str) -> bytes:
    return (f'<TimeML><DOCID>d</DOCID><DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">x'
            f"</TIMEX3></DCT><TEXT>{text}</TEXT></TimeML>").encode()


def _html(extra: str) -> bytes:
    return ARTICLE.replace("Paragraph 0:", f"Paragraph 0: {extra}").encode()


WARC3 = _warc(3)
LINE = " date 2017-11-22 Troops fired on protesters in the capital, witnesses said.\n"


@dataclass(frozen=True)
class Fault:
    """A bad input: its name and bytes; how many documents and rejections it gives; the reason
    every rejection names; and a check of the documents it gives (they are cleaned)."""

    name: str
    data: bytes
    docs: int
    rejected: int
    reason: str = ""
    check: Callable[[list[Document]], bool] = lambda docs: True
    options: tuple[tuple[str, int], ...] = ()


def _clean(docs: list[Document]) -> bool:
    """No control character (but newline and tab) nor lone surrogate left in any text field."""
    fields = [f for d in docs for f in (d.text, d.title, d.url, d.source) if f]
    return all(
        unicodedata.category(c) not in ("Cc", "Cs") or c in "\n\t" for f in fields for c in f
    )


FAULTS = [
    # empty, binary, too big
    Fault("empty.txt", b"", 0, 1, "empty input"),
    Fault("blank.txt", b" \n\t \n", 0, 1, "empty input"),
    Fault("random.bin", bytes(range(256)) * 64, 0, 1, "binary content"),
    Fault("utf16-no-bom.txt", LINE.encode("utf-16-le"), 0, 1, "binary content (NUL bytes)"),
    Fault("zip-bomb.txt.gz", gzip.compress(b"a " * 600_000), 0, 1, "decompressed",
          options=(("max_bytes", 1_000_000),)),
    Fault("big.txt", LINE.encode() * 100, 0, 1, "too large", options=(("max_bytes", 1000),)),
    Fault("truncated.txt.gz", gzip.compress(LINE.encode() * 50)[:40], 0, 1,
          "truncated or corrupt gzip"),
    Fault("not-gzip.txt.gz", b"plain text pretending", 0, 1, "gzip"),
    # control characters and escapes: cleaned, with the document kept
    Fault("nul-after-8k.txt", LINE.encode() + b"More words here. " * 600 + b"\x00 end.\n", 1, 0,
          check=lambda d: "\x00" not in d[0].text and d[0].text.endswith(" end.")),
    Fault("ansi.txt", LINE.encode() + b"\x1b[31mRed\x1b[0m and \x07bell\x08.\n", 1, 0,
          check=lambda d: _clean(d) and "[31mRed" in d[0].text),
    Fault("form-feed.txt", LINE.encode() + b"Page one.\x0cPage two.\n", 1, 0,
          check=lambda d: "Page one.\nPage two." in d[0].text),
    Fault("json-nul.jsonl", json.dumps({"text": "Rebels\u0000 attacked.", "title": "T\u0000"})
          .encode() + b"\n", 1, 0, check=lambda d: d[0].text == "Rebels attacked." and _clean(d)),
    Fault("json-surrogate.jsonl", b'{"text": "Rebels attacked \\ud83d the base."}\n', 1, 0,
          check=lambda d: d[0].text == "Rebels attacked \ufffd the base."),
    # encodings
    Fault("utf16-le.txt", LINE.encode("utf-16"), 1, 0,
          check=lambda d: d[0].dct == "2017-11-22" and d[0].text.startswith("Troops")),
    Fault("utf16-be.txt", b"\xfe\xff" + LINE.encode("utf-16-be"), 1, 0,
          check=lambda d: d[0].text.startswith("Troops")),
    Fault("utf32.txt", LINE.encode("utf-32"), 1, 0,
          check=lambda d: d[0].text.startswith("Troops")),
    Fault("utf8-bom.jsonl", b"\xef\xbb\xbf" + json.dumps({"text": "Rebels attacked."}).encode(),
          1, 0, check=lambda d: d[0].text == "Rebels attacked."),
    Fault("mixed-encoding.txt", LINE.encode() + "He said “fine”.\n".encode()
          + "Caf\xe9 owners fled.\n".encode("cp1252") + "End — here.\n".encode(), 1, 0,
          check=lambda d: "“fine”" in d[0].text and "Café owners" in d[0].text
          and "End — here." in d[0].text),
    Fault("cp1250.txt", "Prezydent powiedział, że żołnierze wycofali się.\n".encode("cp1250"),
          1, 0, check=lambda d: d[0].text == "Prezydent powiedział, że żołnierze wycofali się."),
    Fault("cp1252-dashes.txt", "He said—quietly—that the café was shut.".encode("cp1252"), 1, 0,
          check=lambda d: d[0].text == "He said—quietly—that the café was shut."),
    Fault("cp1251.txt", "Войска отступили от границы в понедельник.".encode("cp1251"), 1, 0,
          check=lambda d: d[0].text == "Войска отступили от границы в понедельник."),
    # dates
    Fault("impossible-date.txt", b" date 2017-13-45 Text.", 0, 1, "not a real calendar date"),
    Fault("date-junk.txt", b" date 2017-11-22xyz Text.", 0, 1, "trailing text"),
    Fault("future.txt", b" date 9999-01-01 Text.", 0, 1, "in the future"),
    Fault("ancient.jsonl", json.dumps({"text": "Text.", "date": "0001-01-01"}).encode(), 0, 1,
          "implausibly old"),
    Fault("iso-datetime.jsonl", json.dumps({"text": "Text.", "date": "2017-11-22T23:30:00-05:00"})
          .encode(), 1, 0, check=lambda d: d[0].dct == "2017-11-22"),
    Fault("impossible-time.jsonl", json.dumps({"text": "T.", "date": "2017-11-22T25:61"}).encode(),
          0, 1, "impossible time"),
    Fault("iso-datetime-z.txt", b" date 2017-11-22T09:30:00Z Text.", 1, 0,
          check=lambda d: d[0].dct == "2017-11-22"),
    # JSON lines
    Fault("deep.jsonl", b"[" * 100_000 + b"\n" + json.dumps({"text": "Rebels attacked."}).encode(),
          1, 1, "nested too deeply"),
    Fault("broken-lines.jsonl", b'{"text": "One."}\n{oops\n[1, 2]\n{"text": 5}\n'
          + b'{"text": "Two."}\n{"text": "' + b"9" * 5000 + b'"}\n', 3, 3, ""),
    Fault("huge-int.jsonl", b'{"text": "Rebels attacked.", "id": ' + b"9" * 5000 + b"}\n", 0, 1,
          "invalid JSON"),
    # WARC
    Fault("cut-content.warc", WARC3[: _record_start(WARC3, 3) + 700], 2, 1, "record 3"),
    Fault("cut-warc-headers.warc", WARC3[: _record_start(WARC3, 3) + 40], 2, 1, "record 3"),
    Fault("cut-http-headers.warc", WARC3[: _record_start(WARC3, 3) + 330], 2, 1, "record 3"),
    Fault("garbage.warc", b"WARC/1.0\r\nnonsense\r\n\r\n" * 3, 0, 1, "WARC"),
    Fault("not-a-warc.warc", LINE.encode(), 0, 1, "WARC"),
    # TimeML
    Fault("huge-ref.tml", _tml("2017-11-22", "Rebels &#99999999; struck."), 1, 0,
          check=lambda d: d[0].text == "Rebels \ufffd struck."),
    Fault("surrogate-ref.tml", _tml("2017-11-22", "Rebels &#xD800; struck."), 1, 0,
          check=lambda d: d[0].text == "Rebels \ufffd struck."),
    Fault("nul-ref.tml", _tml("2017-11-22", "Rebels&#0; struck."), 1, 0,
          check=lambda d: d[0].text == "Rebels struck."),
    Fault("bad-dct.tml", _tml("2017-13-45", "Rebels struck."), 0, 1,
          "DCT '2017-13-45' is not a real calendar date"),
    Fault("future-dct.tml", _tml("2999-01-01", "Rebels struck."), 0, 1, "in the future"),
    # HTML and feeds
    Fault("entities.html", _html("&#0;&#99999999;&#xD800;&#x1b;"), 1, 0, check=_clean),
    Fault("scripts.html", b"<html><script>var a;</script><nav>Home</nav></html>", 0, 1,
          "without article text"),
    Fault("future.rss", b"<rss><channel><item><description>Rebels attacked.</description>"
          b"<pubDate>Fri, 01 Jan 2999 08:00:00 GMT</pubDate></item><item><description>"
          b"Police fled.</description></item></channel></rss>", 1, 1, "in the future"),
]


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_a_bad_input_beside_good_ones(tmp_path, fault):
    (tmp_path / fault.name).write_bytes(fault.data)
    docs, rejections = _with_good(tmp_path, **dict(fault.options))
    assert (len(docs), len(rejections)) == (fault.docs, fault.rejected), rejections
    assert all(r.origin.startswith(str(tmp_path / fault.name)) for r in rejections)
    assert all(fault.reason in r.reason for r in rejections), rejections
    assert fault.check(docs)
    assert _clean(docs)


def test_the_table_has_enough_kinds():
    assert len(FAULTS) >= 25


def test_broken_json_lines_are_named_by_their_line(tmp_path):
    (tmp_path / "f.jsonl").write_bytes(FAULTS[[f.name for f in FAULTS].index("broken-lines.jsonl")]
                                       .data)
    _, rejections = _with_good(tmp_path)
    assert {r.origin.rsplit(":", 1)[1]: r.reason.split(":")[0] for r in rejections} == {
        "2": "invalid JSON", "3": "a line must be a JSON object",
        "4": "'text' is a JSON int, not a string"}


def test_warc_damage_names_the_record_and_keeps_those_before(tmp_path):
    cut = tmp_path / "cut.warc"
    cut.write_bytes(WARC3[: _record_start(WARC3, 3) + 40])
    docs, (rejection,) = _with_good(tmp_path)
    assert [d.url for d in docs] == ["http://a/1", "http://a/2"]
    assert rejection.origin == str(cut)
    assert "record 3" in rejection.reason and "2 HTML record(s) before it" in rejection.reason


def test_every_cut_of_a_warc_keeps_the_pages_before_it_and_says_so(tmp_path):
    """Wherever an archive is cut, its complete records are read, and a cut that loses bytes of
    a record is a rejection (only the blank line closing a record may go missing)."""
    path = tmp_path / "cut.warc"
    ends = [_record_start(WARC3, 2), _record_start(WARC3, 3), len(WARC3)]
    for cut in [*range(1, len(WARC3), 37), *(end - n for end in ends for n in range(5))]:
        path.write_bytes(WARC3[:cut])
        docs, rejections = _split(list(read_inputs([path])))
        complete = sum(end - 4 <= cut for end in ends)  # 4: the closing CRLF CRLF
        at_an_end = any(end - 4 <= cut <= end for end in ends)
        assert len(docs) == complete, cut
        assert len(rejections) == (0 if at_an_end else 1), cut


def test_warnings_say_what_was_cleaned(tmp_path, caplog):
    p = tmp_path / "x.txt"
    p.write_bytes(LINE.encode() + b"a\x00b\n" + "Caf\xe9.\n".encode("cp1252") + "“q”\n".encode())
    with caplog.at_level(logging.WARNING, "dateline.readers"):
        (doc,) = read_inputs([p])
    assert "1 control character(s) removed" in caplog.text
    assert "1 of 4 lines not valid UTF-8 (line 3)" in caplog.text
    assert str(p) in caplog.text


# --- the file system -------------------------------------------------------------------


def test_fifo_in_a_folder_or_given_is_rejected_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    _, (rejection,) = _with_good(tmp_path)
    assert rejection.origin == str(tmp_path / "pipe.txt")
    assert "FIFO" in rejection.reason and "only regular files" in rejection.reason
    (again,) = read_inputs([tmp_path / "pipe.txt"])
    assert isinstance(again, Rejection) and "FIFO" in again.reason


def test_a_device_is_rejected_whatever_its_size_says():
    (rejection,) = read_inputs(["/dev/zero"], max_bytes=1000)
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("a character device, not a regular file")


def test_a_socket_is_rejected(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.sock"))
        _, (rejection,) = _with_good(tmp_path)
    finally:
        server.close()
    assert "a socket, not a regular file" in rejection.reason


def test_a_symlink_out_of_the_folder_is_not_followed(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "passwd.txt").symlink_to(outside)
    (corpus / "etc").symlink_to(tmp_path)
    _, rejections = _with_good(corpus)
    reasons = {Path(r.origin).name: r.reason for r in rejections}
    assert reasons == {
        "passwd.txt": f"symlink to {outside} leads outside {corpus}; not followed",
        "etc": f"symlink to {tmp_path} leads outside {corpus}; not followed",
    }


def test_a_symlink_inside_the_folder_and_one_given_directly_are_followed(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "real.txt").write_text(" date 2017-11-22 Rebels struck again.")
    (corpus / "link.txt").symlink_to(corpus / "sub" / "real.txt")
    (corpus / "subdir-link").symlink_to(corpus / "sub")  # not walked twice
    docs, rejections = _with_good(corpus)
    assert sorted(Path(d.origin).name for d in docs) == ["link.txt", "real.txt"]
    assert not rejections
    given_link = tmp_path / "given.txt"
    given_link.symlink_to(corpus / "sub" / "real.txt")
    (doc,) = read_inputs([given_link])
    assert isinstance(doc, Document) and doc.text == "Rebels struck again."


def test_symlink_loops_and_broken_links_are_rejected_not_hung(tmp_path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "self").symlink_to(tmp_path / "self")
    _, rejections = _with_good(tmp_path)
    reasons = {Path(r.origin).name: r.reason for r in rejections}
    assert reasons["a"] == reasons["b"] == reasons["self"] == "symlink loop; not followed"
    assert reasons["dangling.txt"].startswith("broken symlink to")
    (direct,) = read_inputs([tmp_path / "a"])
    assert isinstance(direct, Rejection) and "cannot read" in direct.reason


def test_a_missing_path_is_rejected():
    (rejection,) = read_inputs(["/nonexistent/dateline/x.txt"])
    assert isinstance(rejection, Rejection) and rejection.reason == "no such file"


def test_file_names_that_are_not_utf8_are_storable_origins(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad\xffname.txt"), "wb") as f:
        f.write(LINE.encode())
    with open(os.path.join(folder, b"empty\xfe.txt"), "wb"):
        pass
    (doc,), (rejection,) = _with_good(tmp_path)
    assert doc.origin == f"{tmp_path}/bad\\xffname.txt"
    assert rejection.origin == f"{tmp_path}/empty\\xfe.txt"
    for text in (doc.origin, rejection.origin, rejection.reason):
        text.encode("utf-8")  # no lone surrogate left


def test_an_unexpected_reader_error_rejects_that_input_only(tmp_path, monkeypatch):
    def broken(data, origin, dct):
        yield from readers.read_text(data, origin, dct)
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(readers._READERS, ".csv", broken)
    (tmp_path / "table.csv").write_text("Rebels attacked.")
    docs, (rejection,) = _with_good(tmp_path)
    assert [d.text for d in docs] == ["Rebels attacked."]  # what it gave before failing
    assert rejection.reason == "reader failed: ZeroDivisionError: boom"


# --- document keys ---------------------------------------------------------------------


@pytest.mark.parametrize("variant", [
    "HTTP://News.Example.COM/world/story?utm_source=x&utm_medium=email",
    "http://news.example.com:80/world/story/",
    "http://news.example.com/world/story#comments",
    "http://news.example.com/world/story?fbclid=abc&gclid=1",
])
def test_url_variants_are_one_document(variant):
    base = "http://news.example.com/world/story"
    assert document_id("Rebels attacked.", variant) == document_id("Rebels attacked.", base)


def test_url_variants_that_name_another_page_are_other_documents():
    base = document_id("Rebels attacked.", "http://news.example.com/story?id=1")
    for other in ("http://news.example.com/story?id=2", "https://news.example.com/story?id=1",
                  "http://news.example.com:8080/story?id=1", "http://news.example.com/Story?id=1"):
        assert document_id("Rebels attacked.", other) != base


def test_the_stored_url_stays_as_given(tmp_path):
    url = "HTTP://News.Example.com/a/?utm_source=x#top"
    (tmp_path / "f.jsonl").write_text(json.dumps({"text": "Rebels attacked.", "url": url}))
    (doc,) = read_inputs([tmp_path])
    assert doc.url == url
    assert doc.id == document_id("Rebels attacked.", "http://news.example.com/a")


# --- properties ------------------------------------------------------------------------

SUFFIXES = [".txt", ".jsonl", ".html", ".warc", ".rss", ".tml", ".txt.gz", ".xml"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise_out_of_read_inputs(tmp_path, data, suffix):
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    items = list(read_inputs([path]))
    assert items and all(isinstance(i, Document | Rejection) for i in items)
    assert _clean([i for i in items if isinstance(i, Document)])
    assert all(i.reason for i in items if isinstance(i, Rejection))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300))
def test_any_text_in_json_becomes_a_clean_document_or_a_rejection(tmp_path, text):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"text": text, "title": text}) + "\n", encoding="utf-8",
                    errors="surrogatepass")
    items = list(read_inputs([path]))
    assert len(items) == 1
    assert _clean([i for i in items if isinstance(i, Document)])


# --- end to end ------------------------------------------------------------------------


def test_ingest_a_folder_of_good_and_poison_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _good(corpus)
    poison = {f.name: f for f in FAULTS if f.name in (
        "random.bin", "deep.jsonl", "json-surrogate.jsonl", "cut-warc-headers.warc",
        "huge-ref.tml", "bad-dct.tml", "date-junk.txt", "future.txt", "utf16-le.txt")}
    for name, fault in poison.items():
        (corpus / name).write_bytes(fault.data)
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    with open(os.path.join(os.fsencode(corpus), b"name\xff.txt"), "wb") as f:
        f.write(b"")
    db = tmp_path / "news.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--db", str(db)])
    stored = 3 + sum(f.docs for f in poison.values())
    rejected = sum(f.rejected for f in poison.values()) + 3
    assert result.exit_code == 1, result.output
    assert f"stored {stored}," in result.stdout and f"rejected {rejected}" in result.stdout
    con = duckdb.connect(str(db), read_only=True)
    try:
        texts = {t for (t,) in con.execute("SELECT text FROM documents").fetchall()}
        reasons = dict(con.execute("SELECT origin, reason FROM rejections").fetchall())
    finally:
        con.close()
    assert set(GOOD_TEXTS) <= texts
    assert "FIFO" in reasons[str(corpus / "pipe.txt")]
    assert "leads outside" in reasons[str(corpus / "passwd.txt")]
    assert "record 3" in reasons[str(corpus / "cut-warc-headers.warc")]
    assert reasons[f"{corpus}/name\\xff.txt"] == "empty input"
    assert not any("root:" in t for t in texts)
