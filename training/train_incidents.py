"""Train the model of the ``dateline_incidents`` component from MUC-4 and install it.

Usage: python training/train_incidents.py [TRAIN_JSONL] [--out DIR] [--work DIR]

TRAIN_JSONL is MUC-4 in the GTT/GRIT "processed" format (docid, doctext, templates with
PerpInd/PerpOrg/Target/Victim/Weapon entities, each a list of [mention, offset]); default the copy
under ../shared/data. The last 100 documents are held out to choose the best checkpoint; the dev
set is never read, so the benchmark's dev figure stays a test figure.

Two spaCy pipelines are trained with the configs beside this script and joined into one:
- ``ner`` (roles.cfg): the role tagger, trained on sentences. Every occurrence of a gold mention
  is labelled with its role (the processed data gives one offset per mention string; MUC-4
  fillers are document-level, so all occurrences are fillers). Sentences without a filler are
  kept with probability 0.3 (seeded), so that the few positives are not drowned.
- ``textcat`` (relevance.cfg): whether a document reports a terrorist incident at all (MUC-4's
  relevance: a document with at least one template).
All text is lowercase, as MUC-4's is; the component lowercases what it reads, so the model sees
the same kind of input on any article. The result (~15 MB) goes to
src/dateline/resources/incidents/model unless --out says otherwise.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

from dateline.incidents.roles import MUC4_SLOTS

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "events" / "muc4" / "processed" / "train.json"
DEFAULT_OUT = ROOT / "src" / "dateline" / "resources" / "incidents" / "model"
#: MUC-4 role -> the component's label.
LABELS = {slot: role.upper() for role, slot in MUC4_SLOTS.items()}
HELD_OUT = 100
KEEP_NEGATIVE = 0.3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def role_marks(record: dict) -> list[tuple[int, int, str]]:
    """(start, end, label) of every occurrence of every gold mention in the text."""
    text = record["doctext"]
    marks = []
    for template in record["templates"]:
        for role, label in LABELS.items():
            for entity in template.get(role, []):
                for mention, _ in entity:
                    pattern = r"(?<!\w)" + re.escape(mention) + r"(?!\w)"
                    marks.extend((m.start(), m.end(), label) for m in re.finditer(pattern, text))
    return marks


def sentence_docs(nlp, record: dict, rng: random.Random, keep_negative: float) -> list[Doc]:
    """The record's sentences with their role spans; most sentences without one are dropped."""
    text = record["doctext"]
    marks = role_marks(record)
    docs = []
    position = 0
    for piece in _SENTENCE_END.split(text):
        start = text.index(piece, position)
        end = position = start + len(piece)
        doc = nlp.make_doc(piece)
        spans = [
            doc.char_span(s - start, e - start, label=label, alignment_mode="expand")
            for s, e, label in marks
            if s >= start and e <= end
        ]
        spans = [span for span in spans if span is not None]
        if not spans and rng.random() > keep_negative:
            continue
        doc.ents = filter_spans(spans)
        docs.append(doc)
    return docs


def relevance_doc(nlp, record: dict) -> Doc:
    doc = nlp.make_doc(record["doctext"])
    relevant = bool(record["templates"])
    doc.cats = {"INCIDENT": float(relevant), "OTHER": float(not relevant)}
    return doc


def write_corpora(records: list[dict], work: Path) -> dict[str, Path]:
    """DocBins for both models: training part and held-out part."""
    nlp = spacy.blank("en")
    rng = random.Random(0)
    train_part, held_out = records[:-HELD_OUT], records[-HELD_OUT:]
    bins = {
        "roles_train": [d for r in train_part for d in sentence_docs(nlp, r, rng, KEEP_NEGATIVE)],
        "roles_dev": [d for r in held_out for d in sentence_docs(nlp, r, rng, 1.0)],
        "relevance_train": [relevance_doc(nlp, r) for r in train_part],
        "relevance_dev": [relevance_doc(nlp, r) for r in held_out],
    }
    paths = {}
    for name, docs in bins.items():
        paths[name] = work / f"{name}.spacy"
        DocBin(docs=docs).to_disk(paths[name])
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--work", type=Path, default=None, help="keep the checkpoints here")
    args = parser.parse_args()
    lines = args.data.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="dateline-incidents-"))
    work.mkdir(parents=True, exist_ok=True)
    paths = write_corpora(records, work)
    for model in ("roles", "relevance"):
        overrides = {"paths.train": str(paths[f"{model}_train"])}
        overrides["paths.dev"] = str(paths[f"{model}_dev"])
        train(HERE / f"{model}.cfg", work / model, overrides=overrides)
    nlp = spacy.load(work / "roles" / "model-best")
    nlp.add_pipe("textcat", source=spacy.load(work / "relevance" / "model-best"))
    nlp.meta.update(
        name="incidents",
        version="1.0.0",
        description="Dateline's incident roles and relevance, trained on MUC-4 train "
        f"({len(records) - HELD_OUT} documents; {HELD_OUT} held out) by "
        "training/train_incidents.py",
    )
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
