"""The settings of story grouping, read once from ``resources/stories/settings.tsv``.

They are data, not code, so that one set of values serves every corpus and each says why it is
what it is (the table's third column).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

from dateline.tables import read_table


@dataclass(frozen=True, slots=True)
class Settings:
    window_days: int
    join_similarity: float
    far_join_similarity: float
    stranger_join_similarity: float
    copy_similarity: float
    name_weight: float
    common_zipf: float
    zipf_ceiling: float
    story_terms: int
    document_keys: int
    key_candidates: int


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The grouping settings; a missing or unknown name is an error naming the table."""
    values = {row[0].strip(): row[1].strip() for row in read_table("stories", "settings.tsv")}
    wanted = {f.name: f.type for f in fields(Settings)}
    if set(values) != set(wanted):
        raise ValueError(
            f"resources/stories/settings.tsv: expected {sorted(wanted)}, found {sorted(values)}"
        )
    return Settings(**{
        name: int(values[name]) if kind in ("int", int) else float(values[name])
        for name, kind in wanted.items()
    })
