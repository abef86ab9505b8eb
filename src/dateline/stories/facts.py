"""The facts a document states that another document of its story can state too: counts and
measures (dead, injured, hits, magnitude, ...), ages, and each claim's exact characters.

What a number counts is read from the words around it by the ordered rules of
``resources/stories/facts.tsv`` (the trigger of an event it is linked to first, then the words
just after it, then just before), so "At least 367 people have been killed" and "the death toll
stood at 398" are both claims about *deaths*. A rule table, not a model: the dev set is small and
every line-up must be explainable to a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dateline.model import Place, Quantity, Report
from dateline.tables import read_table

#: how many characters after an age ("22-year-old") the person it is the age of may be named
AGE_REACH = 30
#: how many characters after a number its clause may name the place it counts at
PLACE_REACH = 50
#: how many words around a number are read for what it counts
WORDS_AFTER = 4
WORDS_BEFORE = 5
_WORDS_AFTER = re.compile(rf"\S*(\s+\S+){{0,{WORDS_AFTER}}}")
_STOP = re.compile(r"[.;:!?\n]|,\s|\band\b|\bwhile\b|\bbut\b")


@dataclass(slots=True)
class Claim:
    """One document's statement of one fact, traceable to its characters."""

    value: str  # as the text gives it: "at least 4", "Gadhafi", "Monday"
    normalized: str | float | None  # comparable form: a number, a day, a name
    text: str  # == document text[start:end]
    document: str  # external id, else stored id
    doc_id: str  # stored id
    source: str | None
    published: str | None
    start: int
    end: int
    attributed_to: str | None = None
    low: float | None = None  # the interval the claim allows (numbers only)
    high: float | None = None
    revises: bool = False  # its own words say it revises a figure: "rose to 233"
    superseded: bool = False  # its own words say it is the earlier figure: "reported previously"

    def to_dict(self) -> dict:
        return {
            "value": self.value, "normalized": self.normalized, "text": self.text,
            "document": self.document, "source": self.source, "published": self.published,
            "start": self.start, "end": self.end, "attributed_to": self.attributed_to,
        }


@lru_cache(maxsize=1)
def _rules() -> list[tuple[str, str, re.Pattern]]:
    return [(f, where, re.compile(rx)) for f, where, rx in read_table("stories", "facts.tsv")]


@lru_cache(maxsize=1)
def _superseded_cue() -> re.Pattern:
    words = [row[0] for row in read_table("stories", "superseded_cues.tsv")]
    return re.compile(r"\b(" + "|".join(words) + r")\b")


@lru_cache(maxsize=1)
def _revision_cue() -> re.Pattern:
    words = [row[0] for row in read_table("stories", "revision_cues.tsv")]
    return re.compile(r"\b(" + "|".join(words) + r")\W+(\w+\W+){0,2}$")


def trigger_fact(trigger: str) -> str | None:
    """The fact an event trigger counts ("killed" -> deaths), or None."""
    low = trigger.lower()
    for fact, where, rx in _rules():
        if where == "trigger" and rx.search(low):
            return fact
    return None


@lru_cache(maxsize=1)
def _event_classes() -> list[tuple[str, re.Pattern]]:
    return [(name, re.compile(rx)) for name, rx in read_table("stories", "event_classes.tsv")]


def trigger_class(trigger: str) -> str | None:
    """What a trigger tells, for linking events across documents: the fact it counts
    ("killed" -> deaths) or the incident it names ("bombings" -> attack), or None."""
    fact = trigger_fact(trigger)
    if fact is not None:
        return fact
    low = trigger.lower()
    return next((name for name, rx in _event_classes() if rx.search(low)), None)


def quantity_fact(text: str, q: Quantity, linked_trigger: str | None) -> str | None:
    """What the number counts, from the event it is linked to or the words around it."""
    after = _clip_after(text[q.start : q.end + 60], q.end - q.start)
    before = _clip_before(text[max(0, q.start - 60) : q.start])
    for fact, where, rx in _rules():
        if where == "trigger" and linked_trigger and rx.search(linked_trigger.lower()):
            return fact
        if where == "after" and rx.search(after):
            return fact
        if where == "before" and rx.search(before):
            return fact
        if where == "measure" and q.kind not in (None, "count", "duration"):
            return fact
    return None


def _clip_after(span: str, own: int) -> str:
    """The number's own text and up to WORDS_AFTER words after it, to the clause's end."""
    rest = _STOP.split(span[own:].lower(), maxsplit=1)[0]
    words = _WORDS_AFTER.match(rest)
    return span[:own].lower() + (words.group(0) if words else "")


def _clip_before(span: str) -> str:
    parts = _STOP.split(span.lower())
    return " ".join(parts[-1].split()[-WORDS_BEFORE:]) if parts else ""


def interval(q: Quantity, nested: list[Quantity]) -> tuple[float, float]:
    """The values a quantity allows: a qualifier widens it ("at least 4": 4 and up; "nearly
    400": a tenth below to 400), a range spans it, and "five or six" (a number inside another's
    span) covers both."""
    value = q.si_value if q.si_value is not None else q.value
    scale = value / q.value if q.value else 1.0
    low = q.low * scale if q.low is not None else value
    high = q.high * scale if q.high is not None else value
    inner = [(n.si_value if n.si_value is not None else n.value) for n in nested]
    inner = [v for v in inner if v is not None]
    if inner:
        low, high = min([low, *inner]), max([high, *inner])
    if q.kind not in (None, "count") and q.source_unit:
        half = 0.5 * scale  # a measure is as exact as its last written unit: 10-inch = 9.5-10.5
        low, high = low - half, high + half
    spread = abs(value) * 0.1
    match q.qualifier:
        case "at_least":
            return low, float("inf")
        case "more_than":
            return low + 1e-9, float("inf")
        case "at_most":
            return 0.0, high
        case "less_than":
            return 0.0, high - 1e-9
        case "approx":
            if re.match(r"(?i)(nearly|almost|close to|nears|just under)\b", q.text):
                return low - spread, high
            return low - spread, high + spread
    return low, high


