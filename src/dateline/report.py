"""Turn a processed Doc into a Report: the one place where components' records are gathered."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.model import RECORD_KINDS, Document, Report


def doc_to_report(doc: Doc, document: Document) -> Report:
    """The report of a Doc that went through Dateline's pipeline."""
    parts = {name: list(getattr(doc._, name) or []) for name in RECORD_KINDS}
    return Report(document=document, **parts)
