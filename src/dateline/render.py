"""Human-readable renderings (rich tables) of reports and query results."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dateline.model import Report

_MAX_CELL = 60


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _table(title: str, headers: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left", expand=False, show_lines=False)
    for h in headers:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(v) for v in row))
    return table


def render_report(report: Report, console: Console) -> None:
    """Print a report as a few readable tables, one per kind of fact."""
    d = report.document
    name = d.title or (Path(d.origin).name if d.origin else d.id)
    console.print(
        f"[bold]{name}[/bold]  id {d.id}  dct {d.dct or 'unknown'}  {d.chars} chars",
        soft_wrap=True, highlight=False,
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
        ("Events", ["type", "mode", "trigger", "actor", "target", "time", "source", "modality"],
         [[e.type, e.mode, e.trigger.text, name(e.actor, e.actor_text),
           name(e.target, e.target_text),
           e.time.value or f"{e.time.earliest or '…'}..{e.time.latest or '…'}",
           name(e.source, None), ("not " if e.negated else "") + e.modality]
          for e in report.events]),
        ("Quotes", ["speaker", "quote"],
         [[name(q.speaker, q.speaker_text), q.text] for q in report.quotes]),
    ]
    for title, headers, rows in sections:
        if rows:
            console.print(_table(f"{title} ({len(rows)})", headers, rows))


def render_rows(
    title: str, columns: list[str], rows: list[tuple[Any, ...]], console: Console
) -> None:
    console.print(_table(f"{title} ({len(rows)})", columns, [list(r) for r in rows]))
