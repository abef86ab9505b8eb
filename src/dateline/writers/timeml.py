"""Write reports as TimeML: the DCT, the text with its time expressions and events tagged
inline, and after it one MAKEINSTANCE per event and the TLINKs its event time supports.

The writer escapes ``&``, ``<`` and ``>`` so that reading its output back
(``readers/timeml.py``) gives the article text byte for byte, which the TempEval-3 toolkit relies
on when it aligns system and gold files. Links (TempEval-3 relation names), from each event's
``time``: IS_INCLUDED in the time expression that dates it (basis ``text``: a timex of its
sentence, else of the article, with its value); to the DCT, BEFORE / IS_INCLUDED / AFTER when its
bounds put it before, on or after the article's day, and BEFORE for a past event bounded only by
the article's date (basis ``dct-bound``, latest = DCT: TempEval's reading of a past tense).
"""

from __future__ import annotations

from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from dateline.model import Event, Report, Timex

#: TimeML event class by PLOVER quad class: verbal acts (1, 3) are intensional actions,
#: material ones (2, 4) occurrences.
_CLASS_BY_QUAD = {1: "I_ACTION", 3: "I_ACTION"}


class _Tag(NamedTuple):
    start: int
    end: int
    open: str
    close: str


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return " ".join(f"{k}={quoteattr(v)}" for k, v in pairs)


def _timex_tag(timex: Timex, tid: str) -> str:
    attrs = [("tid", tid), ("type", timex.type), ("value", timex.value)]
    for name in ("mod", "quant", "freq"):
        value = getattr(timex, name)
        if value:
            attrs.append((name, value))
    attrs.append(("temporalFunction", "false"))
    attrs.append(("functionInDocument", "NONE"))
    return f"<TIMEX3 {_attrs(attrs)}>"


def _dct_relation(event: Event, dct: str) -> str | None:
    earliest, latest = event.time.earliest, event.time.latest
    if earliest is not None and earliest == latest:
        return "BEFORE" if latest < dct else "AFTER" if latest > dct else "IS_INCLUDED"
    if latest is not None and latest < dct:
        return "BEFORE"
    if earliest is not None and earliest > dct:
        return "AFTER"
    if event.time.basis == "dct-bound" and latest == dct and earliest is None:
        return "BEFORE"
    return None


def _anchor(event: Event, tids: dict[int, str], timexes: list[Timex]) -> str | None:
    """The tid of the time expression that dates the event: one with its value, in its sentence
    if there is one, else the nearest in the article."""
    if event.time.basis != "text" or not event.time.value:
        return None
    same = [i for i in tids if timexes[i].value == event.time.value]
    if not same:
        return None
    inside = [i for i in same
              if event.sentence.start <= timexes[i].start < event.sentence.end]
    best = min(inside or same, key=lambda i: abs(timexes[i].start - event.trigger.start))
    return tids[best]


def write_timeml(report: Report) -> str:
    """TimeML for a report.

    Overlapping or out-of-range tags are skipped (TimeML tags cannot cross; a time expression
    wins over an event); the text between the tags is the article text, escaped, so that it
    reads back unchanged.
    """
    doc = report.document
    text = doc.text
    candidates: list[tuple[int, int, int, object]] = []  # start, end, kind (0 timex), record
    candidates += [(t.start, t.end, 0, (i, t)) for i, t in enumerate(report.timexes)]
    candidates += [(e.trigger.start, e.trigger.end, 1, (i, e))
                   for i, e in enumerate(report.events)]
    tags: list[_Tag] = []
    tids: dict[int, str] = {}
    eids: dict[int, str] = {}
    pos = 0
    for start, end, kind, (index, record) in sorted(candidates, key=lambda c: (c[0], c[2], -c[1])):
        if start < pos or end > len(text) or end <= start:
            continue
        if kind == 0:
            tids[index] = f"t{len(tids) + 1}"
            tags.append(_Tag(start, end, _timex_tag(record, tids[index]), "</TIMEX3>"))
        else:
            eids[index] = f"e{len(eids) + 1}"
            event_class = _CLASS_BY_QUAD.get(record.quad_class, "OCCURRENCE")
            attrs = _attrs([("eid", eids[index]), ("class", event_class)])
            tags.append(_Tag(start, end, f"<EVENT {attrs}>", "</EVENT>"))
        pos = end
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
    for tag in tags:
        out += [escape(text[pos : tag.start]), tag.open, escape(text[tag.start : tag.end]),
                tag.close]
        pos = tag.end
    out.append(escape(text[pos:]))
    out.append("</TEXT>\n\n")
    out += _instances_and_links(report, eids, tids)
    out.append("</TimeML>\n")
    return "".join(out)


def _instances_and_links(report: Report, eids: dict[int, str], tids: dict[int, str]) -> list[str]:
    lines: list[str] = []
    links: list[tuple[str, str, str]] = []  # eiid, tid, relation
    for index, eid in eids.items():
        event = report.events[index]
        eiid = "ei" + eid[1:]
        attrs = [("eiid", eiid), ("eventID", eid), ("pos", "OTHER"), ("tense", "NONE"),
                 ("aspect", "NONE"), ("polarity", "NEG" if event.negated else "POS")]
        lines.append(f"<MAKEINSTANCE {_attrs(attrs)} />\n")
        anchor = _anchor(event, tids, report.timexes)
        if anchor is not None:
            links.append((eiid, anchor, "IS_INCLUDED"))
        relation = _dct_relation(event, report.document.dct) if report.document.dct else None
        if relation is not None:
            links.append((eiid, "t0", relation))
    for n, (eiid, tid, relation) in enumerate(links, start=1):
        attrs = [("lid", f"l{n}"), ("relType", relation), ("eventInstanceID", eiid),
                 ("relatedToTime", tid)]
        lines.append(f"<TLINK {_attrs(attrs)} />\n")
    return lines + (["\n"] if lines else [])
