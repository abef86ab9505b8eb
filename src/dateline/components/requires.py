"""Warn when a Dateline component joins a pipeline that lacks what it reads.

Each factory declares spaCy's ``requires``/``assigns`` metadata (``nlp.analyze_pipes()`` reads
it too). A component added without the ones before it would run on empty inputs and quietly
give worse results (events without actors, places or times); ``check_pipeline``, called by each
factory as the component is made, turns that into a warning naming what is missing.
"""

from __future__ import annotations

import warnings

from spacy.language import Language


class PipelineOrderWarning(UserWarning):
    """A Dateline component was added to a pipeline without the components it reads."""


def check_pipeline(nlp: Language, factory: str) -> None:
    """Warn if no component already in ``nlp`` assigns an attribute ``factory`` requires."""
    assigned: set[str] = set()
    for pipe in nlp.pipe_names:
        assigned.update(nlp.get_pipe_meta(pipe).assigns)
    missing = [a for a in nlp.get_factory_meta(factory).requires if a not in assigned]
    if missing:
        warnings.warn(
            f"{factory} reads {', '.join(missing)}, which no component before it assigns: "
            "it will find little or nothing. Add spaCy's tagger, parser and ner and the Dateline "
            "components in order (dateline.pipeline.COMPONENTS), or use dateline.pipeline().",
            PipelineOrderWarning,
            stacklevel=2,
        )
