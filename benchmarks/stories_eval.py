"""Story grouping: quality on the dev set and ECB+, cost per document as the store grows.

    python benchmarks/stories_eval.py [DATA_DIR] [--store-dir DIR] [--regroup] [--skip-cost]

DATA_DIR (default ../shared/data/stories) holds ``dev/articles.jsonl`` (JSONL articles with a
``story`` field; ``none`` marks a distractor, a story of its own) and ``ECBplus/ECB+/*/*.xml``
(ECB+'s tokenised documents; a subtopic, the topic number with ``ecb`` or ``ecbplus``, is one
story; no dates). Either part is skipped when missing (said on stderr), not both. Both go
through Dateline's own ingest (so grouping runs as it does for a user) into stores under
``--store-dir`` (a temporary folder by default); a store already there is reused (ingest
skips what it holds), and ``--regroup`` groups its stored reports anew, for trying settings
without running spaCy again (``--shuffle SEED``: in a random order of arrival).

Scores: pairwise precision/recall/F1 over document pairs put in one story, B-cubed F1 (the mean
per-document precision and recall of its story against its gold story), and for the dev set
whether every distractor is alone. Cost: grouping time per 1,000 new documents at 1k, 10k and
100k stored documents (the stored ones inserted directly as synthetic story rows, 50 documents
a day, 10 a story; the new ones synthetic reports grouped by ``Grouper``), and the share of
ingest time spent grouping during the ingests above.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import logging
import random
import re
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from dateline.ingest import WRITE_BATCH, ingest
from dateline.model import Document, Entity, Report
from dateline.store import Store
from dateline.stories import grouping
from dateline.stories.grouping import Grouper
from dateline.stories.membership import STORY_TABLES, load_groups
from dateline.stories.signature import specificity

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "stories"
SIZES = (1_000, 10_000, 100_000)
NEW_DOCS = 1_000
PER_DAY, PER_STORY = 50, 10
REPEATS = 3


class GroupingClock:
    """Times every ``Grouper.add`` while it is installed (what grouping adds to ingest)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._add = Grouper.add

    def __enter__(self) -> GroupingClock:
        clock, add = self, self._add

        def timed(grouper, reports):
            start = time.perf_counter()
            try:
                return add(grouper, reports)
            finally:
                clock.seconds += time.perf_counter() - start

        Grouper.add = timed
        return self

    def __exit__(self, *exc: object) -> None:
        Grouper.add = self._add


