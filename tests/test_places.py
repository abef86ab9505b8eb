"""The places component: detection, resolution by context, bad input, and the gazetteer cache."""

from __future__ import annotations

import os
import time

import pytest

from dateline.places import gazetteer as gz
from dateline.places.detect import Mention
from dateline.places.resolve import haversine_km, resolve


def _by_text(report, text):
    return [p for p in report.places if p.text == text]


def test_seed_places(seed_report, seed_text):
    places = seed_report.places
    for p in places:
        assert seed_text[p.start:p.end] == p.text
    seoul = _by_text(seed_report, "Seoul")
    assert seoul, [p.text for p in places]
    assert haversine_km(seoul[0].lat, seoul[0].lon, 37.57, 126.98) < 5
    assert seoul[0].country == "KOR" and seoul[0].feature == "city"
    china = _by_text(seed_report, "China")
    assert china and china[0].feature == "country" and china[0].country == "CHN"
    dmz = _by_text(seed_report, "Demilitarized Zone")
    jsa = _by_text(seed_report, "JSA")
    assert dmz and jsa
    for p in dmz + jsa:
        assert p.country in ("KOR", "PRK") and p.lat is not None
        assert haversine_km(p.lat, p.lon, 38.0, 127.0) < 150
    assert not any("Korean" in p.text for p in places)  # demonyms are not places
    assert not any(p.text in ("North", "South") for p in places)


def test_paris_by_context(run):
    france = run("PARIS, France — Thousands marched through Paris on Saturday.")
    assert {p.country for p in _by_text(france, "Paris")} == {"FRA"}
    texas = run("The fair in Paris, Texas, drew crowds from Dallas and Tyler this weekend.")
    paris = _by_text(texas, "Paris")
    assert paris and paris[0].country == "USA"
    assert haversine_km(paris[0].lat, paris[0].lon, 33.66, -95.56) < 50


def test_georgia_by_context(run):
    caucasus = run("Officials in Tbilisi said Georgia would ask Russia to leave Abkhazia.")
    state = run("Lawmakers in Atlanta said Georgia would fund new roads near Savannah and Macon.")
    assert {p.feature for p in _by_text(caucasus, "Georgia")} == {"country"}
    assert {(p.country, p.feature) for p in _by_text(state, "Georgia")} == {("USA", "region")}


def test_metonymy_is_not_a_place(nlp):
    doc = nlp("Moscow said on Monday that troops would stay in Syria.")
    assert [p.text for p in doc._.places] == ["Syria"]
    assert "Moscow" in [p.text for p in doc._.toponyms]


def test_unknown_name_stays_unresolved(nlp):
    from dateline.places.gazetteer import get_gazetteer

    doc = nlp.make_doc("They reached Qzxvbrt Plains at dawn.")
    mention = Mention(13, 26, "Qzxvbrt Plains", 2, 4, "ner")
    (res,) = resolve(doc, [mention], get_gazetteer())
    assert res.entry is None and res.candidates == []


@pytest.mark.parametrize("text", ["", "   ", "!!!@@@ 123 ### ~~~", "a" * 500, "\n\n\t"])
def test_bad_input(run, text):
    report = run(text, dct=None)
    assert report.places == [] or all(text[p.start:p.end] == p.text for p in report.places)


def test_no_dct(run):
    report = run("Flooding hit Jakarta and Bandung, Indonesia, on Tuesday.", dct=None)
    names = {p.text: p.country for p in report.places}
    assert names.get("Jakarta") == "IDN" and names.get("Indonesia") == "IDN"


def test_gazetteer_lookup_and_cache_rebuild(tmp_path, monkeypatch):
    gaz = gz.get_gazetteer()
    assert any(gaz.country_of(e) == "KOR" for e, _ in gaz.lookup("seoul"))
    assert gz.norm("  Séoul ") == "seoul"
    path = tmp_path / "gazetteer.pkl"
    path.write_bytes(b"not a pickle")
    monkeypatch.setattr(gz, "build", lambda: gaz)  # the real build takes seconds
    assert gz.load(path) is gaz
    rebuilt = gz._read(path)  # the corrupt file was replaced by a readable one
    assert rebuilt is not None and len(rebuilt.names) == len(gaz.names)


def test_cache_of_another_version_stays_while_in_use(tmp_path, monkeypatch):
    """Checkouts with other curated files share the cache dir: writing one cache removes
    another version's only when it has not been used for STALE_DAYS."""
    gaz = gz.get_gazetteer()
    monkeypatch.setattr(gz, "build", lambda: gaz)
    recent, old = tmp_path / "gazetteer-x-recent.pkl", tmp_path / "gazetteer-x-old.pkl"
    recent.write_bytes(b"other version")
    old.write_bytes(b"older version")
    long_ago = time.time() - (gz.STALE_DAYS + 1) * 86400
    os.utime(old, (long_ago, long_ago))
    gz.load(tmp_path / "gazetteer-x-mine.pkl")
    assert recent.exists() and not old.exists()


