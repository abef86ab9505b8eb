"""The small store the API and browser tests serve: the seed article, an article whose title and
text carry script payloads, one with an event tied to a place, and two broken JSONL lines."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.ingest import ingest
from dateline.store import Store

XSS_TITLE = "<script>alert('title')</script> Bank raid"
XSS_BODY = "<script>alert('body')</script> <img src=x onerror=alert(2)>"
ARTICLES = [
    {"id": "xss-1", "date": "2020-05-06", "url": "javascript:alert(3)", "title": XSS_TITLE,
     "text": f"Gunmen attacked a bank in Lagos on Monday, police said. {XSS_BODY}"},
    {"id": "raid-2", "date": "2021-03-10", "source": "Wire",
     "text": "Rebels attacked a police station in Kandahar on Tuesday, killing three officers."},
]


def build_store(folder: Path, seed_path: Path) -> Path:
    """Ingest the fixtures into ``folder/api.duckdb``: 3 documents stored, 2 lines rejected."""
    lines = [json.dumps(a) for a in ARTICLES] + ['{"text": ', '{"date": "2020-01-01"}']
    (folder / "fixtures.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = folder / "api.duckdb"
    with Store(path) as store:
        summary = ingest([seed_path, folder / "fixtures.jsonl"], store)
    assert (summary.stored, summary.rejected) == (3, 2)
    return path
