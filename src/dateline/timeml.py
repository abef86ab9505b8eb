"""TimeML I/O: read TempEval-3 ``.tml`` files (text, DCT, gold TIMEX3) and write reports as TimeML.

The reader strips the inline tags of ``<TEXT>`` and unescapes entities, so gold offsets index the
same plain text the pipeline sees. The writer escapes ``&``, ``<`` and ``>`` so that reading its
output back gives the article text byte for byte, which the TempEval-3 toolkit relies on when it
aligns system and gold files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from dateline.model import Document, Report, Timex

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)((?:\s+[^>]*?)?)\s*(/?)>")
_ATTR = re.compile(r'([\w:.-]+)\s*=\s*("[^"]*"|\'[^\']*\')')
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.S)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


class TimeMLFile(NamedTuple):
    """A parsed ``.tml`` file: the document (text and DCT) and its gold time expressions."""

    document: Document
    dct: str | None  # YYYY-MM-DD
    timexes: list[Timex]


def _unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref.startswith("#x"):
            return chr(int(ref[2:], 16))
        if ref.startswith("#"):
            return chr(int(ref[1:]))
        return _NAMED[ref]

    return _ENTITY.sub(sub, text)


def _attrs(raw: str) -> dict[str, str]:
    return {k: _unescape(v[1:-1]) for k, v in _ATTR.findall(raw)}


def parse_timeml(source: str, doc_id: str = "") -> TimeMLFile:
    """Parse TimeML markup held in a string."""
    dct = None
    m = _DCT.search(source)
    if m:
        value = _attrs(m.group(1)).get("value", "")
        dct = value[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value) else None
    m = _DOCID.search(source)
    if m and not doc_id:
        doc_id = _unescape(m.group(1).strip())
    body = _TEXT.search(source)
    raw = body.group(1) if body else ""
    parts: list[str] = []
    length = 0
    timexes: list[Timex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0
    for tag in _TAG.finditer(raw):
        chunk = _unescape(raw[pos : tag.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, _attrs(tag.group(3)))
        elif open_timex is not None:
            start, at = open_timex
            open_timex = None
            text = "".join(parts)[start:length]
            timexes.append(
                Timex(
                    text=text,
                    start=start,
                    end=length,
                    type=at.get("type", "DATE"),
                    value=at.get("value", ""),
                    mod=at.get("mod") or None,
                    quant=at.get("quant") or None,
                    freq=at.get("freq") or None,
                )
            )
    parts.append(_unescape(raw[pos:]))
    text = "".join(parts)
    return TimeMLFile(Document(id=doc_id, text=text, dct=dct), dct, timexes)


def read_timeml(path: str | Path) -> TimeMLFile:
    """Read a ``.tml`` file: (document, dct, gold timexes)."""
    path = Path(path)
    tml = parse_timeml(path.read_text(encoding="utf-8"), doc_id="")
    if not tml.document.id:
        tml.document.id = path.stem
    tml.document.origin = str(path)
    return tml


def _timex_tag(timex: Timex, tid: int) -> str:
    attrs = [("tid", f"t{tid}"), ("type", timex.type), ("value", timex.value)]
    for name in ("mod", "quant", "freq"):
        value = getattr(timex, name)
        if value:
            attrs.append((name, value))
    attrs.append(("temporalFunction", "false"))
    attrs.append(("functionInDocument", "NONE"))
    return "<TIMEX3 " + " ".join(f"{k}={quoteattr(v)}" for k, v in attrs) + ">"


def write_timeml(report: Report) -> str:
    """TimeML for a report: DCT plus the text with its time expressions tagged inline.

    Overlapping or out-of-range timexes are skipped (TimeML tags cannot cross); the text between
    the tags is the article text, escaped, so that it reads back unchanged.
    """
    doc = report.document
    text = doc.text
    out = [
        '<?xml version="1.0" ?>\n',
        '<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:noNamespaceSchemaLocation="http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd">\n\n',
        f"<DOCID>{escape(doc.id)}</DOCID>\n\n",
    ]
    if doc.dct:
        out.append(
            f'<DCT><TIMEX3 tid="t0" type="DATE" value={quoteattr(doc.dct)} '
            'temporalFunction="false" functionInDocument="CREATION_TIME">'
            f"{escape(doc.dct)}</TIMEX3></DCT>\n\n"
        )
    out.append("<TEXT>")
    pos = 0
    tid = 1
    for timex in sorted(report.timexes, key=lambda t: (t.start, -t.end)):
        if timex.start < pos or timex.end > len(text) or timex.end <= timex.start:
            continue
        out.append(escape(text[pos : timex.start]))
        out.append(_timex_tag(timex, tid))
        out.append(escape(text[timex.start : timex.end]))
        out.append("</TIMEX3>")
        pos = timex.end
        tid += 1
    out.append(escape(text[pos:]))
    out.append("</TEXT>\n\n</TimeML>\n")
    return "".join(out)
