"""Events from a parsed Doc: trigger lookup, arguments, mode, modality, place, time, counts.

One pass over the tokens; the work per trigger is a few walks over its parse neighbourhood, so
the cost is linear in the document and small next to the parser's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dateline.events.arguments import (
    agent,
    clause_head,
    clause_tokens,
    direct_object,
    is_passive,
    noun_phrase,
    prep_objects,
    resolve_relative,
    subject,
    with_conjuncts,
)
from dateline.events.attribution import Source, find_source, source_organization
from dateline.events.lexicon import Lexicon, Trigger
from dateline.model import Event, EventTime, Offsets, TextSpan
from dateline.places.detect import find_dateline

try:  # the time component's event-time rule, when it is installed
    from dateline.time.anchoring import event_time as _event_time
except ImportError:  # pragma: no cover - depends on a sibling component
    _event_time = None

#: (doc, trigger, whether the text has the event happen) -> its time
TimeRule = Callable[[Doc, Token, bool], EventTime]
_SKIP_DEPS = frozenset({"compound", "amod", "nmod"})
#: Prepositions that locate: "in Seoul", "near the border".
_LOCATIVE = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "along", "within", "into", "from", "on"}
)
_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "npadvmod", "nmod"})
#: Dependents whose word can license a conditioned trigger ("fire at", "pull out", "air strike").
_NEED_DEPS = frozenset({"prep", "advmod", "prt", "agent", "compound", "amod", "nmod"})
_NAMED = frozenset({"ORG", "PERSON", "GPE", "WORK_OF_ART", "EVENT", "LAW", "FAC", "NORP"})
_PRONOUNS = frozenset({"he", "him", "she", "her", "they", "them", "it"})
#: ACLED's sub-type of taken territory, by whether the taker is the state.
_TERRITORY = {True: "Government regains territory", False: "Non-state actor overtakes territory"}
_PERSON_ENTS = frozenset({"PERSON", "NORP"})
_COUNTERS = frozenset({"dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "number"})
#: Endings of nouns for people not in the animacy list ("watchman", "activist", "civilian").
_PERSON_SUFFIXES = ("man", "men", "ist", "ian")
#: Types whose events an accusation or refusal carries as its content, not as facts.
_CONTENT_OF = frozenset({"ACCUSE", "REJECT"})
#: Quad classes of the types that can carry another event as their content (words, not acts).
_VERBAL = frozenset({1, 3})
#: Modes of nominal assaults whose possessor is the victim ("the jesuits' murder").
_VICTIM_MODES = frozenset({"targeted", "abduct", "torture", "sexual"})


@dataclass(slots=True)
class _Arg:
    token: Token
    span: Span
    entity: str | None


def match(token: Token, lex: Lexicon) -> Trigger | None:
    """The lexicon entry a token evokes, if any: the first whose conditions the parse meets."""
    if token.dep_ in _SKIP_DEPS and not misparsed_verb(token):
        return None
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB":
        entries = lex.triggers.get((lemma, "VERB")) or next(
            (found for stem in _stems(token) if (found := lex.triggers.get((stem, "VERB")))), ()
        )
    elif token.pos_ in ("NOUN", "PROPN") and token.ent_type_ not in _NAMED:
        entries = lex.triggers.get((lemma, "NOUN")) or lex.triggers.get((token.lower_, "NOUN"), ())
    else:
        return None
    return next((t for t in entries if _needs_met(token, t)), None)


def _stems(token: Token) -> list[str]:
    """A past form's possible stems where the lemmatizer failed: "machinegunned" ->
    "machinegun", "raped" -> "rape" (spaCy's lemma is "rap")."""
    word = token.lower_
    if not word.endswith("ed") or len(word) <= 4:
        return [word]
    stem = word[:-2]
    if stem[-1] == stem[-2]:
        return [stem[:-1], word[:-1]]
    return [word[:-1], stem]


def misparsed_verb(token: Token) -> bool:
    """A verb the parser took for a modifier between its subject and object, as happens in
    lowercase text: "the eln kidnapped businessman sergio alarcon" (amod of "alarcon").

    A real participle modifier follows a determiner or an adjective ("the wounded soldiers");
    here a noun of the same phrase comes right before the verb.
    """
    if token.pos_ != "VERB" or token.dep_ != "amod" or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.pos_ in ("NOUN", "PROPN") and before.head == token.head


def _needs_met(token: Token, trigger: Trigger) -> bool:
    if not trigger.needs:
        return True
    for child in token.children:
        if child.dep_ in ("dobj", "obj", "nsubjpass"):
            if "*" in trigger.needs or child.lemma_.lower() in trigger.needs:
                return True  # "*": any object ("returned the paintings", not "returned home")
            if child.lower_ in trigger.needs:
                return True
            if any(c.lower_ in trigger.needs for c in child.children if c.dep_ == "compound"):
                return True  # "declared martial law", "imposed a state of emergency"
            of = next(prep_objects(child, frozenset({"of"})), None)
            if of is not None and {of.lemma_.lower(), of.lower_} & trigger.needs:
                return True  # "provide 25,000 tons of food aid", "a number of forces"
        elif child.dep_ in _NEED_DEPS and child.lower_ in trigger.needs and not _with_non(child):
            return True
    return False


def _with_non(word: Token) -> bool:
    """A modifier written with "non-" ("a non-violent demonstration") says the opposite."""
    doc = word.doc
    return word.i >= 2 and doc[word.i - 1].text == "-" and doc[word.i - 2].lower_ == "non"


def _responsibility_for(token: Token) -> Token | None:
    """The verb of "X claimed responsibility for [the attack]" when the token is the act."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "for" and head.head.lower_ == "responsibility":
        return head.head.head
    return None


def _is_person(token: Token, lex: Lexicon) -> bool:
    lemma = token.lemma_.lower()
    if lemma in _COUNTERS:  # "dozens of activists", "hundreds of prisoners"
        of = next(prep_objects(token, frozenset({"of"})), None)
        if of is not None:
            return _is_person(of, lex)
    return (
        token.ent_type_ in _PERSON_ENTS
        or lex.kind_of(token) in ("person", "title")
        or token.pos_ == "NUM"
        or (lemma not in lex.animacy and lemma.endswith(_PERSON_SUFFIXES))
    )


def _is_site(token: Token, lex: Lexicon) -> bool:
    return lex.kind_of(token) == "site" or token.ent_type_ == "FAC"


def _is_actor_like(token: Token, lex: Lexicon) -> bool:
    """A person, group, organization or named entity (not a thing or an abstraction)."""
    return (
        _is_person(token, lex)
        or token._.entity_id is not None
        or token.ent_type_ in _NAMED
        or token.pos_ in ("PROPN", "PRON")
        or lex.kind_of(token) in ("person", "org")
    )


def _cue_token(token: Token, type_: str, lex: Lexicon) -> Token | None:
    """The token that names a mode cue: the noun itself, or its compound ("mortar fire")."""
    for child in token.children:  # the modifier is the more specific: "suicide bomber"
        if child.dep_ in ("compound", "amod") and (type_, child.lemma_.lower()) in lex.modes:
            return child
    for word in (token.lemma_.lower(), token.lower_):
        if (type_, word) in lex.modes:
            return token
    return None


def _instrument_mode(token: Token, type_: str, lex: Lexicon) -> tuple[str, str | None] | None:
    cue = _cue_token(token, type_, lex)
    if cue is None:
        return None
    return lex.modes.get((type_, cue.lemma_.lower())) or lex.modes[(type_, cue.lower_)]


def _pronoun_antecedent(token: Token, avoid: Token | None, lex: Lexicon) -> str | None:
    """The entity a pronoun stands for: the nearest earlier person-like noun in its sentence."""
    start = token.sent.start
    for i in range(token.i - 1, start - 1, -1):
        cand = token.doc[i]
        if cand is avoid or (avoid is not None and cand.head is avoid):
            continue
        if cand.pos_ in ("NOUN", "PROPN") and cand._.entity_id and _is_person(cand, lex):
            return cand._.entity_id
    return None


class _Builder:
    """Turns triggers of one document into Events."""

    def __init__(self, doc: Doc, lex: Lexicon, time_rule: TimeRule | None) -> None:
        self.doc = doc
        self.lex = lex
        self.time_rule = time_rule
        self.places = self._token_map(doc._.places or ())
        self.located = self._located(doc._.places or ())
        #: the dateline's tokens: its place is the article's (``placing``), not a clause's
        self.dateline = {i for span in find_dateline(doc) or () if span is not None
                         for i in range(span.start, span.end)}
        self.quantities = self._token_map(doc._.quantities or ())
        self.last_victim: _Arg | None = None
        self.sectors = {e.id: e.sector for e in doc._.entities or ()}

    def _token_map(self, records) -> dict[int, int]:
        """Token index -> record index, for records with character offsets."""
        out: dict[int, int] = {}
        for index, record in enumerate(records):
            span = self.doc.char_span(record.start, record.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    out.setdefault(i, index)
        return out

    def _located(self, places) -> set[int]:
        """Places named as where something is ("in Seoul"), not as modifiers ("US-led")."""
        out: set[int] = set()
        for index, place in enumerate(places):
            span = self.doc.char_span(place.start, place.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            if root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE:
                out.add(index)
        return out

    def arg(self, token: Token | None, avoid: Token | None = None) -> _Arg | None:
        if token is None:
            return None
        token = resolve_relative(token)
        entity = token._.entity_id
        if entity is None and token.lower_ in _PRONOUNS:
            entity = _pronoun_antecedent(token, avoid, self.lex)
        if token.pos_ == "NUM":  # "killed three": the count is the victim
            return _Arg(token, self.doc[token.i : token.i + 1], entity)
        return _Arg(token, noun_phrase(token), entity)

    def build(self, token: Token, trigger: Trigger, sent: Span, number: int) -> Event | None:
        lex = self.lex
        type_ = trigger.type
        source = find_source(self.doc, token, lex)
        content_of = self._content_of(token)
        if content_of in _CONTENT_OF:
            return None
        instruments: list[Token] = []
        content: Token | None = None
        if token.pos_ == "VERB":
            actor_tok, target_tok, content = self._verb_args(token, trigger, instruments)
        else:
            head_trigger = match(token.head, lex) if token.dep_ in ("dobj", "obj") else None
            if head_trigger is not None and token.lemma_.lower() in head_trigger.needs:
                return None  # "imposed a curfew": the verb's event already covers the noun
            actor_tok, target_tok = self._noun_args(token, trigger, instruments)
            content = next(prep_objects(token, frozenset({"for"})), None)
            if actor_tok is None and target_tok is None and not trigger.alone:
                return None
        eventive = actor_tok is not None and match(actor_tok, lex) is not None
        if eventive and _is_person(actor_tok, lex):
            eventive = False  # "protesters clashed": people, though the noun evokes a protest
        if actor_tok is not None and (eventive or _instrument_mode(actor_tok, "ASSAULT", lex)):
            if _instrument_mode(actor_tok, "ASSAULT", lex):
                instruments.append(actor_tok)
            actor_tok = None  # "a bomb exploded", "the attack killed": no actor
        if trigger.person and (target_tok is None or not _is_person(target_tok, lex)):
            return None
        if trigger.site and (target_tok is None or not _is_site(target_tok, lex)):
            return None
        if actor_tok is not None and (
            actor_tok.ent_type_ in ("DATE", "TIME") or actor_tok.i in self.dateline
        ):
            actor_tok = None  # "KABUL —": where the article was filed from, not who acted
        if target_tok is not None and target_tok.ent_type_ in ("DATE", "TIME"):
            target_tok = None  # "blew up on monday": a misparse, not a target
        actor = self.arg(actor_tok)
        target = self.arg(target_tok, avoid=actor_tok)
        if target is not None and misparsed_verb(token):  # the object starts after the verb
            target.span = self.doc[token.i + 1 : max(target.span.end, token.i + 2)]
        if actor is not None and misparsed_verb(token):
            actor.span = self.doc[actor.span.start : min(actor.span.end, token.i)]
        if trigger.accused:
            if source is None:
                return None
            target, actor = actor, None
            org_id, org_text = source_organization(source, lex)
            actor_id, actor_text = org_id, org_text
        else:
            actor_id = actor.entity if actor else None
            actor_text = actor.span.text if actor else None
            bare = actor is not None and len(actor.span) == 1
            if bare and source and actor.token.lemma_.lower() in lex.cues["generic_actor"]:
                # bare "officials": the organization the text cites
                actor_id, actor_text = source_organization(source, lex)
        target = self._coreferent(target, type_)
        mode, acled = self._mode(trigger, instruments, content)
        info = lex.info(type_, mode)
        if acled is None:
            acled = trigger.acled or self._one_sided(info.acled_subtype, target)
        acled = self._territory(acled, actor_id)
        if mode == "primitive" and target is not None and _is_site(target.token, lex):
            acled = "Looting/property destruction"  # "torched two patrol cars": arson on property
        if type_ == "ASSAULT" and actor and actor.token.lemma_.lower() in lex.cues["mob"]:
            acled = "Mob violence"  # "an angry mob set him ablaze", "vigilantes killed six"
        negated, modality, generic = self._modality(token, content_of, source)
        if type_ == "ASSAULT" and target is not None and _is_person(target.token, lex):
            self.last_victim = target
        place, place_basis = self._place(
            token, sent, [a.span for a in (actor, target) if a is not None]
        )
        return Event(
            id=f"V{number}",
            type=type_,
            mode=mode,
            trigger=TextSpan(token.text, token.idx, token.idx + len(token.text)),
            sentence=Offsets(sent.start_char, sent.end_char),
            actor=actor_id,
            target=target.entity if target else None,
            actor_text=actor_text,
            target_text=target.span.text if target else None,
            place=place,
            place_basis=place_basis,
            time=(
                self.time_rule(self.doc, token, modality != "hypothetical")
                if self.time_rule
                else EventTime()
            ),
            quantities=self._quantities(token),
            source=source.entity if source else None,
            source_text=source.text if source else None,
            negated=negated,
            modality=modality,
            generic=generic,
            quad_class=info.quad,
            score=info.score,
            cameo=self._statement(token) or trigger.cameo or info.cameo,
            acled_type=lex.acled_types.get(acled) if acled else None,
            acled_subtype=acled,
            instruments=self._instruments(instruments),
            actor_mention=self._mention(actor) if actor and not trigger.accused else None,
            target_mention=self._mention(target),
            co_actors=self._co(actor) if not trigger.accused else [],
            co_targets=self._co(target),
            theme=self._span(content) if content is not None and content.pos_ != "VERB" else None,
            claimed=self._claimed(token),
            demanded=any(
                c.dep_ == "aux" and c.lower_ in lex.cues["obligation"] for c in token.children
            ),
        )

    @staticmethod
    def _mention(arg: _Arg | None) -> TextSpan | None:
        if arg is None:
            return None
        return TextSpan(arg.span.text, arg.span.start_char, arg.span.end_char)

    def _co(self, arg: _Arg | None) -> list[TextSpan]:
        """The phrases coordinated with an argument ("oqueli and his companion gilda flores")."""
        if arg is None:
            return []
        return [self._span(t) for t in with_conjuncts(arg.token)[1:]]

    def _instruments(self, tokens: list[Token]) -> list[TextSpan]:
        """Each instrument once, as the phrase of its cue word ("mortar", not "mortar fire")."""
        out: list[TextSpan] = []
        for token in tokens:
            own = ("ASSAULT", token.lemma_.lower()) in self.lex.modes
            span = self._span(token if own else _cue_token(token, "ASSAULT", self.lex) or token)
            if all((s.start, s.end) != (span.start, span.end) for s in out):
                out.append(span)
        return out

    def _span(self, token: Token) -> TextSpan:
        span = noun_phrase(token)
        return TextSpan(span.text, span.start_char, span.end_char)

    def _verb_args(
        self, token: Token, trigger: Trigger, instruments: list[Token]
    ) -> tuple[Token | None, Token | None, Token | None]:
        lex = self.lex
        if misparsed_verb(token):
            target = token.head
            while target.dep_ == "compound" and target.head.i > target.i:
                target = target.head  # "businessman sergio alarcon": the name's head
            return token.doc[token.i - 1], target, None
        subj = subject(token)
        obj = direct_object(token)
        content: Token | None = None
        if is_passive(token):
            actor, target = agent(token), subj
        else:
            actor, target = subj, obj
            if trigger.accused:
                target = None
        if obj is not None and not is_passive(token):
            needed = trigger.needs and obj.lemma_.lower() in trigger.needs
            crowd = _is_person(obj, lex) or obj.lemma_.lower() in lex.cues["protester"]
            if (needed and not crowd) or _instrument_mode(obj, "ASSAULT", lex):
                # "fired shots", "lifted a ban": the object names the act, not whom it is for
                # ("accepted refugees", "suppressed a protest": them)
                if _instrument_mode(obj, trigger.type, lex):
                    instruments.append(obj)
                target = None
            elif trigger.type in lex.cues["content_object"] and not _is_actor_like(obj, lex):
                content, target = obj, None
        if (
            target is not None
            and trigger.type == "ASSAULT"
            and _instrument_mode(target, "ASSAULT", lex)
        ):
            instruments.append(target)  # "grenades were hurled at ...": the thing thrown
            target = None
        for child in token.children:
            if child.dep_ == "xcomp" and content is None:
                content = child  # "threatened to attack"
        if target is None or (trigger.needs and target is not obj):
            preps = lex.target_preps[trigger.type]
            holders = [token] + ([obj] if obj is not None else [])
            if obj is not None:  # "lifted restrictions imposed on X"
                holders += [c for c in obj.children if c.dep_ == "acl"]
            for holder in holders:
                found = next(
                    (
                        o
                        for o in prep_objects(holder, preps)
                        if not _instrument_mode(o, "ASSAULT", lex)
                        and o.ent_type_ not in ("DATE", "TIME")  # "lifted a ban on Tuesday"
                    ),
                    None,
                )
                if found is not None:
                    target = found
                    break
        for inst in prep_objects(token, frozenset({"with"})):
            if _instrument_mode(inst, trigger.type, lex):
                instruments.extend(with_conjuncts(inst))
        head = token.head
        if token.dep_ in ("xcomp", "advcl") and head.lemma_.lower() in ("use", "employ"):
            used = direct_object(head)
            if used is not None:
                instruments.extend(with_conjuncts(used))
        return actor, target, content

    def _noun_args(
        self, token: Token, trigger: Trigger, instruments: list[Token]
    ) -> tuple[Token | None, Token | None]:
        lex = self.lex
        actor: Token | None = None
        possessed: Token | None = None
        for child in token.children:
            if child.dep_ == "poss":
                possessed = child
            elif child.dep_ in ("compound", "amod") and _instrument_mode(child, trigger.type, lex):
                instruments.append(child)  # "a car bomb attack", "a chemical attack"
            elif child.dep_ == "compound" and (child._.entity_id or child.ent_type_ in _NAMED):
                actor = child
        actor = agent(token) or actor
        head = token.head
        # the object of a light verb ("carried out an attack"): the verb holds its arguments
        light = token.dep_ in ("dobj", "obj") and head.lemma_.lower() in lex.cues["light"]
        if light:
            actor = actor or subject(head)
        elif (claimer := _responsibility_for(token)) is not None:
            actor = actor or (subject(claimer) if claimer.pos_ == "VERB" else None)
        elif token.dep_ == "pobj" and head.lower_ in ("in", "for"):
            actor = actor or self._participant(head.head)  # "gather for a meeting"
        elif token.dep_ == "nsubjpass" and head.lemma_.lower() in lex.cues["light"]:
            actor = actor or agent(head)  # "the attack was carried out by a couple"
        for child in token.children:  # "the murder ... perpetrated by professionals"
            if child.dep_ == "acl" and child.lemma_.lower() in lex.cues["participation"]:
                actor = actor or agent(child)
        preps = lex.target_preps[trigger.type]
        if trigger.type in ("ASSAULT", "COERCE"):
            preps = preps | {"of"}
        target = next(prep_objects(token, preps), None)
        if target is not None and _instrument_mode(target, "ASSAULT", lex):
            instruments.append(target)  # "the explosion of a bomb"
            target = None
        if target is None and token.dep_ == "conj":  # "the disappearance and kidnapping of X"
            target = next(prep_objects(token.head, preps), None)
        if target is None and light:
            # "launched an assault [on X]": the parse often hangs the target on the light verb
            target = next(
                (o for o in prep_objects(head, preps) if o.ent_type_ not in ("DATE", "TIME")), None
            )
        if target is None and token.dep_ == "nsubj" and head.lemma_.lower() in lex.cues["casualty"]:
            # "a car bombing ... killed 75 people": those it killed are whom it hit
            target = next((c for c in head.children if c.dep_ in ("dobj", "obj")), None)
        if target is None and light:
            # "carried out air strikes ..., killing dozens of fighters" / "..., targeting X"
            hitting = lex.cues["casualty"] | lex.cues["aim"]
            target = next(
                (
                    o
                    for c in head.children
                    if c.dep_ == "advcl" and c.lemma_.lower() in hitting
                    for o in c.children
                    if o.dep_ in ("dobj", "obj")
                ),
                None,
            )
        if possessed is not None:
            if target is None and (trigger.mode in _VICTIM_MODES or trigger.lemma == "killing"):
                target = possessed  # "the jesuits' murder": the possessor is the victim
            else:
                actor = actor or possessed
        for inst in prep_objects(token, frozenset({"with"})):
            if _instrument_mode(inst, trigger.type, lex):
                instruments.extend(with_conjuncts(inst))
        user = head.head if token.dep_ == "pobj" else None
        if user is not None and user.lemma_.lower() in ("use", "employ"):
            used = direct_object(user)  # "used mustard gas in an attack"
            if used is not None:
                instruments.extend(with_conjuncts(used))
        return actor, target

    def _participant(self, verb: Token) -> Token | None:
        """Who a verb of participation puts in an act: "X were involved in", "implicated X in"."""
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in self.lex.cues["participation"]:
            return None
        if verb.lemma_.lower() == "implicate" and not is_passive(verb):
            return direct_object(verb)
        return subject(verb)

    def _statement(self, token: Token) -> str | None:
        """CAMEO 01 (a statement) for an act only deliberated ("is considering sending aid",
        CAMEO 014) and for agreeing with someone's view ("agree with the NCAA that ...")."""
        head = token.head
        if token.dep_ in ("xcomp", "ccomp", "pcomp") and head.lemma_.lower() in (
            self.lex.cues["deliberation"]
        ):
            return "01"
        if token.lemma_.lower() in self.lex.cues["opinion"] and any(
            c.dep_ == "ccomp" for c in token.children
        ):
            return "01"
        return None

    def _claimed(self, token: Token) -> bool:
        """Whether the text has the act claimed: "claimed responsibility for the attack",
        "claimed that they had attacked the base"."""
        head = _responsibility_for(token)
        if head is None and token.dep_ in ("ccomp", "xcomp"):
            head = token.head
        return head is not None and head.lemma_.lower() in self.lex.cues["claim"]

    def _content_of(self, token: Token) -> str | None:
        """The type of the trigger whose content this token is ("accused X of kidnapping",
        "charged him with murder")."""
        head = token.head
        if token.dep_ in ("pobj", "pcomp") and head.lower_ in ("of", "for", "with"):
            head = head.head
        elif token.dep_ not in ("xcomp", "ccomp"):
            return None  # "condemned the assassination": the object presupposes the act
        found = match(head, self.lex) if head is not token else None
        if found is None or self.lex.info(found.type, None).quad not in _VERBAL:
            return None
        return found.type

    def _one_sided(self, acled: str | None, target: _Arg | None) -> str | None:
        """ACLED's "Armed clash" needs two armed sides; violence on anyone else is an "Attack"."""
        if acled != "Armed clash" or target is None:
            return acled
        armed = self.lex.cues["armed"]
        words = {t.lemma_.lower() for t in target.span} | {target.token.lower_}
        return acled if words & armed or target.token.pos_ == "PRON" else "Attack"

    def _territory(self, acled: str | None, actor: str | None) -> str | None:
        """Territory taken: by state forces ("the Syrian army captured ...") ACLED's
        "Government regains territory", by anyone else "Non-state actor overtakes territory";
        the trigger's own choice when the actor's sector is unknown."""
        sector = self.sectors.get(actor) if actor else None
        if acled not in _TERRITORY.values() or not sector:
            return acled
        return _TERRITORY[sector in self.lex.cues["state_sector"]]

    def _coreferent(self, target: _Arg | None, type_: str) -> _Arg | None:
        """ "their former comrade" after an assault on the defector is the defector."""
        if (
            target is not None
            and target.entity is None
            and type_ == "ASSAULT"
            and self.last_victim is not None
            and target.token.lemma_.lower() in self.lex.cues["coref"]
        ):
            return _Arg(target.token, target.span, self.last_victim.entity)
        return target

    def _mode(
        self, trigger: Trigger, instruments: list[Token], content: Token | None
    ) -> tuple[str | None, str | None]:
        for inst in instruments:  # "mortar rounds containing poisonous gases": chemical arms
            for word in inst.subtree:
                found = _instrument_mode(word, trigger.type, self.lex)
                if found and found[0] == "unconventional":
                    return found
        for inst in instruments:
            found = _instrument_mode(inst, trigger.type, self.lex)
            if found:
                return found
        if content is not None:
            found = _instrument_mode(content, trigger.type, self.lex)
            if found:
                return found
        return trigger.mode, None

    def _modality(
        self, token: Token, content_of: str | None, source: Source | None
    ) -> tuple[bool, str, bool]:
        cues = self.lex.cues
        verb = token if token.pos_ == "VERB" else None
        scope = [token]
        if (
            verb is None
            and token.dep_ in ("dobj", "obj")
            and (token.head.lemma_.lower() in cues["light"])
        ):
            verb = token.head
            scope.append(verb)
        elif verb is None and token.dep_ == "pobj" and token.head.lower_ in ("in", "for"):
            joined = token.head.head  # "will gather for a meeting", "took part in the attack"
            if joined.pos_ == "VERB" and joined.lemma_.lower() in cues["participation"]:
                verb = joined
                scope.append(verb)
        negated = generic = hypothetical = False
        if token.dep_ in ("dobj", "obj") and token.head.lemma_.lower() in cues["stopping"]:
            negated = True  # "halted the fighting": no fighting goes on
        for node in scope:
            for child in node.children:
                word = child.lower_
                if child.dep_ == "neg" or (child.dep_ == "det" and word == "no"):
                    negated = True
                elif (child.dep_ == "aux" and word in cues["hypothetical_aux"]) or (
                    child.dep_ == "mark" and word in ("if", "unless")
                ):
                    hypothetical = True
                elif child.dep_ == "advmod" and word in cues["generic"]:
                    generic = True
                elif child.dep_ == "amod" and word == "future":
                    hypothetical = True
        if verb is not None:
            head = verb.head
            governor = head.lemma_.lower()
            complement = verb.dep_ in ("xcomp", "ccomp", "advcl")
            if complement and governor in cues["negating_head"]:
                negated = True  # "failed to reach", "declined to resign"
            elif complement and governor in cues["hypothetical_head"]:
                hypothetical = True
            elif (
                verb.dep_ in ("advcl", "xcomp", "acl")
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                and head.lemma_.lower() not in ("use", "employ")
            ):
                hypothetical = True  # a purpose: "requested a meeting to discuss"
            if (
                head is not verb
                and any(
                    c.dep_ == "aux" and c.lower_ in cues["hypothetical_aux"] for c in head.children
                )
                and verb.dep_ in ("xcomp", "conj")
            ):
                hypothetical = True
        if content_of is not None:
            hypothetical = True  # "threatened to attack", "demanded the release"
        if hypothetical:
            modality = "hypothetical"
        elif source is not None:
            modality = "reported"
        else:
            modality = "asserted"
        return negated, modality, generic

    def _place(self, token: Token, sent: Span, taken: list[Span]) -> tuple[int | None, str | None]:
        """A place in the trigger's clause, else one the sentence locates something in, with
        which of the two it was ("clause", "sentence"); the article-level fallbacks are
        ``placing.fill_places``'s.

        Places inside the actor or target phrase ("South Korea's military") are not where the
        event happened, nor are modifiers ("the US-led command").
        """
        blocked = {i for span in taken for i in range(span.start, span.end)} | self.dateline
        first, last, excluded = clause_tokens(clause_head(token))
        for i in range(first, last + 1):
            index = self.places.get(i)
            if index is None or i in excluded or i in blocked:
                continue
            if index in self.located or self.doc[i].dep_ not in _MODIFIER_DEPS:
                return index, "clause"
        for i in range(sent.start, sent.end):
            index = self.places.get(i)
            if index is not None and index in self.located and i not in blocked:
                return index, "sentence"
        return None, None

    def _quantities(self, token: Token) -> list[int]:
        if not self.quantities:
            return []
        first, last, excluded = clause_tokens(clause_head(token))
        found: list[int] = []
        for i in range(first, last + 1):
            index = self.quantities.get(i)
            if index is not None and i not in excluded and index not in found:
                found.append(index)
        return found


def extract(doc: Doc, lex: Lexicon, time_rule: TimeRule | None = _event_time) -> list[Event]:
    """All events of a parsed Doc, in text order, with ids V1, V2, ..."""
    builder = _Builder(doc, lex, time_rule)
    events: list[Event] = []
    if not doc.has_annotation("DEP"):
        return events
    for sent in doc.sents:
        for token in sent:
            trigger = match(token, lex)
            if trigger is None:
                continue
            event = builder.build(token, trigger, sent, len(events) + 1)
            if event is not None:
                events.append(event)
    return events
