"""MUC-4 document-level role-filler extraction from Dateline's events.

Usage: python benchmarks/muc4_eval.py [DATA] [--limit N] [--show N] [--errors]

DATA is a MUC-4 JSON-lines file in the GTT/GRIT "processed" format (docid, doctext, templates with
PerpInd/PerpOrg/Target/Victim/Weapon entity lists). Default: ../shared/data/events/muc4/processed/
dev.json. ``--errors`` prints, per document and role, the missed gold entities and the spurious
predictions with their context (for error analysis; develop on train.json, report dev).

Mapping. Attack events are the violent ones (ASSAULT, and COERCE:seize for the raids) that are
not negated or hypothetical, whose trigger is not combat between forces ("clashes", "offensive",
"seized") and whose sentence does not speak of combat; MUC-4 counts terrorist incidents, not war.
Their arguments give fillers: actor -> PerpOrg when it names an organization (the armed group it
contains, "fmln guerrillas" -> fmln, and the people, "guerrillas", as PerpInd), else PerpInd;
target -> Victim when a person (the name without its titles), else Target when a site ("the
house of judge X" kept whole, as MUC-4 does); instruments -> Weapon when firearms, explosives,
heavy or primitive weapons. Fillers are minimal noun phrases: a conjunction's parts apart,
leading counts, hedges ("alleged") and pointers dropped, one filler per head word.

Data-format adaptation. The processed MUC-4 texts are all lowercase, so spaCy finds few names and
misparses many phrases. Besides the events' arguments, the attack sentences are therefore also
scanned with the events' lexicons, case-blind: in the first four attack sentences, weapon words
with their modifier ("a car bomb exploded"), non-state armed groups, and perpetrator nouns that
are nouns, not adjectives ("the work of guerrillas", not "a terrorist attack"); sites right after
a word of hitting ("bombed the vicas store", "an attack on ...", "in front of ..."); groups named
in a sentence of blame ("blamed the fmln", "claimed responsibility"); victims' names from
casualty lists ("the injured were 19-year-old robinson ramirez, ..."); and a surname the parse
kept alone is completed from a longer form the document repeats ("galan" -> "luis carlos galan");
victims the actor lexicon knows as places, peoples or common nouns are dropped.
Documents without an attack event get no fillers.

Trained roles. On top of those rules, the role mentions of the incidents component (a tagger
trained on MUC-4 train by training/train_incidents.py; the dev set is never read there) are
added, one string per entity (the mentions of a role sharing a head word, by their most frequent
form). A document the component does not take for an incident report (no role mentions: no
violent event, or its relevance model says no) gets no fillers at all.

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
from functools import cache
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from dateline.actors.lexicon import load_lexicon as load_actor_lexicon
from dateline.events.lexicon import load_lexicon
from dateline.incidents.roles import MUC4_SLOTS, violent_events
from dateline.model import Document, Event, Report
from dateline.pipeline import get_nlp, process

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "events" / "muc4" / "processed" / "dev.json"
ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
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
    while i > 0 and _name_word(words[i - 1], lex):
        i -= 1
    return words[i:]


def _kind(word: str, lex) -> str | None:
    for form in (word, word.rstrip("s"), word[:-2] + "an" if word.endswith("en") else word):
        if form in lex.animacy:
            return lex.animacy[form]
    return None


#: Hedges and pointers that MUC-4 fillers leave out: "alleged urban guerrilla commandos".
_HEDGES = frozenset(["alleged", "suspected", "presumed", "supposed", "another", "so-called"])


_GENERIC_PEOPLE = frozenset(["members", "member", "people", "persons", "person"])


def _national(group: str, words: list[str]) -> str:
    """A state force with its nationality as written: "the salvadoran army"."""
    text = " ".join(words)
    at = f" {text} ".find(f" {group} ")
    before = text[:at].split()
    if before and before[-1].endswith(("an", "ian")) and len(before[-1]) > 4:
        return f"{before[-1]} {group}"
    return group


def perpetrators(text: str, lex) -> dict[str, str]:
    """PerpInd/PerpOrg strings for an actor phrase."""
    words = [w for w in _words(text) if w not in _HEDGES]
    if not words or words[-1] in _PRONOUNS:
        return {}
    group = _group(words, lex)
    if "of" in words[1:]:  # "terrorists of the fmln": the people, and their organization
        words = words[: words.index("of", 1)]
    head_kind = _kind(words[-1], lex)
    if group is not None:
        out = {"PerpOrg": _national(group, words)}
        rest = f" {' '.join(words)} ".replace(f" {group} ", " ").split()
        rest = [w for w in rest if w not in group.split()]  # the bracketed acronym or name
        if head_kind == "person" and rest:
            out["PerpInd"] = " ".join(rest)
        return out
    if head_kind == "org":
        if len(words) == 1 or words[0] == "no":
            return {}  # "the group", "our units", "no organization": no name
        return {"PerpOrg": " ".join(words)}
    if head_kind == "person":
        if len(words) == 1 and words[0] in _GENERIC_PEOPLE:
            return {}  # bare "members", "people": who they are is in another phrase
        return {"PerpInd": " ".join(words)}
    return {}  # a thing or an unknown word: "leaflets", "the plot"


_QUANTITY = frozenset(["at", "least", "more", "than", "about", "some", "over", "nearly"])


def _uncounted(words: list[str]) -> list[str]:
    """Drop a leading count: "at least 10 power towers" -> "power towers" (MUC-4 fillers)."""
    i = 0
    while i < len(words) - 1 and (
        words[i] in _QUANTITY or words[i] in _NUMBERS or words[i].isdigit()
    ):
        i += 1
    return words[i:]


def victim_or_target(text: str, event: Event, lex) -> tuple[str, str] | None:
    """("Victim", name) for a person, ("Target", phrase) for a thing, None for neither."""
    words = _uncounted(_words(text))
    if not words or words[-1] in _PRONOUNS or words[-1].isdigit():
        return None
    head_kind = _kind(words[-1], lex)
    trigger = event.trigger.text.lower()
    personal = head_kind in ("person", "title") or (
        head_kind is None and trigger.startswith(_VICTIM_TRIGGERS)
    )
    if not personal:
        if "of" in words[1:]:  # "the house of judge guillermo torre": MUC-4 keeps it whole
            head = words[: words.index("of", 1)]
            head_kind = _kind(head[-1], lex)
        head_word = _singular((words[: words.index("of", 1)] if "of" in words[1:] else words)[-1])
        if head_kind != "site" or head_word in _NOT_TARGETS:
            return None  # only buildings, vehicles and installations are physical targets
        while len(words) > 1 and words[0] in _PRONOUNS:
            words = words[1:]  # "his car": the car
        return ("Target", " ".join(words))
    name = _name_part(words, lex)
    if not name or name[0] == "of" or name[-1] in _NUMBERS or name[-1] in _PRONOUNS:
        return None  # "governor of antioquia", "five": no name
    return ("Victim", " ".join(name))


_CONJUNCTION = re.compile(r",|\band\b|\bor\b")


def _parts(texts: list[str | None]) -> list[str]:
    """A conjunction's parts as separate fillers: "x and y" -> "x", "y"."""
    return [p.strip() for t in texts if t for p in _CONJUNCTION.split(t) if p.strip()]


