"""MUC-4 document-level role-filler extraction from Dateline's events.

Usage: python benchmarks/muc4_eval.py [DATA] [--limit N] [--show N]

DATA is a MUC-4 JSON-lines file in the GTT/GRIT "processed" format (docid, doctext, templates with
PerpInd/PerpOrg/Target/Victim/Weapon entity lists). Default: ../shared/data/events/muc4/processed/
dev.json. Events of violent types (ASSAULT, and COERCE:seize for the raids) that are not negated or
hypothetical give role fillers: actor -> PerpOrg when it names an organization, else PerpInd;
target -> Victim when it is a person or group, else Target; instruments -> Weapon.
Scoring is the standard one (as in GRIT/GTT): per document and role, a predicted string matches a
gold entity if, normalized (lowercase, no punctuation, no a/an/the), it equals one of the entity's
mentions; each gold entity counts at most once. Prints per-role and micro P/R/F1; the last line
is the micro F1.
"""

from __future__ import annotations

import argparse
import json
import re
import string
from pathlib import Path

from dateline.events.lexicon import load_lexicon
from dateline.model import Document, Event, Report
from dateline.pipeline import get_nlp, process

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "events" / "muc4" / "processed" / "dev.json"
ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
VIOLENT = {("ASSAULT", None), ("COERCE", "seize")}
_PUNCT = str.maketrans({c: " " for c in string.punctuation})
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text: str) -> str:
    """Lowercase, drop punctuation and articles, squeeze spaces (the MUC-4 matching rule)."""
    text = _ARTICLES.sub(" ", text.lower().translate(_PUNCT))
    return " ".join(text.split())


#: Leading words that only point or count ("this second bomb", "another bomb").
_POINTERS = frozenset(
    ["this", "that", "these", "those", "another", "other", "such", "same", "first", "second"]
    + ["third", "fourth", "fifth", "last", "latest", "new"]
)
_NUMBERS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "none"]
    + ["dozens", "hundreds", "several", "many", "some", "all"]
)
_PRONOUNS = frozenset(
    [
        "it",
        "its",
        "they",
        "them",
        "their",
        "we",
        "us",
        "our",
        "he",
        "him",
        "his",
        "she",
        "her",
        "i",
        "me",
        "you",
        "who",
        "whose",
        "which",
        "that",
        "this",
        "those",
        "these",
        "one",
    ]
)
_MILITARY = frozenset(
    [
        "military",
        "army",
        "troops",
        "soldiers",
        "convoy",
        "garrison",
        "barracks",
        "base",
        "bases",
        "patrol",
        "patrols",
        "positions",
        "installations",
        "battalion",
        "brigade",
    ]
)
_VICTIM_TRIGGERS = (
    "kill",
    "murder",
    "assassin",
    "kidnap",
    "abduct",
    "wound",
    "injur",
    "execut",
    "shot",
    "shoot",
)


def _words(text: str) -> list[str]:
    words = normalize(text).split()
    while len(words) > 1 and words[0] in _POINTERS:
        words = words[1:]
    return words


def _group(words: list[str], lex) -> str | None:
    """The longest armed-group name inside an actor phrase ("fmln guerrillas" -> "fmln")."""
    text = " ".join(words)
    found = [g for g in lex.armed_groups if f" {g} " in f" {text} "]
    return max(found, key=len) if found else None


def _name_part(words: list[str], lex) -> list[str]:
    """The words after the last known word: "former minister enrique lopez" -> the name."""
    i = len(words)
    while i > 0 and _kind(words[i - 1], lex) is None and not words[i - 1].isdigit():
        i -= 1
    return words[i:]


def _kind(word: str, lex) -> str | None:
    for form in (word, word.rstrip("s"), word[:-2] + "an" if word.endswith("en") else word):
        if form in lex.animacy:
            return lex.animacy[form]
    return None


def perpetrators(text: str, lex) -> dict[str, str]:
    """PerpInd/PerpOrg strings for an actor phrase."""
    words = _words(text)
    if not words or words[-1] in _PRONOUNS:
        return {}
    group = _group(words, lex)
    if "of" in words[1:]:  # "terrorists of the fmln": the people, and their organization
        words = words[: words.index("of", 1)]
    head_kind = _kind(words[-1], lex)
    if group is not None:
        out = {"PerpOrg": group}
        if head_kind == "person" and " ".join(words) != group:
            out["PerpInd"] = " ".join(words)
        return out
    if head_kind == "org":
        return {"PerpOrg": " ".join(words)}
    if head_kind == "person":
        return {"PerpInd": " ".join(words)}
    return {}  # a thing or an unknown word: "leaflets", "the plot"