def test_dateline_sets_the_scene(run):
    report = run("ATHENS, Ga. — The mayor of Athens said the stadium would reopen on Friday.")
    athens = _by_text(report, "Athens") + _by_text(report, "ATHENS")
    assert athens and {p.country for p in athens} == {"USA"}
    assert all(haversine_km(p.lat, p.lon, 33.96, -83.38) < 50 for p in athens)
    greece = run("ATHENS, Greece — Protesters gathered outside parliament in Athens.")
    assert {p.country for p in _by_text(greece, "Athens")} == {"GRC"}


def test_place_inside_an_organization_name_is_not_a_location(nlp):
    doc = nlp("The Minnesota Department of Transportation closed the bridge.")
    assert "Minnesota" in [p.text for p in doc._.toponyms]
    assert "Minnesota" not in [p.text for p in doc._.places]


def _with_url(nlp, text: str, url: str | None):
    """Run the pipeline on a text whose outlet address is known (doc._.url)."""
    doc = nlp.make_doc(text)
    doc._.url = url
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def test_read_outlet():
    from dateline.places.outlet import read_outlet

    gaz = gz.get_gazetteer()
    town = read_outlet(gaz, "https://www.thespringfieldweeklygazette.com/2020/01/story")
    assert town.towns == ["springfield"] and town.country is None
    assert read_outlet(gaz, "http://news.example.co.uk/a").country == "GBR"
    assert read_outlet(gaz, "www.citypaper.ca").country == "CAN"
    assert read_outlet(gaz, "bigdeal.tv").country is None  # a vanity TLD says nothing
    assert read_outlet(gaz, "example.com").towns == []  # no newspaper-word split
    for bad in (None, "", "not a url at all", "http://", "::::"):
        assert read_outlet(gaz, bad).towns == [] and read_outlet(gaz, bad).country is None


def test_outlet_town_places_local_news(nlp):
    text = "The council in Dublin voted on Tuesday to widen the road near the library."
    local = _with_url(nlp, text, "https://www.columbusdailynews.com/story/1")
    (dublin,) = [p for p in local._.places if p.text == "Dublin"]
    assert dublin.country == "USA" and haversine_km(dublin.lat, dublin.lon, 40.1, -83.1) < 30
    (bare,) = [p for p in _with_url(nlp, text, None)._.places if p.text == "Dublin"]
    assert bare.country == "IRL"


def test_outlet_country_domain(nlp):
    text = "A new bridge will open in London next spring, the mayor said."
    (london,) = [p for p in _with_url(nlp, text, "http://www.example.ca/a")._.places]
    assert london.country == "CAN"
    (bare,) = [p for p in _with_url(nlp, text, None)._.places]
    assert bare.country == "GBR"


def test_famous_name_supports_its_small_neighbours():
    """Paris (famous) and Henry County: the Tennessee county is supported by Paris, TN."""
    from dateline.places.resolve import _support

    gaz = gz.get_gazetteer()
    names = [gaz.lookup("Paris"), gaz.lookup("Henry County")]
    support = _support(gaz, names)
    tn = [e for e, _ in names[1] if gaz.admin1_of(e) == "TN"]
    assert tn and support.get(tn[0], 0) >= 1
    # two famous names give each other nothing (London and Paris both have Ontario namesakes)
    assert not _support(gaz, [gaz.lookup("Paris"), gaz.lookup("London")])
    # ... nor does a famous name support a town: Edmonton, London, is no reason for Brent, London
    brent = [e for e, _ in gaz.lookup("Brent") if gaz.country_of(e) == "GBR"]
    assert brent and not _support(gaz, [gaz.lookup("Edmonton"), gaz.lookup("Brent")]).get(brent[0])


def test_outlet_hometown_named_in_the_text_supports_its_neighbours():
    """"Paris" in a paper whose address names Paris is the paper's town, no chance namesake of
    a famous city: it supports the towns around it like any small town's name."""
    from dateline.places.resolve import _support

    gaz = gz.get_gazetteer()
    names = [gaz.lookup("Paris"), gaz.lookup("Reno")]
    reno_tx = [e for e, _ in names[1] if gaz.admin1_of(e) == "TX" and gaz.country_of(e) == "USA"
               and haversine_km(float(gaz.lat[e]), float(gaz.lon[e]), 33.66, -95.56) < 20]
    assert reno_tx and not _support(gaz, names).get(reno_tx[0])
    assert _support(gaz, names, hometowns=frozenset({0})).get(reno_tx[0], 0) >= 1


