"""The document view's text, cut into pieces by the facts that cover them.

Facts overlap (a place inside a quote, an actor inside an event's sentence), so the text is cut
at every fact edge; each piece knows every fact covering it and links to the narrowest. The
template escapes each piece's text: nothing of the article is ever markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Kinds highlighted in the text, in the order a piece's classes are listed.
HIGHLIGHTED = ("timexes", "places", "entities", "quantities", "events", "quotes")


@dataclass(slots=True)
class Span:
    kind: str
    idx: int
    start: int
    end: int
    label: str

    @property
    def anchor(self) -> str:
        return f"{self.kind}-{self.idx}"


@dataclass(slots=True)
class Piece:
    text: str
    spans: list[Span] = field(default_factory=list)

    @property
    def link(self) -> Span | None:
        """The narrowest fact covering the piece: the one a click opens."""
        return min(self.spans, key=lambda s: s.end - s.start, default=None)

    @property
    def classes(self) -> str:
        return " ".join(f"hl-{k}" for k in HIGHLIGHTED if any(s.kind == k for s in self.spans))


def fact_spans(report: dict[str, Any]) -> list[Span]:
    """Every highlighted stretch of the text a report's facts claim."""
    spans: list[Span] = []
    for kind in ("timexes", "places", "quantities", "quotes"):
        for i, r in enumerate(report[kind]):
            spans.append(Span(kind, i, r["start"], r["end"], summary(kind, r)))
    for i, e in enumerate(report["entities"]):
        for m in e["mentions"]:
            spans.append(Span("entities", i, m["start"], m["end"], summary("entities", e)))
    for i, e in enumerate(report["events"]):
        t = e["trigger"]
        spans.append(Span("events", i, t["start"], t["end"], summary("events", e)))
    return spans


def pieces(text: str, spans: list[Span]) -> list[Piece]:
    """The text cut at every span edge, each piece with the spans covering it."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        out.append(Piece(text[a:b], covering))
    return out


def summary(kind: str, r: dict[str, Any]) -> str:
    """One line saying what a fact is, for tooltips and the facts list."""
    if kind == "events":
        time = r.get("time") or {}
        when = time.get("value") or " .. ".join(
            [time.get("earliest") or "?", time.get("latest") or "?"]
        )
        who = " -> ".join(x for x in (r.get("actor_text"), r.get("target_text")) if x)
        return f"{r['type']} '{r['trigger']['text']}' {who} ({when}, {time.get('basis')})"
    if kind == "entities":
        extra = ", ".join(x for x in (r.get("label"), r.get("country"), r.get("sector")) if x)
        return f"{r['text']} ({extra})"
    if kind == "timexes":
        return f"{r['type']} {r['value']}"
    if kind == "places":
        where = ", ".join(x for x in (r.get("name"), r.get("country"), r.get("feature")) if x)
        coords = f" {r['lat']:.3f}, {r['lon']:.3f}" if r.get("lat") is not None else ""
        return f"{where}{coords}"
    if kind == "quantities":
        return f"{r.get('qualifier')} {r.get('value')} {r.get('unit') or ''}".strip()
    if kind == "quotes":
        return f"quote by {r.get('speaker_text') or 'unknown speaker'}"
    return kind
