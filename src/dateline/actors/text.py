"""Word-level normalization shared by the lexicon loader and the resolver.

Lexicon keys and looked-up names go through the same tokenizer, so "Britain’s Defense Ministry",
"U.S." and "Somalia-based" meet their table entries whatever their apostrophes, dots and hyphens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+(?:\.(?=[^\W_]\.))?|'s\b|-|&", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s\b")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a name: its normalized key and whether it was written capitalized."""

    norm: str
    cap: bool  # first letter upper case: a proper-name word
    upper: bool  # all letters upper case (an acronym, or a headline)


def fold(text: str) -> str:
    """Lowercase without diacritics: "Orbán" and "Orban" meet."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[Word]:
    """Split a name into words; dots inside abbreviations vanish ("U.S." -> "us")."""
    text = _POSSESSIVE.sub(" 's", text.replace("’", "'"))
    out: list[Word] = []
    for token in re.split(r"\s+", text):
        for m in _WORD.finditer(token.replace(".", "") if _is_abbrev(token) else token):
            w = m.group()
            letters = [c for c in w if c.isalpha()]
            out.append(
                Word(
                    norm=fold(w),
                    cap=bool(letters) and letters[0].isupper(),
                    upper=len(letters) > 1 and all(c.isupper() for c in letters),
                )
            )
    return out


def _is_abbrev(token: str) -> bool:
    return "." in token and bool(re.fullmatch(r"(?:[^\W\d_]{1,4}\.)+[^\W\d_]{0,3}\.?", token))


def key(text: str) -> tuple[str, ...]:
    """The lookup key of a lexicon phrase."""
    return tuple(w.norm for w in words(text))


def singulars(word: str) -> tuple[str, ...]:
    """Candidate singulars of a plural noun by the regular rules (empty when it ends in no s):
    "relatives" -> ("relative", "relatif"), "thieves" -> ("thieve", "thief")."""
    irregular = {"children": "child", "schoolchildren": "schoolchild", "people": "person"}
    if word in irregular:
        return (irregular[word],)
    out: list[str] = []
    if word.endswith("men") and len(word) > 4:
        out.append(word[:-3] + "man")
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith(("sses", "ches", "shes", "xes")):
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    if word.endswith("ves") and len(word) > 4:
        out.append(word[:-3] + "f")
    return tuple(out)
