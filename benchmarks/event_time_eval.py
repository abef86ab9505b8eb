"""Event time against TimeML gold: does an event get the date its text gives it, and bounds that
agree with what the gold says of it and the document date?

    python benchmarks/event_time_eval.py [DIR] [--errors [N]]

DIR holds TimeML ``.tml`` files with EVENT, MAKEINSTANCE and TLINK elements (TimeBank, AQUAINT,
TempEval-3; default: ../shared/data/timeml/tbaq). Every gold event instance is dated by
``dateline.time.anchoring.event_time``, the rule the events component applies to its triggers,
at the event's token, on the pipeline's parse and Dateline's own time expressions (so a value
Dateline normalizes wrongly counts against it). ``happened`` is what the gold says: no modality,
positive polarity.

Gold is the event-time TLINKs, read from the event's side:
- **anchoring**: an event IS_INCLUDED in, SIMULTANEOUS with or DURING a DATE/TIME expression of
  the text has that date. Recall: the share of such events whose time comes from the text
  (``basis: text``) and covers the same days as one of those expressions. Precision: of the
  events given a date from the text (a ``value``; a bound such as "since 1980" or "by the
  charge" claims no date) that the gold includes in some time (the DCT too), the share whose
  days equal one such time's.
- **agreement**: every link whose time has calendar bounds is checked against the event's
  ``earliest``/``latest`` (day precision): an event BEFORE a time must not start after it,
  AFTER must not end before it, IS_INCLUDED/DURING/SIMULTANEOUS must lie within it, INCLUDES
  must overlap it. A link is *agreed* when the bounds imply it, *contradicted* when they exclude
  it, *open* when the bounds say nothing either way (no bound on that side). Links to the DCT
  are also counted apart: they are what the tense rule (``dct-bound``) decides.

``--errors`` prints each missed or wrong anchoring and each contradicted link with its context.
The last line is the headline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from timeml_corpus import parsed, read_corpus

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "timeml" / "tbaq"
CONTEXT = 60
INCLUDED = frozenset({"IS_INCLUDED", "SIMULTANEOUS", "DURING", "IDENTITY"})
Days = tuple[dt.date, dt.date]


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def agreement(rel: str, event: tuple[dt.date | None, dt.date | None], time: Days) -> str | None:
    """'agreed', 'contradicted' or 'open' for one link; None for a relation not judged."""
    lo, hi = event
    first, last = time
    if rel in ("BEFORE", "IBEFORE"):
        if lo is not None and lo > last:
            return "contradicted"
        return "agreed" if hi is not None and hi <= last else "open"
    if rel in ("AFTER", "IAFTER"):
        if hi is not None and hi < first:
            return "contradicted"
        return "agreed" if lo is not None and lo >= first else "open"
    if rel in INCLUDED:
        if (lo is not None and lo > last) or (hi is not None and hi < first):
            return "contradicted"
        inside = lo is not None and hi is not None and first <= lo and hi <= last
        return "agreed" if inside else "open"
    if rel == "INCLUDES":
        if (lo is not None and lo > last) or (hi is not None and hi < first):
            return "contradicted"
        overlaps = lo is not None and hi is not None and lo <= last and hi >= first
        return "agreed" if overlaps else "open"
    return None


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT) : start]
    return " ".join(f"{left}[[{text[start:end]}]]{text[end : end + CONTEXT]}".split())


def score_document(tml, doc, counts: Counter, errors: list[str]) -> None:
    """Add one document's anchorings and link agreements to ``counts``."""
    from dateline.time.anchoring import event_time
    from dateline.time.values import value_bounds

    text = tml.document.text
    times: dict[str, tuple[Days, object]] = {}
    for tid, timex in zip(tml.timex_ids, tml.timexes, strict=True):
        bounds = value_bounds(timex.value) if timex.type in ("DATE", "TIME") else None
        if bounds is not None:
            times[tid] = ((bounds[0], bounds[1]), timex)
    if tml.dct and tml.dct_tid:
        dct = dt.date.fromisoformat(tml.dct)
        times[tml.dct_tid] = ((dct, dct), None)
    links: dict[str, list] = {}
    for link in tml.time_links:
        if link.time in times:
            links.setdefault(link.event, []).append(link)
    for event in tml.events:
        span = doc.char_span(event.start, event.end, alignment_mode="expand")
        if span is None or not len(span):
            counts["unaligned"] += 1
            continue
        happened = event.modality is None and event.polarity == "POS"
        found = event_time(doc, span.root, happened)
        bounds = (_day(found.earliest), _day(found.latest))
        where = f"{tml.document.id} {event.text!r} {_context(text, event.start, event.end)}"
        counts["events"] += 1
        counts[f"basis {found.basis}"] += 1
        own = links.get(event.eiid, [])
        gold_days = [times[link.time][0] for link in own if link.rel in INCLUDED]
        text_days = [
            times[link.time][0]
            for link in own
            if link.rel in INCLUDED and link.time != tml.dct_tid
        ]
        exact = found.basis == "text" and bounds in gold_days
        if text_days:
            counts["gold anchored"] += 1
            counts["anchored right"] += exact
            if not exact:
                got = f"{found.basis} {found.value or ''} {found.earliest}..{found.latest}"
                gold = ", ".join(f"{a}..{b}" for a, b in text_days)
                errors.append(f"ANCHOR gold {gold}  sys {got}  | {where}")
        if found.basis == "text" and found.value is not None and gold_days:  # a date, no edge
            counts["sys anchored judged"] += 1
            counts["sys anchored right"] += exact
        for link in own:
            verdict = agreement(link.rel, bounds, times[link.time][0])
            if verdict is None:
                continue
            scope = "dct" if link.time == tml.dct_tid else "text"
            counts[f"{scope} {verdict}"] += 1
            counts[f"{scope} {link.rel} {verdict}"] += 1
            if verdict == "contradicted":
                timex = times[link.time][1]
                what = "DCT" if timex is None else f"{timex.text!r} {timex.value}"
                got = f"{found.basis} {found.earliest}..{found.latest}"
                errors.append(f"CONTRA {link.rel} {what}  sys {got}  | {where}")


