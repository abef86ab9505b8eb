"""TempEval-3 Task A (TIMEX3) scores of the timex component on a directory of ``.tml`` files.

    python benchmarks/timex_eval.py [DIR] [--errors N]

Extraction: strict (same character span) and relaxed (any overlap) precision/recall/F1. Attributes
as the TE3 toolkit computes them: accuracy of ``value`` / ``type`` over the relaxed matches,
times relaxed F1. Each document runs once through the full pipeline (``nlp.pipe``), anchored on
its DCT; the speed line times the timex component alone. The last line is the headline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "timeml" / "tbaq"


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors")
    args = parser.parse_args(argv)

    from dateline.pipeline import get_nlp, make_doc
    from dateline.timeml import read_timeml

    files = sorted(args.data.rglob("*.tml")) if args.data.is_dir() else [args.data]
    if not files:
        print(f"no .tml files under {args.data}", file=sys.stderr)
        return 1
    tmls = [read_timeml(f) for f in files]
    nlp = get_nlp()
    timex_pipe = nlp.get_pipe("dateline_timex")
    disabled = [n for n in nlp.pipe_names if n.startswith("dateline_")]
    docs = (make_doc(nlp, t.document) for t in tmls)
    timex_seconds = 0.0
    words = 0
    counts = dict(gold=0, sys=0, strict=0, rel_sys=0, rel_gold=0, value=0, type=0, matched=0)
    errors: list[str] = []
    with nlp.select_pipes(disable=disabled):
        parsed = nlp.pipe(docs, batch_size=16)
        for tml, doc in zip(tmls, parsed, strict=True):
            t0 = time.perf_counter()
            doc = timex_pipe(doc)
            timex_seconds += time.perf_counter() - t0
            words += sum(1 for t in doc if not t.is_space)
            _score(tml.timexes, doc._.timexes, counts, errors, tml.document.id)
    strict = _prf(counts["strict"], counts["sys"], counts["strict"], counts["gold"])
    relaxed = _prf(counts["rel_sys"], counts["sys"], counts["rel_gold"], counts["gold"])
    matched = counts["matched"] or 1
    value_f1 = counts["value"] / matched * relaxed[2]
    type_f1 = counts["type"] / matched * relaxed[2]
    for line in errors[: args.errors]:
        print(line)
    print(f"files {len(files)}  gold {counts['gold']}  system {counts['sys']}")
    print("strict   P {:.2f}  R {:.2f}  F1 {:.2f}".format(*(100 * x for x in strict)))
    print("relaxed  P {:.2f}  R {:.2f}  F1 {:.2f}".format(*(100 * x for x in relaxed)))
    print(
        f"value accuracy {100 * counts['value'] / matched:.2f}  "
        f"type accuracy {100 * counts['type'] / matched:.2f}  (over {counts['matched']} matches)"
    )
    per_doc = 1000 * timex_seconds / len(files)
    per_600 = 1000 * timex_seconds / max(words, 1) * 600
    print(f"speed timex {per_doc:.2f} ms/doc, {per_600:.2f} ms per 600 words")
    print(
        f"strict F1 {100 * strict[2]:.2f} relaxed F1 {100 * relaxed[2]:.2f} "
        f"value F1 {100 * value_f1:.2f} type F1 {100 * type_f1:.2f}"
    )
    return 0


def _score(gold: list, system: list, counts: dict, errors: list[str], doc_id: str) -> None:
    """Add one document's matches to the running counts (and describe its errors)."""
    counts["gold"] += len(gold)
    counts["sys"] += len(system)
    spans = {(g.start, g.end) for g in gold}
    counts["strict"] += sum(1 for s in system if (s.start, s.end) in spans)
    used: set[int] = set()
    for s in system:
        overlapping = [g for g in gold if g.start < s.end and s.start < g.end]
        if overlapping:
            counts["rel_sys"] += 1
        else:
            errors.append(f"FP  {doc_id}  {s.text!r} {s.type} {s.value}")
    for i, g in enumerate(gold):
        match = next((s for s in system if s.start < g.end and g.start < s.end), None)
        if match is None:
            errors.append(f"FN  {doc_id}  {g.text!r} {g.type} {g.value}")
            continue
        counts["rel_gold"] += 1
        if i in used:
            continue
        used.add(i)
        counts["matched"] += 1
        counts["value"] += match.value == g.value
        counts["type"] += match.type == g.type
        if match.value != g.value or match.type != g.type:
            errors.append(
                f"VAL {doc_id}  {g.text!r} {g.type} {g.value}  <-  {match.text!r} "
                f"{match.type} {match.value}"
            )
        elif (match.start, match.end) != (g.start, g.end):
            errors.append(f"SPAN {doc_id}  gold {g.text!r}  sys {match.text!r}")


if __name__ == "__main__":
    raise SystemExit(main())
