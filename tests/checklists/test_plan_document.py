"""The plan document: headings, answers, advice for skipped and thin steps, escaping, sources."""
import re
from datetime import datetime

import pytest

from checklists.plan_document import escape_markdown, plan_filename, plan_summary, render_plan
from checklists.plan import load_plan

CREATED = datetime(2025, 11, 23, 14, 5)
FULL = "Vi har en styringsgruppe med ordfører, kommunedirektør og to ungdommer."


@pytest.fixture
def answers(plan):
    return {step.id: FULL for step in plan.steps}


def test_document_has_title_date_note_and_every_phase_and_step_heading(plan, answers):
    doc = render_plan(answers, "nb", CREATED)
    assert doc.startswith(f"# {plan.document_title.nb}\n")
    assert "23. november 2025" in doc and plan.document_note.nb in doc
    for number, phase in enumerate(plan.phases, start=1):
        assert f"\n## {number}. {phase.title.nb}\n" in doc
    for step in plan.steps:
        assert f"\n### {step.heading.nb}\n" in doc
    assert doc.count(f"> {FULL}") == len(plan.steps)
    assert f"Besvart: {len(plan.steps)} av {len(plan.steps)}" in doc


def test_full_answers_get_no_advice(plan, answers):
    doc = render_plan(answers, "nb", CREATED)
    assert "Råd:" not in doc and "Hoppet over" not in doc


def test_skipped_missing_and_thin_steps_get_advice_and_citations(plan, answers):
    answers["why_cocreate"] = None  # skipped
    del answers["citizen_contact"]  # never reached
    answers["roles"] = "Meg"  # thin
    doc = render_plan(answers, "nb", CREATED)
    assert doc.count("**Råd:**") == 3
    for step_id in ("why_cocreate", "citizen_contact", "roles"):
        assert plan.step(step_id).advice.nb in doc
    assert "Hoppet over." in doc and "Ikke besvart." in doc and "> Meg" in doc
    assert "Kilde: Borge og Kaasa (2023), Å lede samskaping, 6.2 Praktiske og teoretiske implikasjoner" in doc
    assert "- Gundersen (2023), Samskaping i Lillehammer kommune, 4.4.1 Prosjektmodellen" in doc


def test_english_document(plan, answers):
    answers["mandate"] = None
    doc = render_plan(answers, "en", CREATED)
    assert doc.startswith(f"# {plan.document_title.en}\n") and "23 November 2025" in doc
    assert f"**Advice:** {plan.step('mandate').advice.en}" in doc
    assert "Borge and Kaasa (2023), Å lede samskaping, 2.3.2.1.1" in doc
    assert "Råd:" not in doc


def test_document_ends_with_both_theses(answers):
    doc = render_plan(answers, "nb", CREATED)
    sources = doc.split("\n## Kilder\n", 1)[1]
    assert "Inger Elisabeth Borge og Marion Kaasa (2023)" in sources and "Universitetet i Sørøst-Norge" in sources
    assert "Mathias A. Gundersen (2023)" in sources and "NTNU" in sources


def _answer_lines(doc: str) -> list[str]:
    return [line for line in doc.splitlines() if line.startswith(">")]


@pytest.mark.parametrize("evil", [
    "# hack", "## hack\nmer tekst", "[x](http://evil)", "![bilde](http://evil/x.png)", "<script>alert(1)</script>",
    "* punkt", "- punkt", "1. punkt", "    kodeblokk", "```\nkode\n```", "tekst\n===", "---", "> sitat",
    "| a | b |", "**fet** _kursiv_ ~~streket~~", "&amp; &#35;",
])
def test_user_text_cannot_inject_markdown(plan, answers, evil):
    answers["mandate"] = evil
    doc = render_plan(answers, "nb", CREATED)
    headings = [line for line in doc.splitlines() if line.startswith("#")]
    assert len(headings) == 1 + len(plan.phases) + len(plan.steps) + 1
    quoted = [line for line in _answer_lines(doc) if FULL not in line]
    assert quoted
    for line in quoted:
        body = line[1:].strip()
        assert not re.match(r"^([#>*+=|]|-|\d+[.)]|```|~~~)", body), line
        assert not re.search(r"(?<!\\)[\[\]<>`*_|~]", body), line
        assert not re.search(r"(?<!\\)&#?\w+;", body), line


def test_escaped_link_keeps_the_text_readable():
    assert escape_markdown("[x](http://evil)") == ["\\[x\\](http:\u200b//evil)"]
    assert escape_markdown("# hack") == [r"\# hack"]
    assert escape_markdown("Vi møtes hver tirsdag. Det går bra!") == ["Vi møtes hver tirsdag. Det går bra!"]


def test_slot_names_are_accepted_and_unknown_steps_rejected(plan, answers):
    slots = {f"hp_{k}": v for k, v in answers.items()}
    assert render_plan(slots, "nb", CREATED) == render_plan(answers, "nb", CREATED)
    with pytest.raises(ValueError):
        render_plan({"no_such_step": "x"}, "nb", CREATED)
    with pytest.raises(ValueError):
        render_plan({"mandate": 3}, "nb", CREATED)


def test_unknown_language_falls_back_to_bokmal(answers):
    assert render_plan(answers, "fr", CREATED) == render_plan(answers, "nb", CREATED)


def test_summary_counts_answered_and_skipped_steps(plan, answers):
    total = len(plan.steps)
    answers["why_cocreate"] = None
    answers["roles"] = None
    text = plan_summary(answers, "nb")
    assert f"{total - 2} av {total}" in text and "hoppet over 2" in text and "vedlagt" in text
    assert "råd" in text
    en = plan_summary({s.id: FULL for s in plan.steps}, "en")
    assert f"{total} of {total}" in en and "skipped" not in en and "attached" in en


def test_summary_of_nothing_answered(plan):
    text = plan_summary({}, "nb")
    assert f"0 av {len(plan.steps)}" in text and f"hoppet over {len(plan.steps)}" in text


def test_filename_has_the_date():
    assert plan_filename(CREATED, "nb") == "plan-samskaping-2025-11-23.md"
    assert plan_filename(CREATED, "en") == "co-creation-plan-2025-11-23.md"


def test_a_bare_address_in_an_answer_does_not_become_a_link_and_bidi_controls_are_dropped():
    """Issue 14, finding 11: the plan kept «https://evil.example/login» (which Markdown viewers
    turn into a link by themselves) and U+202E, which shows «gnp.exe» as «exe.png»."""
    answer = "Logg inn på https://evil.example/login eller www.evil.example, last ned \u202egnp.exe"
    document = render_plan({"hp_" + load_plan().steps[0].id: answer}, "nb", datetime(2026, 9, 1))
    for autolinked in ("https://evil", "www.evil"):
        assert autolinked not in document
    assert "https:\u200b//evil.example/login" in document and "www\u200b.evil.example" in document
    assert "\u202e" not in document and "gnp.exe" in document
