"""The typed records of a Dateline report: one schema for the CLI, the store, the API and exports.

Every record that comes from text carries character offsets into the article text (after the
date header is removed), so that ``article[start:end] == text`` and any fact can be traced back
to the characters it came from. Field names follow the report contract in DESIGN.md; fields may
be added, never renamed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Offsets:
    """A character range of the article text."""

    start: int
    end: int


@dataclass(slots=True)
class TextSpan:
    """A character range with the text it covers."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Document:
    """One input article, before or after processing."""

    id: str
    text: str
    dct: str | None = None  # document creation time, YYYY-MM-DD
    source: str | None = None  # outlet or feed name
    url: str | None = None
    title: str | None = None
    origin: str | None = None  # where it was read from: path, path:line, WARC record, ...
    external_id: str | None = None  # the input's own id (a JSONL ``id``), kept as given

    @property
    def chars(self) -> int:
        return len(self.text)


@dataclass(slots=True)
class Entity:
    """A within-document actor: all mentions of one person, organization, place or group."""

    id: str
    text: str  # canonical name
    label: str  # PERSON / ORG / GPE / NORP / LOC / FAC / EVENT / ...
    aliases: list[str] = field(default_factory=list)
    expansion: str | None = None  # for acronyms
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # PLOVER sector code: MIL, GOV, CVL, MED, JRN, IGO, ...
    mentions: list[Offsets] = field(default_factory=list)
    role: str | None = None  # from apposition: "a spokesman for the UN command"
    affiliation: str | None = None  # entity id of the organization the role is for
    sector2: str | None = None  # a second PLOVER sector: UN Command is IGO and MIL
    head: str | None = None  # a NOMINAL entity's actor noun: "soldier" for "North Korean soldiers"


@dataclass(slots=True)
class Timex:
    """A TIMEX3 time expression normalized against the document date."""

    text: str
    start: int
    end: int
    type: str  # DATE / TIME / DURATION / SET
    value: str  # TIMEX3 value, e.g. 2017-11-22, P30Y, PRESENT_REF, XXXX-11
    mod: str | None = None  # APPROX / MORE_THAN / START / ...
    quant: str | None = None  # for SETs: EVERY, EACH, ...
    freq: str | None = None  # for SETs


@dataclass(slots=True)
class Quantity:
    """A count or measure with its qualifier and canonical unit."""

    text: str
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"  # exact/approx/at_least/at_most/more_than/less_than/range
    unit: str | None = None  # canonical unit (m, kg, USD) or the counted noun lemma
    si_value: float | None = None  # value in SI base units, for measures
    kind: str | None = None  # count / length / mass / currency / ...
    alternative: TextSpan | None = None  # a parenthetical conversion: "(10.6 inches)"
    source_unit: str | None = None  # the unit as written, when `unit` is its SI form: "cm"


@dataclass(slots=True)
class Place:
    """A toponym resolved (or not) against the gazetteer."""

    text: str
    start: int
    end: int
    name: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None  # city / country / region / site
    geonameid: int | None = None
    admin1: str | None = None  # GeoNames first-level division code, "KR.11", "US.CA"
    why: str | None = None  # the evidence the resolution won on (population, context, ...)


@dataclass(slots=True)
class EventTime:
    """When an event happened, as precisely as the text allows and no more."""

    value: str | None = None  # TIMEX3 value when the text gives one
    earliest: str | None = None  # YYYY-MM-DD bounds
    latest: str | None = None
    precision: str | None = None  # day / month / year / unknown
    basis: str = "unknown"  # text / dct-bound / unknown


