"""Coding consistency (events/consistency.py): what did not happen is not scored or coded by
ACLED, a sub-type comes with its type, and one incident has one ACLED sub-type."""

from __future__ import annotations

import pytest

from dateline.events.consistency import make_consistent
from dateline.events.lexicon import load_lexicon
from dateline.events.select import coded
from dateline.model import Event, Offsets, TextSpan
from dateline.tables import read_table, weapons


def _event(id_: str, subtype: str | None, **kw) -> Event:
    lex = load_lexicon()
    return Event(id=id_, type="ASSAULT", mode="firearms", trigger=TextSpan("fired", 0, 5),
                 sentence=Offsets(0, 10), quad_class=4, score=-9.0, cameo="19",
                 acled_subtype=subtype, acled_type=lex.acled_types.get(subtype or ""), **kw)


def test_what_did_not_happen_carries_no_score_or_acled_type():
    events = [_event("V1", "Armed clash", negated=True),
              _event("V2", "Attack", modality="hypothetical")]
    make_consistent(events, load_lexicon())
    for e in events:
        assert (e.quad_class, e.score, e.acled_type, e.acled_subtype) == (None,) * 4
        assert e.type == "ASSAULT" and e.cameo == "19"
    assert coded(events[1]) == ("THREATEN", 3)  # a coder's reading still comes from the type


def test_one_incident_one_acled_type():
    events = [_event("V1", "Armed clash"), _event("V2", "Attack", same_as="V1"),
              _event("V3", "Attack", same_as="V1"), _event("V4", "Armed clash")]
    make_consistent(events, load_lexicon())
    assert [e.acled_subtype for e in events] == ["Attack", "Attack", "Attack", "Armed clash"]
    assert {e.acled_type for e in events[:3]} == {"Violence against civilians"}


def test_only_tellings_that_name_a_target_vote_when_some_do():
    """Whether violence is an "Attack" or an "Armed clash" depends on whom it hit: untargeted
    tellings ("firing across the border") do not outvote those that say."""
    events = [_event("V1", "Armed clash"), _event("V2", "Armed clash", same_as="V1"),
              _event("V3", "Armed clash", same_as="V1"),
              _event("V4", "Attack", same_as="V1", target="E1"),
              _event("V5", "Armed clash"), _event("V6", "Attack", same_as="V5")]
    make_consistent(events, load_lexicon())
    assert {e.acled_subtype for e in events[:4]} == {"Attack"}
    # no telling names a target: all vote, a tie goes to the codebook's rank
    assert {e.acled_subtype for e in events[4:]} == {"Armed clash"}


def test_a_telling_that_names_the_weapon_decides_between_methods():
    """"a grenade exploded" (Grenade) and "the blast" (an IED by default) are one incident."""
    grenade = TextSpan("a grenade", 0, 9)
    events = [_event("V1", "Grenade", instruments=[grenade]),
              _event("V2", "Remote explosive/landmine/IED", same_as="V1")]
    make_consistent(events, load_lexicon())
    assert {e.acled_subtype for e in events} == {"Grenade"}


def test_a_named_method_wins_for_the_incident():
    events = [_event("V1", "Attack"), _event("V2", "Attack", same_as="V1"),
              _event("V3", "Grenade", same_as="V1")]
    make_consistent(events, load_lexicon())
    assert {(e.acled_type, e.acled_subtype) for e in events} == {
        ("Explosions/Remote violence", "Grenade")}


@pytest.mark.parametrize("subtype", ["Mob violence", "Grenade", "Protest with intervention",
                                     "Government regains territory"])
def test_every_sub_type_has_its_type(subtype):
    (event,) = events = [_event("V1", subtype)]
    make_consistent(events, load_lexicon())
    assert event.acled_subtype == subtype and event.acled_type


def test_every_sub_type_the_tables_give_is_in_the_codebook():
    codebook = load_lexicon().acled_types
    given = {row[5] for row in read_table("events", "triggers.tsv")[1:]}
    given |= {row[3] for row in read_table("events", "modes.tsv")[1:]}
    given |= {w.acled for w in weapons()}
    assert given - {"-", None} <= codebook.keys()


def test_the_seed_negated_exchange_of_fire_is_not_a_battle(seed_report):
    (exchange,) = [e for e in seed_report.events if e.trigger.text == "exchange"]
    assert exchange.negated and exchange.quad_class is None and exchange.acled_type is None
    for event in seed_report.events:
        assert bool(event.acled_type) == bool(event.acled_subtype)