def _pct(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def print_scores(counts: Counter) -> None:
    """The score lines; the last one is the headline."""
    recall = _pct(counts["anchored right"], counts["gold anchored"])
    precision = _pct(counts["sys anchored right"], counts["sys anchored judged"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"events {counts['events']}  (not aligned to a token: {counts['unaligned']})")
    print(
        "basis: "
        + ", ".join(f"{b} {counts[f'basis {b}']}" for b in ("text", "dct-bound", "unknown"))
    )
    print(
        f"anchoring  P {precision:.1f} ({counts['sys anchored right']}/"
        f"{counts['sys anchored judged']})  R {recall:.1f} ({counts['anchored right']}/"
        f"{counts['gold anchored']})  F1 {f1:.1f}"
    )
    for scope in ("dct", "text"):
        total = sum(counts[f"{scope} {v}"] for v in ("agreed", "contradicted", "open"))
        parts = "  ".join(
            f"{v} {_pct(counts[f'{scope} {v}'], total):.1f}%"
            for v in ("agreed", "contradicted", "open")
        )
        print(f"links to {'the DCT' if scope == 'dct' else 'text times'} ({total}): {parts}")
        for rel in ("BEFORE", "AFTER", "IS_INCLUDED", "INCLUDES", "DURING", "SIMULTANEOUS"):
            n = sum(counts[f"{scope} {rel} {v}"] for v in ("agreed", "contradicted", "open"))
            if n:
                print(
                    f"  {rel:12} {n:5d}  agreed {_pct(counts[f'{scope} {rel} agreed'], n):5.1f}%"
                    f"  contradicted {_pct(counts[f'{scope} {rel} contradicted'], n):5.1f}%"
                )
    judged = sum(counts[f"{s} {v}"] for s in ("dct", "text") for v in ("agreed", "contradicted"))
    agreed = counts["dct agreed"] + counts["text agreed"]
    contradicted = counts["dct contradicted"] + counts["text contradicted"]
    total = judged + counts["dct open"] + counts["text open"]
    print(
        f"event time: anchoring F1 {f1:.1f} (P {precision:.1f} R {recall:.1f}); links agreed "
        f"{_pct(agreed, total):.1f}%, contradicted {_pct(contradicted, total):.1f}% of {total}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument(
        "--errors", type=int, nargs="?", const=-1, default=0, help="print errors (all, or N)"
    )
    args = parser.parse_args(argv)

    from dateline.pipeline import get_nlp

    tmls = read_corpus(args.data)
    if not tmls:
        return 1
    if not any(t.time_links for t in tmls):
        print(f"no event-time links (TLINK) in the .tml files under {args.data}", file=sys.stderr)
        return 1
    nlp = get_nlp()
    timex_pipe = nlp.get_pipe("dateline_timex")
    counts: Counter = Counter()
    errors: list[str] = []
    for tml, doc in parsed(nlp, tmls):
        score_document(tml, timex_pipe(doc), counts, errors)
    if args.errors:
        for line in errors[: None if args.errors < 0 else args.errors]:
            print(line)
    print(f"files {len(tmls)}")
    print_scores(counts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
