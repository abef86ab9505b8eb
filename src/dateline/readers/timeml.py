"""TimeML parsing: read TempEval-3 ``.tml`` files (text, DCT, gold TIMEX3, gold EVENTs and their
links to time expressions). ``writers/timeml.py`` writes reports back as TimeML.

The reader strips the inline tags of ``<TEXT>`` and unescapes entities, so gold offsets index the
same plain text the pipeline sees; a numeric reference that is not text (``&#0;``, ``&#xD800;``,
``&#99999999;``) is read as ``common.char_ref`` says, never an error. Links between an event and
a time are read whichever way the file writes them ("t2 INCLUDES ei3" is read as
"ei3 IS_INCLUDED t2").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from dateline.model import Document, Timex
from dateline.readers.common import char_ref

_TAG = re.compile(r"<(/?)([A-Za-z_][\w.-]*)((?:\s+[^>]*?)?)\s*(/?)>")
_ATTR = re.compile(r'([\w:.-]+)\s*=\s*("[^"]*"|\'[^\']*\')')
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]{1,12}|#[0-9]{1,12}|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_DCT = re.compile(r"<DCT>\s*<TIMEX3([^>]*)>", re.S)
_DOCID = re.compile(r"<DOCID>(.*?)</DOCID>", re.S)
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


#: A TLINK relation seen from its other end.
_INVERSE = {
    "BEFORE": "AFTER", "AFTER": "BEFORE", "IBEFORE": "IAFTER", "IAFTER": "IBEFORE",
    "INCLUDES": "IS_INCLUDED", "IS_INCLUDED": "INCLUDES", "BEGINS": "BEGUN_BY",
    "BEGUN_BY": "BEGINS", "ENDS": "ENDED_BY", "ENDED_BY": "ENDS", "DURING": "DURING_INV",
    "DURING_INV": "DURING", "SIMULTANEOUS": "SIMULTANEOUS", "IDENTITY": "IDENTITY",
}  # fmt: skip


class GoldEvent(NamedTuple):
    """A TimeML event instance (EVENT with its MAKEINSTANCE): offsets, class, tense, polarity."""

    eiid: str
    text: str
    start: int
    end: int
    event_class: str
    tense: str | None
    polarity: str
    modality: str | None


class TimeLink(NamedTuple):
    """A TLINK between an event instance and a time expression, from the event's side:
    ``rel`` is what the event is to the time ("IS_INCLUDED": it happened within it)."""

    event: str  # eiid
    time: str  # tid, as in ``TimeMLFile.timex_ids`` or ``dct_tid``
    rel: str


class TimeMLFile(NamedTuple):
    """A parsed ``.tml`` file: the document (text and DCT), its gold time expressions (with their
    ``tid`` in ``timex_ids``, in the same order), gold event instances and event-time links."""

    document: Document
    dct: str | None  # YYYY-MM-DD
    timexes: list[Timex]
    timex_ids: list[str]
    dct_tid: str | None
    events: list[GoldEvent]
    time_links: list[TimeLink]


def _unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        ref = m.group(1)
        if ref.startswith("#x"):
            return char_ref(int(ref[2:], 16))
        if ref.startswith("#"):
            return char_ref(int(ref[1:]))
        return _NAMED[ref]

    return _ENTITY.sub(sub, text)


def _attrs(raw: str) -> dict[str, str]:
    return {k: _unescape(v[1:-1]) for k, v in _ATTR.findall(raw)}


def parse_timeml(source: str, doc_id: str = "") -> TimeMLFile:
    """Parse TimeML markup held in a string."""
    dct = dct_tid = None
    m = _DCT.search(source)
    if m:
        attrs = _attrs(m.group(1))
        value = attrs.get("value", "")
        dct = value[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value) else None
        dct_tid = attrs.get("tid")
    m = _DOCID.search(source)
    if m and not doc_id:
        doc_id = _unescape(m.group(1).strip())
    body = _TEXT.search(source)
    raw = body.group(1) if body else ""
    parts: list[str] = []
    length = 0
    timexes: list[Timex] = []
    timex_ids: list[str] = []
    event_spans: dict[str, tuple[int, int, str]] = {}  # eid -> (start, end, class)
    opened: dict[str, tuple[int, dict[str, str]]] = {}
    pos = 0
    for tag in _TAG.finditer(raw):
        chunk = _unescape(raw[pos : tag.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name not in ("TIMEX3", "EVENT"):
            continue
        if not closing:
            opened[name] = (length, _attrs(tag.group(3)))
            continue
        if name not in opened:
            continue
        start, at = opened.pop(name)
        if name == "EVENT":
            event_spans[at.get("eid", "")] = (start, length, at.get("class", ""))
        else:
            text = "".join(parts)[start:length]
            timex_ids.append(at.get("tid", ""))
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
    events, links = _events_and_links(source, event_spans, text)
    document = Document(id=doc_id, text=text, dct=dct)
    return TimeMLFile(document, dct, timexes, timex_ids, dct_tid, events, links)


def _events_and_links(
    source: str, spans: dict[str, tuple[int, int, str]], text: str
) -> tuple[list[GoldEvent], list[TimeLink]]:
    """The MAKEINSTANCE and event-time TLINK elements (outside ``<TEXT>``)."""
    events: list[GoldEvent] = []
    links: list[TimeLink] = []
    for tag in _TAG.finditer(source):
        name = tag.group(2)
        if name == "MAKEINSTANCE":
            at = _attrs(tag.group(3))
            if at.get("eventID") not in spans:
                continue
            start, end, event_class = spans[at["eventID"]]
            tense = at.get("tense")
            events.append(
                GoldEvent(
                    eiid=at.get("eiid", ""),
                    text=text[start:end],
                    start=start,
                    end=end,
                    event_class=event_class,
                    tense=tense if tense and tense != "NONE" else None,
                    polarity=at.get("polarity", "POS"),
                    modality=at.get("modality") or None,
                )
            )
        elif name == "TLINK":
            at = _attrs(tag.group(3))
            rel = at.get("relType", "")
            if "eventInstanceID" in at and "relatedToTime" in at:
                links.append(TimeLink(at["eventInstanceID"], at["relatedToTime"], rel))
            elif "timeID" in at and "relatedToEventInstance" in at and rel in _INVERSE:
                links.append(TimeLink(at["relatedToEventInstance"], at["timeID"], _INVERSE[rel]))
    return events, links


def read_timeml(path: str | Path) -> TimeMLFile:
    """Read a ``.tml`` file: (document, dct, gold timexes)."""
    path = Path(path)
    tml = parse_timeml(path.read_text(encoding="utf-8"), doc_id="")
    if not tml.document.id:
        tml.document.id = path.stem
    tml.document.origin = str(path)
    return tml
