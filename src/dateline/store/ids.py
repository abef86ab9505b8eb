"""Document ids as people type them: the first characters the tables show ("48bbdcbd") stand
for the whole id when exactly one stored document's id starts with them."""

from __future__ import annotations

from dateline.store.database import Store

#: How many candidates an ambiguity error names.
_SHOWN = 5


def resolve_doc_id(store: Store, prefix: str) -> str:
    """The full id of the one document whose id starts with ``prefix``; ValueError naming the
    prefix when none or several do."""
    rows = store.con.execute(
        "SELECT id FROM documents WHERE starts_with(id, ?) ORDER BY id LIMIT ?",
        [prefix, _SHOWN + 1],
    ).fetchall()
    ids = [r[0] for r in rows]
    if prefix in ids or len(ids) == 1:
        return prefix if prefix in ids else ids[0]
    if not ids:
        raise ValueError(f"--doc {prefix!r}: no stored document id starts with it")
    more = ", ..." if len(ids) > _SHOWN else ""
    raise ValueError(
        f"--doc {prefix!r} is ambiguous: {', '.join(ids[:_SHOWN])}{more} (give more characters)"
    )
