"""Places decided by the article's context: a village far from its namesakes stays unplaced,
everyday words are no towns without a place cue, and same-named places follow the story."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.places.resolve import haversine_km

NIGERIA = ("MAIDUGURI, Nigeria — Gunmen attacked the village of Kalari near Maiduguri on "
           "Sunday, killing 12 people, the Borno state police said.")


def _by_text(report, text):
    return [p for p in report.places if p.text == text]


def test_dateline_led_article_keeps_a_village_out_of_italy(run):
    """"Kalari" is only an alternate spelling of Cagliari: in a story from Nigeria that is no
    evidence, so the village stays unresolved rather than moved to Italy."""
    report = run(NIGERIA)
    (kalari,) = _by_text(report, "Kalari")
    assert kalari.country is None and kalari.lat is None
    maiduguri = _by_text(report, "MAIDUGURI") + _by_text(report, "Maiduguri")
    assert len(maiduguri) == 2 and {p.country for p in maiduguri} == {"NGA"}
    assert all(haversine_km(p.lat, p.lon, 11.85, 13.16) < 20 for p in maiduguri)
    assert {p.country for p in _by_text(report, "Nigeria")} == {"NGA"}


def test_village_without_dateline(run):
    report = run("Boko Haram fighters raided Kalari, a village outside Maiduguri in "
                 "northeastern Nigeria, on Tuesday.")
    assert [p.country for p in _by_text(report, "Kalari")] == [None]


def test_alternate_name_still_counts_without_rival_context(run):
    """Where the text names no country, an alternate spelling of a big city is still taken."""
    report = run("The ferry from Kalari was late again on Monday.")
    assert {p.country for p in _by_text(report, "Kalari")} <= {"ITA"}


def test_metro_fares_are_no_town(run):
    for text in ("City officials voted to raise metro fares by 10 cents next year.",
                 "Metro fares will rise in January, the transit authority in Washington said."):
        report = run(text)
        assert not [p for p in report.places if p.text.lower() == "metro"], text


def test_common_noun_left_alone_but_cued_name_kept(run):
    plain = run("Mobile phones were banned at the school. Reading is encouraged instead.")
    assert not [p for p in plain.places if p.text in ("Mobile", "Reading")]
    cued = run("The storm flooded streets in Mobile, Alabama, on Monday.")
    (mobile,) = _by_text(cued, "Mobile")
    assert mobile.country == "USA" and haversine_km(mobile.lat, mobile.lon, 30.69, -88.04) < 30


def test_cue_at_one_mention_covers_the_others(nlp):
    from dateline.places.detect import Mention, _cued

    def mobiles(text):
        doc = nlp(text)
        return [Mention(t.idx, t.idx + 6, t.text, t.i, t.i + 1, "ner")
                for t in doc if t.text == "Mobile"], doc

    mentions, doc = mobiles("Roads closed in Mobile on Monday. Mobile officials said so.")
    assert len(_cued(doc, mentions)) == 2
    mentions, doc = mobiles("Mobile phones were banned. Mobile officials said so.")
    assert _cued(doc, mentions) == []


def test_paris_in_a_texas_story(run):
    report = run("The sheriff of Lamar County said the Paris police chief would retire. "
                 "Officials in Austin, Texas, praised his work.")
    (paris,) = _by_text(report, "Paris")
    assert paris.country == "USA" and haversine_km(paris.lat, paris.lon, 33.66, -95.56) < 50


def test_georgia_country_and_state(run):
    country = run("Georgia's government in Tbilisi accused Russia of moving troops near "
                  "South Ossetia.")
    state = run("The governor of Georgia visited Savannah and Augusta after the storm.")
    assert {p.feature for p in _by_text(country, "Georgia")} == {"country"}
    assert {(p.country, p.feature) for p in _by_text(state, "Georgia")} == {("USA", "region")}


def test_cli_places_follow_the_dateline(tmp_path):
    src = tmp_path / "nigeria.jsonl"
    src.write_text(json.dumps({"text": NIGERIA, "date": "2020-05-03"}) + "\n"
                   + json.dumps({"text": "Metro fares rose again.", "date": "2020-05-03"}) + "\n")
    result = CliRunner().invoke(app, ["extract", str(src), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    nigeria, metro = (json.loads(line) for line in result.stdout.splitlines())
    countries = {p["text"]: p["country"] for p in nigeria["places"]}
    assert countries["Kalari"] is None and countries["Maiduguri"] == "NGA"
    assert all(p["why"] for p in nigeria["places"] if p["country"])
    assert metro["places"] == []


def test_cli_bad_input_is_named(tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text("{not json\n")
    result = CliRunner().invoke(app, ["extract", str(bad), "--format", "jsonl"])
    assert result.exit_code != 0 and "broken.jsonl" in result.output


def test_state_among_states(run):
    """A state's name next to other states' is the state, not the town of that name (Oklahoma,
    Pennsylvania); "Washington" is the state's only as an alternate name, so it stays DC."""
    report = run("The virus was found on a farm near Pittsburgh, Pennsylvania. Officials in "
                 "Oklahoma and California are testing birds.")
    (oklahoma,) = _by_text(report, "Oklahoma")
    assert (oklahoma.country, oklahoma.feature) == ("USA", "region")
    assert haversine_km(oklahoma.lat, oklahoma.lon, 35.5, -97.5) < 100
    assert "other states named" in oklahoma.why
    dc = run("Lawmakers in Washington said Oregon and Idaho would get more money.")
    assert [p.feature for p in _by_text(dc, "Washington")] == ["city"]


