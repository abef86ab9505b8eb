"""CASE 2021 task 2: ACLED sub-type of news snippets from Dateline's events.

Usage: python benchmarks/case_eval.py [DATA] [--limit N]

DATA is a TSV with columns id, EventSnippet, SubType (the CASE 2021 task 2 test release with
labels). Default: ../shared/data/events/case2021_task2/test_set_final_release_with_labels.tsv.
Only snippets whose gold label is an ACLED sub-type are scored (ORG_CRIME, NATURAL_DISASTER,
MAN_MADE_DISASTER, DIPLO and ATTRIB are not ACLED's). A snippet's prediction comes from its
events that happened (dateline.events.select.acled_subtype: protest sub-types from what police
or protesters did, then the most frequent specific sub-type, then the most violent event);
"none" when no event has an ACLED sub-type. Last line: accuracy.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from dateline.events.lexicon import load_lexicon
from dateline.events.select import acled_subtype
from dateline.pipeline import get_nlp
from tally import LabelTally

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = (
    ROOT.parent
    / "shared"
    / "data"
    / "events"
    / "case2021_task2"
    / "test_set_final_release_with_labels.tsv"
)
#: CASE 2021 label -> ACLED sub-type name (ACLED codebook, 2019).
CASE_TO_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}


def predict(doc) -> str:
    """The snippet's ACLED sub-type (dateline.events.select.acled_subtype), or "none"."""
    return acled_subtype(doc._.events or [], load_lexicon()) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N snippets")
    args = parser.parse_args()
    with args.data.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t") if r["SubType"] in CASE_TO_ACLED]
    if args.limit:
        rows = rows[: args.limit]
        print(f"limited to the first {len(rows)} ACLED-labelled snippets")
    nlp = get_nlp()
    tally = LabelTally()
    for doc, row in zip(nlp.pipe(r["EventSnippet"] for r in rows), rows, strict=True):
        tally.add(CASE_TO_ACLED[row["SubType"]], predict(doc))
    tally.print(width=40)
    correct = tally.correct
    accuracy = 100 * correct / len(rows) if rows else 0.0
    print(f"CASE 2021 task 2 ACLED sub-type accuracy {accuracy:.1f} ({correct}/{len(rows)})")


if __name__ == "__main__":
    main()