def count_claims(report: Report, common: frozenset[str] = frozenset()) -> list[tuple[str, Claim]]:
    """(fact, claim) for every number in the document that counts a known fact. A count the
    same clause places somewhere ("60 died in Qiaojia county", "14 at Zaventem Airport") is a
    fact of its own, unless the place is one of the story's ``common`` places (its city or
    country: "34 dead in Brussels" is the toll)."""
    doc = report.document
    text = doc.text
    linked: dict[int, str] = {}
    sources: dict[int, str] = {}
    times = {t.text for t in report.timexes}
    for ev in report.events:
        for i in ev.quantities:
            linked.setdefault(i, ev.trigger.text)
            if ev.source_text and ev.source_text not in times:  # not "said Tuesday"
                sources.setdefault(i, ev.source_text)
    out = []
    for i, q in enumerate(report.quantities):
        if q.value is None or "\n" in q.text:
            continue  # a figure never runs across a paragraph: "Over 1,800\n\nA deadly ..."
        if any(_inside(q, o) for o in report.quantities if o is not q):
            continue  # "six" inside "five or six times" is part of the other claim
        fact = quantity_fact(text, q, linked.get(i))
        if fact is None:
            continue
        nested = [o for o in report.quantities if o is not q and _inside(o, q)]
        low, high = interval(q, nested)
        normalized = q.si_value if q.si_value is not None else q.value
        if fact == "age":  # "22-year-old": years, not a duration in seconds
            normalized = low = high = q.value
        claim = Claim(
            value=q.text, normalized=normalized, text=text[q.start : q.end],
            document=doc.external_id or doc.id, doc_id=doc.id, source=doc.source,
            published=doc.dct, start=q.start, end=q.end,
            attributed_to=sources.get(i) or attribution(report, q.start, q.end),
            low=low, high=high,
            revises=bool(_revision_cue().search(text[max(0, q.start - 40) : q.start].lower())),
            superseded=bool(_superseded_cue().search(_clause(text, q))),
        )
        where = place_of(report, q) if q.kind in (None, "count") else None
        about = _measured(fact, q)
        if fact == "age":  # of whom: the person named after it, else whom the article is about
            who = person_after(report, q) or main_person(report)
            if who is None:
                continue
            about = f"age of {who}"
        if where is not None and where not in common:
            about = f"{about} at {where}"
        out.append((about, claim))
    return out


def _clause(text: str, q: Quantity) -> str:
    """The few words before the number and after it, to the clause's edges, lowercase."""
    before = _clip_before(text[max(0, q.start - 60) : q.start])
    return f"{before} {_clip_after(text[q.start : q.end + 60], q.end - q.start)}"


def person_after(report: Report, q: Quantity) -> str | None:
    """Whose age "the 22-year-old Stephon Clark" gives: a person named right after it, so
    that two ages of two people are two facts."""
    text = report.document.text
    for ent in report.entities:
        if ent.label != "PERSON":
            continue
        for m in ent.mentions:
            if q.end <= m.start <= q.end + AGE_REACH and "." not in text[q.end : m.start]:
                return ent.text
    return None


def main_person(report: Report) -> str | None:
    """The person the article names most often: whom "the 22-year-old" most likely is."""
    people = [e for e in report.entities if e.label == "PERSON" and e.mentions]
    return max(people, key=lambda e: len(e.mentions)).text if people else None


def place_key(place: Place) -> str:
    """How places are compared across documents: the gazetteer's name, else as written."""
    return place.name or place.text


def place_of(report: Report, q: Quantity) -> str | None:
    """The place the number's own clause puts it at: a place named within a few words after
    it, before the clause ends or another number starts ("319 deaths followed by 66 in
    Qiaojia": Qiaojia is the 66's)."""
    text = report.document.text
    rest = text[q.end : q.end + PLACE_REACH]
    stop = _STOP.search(rest)
    end = q.end + (stop.start() if stop else len(rest))
    end = min([end, *(o.start for o in report.quantities if q.end <= o.start)])
    for p in report.places:
        if q.end <= p.start < end:
            return place_key(p)
    return None


def _measured(fact: str, q: Quantity) -> str:
    """Counts and measures of one fact are not compared: "10 kilometres" is no count."""
    return fact if q.kind in (None, "count") or fact == "age" else f"{fact} ({q.kind})"


def _inside(a: Quantity, b: Quantity) -> bool:
    return b.start <= a.start and a.end <= b.end and (a.start, a.end) != (b.start, b.end)


def attribution(report: Report, start: int, end: int) -> str | None:
    """Whom the text attributes the characters to ("according to the UN Command")."""
    for att in report.attributions:
        if att.start <= start and end <= att.end and att.speaker_text:
            where = att.speaker_mention
            if where and any(t.start <= where.start < t.end for t in report.timexes):
                continue  # a time taken for a speaker: "said Tuesday"
            return att.speaker_text
    return None
