"""Toponym resolution: pick the gazetteer entry each mention names, from its population and kind
and from the document's context — its dateline ("SEOUL, South Korea —"), the countries it names
(places, nationality groups), the countries and US states most of its names could lie in, a
containing place right after a comma ("Paris, Texas"), the clustering of its small places
(Paris and Henry County, Tennessee), the outlet's address when the Doc carries one
(``doc._.url``: "lfpress.ca" is Canadian, "theparisnews.com" is in some Paris), lists of
counties ("Dakota and Washington counties"), nearness to the places already resolved, and the
other US states and countries it names (a state's name among them is the state, not a
village; a country's among countries, the country). A bare wire dateline ("WASHINGTON —",
``dateline_cities.tsv``) is the city the wires mean, not a namesake in the story's state.
Mentions of the same name in a document name the same place. A name the gazetteer does not
know, or knows only as a bad guess, stays unresolved: so does one matched only through an
alternate spelling, in a country the document gives no sign of, with nothing near it ("Kalari"
in a story from Nigeria is not Cagliari). Each resolution keeps the evidence it won on
(``Resolution.why``, shown to users as ``Place.why``) so that a reader can check it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc

from dateline.doc_text import doc_text
from dateline.places.detect import Mention, demonyms
from dateline.places.gazetteer import CITY, COUNTRY, PRIMARY, REGION, Gazetteer, norm
from dateline.places.outlet import read_outlet
from dateline.tables import read_table

#: the evidence an entry's score adds up, each with its weight in ``resources/places/weights.tsv``
#: (log10 population is the base score, weight 1): see that table for what each one means
EVIDENCE: tuple[str, ...] = (
    "population", "alternate", "country_feature", "region_feature", "doc_country",
    "implied_country", "voted_country", "doc_admin1", "peer_state", "peer_country", "container",
    "near", "support", "outer", "foreign_alternate",
)
NEAR_KM = 250.0
MAX_SUPPORT = 3
SUPPORT_KM = 60.0
SUPPORT_CANDIDATES = 25  # most populous local candidates per name taking part
OUTLET_SUPPORT = 3  # support from the outlet's own town counts as that many names
SUPPORT_MAX_TOP = 500_000  # names with a candidate this large give no support
COUNTY_POP_SCALE = 0.5
COUNTY_POP_PIVOT = 5.0
LOCAL_SUFFIXES = (" County", " Parish", " Borough")
CONTAINER_KM = 600.0  # a region contains what lies this close to its point
MIN_SCORE = 2.0  # below this, a guess is more likely wrong than right

@dataclass(slots=True)
class Resolution:
    """The chosen entry of a mention (None: unresolved)."""

    mention: Mention
    entry: int | None = None
    candidates: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""  # the name's lookup key: mentions with one key name one place
    why: str | None = None  # the evidence the chosen entry won on

    def __post_init__(self) -> None:
        self.key = self.key or norm(self.mention.text)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, str]:
    """Leading abbreviation, lower case ("st.") -> full word ("Saint")."""
    return {row[0].lower(): row[1] for row in read_table("places", "abbreviations.tsv")}


@lru_cache(maxsize=1)
def _dateline_cities() -> dict[str, str]:
    """Name key of a city a dateline names alone ("washington") -> its state or country."""
    return {norm(row[0]): row[1] for row in read_table("places", "dateline_cities.tsv")}


def _dateline_containers(gaz: Gazetteer, key: str) -> list[int]:
    """The state or country a bare dateline city lies in ("WASHINGTON —": the District of
    Columbia), as container entries; none for other names."""
    outer = _dateline_cities().get(key)
    if outer is None:
        return []
    return [e for e, kind in gaz.lookup(outer)
            if kind == PRIMARY and int(gaz.feature[e]) in (COUNTRY, REGION)]


def _variants(text: str) -> list[str]:
    """Spellings to try when the name as written is unknown."""
    out = [text]
    if text.lower().startswith("the "):
        out.append(text[4:])
    if text.endswith("'s") or text.endswith("’s"):
        out.append(text[:-2])
    for kind, part in _fallbacks():
        if kind == "drop_suffix" and text.endswith(part) and len(text) > len(part):
            out.append(text[:-len(part)])
        elif kind == "drop_prefix" and text.startswith(part) and len(text) > len(part):
            out.append(text[len(part):])
        elif kind == "add_suffix" and " " not in text:
            out.append(text + part)
    return out


@lru_cache(maxsize=1)
def _fallbacks() -> list[tuple[str, str]]:
    """(kind, text) rules for other spellings of unknown names (resources/places/fallbacks.tsv;
    their leading and trailing spaces matter)."""
    return [(row[0], row[1]) for row in read_table("places", "fallbacks.tsv") if row[0] != "plural"]


@lru_cache(maxsize=1)
def _plural_lists() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern for "Dakota, Douglas and Washington counties" and plural word -> suffix."""
    rows = read_table("places", "fallbacks.tsv")
    plurals = {row[1]: row[2] for row in rows if row[0] == "plural"}
    name = r"[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*"
    sep = r"(?:, (?:and |or )?| (?:and|or) )"
    words = "|".join(map(re.escape, plurals))
    return re.compile(rf"(?:{name}{sep})+{name} ({words})\b"), plurals


