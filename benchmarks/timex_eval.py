"""TempEval-3 Task A (TIMEX3) scores of the timex component on a directory of ``.tml`` files.

    python benchmarks/timex_eval.py [DIR] [--errors [N]]

Extraction: strict (same character span) and relaxed (any overlap) precision/recall/F1. Attributes
as the TE3 toolkit computes them: accuracy of ``value`` / ``type`` over the relaxed matches,
times relaxed F1. Each document runs once through the full pipeline (``nlp.pipe``), anchored on
its DCT; the speed line times the timex component alone. ``--errors`` prints every value/type
mismatch (document, DCT, gold and system expression, context) and extraction error, then the
mismatches grouped into categories with counts. The last line is the headline.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from timeml_corpus import parsed, read_corpus

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "timeml" / "tbaq"
CONTEXT = 60


@dataclass(slots=True)
class Mismatch:
    """A relaxed match whose value or type differs from gold (``kind`` VAL), or an extraction
    error (``FP``, ``FN``, ``SPAN``)."""

    kind: str
    doc_id: str
    dct: str | None
    gold: object | None  # Timex
    system: object | None  # Timex
    context: str

    def line(self) -> str:
        def show(t: object | None) -> str:
            return f"{t.text!r} {t.type} {t.value}" if t is not None else "-"

        return (
            f"{self.kind:4} {self.doc_id} dct={self.dct}  gold {show(self.gold)}  "
            f"sys {show(self.system)}  | {self.context}"
        )


def _prf(tp_p: int, n_sys: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_sys if n_sys else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument(
        "--errors",
        type=int,
        nargs="?",
        const=-1,
        default=0,
        help="print errors (all, or the first N) and the mismatch categories",
    )
    args = parser.parse_args(argv)

    from dateline.pipeline import get_nlp

    tmls = read_corpus(args.data)
    if not tmls:
        return 1
    nlp = get_nlp()
    timex_pipe = nlp.get_pipe("dateline_timex")
    timex_seconds = 0.0
    words = 0
    counts = Counter()
    errors: list[Mismatch] = []
    for tml, doc in parsed(nlp, tmls):
        t0 = time.perf_counter()
        doc = timex_pipe(doc)
        timex_seconds += time.perf_counter() - t0
        words += sum(1 for t in doc if not t.is_space)
        score_document(tml, doc._.timexes, counts, errors)
    if args.errors:
        report_errors(errors, None if args.errors < 0 else args.errors)
    print(f"files {len(tmls)}  gold {counts['gold']}  system {counts['sys']}")
    print_scores(counts, timex_seconds, len(tmls), words)
    return 0


def print_scores(counts: Counter, seconds: float, n_files: int, words: int) -> None:
    """The score lines; the last one is the headline."""
    strict = _prf(counts["strict"], counts["sys"], counts["strict"], counts["gold"])
    relaxed = _prf(counts["rel_sys"], counts["sys"], counts["rel_gold"], counts["gold"])
    matched = counts["matched"] or 1
    value_f1 = counts["value"] / matched * relaxed[2]
    type_f1 = counts["type"] / matched * relaxed[2]
    print("strict   P {:.2f}  R {:.2f}  F1 {:.2f}".format(*(100 * x for x in strict)))
    print("relaxed  P {:.2f}  R {:.2f}  F1 {:.2f}".format(*(100 * x for x in relaxed)))
    print(
        f"value accuracy {100 * counts['value'] / matched:.2f}  "
        f"type accuracy {100 * counts['type'] / matched:.2f}  (over {counts['matched']} matches)"
    )
    per_doc = 1000 * seconds / max(n_files, 1)
    per_600 = 1000 * seconds / max(words, 1) * 600
    print(f"speed timex {per_doc:.2f} ms/doc, {per_600:.2f} ms per 600 words")
    print(
        f"strict F1 {100 * strict[2]:.2f} relaxed F1 {100 * relaxed[2]:.2f} "
        f"value F1 {100 * value_f1:.2f} type F1 {100 * type_f1:.2f}"
    )


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT) : start]
    right = text[end : end + CONTEXT]
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def score_document(tml: object, system: list, counts: Counter, errors: list[Mismatch]) -> None:
    """Add one document's matches to the running counts and its errors to ``errors``."""
    gold, text, doc_id = tml.timexes, tml.document.text, tml.document.id

    def err(kind: str, g: object | None, s: object | None) -> None:
        ref = g if g is not None else s
        errors.append(Mismatch(kind, doc_id, tml.dct, g, s, _context(text, ref.start, ref.end)))

    counts["gold"] += len(gold)
    counts["sys"] += len(system)
    spans = {(g.start, g.end) for g in gold}
    counts["strict"] += sum(1 for s in system if (s.start, s.end) in spans)
    for s in system:
        if any(g.start < s.end and s.start < g.end for g in gold):
            counts["rel_sys"] += 1
        else:
            err("FP", None, s)
    for g in gold:
        match = next((s for s in system if s.start < g.end and g.start < s.end), None)
        if match is None:
            err("FN", g, None)
            continue
        counts["rel_gold"] += 1
        counts["matched"] += 1
        counts["value"] += match.value == g.value
        counts["type"] += match.type == g.type
        if match.value != g.value or match.type != g.type:
            err("VAL", g, match)
        elif (match.start, match.end) != (g.start, g.end):
            err("SPAN", g, match)


