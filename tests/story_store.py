"""A small store for the story routes: three outlets telling one shooting (they disagree on
how often the soldier was hit; one title carries a script payload) and one unrelated raid."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.ingest import ingest
from dateline.store import Store

XSS_TITLE = "<script>alert('story')</script> Soldier shot at border"
ARTICLES = [
    {"id": "ap-1", "date": "2017-11-14", "source": "apnews.com", "title": XSS_TITLE,
     "text": "A North Korean soldier was shot five times by North Korean troops on Monday, "
     "November 13, as he fled across the border, the UN Command said. Surgeon Lee Cook-jong "
     "said the soldier was hit at least four times. <img src=x onerror=alert(1)>"},
    {"id": "cnn-1", "date": "2017-11-14", "source": "cnn.com",
     "text": "The soldier was shot eight times by North Korean troops as he fled across the "
     "border, surgeon Lee Guk-jong said on Tuesday."},
    {"id": "bbc-1", "date": "2017-11-24", "source": "bbc.co.uk",
     "text": "The North Korean soldier who was shot last week by North Korean troops as he fled "
     "across the border on Monday is recovering, Dr Lee Kook-jong said on Friday."},
    {"id": "raid-1", "date": "2021-03-10", "source": "Wire",
     "text": "Rebels attacked a police station in Kandahar on Tuesday, killing three officers."},
]


def build_story_store(folder: Path) -> Path:
    """Ingest the articles into ``folder/stories.duckdb`` (grouped into stories as they go)."""
    src = folder / "stories.jsonl"
    src.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    path = folder / "stories.duckdb"
    with Store(path) as store:
        summary = ingest([src], store)
    assert summary.stored == len(ARTICLES)
    return path
