"""Soak: ingest N documents with 5% poison mixed in, SIGKILL the ingest at random points and
resume, then account for every input.

Usage: python benchmarks/soak.py [DATA] [--docs N] [--kills K] [--workers W] [--seed S]

DATA is a JSONL file of articles (``text``, ``date``, ``url``, ``title``, ``source``); they are
repeated, each copy made unique by a numbered closing line, into ``--docs`` inputs (default
5,000) written as JSONL files and seed-format ``.txt`` files. One input in twenty is poison, of
many kinds: impossible and far-future dates, trailing junk after a date, binary files, empty
files, articles over ``--max-chars``, broken and deeply nested JSON lines, lone surrogates, NUL
and control characters, a truncated ``.gz``. ``dateline ingest`` runs in a subprocess that is
killed with SIGKILL ``--kills`` times (default 3) at random moments (after a random number of
new documents is stored, then 0-5 s more) and re-run until it ends.

Expected outcome, from the readers alone (no NLP): every input the readers turn into a document
must be stored (or, if processing rejects it, recorded as a rejection of its origin). Prints
stored, rejected (open rejections), lost (expected documents neither stored nor rejected: must
be 0), duplicated (documents or fact rows stored twice: must be 0), the exit codes, and peak RSS
of the ingest processes; the last line is the headline.
Default DATA: the dev articles under ../shared/data/stories/dev/articles.jsonl.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from dateline.ingest import within_ceiling
from dateline.model import Document
from dateline.readers import read_inputs
from dateline.store.database import TABLES

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "stories" / "dev" / "articles.jsonl"
POISON_RATE = 0.05
MAX_CHARS = 60_000  # passed to the ingest: the "huge" poison is just over it
PER_FILE = 50  # JSONL lines per file


def _poison(kind: int, i: int, article: dict) -> tuple[str, bytes] | str:
    """A poison input: a JSONL line (str) or a file (name, content)."""
    text = article["text"]
    match kind:
        case 0:
            return json.dumps({"text": text + f"\n\nBad date {i}.", "date": "2017-13-45"})
        case 1:
            return json.dumps({"text": text + f"\n\nFar future {i}.", "date": "9999-01-01"})
        case 2:
            return json.dumps({"text": text + f"\n\nJunk date {i}.", "date": "2017-11-22xyz"})
        case 3:
            noise = random.Random(i).randbytes(4096)
            return f"p{i:05d}_binary.txt", noise
        case 4:
            return f"p{i:05d}_empty.txt", b""
        case 5:
            body = (text + "\n\n") * (MAX_CHARS // len(text) + 2)
            return f"p{i:05d}_huge.txt", f" date 2020-01-01 {body}".encode()
        case 6:
            return '{"text": "broken JSON line ' + str(i) + '", "date": '
        case 7:
            return '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
        case 8:
            row = {"text": text + f"\n\nLone surrogate {i} \ud83d.", "date": "2020-01-01"}
            return json.dumps(row)
        case 9:
            return json.dumps({"text": f"Control {i}\x00\x07 " + text, "date": "2020-01-01"})
        case _:
            rows = [{"text": f"{text}\n\nGzip line {j} of {i}.", "date": "2020-01-01"}
                    for j in range(20)]
            data = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())
            return f"p{i:05d}_truncated.jsonl.gz", data[: len(data) // 2]


def build_corpus(data: Path, docs: int, folder: Path, seed: int) -> int:
    """Write ``docs`` inputs (5% poison) under ``folder``; returns the number of poison inputs."""
    rng = random.Random(seed)
    articles = [json.loads(line) for line in data.open(encoding="utf-8") if line.strip()]
    lines: list[str] = []
    poison = 0
    for i in range(docs):
        article = articles[i % len(articles)]
        if rng.random() < POISON_RATE:
            poison += 1
            item = _poison(poison % 11, i, article)
            if isinstance(item, str):
                lines.append(item)
            else:
                name, content = item
                (folder / name).write_bytes(content)
        else:
            text = f"{article['text']}\n\n(Copy {i} of the archive.)"
            if i % 5 == 4 and article.get("date"):  # one in five as a seed-format text file
                (folder / f"d{i:05d}.txt").write_text(f" date {article['date']} {text}")
            else:
                row = {k: article.get(k) for k in ("date", "url", "title", "source")}
                lines.append(json.dumps({**row, "text": text, "url": f"{article['url']}#copy{i}"}))
        if len(lines) >= PER_FILE:
            _flush(folder, lines)
    _flush(folder, lines)
    return poison


def _flush(folder: Path, lines: list[str]) -> None:
    if lines:
        n = len(list(folder.glob("*.jsonl")))
        (folder / f"batch{n:04d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        lines.clear()


def run_ingest(
    corpus: Path, db: Path, workers: int, kill_at: int | None, rng: random.Random
) -> str:
    """One ingest run; SIGKILLed at a random moment after it has stored ``kill_at`` more
    documents (a moment that lands inside a batch as often as between two), unless it ends."""
    cmd = [sys.executable, "-m", "dateline.cli", "ingest", str(corpus), "--db", str(db),
           "--workers", str(workers), "--max-chars", str(MAX_CHARS), "--wait", "60"]
    before = _stored(db) or 0
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    while kill_at is not None and proc.poll() is None:
        if (_stored(db) or 0) >= before + kill_at:
            time.sleep(rng.uniform(0, 5))
            proc.kill()
            proc.communicate()
            return f"killed (SIGKILL) after {(_stored(db) or 0) - before} new documents"
        time.sleep(1)
    out, _ = proc.communicate()
    return f"exit {proc.returncode}: {out.strip().splitlines()[-1] if out.strip() else ''}"


def _stored(db: Path) -> int | None:
    """Documents in the store, or None while the writer holds it or before it exists."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except duckdb.Error:
        return None


