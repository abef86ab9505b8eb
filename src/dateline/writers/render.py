r"""Human-readable renderings (rich tables) of reports and query results.

Whatever comes from the data (titles, origins, names, reasons) is shown as it is written, never
obeyed: cells are rich ``Text`` (so ``[/]`` in a title is not markup), and control characters
(ANSI escape sequences, carriage returns, bidirectional overrides) become visible escapes such
as ``\x1b`` (``safe_text``), so a hostile file name cannot recolour, rewrite or hide what the
terminal shows.

Tables fit the console's width (the terminal's, ``COLUMNS``, or 160 in a pipe) without breaking
a word: short columns (ids, types, dates) never wrap, long text wraps at spaces and a word too
long for its column ends in an ellipsis; when even that is too wide, the least useful columns
are left out, and the table's caption names them (``--format json`` or ``csv`` has every column).
rich lays the table out; the choice of what to leave out is this module's, since rich would
shrink every column alike and cut words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from dateline.model import Report

_MAX_CELL = 60
#: A column whose cells are all at most this long never wraps ("ASSAULT", "≤ 2017-11-22").
_SHORT = 16
#: The narrowest a wrapping text column gets before columns are left out.
_TEXT_MIN = 10
#: Characters between two columns (padding and the blank separator).
_GAP = 2
#: C0 and C1 controls and DEL, and the bidirectional embeddings, overrides and isolates that
#: reorder what a terminal shows; newline and tab are kept where text may span lines.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value: object, *, one_line: bool = True) -> str:
    r"""``value`` as text with every control character written as a visible escape
    (``\x1b``, ``\u202e``); ``one_line`` escapes newlines and tabs too."""
    return (_CONTROL_ONE_LINE if one_line else _CONTROL).sub(_escape, str(value))


def terminal_json(text: str) -> str:
    """JSON text with the control characters ``json.dumps`` leaves (DEL, C1, bidirectional
    overrides) written as ``\\u`` escapes, so it stays valid JSON and shows them visibly."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _cell(value: Any) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, float):
        return Text(f"{value:g}")
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = safe_text(value, one_line=False)
    return Text(text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…")


def _table(
    title: str, headers: list[str], rows: list[list[Any]], width: int,
    drop: tuple[str, ...] = (),
) -> Table:
    """A table of ``width`` columns at most; ``drop`` names the columns to leave out first when
    it would be wider (then the others, from the right; the first column stays)."""
    cells = [[_cell(v) for v in row] for row in rows]
    natural = [
        max([len(h), *(len(row[i].plain) for row in cells)]) for i, h in enumerate(headers)
    ]
    short = [
        all(len(row[i].plain) <= _SHORT for row in cells) and len(h) <= _SHORT
        for i, h in enumerate(headers)
    ]
    kept = list(range(len(headers)))
    order = [headers.index(h) for h in drop if h in headers]
    order += [i for i in reversed(kept[1:]) if i not in order]

    def needed(columns: list[int]) -> int:
        least = sum(natural[i] if short[i] else min(natural[i], _TEXT_MIN) for i in columns)
        return least + _GAP * (len(columns) - 1)

    while needed(kept) > width and order:
        kept.remove(order.pop(0))
    left_out = [headers[i] for i in range(len(headers)) if i not in kept]
    table = Table(
        title=title, title_justify="left", expand=False, show_lines=False, box=box.SIMPLE_HEAD,
        show_edge=False, pad_edge=False, collapse_padding=True,
        caption=f"not shown at this width: {', '.join(left_out)}" if left_out else None,
        caption_justify="left",
    )
    for i in kept:
        if short[i]:
            table.add_column(headers[i], no_wrap=True)
        else:
            table.add_column(headers[i], overflow="ellipsis", min_width=min(natural[i], _TEXT_MIN))
    for row in cells:
        table.add_row(*(row[i] for i in kept))
    return table


def render_report(report: Report, console: Console) -> None:
    """Print a report as a few readable tables, one per kind of fact."""
    d = report.document
    heading = d.title or (Path(d.origin).name if d.origin else d.id)
    console.print(
        Text.assemble(
            (safe_text(heading), "bold"), f"  id {d.id}  dct {d.dct or 'unknown'}  {d.chars} chars"
        ),
        soft_wrap=False, highlight=False,
    )
    ents = {e.id: e for e in report.entities}

    def name(eid: str | None, fallback: str | None) -> str | None:
        return ents[eid].text if eid in ents else fallback

    sections = [
        ("Entities", ["id", "name", "label", "country", "sector", "mentions", "aliases"],
         [[e.id, e.text, e.label, e.country, e.sector, len(e.mentions),
           ", ".join(a for a in e.aliases if a != e.text)] for e in report.entities]),
        ("Time expressions", ["text", "type", "value", "mod", "at"],
         [[t.text, t.type, t.value, t.mod, t.start] for t in report.timexes]),
        ("Quantities", ["text", "value", "qualifier", "unit", "SI", "at"],
         [[q.text, q.value, q.qualifier, q.unit, q.si_value, q.start] for q in report.quantities]),
        ("Places", ["text", "name", "country", "lat", "lon", "feature"],
         [[p.text, p.name, p.country, p.lat, p.lon, p.feature] for p in report.places]),
        ("Events", ["id", "type", "mode", "trigger", "actor", "target", "time", "source",
                    "modality", "same as"],
         [[e.id, e.type, e.mode, e.trigger.text, name(e.actor, e.actor_text),
           name(e.target, e.target_text),
           event_time_text(e.time.value, e.time.earliest, e.time.latest),
           name(e.source, None), ("not " if e.negated else "") + e.modality, e.same_as]
          for e in report.events]),
        ("Quotes", ["speaker", "quote"],
         [[name(q.speaker, q.speaker_text), q.text] for q in report.quotes]),
        ("Incident roles", ["role", "text", "event", "at"],
         [[r.role, r.text, r.event, r.start] for r in report.incident_roles]),
    ]
    for title, headers, rows in sections:
        if rows:
            table = _table(f"{title} ({len(rows)})", headers, rows, console.width)
            console.print(table, soft_wrap=False)  # the caption wraps too


def event_time_text(value: str | None, earliest: str | None, latest: str | None) -> str:
    """An event's time as people read it: its value, a range, or a bound ("≤ 2017-11-22")."""
    if value:
        return value
    if earliest and latest:
        return earliest if earliest == latest else f"{earliest}..{latest}"
    if latest:
        return f"≤ {latest}"
    return f"≥ {earliest}" if earliest else "?"


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) and value[:1] in "{[" else value