def _listed_units(text: str) -> list[tuple[int, int, str]]:
    """(start, end, suffix) of lists of names followed by a plural unit word ("counties")."""
    pattern, plurals = _plural_lists()
    return [(m.start(), m.start(1), plurals[m.group(1)]) for m in pattern.finditer(text)]


def _resolution(gaz: Gazetteer, mention: Mention,
                units: list[tuple[int, int, str]]) -> Resolution:
    """A mention with its candidates: those of "X County" for an X in a list of counties."""
    for start, end, suffix in units:
        if start <= mention.start and mention.end <= end:
            found = gaz.lookup(mention.text + suffix)
            if found:
                return Resolution(mention, None, found, norm(mention.text + suffix))
    return Resolution(mention, None, _candidates(gaz, mention.text))


def _expanded(text: str) -> str | None:
    """"Mt. Pleasant" -> "Mount Pleasant"; None without a leading abbreviation."""
    head, _, rest = text.partition(" ")
    full = _abbreviations().get(head.lower())
    return f"{full} {rest}" if full and rest else None


def _candidates(gaz: Gazetteer, text: str) -> list[tuple[int, int]]:
    """Entries of the first spelling that has any; an abbreviated name ("St. Petersburg")
    also takes those of its full form, each with the better of its two match kinds (GeoNames
    files Saint Petersburg, Russia under "St. Petersburg" only as an alternate name)."""
    for variant in _variants(text):
        found = gaz.lookup(variant)
        full = _expanded(variant)
        if full:
            kinds = dict(gaz.lookup(full))
            for entry, kind in found:
                kinds[entry] = max(kind, kinds.get(entry, kind))
            found = list(kinds.items())
        if found:
            return found
    return []


