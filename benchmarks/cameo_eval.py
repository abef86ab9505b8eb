"""ConfliBERT CAMEO sentences: penta class from Dateline's events, and source/target spans.

Usage: python benchmarks/cameo_eval.py [DATA_DIR] [--limit N]

DATA_DIR holds cameo_class_*.tsv (sentence TAB label) and cameo_ner_*.txt (token SPACE tag, BIO
with S = source, T = target, R = reciprocal party; blank line between sentences). Default:
../shared/data/events/conflibert_cameo/. The labels are CAMEO's penta classes, confirmed from the
data: 0 statement/appeal (CAMEO 01-02, no PLOVER event), 1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict -- i.e. PLOVER's quad class, 0 when no event.
A sentence's class comes from its main event (dateline.events.select.main_event): the penta
class of its CAMEO root, unless a coder reads it as an intention (verbal cooperation), a refusal
or a threat (verbal conflict) or an appeal (0) (dateline.events.select.coded).
Spans: the main event's actor against S, its target (else its theme: what was rejected,
requested, agreed, which these annotations mark T) against T (exact character match after
trimming) as Dateline extracts the phrase; also with the mention widened to its head's subtree
(ConfliBERT often marks whole phrases) and a head match. Last line: penta accuracy, macro F1 and
the as-extracted span F1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dateline.events.select import coded, main_event
from dateline.pipeline import get_nlp

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "events" / "conflibert_cameo"
CLASSES = (0, 1, 2, 3, 4)


#: CAMEO root -> penta class. Root 16 (reduce relations) is verbal conflict in these labels
#: (51 of 56 sanction/suspension/expulsion sentences), as in PLOVER's quad table.
PENTA = {
    f"{root:02d}": c
    for c, roots in enumerate(
        [(1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11, 12, 13, 16), (14, 15, 17, 18, 19, 20)]
    )
    for root in roots
}


def penta(event) -> int:
    """The penta class of a sentence from its main event: its CAMEO root, unless a coder reads
    the sentence as an intention or a refusal (dateline.events.select.coded changes the type)."""
    type_, quad = coded(event)
    if type_ != event.type or quad == 0:
        return quad
    return PENTA.get((event.cameo or "")[:2], quad)


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def read_ner(path: Path) -> list[tuple[str, dict[str, set[tuple[int, int]]]]]:
    """Sentences (tokens joined by spaces) with their gold S/T/R character spans."""
    out = []
    tokens: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            word, _, tag = line.rpartition(" ")
            tokens.append((word, tag))
            continue
        if not tokens:
            continue
        text, spans, pos = "", {"S": set(), "T": set(), "R": set()}, 0
        current: list = []
        for word, tag in tokens:
            start = pos if not text else pos + 1
            text = f"{text} {word}" if text else word
            pos = len(text)
            if tag.startswith("B-"):
                current = [tag[2:], start, pos]
                spans[tag[2:]].add((start, pos))
            elif tag.startswith("I-") and current and current[0] == tag[2:]:
                spans[current[0]].discard((current[1], current[2]))
                current[2] = pos
                spans[current[0]].add((current[1], current[2]))
            else:
                current = []
        out.append((text, spans))
        tokens = []
    return out


def full_extent(doc, mention) -> tuple[int, int]:
    """A mention widened to its head's whole subtree: ConfliBERT marks the full phrase, with its
    prepositional phrases, appositions and relative clauses ("two ex-ministers who served ...").
    """
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return mention.start, mention.end
    tokens = [t for t in span.root.subtree if not (t.is_punct and t.i in (span.root.left_edge.i,))]
    first, last = tokens[0], tokens[-1]
    while last.is_punct and last.i > first.i:
        last = doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


def classify(args: argparse.Namespace, nlp) -> None:
    files = sorted(args.data.glob("cameo_class_*.tsv")) if args.data.is_dir() else [args.data]
    rows = []
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            text, _, label = line.rpartition("\t")
            if label.strip().isdigit():
                rows.append((text, int(label)))
    if args.limit:
        rows = rows[: args.limit]
        print(f"classes: limited to the first {len(rows)} sentences")
    confusion = {(g, p): 0 for g in CLASSES for p in CLASSES}
    for doc, (_, gold) in zip(nlp.pipe(t for t, _ in rows), rows, strict=True):
        event = main_event(doc)
        pred = penta(event) if event else 0
        confusion[(gold, pred)] += 1
    total = sum(confusion.values())
    correct = sum(confusion[(c, c)] for c in CLASSES)
    f1s = []
    for c in CLASSES:
        n_pred = sum(confusion[(g, c)] for g in CLASSES)
        n_gold = sum(confusion[(c, p)] for p in CLASSES)
        p, r, f = _f1(confusion[(c, c)], n_pred, n_gold)
        f1s.append(f)
        print(f"class {c}: P {p:5.1f} R {r:5.1f} F1 {f:5.1f}  (gold {n_gold}, pred {n_pred})")
    args.accuracy = 100 * correct / total if total else 0.0
    args.macro = sum(f1s) / len(f1s)
    args.n_class = total


def spans(args: argparse.Namespace, nlp) -> None:
    files = sorted(args.data.glob("cameo_ner_*.txt")) if args.data.is_dir() else []
    sentences = [s for f in files for s in read_ner(f)]
    if args.limit:
        sentences = sentences[: args.limit]
        print(f"spans: limited to the first {len(sentences)} sentences")
    counts = {role: [0, 0, 0, 0, 0] for role in ("S", "T")}  # exact, full, head tp, pred, gold
    for doc, (_, gold) in zip(nlp.pipe(t for t, _ in sentences), sentences, strict=True):
        event = main_event(doc)
        found = {
            "S": event.actor_mention if event else None,
            "T": (event.target_mention or event.theme) if event else None,
        }
        for role in ("S", "T"):
            counts[role][4] += len(gold[role])
            mention = found[role]
            if mention is None:
                continue
            counts[role][3] += 1
            counts[role][0] += (mention.start, mention.end) in gold[role]
            counts[role][1] += full_extent(doc, mention) in gold[role]
            counts[role][2] += any(s < mention.end <= e for s, e in gold[role])
    for role, name in (("S", "source"), ("T", "target")):
        exact, full, head, n_pred, n_gold = counts[role]
        f = _f1(exact, n_pred, n_gold)[2]
        ff = _f1(full, n_pred, n_gold)[2]
        hf = _f1(head, n_pred, n_gold)[2]
        mp, mr, _ = _f1(exact, n_pred, n_gold)
        print(
            f"{name} spans: as extracted P {mp:5.1f} R {mr:5.1f} F1 {f:5.1f}; "
            f"widened to the subtree F1 {ff:5.1f}; head-match F1 {hf:5.1f}"
        )
        setattr(args, f"{name}_f1", f)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences")
    args = parser.parse_args()
    nlp = get_nlp()
    classify(args, nlp)
    spans(args, nlp)
    print(
        f"CAMEO penta accuracy {args.accuracy:.1f} macro F1 {args.macro:.1f} "
        f"({args.n_class} sentences); source span F1 {args.source_f1:.1f}, "
        f"target span F1 {args.target_f1:.1f}"
    )


if __name__ == "__main__":
    main()
