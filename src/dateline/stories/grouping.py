"""Incremental story grouping: each new document joins a story or starts one, as it arrives.

A document is first checked for being a copy (a stored document shares a MinHash band with it
and their estimated Jaccard similarity reaches ``copy_similarity``): a copy joins its
original's story, linked by ``copy_of``, and adds nothing to the story's vector, so wire text
under many URLs counts once. Otherwise its candidates are the stories with a dated document
within ``window_days`` of its own date (blocking by time) and the stories that share most of
its index keys (its most specific terms: how an undated document, or a follow-up weeks later,
finds its story). It joins the candidate whose vector is most similar, if similar enough: a
story out of its time window (for an undated document: one that names a later year than any
date of the story) needs the stricter ``far_join_similarity``, so that the same kind of event a
month later elsewhere starts a story of its own; a story that never names the person the
document names most needs ``stranger_join_similarity``. The store is read once per batch (a
few scans) and the work per document is a bounded number of comparisons (the stories of a time
window and at most ``key_candidates`` more), so the cost per document does not grow with the
store (``benchmarks/stories_eval.py`` measures it at 1k, 10k and 100k stored documents).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from dateline.model import Report
from dateline.stories import membership as db
from dateline.stories.membership import Placement, StoryState
from dateline.stories.settings import settings
from dateline.stories.signature import Signature, jaccard, signature

if TYPE_CHECKING:
    import duckdb

    from dateline.store import Store

#: Stored documents grouped per batch by ``add_stored`` (as many as ingest writes at once).
STORED_BATCH = 64


class Grouper:
    """Groups the documents of one store, batch after batch (one per ingest run)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.settings = settings()
        # what this batch has read from the store or placed but not yet written (so that a
        # batch's documents see each other): stories by id, members by band, story ids by key
        self._stories: dict[str, StoryState] = {}
        self._placements: list[Placement] = []
        self._bands: dict[int, list[db.Member]] = {}
        self._keys: dict[str, set[str]] = {}

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The store's connection of the moment (a writer opens the file per batch)."""
        return self.store.con

    def add(self, reports: Iterable[Report]) -> list[Placement]:
        """Place each report not grouped yet, in order, and write the batch."""
        reports = list(reports)
        if not reports:
            return []
        with self.store.holding():
            return self._add(reports)

    def _add(self, reports: list[Report]) -> list[Placement]:
        """``add`` with the store file held."""
        done = db.grouped_ids(self.con, [r.document.id for r in reports])
        sigs = []
        for report in reports:
            if report.document.id not in done:
                done.add(report.document.id)
                sigs.append(signature(report))
        self._prefetch(sigs)
        placed = [self._place(sig) for sig in sigs]
        self._flush()
        return placed

    def add_stored(self) -> int:
        """Group the stored documents that have no story yet (a store made before stories, or
        an ingest stopped between writing a batch and grouping it); returns how many."""
        with self.store.holding():
            ids = db.ungrouped_ids(self.con)
        for i in range(0, len(ids), STORED_BATCH):
            self.add(self.store.load_report(d) for d in ids[i:i + STORED_BATCH])
        return len(ids)

    def _prefetch(self, sigs: list[Signature]) -> None:
        """Read what the batch's documents may need from the store in a few scans (bands, keys,
        the stories of its time window), so that the store is read per batch, not per
        document."""
        if not sigs:
            return
        self._bands = db.band_members(self.con, sorted({b for s in sigs for b in s.bands()}))
        self._keys = db.key_stories(self.con, sorted({k for s in sigs for k in s.keys}))
        days = [s.day for s in sigs if s.day is not None]
        window = dt.timedelta(days=self.settings.window_days)
        ids = set(db.window_story_ids(self.con, min(days) - window, max(days) + window)) \
            if days else set()
        for sig in sigs:
            ids.update(self._key_candidates(sig))
        self._load(ids)

    # -- one document ------------------------------------------------------------------------
    def _place(self, sig: Signature) -> Placement:
        bands = sig.bands()
        original = self._original(sig, bands)
        if original is not None:
            story = self._story(original.story_id)
            self._extend(story, sig, add_vector=False)
            root = original.copy_of or original.doc_id
            score = jaccard(sig.minhash, original.minhash)
            placement = Placement(
                sig.doc_id, story.id, root, score, sig.day, sig.minhash, bands, []
            )
        else:
            story, score = self._best_story(sig)
            if story is None:
                story = StoryState(f"s{sig.doc_id}", sig.day, sig.day, 0, {}, new=True)
                self._stories[story.id] = story
            self._extend(story, sig, add_vector=True)
            placement = Placement(sig.doc_id, story.id, None, score, sig.day, sig.minhash, bands,
                                  sig.keys)
            for key in sig.keys:
                self._keys.setdefault(key, set()).add(story.id)
        member = db.Member(sig.doc_id, placement.story_id, placement.copy_of, sig.minhash)
        for band in bands:
            self._bands.setdefault(band, []).append(member)
        self._placements.append(placement)
        return placement

    def _original(self, sig: Signature, bands: list[int]) -> db.Member | None:
        """The first document found that this one copies, if any."""
        least = self.settings.copy_similarity
        members = (m for b in bands for m in self._bands.get(b, ()))
        return next((m for m in members if jaccard(sig.minhash, m.minhash) >= least), None)

    def _key_candidates(self, sig: Signature) -> list[str]:
        """The stories sharing most of a document's index keys, at most ``key_candidates``."""
        shared: dict[str, int] = {}
        for key in sig.keys:
            for story_id in self._keys.get(key, ()):
                shared[story_id] = shared.get(story_id, 0) + 1
        ranked = sorted(shared, key=lambda i: (-shared[i], i))
        return ranked[: self.settings.key_candidates]

    def _best_story(self, sig: Signature) -> tuple[StoryState | None, float | None]:
        s = self.settings
        ids = set(self._key_candidates(sig))
        if sig.day is not None:
            ids.update(
                st.id for st in self._stories.values()
                if st.first_day is not None and _gap(st, sig.day) <= s.window_days
            )
        best, best_score = None, None
        for story in self._load(ids):
            score = _similarity(sig.vector, story)
            if _far(story, sig, s.window_days):
                needed = s.far_join_similarity
            elif sig.lead and not sig.lead & story.vector.keys():
                needed = s.stranger_join_similarity  # about someone the story never names
            else:
                needed = s.join_similarity
            if score >= needed and (best_score is None or score > best_score):
                best, best_score = story, score
        return best, best_score

    # -- stories -----------------------------------------------------------------------------
    def _story(self, story_id: str) -> StoryState:
        return self._load({story_id})[0]

    def _load(self, ids: set[str]) -> list[StoryState]:
        missing = [i for i in ids if i not in self._stories]
        if missing:
            for story in db.load_stories(self.con, missing):
                self._stories[story.id] = story
        return [self._stories[i] for i in sorted(ids) if i in self._stories]

    def _extend(self, story: StoryState, sig: Signature, add_vector: bool) -> None:
        story.documents += 1
        if sig.not_before is not None:
            story.named_day = max(story.named_day or sig.not_before, sig.not_before)
        if sig.day is not None:
            story.first_day = min(story.first_day or sig.day, sig.day)
            story.last_day = max(story.last_day or sig.day, sig.day)
        if add_vector:
            vector = dict(story.vector)
            for term, weight in sig.vector.items():
                vector[term] = vector.get(term, 0.0) + weight
            kept = sorted(vector, key=lambda t: (-vector[t], t))[: self.settings.story_terms]
            story.set_vector({t: vector[t] for t in kept})

    def _flush(self) -> None:
        touched = {p.story_id for p in self._placements}
        db.write_batch(
            self.con, self._placements, [self._stories[i] for i in sorted(touched)]
        )
        self._stories = {}
        self._placements = []
        self._bands = {}
        self._keys = {}


def _similarity(unit: dict[str, float], story: StoryState) -> float:
    """Cosine of a document's unit vector and a story's vector (its length kept with it)."""
    if not story.norm:
        return 0.0
    vector = story.vector
    return sum(w * vector.get(t, 0.0) for t, w in unit.items()) / story.norm


def _far(story: StoryState, sig: Signature, days: int) -> bool:
    """Whether a document lies out of a story's time: dated more than ``days`` from its dated
    span, or undated but naming a later year than any date of the story or of its documents'
    texts (a text is no older than the dates it names; a year, since an undated text's dates are
    often coarse and a story's documents name dates weeks apart)."""
    if sig.day is not None:
        return _gap(story, sig.day) > days
    known = [d for d in (story.last_day, story.named_day) if d is not None]
    if sig.not_before is not None and known:
        return sig.not_before.year > max(known).year
    return False


def _gap(story: StoryState, day: dt.date) -> int:
    """Days between a date and a story's dated span (0 inside it or for an undated story)."""
    if story.first_day is None or story.last_day is None:
        return 0
    if day < story.first_day:
        return (story.first_day - day).days
    return max(0, (day - story.last_day).days)