def role_fillers(events: list[Event], text: str = "") -> dict[str, set[str]]:
    """Predicted strings per MUC-4 role from one document's events."""
    lex = load_lexicon()
    out: dict[str, set[str]] = {role: set() for role in ROLES}
    for event in _attack_events(events, text):
        if set(_words(event.target_text or "")) & _MILITARY:
            continue  # combat against military targets is war, not a MUC-4 terrorist incident
        actors = _parts([event.actor_text, *(m.text for m in event.co_actors)])
        for phrase in actors:
            for role, value in perpetrators(phrase, lex).items():
                out[role].add(value)
        targets = _parts([event.target_text, *(m.text for m in event.co_targets)])
        for phrase in targets:
            found = victim_or_target(phrase, event, lex)
            if found:
                out[found[0]].add(found[1])
        for instrument in event.instruments:
            words = _uncounted([w for w in _words(instrument.text) if w not in _PRONOUNS])
            if words and _is_weapon(words[-1]):
                out["Weapon"].add(" ".join(words))
    return out


#: Weapon modes of ASSAULT whose cues name a weapon a MUC-4 annotator would fill in.
_WEAPON_MODES = frozenset({"firearms", "explosives", "heavy-weapons", "primitive"})
#: Cues too general or too ambiguous to fill Weapon on their own ("weapons", legal "charges").
_WEAK_WEAPONS = frozenset({"weapon", "charge", "explosive", "gunfire", "shell", "tank", "mine"})
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


