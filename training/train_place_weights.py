"""Learn the weights of the evidence place resolution adds up, from one geoparsing corpus.

Usage: python training/train_place_weights.py [CORPUS] [--out FILE] [--l2 X]

CORPUS is an LGL/TR-News or GeoVirus XML file (benchmarks/geo_eval.py reads both); default the
LGL copy under ../shared/data/geo, so that TR-News and GeoVirus stay unseen test sets. Every
article is parsed and resolved as the places component does it, recording each name's final
choice with its candidates and context (``resolve(..., trace=...)``). For each gold toponym
with coordinates that was detected and has a candidate within 161 km of the gold point, the
candidates' evidence (``dateline.places.resolve.evidence``) is one training group: a
conditional logit (softmax over the group's candidates) is fitted so that the candidates near
the gold point score highest, with an L2 pull towards the current weights (the hand-set rules
are the prior). The weights are then scaled so that log10 population keeps weight 1, which keeps
``MIN_SCORE`` in the same units, and written to src/dateline/resources/places/weights.tsv (or
--out) with a header saying how they were made. Contexts come from a run with the current
weights, so a second run after the first can move them a little more.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from geo_eval import BATCH, read_corpus  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "data" / "geo" / "LGL" / "lgl.xml"
OUT = ROOT / "src" / "dateline" / "resources" / "places" / "weights.tsv"
NEAR_KM = 161.0
STEPS = 3000
RATE = 0.05


def groups(path: Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """(evidence of each candidate, which are near the gold point) per usable gold toponym."""
    from dateline.pipeline import build_nlp
    from dateline.places.detect import detect
    from dateline.places.gazetteer import get_gazetteer
    from dateline.places.resolve import Trace, evidence, haversine_km, resolve

    gaz = get_gazetteer()
    nlp = build_nlp()
    keep = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner",
            "dateline_actors"}
    nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in keep])
    articles = read_corpus(path)
    out = []
    for art, doc in zip(articles, nlp.pipe((a.text for a in articles), batch_size=BATCH),
                        strict=True):
        doc._.url = art.url
        trace: Trace = []
        keys = {(r.mention.start, r.mention.end): r.key
                for r in resolve(doc, detect(doc, gaz), gaz, trace)}
        final = {key: (cands, ctx, containers) for key, cands, ctx, containers in trace}
        for g in art.gold:
            key = keys.get((g.start, g.end))
            if key is None or g.lat is None or key not in final:
                continue
            cands, ctx, containers = final[key]
            near = np.array([haversine_km(g.lat, g.lon, float(gaz.lat[e]), float(gaz.lon[e]))
                             <= NEAR_KM for e, _ in cands])
            if near.any() and not near.all():
                x = np.array([evidence(gaz, e, kind, ctx, containers) for e, kind in cands],
                             dtype=np.float64)
                out.append((x, near))
    return out


def fit(data: list[tuple[np.ndarray, np.ndarray]], prior: np.ndarray, l2: float) -> np.ndarray:
    """Weights maximising the log-probability of the near candidates (softmax per group),
    minus l2 * |w - prior|^2 per group, by Adam on the full batch."""
    width = max(len(x) for x, _ in data)
    n, k = len(data), prior.size
    x = np.zeros((n, width, k))
    pos = np.zeros((n, width), dtype=bool)
    mask = np.zeros((n, width), dtype=bool)
    for i, (xi, near) in enumerate(data):
        x[i, :len(xi)] = xi
        pos[i, :len(xi)] = near
        mask[i, :len(xi)] = True
    w = prior.copy()
    m = np.zeros(k)
    v = np.zeros(k)
    for step in range(1, STEPS + 1):
        s = np.where(mask, x @ w, -np.inf)
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        q = np.where(pos, p, 0.0)
        q /= q.sum(axis=1, keepdims=True)
        # gradient of the mean negative log-likelihood: E_p[x] - E_q[x]
        grad = ((p - q)[:, :, None] * x).sum(axis=1).mean(axis=0) + 2 * l2 * (w - prior)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def accuracy(data: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    """Share of groups whose best-scoring candidate is near the gold point."""
    return sum(bool(near[int(np.argmax(x @ w))]) for x, near in data) / max(1, len(data))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--l2", type=float, default=0.001, help="pull towards the current weights")
    args = ap.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"train_place_weights: {args.corpus}: no such corpus file")

    from dateline.places.resolve import EVIDENCE, weights

    prior = np.array([weights()[k] for k in EVIDENCE])
    data = groups(args.corpus)
    w = fit(data, prior, args.l2)
    w /= w[EVIDENCE.index("population")]
    print(f"{len(data)} groups from {args.corpus.name}; training accuracy of the best candidate: "
          f"rules {accuracy(data, prior):.3f}, learned {accuracy(data, w):.3f}")
    notes = {}
    for line in OUT.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if not line.startswith("#") and len(cells) == 3:
            notes[cells[0]] = cells[2]
    lines = [
        "# Weights of the evidence a candidate place's score adds up "
        "(dateline.places.resolve.evidence).",
        "# The score is log10 of the population (counties' compressed) plus these; the best "
        "candidate",
        "# wins if its score reaches MIN_SCORE. Values of 0/1 unless said.",
        f"# Learned by training/train_place_weights.py from {args.corpus.name} "
        f"({dt.date.today().isoformat()}, {len(data)} toponyms,",
        f"# l2 {args.l2} towards the hand-set weights); the other corpora stay unseen.",
        "# evidence\tweight\twhat it is",
    ]
    lines += [f"{k}\t{v:.3f}\t{notes.get(k, '')}" for k, v in zip(EVIDENCE, w, strict=True)]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for k, a, b in zip(EVIDENCE, prior, w, strict=True):
        print(f"  {k:18} {a:7.3f} -> {b:7.3f}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
