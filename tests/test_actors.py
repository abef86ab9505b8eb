"""The actors component: entities, merging, acronyms, country and sector."""

from __future__ import annotations

import pytest

from dateline.actors import resolve
from dateline.model import Document
from dateline.pipeline import make_doc


def _by_text(report, text):
    found = [e for e in report.entities if e.text == text or text in e.aliases]
    assert len(found) == 1, (text, [e.text for e in report.entities])
    return found[0]


def _mention_texts(report, entity):
    article = report.document.text
    return [article[m.start : m.end] for m in entity.mentions]


# --- the seed, end to end -------------------------------------------------------------------


def test_seed_carroll_is_one_person_with_role_and_affiliation(seed_report):
    people = [e for e in seed_report.entities if "Carroll" in e.text]
    assert len(people) == 1
    carroll = people[0]
    assert carroll.label == "PERSON"
    assert _mention_texts(seed_report, carroll).count("Carroll") == 2
    assert carroll.sector in ("MIL", "GOV")
    assert carroll.role and "spokesman" in carroll.role
    org = next(e for e in seed_report.entities if e.id == carroll.affiliation)
    assert org.text.lower() in ("un command", "united nations command")
    assert not any(e.text == "Carroll" for e in seed_report.entities)


def test_seed_un_command_is_one_igo(seed_report):
    commands = [e for e in seed_report.entities if "command" in e.text.lower()]
    assert len(commands) == 1
    assert commands[0].sector == "IGO"
    assert commands[0].label == "ORG"
    assert {t.lower() for t in _mention_texts(seed_report, commands[0])} == {"un command"}


def test_seed_kpa_expansion(seed_report):
    kpa = _by_text(seed_report, "KPA")
    assert kpa.expansion == "Korean People's Army"
    assert kpa.text == "Korean People's Army"
    assert kpa.country == "PRK"
    assert kpa.sector == "MIL"


def test_seed_nominal_actors(seed_report):
    soldiers = _by_text(seed_report, "North Korean soldiers")
    assert (soldiers.label, soldiers.country, soldiers.sector, soldiers.head) == (
        "NOMINAL",
        "PRK",
        "MIL",
        "soldier",
    )
    assert len(soldiers.mentions) >= 3
    military = _by_text(seed_report, "South Korea's military")
    assert (military.country, military.sector) == ("KOR", "MIL")
    south = _by_text(seed_report, "South Korean soldiers")
    assert south.country == "KOR" and south.id != soldiers.id
    for word, sector in (("officials", "GOV"), ("surgeons", "MED")):
        assert _by_text(seed_report, word).sector == sector


def test_seed_the_north_is_north_korea(seed_report):
    north = _by_text(seed_report, "North Korea")
    assert north.country == "PRK" and north.label == "GPE"
    article = seed_report.document.text
    starts = {m.start for m in north.mentions}
    assert article.index("North violated") in starts
    assert _by_text(seed_report, "North Korean soldiers").id != north.id


def test_seed_ak_is_not_an_organization(seed_report):
    assert not any(e.text == "AK" for e in seed_report.entities)


def test_seed_ids_in_order_of_first_mention(seed_report):
    ents = seed_report.entities
    assert [e.id for e in ents] == [f"E{i}" for i in range(1, len(ents) + 1)]
    firsts = [min(m.start for m in e.mentions) for e in ents]
    assert firsts == sorted(firsts)


def test_seed_entity_id_on_every_mention_token(nlp, seed_text):
    doc = nlp(make_doc(nlp, Document(id="s", text=seed_text, dct="2017-11-22")))
    assert doc._.entities
    for entity in doc._.entities:
        for m in entity.mentions:
            span = doc.char_span(m.start, m.end)
            assert span is not None
            assert {t._.entity_id for t in span} == {entity.id}
    ids = {t._.entity_id for t in doc} - {None}
    assert ids == {e.id for e in doc._.entities}


# --- merging, acronyms, roles -----------------------------------------------------------------


