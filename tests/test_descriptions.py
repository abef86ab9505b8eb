"""Coreference of descriptions (actors/descriptions.py): "a North Korean soldier" ... "the
defector" is one person; nothing is joined where the text leaves a choice."""

from __future__ import annotations


def _entity_of(report, text: str, word: str):
    start = text.index(word)
    return next(e for e in report.entities if any(m.start <= start < m.end for m in e.mentions))


def test_seed_soldier_and_defector_are_one_person(seed_report, seed_text):
    text = seed_text.strip()
    soldier = _entity_of(seed_report, text, "North Korean soldier made")
    defector = _entity_of(seed_report, text, "defector")
    assert soldier.id == defector.id and soldier.text == "North Korean soldier"
    assert (soldier.country, soldier.sector) == ("PRK", "MIL")
    assert "KPA defector" in soldier.aliases


def test_an_introduced_person_and_a_later_description(run):
    text = ("A Syrian soldier was arrested at the border on Monday. "
            "Police said the detainee carried a forged passport.")
    report = run(text)
    assert _entity_of(report, text, "soldier").id == _entity_of(report, text, "detainee").id


def test_two_people_leave_the_description_alone(run):
    text = ("A soldier and a police officer were held on Monday. "
            "Officials later freed the hostage.")
    report = run(text)
    hostage = _entity_of(report, text, "hostage")
    assert hostage.id not in {_entity_of(report, text, "soldier").id,
                              _entity_of(report, text, "officer").id}


def test_an_indefinite_description_is_someone_new(run):
    text = "A soldier crossed the line on Monday. A defector was found later."
    report = run(text)
    assert _entity_of(report, text, "soldier").id != _entity_of(report, text, "defector").id


def test_a_contradicting_country_keeps_them_apart(run):
    text = "A Russian soldier crossed the line on Monday. The Ukrainian defector was found later."
    report = run(text)
    assert _entity_of(report, text, "soldier").id != _entity_of(report, text, "defector").id