def test_each_place_says_why_it_won(run):
    report = run("PARIS, France — Thousands marched through Paris on Saturday.")
    paris = _by_text(report, "Paris")[0]
    assert "population" in paris.why and "FRA" in paris.why and "other candidates" in paris.why
    assert _by_text(report, "PARIS")[0].why.startswith("dateline")
    assert [p.why for p in _by_text(run(NIGERIA), "Kalari")] == [None]  # unresolved: no why


def test_bare_dateline_city_is_the_wire_city(run):
    """"WASHINGTON —" over a story about Iowa is DC, not Washington, Iowa; a dateline that
    names its state is read as written."""
    report = run("WASHINGTON — The president spoke with farmers from Iowa on Tuesday.")
    (dc,) = _by_text(report, "WASHINGTON")
    assert haversine_km(dc.lat, dc.lon, 38.9, -77.04) < 20 and "District of Columbia" in dc.why
    iowa = run("WASHINGTON, Iowa — Farmers met at the county fairground on Tuesday.")
    (town,) = _by_text(iowa, "WASHINGTON")
    assert haversine_km(town.lat, town.lon, 41.3, -91.7) < 30


def test_dateline_without_a_dash(run):
    """Wire copy whose dash was lost, or with the agency in parentheses, still has a dateline."""
    for text in ("WASHINGTON Barack Obama spoke with farmers from Iowa on Wednesday.",
                 "WASHINGTON (RNS) Church leaders from Iowa praised the president."):
        (dc,) = _by_text(run(text), "WASHINGTON")
        assert dc.why.startswith("dateline") and haversine_km(dc.lat, dc.lon, 38.9, -77.04) < 20
    assert _by_text(run("AIG Chief Executive Edward Liddy spoke."), "AIG") == []


def test_lower_case_words_only_are_dropped(nlp):
    from dateline.places.detect import Mention, _cued

    doc = nlp("Shelling hit eastern Ghouta and the metro station.")
    ghouta = Mention(13, 27, "eastern Ghouta", 2, 4, "ner")
    metro = Mention(36, 41, "metro", 6, 7, "ner")
    assert _cued(doc, [ghouta, metro]) == [ghouta]


def test_a_country_among_countries_gains(run):
    """A country's name scores higher where the document names other countries (GeoVirus:
    "Macedonia" next to Romania and Russia), but never for naming itself; a US state with
    countries around it stays the state."""
    from dateline.places import gazetteer as gz
    from dateline.places.resolve import _Context, _score, weights

    gaz = gz.get_gazetteer()
    mkd, rou = gaz.country_entry["MKD"], gaz.country_entry["ROU"]
    alone, itself, listed = _Context(gaz), _Context(gaz), _Context(gaz)
    itself.nations.add(mkd)
    listed.nations.add(rou)
    why: list[str] = []
    base = _score(gaz, mkd, gz.PRIMARY, alone, [])
    assert _score(gaz, mkd, gz.PRIMARY, itself, []) == base
    assert _score(gaz, mkd, gz.PRIMARY, listed, [], why) == pytest.approx(
        base + weights()["peer_country"])
    assert "other countries named" in why
    state = run("The governor of Georgia met envoys from Canada and Mexico in Atlanta.")
    assert {(p.country, p.feature) for p in _by_text(state, "Georgia")} == {("USA", "region")}


def test_english_counties_are_places(run):
    """Counties that cities500 lacks ("Suffolk", "Surrey") are in the curated regions; a US
    story's Norfolk stays in Virginia."""
    report = run("Bird flu was found on a farm in Suffolk, England, and two more in Norfolk "
                 "and in Surrey, officials said.")
    for name in ("Suffolk", "Norfolk", "Surrey"):
        assert [(p.country, p.feature) for p in _by_text(report, name)] == [("GBR", "region")]
    us = run("The Navy said the destroyer returned to Norfolk, Virginia, on Friday.")
    assert [p.admin1 for p in _by_text(us, "Norfolk")] == ["US.VA"]


def test_great_lakes_are_sites(run):
    report = run("Toxic algae spread across Lake Erie again this summer, officials in Ohio said.")
    (erie,) = _by_text(report, "Lake Erie")
    assert erie.feature == "site" and haversine_km(erie.lat, erie.lon, 42.2, -81.2) < 50