#: Triggers of armed combat between forces, which MUC-4 does not count as terrorist incidents.
_COMBAT = ("clash", "fight", "offensive", "siege", "invasion", "battle", "combat", "skirmish")
_COMBAT += ("ambush", "occup", "seiz", "confisc", "captur", "operation")


_COMBAT_WORDS = re.compile(r"\b(clash|fighting|combat|battle|skirmish)")


def _attack_events(events: list[Event], text: str = "") -> list[Event]:
    """The incidents component's violent events (happened: asserted or reported, not negated or
    hypothetical) outside sentences and triggers of combat between armed forces."""
    return [
        e
        for e in violent_events(events)
        if not _COMBAT_WORDS.search(text[e.sentence.start : e.sentence.end].lower())
        and not e.trigger.text.lower().startswith(_COMBAT)
    ]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@cache
def _weapon_cues() -> frozenset[str]:
    """ASSAULT mode cues (resources/shared/weapons.tsv) of the weapon modes MUC-4 fills in."""
    lex = load_lexicon()
    return frozenset(
        cue
        for (type_, cue), (mode, _) in lex.modes.items()
        if type_ == "ASSAULT" and mode in _WEAPON_MODES
    )


def _is_weapon(word: str) -> bool:
    """A weapon word MUC-4 fills in: firearms, explosives, heavy and primitive weapons, not
    aircraft or crowd-control gear."""
    return _singular(word) in _weapon_cues() or word in _weapon_cues()


def weapons(sentence: str, lex) -> list[str]:
    """Weapon phrases in an attack sentence: a weapon word with its weapon/vehicle modifier."""
    cues = _weapon_cues()
    words = _WORD.findall(sentence.lower())
    out = []
    for i, word in enumerate(words):
        if _singular(word) not in cues:
            continue
        if i + 1 < len(words) and _singular(words[i + 1]) == "device":
            out.append(f"{word} {words[i + 1]}")  # "explosive devices"
            continue
        if _singular(word) in _WEAK_WEAPONS and (i == 0 or _singular(words[i - 1]) not in cues):
            continue
        if i + 1 < len(words) and _singular(words[i + 1]) in cues:
            continue  # a modifier of the next weapon word: "dynamite charge"
        start = i
        if i > 0 and (_singular(words[i - 1]) in cues or _kind(words[i - 1], lex) == "site"):
            start = i - 1  # "car bomb", "dynamite charges"
        out.append(" ".join(words[start : i + 1]))
    return out


#: Site words that mostly locate an event rather than name what was hit.
_LOCATIONS = frozenset(
    ["village", "town", "camp", "base", "barracks", "garrison", "post", "road", "highway"]
    + ["line", "system", "network", "center", "box", "mission", "presidency", "tank", "mine"]
)
#: Sites MUC-4 does not count as an attack's target: places, and damage in passing.
_NOT_TARGETS = frozenset(["village", "town", "window", "door", "wall"])


_DETERMINERS = frozenset(
    ["a", "an", "the", "its", "his", "her", "their", "two", "three", "several"]
)
#: Words after which a site is what an attack hit: "bombed the X", "an attack on the X".
_HIT = frozenset(
    ["on", "against", "at", "destroyed", "damaged", "attacked", "bombed", "burned", "dynamited"]
    + ["hit", "set", "blew", "raided", "machinegunned", "destroying", "damaging", "burning"]
)


