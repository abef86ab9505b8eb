"""When an event happened: from a time expression governing its clause, else bounded by the
document date according to tense, else unknown. Never silently the publication date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import weakref

from spacy.tokens import Doc, Token

from dateline.doc_text import doc_text
from dateline.model import EventTime, Timex
from dateline.time.tense import clause_verb, cue_words, tense_at, verb_tense
from dateline.time.values import value_bounds

_POINT_TYPES = frozenset({"DATE", "TIME"})


#: Each doc's time heads, built once for all its events (dropped with the doc; rebuilt when
#: ``doc._.timexes`` is set anew). Token indices, not tokens: a token holds its doc, which
#: would then never be dropped.
_HEADS: weakref.WeakKeyDictionary[Doc, tuple[object, list[tuple[int, Timex]]]] = (
    weakref.WeakKeyDictionary()
)


def _timex_heads(doc: Doc) -> list[tuple[Token, Timex]]:
    """(syntactic head token, timex) for the doc's DATE/TIME expressions (a handful per doc)
    that can date a clause: not an offset ("the day before police issued a warrant")."""
    timexes = doc._.timexes or ()
    cached = _HEADS.get(doc)
    if cached is None or cached[0] is not timexes:
        heads = []
        for timex in timexes:
            if timex.type not in _POINT_TYPES:
                continue
            span = doc.char_span(timex.start, timex.end, alignment_mode="expand")
            if span is not None and len(span) and not _offset(span.root):
                heads.append((span.root.i, timex))
        cached = _HEADS[doc] = (timexes, heads)
    return [(doc[i], timex) for i, timex in cached[1]]


def _governs(head: Token, trigger: Token, trigger_verb: Token | None) -> bool:
    """Whether a timex whose head is ``head`` dates the clause of ``trigger``."""
    node = head
    for _ in range(12):
        if node.i == trigger.i:
            return True
        if node.pos_ in ("VERB", "AUX") and node.i != head.i:
            return trigger_verb is not None and node.i == trigger_verb.i
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _governing(
    heads: list[tuple[Token, Timex]], trigger: Token, verb: Token | None
) -> Timex | None:
    """The nearest time expression that dates the clause of ``trigger``."""
    best: tuple[int, Timex] | None = None
    for head, timex in heads:
        if _governs(head, trigger, verb):
            distance = abs(head.i - trigger.i)
            if best is None or distance < best[0]:
                best = (distance, timex)
    return best[1] if best else None


def _shared_time(heads: list[tuple[Token, Timex]], verb: Token) -> Timex | None:
    """The time a clause without one of its own shares with a clause it is bound to: a clause of
    "when", "as" or "while" (either way: "was heating soup last fall when he was gunned down",
    "said as dawn broke Saturday"), the first of conjoined verbs with one subject and tense ("on
    Tuesday condemned ... and offered"), the clause a bare participle adjoins ("Retaliating ...,
    forces Thursday launched"), and a dated noun for the past relative clause on it ("the 1996
    bombing that killed one person", "since August, when they traded"). Not an infinitive's
    governor ("planned on Friday to pay" pays later), nor a time the clause is put before or
    after ("the day before they met")."""
    if _simultaneous(verb):  # "a year ago, when the industry enjoyed strong demand"
        text, first = doc_text(verb.doc), verb.left_edge.idx
        for _, timex in heads:
            if timex.end <= first and text[timex.end : first].strip() in ("", ","):
                return timex
    for child in verb.children:
        if child.dep_ == "advcl" and _simultaneous(child):
            timex = _governing(heads, child, child)
            if timex is not None:
                return timex
    for _ in range(3):
        head = verb.head
        if head.i == verb.i:
            return None
        if verb.dep_ == "relcl":
            between = head.doc[head.i + 1 : verb.i]  # "the day before they met": a day earlier
            if any(t.lower_ in cue_words("sequence") for t in between):
                return None
            if head.pos_ in ("NOUN", "PROPN") and verb_tense(verb) in ("past", None):
                return _governing(heads, head, None)  # a time within the noun's own phrase
            return None
        if head.pos_ not in ("VERB", "AUX"):
            return None
        if not (verb.dep_ == "advcl" and _simultaneous(verb)):
            if any(c.dep_ in _OWN_CLAUSE for c in verb.children):
                return None
            if verb.dep_ == "conj":
                tenses = verb_tense(verb), verb_tense(head)
                if None not in tenses and tenses[0] != tenses[1]:
                    return None
            elif not (verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN")):
                return None
        timex = _governing(heads, head, head)
        if timex is not None:
            return timex
        verb = head
    return None


#: Children that give a clause its own frame: a subject or a subordinator.
_OWN_CLAUSE = frozenset({"nsubj", "nsubjpass", "expl", "mark"})


def _subordinators(clause: Token) -> set[str]:
    """The words that introduce a clause: "before", "as", and "when" (which spaCy makes an
    adverb of its clause)."""
    return {
        c.lower_
        for c in clause.children
        if c.dep_ == "mark" or (c.dep_, c.tag_) == ("advmod", "WRB")
    }


def _offset(head: Token) -> bool:
    """Whether a time stands before the "before"/"after" of its clause, measuring a distance
    from the event rather than dating it: "the day before police issued a warrant" (but "after
    the market closed Wednesday" is dated)."""
    if head.dep_ != "npadvmod":
        return False
    sequence = cue_words("sequence")
    return any(
        c.i > head.i and c.lower_ in sequence and c.dep_ in ("mark", "advmod")
        for c in head.head.children
    )


def _simultaneous(clause: Token) -> bool:
    marks = _subordinators(clause)
    return bool(marks) and marks <= cue_words("simultaneous")


def _from_value(value: str, dct: dt.date | None) -> EventTime:
    bounds = value_bounds(value)
    if bounds is not None:
        first, last, precision = bounds
        return EventTime(value, first.isoformat(), last.isoformat(), precision, "text")
    if dct is not None and value == "PRESENT_REF":
        return EventTime(value, dct.isoformat(), dct.isoformat(), "day", "text")
    if dct is not None and value == "PAST_REF":
        return EventTime(value, None, dct.isoformat(), None, "text")
    if dct is not None and value == "FUTURE_REF":
        return EventTime(value, dct.isoformat(), None, None, "text")
    return EventTime(value, None, None, None, "text")


def event_time(doc: Doc, trigger: Token, happened: bool = False) -> EventTime:
    """The time of the event whose trigger is ``trigger``.

    ``basis`` is ``text`` when a time expression in the trigger's subtree or attached to its
    clause's verb (or shared with a clause it is bound to, see ``_shared_time``) dates it, bounds
    derived from the value, or bounds it on one side ("since 1980", "until Nov. 20": no value,
    the other side from the tense); ``dct-bound`` when only the tense places it relative to the
    document date (past/present: on or before it; future: on or after it); ``unknown``
    otherwise. ``happened``: the text asserts or reports the event as real, not hypothetical, so
    that an untensed one ("used rifles to fire 40 rounds") happened by the day the article was
    published.
    """
    dct: dt.date | None = doc._.dct
    heads = _timex_heads(doc)
    verb = clause_verb(trigger)
    charge = _charge(trigger)
    if charge is not None and _governing(heads, trigger, None) is None:
        charged = event_time(doc, charge, happened)  # "charged on Monday with murder"
        basis = charged.basis if charged.latest else "unknown"
        return EventTime(None, None, charged.latest, None, basis)
    timex = _governing(heads, trigger, verb)
    if timex is not None:  # its own clause's time, which may be an edge of it ("since 1980")
        edge = _edge(next(h for h, t in heads if t is timex))
        bounds = value_bounds(timex.value) if edge else None
        if bounds is not None:
            return _bounded(edge, bounds[0], bounds[1], _tense_bounds(trigger, happened, dct))
    elif verb is not None:
        timex = _shared_time(heads, verb)
    if timex is not None:
        return _relative_to_now(_from_value(timex.value, dct), timex, dct)
    by_tense = _tense_bounds(trigger, happened, dct)
    matrix = _reporting(verb)
    if matrix is not None and by_tense[0] is None:
        reported = event_time(doc, matrix, happened)  # "said on Tuesday that troops fled"
        if reported.basis == "text" and reported.latest:
            return EventTime(None, None, reported.latest, None, "text")
    if by_tense == (None, None):
        return EventTime()
    return EventTime(None, by_tense[0], by_tense[1], None, "dct-bound")


def _relative_to_now(time: EventTime, timex: Timex, dct: dt.date | None) -> EventTime:
    """Of the period a time expression names that holds the document date, only the part before
    it for "earlier this month", after it for "later this year" (tense_cues.tsv: before_now,
    after_now): the value stays the period's."""
    if dct is None or time.earliest is None or time.latest is None:
        return time
    day = dct.isoformat()
    if not time.earliest <= day <= time.latest:
        return time
    first = timex.text.split(maxsplit=1)[0].lower()
    if first in cue_words("before_now"):
        return dataclasses.replace(time, latest=day)
    if first in cue_words("after_now"):
        return dataclasses.replace(time, earliest=day)
    return time


def _reporting(verb: Token | None) -> Token | None:
    """The past verb whose past complement clause ``verb`` heads ("said on Tuesday that troops
    fled"): what it reports or knows happened by its time (at it or before)."""
    if verb is None or verb.dep_ != "ccomp" or verb_tense(verb) != "past":
        return None
    head = verb.head
    return head if head.pos_ == "VERB" and verb_tense(head) == "past" else None


def _charge(trigger: Token) -> Token | None:
    """The verb of a charge, an accusation or an arrest whose object of "with", "of", "for",
    "over" or "in" is ``trigger``, an act done before it: "charged him with murder", "accused
    of the killing", "arrested in the bombing"."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ not in ("with", "of", "for", "over", "in"):
        return None
    verb = prep.head
    if verb.dep_ == "dobj":  # "accused [the army of the killing]"
        verb = verb.head
    if verb.pos_ == "VERB" and verb.lemma_.lower() in cue_words("charge"):
        return verb
    return None


def _tense_bounds(
    trigger: Token, happened: bool, dct: dt.date | None
) -> tuple[str | None, str | None]:
    """(earliest, latest) from the tense alone: a past or present event (or an untensed one
    that happened) is on or before the document date, a future one on or after it."""
    if dct is None:
        return None, None
    tense = tense_at(trigger)
    if tense in ("past", "present") or (tense is None and happened):
        return None, dct.isoformat()
    if tense == "future":
        return dct.isoformat(), None
    return None, None


def _edge(head: Token) -> str | None:
    """The cue class of the preposition that makes a time an edge of the event rather than its
    date: "since 1980" (starts), "after Tuesday" (follows), "until Nov. 20" (ends), "before
    Friday" (precedes); None for a time that dates it."""
    if head.dep_ != "pobj" or head.head.pos_ not in ("ADP", "SCONJ"):
        return None
    word = head.head.lower_
    return next((c for c in _EDGES if word in cue_words(c)), None)


_EDGES = ("starts", "follows", "ends", "precedes")


def _bounded(
    edge: str, first: dt.date, last: dt.date, by_tense: tuple[str | None, str | None]
) -> EventTime:
    """Bounds from a time the event starts, follows, ends by or precedes, completed on the
    other side by the tense: "has grown since 1980" is from 1980 to the document date."""
    day = dt.timedelta(days=1)
    earliest, latest = by_tense
    if edge == "starts":
        earliest = first.isoformat()
    elif edge == "follows":
        earliest = (last + day).isoformat()
    elif edge == "ends":
        latest = last.isoformat()
    else:
        latest = (first - day).isoformat()
    if earliest and latest and earliest > latest:  # the tense contradicts the text: keep the text
        earliest, latest = (earliest, None) if edge in ("starts", "follows") else (None, latest)
    return EventTime(None, earliest, latest, None, "text")