class _Context:
    """What the document says about where it is."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.countries: Counter[str] = Counter()  # named: countries, regions, groups, outlet
        self.implied: Counter[str] = Counter()  # only of towns and counties resolved
        self.admin1: Counter[str] = Counter()  # US state -> evidence
        self.anchors: list[tuple[float, float]] = []
        self.voted: set[str] = set()
        self.support: dict[int, int] = {}
        self.outer: set[int] = set()  # region/country candidates of names in container position
        self.states: set[int] = set()  # US states the document's other names resolved to
        self.nations: set[int] = set()  # countries the document's other names resolved to

    def copy_without_anchors(self) -> _Context:
        """The same country and state evidence, no anchors."""
        other = _Context(self.gaz)
        other.countries = Counter(self.countries)
        other.implied = Counter(self.implied)
        other.admin1 = Counter(self.admin1)
        other.voted = set(self.voted)
        other.support = self.support
        other.outer = self.outer
        other.states = set(self.states)
        other.nations = set(self.nations)
        return other

    def vote(self, names: list[list[tuple[int, int]]]) -> None:
        """Countries and US states that most of the document's distinct names could be in:
        local news rarely names its own country, but its towns all have candidates there."""
        gaz = self.gaz
        countries: Counter[str] = Counter()
        states: Counter[str] = Counter()
        voters: Counter[str] = Counter()
        for cands in names:
            primaries = [e for e, k in cands if k == PRIMARY]
            countries.update({gaz.country_of(e) for e in primaries} - {None})
            in_states = {gaz.admin1_of(e) for e in primaries
                         if gaz.country_of(e) == "USA"} - {None}
            voters.update(in_states)
            for state in in_states:  # a name found in k states gives each 1/k of a vote
                states[state] += 1 / len(in_states)
        known = sum(1 for cands in names if cands)
        need = max(2, math.ceil(0.6 * known))
        self.voted = {c for c, n in countries.items() if n >= need}
        top = states.most_common(2)
        if (top and top[0][1] >= 1 and voters[top[0][0]] >= 2
                and (len(top) == 1 or top[0][1] >= 1.5 * top[1][1])):
            self.admin1[top[0][0]] += 1

    def add_entry(self, entry: int, weight: int = 1) -> None:
        gaz = self.gaz
        country = gaz.country_of(entry)
        if country:
            (self.implied if _is_local(gaz, entry) else self.countries)[country] += weight
        if int(gaz.feature[entry]) == COUNTRY:
            self.nations.add(entry)
        if country == "USA" and int(gaz.feature[entry]) == REGION and gaz.admin1_of(entry):
            self.admin1[gaz.admin1_of(entry)] += weight
            if _is_state(gaz, entry):
                self.states.add(entry)

    def near(self, entry: int) -> bool:
        lat, lon = float(self.gaz.lat[entry]), float(self.gaz.lon[entry])
        return any(haversine_km(lat, lon, a, b) <= NEAR_KM for a, b in self.anchors)


def _contains(gaz: Gazetteer, outer: int, inner: int) -> bool:
    """Does `outer` (a country or region) contain `inner`?"""
    if outer == inner:
        return False
    feature = int(gaz.feature[outer])
    if feature == COUNTRY:
        return gaz.country_of(outer) == gaz.country_of(inner)
    if feature != REGION or gaz.country_of(outer) not in (None, gaz.country_of(inner)):
        return False
    a1 = gaz.admin1_of(outer)
    if gaz.country_of(outer) == "USA" and a1 and len(a1) == 2:
        return gaz.admin1_of(inner) == a1 and int(gaz.population[inner]) <= int(
            gaz.population[outer])
    dist = haversine_km(float(gaz.lat[outer]), float(gaz.lon[outer]),
                        float(gaz.lat[inner]), float(gaz.lon[inner]))
    return dist <= CONTAINER_KM


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """Weight of each kind of evidence (resources/places/weights.tsv)."""
    table = {row[0]: float(row[1]) for row in read_table("places", "weights.tsv")}
    missing = set(EVIDENCE) - set(table)
    if missing:
        raise ValueError(f"places/weights.tsv: no weight for {', '.join(sorted(missing))}")
    return table


@lru_cache(maxsize=1)
def _weight_vector() -> tuple[float, ...]:
    return tuple(weights()[k] for k in EVIDENCE)


def evidence(gaz: Gazetteer, entry: int, kind: int, ctx: _Context, containers: list[int],
             words: list[str] | None = None) -> tuple[float, ...]:
    """What speaks for (or against) the entry, as values in EVIDENCE order (absent: 0); with
    `words`, the same for a reader is appended there."""
    pop = int(gaz.population[entry])
    size = math.log10(pop + 10)
    if _is_county(gaz, entry):
        size = COUNTY_POP_PIVOT + COUNTY_POP_SCALE * (size - COUNTY_POP_PIVOT)
    feature = int(gaz.feature[entry])
    country = gaz.country_of(entry)
    admin1 = gaz.admin1_of(entry) or ""
    in_country = bool(country and ctx.countries[country])
    implied = not in_country and bool(country and ctx.implied[country])
    voted = not in_country and country in ctx.voted
    in_state = country == "USA" and bool(ctx.admin1[admin1])
    peers = (kind == PRIMARY and bool(ctx.states) and _is_state(gaz, entry)
             and (len(ctx.states) > 1 or entry not in ctx.states))
    container = next((c for c in containers if _contains(gaz, c, entry)), None)
    contained = container is not None
    nations = (kind == PRIMARY and feature == COUNTRY and bool(ctx.nations)
               and (len(ctx.nations) > 1 or entry not in ctx.nations))
    near = bool(ctx.anchors) and ctx.near(entry)
    support = ctx.support.get(entry, 0)
    outer = entry in ctx.outer
    # a name matched only by an alternate spelling, in a country the document gives no sign
    # of ("Kalari" in a story from Nigeria is not Cagliari), with nothing near it in the text
    foreign = (kind != PRIMARY
               and not (in_country or implied or voted or contained or near or support or outer)
               and bool(ctx.countries or ctx.implied))
    if words is not None:
        words.append(f"population {pop:,}")
        words.extend(reason for held, reason in (
            (kind != PRIMARY, "alternate name"),
            (in_country, f"country {country} in the text, outlet or dateline"),
            (implied, f"country {country} of the text's other places"),
            (voted, f"most names could lie in {country}"),
            (in_state, f"state {admin1} in the text"),
            (peers, "other states named"),
            (nations, "other countries named"),
            (contained, f"in {gaz.names[container or 0]}"),
            (near, "near the text's other places"),
            (support, f"near {support} other name{'s' if support > 1 else ''}"),
            (outer, "after a place and a comma"),
        ) if held)
    return (size, kind != PRIMARY, feature == COUNTRY, feature == REGION, in_country, implied,
            voted, in_state, peers, nations, contained, near, support, outer, foreign)


def _score(gaz: Gazetteer, entry: int, kind: int, ctx: _Context, containers: list[int],
           why: list[str] | None = None) -> float:
    """The entry's score: its evidence, weighted; with `why`, the evidence in words is
    appended there too."""
    values = evidence(gaz, entry, kind, ctx, containers, why)
    return sum(w * v for w, v in zip(_weight_vector(), values, strict=True) if v)


def _best(gaz: Gazetteer, cands: list[tuple[int, int]], ctx: _Context,
          containers: list[int]) -> tuple[int | None, float]:
    best, best_score = None, -math.inf
    for entry, kind in cands:
        s = _score(gaz, entry, kind, ctx, containers)
        if s > best_score:
            best, best_score = entry, s
    return best, best_score


def _is_state(gaz: Gazetteer, entry: int) -> bool:
    """A US state (or DC, or a territory): a curated region with a postal code, no county."""
    return (int(gaz.feature[entry]) == REGION and gaz.country_of(entry) == "USA"
            and len(gaz.admin1_of(entry) or "") == 2 and not _is_county(gaz, entry))


def _is_county(gaz: Gazetteer, entry: int) -> bool:
    """Counties, parishes, boroughs: their population is estimated from ZIP codes, and a
    county name has no famous bearer, only namesakes."""
    return int(gaz.feature[entry]) == REGION and gaz.names[entry].endswith(LOCAL_SUFFIXES)


def _is_local(gaz: Gazetteer, entry: int) -> bool:
    """Towns and counties: points that say where nearby names are (a country's does not)."""
    feature = int(gaz.feature[entry])
    return feature == CITY or _is_county(gaz, entry)


def _support(gaz: Gazetteer, names: list[list[tuple[int, int]]],
             local_from: int | None = None,
             hometowns: frozenset[int] = frozenset()) -> dict[int, int]:
    """For each local candidate, how many other names of the document have a local candidate
    within SUPPORT_KM: a text's small places tend to lie near each other (Paris and Henry
    County, Tennessee), so this picks the cluster out of many same-named towns. A name with a
    famous bearer ("Paris", "Edmonton") supports only the counties of names without one: a
    county named next to a town is often the town's own, while the namesake towns of a famous
    name cluster with other towns by chance (Edmonton and Brent are both London boroughs).
    Names from `local_from` on (the outlet's towns) always give, and count OUTLET_SUPPORT
    times: a local paper's town is not a chance namesake; nor is it when the text names it
    (`hometowns`: "Athens" in athensreview.com gives like any small town's name)."""
    entries: list[int] = []
    owners: list[int] = []
    givers: list[bool] = []
    for k, cands in enumerate(names):
        famous = max((int(gaz.population[e]) for e, _ in cands if not _is_county(gaz, e)),
                     default=0) >= SUPPORT_MAX_TOP
        famous &= (local_from is None or k < local_from) and k not in hometowns
        local = [e for e, kind in cands if kind == PRIMARY and _is_local(gaz, e)]
        local.sort(key=lambda e: -int(gaz.population[e]))
        local = local[:SUPPORT_CANDIDATES]
        entries.extend(local)
        owners.extend([k] * len(local))
        givers.extend([not famous] * len(local))
    if len(set(owners)) < 2:
        return {}
    outlet_at = len(names) if local_from is None else local_from
    idx = np.array(entries)
    lat = np.radians(gaz.lat[idx].astype(np.float64))
    lon = np.radians(gaz.lon[idx].astype(np.float64))
    dlat = lat[:, None] - lat[None, :]
    dlon = lon[:, None] - lon[None, :]
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin(dlon / 2) ** 2
    close = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1))) <= SUPPORT_KM
    giver = np.array(givers)
    county = np.array([_is_county(gaz, e) for e in entries])
    close &= giver[None, :] | giver[:, None] & county[:, None]
    own = np.array(owners)
    support: dict[int, int] = {}
    for i, entry in enumerate(entries):
        near_owners = np.unique(own[close[i]])
        near_owners = near_owners[near_owners != own[i]]
        count = len(near_owners) + (OUTLET_SUPPORT - 1) * int(np.sum(near_owners >= outlet_at))
        if count:
            support[entry] = min(MAX_SUPPORT, max(support.get(entry, 0), count))
    return support


