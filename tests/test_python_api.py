"""The Python and spaCy API: dateline.extract / dateline.pipeline, the components found through
spaCy's entry points, the document date set before nlp(), and Docs through DocBin."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from typer.testing import CliRunner

import dateline
from dateline.cli import app
from dateline.components.requires import PipelineOrderWarning
from dateline.pipeline import COMPONENTS, MODEL

TEXT = "North Korean troops fired at a soldier on Monday near Panmunjom, the military said."


def test_import_dateline_does_not_load_spacy():
    code = "import sys, dateline; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_extract_gives_a_report_anchored_on_the_date():
    report = dateline.extract(TEXT, dct="2017-11-22", url="https://example.com/a")
    assert report.document.dct == "2017-11-22" and report.document.url == "https://example.com/a"
    (fired,) = [e for e in report.events if e.trigger.text == "fired"]
    assert fired.time.value == "2017-11-20"
    assert report.document.id == dateline.extract(f"  {TEXT}\n", dct="2017-11-22",
                                                  url="https://example.com/a").document.id


def test_extract_without_a_date_leaves_relative_dates_open():
    report = dateline.extract(TEXT)
    assert report.document.dct is None
    assert all(not (t.value or "").startswith("2017") for t in report.timexes)


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({"text": TEXT, "dct": "2017-13-01"}, "not a YYYY-MM-DD date"),
    ({"text": "   "}, "no text"),
])
def test_extract_bad_input_names_the_reason(kwargs, reason):
    with pytest.raises(ValueError, match=reason):
        dateline.extract(**kwargs)


def test_pipeline_is_callable_and_has_the_components(nlp):
    built = dateline.pipeline(model=MODEL)
    assert built.pipe_names[-len(COMPONENTS):] == list(COMPONENTS)
    assert all(not problems for problems in built.analyze_pipes()["problems"].values())


def test_pipeline_names_a_missing_model():
    with pytest.raises(ValueError, match="not installed"):
        dateline.pipeline(model="no_such_pipeline_xyz")


def test_document_date_set_before_nlp(nlp):
    doc = nlp.make_doc("They met on Monday.")
    doc.user_data["dct"] = "2017-11-22"
    assert nlp(doc)._.timexes[0].value == "2017-11-20"
    doc = nlp.make_doc("They met on Monday.")
    doc._.dct = "2017-11-22"
    assert nlp(doc)._.timexes[0].value == "2017-11-20"
    assert nlp("They met on Monday.")._.timexes[0].value == "XXXX-WXX-1"  # no date: as before


def test_a_bad_document_date_is_refused(nlp):
    with pytest.raises(ValueError, match="not a YYYY-MM-DD date"):
        nlp.make_doc("x")._.dct = "22/11/2017"


def test_doc_round_trips_through_docbin_and_bytes(nlp, seed_text):
    doc = nlp.make_doc(seed_text)
    doc._.dct = "2017-11-22"
    doc = nlp(doc)
    assert doc._.events and doc._.places
    data = DocBin(docs=[doc], store_user_data=True).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    assert back._.dct == doc._.dct
    for name in ("entities", "timexes", "quantities", "places", "events", "quotes",
                 "attributions", "incident_roles", "toponyms"):
        assert list(getattr(back._, name)) == getattr(doc._, name), name
    assert [t._.entity_id for t in back] == [t._.entity_id for t in doc]
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again._.events == doc._.events and again._.dct == doc._.dct


def test_a_component_added_alone_warns():
    blank = spacy.blank("en")
    with pytest.warns(PipelineOrderWarning, match="dateline_events reads .*doc._.entities"):
        blank.add_pipe("dateline_events")


def test_the_full_pipeline_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PipelineOrderWarning)
        dateline.pipeline()


#: Run in a fresh interpreter that never imports dateline: spaCy finds the factories through
#: the ``spacy_factories`` entry points.
_ENTRY_POINT_SCRIPT = """
import json, sys
import spacy
from spacy.tokens import DocBin
nlp = spacy.load(sys.argv[1])
for name in sys.argv[2:]:
    nlp.add_pipe(name)
doc = nlp.make_doc("North Korean troops fired at a soldier on Monday near Panmunjom.")
doc.user_data["dct"] = "2017-11-22"
doc = nlp(doc)
(back,) = DocBin(docs=[doc], store_user_data=True).from_bytes(
    DocBin(docs=[doc], store_user_data=True).to_bytes()).get_docs(nlp.vocab)
print(json.dumps({"events": [e.type for e in back._.events],
                  "time": back._.events[0].time.value, "places": [p.name for p in back._.places],
                  "same": list(back._.events) == doc._.events}))
"""


def test_pipeline_from_entry_points_without_importing_dateline(tmp_path):
    script = tmp_path / "use_spacy.py"
    script.write_text(_ENTRY_POINT_SCRIPT)
    out = subprocess.run([sys.executable, str(script), MODEL, *COMPONENTS], capture_output=True,
                         text=True, check=True, cwd=tmp_path)
    result = json.loads(out.stdout)
    assert "dateline" not in _ENTRY_POINT_SCRIPT
    assert result["events"] == ["ASSAULT"] and result["time"] == "2017-11-20"
    assert result["places"] == ["Joint Security Area"] and result["same"]


def test_cli_model_option(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(TEXT)
    runner = CliRunner()
    ok = runner.invoke(app, ["extract", str(src), "--dct", "2017-11-22", "--model", MODEL])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["events"]
    bad = runner.invoke(app, ["extract", str(src), "--model", "no_such"], env={"COLUMNS": "200"})
    assert bad.exit_code == 2 and "not an installed spaCy pipeline" in bad.output
    bad = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "x.duckdb"),
                              "--model", str(tmp_path)], env={"COLUMNS": "200"})
    assert bad.exit_code == 2 and "not an English spaCy pipeline" in bad.output


def test_the_readme_example_runs(capsys):
    """The README's Python example runs and prints what it says it prints."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    expected = [line[2:] for line in code.splitlines() if line.startswith("# ")]
    assert capsys.readouterr().out.splitlines() == expected


def test_the_field_dictionary_lists_every_field():
    import dataclasses
    from pathlib import Path

    from dateline import model

    text = (Path(__file__).resolve().parents[1] / "docs" / "report-contract.md").read_text()
    for cls in vars(model).values():
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            section = text.split(f"### {cls.__name__}\n", 1)[1].split("\n### ", 1)[0]
            for f in dataclasses.fields(cls):
                assert f"| `{f.name}` |" in section, (cls.__name__, f.name)


def test_a_bad_user_data_date_is_named(nlp):
    doc = nlp.make_doc("They met on Monday.")
    doc.user_data["dct"] = "Monday"
    with pytest.raises(ValueError, match='user_data\\["dct"\\] .* not a YYYY-MM-DD date'):
        nlp.get_pipe("dateline_timex")(doc)  # (nlp(doc) would go to an error handler if set)
