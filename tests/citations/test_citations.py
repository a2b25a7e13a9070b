"""One formatter for every citation: the thesis facts come from sources.yml once, and each channel's
citation (answers, the checklists' advice, the plan document, the trainer pages, the widget) is
``citations.cite`` in the reader's language."""
from __future__ import annotations

import ast
import io
import tokenize
from datetime import datetime, timezone
from pathlib import Path

import pytest

from citations import CorpusError, cite, cite_thesis, load_corpus, role_label, source_label

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_both_theses_are_from_2023_as_sources_yml_says(corpus):
    assert {t.id: t.year for t in corpus.theses.values()} == {"000": 2023, "001": 2023}


@pytest.mark.parametrize("lang, expected", [
    ("nb", "Borge og Kaasa (2023), Å lede samskaping, 4.2.1.1.1 Felles forståelse av samskaping"),
    ("en", "Borge and Kaasa (2023), Å lede samskaping, 4.2.1.1.1 Felles forståelse av samskaping"),
    ("nn", "Borge og Kaasa (2023), Å lede samskaping, 4.2.1.1.1 Felles forståelse av samskaping"),
    ("en-GB", "Borge and Kaasa (2023), Å lede samskaping, 4.2.1.1.1 Felles forståelse av samskaping"),
])
def test_a_section_is_cited_with_authors_year_thesis_and_section(corpus, lang, expected):
    assert cite(corpus.cited("000", "4.2.1.1.1"), lang) == expected


def test_each_style_names_the_section_as_its_page_needs(corpus):
    section = corpus.cited("001", "4.2")
    assert cite(section, "en", "section") == f"Gundersen (2023), 4.2 {section.section_title}"
    assert cite(section, "en", "topic") == f"{section.section_title} (Gundersen, 4.2)"
    assert cite_thesis(corpus.thesis("000"), "en") == "Borge and Kaasa (2023)"
    assert cite_thesis(corpus.thesis("000"), "nb") == "Borge og Kaasa (2023)"
    assert cite_thesis(corpus.thesis("000"), "en", "reference").startswith("Inger Elisabeth Borge and Marion Kaasa (2023). ")
    with pytest.raises(ValueError, match="style"):
        cite(section, "nb", "apa")


def test_an_unnumbered_section_is_cited_by_its_title_alone(corpus):
    assert cite(corpus.cited("000", "sammendrag"), "nb").endswith("Å lede samskaping, Sammendrag")


def test_a_missing_year_reads_as_such_in_each_language(corpus):
    from dataclasses import replace

    section = replace(corpus.cited("000", "4.2"), year=None)
    assert "(u.å.)" in cite(section, "nb") and "(n.d.)" in cite(section, "en")


def test_a_section_that_does_not_exist_or_holds_personal_data_cannot_be_cited(corpus):
    with pytest.raises(CorpusError, match="no section"):
        corpus.cited("000", "9.9.9")
    with pytest.raises(CorpusError, match="excluded"):
        corpus.cited("000", "7.2")
    with pytest.raises(CorpusError, match="unknown thesis"):
        corpus.cited("002", "1")


def test_labels_follow_the_language():
    assert role_label("finding", "en") == "Finding from the interviews" and role_label("finding", "nb") == "Funn fra intervjuene"
    assert source_label("en", 2) == "Sources" and source_label("nb") == "Kilde"


def test_sources_yml_is_read_once_per_process():
    assert load_corpus() is load_corpus()


# --- every channel's citation is cite() --------------------------------------------------------