def _entity_context(doc: Doc, ctx: _Context) -> None:
    """Countries of groups named by nationality ("North Korean soldiers"): from the actors
    component when it gave them, else from demonyms. Other actors' countries are not used: for
    people and places they are the actors component's own guess from the same place names."""
    groups = [e.country for e in doc._.entities or () if e.label == "NORP" and e.country]
    if groups:
        ctx.countries.update(groups)
        return
    dem = demonyms()
    for ent in doc.ents:
        if ent.label_ == "NORP" and ent.text.lower() in dem:
            ctx.countries[dem[ent.text.lower()]] += 1


def _next_mention(text: str, mentions: list[Mention], i: int) -> int | None:
    """Index of the mention right after `i` when only a comma (or parenthesis) parts them."""
    if i + 1 >= len(mentions):
        return None
    cur, nxt = mentions[i], mentions[i + 1]
    between = text[cur.end:nxt.start]
    return i + 1 if between.strip() in (",", "(") else None


def _explicit(gaz: Gazetteer, res: list[Resolution], ctx: _Context) -> None:
    """Names that are countries or unambiguous regions set the document's countries."""
    for r in res:
        primaries = [e for e, k in r.candidates if k == PRIMARY]
        if not primaries:
            continue
        top = max(primaries, key=lambda e: int(gaz.population[e]))
        rivals = [int(gaz.population[e]) for e in primaries if e != top]
        if int(gaz.feature[top]) != CITY and not _is_county(gaz, top) and all(
                10 * p <= int(gaz.population[top])
                                                 for p in rivals):
            ctx.add_entry(top)