def _event_row(r: dict[str, Any]) -> list[Any]:
    time = _json(r["time"]) or {}
    trigger = _json(r["trigger"]) or {}
    return [r["doc_id"][:8], r["dct"], r["id"], r["type"], r["mode"], trigger.get("text"),
            r["actor_text"], r["target_text"],
            event_time_text(time.get("value"), time.get("earliest"), time.get("latest")),
            ("not " if r["negated"] else "") + r["modality"], r["same_as"]]


def _flat_event_row(r: dict[str, Any]) -> list[Any]:
    """An event_table row; counts and sources are its incident's (all its tellings)."""
    casualties = [f"{r[f'incident_{k}']:g} {k}" for k in ("killed", "injured")
                  if r[f"incident_{k}"] is not None]
    others = [c for c in (r["incident_counts"] or "").split("; ") if c] if not casualties else []
    place = r["place_name"] and f"{r['place_name']} ({r['place_country'] or '?'})"
    return [r["doc_id"][:8], r["event_id"], event_time_text(r["time_value"], r["earliest"] and
            str(r["earliest"]), r["latest"] and str(r["latest"])), r["event_type"],
            r["event_mode"], r["trigger"], r["actor_name"] or r["incident_actor"],
            r["target_name"], place,
            "; ".join(casualties + others), r["incident_sources"],
            ("not " if r["negated"] else "") + r["modality"], r["same_as"]]


#: What a table shows of each kind of row (JSON and CSV carry every column).
_VIEWS: dict[str, tuple[list[str], Any]] = {
    "event_table": (["doc", "id", "time", "type", "mode", "trigger", "actor", "target", "place",
                     "counts (incident)", "sources (incident)", "modality", "same as"],
                    _flat_event_row),
    "events": (["doc", "dct", "id", "type", "mode", "trigger", "actor", "target", "time",
                "modality", "same as"], _event_row),
    "entities": (["doc", "dct", "id", "name", "label", "country", "sector"],
                 lambda r: [r["doc_id"][:8], r["dct"], r["id"], r["text"], r["label"], r["country"],
                            r["sector"]]),
    "timexes": (["doc", "dct", "text", "type", "value", "mod"],
                lambda r: [r["doc_id"][:8], r["dct"], r["text"], r["type"], r["value"], r["mod"]]),
    "quantities": (["doc", "dct", "text", "value", "qualifier", "unit", "SI"],
                   lambda r: [r["doc_id"][:8], r["dct"], r["text"], r["value"], r["qualifier"],
                              r["unit"], r["si_value"]]),
    "places": (["doc", "dct", "text", "name", "country", "lat", "lon", "feature"],
               lambda r: [r["doc_id"][:8], r["dct"], r["text"], r["name"], r["country"], r["lat"],
                          r["lon"], r["feature"]]),
    "quotes": (["doc", "dct", "speaker", "quote"],
               lambda r: [r["doc_id"][:8], r["dct"], r["speaker_text"], r["text"]]),
    "attributions": (["doc", "dct", "speaker", "cue", "at"],
                     lambda r: [r["doc_id"][:8], r["dct"], r["speaker_text"],
                                (_json(r["cue"]) or {}).get("text"), r["start_char"]]),
    "incident_roles": (["doc", "dct", "role", "text", "event", "at"],
                       lambda r: [r["doc_id"][:8], r["dct"], r["role"], r["text"], r["event"],
                                  r["start_char"]]),
}


#: The columns a narrow table leaves out first, per kind (after these, from the right).
_DROP: dict[str, tuple[str, ...]] = {
    "event_table": ("same as", "mode", "doc", "trigger", "modality", "sources (incident)",
                    "counts (incident)", "target"),
    "events": ("same as", "mode", "dct", "doc", "trigger", "modality"),
    "entities": ("dct", "doc"),
    "timexes": ("dct", "doc"),
    "quantities": ("dct", "doc", "SI"),
    "places": ("dct", "doc", "feature"),
    "quotes": ("dct", "doc"),
    "attributions": ("dct", "doc"),
    "incident_roles": ("dct", "doc"),
}


def render_rows(
    title: str, columns: list[str], rows: list[tuple[Any, ...]], console: Console
) -> None:
    """Query results as a table; kinds with many columns show the ones people read."""
    if title in _VIEWS:
        headers, view = _VIEWS[title]
        shown = [view(dict(zip(columns, row, strict=True))) for row in rows]
    else:
        headers, shown = columns, [list(r) for r in rows]
    table = _table(f"{title} ({len(rows)})", headers, shown, console.width, _DROP.get(title, ()))
    console.print(table, soft_wrap=False)  # the caption wraps too
