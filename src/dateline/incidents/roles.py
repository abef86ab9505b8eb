"""Role mentions of the violent incident an article reports, from a trained tagger.

Why trained: the rule-based events give the actor and target of each violent clause, but an
incident's participants are spread over the article ("the victim, a 57-year-old judge, ..."),
and MUC-4-style role filling is where hand-written rules plateau. The model (a spaCy tok2vec +
ner for the roles, a bag-of-words textcat for whether the article reports an incident at all)
is trained by ``training/train_incidents.py`` on MUC-4 train and ships under
``resources/incidents/model``. MUC-4's texts are lowercase, so the model reads a lowercased
copy of the tokens: it then works the same on any article, whatever its casing.

Only articles with a violent event that happened (from the events component) are tagged, and
only when the relevance model agrees; elsewhere the tagger would find "victims" in every
mention of violence, and the cost stays off the articles that have none. Within an article,
the tagger reads the sentences around the violent events (as it was trained on sentences):
on MUC-4 train's held-out part that scores as well as the whole article, at half the cost.

The model knows its training data: Latin American news of 1989-90 about terrorism. On other
news it finds the common kinds of participant ("gunmen", "a car bomb", "the Medellin cartel")
and misses many others; an empty list means "nothing found", not "no participants".
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files

import spacy
from spacy.attrs import LOWER, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

from dateline.events.lexicon import load_lexicon
from dateline.model import Event, RoleMention
from dateline.tables import weapons

#: Event types (type, mode or None for any mode) that make an incident.
VIOLENT = frozenset({("ASSAULT", None), ("COERCE", "seize")})
#: The component's roles and the MUC-4 slots the model learned them from (the training script
#: labels by them, the MUC-4 benchmark maps back by them).
MUC4_SLOTS = {
    "perpetrator": "PerpInd",
    "perpetrator_org": "PerpOrg",
    "target": "Target",
    "victim": "Victim",
    "weapon": "Weapon",
}


@lru_cache(maxsize=1)
def load_model() -> Language:
    """The trained incident pipeline, loaded once per process."""
    return spacy.load(str(files("dateline") / "resources" / "incidents" / "model"))


def violent_events(events: list[Event]) -> list[Event]:
    """Violent events the article asserts or reports as having happened."""
    return [
        e
        for e in events
        if not e.negated
        and e.modality != "hypothetical"
        and ((e.type, None) in VIOLENT or (e.type, e.mode) in VIOLENT)
    ]


def lower_tokens(doc: Doc) -> tuple[list[str], list[bool]]:
    """The doc's tokens lowercased, and whether a space follows each: read from its arrays, as
    building Token objects for every word costs more than the tagger's own lookups."""
    rows = doc.to_array([LOWER, SPACY]).tolist()
    strings = doc.vocab.strings
    return [strings[lower] for lower, _ in rows], [bool(space) for _, space in rows]


def incident_roles(doc: Doc, model: Language, threshold: float) -> list[RoleMention]:
    """Role mentions in ``doc`` when it reports a violent incident, else none."""
    return batch_incident_roles([doc], model, threshold)[0]


def batch_incident_roles(
    docs: Sequence[Doc], model: Language, threshold: float
) -> list[list[RoleMention]]:
    """Role mentions of each doc, the passages of the whole batch tagged in one ``pipe`` call:
    the tagger's matrix work is shared across documents, as in spaCy's own ``Language.pipe``."""
    work: list[tuple[int, list[Event], Span, Doc]] = []
    for i, doc in enumerate(docs):
        events = violent_events(doc._.events or [])
        if not events or not len(doc):
            continue
        words, spaces = lower_tokens(doc)
        relevance = model.get_pipe("textcat")(Doc(model.vocab, words=words, spaces=spaces))
        if relevance.cats.get("INCIDENT", 0.0) >= threshold:
            for passage in _passages(doc, events):
                part = slice(passage.start, passage.end)
                lower = Doc(model.vocab, words=words[part], spaces=spaces[part])
                work.append((i, events, passage, lower))
    roles: list[list[RoleMention]] = [[] for _ in docs]
    tagged = model.pipe((lower for *_, lower in work), disable=["textcat"])
    for (i, events, passage, _), lower in zip(work, tagged, strict=True):
        for ent in lower.ents:
            role, span = ent.label_.lower(), passage[ent.start : ent.end]
            if plausible(role, span):
                roles[i].append(
                    RoleMention(
                        role=role,
                        text=span.text,
                        start=span.start_char,
                        end=span.end_char,
                        event=_event_of(span.start_char, events),
                    )
                )
    return roles


#: Sentences tagged around each violent event's sentence: the incident's participants are
#: named there or in the sentences next to it.
CONTEXT = 2


def _passages(doc: Doc, events: list[Event]) -> list[Span]:
    """Runs of sentences around the violent events' sentences, in text order."""
    sentences = list(doc.sents)
    starts = [s.start_char for s in sentences]
    wanted: set[int] = set()
    for event in events:
        i = bisect_right(starts, event.sentence.start) - 1
        wanted.update(range(max(0, i - CONTEXT), min(len(sentences), i + CONTEXT + 1)))
    passages: list[Span] = []
    for i in sorted(wanted):
        if passages and passages[-1].end == sentences[i].start:
            passages[-1] = doc[passages[-1].start : sentences[i].end]
        else:
            passages.append(sentences[i])
    return passages


#: Entity types that cannot fill a role: a victim is no organization or place, nobody is a place.
_NOT_A = {
    "victim": frozenset({"ORG", "GPE", "LOC", "FAC"}),
    "perpetrator": frozenset({"GPE", "LOC", "FAC"}),
    "perpetrator_org": frozenset({"GPE", "LOC", "FAC", "PERSON"}),
    "target": frozenset({"PERSON", "NORP", "GPE", "LOC"}),
}
#: Parts of speech no role filler contains: a span across a verb is a clause, not a name.
_CLAUSAL = frozenset({"VERB", "AUX"})
#: Kinds of head noun (events' animacy table) that cannot fill a role.
_NOT_KIND = {
    "victim": frozenset({"org", "site"}),
    "perpetrator": frozenset({"site"}),
    "perpetrator_org": frozenset({"site"}),
    "target": frozenset({"person", "title"}),
}


@lru_cache(maxsize=1)
def _weapon_words() -> frozenset[str]:
    return frozenset(w.lemma for w in weapons())


def plausible(role: str, span: Span) -> bool:
    """Whether a tagged span can fill its role, by what the other components know of it.

    The tagger reads lowercase words in a small window; the parse, the entities and the
    lexicons catch its slips outside its training data ("the police" as a victim, "a charge of
    theft" as a weapon, "critically injures" inside a name): a filler is a noun phrase (no verb,
    no trailing hyphen), a weapon names a weapon word and no "of" complement, and a role is not
    filled by an entity or head noun of a kind it cannot be.
    """
    last = span[-1]
    if any(t.pos_ in _CLAUSAL for t in span) or last.is_punct or last.text.endswith("-"):
        return False
    if role == "weapon":
        words = _weapon_words()
        named = any(t.lemma_.lower() in words or t.lower_ in words for t in span)
        return named and not any(t.lower_ == "of" for t in span)
    if span.root.ent_type_ in _NOT_A.get(role, ()):
        return False
    return load_lexicon().kind_of(last) not in _NOT_KIND.get(role, ())


def _event_of(offset: int, events: list[Event]) -> str | None:
    """The first violent event whose sentence holds the offset."""
    for event in events:
        if event.sentence.start <= offset < event.sentence.end:
            return event.id
    return None