def _containers(gaz: Gazetteer, text: str, res: list[Resolution],
                ctx: _Context) -> dict[str, list[int]]:
    """For "X, Y" where Y can be a country or region: name key of X -> Y's candidates."""
    mentions = [r.mention for r in res]
    containers: dict[str, list[int]] = {}
    for i, r in enumerate(res):
        j = _next_mention(text, mentions, i)
        if j is None:
            continue
        outer = [e for e, _ in res[j].candidates if int(gaz.feature[e]) in (COUNTRY, REGION)]
        containers.setdefault(r.key, []).extend(outer)
        ctx.outer.update(outer)
    return containers


def _anchor(gaz: Gazetteer, ctx: _Context, entry: int, weight: int = 1) -> None:
    """Record a resolved entry as evidence: its country, and its point if it is a town or
    county."""
    ctx.add_entry(entry, weight)
    if _is_local(gaz, entry):
        ctx.anchors.append((float(gaz.lat[entry]), float(gaz.lon[entry])))


def _chosen(gaz: Gazetteer, cands: list[tuple[int, int]], ctx: _Context,
            containers: list[int]) -> int | None:
    entry, score = _best(gaz, cands, ctx, containers)
    return entry if entry is not None and score >= MIN_SCORE else None


def _why(gaz: Gazetteer, entry: int, cands: list[tuple[int, int]], ctx: _Context,
         containers: list[int], rivals: int) -> str:
    """What the chosen entry won on, for a reader to check: "population 2,138,551; country
    FRA in the text, outlet or dateline; 3 other candidates"."""
    why: list[str] = []
    _score(gaz, entry, dict(cands)[entry], ctx, containers, why)
    if rivals:
        why.append(f"{rivals} other candidate{'s' if rivals > 1 else ''}")
    return "; ".join(why)