def test_surname_and_org_aliases_merge(run):
    report = run(
        "Prime Minister Jane Whitcombe met officers of the United Nations Command in Seoul. "
        "Whitcombe said the UN command had agreed. Later, the UN Command issued a statement."
    )
    person = _by_text(report, "Jane Whitcombe")
    assert person.label == "PERSON" and "Whitcombe" in person.aliases
    assert person.sector == "GOV"
    command = _by_text(report, "United Nations Command")
    assert len(command.mentions) == 3
    assert command.sector == "IGO"


@pytest.mark.parametrize(
    "text, acronym, expansion",
    [
        (
            "The Movement for Democratic Change (MDC) said police arrested 20 of its members. "
            "The MDC accused the government of Zimbabwe of repression.",
            "MDC",
            "Movement for Democratic Change",
        ),
        (
            "Fighters of the ADF (Allied Democratic Forces) attacked a village. The ADF denied it.",
            "ADF",
            "Allied Democratic Forces",
        ),
    ],
)
def test_acronym_patterns(run, text, acronym, expansion):
    report = run(text)
    entity = _by_text(report, acronym)
    assert entity.expansion == expansion
    assert entity.text == expansion
    assert _mention_texts(report, entity).count(acronym) == 2


def test_title_gives_country_and_sector(run):
    report = run(
        "German Defense Minister Klaus Hartmann met Colonel Ann Marlowe in Paris on Monday."
    )
    minister = _by_text(report, "Klaus Hartmann")
    assert (minister.country, minister.sector) == ("DEU", "GOV")
    assert minister.role == "German Defense Minister"
    assert _by_text(report, "Ann Marlowe").sector == "MIL"
    assert [e.text for e in report.entities if e.label != "PERSON"] == ["Paris"]


# --- the resolver ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, country, sector",
    [
        ("two Chinese warplanes", "CHN", "MIL"),
        ("Britain’s Defense Ministry", "GBR", "GOV"),
        ("Pakistani Army", "PAK", "MIL"),
        ("four Saudi men", "SAU", None),
        ("a former CIA official", "USA", "ELI"),
        ("members of SANDF", "ZAF", "MIL"),
        ("Kyiv police", "UKR", "COP"),
        ("Somalia state news agency", "SOM", "GOV"),
        ("A Ugandan attorney", "UGA", "JUD"),
        ("Several of the largest trade unions in Denmark", "DNK", "LAB"),
        ("TEHRAN", "IRN", "GOV"),
        ("Burkina Faso’s displaced", "BFA", "REF"),
    ],
)
def test_resolve_demonyms_countries_and_heads(name, country, sector):
    r = resolve(name)
    assert (r.country, r.sector) == (country, sector)


def test_resolve_case_and_labels():
    assert resolve("us").country is None
    assert resolve("a US destroyer").country == "USA"
    assert resolve("Chad Miller", label="PERSON").country is None
    assert resolve("Chad").country == "TCD"
    assert resolve("Defense Minister", "German").country == "DEU"
    assert resolve("KPA").expansion == "Korean People's Army"
    # a name the NER found in a lowercased article still resolves
    assert resolve("delhi").country is None
    assert resolve("delhi", label="GPE").country == "IND"


def test_resolve_former_leader_by_year():
    assert resolve("Angela Merkel", year=2017).sector == "GOV"
    assert resolve("Angela Merkel", year=2023).sector == "ELI"


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n ", "!!!@@@ ### $$$ ((( )))", "\u0000\u0001 \ufffd\ufffd", "( ( ( ) ) ) 's 's"],
)
def test_bad_input_does_not_crash(run, text):
    report = run(text, dct=None)
    assert isinstance(report.entities, list)
    for e in report.entities:
        assert e.mentions


def test_long_entityless_text(run):
    text = "and then it was over and it went on. " * 1500
    report = run(text, dct=None)
    assert report.entities == []


