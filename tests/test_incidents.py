"""The incidents component: trained role mentions of the violent incident an article reports."""

from __future__ import annotations

import json

import pytest
from spacy.tokens import Doc
from typer.testing import CliRunner

from dateline.cli import app
from dateline.incidents.roles import lower_tokens, plausible, violent_events
from dateline.model import Event, Offsets, TextSpan

ATTACK = (
    "A car bomb exploded outside the offices of the newspaper El Tiempo in Bogota today, killing "
    "two guards. Police blamed the Medellin cartel for the attack. In a separate incident, "
    "unidentified men kidnapped businessman Juan Perez in Lima."
)
CALM = (
    "The city council approved the new budget on Tuesday after a long debate. The mayor said "
    "the money would go to schools and roads."
)


def _roles(report) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for mention in report.incident_roles:
        out.setdefault(mention.role, set()).add(mention.text.lower())
    return out


def test_an_attack_gets_its_perpetrators_victim_and_weapon(run):
    report = run(ATTACK)
    roles = _roles(report)
    assert "car bomb" in roles.get("weapon", set()), roles
    assert "medellin cartel" in roles.get("perpetrator_org", set()), roles
    assert "juan perez" in roles.get("victim", set()), roles
    violent = {e.id for e in report.events if e.type == "ASSAULT"}
    assert all(m.event is None or m.event in violent for m in report.incident_roles)
    for mention in report.incident_roles:
        assert ATTACK[mention.start : mention.end] == mention.text


def test_roles_do_not_depend_on_casing(run):
    cased = _roles(run(ATTACK))
    lower = _roles(run(ATTACK.lower()))
    assert cased == lower


def test_an_article_without_violence_gets_no_roles(run):
    assert run(CALM).incident_roles == []


def test_negated_and_hypothetical_violence_is_no_incident():
    def event(**kw) -> Event:
        return Event(id="V1", type="ASSAULT", trigger=TextSpan("shot", 0, 4),
                     sentence=Offsets(0, 10), **kw)

    assert violent_events([event(negated=True), event(modality="hypothetical")]) == []
    assert len(violent_events([event(), event(modality="reported")])) == 2


@pytest.mark.parametrize(
    ("text", "role", "start", "end", "expected"),
    [
        ("A car bomb exploded in the market.", "weapon", 1, 3, True),
        ("He faces a charge of theft of property.", "weapon", 3, 8, False),
        ("The police arrived at the scene.", "victim", 1, 2, False),
        ("Gunmen shot Juan Perez in Lima.", "victim", 2, 4, True),
        ("A crash critically injures a woman.", "perpetrator", 0, 4, False),
        ("Vandals struck in Columbus on Monday.", "target", 3, 4, False),
        ("Rebels burned the town hall.", "target", 3, 5, True),
    ],
)
def test_a_filler_must_be_a_noun_phrase_of_a_kind_its_role_allows(
    nlp, text, role, start, end, expected
):
    doc = nlp(text)
    assert plausible(role, doc[start:end]) is expected


def test_the_lowercased_copy_keeps_the_tokens_aligned(nlp):
    doc = nlp.make_doc("Gunmen KILLED Judge Ruiz.  Then they fled.")
    words, spaces = lower_tokens(doc)
    assert words == [t.text.lower() for t in doc]
    assert "".join(w + " " * s for w, s in zip(words, spaces, strict=True)) == doc.text.lower()


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01 ### 999999999999999999", "ñ" * 500])
def test_garbage_and_empty_input_give_no_roles(run, text):
    assert run(text).incident_roles == []


def test_the_component_skips_a_doc_without_events(nlp):
    doc = Doc(nlp.vocab, words=["shot", "dead"])
    doc._.events = None
    assert nlp.get_pipe("dateline_incidents")(doc)._.incident_roles == []


def test_a_batch_gets_the_roles_each_doc_gets_alone(nlp):
    texts = [ATTACK, CALM, ATTACK.lower()]
    alone = [nlp(t)._.incident_roles for t in texts]
    batched = [d._.incident_roles for d in nlp.pipe(texts, batch_size=3)]
    assert batched == alone
    assert alone[0] and not alone[1]


@pytest.fixture()
def attack_file(tmp_path):
    """The attack fixture as a dated article file."""
    src = tmp_path / "attack.txt"
    src.write_text(f" date 2021-05-04 \n{ATTACK}\n", encoding="utf-8")
    return src


def test_extract_reports_incident_roles_through_the_cli(attack_file):
    result = CliRunner().invoke(app, ["extract", str(attack_file)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    roles = {(r["role"], r["text"].lower()) for r in report["incident_roles"]}
    assert ("weapon", "car bomb") in roles, roles


def test_incident_roles_are_stored_and_queryable(tmp_path, attack_file):
    db = tmp_path / "news.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(attack_file), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["query", "incident_roles", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"role", "text", "start_char", "end_char", "event"} <= rows[0].keys()
    assert ("weapon", "car bomb") in {(r["role"], r["text"].lower()) for r in rows}
    table = runner.invoke(app, ["query", "incident_roles", "--db", str(db)])
    assert "car bomb" in table.stdout
