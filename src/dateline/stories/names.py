"""Whether two names in two documents of one story name the same actor.

Outlets spell one person many ways: transliterations (Gaddafi / Gadhafi / Qaddafi), hyphens
(Thae Yong Ho / Thae Yong-ho), titles (Dr / Mr / President), middle initials (Gregory D. Reiber)
and short forms (Ben / Benjamin Crump). A name is reduced to a *key*: titles, particles and
initials dropped, short forms expanded, the rest spelled as a consonant skeleton by the rules in
``resources/stories/transliteration.tsv``. Two names match when their keys are equal, or within
one edit of each other with the same surname (``rapidfuzz``), so a typo still matches but two
people who share only a surname ("Muammar" and "Mutassim Gaddafi") do not. Organizations also
match on the same words in another order ("Transitional National Council").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dateline.tables import read_table

#: how alike (rapidfuzz ratio, 0-100) two spellings with one skeleton must look: Gaddafi and
#: Qaddafi (86) or Lee Cook-jong and Lee Guk-jong (76) pass, Huize and House (60) do not
SIMILAR = 70
_Rules = list[tuple[re.Pattern, str]]
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str], dict[str, str], _Rules]:
    titles = frozenset(row[0].strip() for row in read_table("stories", "titles.tsv"))
    particles = frozenset(row[0].strip() for row in read_table("stories", "particles.tsv"))
    short = {row[0].strip(): row[1].strip() for row in read_table("stories", "short_forms.tsv")}
    rules = [
        (re.compile(row[0]), row[1] if len(row) > 1 else "")
        for row in read_table("stories", "transliteration.tsv")
    ]
    return titles, particles, short, rules


def fold(text: str) -> str:
    """Lowercase without accents or curly apostrophes."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_tokens(name: str) -> list[str]:
    """The words of a name that say which person it is: titles in front, particles and single
    letters (initials) left out, short forms written out, hyphenated parts split."""
    titles, particles, short, _ = _lexicon()
    words = _TOKEN.findall(fold(name).replace("-", " "))
    while words and words[0] in titles:
        words = words[1:]
    words = [short.get(w, w) for w in words if len(w) > 1 and w not in particles]
    return [w.removesuffix("'s") for w in words]


def skeleton(word: str) -> str:
    """The consonant skeleton of a lowercase word by the transliteration rules."""
    for pattern, repl in _lexicon()[3]:
        word = pattern.sub(repl, word)
    return word


@dataclass(frozen=True, slots=True)
class NameKey:
    """What a name is compared by."""

    label: str  # entity label family: PERSON / ORG / GPE / NOMINAL
    tokens: tuple[str, ...]
    key: str  # skeleton of all tokens written together ("Yong Ho" = "Yong-ho")
    first: str  # skeleton of the first and last word, for a one-word mention ("Gaddafi")
    last: str

    @property
    def single(self) -> bool:
        return len(self.tokens) == 1


def name_key(name: str, label: str) -> NameKey | None:
    """The key of one entity name, or None when nothing of it is left to compare."""
    tokens = tuple(name_tokens(name)) if label != "NOMINAL" else tuple(_TOKEN.findall(fold(name)))
    if not tokens:
        return None
    return NameKey(
        label=label, tokens=tokens, key=skeleton("".join(tokens)),
        first=skeleton(tokens[0]), last=skeleton(tokens[-1]),
    )


def same_name(a: NameKey, b: NameKey) -> bool:
    """Two full names (two words or more, or one word each) of one actor."""
    if a.label != b.label:
        return False
    if a.key == b.key:  # a skeleton is lossy: the spellings must also look alike
        return fuzz.ratio("".join(a.tokens), "".join(b.tokens)) >= SIMILAR
    if a.label == "NOMINAL" or a.single or b.single:
        return False
    if a.label == "ORG" and fuzz.token_sort_ratio(" ".join(a.tokens), " ".join(b.tokens)) == 100:
        return True
    return (
        a.last == b.last
        and min(len(a.key), len(b.key)) >= 6
        and Levenshtein.distance(a.key, b.key) <= 1
    )


def short_mention(single: NameKey, full: NameKey) -> bool:
    """A one-word mention ("Gaddafi", "Thae") that spells the first or last word of a full name."""
    if single.label != full.label or not single.single or full.single:
        return False
    word = single.tokens[0]
    return any(
        single.key == skeleton(part) and fuzz.ratio(word, part) >= SIMILAR
        for part in (full.tokens[0], full.tokens[-1])
    )
