"""Make an article's event codes agree with each other and with what happened.

Coding runs per event, so on its own it lets an article say contradictory things: "didn't
exchange fire" scored as material conflict (QuadClass 4, Goldstein -9) and an ACLED battle; one
shooting told four times coded "Attack" three times and "Armed clash" once. Applied after the
retellings are linked (``restated.mark_restatements``):

- an event that did not happen (negated) or may not (hypothetical) keeps its type and CAMEO
  code but carries no quad class, no conflict-cooperation score and no ACLED coding: those
  describe events, and event data counts them (``select.coded`` still gives a coder's reading of
  such a sentence from the ontology);
- an ACLED sub-type always comes with its type (ACLED's codebook,
  ``resources/events/acled_subtypes.tsv``);
- the tellings of one incident (an event and those with ``same_as`` pointing at it) share one
  ACLED sub-type: one that names the method of violence, else the one most tellings give, else
  the codebook's order. Only tellings that name what decides the sub-type vote when there are
  any: whom the violence hit ("Armed clash" or "Attack" depends on the target, so "firing
  across the border", an armed clash by default, does not outvote "fired about 40 rounds at the
  defector") or its weapon ("a grenade exploded" over "the blast", an IED by default).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from dateline.events.lexicon import Lexicon
from dateline.model import Event


def happened(event: Event) -> bool:
    """Whether the text has the event take place (not negated, not hypothetical)."""
    return not event.negated and event.modality != "hypothetical"


def make_consistent(events: list[Event], lex: Lexicon) -> None:
    """Apply the rules above to an article's events, in place."""
    incidents: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if not happened(event):
            event.quad_class = event.score = None
            event.acled_type = event.acled_subtype = None
            continue
        if event.acled_subtype:
            incidents[event.same_as or event.id].append(event)
    for tellings in incidents.values():
        voters = [e for e in tellings if e.target or e.target_text or e.instruments] or tellings
        counts = Counter(e.acled_subtype for e in voters)
        subtype = min(
            {e.acled_subtype for e in tellings}, key=lambda s: _order(s, counts[s], lex)
        )
        for event in tellings:
            event.acled_subtype = subtype
            event.acled_type = lex.acled_types[subtype]


def _order(subtype: str | None, count: int, lex: Lexicon) -> tuple[bool, int, int]:
    no_method, rank = lex.acled_rank.get(subtype or "", (True, len(lex.acled_rank)))
    return no_method, -count, rank