def account(corpus: Path, db: Path) -> dict[str, int]:
    """Stored, rejected, lost and duplicated, against what the readers make of the corpus."""
    expected: dict[str, str] = {}  # document id -> origin
    logging.disable(logging.WARNING)  # the ingest already warned about each input
    for item in within_ceiling(read_inputs([corpus]), MAX_CHARS):
        if isinstance(item, Document):
            expected.setdefault(item.id, item.origin or item.id)
    with duckdb.connect(str(db), read_only=True) as con:
        stored = {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
        open_rejections = {r[0] for r in con.execute(
            "SELECT origin FROM rejections WHERE resolved_at IS NULL").fetchall()}
        duplicated = con.execute(
            "SELECT count(*) - count(DISTINCT id) FROM documents").fetchone()[0]
        for table in TABLES:
            if table not in ("documents", "rejections"):
                duplicated += con.execute(
                    f"SELECT count(*) - count(DISTINCT (doc_id, idx)) FROM {table}").fetchone()[0]
    lost = [i for i, origin in expected.items()
            if i not in stored and origin not in open_rejections]
    return {"expected": len(expected), "stored": len(stored), "rejected": len(open_rejections),
            "lost": len(lost), "duplicated": duplicated}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="dateline-soak-") as tmp:
        corpus, db = Path(tmp) / "corpus", Path(tmp) / "soak.duckdb"
        corpus.mkdir()
        poison = build_corpus(args.data, args.docs, corpus, args.seed)
        print(f"corpus: {args.docs} inputs, {poison} of them poison")
        start = time.perf_counter()
        share = max(1, args.docs // (2 * (args.kills + 1)))
        for k in range(args.kills):
            kill_at = rng.randint(1, share)
            result = run_ingest(corpus, db, args.workers, kill_at, rng)
            print(f"run {k + 1}: {result}", flush=True)
        runs = args.kills
        while True:
            runs += 1
            result = run_ingest(corpus, db, args.workers, None, rng)
            print(f"run {runs}: {result}", flush=True)
            if not result.startswith("exit 3") or runs > args.kills + 3:
                break
        seconds = time.perf_counter() - start
        counts = account(corpus, db)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"expected documents {counts['expected']}, stored {counts['stored']}, "
          f"rejected {counts['rejected']}, lost {counts['lost']}, "
          f"duplicated {counts['duplicated']}")
    print(f"{seconds:.0f} s over {runs} runs, peak RSS {peak:.0f} MB")
    print(f"soak {args.docs} docs ({poison} poison), {args.kills} kills: stored "
          f"{counts['stored']}, rejected {counts['rejected']}, lost {counts['lost']}, "
          f"duplicated {counts['duplicated']}, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