def victim_or_target(text: str, event: Event, lex) -> tuple[str, str] | None:
    """("Victim", name) for a person, ("Target", phrase) for a thing, None for neither."""
    words = _words(text)
    if not words or words[-1] in _PRONOUNS or words[-1].isdigit():
        return None
    head_kind = _kind(words[-1], lex)
    trigger = event.trigger.text.lower()
    personal = head_kind in ("person", "title") or (
        head_kind is None and trigger.startswith(_VICTIM_TRIGGERS)
    )
    if not personal:
        if "of" in words[1:]:  # "the home of the assembly president": the home
            words = words[: words.index("of", 1)]
            head_kind = _kind(words[-1], lex)
        if head_kind != "site":
            return None  # only buildings, vehicles and installations are physical targets
        return ("Target", " ".join(words))
    name = _name_part(words, lex)
    if not name or name[0] == "of" or name[-1] in _NUMBERS or name[-1] in _PRONOUNS:
        return None  # "governor of antioquia", "five": no name
    return ("Victim", " ".join(name))


def role_fillers(events: list[Event]) -> dict[str, set[str]]:
    """Predicted strings per MUC-4 role from one document's events."""
    lex = load_lexicon()
    out: dict[str, set[str]] = {role: set() for role in ROLES}
    for event in events:
        if event.negated or event.modality == "hypothetical":
            continue
        if (event.type, None) not in VIOLENT and (event.type, event.mode) not in VIOLENT:
            continue
        if set(_words(event.target_text or "")) & _MILITARY:
            continue  # combat against military targets is war, not a MUC-4 terrorist incident
        actors = [event.actor_text, *(m.text for m in event.co_actors)]
        for text in filter(None, actors):
            for role, value in perpetrators(text, lex).items():
                out[role].add(value)
        targets = [event.target_text, *(m.text for m in event.co_targets)]
        for text in filter(None, targets):
            found = victim_or_target(text, event, lex)
            if found:
                out[found[0]].add(found[1])
        for instrument in event.instruments:
            out["Weapon"].add(" ".join(_words(instrument.text)))
    return out


def gold_fillers(templates: list[dict]) -> dict[str, list[set[str]]]:
    """Gold entities per role (each a set of normalized mentions), merged over the templates."""
    out: dict[str, list[set[str]]] = {role: [] for role in ROLES}
    for template in templates:
        for role in ROLES:
            for entity in template.get(role, []):
                mentions = {normalize(m[0]) for m in entity}
                if mentions not in out[role]:
                    out[role].append(mentions)
    return out


def score(pred: set[str], gold: list[set[str]]) -> tuple[int, int, int]:
    """(matched predictions, predictions, gold entities) for one document and role."""
    preds = {normalize(p) for p in pred} - {""}
    used: set[int] = set()
    matched = 0
    for p in sorted(preds):
        for i, mentions in enumerate(gold):
            if i not in used and p in mentions:
                used.add(i)
                matched += 1
                break
    return matched, len(preds), len(gold)


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--show", type=int, default=0, help="print fillers of N documents")
    args = parser.parse_args()
    lines = args.data.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    if args.limit:
        records = records[: args.limit]
        print(f"limited to the first {len(records)} documents")
    documents = [Document(id=r["docid"], text=r["doctext"]) for r in records]
    totals = {role: [0, 0, 0] for role in ROLES}
    reports = process(documents, nlp=get_nlp())
    for k, (record, report) in enumerate(zip(records, reports, strict=True)):
        events = report.events if isinstance(report, Report) else []
        pred = role_fillers(events)
        gold = gold_fillers(record["templates"])
        for role in ROLES:
            for j, value in enumerate(score(pred[role], gold[role])):
                totals[role][j] += value
        if k < args.show:
            print(record["docid"], {r: sorted(v) for r, v in pred.items() if v})
            print("   gold", {r: [sorted(m)[0] for m in g] for r, g in gold.items() if g})
    print(f"MUC-4 {args.data.name}: {len(records)} documents")
    print(f"{'role':8} {'P':>6} {'R':>6} {'F1':>6}   (matched/pred/gold)")
    for role in ROLES:
        p, r, f = _prf(*totals[role])
        print(f"{role:8} {p:6.2f} {r:6.2f} {f:6.2f}   {totals[role]}")
    micro = [sum(totals[role][j] for role in ROLES) for j in range(3)]
    p, r, f = _prf(*micro)
    print(f"micro    {p:6.2f} {r:6.2f} {f:6.2f}   {micro}")
    print(f"MUC-4 micro F1 {f:.2f} (P {p:.2f} R {r:.2f}) on {len(records)} documents")


if __name__ == "__main__":
    main()