_GRAINS = (
    (r"(PRESENT|PAST|FUTURE)_REF", "ref"),
    (r"P.*", "duration"),
    (r"XXXX-WXX-\d.*|XXXX-XX-XX.*", "set-like"),
    (r"[\dX]{4}-[\dX]{2}-[\dX]{2}T\d.*", "clock"),
    (r"[\dX]{4}-[\dX]{2}-[\dX]{2}T[A-Z]{2}", "part of day"),
    (r"[\dX]{4}-[\dX]{2}-[\dX]{2}", "day"),
    (r"[\dX]{4}-W[\dX]{1,2}(-WE)?", "week"),
    (r"[\dX]{4}-[\dX]{2}", "month"),
    (r"[\dX]{4}-(Q[\dX]|H\d)", "quarter/half"),
    (r"[\dX]{4}-(SP|SU|FA|WI)", "season"),
    (r"\d{4}", "year"),
    (r"\d{3}X?", "decade"),
    (r"\d{2}(XX)?", "century"),
)


def _grain(value: str) -> str:
    return next((name for pattern, name in _GRAINS if re.fullmatch(pattern, value)), "other")


_FAMILIES = (
    (r"(?i).*\b(mon|tues|wednes|thurs|fri|satur|sun)day", "weekday"),
    (r"(?i).*\b(quarter|half|period)\b.*", "quarter"),
    (r"(?i).*\b(ago|earlier|later|before|after)\b.*", "'ago'/'earlier'"),
    (r"(?i).*\bweek(end)?\b.*", "week"),
    (r"(?i).*\byear\b.*", "year word"),
    (r"(?i).*\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b.*", "month name"),
)


def _family(text: str) -> str:
    return next((name for pattern, name in _FAMILIES if re.fullmatch(pattern, text)), "")


def category(e: Mismatch) -> str:
    """A coarse label for a value/type mismatch, so that errors can be counted by kind."""
    g, s = e.gold, e.system
    if g.value == s.value:
        return f"type only: gold {g.type}, system {s.type}"
    extent = "" if (g.start, g.end) == (s.start, s.end) else " (other extent)"
    gg, sg = _grain(g.value), _grain(s.value)
    family = _family(g.text)
    family = f" [{family}]" if family else ""
    if "X" in g.value and (
        re.sub(r"-?X+", "", g.value) == s.value
        or re.fullmatch(re.escape(g.value).replace("X", r"\d"), s.value)
    ):
        return f"gold X placeholder where system has {sg}{extent}"
    if re.sub(r"W0", "W", s.value) == g.value or g.value.rstrip("X") == s.value.rstrip("X"):
        return "notation (W7 / W07, 199 / 199X, T17 / T17:00)"
    if gg != sg:
        return f"granularity: gold {gg}, system {sg}{family}{extent}"
    return f"different {gg}{family}{extent}"


def report_errors(errors: list[Mismatch], limit: int | None) -> None:
    """Print the errors, then the value/type mismatches counted by category."""
    for e in errors[:limit]:
        print(e.line())
    groups = Counter(category(e) for e in errors if e.kind == "VAL")
    print(f"value/type mismatches {sum(groups.values())} by category:")
    for label, n in groups.most_common():
        print(f"  {n:4d}  {label}")
    kinds = Counter(e.kind for e in errors)
    print("extraction errors: " + ", ".join(f"{k} {kinds[k]}" for k in ("FP", "FN", "SPAN")))


if __name__ == "__main__":
    raise SystemExit(main())