def sites(sentence: str, lex) -> list[str]:
    """Physical targets in an attack sentence: a site noun with its modifiers ("vicas store")."""
    words = _WORD.findall(sentence.lower())
    out = []
    for i, word in enumerate(words):
        if _kind(word, lex) != "site" or _singular(word) in _LOCATIONS | _NOT_TARGETS:
            continue
        if i + 1 < len(words) and _kind(words[i + 1], lex) == "site":
            continue  # a modifier of the next site word: "bus station"
        start = i
        while start > max(0, i - 3) and _modifier(words[start - 1], lex):
            start -= 1
        before = start - 1
        while before >= 0 and words[before] in _DETERMINERS:
            before -= 1
        front = before >= 1 and words[before - 1 : before + 1] == ["front", "of"]
        if before >= 0 and (_singular(words[before]) in _HIT or front):
            out.append(" ".join(words[start : i + 1]))
    return out


def _modifier(word: str, lex) -> bool:
    """A word that can modify a site noun inside its name: not a function word, count or verb."""
    return (
        word not in STOP_WORDS
        and word not in _POINTERS
        and word not in _NUMBERS
        and not word[0].isdigit()
        and not word.endswith(("ed", "ing", "ly"))
        and _kind(word, lex) in (None, "site")
    )


#: Head nouns of the people who commit attacks: "urban guerrillas", "unidentified men".
_PERP_HEADS = frozenset(
    ["guerrilla", "terrorist", "rebel", "gunman", "gunmen", "extremist", "subversive", "commando"]
    + ["kidnapper", "murderer", "assassin", "narcoterrorist", "trafficker", "hitman", "hitmen"]
    + ["assailant", "attacker", "killer", "bandit", "criminal", "squad", "individual", "man", "men"]
)
#: Heads too common to be perpetrators without a telling modifier ("unidentified men").
_BARE_PERSONS = frozenset(["man", "men", "individual"])


def perpetrator_nouns(sentence: str, lex) -> list[str]:
    """People named by what they do in an attack sentence, with their modifiers."""
    words = _WORD.findall(sentence.lower())
    out = []
    for i, word in enumerate(words):
        if _singular(word) not in _PERP_HEADS and word not in _PERP_HEADS:
            continue
        if i + 1 < len(words) and _singular(words[i + 1]) in _PERP_HEADS:
            continue
        nominal = word.endswith(("s", "men")) or i + 1 == len(words) or words[i + 1] in STOP_WORDS
        if not nominal:
            continue  # an adjective: "a terrorist attack", "guerrilla positions"
        start = i
        while start > max(0, i - 2) and _perp_modifier(words[start - 1], lex):
            start -= 1
        if start == i and (word in _BARE_PERSONS or _singular(word) in _BARE_PERSONS):
            continue
        out.append(" ".join(words[start : i + 1]))
    return out


def _perp_modifier(word: str, lex) -> bool:
    return (
        word not in STOP_WORDS
        and word not in _HEDGES
        and not word[0].isdigit()
        and not word.endswith(("ing", "ly"))
        and word not in lex.armed_groups
        and _kind(word, lex) is None
    )


def _groups_in(sentence: str, lex) -> list[str]:
    """Non-state armed groups named in a sentence, longest names first, as written."""
    text = f" {normalize(sentence)} "
    found: list[str] = []
    for name, kind in sorted(lex.armed_groups.items(), key=lambda kv: -len(kv[0])):
        if kind == "nonstate" and f" {name} " in text and not any(name in f for f in found):
            found.append(name)
    return found


def _merge_acronyms(names: set[str], text: str) -> set[str]:
    """One name per group: drop the acronym written in brackets after its full name."""
    lowered = normalize(text)
    return {n for n in names if not any(f"{m} {n} " in f"{lowered} " for m in names if m != n)}


#: How many of a document's first attack sentences are scanned for words that fill a role
#: outside the parse (later sentences tend to recall background incidents).
_LEAD_SENTENCES = 4


def _add_new(found: set[str], candidates: list[str]) -> None:
    """Add candidates whose head word (singular) is not yet filled: one filler per entity."""
    heads = {_singular(w.split()[-1]) for w in found}
    for phrase in candidates:
        head = _singular(phrase.split()[-1])
        if head not in heads:
            heads.add(head)
            found.add(phrase)


#: Words before a name that are not part of it and that no lexicon lists ("a 57-year-old ...").
_NOT_NAME = frozenset(["year", "years", "old", "late", "known", "named", "identified", "called"])
_NOT_NAME_ENDINGS = ("ed", "ing", "ly", "ist", "ian", "man", "men", "ese", "'s")


