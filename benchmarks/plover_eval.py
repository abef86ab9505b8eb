"""PLOVER gold-standard records: event type of each sentence from Dateline's events.

Usage: python benchmarks/plover_eval.py [DATA] [--limit N]

DATA is a JSON list of PLOVER records (``text``, ``event``), such as the OEDA gold-standard
records (PLOVER v0.5b1 labels). Default: ../shared/data/events/plover_gsr_cameo/
PLOVER_GSR_CAMEO.json. Gold types with old names are mapped to the current ontology through the
ontology table (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT).
The prediction is the type a coder gives the sentence's main event (dateline.events.select:
main_event, then coded: "will sign" is an AGREE, "refused to" a REJECT), or "none".
Also reported: whether any extracted event has the gold type. Last line: type accuracy.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dateline.events.lexicon import load_lexicon
from dateline.events.select import coded, main_event
from dateline.pipeline import get_nlp
from tally import LabelTally

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (
    ROOT.parent / "shared" / "data" / "events" / "plover_gsr_cameo" / "PLOVER_GSR_CAMEO.json"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N records")
    args = parser.parse_args()
    lex = load_lexicon()
    records = json.loads(args.data.read_text(encoding="utf-8"))
    records = [
        r
        for r in records
        if isinstance(r, dict)
        and r.get("text")
        and (r.get("event"), None) in lex.ontology
        or isinstance(r, dict)
        and r.get("text")
        and r.get("event") in lex.old_names
    ]
    if args.limit:
        records = records[: args.limit]
        print(f"limited to the first {len(records)} records")
    nlp = get_nlp()
    tally = LabelTally()
    anywhere = 0
    for doc, record in zip(nlp.pipe(r["text"] for r in records), records, strict=True):
        gold, _ = lex.normalize(record["event"])
        event = main_event(doc)
        tally.add(gold, coded(event)[0] if event else "none")
        anywhere += any(e.type == gold for e in doc._.events)
    tally.print(width=10)
    correct = tally.correct
    n = len(records)
    print(f"any event of the gold type: {100 * anywhere / n:.1f}")
    print(f"PLOVER gold records type accuracy {100 * correct / n:.1f} ({correct}/{n} records)")


if __name__ == "__main__":
    main()
