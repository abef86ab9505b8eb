"""What grouping compares of a document: a term vector, its index keys and a MinHash.

The vector weighs each word of the text by how specific it is in English at large (its Zipf
frequency from ``wordfreq``, which ships its tables), not by how often the store has seen it: a
document's signature then depends on its own text alone, so grouping is incremental and the
same whatever the order of ingest, and costs no store-wide statistics. Words of the names the
pipeline found (entities, places) weigh more: who and where tell one earthquake from another.
The MinHash (``datasketch``) of word 5-shingles finds syndicated copies; its bands are keys of
a locality-sensitive index kept in the store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash

from dateline.model import Report
from dateline.stories.settings import settings

#: Entity labels whose names tell one episode from another (not DATE, CARDINAL, ...).
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT"})
#: MinHash permutations, in BANDS bands of ROWS: a pair with a Jaccard similarity of 0.8 shares
#: a band with probability 1 - (1 - 0.8**4)**16 > 0.999, one of 0.3 with probability 0.12.
BANDS, ROWS = 16, 4
SHINGLE = 5
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?")
_SEED = 1
_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(slots=True)
class Signature:
    doc_id: str
    day: dt.date | None  # the publication date, when known
    not_before: dt.date | None  # undated: the latest date its text names (it cannot be older)
    vector: dict[str, float]  # term -> weight, unit length
    keys: list[str]  # the most specific terms, for the content index
    lead: set[str]  # the words of the person the text names most often (twice or more)
    minhash: np.ndarray  # uint64 hash values, BANDS * ROWS of them

    def bands(self) -> list[int]:
        """The document's LSH keys: one signed 64-bit hash per band (band number included)."""
        return [_band_key(i, self.minhash[i * ROWS:(i + 1) * ROWS]) for i in range(BANDS)]


def signature(report: Report) -> Signature:
    """The signature of one processed document."""
    doc = report.document
    words = [_norm(w) for w in _WORD.findall(doc.text)]
    names = set()
    for entity in report.entities:
        if entity.label in NAME_LABELS:
            for name in (entity.text, *entity.aliases):
                names.update(_norm(w) for w in _WORD.findall(name))
    for place in report.places:
        for name in (place.text, place.name or ""):
            names.update(_norm(w) for w in _WORD.findall(name))
    s = settings()
    vector = {}
    for word, tf in Counter(words).items():
        spec = specificity(word)
        if spec > 0:
            boost = s.name_weight if word in names else 1.0
            vector[word] = (1.0 + math.log(tf)) * spec * boost
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    vector = {t: w / norm for t, w in vector.items()}
    keys = sorted(vector, key=lambda t: (-vector[t], t))[: s.document_keys]
    day = dt.date.fromisoformat(doc.dct) if doc.dct else None
    named = [_period_start(t.value) for t in report.timexes if t.type == "DATE"]
    not_before = max((d for d in named if d), default=None) if day is None else None
    return Signature(
        doc.id, day, not_before, vector, keys, _lead(report, vector), _minhash(words)
    )


def _period_start(value: str) -> dt.date | None:
    """The first day of a TIMEX3 date with a known year (2017, 2017-10, 2017-10-05)."""
    match = _DATE_VALUE.fullmatch(value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


@lru_cache(maxsize=200_000)
def specificity(word: str) -> float:
    """How much a word tells about a story: the Zipf ceiling minus its frequency in English,
    0 for short and common words (which every story shares)."""
    from wordfreq import zipf_frequency

    s = settings()
    if len(word) < 3:
        return 0.0
    zipf = zipf_frequency(word, "en")
    return 0.0 if zipf > s.common_zipf else s.zipf_ceiling - zipf


def _lead(report: Report, vector: dict[str, float]) -> set[str]:
    """The words of the person named most often (twice or more, counting the mentions of a part
    of the name, "Jo" for "Jo Song Gil"): a story is about someone, and the same kind of news
    about someone else is another story."""
    people = [
        ({_norm(w) for w in _WORD.findall(e.text)}, len(e.mentions))
        for e in report.entities if e.label == "PERSON"
    ]
    best: set[str] = set()
    best_count = 1
    for words, _ in people:
        count = sum(n for other, n in people if other and other <= words)
        if count > best_count or (count == best_count and len(words) > len(best)):
            best, best_count = words, count
    return {w for w in best if w in vector}


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two documents' shingle sets."""
    return float(np.count_nonzero(a == b)) / len(a)


def _norm(word: str) -> str:
    word = word.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def _minhash(words: list[str]) -> np.ndarray:
    shingles = (
        [" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
        if len(words) >= SHINGLE else [" ".join(words)]
    )
    m = MinHash(num_perm=BANDS * ROWS, seed=_SEED)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m.hashvalues.astype(np.uint64)


def _band_key(band: int, rows: np.ndarray) -> int:
    digest = hashlib.blake2b(rows.tobytes(), digest_size=8, person=band.to_bytes(8, "little"))
    return int.from_bytes(digest.digest(), "little", signed=True)
