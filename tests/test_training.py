"""The incidents model's training data: MUC-4 records to labelled sentences."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import spacy

_PATH = Path(__file__).resolve().parents[1] / "training" / "train_incidents.py"
_SPEC = importlib.util.spec_from_file_location("train_incidents", _PATH)
train_incidents = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(train_incidents)

RECORD = {
    "docid": "T1",
    "doctext": "guerrillas bombed the power station.  the weather was fine.  "
    "police said the guerrillas used dynamite.",
    "templates": [
        {
            "incident_type": "bombing",
            "PerpInd": [[["guerrillas", 0]]],
            "Target": [[["power station", 22]]],
            "Weapon": [[["dynamite", 0]]],
        }
    ],
}


def test_every_occurrence_of_a_mention_is_labelled():
    marks = train_incidents.role_marks(RECORD)
    text = RECORD["doctext"]
    found = sorted((text[s:e], label) for s, e, label in marks)
    assert found == [
        ("dynamite", "WEAPON"),
        ("guerrillas", "PERPETRATOR"),
        ("guerrillas", "PERPETRATOR"),
        ("power station", "TARGET"),
    ]


def test_sentences_without_a_filler_are_dropped_or_kept_by_the_rate():
    nlp = spacy.blank("en")
    kept_all = train_incidents.sentence_docs(nlp, RECORD, random.Random(0), 1.0)
    dropped = train_incidents.sentence_docs(nlp, RECORD, random.Random(0), 0.0)
    assert len(kept_all) == 3 and len(dropped) == 2
    assert [[(e.text, e.label_) for e in d.ents] for d in dropped] == [
        [("guerrillas", "PERPETRATOR"), ("power station", "TARGET")],
        [("guerrillas", "PERPETRATOR"), ("dynamite", "WEAPON")],
    ]


def test_a_record_without_templates_is_an_irrelevant_document():
    nlp = spacy.blank("en")
    doc = train_incidents.relevance_doc(nlp, {**RECORD, "templates": []})
    assert doc.cats == {"INCIDENT": 0.0, "OTHER": 1.0}
    assert train_incidents.role_marks({**RECORD, "templates": []}) == []