#: what a final choice was made from: (name key, candidates, context, containers)
Trace = list[tuple[str, list[tuple[int, int]], _Context, list[int]]]


def resolve(doc: Doc, mentions: list[Mention], gaz: Gazetteer,
            trace: Trace | None = None) -> list[Resolution]:
    """Resolve every mention; same name, same place within a document. With `trace`, each
    name's final choice is recorded there with what it was made from (to learn the weights of
    the evidence: training/train_place_weights.py)."""
    ctx = _Context(gaz)
    _entity_context(doc, ctx)
    units = _listed_units(doc_text(doc)) if mentions else []
    res = [_resolution(gaz, m, units) for m in mentions]
    by_key = {r.key: r.candidates for r in res}
    outlet = read_outlet(gaz, doc._.url or doc._.source)
    if outlet.country:
        ctx.countries[outlet.country] += 1
    # the outlet's towns take part in the votes and the clustering as unseen names
    names = list(by_key.values()) + [gaz.lookup(t) for t in outlet.towns if t not in by_key]
    ctx.vote(names)
    towns = {norm(t) for t in outlet.towns}
    ctx.support = _support(gaz, names, len(by_key),
                           frozenset(k for k, key in enumerate(by_key) if key in towns))
    base = ctx.copy_without_anchors()  # evidence that does not come from the names themselves
    own = base.copy_without_anchors()  # ... nor from the dateline (for the dateline's own name)
    _explicit(gaz, res, ctx)
    containers = _containers(gaz, doc_text(doc), res, ctx)
    dateline = next((r for r in res if r.mention.source == "dateline"), None)
    if dateline is not None:
        key = dateline.key
        if not containers.get(key):
            containers[key] = _dateline_containers(gaz, key)
        entry, _ = _best(gaz, dateline.candidates, ctx, containers.get(key, []))
        if entry is not None and int(gaz.feature[entry]) == CITY:
            _anchor(gaz, ctx, entry, 2)
            _anchor(gaz, base, entry, 2)
    # Pass 1: each distinct name once, most confident first, each anchoring the next.
    order = sorted(by_key, key=lambda k: -_best(gaz, by_key[k], ctx, containers.get(k, []))[1])
    first: dict[str, int | None] = {}
    for key in order:
        first[key] = _chosen(gaz, by_key[key], ctx, containers.get(key, []))
        if first[key] is not None:
            _anchor(gaz, ctx, first[key])
    # Pass 2: each name again, against where all the others ended up ("Edmonton" next to
    # "Cairns" is the Queensland one, though pass 1 placed it in Canada).
    chosen: dict[str, int | None] = {}
    whys: dict[str, str] = {}
    for key in by_key:
        start = own if dateline is not None and key == dateline.key else base
        ctx2 = start.copy_without_anchors()
        ctx2.anchors = list(start.anchors)
        for other, entry in first.items():
            if other != key and entry is not None:
                _anchor(gaz, ctx2, entry)
        chosen[key] = _chosen(gaz, by_key[key], ctx2, containers.get(key, []))
        if trace is not None:
            trace.append((key, by_key[key], ctx2, containers.get(key, [])))
        if chosen[key] is not None:
            whys[key] = _why(gaz, chosen[key], by_key[key], ctx2, containers.get(key, []),
                             len({e for e, _ in by_key[key]}) - 1)
    for r in res:
        r.entry = chosen.get(r.key)
        r.why = whys.get(r.key)
        if r.why and r.mention.source == "dateline":
            r.why = "dateline; " + r.why
    return res