def _name_word(word: str, lex) -> bool:
    """A word that can be part of a lowercase person's name: nothing any lexicon knows."""
    return (
        word.isalpha()
        and len(word) > 1
        and word not in STOP_WORDS
        and word not in _NOT_NAME
        and word not in lex.armed_groups
        and _kind(word, lex) is None
        and not word.endswith(_NOT_NAME_ENDINGS)
    )


_TOKEN = re.compile(r"[a-z0-9][a-z0-9'-]*|[^\sa-z0-9]")


def complete_names(names: set[str], text: str, lex) -> set[str]:
    """Full forms of victims' names: "galan" -> "luis carlos galan" when the text repeats it.

    Lowercase parses often keep only a surname; the document usually spells the full name out
    more than once. A longer form is taken only if it occurs at least twice (so that a stray
    word before one mention is not taken for a first name). Names contained in another
    predicted name are dropped.
    """
    words = _TOKEN.findall(text.lower())
    full = set()
    for name in names:
        parts = name.split()
        if not all(_name_word(w, lex) for w in parts):
            full.add(name)
            continue
        counts: dict[tuple[str, ...], int] = {}
        for i in range(len(words) - len(parts) + 1):
            if words[i : i + len(parts)] != parts:
                continue
            start = i
            while start > max(0, i - 3) and _name_word(words[start - 1], lex):
                start -= 1
                form = tuple(words[start : i + len(parts)])
                counts[form] = counts.get(form, 0) + 1
        repeated = [form for form, n in counts.items() if n >= 2]
        full.add(" ".join(max(repeated, key=len)) if repeated else name)
    return {n for n in full if not any(n != m and f" {n} " in f" {m} " for m in full)}


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: Words of blame: the groups named with them are the perpetrators ("blamed the fmln").
_BLAME = re.compile(r"\b(blam|responsib|attribut|claimed|perpetrat|the work of)")


_CASUALTIES = re.compile(
    r"\b(victims|dead|injured|wounded|killed|hostages|kidnapped)\b[^.]*?"
    r"\b(identified as|were|are|include|including|was|is)\b:?(.*)"
)
_LIST_SEPARATOR = re.compile(r"[,;:]|\band\b")


def casualty_list(sentence: str, lex) -> list[str]:
    """Names in a list of casualties: "the injured were 19-year-old robinson ramirez, ..."."""
    found = _CASUALTIES.search(sentence.lower())
    if not found:
        return []
    names = []
    for part in _LIST_SEPARATOR.split(found.group(3)):
        words = _TOKEN.findall(part)
        name = _name_part(words, lex)
        if 2 <= len(name) <= 5 and name == words[len(words) - len(name) :]:
            names.append(" ".join(name))
    return names


_TIME_WORDS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "week"]
    + ["night", "morning", "afternoon", "evening", "today", "yesterday", "month", "year"]
)


def _could_be_person(name: str) -> bool:
    """Not a place, people or organization the actor lexicon knows, nor a time ("saturday
    night"): lowercase names of places pass the parse as well as people's."""
    words = name.split()
    if set(words) & _TIME_WORDS:
        return False
    return not any(entry.kind != "leader" for entry in load_actor_lexicon().lookup(tuple(words)))


def incident_fillers(report: Report) -> dict[str, set[str]]:
    """One string per entity from the incidents component's role mentions: the mentions of a
    role that share a head word are one entity, named by its most frequent form."""
    forms: dict[tuple[str, str], list[str]] = {}
    for mention in report.incident_roles:
        text = normalize(mention.text)
        if text:
            key = (MUC4_SLOTS[mention.role], _singular(text.split()[-1]))
            forms.setdefault(key, []).append(text)
    out: dict[str, set[str]] = {role: set() for role in ROLES}
    for (role, _), texts in forms.items():
        out[role].add(max(texts, key=texts.count))
    return out


