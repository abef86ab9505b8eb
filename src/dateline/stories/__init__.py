"""Stories: the same news told by many outlets, grouped into one story (``grouping``), resolved
across its documents and reported with where the outlets disagree (``report``).

``StoryGroup`` is the hand-over between the two halves: grouping decides which stored documents
form a story and which of them are copies of another; the report reads their reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class StoryGroup:
    """One story's membership as the store holds it."""

    id: str
    doc_ids: list[str]  # every member, oldest publication first (undated last), copies included
    copy_of: dict[str, str] = field(default_factory=dict)  # copy doc id -> original doc id
