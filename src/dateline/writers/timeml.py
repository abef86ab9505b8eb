"""Write reports as TimeML: the DCT plus the text with its time expressions tagged inline.

The writer escapes ``&``, ``<`` and ``>`` so that reading its output back
(``readers/timeml.py``) gives the article text byte for byte, which the TempEval-3 toolkit relies
on when it aligns system and gold files.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from dateline.model import Report, Timex


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