def document_fillers(report: Report) -> dict[str, set[str]]:
    """Predicted strings per MUC-4 role for one report.

    On top of the events' own arguments, the attack sentences are scanned for words that fill a
    role however the lowercase text was parsed: weapon words ("a car bomb exploded"), the
    non-state armed groups named, perpetrator nouns ("the work of guerrillas") in the lead
    attack sentences, and sites an attack hit ("an attack on the vicas store") in all of them.
    """
    lex = load_lexicon()
    text = report.document.text
    if not report.incident_roles:
        return {role: set() for role in ROLES}
    out = role_fillers(report.events, text)
    attacks = _attack_events(report.events, text)
    sentences = sorted({(e.sentence.start, e.sentence.end) for e in attacks})
    for k, (start, end) in enumerate(sentences):
        sentence = text[start:end]
        if k < _LEAD_SENTENCES:
            _add_new(out["Weapon"], weapons(sentence, lex))
            _add_new(out["PerpInd"], perpetrator_nouns(sentence, lex))
            out["PerpOrg"].update(_groups_in(sentence, lex))
        _add_new(out["Target"], sites(sentence, lex))
    if attacks:
        for sentence in _SENTENCE_END.split(text):
            if _BLAME.search(sentence):
                out["PerpOrg"].update(_groups_in(sentence, lex))
    if attacks:
        for sentence in _SENTENCE_END.split(text):
            out["Victim"].update(casualty_list(sentence, lex))
    for role, fillers in incident_fillers(report).items():
        out[role] |= fillers
    out["PerpOrg"] = _merge_acronyms({normalize(n) for n in out["PerpOrg"]}, text)
    out["Victim"] = {v for v in out["Victim"] if _could_be_person(v)}
    out["Victim"] = complete_names({normalize(n) for n in out["Victim"]}, text, lex)
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


def _context(text: str, phrase: str, start: int | None = None, width: int = 60) -> str:
    """The phrase in its surrounding text, for reading errors."""
    if start is None or start < 0:
        start = text.lower().find(phrase.lower())
    if start < 0:
        return "(not in text)"
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[start + len(phrase) : start + len(phrase) + width].replace("\n", " ")
    return f"...{left}[{text[start : start + len(phrase)]}]{right}..."


def print_errors(record: dict, pred: dict[str, set[str]]) -> None:
    """Missed gold entities and spurious predictions of one document, with context."""
    gold = gold_fillers(record["templates"])
    text = record["doctext"]
    firsts = {
        normalize(m[0]): m
        for template in record["templates"]
        for role in ROLES
        for entity in template.get(role, [])
        for m in entity[:1]
    }
    for role in ROLES:
        preds = {normalize(p) for p in pred[role]} - {""}
        for mentions in gold[role]:
            if not mentions & preds:
                first = min(mentions, key=len)
                mention = next((firsts[m] for m in mentions if m in firsts), [first, None])
                print(f"MISS {role:8} {record['docid']} {first!r}  {_context(text, *mention)}")
        matched = set().union(*gold[role]) if gold[role] else set()
        for p in sorted(preds - matched):
            print(f"SPUR {role:8} {record['docid']} {p!r}  {_context(text, p)}")


def evaluate(records: list[dict], reports: list, show: int = 0, errors: bool = False) -> dict:
    """Per-role (matched, predicted, gold) totals over the documents."""
    totals = {role: [0, 0, 0] for role in ROLES}
    for k, (record, report) in enumerate(zip(records, reports, strict=True)):
        pred = document_fillers(report) if isinstance(report, Report) else role_fillers([])
        gold = gold_fillers(record["templates"])
        for role in ROLES:
            for j, value in enumerate(score(pred[role], gold[role])):
                totals[role][j] += value
        if k < show:
            print(record["docid"], {r: sorted(v) for r, v in pred.items() if v})
            print("   gold", {r: [sorted(m)[0] for m in g] for r, g in gold.items() if g})
        if errors:
            print_errors(record, pred)
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--show", type=int, default=0, help="print fillers of N documents")
    parser.add_argument("--errors", action="store_true", help="print missed and spurious fillers")
    args = parser.parse_args()
    lines = args.data.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    if args.limit:
        records = records[: args.limit]
        print(f"limited to the first {len(records)} documents")
    documents = [Document(id=r["docid"], text=r["doctext"]) for r in records]
    reports = process(documents, nlp=get_nlp())
    totals = evaluate(records, reports, args.show, args.errors)
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