def test_abbreviated_names_take_their_full_form():
    """"St. Petersburg" is also GeoNames' "Saint Petersburg" (only an alternate name there)."""
    from dateline.places.resolve import _candidates

    gaz = gz.get_gazetteer()
    for text in ("St. Petersburg", "ST. PETERSBURG"):
        cands = dict(_candidates(gaz, text))
        russia = [e for e in cands if gaz.country_of(e) == "RUS"]
        assert russia and max(cands[e] for e in russia) == gz.PRIMARY
    assert len(_candidates(gaz, "Mt. Pleasant")) > len(gaz.lookup("Mt. Pleasant"))
    assert _candidates(gaz, "St.") == gaz.lookup("St.")  # a lone abbreviation is not expanded


def test_abbreviated_name_in_context(run):
    report = run("Protesters marched in St. Petersburg and Moscow, Russian police said.")
    spb = _by_text(report, "St. Petersburg")
    assert spb and spb[0].country == "RUS"


def test_listed_counties_are_counties(run):
    report = run("Voters in Dakota and Washington counties, Minnesota, went to the polls.")
    dakota, washington = _by_text(report, "Dakota"), _by_text(report, "Washington")
    assert dakota and dakota[0].name == "Dakota County" and dakota[0].feature == "region"
    assert washington and washington[0].name == "Washington County"
    assert all(haversine_km(p.lat, p.lon, 44.9, -93.0) < 100 for p in dakota + washington)


def test_county_sizes_do_not_outweigh_context(run):
    """Harris County, Texas, is 30 times Harris County, Georgia (by ZIP codes), but next to
    Columbus the Georgia one is meant."""
    report = run("Deputies from Columbus and Harris County searched the creek on Tuesday.")
    harris = _by_text(report, "Harris County")
    assert harris and haversine_km(harris[0].lat, harris[0].lon, 32.7, -84.85) < 50
    from dateline.places.resolve import Resolution, _Context, _explicit

    gaz = gz.get_gazetteer()
    ctx = _Context(gaz)  # a county name is no evidence of its biggest bearer's state
    _explicit(gaz, [Resolution(Mention(0, 13, "Harris County", 0, 2, "ner"), None,
                               gaz.lookup("Harris County"))], ctx)
    assert not ctx.admin1 and not ctx.countries


def test_demonyms_from_the_shared_table(nlp, run):
    """One demonym table for actors and places: a country's own name used as a modifier ("US")
    is a nationality to the actors but stays a place here; other demonyms are not places."""
    from dateline.places.detect import demonyms, detect
    from dateline.tables import LOCAL, NAME
    from dateline.tables import demonyms as shared

    dem = demonyms()
    kinds = {(d.form, d.kind) for d in shared()}
    assert ("US", NAME) in kinds and "us" not in dem and "uk" not in dem
    assert ("Texan", LOCAL) in kinds and dem["texan"] == "USA"
    assert dem["afghans"] == "AFG" and dem["north korean"] == "PRK"
    report = run("US troops left Kabul, and Afghans and Texan volunteers met them in the US.")
    texts = {p.text for p in report.places}
    assert "Kabul" in texts and not texts & {"Afghans", "Texan"}
    doc = nlp("Officials said the US would send aid to Kabul.")
    doc.ents = []  # found by the gazetteer scan alone, "US" is not dropped as a demonym
    assert [m.text for m in detect(doc, gz.get_gazetteer())] == ["US", "Kabul"]


def test_geo_errors_buckets(benchmark):
    """benchmarks/geo_errors.py puts each resolution error in one bucket."""
    from dateline.places.resolve import Resolution

    bucket = benchmark("geo_errors").bucket
    gaz = gz.get_gazetteer()
    cands = gaz.lookup("Paris")

    def town(country, admin1=None):
        return max((e for e, _ in cands if gaz.feature_of(e) == "city"
                    and gaz.country_of(e) == country
                    and (admin1 is None or gaz.admin1_of(e) == admin1)),
                   key=lambda e: int(gaz.population[e]))

    mention = Mention(0, 5, "Paris", 0, 1, "ner")
    france, texas = town("FRA"), town("USA", "TX")
    assert bucket(gaz, Resolution(mention, france, cands), 48.85, 2.35) is None
    assert bucket(gaz, Resolution(mention, texas, cands), 48.85, 2.35) == (
        "wrong namesake, other country")
    assert bucket(gaz, Resolution(mention, texas, cands), 36.30, -88.33) == (
        "wrong namesake, same country (US)")
    assert bucket(gaz, Resolution(mention, None, cands), 48.85, 2.35) == "rejected"
    assert bucket(gaz, Resolution(mention, None, []), 48.85, 2.35) == "unknown name"
    assert bucket(gaz, Resolution(mention, france, cands), -40.0, 170.0) == "missing entry"


def test_geo_errors_names_a_missing_corpus(benchmark, monkeypatch, tmp_path):
    missing = tmp_path / "nope.xml"
    monkeypatch.setattr("sys.argv", ["geo_errors.py", str(missing)])
    with pytest.raises(SystemExit, match="nope.xml: no such corpus file"):
        benchmark("geo_errors").main()
