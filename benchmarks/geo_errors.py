"""Where place resolution goes wrong: every resolution error of geo_eval.py, put in one bucket.

    python benchmarks/geo_errors.py [PATH ...] [--limit N] [--list BUCKET]

PATH as for ``geo_eval.py`` (LGL/TR-News or GeoVirus XML; default: the three copies under
../shared/data/geo). A resolution error is a correctly detected toponym with gold coordinates
that is unresolved or resolved more than 161 km away. Each goes into the first bucket it fits:

- ``unknown name``: the gazetteer has no entry by that name (or its fallback spellings);
- ``rejected``: unresolved although a candidate lies within 161 km of the gold point;
- ``unresolved, no near candidate``: unresolved, and no candidate is near the gold point;
- ``country/region point``: the chosen entry is a country or region and no candidate lies
  within 161 km of the gold point (the gold set places that area elsewhere);
- ``wrong namesake, same country`` / ``wrong namesake, other country``: a candidate within
  161 km was there but another won (``US`` marks those where both are in the United States);
- ``missing entry``: a place was chosen, but no candidate is near the gold point (the
  gazetteer lacks the right place: an admin2 area, a river, a lake, a neighbourhood).

It prints a table of buckets with counts per corpus; ``--list BUCKET`` (a prefix) also prints
that bucket's errors (``--list ''``: all). The last line gives each corpus's errors and its
largest bucket.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from geo_eval import BATCH, DEFAULTS, read_corpus

NEAR_KM = 161.0
BUCKETS = ("unknown name", "rejected", "unresolved, no near candidate", "country/region point",
           "wrong namesake, same country (US)", "wrong namesake, same country (other)",
           "wrong namesake, other country", "missing entry")


def bucket(gaz, res, lat: float, lon: float) -> str | None:
    """The bucket of one resolution (None: within NEAR_KM, no error)."""
    from dateline.places.gazetteer import CITY
    from dateline.places.resolve import haversine_km

    def dist(e: int) -> float:
        return haversine_km(lat, lon, float(gaz.lat[e]), float(gaz.lon[e]))

    near = [e for e, _ in res.candidates if dist(e) <= NEAR_KM]
    if res.entry is not None and dist(res.entry) <= NEAR_KM:
        return None
    if not res.candidates:
        return "unknown name"
    if res.entry is None:
        return "rejected" if near else "unresolved, no near candidate"
    if not near:
        if int(gaz.feature[res.entry]) != CITY:
            return "country/region point"
        return "missing entry"
    right = min(near, key=dist)
    chosen_c, right_c = gaz.country_of(res.entry), gaz.country_of(right)
    if chosen_c != right_c:
        return "wrong namesake, other country"
    return f"wrong namesake, same country ({'US' if chosen_c == 'USA' else 'other'})"


def analyse(path: Path, nlp, limit: int | None, listing: str | None) -> Counter[str]:
    """Bucket counts of one corpus (and the listed bucket's errors on stdout)."""
    from dateline.places.detect import detect
    from dateline.places.gazetteer import get_gazetteer
    from dateline.places.resolve import resolve

    gaz = get_gazetteer()
    articles = read_corpus(path)[:limit]
    counts: Counter[str] = Counter()
    docs = nlp.pipe((a.text for a in articles), batch_size=BATCH)
    for i, (art, doc) in enumerate(zip(articles, docs, strict=True)):
        doc._.url = art.url
        found = {(r.mention.start, r.mention.end): r for r in resolve(doc, detect(doc, gaz), gaz)}
        for g in art.gold:
            r = found.get((g.start, g.end))
            if r is None or g.lat is None:
                continue
            b = bucket(gaz, r, g.lat, g.lon)
            if b is None:
                continue
            counts[b] += 1
            if listing is not None and b.startswith(listing):
                chosen = "-" if r.entry is None else (
                    f"{gaz.names[r.entry]} {gaz.country_of(r.entry)} {gaz.admin1_of(r.entry)}")
                print(f"  {b}: {path.stem}[{i}] {art.url or '-'} {g.phrase!r} -> {chosen} "
                      f"(gold {g.lat:.2f},{g.lon:.2f}; {len(r.candidates)} candidates)")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=DEFAULTS)
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each corpus")
    ap.add_argument("--list", dest="listing", default=None, help="print this bucket's errors")
    args = ap.parse_args()
    for path in args.paths:
        if not path.is_file():
            sys.exit(f"geo_errors: {path}: no such corpus file")

    from dateline.pipeline import build_nlp

    nlp = build_nlp()
    keep = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
            "dateline_actors"}
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in keep])
    table = {path.stem: analyse(path, nlp, args.limit, args.listing) for path in args.paths}
    width = max(map(len, BUCKETS))
    print(f"{'bucket':<{width}} " + " ".join(f"{k:>9}" for k in table))
    for b in BUCKETS:
        print(f"{b:<{width}} " + " ".join(f"{c[b]:>9}" for c in table.values()))
    print(f"{'total':<{width}} " + " ".join(f"{c.total():>9}" for c in table.values()))
    print("HEADLINE " + "; ".join(
        f"{k}: {c.total()} errors, most {c.most_common(1)[0][0] if c else '-'} "
        f"({c.most_common(1)[0][1] if c else 0})" for k, c in table.items()))


if __name__ == "__main__":
    main()