@dataclass(slots=True)
class Event:
    """A PLOVER-coded who-did-what-to-whom record."""

    id: str
    type: str  # PLOVER event type
    trigger: TextSpan
    sentence: Offsets
    mode: str | None = None
    actor: str | None = None  # entity id
    target: str | None = None  # entity id
    actor_text: str | None = None
    target_text: str | None = None
    place: int | None = None  # index into Report.places
    time: EventTime = field(default_factory=EventTime)
    quantities: list[int] = field(default_factory=list)  # indices into Report.quantities
    source: str | None = None  # entity id of whoever the text attributes the event to
    negated: bool = False
    modality: str = "asserted"  # asserted / reported / hypothetical
    source_text: str | None = None  # whoever the text attributes it to, as written
    generic: bool = False  # habitual or past-unspecific: "has previously accused"
    quad_class: int | None = None  # PLOVER quad: 1 verbal coop ... 4 material conflict
    score: float | None = None  # PLOVER conflict-cooperation score of type:mode
    cameo: str | None = None  # CAMEO root code
    acled_type: str | None = None  # ACLED event type, where one applies
    acled_subtype: str | None = None
    instruments: list[TextSpan] = field(default_factory=list)  # weapons: "AK rifles"
    actor_mention: TextSpan | None = None  # where actor_text is in the article
    target_mention: TextSpan | None = None
    co_actors: list[TextSpan] = field(default_factory=list)  # coordinated: "X and Y attacked"
    co_targets: list[TextSpan] = field(default_factory=list)  # "killed X and Y"
    theme: TextSpan | None = None  # what is asked, refused, agreed or given: "a meeting"
    same_as: str | None = None  # id of the article's earlier event this one tells again
    claimed: bool = False  # its actor claims it: "claimed responsibility for the attack"
    demanded: bool = False  # the text demands it: "Libya must hand over the suspects"
    place_basis: str | None = None  # how found: clause / sentence / incident / reference / dateline


@dataclass(slots=True)
class Quote:
    """A direct quotation and who said it."""

    text: str
    start: int
    end: int
    speaker: str | None = None  # entity id
    speaker_text: str | None = None
    cue: TextSpan | None = None  # the speech verb or phrase that attributes it
    speaker_mention: TextSpan | None = None  # where the speaker is named (or the pronoun)


@dataclass(slots=True)
class Attribution:
    """A stretch of text the document attributes to someone: "X said ...", "according to X"."""

    start: int  # the attributed content (a clause or a quotation)
    end: int
    cue: TextSpan  # the speech verb or phrase: "said", "told reporters", "according to"
    speaker: str | None = None  # entity id
    speaker_text: str | None = None
    speaker_mention: TextSpan | None = None  # where the speaker is named (or the pronoun)
    kind: str = "reported"  # reported (a clause under a cue) / quote (a direct quotation)
    denied: bool = False  # the speaker rejects the content: "X denied that ..."


@dataclass(slots=True)
class RoleMention:
    """A participant of a violent incident the article reports, found by a trained tagger.

    Roles as MUC-4 defines them: who did it (a person or group, or an organization), whom it
    hit (victim) or what (target: buildings, vehicles, installations), and with what (weapon).
    """

    role: str  # perpetrator / perpetrator_org / victim / target / weapon
    text: str
    start: int
    end: int
    event: str | None = None  # id of the violent event in the same sentence, if there is one


@dataclass(slots=True)
class Report:
    """Everything Dateline extracted from one document."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    incident_roles: list[RoleMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report contract: plain JSON-ready data."""
        doc = self.document
        out: dict[str, Any] = {
            "document": {
                "id": doc.id,
                "dct": doc.dct,
                "source": doc.source,
                "url": doc.url,
                "title": doc.title,
                "chars": doc.chars,
                "origin": doc.origin,
                "external_id": doc.external_id,
            }
        }
        for name in RECORD_KINDS:
            out[name] = [dataclasses.asdict(r) for r in getattr(self, name)]
        return out


#: The list-valued parts of a report, in pipeline order; also the store's table names.
RECORD_KINDS: tuple[str, ...] = (
    "entities",
    "timexes",
    "quantities",
    "places",
    "events",
    "quotes",
    "attributions",
    "incident_roles",
)


@dataclass(slots=True)
class Rejection:
    """An input that could not become a document, and why."""

    origin: str
    reason: str