@pytest.mark.parametrize("lang, authors", [("nb", "Borge og Kaasa (2023)"), ("en", "Borge and Kaasa (2023)")])
def test_the_answer_payload_carries_the_source_line_cite_gives(corpus, lang, authors):
    from knowledge.answers import Citation
    from knowledge.presentation import citation_payload, format_answer
    from knowledge.answers import Answer

    section = corpus.cited("000", "4.2")
    c = Citation(thesis="000", short_title=section.short_title, authors=list(section.authors), year=section.year,
                 section="4.2", section_title=section.section_title, role="finding", passage_id="000:4.2:1",
                 passage_text="Tillit tar tid.", quotes=["Tillit tar tid."], score=1.0)
    payload = citation_payload(c, lang)
    assert payload["source_line"] == cite(section, lang) and payload["source_line"].startswith(authors)
    assert payload["label"] == role_label("finding", lang)
    text = format_answer(Answer(status="answered", question="q", citations=[c]), lang)
    assert f"— {cite(section, lang)}" in text


@pytest.mark.parametrize("lang, authors", [("nb", "Borge og Kaasa (2023)"), ("en", "Borge and Kaasa (2023)")])
def test_the_readiness_advice_cites_with_cite(lang, authors):
    from checklists.readiness import load_readiness
    from checklists.readiness_report import format_result
    from checklists.readiness_scoring import score

    content = load_readiness()
    text = format_result(score({item.id: 0 for item in content.items}), lang)
    weakest = [item for item in content.items if item.label[lang] in text]
    cited = [cite(source, lang) for item in weakest for source in item.sources]
    assert cited and all(line in text for line in cited)
    assert authors in text


@pytest.mark.parametrize("lang, label, authors", [("nb", "Kilde", "Borge og Kaasa (2023)"),
                                                  ("en", "Source", "Borge and Kaasa (2023)")])
def test_the_plan_document_cites_with_cite(corpus, lang, label, authors):
    from checklists.plan import load_plan
    from checklists.plan_document import render_plan

    plan = load_plan()
    document = render_plan({}, lang, datetime(2026, 1, 5, tzinfo=timezone.utc))
    single = [step for step in plan.steps if len(step.sources) == 1]
    assert single and all(f"{label}: {cite(step.sources[0], lang)}" in document for step in single)
    assert all(f"- {cite_thesis(thesis, lang, 'reference')}" in document for thesis in corpus.theses.values())
    assert authors in document


def test_the_trainer_pages_cite_with_cite(corpus):
    from bot.trainer.views import topic_title

    assert topic_title("000 4.2.1.1.1") == cite(corpus.cited("000", "4.2.1.1.1"), "nb", "section")
    assert topic_title("000 4.2.1.1.1") == "Borge og Kaasa (2023), 4.2.1.1.1 Felles forståelse av samskaping"
    assert topic_title("000 9.9") == "000 9.9"  # a section no longer in sources.yml is shown as stored


def test_the_widget_shows_the_source_line_it_is_sent():
    script = (ROOT / "bot" / "static" / "widget" / "samskaping.js").read_text(encoding="utf-8")
    assert "c.source_line" in script
    assert not any(field in script for field in ("c.authors", "c.year", "c.short_title"))


# --- and nothing else formats one --------------------------------------------------------------

CITATION_WORDS = {" og ", " and ", "u.å.", "n.d."}


def _string_literals(path: Path) -> list[str]:
    out = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.STRING:
            try:
                out.append(ast.literal_eval(token.string))
            except ValueError:  # an f-string
                out.append(token.string)
    return out


def test_no_module_but_citations_joins_authors_or_spells_a_missing_year():
    offenders = []
    for package in ("knowledge", "checklists", "actions", "bot", "userdata"):
        for path in (ROOT / package).rglob("*.py"):
            for literal in _string_literals(path):
                if isinstance(literal, str) and (literal in CITATION_WORDS or "u.å." in literal or "n.d." in literal):
                    offenders.append((path.relative_to(ROOT), literal))
    assert offenders == []


def test_citations_imports_none_of_the_projects_packages():
    for path in (ROOT / "citations").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module and not node.level}
        assert imported <= {"__future__", "dataclasses", "functools", "pathlib", "re", "typing", "yaml", "citations"}, path