# -- scoring ------------------------------------------------------------------------------------
def pairwise(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of documents put in one story."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_pred, same_gold = pred[a] == pred[b], gold[a] == gold[b]
        tp += same_pred and same_gold
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return _prf(tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998)."""
    p_members: dict[str, set[str]] = {}
    g_members: dict[str, set[str]] = {}
    for doc in gold:
        p_members.setdefault(pred[doc], set()).add(doc)
        g_members.setdefault(gold[doc], set()).add(doc)
    precision = recall = 0.0
    for doc in gold:
        both = len(p_members[pred[doc]] & g_members[gold[doc]])
        precision += both / len(p_members[pred[doc]])
        recall += both / len(g_members[gold[doc]])
    return _prf(precision / len(gold), recall / len(gold))


def _prf(p: float, r: float) -> tuple[float, float, float]:
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


# -- corpora ------------------------------------------------------------------------------------
def ecb_jsonl(folder: Path, out: Path) -> int:
    """Write ECB+'s tokenised documents as JSONL articles (id = file name); returns how many."""
    files = sorted(folder.glob("*/*.xml"), key=lambda p: (int(p.parent.name), p.name))
    with out.open("w", encoding="utf-8") as f:
        for path in files:
            sentences: dict[int, list[str]] = {}
            for token in ET.parse(path).getroot().iter("token"):
                sentences.setdefault(int(token.get("sentence", 0)), []).append(token.text or "")
            text = "\n".join(" ".join(words) for _, words in sorted(sentences.items()))
            f.write(json.dumps({"id": path.stem, "text": detokenize(text)}) + "\n")
    return len(files)


def detokenize(text: str) -> str:
    """Undo the tokeniser's spaces around punctuation and clitics, so the pipeline reads prose."""
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return text.replace("`` ", '"').replace(" ''", '"')


def ecb_story(name: str) -> str:
    """ECB+'s subtopic of a document name: 12_3ecbplus -> 12ecbplus."""
    match = re.fullmatch(r"(\d+)_\d+(ecbplus|ecb)", name)
    if not match:
        raise ValueError(f"{name}: not an ECB+ document name")
    return match.group(1) + match.group(2)


def run_set(
    path: Path, db: Path, regroup: bool, shuffle: int | None = None
) -> tuple[dict[str, str], float, float, int]:
    """Ingest (or reuse) a store; external id -> story, ingest and grouping seconds, docs."""
    with Store(db) as store, GroupingClock() as clock:
        start = time.perf_counter()
        summary = ingest([path], store)
        seconds = time.perf_counter() - start
        if regroup:
            regroup_store(store, shuffle)
        external = dict(store.con.execute("SELECT id, external_id FROM documents").fetchall())
        pred = {external[d]: g.id for g in load_groups(store) for d in g.doc_ids}
    if summary.rejected:
        print(f"{path}: {summary.rejected} rejected", file=sys.stderr)
    return pred, seconds, clock.seconds, summary.stored


def regroup_store(store: Store, shuffle: int | None = None) -> None:
    """Group a store's documents anew, in the order they were stored or, with a seed, in a
    random order (grouping is incremental: the order of arrival may change the stories)."""
    for table in STORY_TABLES:
        store.con.execute(f"DELETE FROM {table}")
    ids = [r[0] for r in store.con.execute(
        "SELECT id FROM documents ORDER BY ingested_at, rowid").fetchall()]
    if shuffle is not None:
        random.Random(shuffle).shuffle(ids)
    grouper = Grouper(store)
    for i in range(0, len(ids), WRITE_BATCH):
        grouper.add(store.load_report(d) for d in ids[i:i + WRITE_BATCH])


# -- cost ---------------------------------------------------------------------------------------
def synthetic_store(size: int) -> tuple[Store, dt.date]:
    """An in-memory store holding ``size`` grouped documents as story rows (no spaCy)."""
    store = Store(":memory:")
    con = store.con
    start = dt.date(2000, 1, 1)
    stories = size // PER_STORY
    con.execute(
        "INSERT INTO stories (id, first_day, last_day, documents, terms, weights, created_at)"
        " SELECT 's' || i, ?::DATE + (i * ? // ?)::INTEGER,"
        " ?::DATE + (i * ? // ?)::INTEGER + 2, ?,"
        " list_transform(range(120), lambda j: 'w' || (i * 120 + j)),"
        " list_transform(range(120), lambda j: 1.0 / 120), now() FROM range(?) t(i)",
        [start, PER_STORY, PER_DAY, start, PER_STORY, PER_DAY, PER_STORY, stories],
    )
    con.execute(
        "INSERT INTO story_documents SELECT 'd' || i, 's' || (i // ?), NULL, 0.5,"
        " ?::DATE + (i // ?)::INTEGER, list_transform(range(64), lambda j: hash(i, j)), now()"
        " FROM range(?) t(i)",
        [PER_STORY, start, PER_DAY, size],
    )
    con.execute(
        "INSERT INTO story_keys SELECT 'w' || ((i // ?) * 120 + j), 's' || (i // ?)"
        " FROM range(?) t(i), range(12) k(j)",
        [PER_STORY, PER_STORY, size],
    )
    con.execute(
        "INSERT INTO story_bands SELECT (hash(i, j) >> 1)::BIGINT, 'd' || i FROM range(?) t(i),"
        " range(16) b(j)",
        [size],
    )
    return store, start + dt.timedelta(days=size // PER_DAY)


def synthetic_reports(n: int, day: dt.date, rng: random.Random) -> list[Report]:
    """New documents about a few new stories, dated after the store's last day."""
    common = [
        "government", "officials", "report", "incident", "published", "rescuers", "police",
        "reached", "area", "where", "people", "gathered", "minister", "statement", "city",
    ]
    reports = []
    for i in range(n):
        story = i // PER_STORY
        names = [f"zorv{story}x{k}" for k in range(6)]
        words = rng.sample(common, 12) + names + [f"qel{rng.randrange(10**6)}" for _ in range(20)]
        rng.shuffle(words)
        text = " ".join(words) + "."
        doc = Document(id=f"new{i}", text=text, dct=(day + dt.timedelta(days=i // PER_DAY))
                       .isoformat())
        entities = [Entity(id=f"e{k}", text=name, label="GPE") for k, name in enumerate(names)]
        reports.append(Report(document=doc, entities=entities))
    return reports


def cost() -> list[float]:
    """Seconds of grouping per 1,000 new documents at each store size: the least of
    ``REPEATS`` runs, each on a fresh store (the machine is shared; the least is the cost)."""
    figures = []
    specificity("warm")  # wordfreq's tables load once per process, not per document
    for size in SIZES:
        runs = []
        for repeat in range(REPEATS):
            store, day = synthetic_store(size)
            reports = synthetic_reports(NEW_DOCS, day, random.Random(repeat))
            store.add_reports(reports)
            grouper = Grouper(store)
            start = time.perf_counter()
            for i in range(0, len(reports), WRITE_BATCH):
                grouper.add(reports[i:i + WRITE_BATCH])
            runs.append((time.perf_counter() - start) * 1000 / NEW_DOCS)
            store.close()
        figures.append(min(runs))
        print(f"cost: {size:>7,} stored documents: {figures[-1]:.2f} s per 1,000 new documents "
              f"(runs: {', '.join(f'{r:.2f}' for r in runs)})")
    return figures


# -- main ---------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--store-dir", type=Path, default=None)
    parser.add_argument("--regroup", action="store_true")
    parser.add_argument("--shuffle", type=int, default=None, metavar="SEED",
                        help="with --regroup: group the documents in a random order")
    parser.add_argument("--skip-cost", action="store_true")
    args = parser.parse_args()
    if args.shuffle is not None and not args.regroup:
        parser.error("--shuffle needs --regroup")
    # every ECB+ document and half the dev set have no date, which the readers warn about
    logging.getLogger("dateline.readers").setLevel(logging.ERROR)
    dev = args.data / "dev" / "articles.jsonl"
    ecb = args.data / "ECBplus" / "ECB+"
    for part in (dev, ecb):
        if not part.exists():
            print(f"{part}: not found, skipped", file=sys.stderr)
    if not dev.exists() and not ecb.exists():
        sys.exit(f"{args.data}: neither dev/articles.jsonl nor ECBplus/ECB+ found")
    stores = args.store_dir or Path(tempfile.mkdtemp(prefix="stories_eval_"))
    stores.mkdir(parents=True, exist_ok=True)
    headline = []
    ingest_s = group_s = 0.0
    stored_n = 0
    if dev.exists():
        rows = [json.loads(line) for line in dev.read_text("utf-8").splitlines() if line.strip()]
        gold = {r["id"]: r["story"] if r["story"] != "none" else f"none:{r['id']}" for r in rows}
        pred, seconds, grouped, stored = run_set(dev, stores / "dev.duckdb", args.regroup,
                                                   args.shuffle)
        ingest_s, group_s, stored_n = ingest_s + seconds, group_s + grouped, stored_n + stored
        p, r, f = pairwise(pred, gold)
        alone = [d for d in gold if gold[d].startswith("none:")
                 and sum(pred[x] == pred[d] for x in gold) == 1]
        distractors = sum(g.startswith("none:") for g in gold.values())
        print(f"dev: {len(gold)} articles, {len(set(gold.values()))} stories (gold), "
              f"{len(set(pred.values()))} found; pairwise P {p:.3f} R {r:.3f} F1 {f:.3f}; "
              f"B-cubed F1 {bcubed(pred, gold)[2]:.3f}; "
              f"distractors apart {len(alone)}/{distractors}")
        headline.append(f"dev pairwise F1 {f:.3f} (distractors apart {len(alone)}/{distractors})")
    if ecb.exists():
        jsonl = stores / "ecbplus.jsonl"
        n = ecb_jsonl(ecb, jsonl)
        pred, seconds, grouped, stored = run_set(jsonl, stores / "ecbplus.duckdb", args.regroup,
                                                   args.shuffle)
        ingest_s, group_s, stored_n = ingest_s + seconds, group_s + grouped, stored_n + stored
        gold = {d: ecb_story(d) for d in pred}
        p, r, f = pairwise(pred, gold)
        bp, br, bf = bcubed(pred, gold)
        print(f"ECB+: {n} documents, {len(set(gold.values()))} subtopics, "
              f"{len(set(pred.values()))} stories; pairwise P {p:.3f} R {r:.3f} F1 {f:.3f}; "
              f"B-cubed P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
        headline.append(f"ECB+ pairwise F1 {f:.3f}, B-cubed F1 {bf:.3f}")
    if stored_n:  # a reused store ingests nothing: no share to measure
        share = group_s / ingest_s
        print(f"ingest: {stored_n} documents in {ingest_s:.1f} s, of which grouping "
              f"{group_s:.2f} s ({share:.1%}); "
              f"throughput with/without grouping {1 - share:.3f}")
        headline.append(f"grouping {share:.1%} of ingest")
    if not args.skip_cost:
        per_k = cost()
        headline.append("s/1k docs at " + "/".join(f"{s // 1000}k" for s in SIZES) + " stored: "
                        + " / ".join(f"{x:.2f}" for x in per_k))
    print(f"stories ({grouping.__name__}): " + "; ".join(headline))


if __name__ == "__main__":
    main()
