"""Worker processes: a pool started ahead, one numerical thread each, the input cut so that the
workers finish together, and the same reports as one process."""

from __future__ import annotations

import os

from dateline.model import Document
from dateline.pipeline import _chunks, process, process_parallel, worker_pool


def test_chunks_keep_every_document_in_order_and_split_the_tail():
    for n in (0, 1, 5, 32, 33, 150):
        chunks = list(_chunks(range(n), 16, 2))
        assert [d for c in chunks for d in c] == list(range(n))
        assert all(0 < len(c) <= 16 for c in chunks)
    sizes = [len(c) for c in _chunks(range(150), 16, 2)]
    assert sizes[:8] == [16] * 8 and sorted(sizes[8:]) == [5, 5, 6, 6]


def test_a_started_pool_gives_one_process_reports(nlp, monkeypatch):
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    docs = [
        Document(id=str(n), text=f"Police arrested {n} men in Kabul on Monday.", dct="2020-03-02")
        for n in range(1, 8)
    ]
    alone = [r.to_dict() for r in process(docs, nlp=nlp, batch_size=2)]
    with worker_pool(2) as pool:
        assert pool.submit(os.getenv, "OMP_NUM_THREADS").result() == "1"
        together = [r.to_dict() for r in process_parallel(docs, 2, batch_size=2, pool=pool)]
    assert together == alone
    assert "OMP_NUM_THREADS" not in os.environ  # the caller's environment is given back
