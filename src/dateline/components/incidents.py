"""The ``dateline_incidents`` component: perpetrators, victims, targets and weapons of the
violent incident an article reports.

Writes ``doc._.incident_roles`` (``RoleMention`` records in text order, each linked to the
violent event of its sentence when there is one). Reads ``doc._.events``, so it runs after the
events component. The model is trained data, not rules: see ``dateline.incidents.roles``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

import dateline.extensions  # noqa: F401  (registers doc._.incident_roles)
from dateline.components.requires import check_pipeline
from dateline.incidents.roles import batch_incident_roles, incident_roles, load_model


@Language.factory(
    "dateline_incidents",
    requires=["doc._.events"],
    assigns=["doc._.incident_roles"],
    default_config={"threshold": 0.5},
)
def make_incidents(nlp: Language, name: str, threshold: float) -> IncidentsComponent:
    """``threshold``: the relevance probability below which an article gets no roles (0.5, the
    classes' boundary; on MUC-4 train's held-out part 0.1-0.6 score alike)."""
    check_pipeline(nlp, "dateline_incidents")
    return IncidentsComponent(load_model(), threshold)


class IncidentsComponent:
    """Tag the participants of an article's violent incident."""

    def __init__(self, model: Language, threshold: float) -> None:
        self.model = model
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        doc._.incident_roles = incident_roles(doc, self.model, self.threshold)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Tag a batch's passages together (``nlp.pipe`` calls this)."""
        for batch in minibatch(docs, size=batch_size):
            for doc, roles in zip(
                batch, batch_incident_roles(batch, self.model, self.threshold), strict=True
            ):
                doc._.incident_roles = roles
                yield doc