def test_resolve_garbage():
    for name in ("", "   ", "'s", "-", "of the", "\u0000"):
        r = resolve(name)
        assert r.country is None and r.sector is None


def test_directions_need_a_country_named_north(run):
    report = run("Fighting broke out in the South. The North sent troops, officials said.")
    assert not any(e.country for e in report.entities if e.label in ("GPE", "LOC"))


def test_sponsor_country_and_separate_territories(run):
    report = run(
        "Turkish-backed Syrian rebels clashed with Kurdish fighters. Israeli troops raided the "
        "West Bank while Hamas militants fired rockets from Gaza."
    )
    assert _by_text(report, "Turkish-backed Syrian rebels").country == "SYR"
    assert _by_text(report, "Kurdish fighters").country is None
    bank, gaza = _by_text(report, "West Bank"), _by_text(report, "Gaza")
    assert bank.id != gaza.id and bank.country == gaza.country == "PSE"
    assert _by_text(report, "Hamas militants").sector == "REB"


def test_reverse_apposition_and_known_names(run):
    report = run(
        "A spokesman for the Palestinian Authority, Nabil Abu Rudeineh, condemned the raid. "
        "Doctors Without Borders said its hospital was overwhelmed."
    )
    person = _by_text(report, "Nabil Abu Rudeineh")
    authority = _by_text(report, "Palestinian Authority")
    assert person.affiliation == authority.id
    assert (person.country, person.sector) == ("PSE", "GOV")
    msf = _by_text(report, "Doctors Without Borders")
    assert (msf.label, msf.sector) == ("ORG", "NGO")


def test_words_and_plurals():
    from dateline.actors.text import key, singulars

    assert key("Britain’s Defense Ministry") == ("britain", "'s", "defense", "ministry")
    assert key("U.S.") == ("us",)
    assert key("Orbán") == key("Orban")
    assert "relative" in singulars("relatives") and "thief" in singulars("thieves")
    assert "gunman" in singulars("gunmen") and singulars("police") == ()


def test_acronym_helpers():
    from dateline.actors.acronyms import initials, is_acronym

    assert initials("Korean People's Army") == "KPA"
    assert initials("Economic Community of West African States") == "ECWAS"
    assert is_acronym("KPA") and is_acronym("U.N.") and not is_acronym("Army")


def test_nationality_tagged_as_place_is_a_group(run):
    report = run("Americans and Germans protested. The Taliban said they would talk.")
    for name, country in (("Americans", "USA"), ("Germans", "DEU")):
        group = _by_text(report, name)
        assert (group.label, group.country, group.sector) == ("NORP", country, None)
    assert _by_text(report, "Taliban").label == "ORG"


def test_demonym_kinds_from_the_shared_table():
    """The shared demonym table: nationalities and a country's name as a modifier give the
    group's country; a regional or ethnic demonym ("Texan", "Kurdish") gives none."""
    assert resolve("US troops").country == "USA"
    assert resolve("Afghans").country == "AFG"
    assert resolve("Texan volunteers").country is None
    assert resolve("Kurdish fighters").country is None


def test_weapon_model_nouns_from_the_shared_table(run):
    """One weapons table: the actors' model nouns ("AK rifles" is a product) and the events'
    ASSAULT modes are columns of it; a cue that is no weapon model ("suicide") is not one."""
    from dateline.actors.lexicon import load_lexicon
    from dateline.events.lexicon import load_lexicon as event_lexicon
    from dateline.tables import weapons

    models = load_lexicon().weapons
    assert {"rifle", "missile", "launcher"} <= models and not models & {"suicide", "stone"}
    assert models == {w.lemma for w in weapons() if w.model}
    modes = event_lexicon().modes
    assert modes[("ASSAULT", "rifle")] == ("firearms", None)
    assert ("ASSAULT", "launcher") not in modes  # a weapon that decides no mode
    report = run("The militants carried AK rifles and RPG launchers into the Hamas office.")
    names = {e.text for e in report.entities}
    assert "Hamas" in names and not names & {"AK", "RPG"}
