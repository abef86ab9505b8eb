"""The story report for people: a rich table for the terminal, Markdown and HTML for a reader.

Each story shows its documents (the timeline of publication), its actors with their spellings,
its events with the articles and outlets that tell them (those two or more tell, else the first
few; JSON has them all), and one table per fact its documents state, claims side by side. All
article text is escaped: Markdown table cells get ``|`` and line breaks neutralised and HTML
special characters escaped, HTML uses ``html.escape`` on every value.
"""

from __future__ import annotations

import html
from typing import Any

from rich.console import Console
from rich.table import Table

Story = dict[str, Any]
CLAIM_COLUMNS = ("value", "document", "source", "published", "attributed_to", "start", "end")


def _doc_line(d: dict) -> list[str]:
    copy = f"copy of {d['copy_of']}" if d.get("copy_of") else ""
    return [d.get("published") or "undated", d.get("source") or "", d["external_id"] or d["id"],
            d.get("title") or "", copy]


def _event_line(e: dict) -> list[str]:
    when = e["date"] or _bounds(e["earliest"], e["latest"])
    return [when, e["type"], e["label"], str(e["articles"]), str(e["outlets"])]


def _bounds(earliest: str | None, latest: str | None) -> str:
    if earliest and latest:
        return earliest if earliest == latest else f"{earliest} .. {latest}"
    if latest:
        return f"by {latest}"
    return f"from {earliest}" if earliest else "unknown"


#: events told by one article are listed only while a story has fewer events than this
FEW_EVENTS = 6


def _shown_events(story: Story) -> list[dict]:
    """The events a reader needs: those two or more articles tell, else the first few."""
    told = [e for e in story["events"] if e["articles"] >= 2]
    return told or story["events"][:FEW_EVENTS]


def _actor_lines(story: Story) -> list[list[str]]:
    """Actors named in two or more documents or spelled two or more ways."""
    return [
        [a["name"], ", ".join(a["variants"]), str(len(a["documents"]))]
        for a in story["actors"]
        if a.get("label") != "NOMINAL" and (len(a["documents"]) >= 2 or len(a["variants"]) >= 2)
    ]


def _claim_line(c: dict) -> list[str]:
    return [
        str(c["value"]), str(c["document"]), c.get("source") or "", c.get("published") or "",
        c.get("attributed_to") or "", str(c["start"]), str(c["end"]),
    ]


def render_table(stories: list[Story], console: Console) -> None:
    """Every story as rich tables on the console."""
    for s in stories:
        happened = _bounds(s["happened"]["earliest"], s["happened"]["latest"])
        console.rule(f"[bold]{s['id']}[/bold] {s['title'] or ''}", characters="=")
        console.print(
            f"published {s['first_published'] or '?'} .. {s['last_published'] or '?'},"
            f" happened {happened}, {len(s['documents'])} documents", highlight=False,
        )
        docs = Table("published", "source", "document", "title", "copy", title="Documents")
        for d in s["documents"]:
            docs.add_row(*_doc_line(d))
        console.print(docs)
        actors = Table("actor", "spellings", "documents", title="Actors")
        for line in _actor_lines(s):
            actors.add_row(*line)
        console.print(actors)
        if s["events"]:
            events = Table("when", "type", "event", "articles", "outlets", title="Events")
            for e in _shown_events(s):
                events.add_row(*_event_line(e))
            console.print(events)
        else:
            console.print("(no events in these documents)")
        for f in s["disagreements"]:
            t = Table(*CLAIM_COLUMNS, title=f"{f['about']}: {f['kind']}")
            for c in f["claims"]:
                t.add_row(*_claim_line(c))
            console.print(t)


def _md_cell(value: Any) -> str:
    text = html.escape(str(value if value is not None else ""), quote=False)
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def render_markdown(stories: list[Story]) -> str:
    """Every story as a Markdown report: timeline, events, a table per fact."""
    out: list[str] = []
    for s in stories:
        happened = _bounds(s["happened"]["earliest"], s["happened"]["latest"])
        out += [f"## {_md_cell(s['id'])}: {_md_cell(s['title'] or '(no title)')}", ""]
        out += [
            f"Published {s['first_published'] or '?'} to {s['last_published'] or '?'};"
            f" happened {happened}; {len(s['documents'])} documents.", "",
        ]
        out += ["### Timeline", ""]
        out += _md_table(["published", "source", "document", "title", "copy"],
                         [_doc_line(d) for d in s["documents"]])
        out += ["### Actors", ""]
        out += _md_table(["actor", "spellings", "documents"], _actor_lines(s))
        out += ["### Events", ""]
        if s["events"]:
            out += _md_table(["when", "type", "event", "articles", "outlets"],
                             [_event_line(e) for e in _shown_events(s)])
        else:
            out += ["No events in these documents.", ""]
        out += ["### Facts", ""]
        if not s["disagreements"]:
            out += ["No fact is stated by two documents.", ""]
        for f in s["disagreements"]:
            out += [f"#### {_md_cell(f['about'])}: **{f['kind']}**", ""]
            out += _md_table(list(CLAIM_COLUMNS), [_claim_line(c) for c in f["claims"]])
    return "\n".join(out)


def _html_table(header: list[str], rows: list[list[str]], caption: str = "") -> str:
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(stories: list[Story]) -> str:
    """Every story as one self-contained HTML page."""
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Dateline stories</title>",
        "<style>body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:"
        "collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .4em;text-align:left}"
        ".conflict{color:#b00}.update{color:#a60}</style></head><body>",
    ]
    for s in stories:
        happened = _bounds(s["happened"]["earliest"], s["happened"]["latest"])
        parts.append(f"<h2>{html.escape(s['id'])}: {html.escape(s['title'] or '(no title)')}</h2>")
        parts.append(
            f"<p>Published {html.escape(s['first_published'] or '?')} to "
            f"{html.escape(s['last_published'] or '?')}; happened {html.escape(happened)}.</p>"
        )
        parts.append(_html_table(["published", "source", "document", "title", "copy"],
                                 [_doc_line(d) for d in s["documents"]], "Timeline"))
        parts.append(_html_table(["actor", "spellings", "documents"], _actor_lines(s), "Actors"))
        parts.append(_html_table(["when", "type", "event", "articles", "outlets"],
                                 [_event_line(e) for e in _shown_events(s)], "Events"))
        for f in s["disagreements"]:
            parts.append(f"<h4 class='{html.escape(f['kind'])}'>{html.escape(f['about'])}: "
                         f"{html.escape(f['kind'])}</h4>")
            parts.append(_html_table(list(CLAIM_COLUMNS), [_claim_line(c) for c in f["claims"]]))
    parts.append("</body></html>")
    return "\n".join(parts)
