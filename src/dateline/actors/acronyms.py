"""Acronyms a document defines: "KPA stands for the North's Korean People's Army",
"Korean People's Army (KPA)", "KPA (Korean People's Army)", or that match the initials of a name
the document spells out. Each definition maps the acronym to the mention of its expansion.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from dateline.actors.mentions import Mention

_ACRONYM = re.compile(r"[A-Z][A-Z.&-]*[A-Z]\.?")
_SMALL = frozenset({"of", "the", "and", "for", "'s", "&", "de", "la", "du"})
STAND_VERBS = frozenset({"stand", "stands", "stood", "means", "refers"})


def is_acronym(text: str) -> bool:
    return bool(_ACRONYM.fullmatch(text)) and sum(c.isupper() for c in text) >= 2


def initials(name: str) -> str:
    """ "Korean People's Army" -> "KPA"; small words are skipped."""
    words = re.split(r"[\s-]+", name.replace("'s", " 's"))
    return "".join(w[0].upper() for w in words if w and w.lower() not in _SMALL and w[0].isalpha())


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym if c.isalpha()).upper()


def definitions(doc: Doc, mentions: list[Mention]) -> dict[str, Mention]:
    """Acronym text -> the mention of its expansion."""
    by_start = {m.start: m for m in mentions}
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    out: dict[str, Mention] = {}
    for m in mentions:
        text = m.desc
        if not is_acronym(text):
            continue
        # "KPA stands for [the North's] Korean People's Army"
        after = doc[m.end : m.end + 2]
        if len(after) == 2 and after[0].lower_ in STAND_VERBS and after[1].lower_ == "for":
            for i in range(m.end + 2, min(m.end + 10, len(doc))):
                cand = by_start.get(i)
                if cand is not None and not cand.direction and cand.label != "NOMINAL":
                    out[text] = cand
                    break
            if text in out:
                continue
        # "KPA (Korean People's Army)"
        if m.end + 1 < len(doc) and doc[m.end].text == "(":
            cand = by_start.get(m.end + 1)
            if cand is not None and initials(cand.desc).startswith(_letters(text)[:2]):
                out[text] = cand
                continue
        # "Korean People's Army (KPA)"
        if m.start >= 2 and doc[m.start - 1].text == "(":
            cand = by_token.get(m.start - 2)
            if cand is not None and initials(cand.desc) == _letters(text):
                out[text] = cand
                continue
    # an acronym whose letters are the initials of a name the document spells out
    spelled: dict[str, Mention] = {}
    for m in mentions:
        if m.label != "NOMINAL" and not is_acronym(m.desc) and len(m.desc.split()) > 1:
            spelled.setdefault(initials(m.desc), m)
    for m in mentions:
        if is_acronym(m.desc) and m.desc not in out and _letters(m.desc) in spelled:
            out[m.desc] = spelled[_letters(m.desc)]
    return out
