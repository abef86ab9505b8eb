"""How many of the differences a reader found in a multi-outlet set the story report shows.

Usage: python benchmarks/story_discrepancies.py [DEV_DIR]
(default ../shared/data/stories/dev: ``articles.jsonl`` with a gold ``story`` field, and
``DISCREPANCIES.md`` with one table per story, one row per fact, each value a backticked verbatim
quote followed by the ids of the articles it is quoted from in square brackets).

Articles are grouped by their gold ``story`` (distractors, story "none", are left out), so this
measures the report, not the grouping. A table row counts as *shown* when one fact of the story's
report holds claims matching at least two of the row's quotes: a claim matches a quote when it
comes from one of the quote's articles and its text lies inside the quote (case and spacing
aside). Rows quoting fewer than two values can never count; they stay in the total. For the
shown rows whose Kind names one of the report's kinds (conflict, update, agree; rounding and
"same, other words" as compatible) it also prints how often the report's kind is the same.
The last line is the headline: ``discrepancies shown: N/M``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "stories" / "dev"
_QUOTE = re.compile(r"`([^`]+)`\s*((?:\[[^\]]*\]\s*)?)")


@dataclass(slots=True)
class Quote:
    text: str
    ids: frozenset[str]


@dataclass(slots=True)
class Row:
    story: str
    fact: str
    kind: str
    quotes: list[Quote]


def parse_discrepancies(text: str) -> list[Row]:
    """The fact rows of every story table (the distractor and date-trap sections are not)."""
    rows, story = [], None
    for line in text.splitlines():
        head = re.match(r"^## ([a-z0-9-]+): ", line)
        if head:
            story = head.group(1)
            continue
        if line.startswith("## "):
            story = None
        if story is None or not line.startswith("|") or line.startswith(("| Fact", "|---")):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            continue
        quotes = []
        for m in _QUOTE.finditer(cells[1]):
            ids = frozenset(re.findall(r"[a-z0-9][a-z0-9-]*", m.group(2)))
            quotes.append(Quote(m.group(1), ids))
        rows.append(Row(story, cells[0].strip("*"), cells[-1], quotes))
    return rows


#: the reader's kinds (DISCREPANCIES.md) in the report's four, by the first word that says it
GOLD_KINDS = (
    ("conflict", "conflict"), ("update", "update"), ("agree", "agree"),
    ("rounding", "compatible"), ("same", "compatible"), ("spelling", "compatible"),
    ("compatible", "compatible"),
)


def gold_kind(cell: str) -> str | None:
    """The report kind a row's Kind cell names first, or None (attributed, vague, ...)."""
    low = cell.lower()
    found = [(low.find(word), kind) for word, kind in GOLD_KINDS if word in low]
    return min(found)[1] if found else None


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def shown_by(row: Row, facts: list[dict]) -> dict | None:
    """The first fact of the report whose claims match two or more of the row's quotes."""
    for fact in facts:
        matched = {
            n for n, q in enumerate(row.quotes) for c in fact["claims"]
            if c["document"] in q.ids and _norm(c["text"]) and _norm(c["text"]) in _norm(q.text)
        }
        if len(matched) >= 2:
            return fact
    return None


def build_reports(articles: Path) -> dict[str, dict]:
    """Each gold story's report, its documents processed as ``dateline ingest`` would."""
    from dateline.model import Document
    from dateline.pipeline import get_nlp, process
    from dateline.readers import read_inputs
    from dateline.stories import StoryGroup
    from dateline.stories.report import build_story

    gold = {}
    for line in articles.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold[rec["id"]] = rec["story"]
    docs = [d for d in read_inputs([articles]) if isinstance(d, Document)]
    for n, d in enumerate(docs):
        d.id = f"d{n}"
    by_story: dict[str, list] = defaultdict(list)
    for report in process(docs, nlp=get_nlp()):
        story = gold.get(report.document.external_id or "", "none")
        if story != "none":
            by_story[story].append(report)
    out = {}
    for story, reports in by_story.items():
        reports.sort(key=lambda r: (r.document.dct is None, r.document.dct or "", r.document.id))
        group = StoryGroup(story, [r.document.id for r in reports])
        out[story] = build_story(group, reports)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", nargs="?", type=Path, default=DEFAULT)
    args = ap.parse_args()
    articles, table = args.dev / "articles.jsonl", args.dev / "DISCREPANCIES.md"
    for path in (articles, table):
        if not path.is_file():
            sys.exit(f"error: {path}: no such file")
    rows = parse_discrepancies(table.read_text(encoding="utf-8"))
    reports = build_reports(articles)
    shown = same_kind = kinded = 0
    for row in rows:
        facts = reports.get(row.story, {}).get("disagreements", [])
        fact = shown_by(row, facts)
        shown += fact is not None
        if fact is not None and gold_kind(row.kind):
            kinded += 1
            same_kind += fact["kind"] == gold_kind(row.kind)
        mark = f"{fact['about']} [{fact['kind']}]" if fact else "-"
        print(f"{row.story:28} {row.fact[:34]:34} {row.kind[:28]:28} -> {mark}")
    kinds = defaultdict(int)
    for story in reports.values():
        for fact in story["disagreements"]:
            kinds[fact["kind"]] += 1
    print("report facts by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"kind as the reader's, of the shown rows that name one: {same_kind}/{kinded}")
    print(f"discrepancies shown: {shown}/{len(rows)}")


if __name__ == "__main__":
    main()
