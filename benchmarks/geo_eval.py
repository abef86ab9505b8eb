"""Geoparsing benchmark: toponym detection P/R/F1 and resolution accuracy on LGL, TR-News, GeoVirus.

    python benchmarks/geo_eval.py [PATH ...] [--limit N] [--errors] [--no-url] [--verbose]

Each PATH is a corpus file in the LGL/TR-News XML format (<article><text>, <toponym> with
<start>/<end>/<phrase>/<gaztag><lat>/<lon>) or the GeoVirus format (<article><text>, <location>
with 1-based <start>/<end>, <lat>/<lon>); default: the three copies under ../shared/data/geo.

Scoring follows Gritta et al. (2018, "What's missing in geographical parsing?"): detection is
exact-span precision/recall/F1 (an overlap-based F1 is printed too); resolution is measured over
the correctly detected toponyms that have gold coordinates: acc@161 is the share resolved within
161 km (100 miles), the median error is in km, and a detected but unresolved toponym counts as an
error of 20,038 km (half the equator). LGL and TR-News also annotate demonyms ("Turkish") as
toponyms; Dateline does not count demonyms as places, so detection is also reported against the
gold without them ("no-demonym"). Metonymic uses ("Seoul said") are toponyms in all three golds,
so the system side is ``doc._.toponyms`` (places plus metonymic mentions). An article's
<url>, <domain> or <source> is handed to the places component as ``doc._.url`` (the outlet is
evidence of where local news is); ``--no-url`` withholds it. ``--errors`` lists every
resolution error (article index, outlet, mention, chosen place, distance, gold point).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "geo"
DEFAULTS = [DATA / "LGL" / "lgl.xml", DATA / "TR-News" / "TR-News.xml",
            DATA / "GeoVirus" / "GeoVirus.xml"]
MAX_ERROR_KM = 20038.0
BATCH = 16


@dataclass(slots=True)
class Gold:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class Article:
    text: str
    gold: list[Gold]
    url: str | None = None


def _float(node: ET.Element | None, tag: str) -> float | None:
    value = node.findtext(tag) if node is not None else None
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int] | None:
    """Offsets that index `phrase`; TR-News has some shifted by a few characters."""
    if text[start:end] == phrase:
        return start, end
    best = None
    for m in re.finditer(re.escape(phrase), text[max(0, start - 12):end + 12]):
        s = max(0, start - 12) + m.start()
        if best is None or abs(s - start) < abs(best - start):
            best = s
    return (best, best + len(phrase)) if best is not None else None


def read_corpus(path: Path) -> list[Article]:
    """Articles with gold toponyms (offsets fixed to index the text), from either format."""
    root = ET.parse(path).getroot()
    articles = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = []
        if art.find("toponyms") is not None:
            for t in art.iter("toponym"):
                phrase = (t.findtext("phrase") or "").strip()
                span = _realign(text, int(t.findtext("start")), int(t.findtext("end")), phrase)
                if span:
                    g = t.find("gaztag")
                    gold.append(Gold(*span, phrase, _float(g, "lat"), _float(g, "lon")))
        else:
            for loc in art.iter("location"):
                phrase = (loc.findtext("name") or "").strip()
                start, end = int(loc.findtext("start")) - 1, int(loc.findtext("end")) - 1
                span = _realign(text, start, end, phrase)
                if span:
                    gold.append(Gold(*span, phrase, _float(loc, "lat"), _float(loc, "lon")))
        url = next((v.strip() for tag in ("url", "domain", "source")
                    if (v := art.findtext(tag)) and v.strip()), None)
        articles.append(Article(text, gold, url))
    return articles


def _is_demonym(phrase: str, dem: dict[str, str]) -> bool:
    """"Turkish", "Russians": a gold toponym that names people or a language, not a place."""
    low = phrase.lower()
    return low in dem or low.endswith("s") and low[:-1] in dem


def _prf(tp: int, n_sys: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_sys if n_sys else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(path: Path, nlp, limit: int | None, verbose: bool, errors_only: bool = False,
             use_url: bool = True) -> dict[str, float]:
    from dateline.places.detect import demonyms
    from dateline.places.resolve import haversine_km

    articles = read_corpus(path)[:limit]
    dem = demonyms()
    n_gold = n_gold_nd = n_sys = tp = tp_nd = overlap_tp = 0
    errors: list[float] = []
    places_s = 0.0
    component = nlp.get_pipe("dateline_places")
    docs = nlp.pipe((a.text for a in articles), batch_size=BATCH)
    for i, (art, doc) in enumerate(zip(articles, docs, strict=True)):
        doc._.url = art.url if use_url else None
        t = time.perf_counter()
        component(doc)
        places_s += time.perf_counter() - t
        system = {(p.start, p.end): p for p in doc._.toponyms}
        n_sys += len(system)
        gold_spans = {(g.start, g.end) for g in art.gold}
        n_gold += len(art.gold)
        for g in art.gold:
            demonym = _is_demonym(g.phrase, dem)
            n_gold_nd += not demonym
            if any(s < g.end and g.start < e for s, e in system):
                overlap_tp += 1
            p = system.get((g.start, g.end))
            if p is None:
                if verbose and not demonym:
                    print(f"  MISS {g.phrase!r}", file=sys.stderr)
                continue
            tp += 1
            tp_nd += not demonym
            if g.lat is None:
                continue
            err = MAX_ERROR_KM if p.lat is None else haversine_km(g.lat, g.lon, p.lat, p.lon)
            errors.append(err)
            if (verbose or errors_only) and err > 161:
                print(f"  WRONG [{i} {art.url or '-'}] {g.phrase!r} -> {p.name} {p.country} "
                      f"{p.feature} ({err:.0f} km; gold {g.lat:.2f},{g.lon:.2f})", file=sys.stderr)
        if verbose:
            for (s, e), p in system.items():
                if (s, e) not in gold_spans:
                    print(f"  FP {p.text!r} -> {p.name} {p.country}", file=sys.stderr)
    p, r, f = _prf(tp, n_sys, n_gold)
    # without demonym gold, system spans that matched a demonym would be neither TP nor FP
    p2, r2, f2 = _prf(tp_nd, n_sys - (tp - tp_nd), n_gold_nd)
    _, _, fo = _prf(overlap_tp, n_sys, n_gold)
    return {
        "docs": len(articles), "gold": n_gold, "sys": n_sys, "P": p, "R": r, "F1": f,
        "P_nd": p2, "R_nd": r2, "F1_nd": f2, "F1_overlap": fo,
        "resolved": len(errors),
        "acc161": sum(e <= 161 for e in errors) / len(errors) if errors else 0.0,
        "median_km": statistics.median(errors) if errors else 0.0,
        "ms_per_doc": 1000 * places_s / max(1, len(articles)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=DEFAULTS)
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each corpus")
    ap.add_argument("--verbose", action="store_true", help="print misses and errors to stderr")
    ap.add_argument("--errors", action="store_true", help="print resolution errors to stderr")
    ap.add_argument("--no-url", action="store_true", help="do not give the articles' URLs")
    args = ap.parse_args()

    import resource

    from dateline.pipeline import build_nlp
    from dateline.places.gazetteer import get_gazetteer

    t = time.perf_counter()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    get_gazetteer()
    load_s = time.perf_counter() - t
    rss_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
    print(f"gazetteer load {load_s:.2f} s, +{rss_mb:.0f} MB RSS")
    nlp = build_nlp()
    # The places component runs by hand (timed); components after it are not needed here.
    keep = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
            "dateline_actors"}
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in keep])
    results = {}
    for path in args.paths:
        r = evaluate(path, nlp, args.limit, args.verbose, args.errors, not args.no_url)
        results[path.stem] = r
        print(f"{path.stem}: docs {r['docs']} gold {r['gold']} sys {r['sys']} | detection "
              f"P {r['P']:.3f} R {r['R']:.3f} F1 {r['F1']:.3f} (no-demonym P {r['P_nd']:.3f} "
              f"R {r['R_nd']:.3f} F1 {r['F1_nd']:.3f}; overlap F1 {r['F1_overlap']:.3f}) | "
              f"resolution n {r['resolved']} acc@161 {r['acc161']:.3f} "
              f"median {r['median_km']:.1f} km | places {r['ms_per_doc']:.2f} ms/doc")
    print("HEADLINE " + "; ".join(
        f"{k}: acc@161 {r['acc161']:.3f}, F1 {r['F1']:.3f} (no-demonym {r['F1_nd']:.3f})"
        for k, r in results.items()))


if __name__ == "__main__":
    main()
