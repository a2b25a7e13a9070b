"""Content validation: sizes, both languages everywhere, every cited section exists in sources.yml."""
import functools
from pathlib import Path

import pytest
import yaml

from checklists.plan import PLAN_PATH, read_plan
from checklists.common import ContentError, normalize_lang
from checklists.readiness import READINESS_PATH, load_readiness, read_readiness
from knowledge.settings import get_settings
from citations import load_corpus

DIMENSIONS = ["competence", "room", "trust", "facilitation", "organisation"]


@functools.lru_cache(maxsize=1)
def _sections():
    """(thesis id, display number) of every indexable section in knowledge's sources.yml."""
    theses = load_corpus(get_settings().sources_path).theses.values()
    return frozenset((t.id, s.number or s.key) for t in theses for s in t.sections if not s.exclude)


def test_readiness_has_15_items_in_the_5_named_dimensions(readiness):
    assert len(readiness.items) == 15
    assert [d.id for d in readiness.dimensions] == DIMENSIONS
    assert all(readiness.items_in(d) for d in DIMENSIONS)
    assert [it.slot for it in readiness.items] == [f"rc_{it.id}" for it in readiness.items]
    assert readiness.item("rc_venue") is readiness.item("venue")


def test_plan_has_15_to_20_steps_in_6_phases(plan):
    assert 15 <= len(plan.steps) <= 20
    assert [p.id for p in plan.phases] == ["before", "mandate", "people", "resources", "design", "during"]
    assert all(plan.steps_in(p.id) for p in plan.phases)
    assert plan.step("hp_mandate").slot == "hp_mandate"


def test_every_cited_section_exists_in_sources_yml(readiness, plan):
    known = _sections()
    cited = [s for it in readiness.items for s in it.sources] + [s for st in plan.steps for s in st.sources]
    assert cited and all((s.thesis, s.section) in known for s in cited)
    # Both theses are used by both tools.
    assert {s.thesis for it in readiness.items for s in it.sources} == {"000", "001"}
    assert {s.thesis for st in plan.steps for s in st.sources} == {"000", "001"}


def test_no_text_lacks_bokmal_or_english(readiness, plan):
    texts = [readiness.title, readiness.disclaimer, readiness.disclaimer_short, readiness.intro]
    texts += [d.name for d in readiness.dimensions]
    texts += [t for it in readiness.items for t in (it.label, it.question, it.advice)]
    texts += [plan.title, plan.document_title, plan.document_note, plan.intro]
    texts += [p.title for p in plan.phases]
    texts += [t for st in plan.steps for t in (st.heading, st.question, st.advice)]
    assert all(t.nb.strip() and t.en.strip() and t.nb != t.en for t in texts)


def test_readiness_wording_fits_its_use(readiness):
    for item in readiness.items:
        for lang in ("nb", "en"):
            assert 2 <= len(item.label[lang].split()) <= 5, item.id
            assert item.question[lang].endswith("?"), item.id
            sentences = [s for s in item.advice[lang].replace("!", ".").split(". ") if s.strip()]
            assert 2 <= len(sentences) <= 3, (item.id, lang)


def test_intros_and_disclaimer_say_what_the_tools_are(readiness, plan):
    assert "15" in readiness.intro.nb and "15" in readiness.intro.en
    assert "stopp" in readiness.intro.nb and "vet ikke" in readiness.intro.nb
    assert "ikke et validert" in readiness.disclaimer.nb and "not a validated" in readiness.disclaimer.en
    assert "kvalitative" in readiness.disclaimer.nb and "qualitative" in readiness.disclaimer.en
    assert str(len(plan.steps)) in plan.intro.nb and str(len(plan.steps)) in plan.intro.en
    assert "hopp over" in plan.intro.nb and "stopp" in plan.intro.nb


def test_unknown_language_falls_back_to_bokmal(readiness):
    assert readiness.intro["de"] == readiness.intro["nb"] == readiness.intro.nb
    assert readiness.intro["en-GB"] == readiness.intro.en
    assert normalize_lang(None) == "nb" and normalize_lang("nn") == "nb" and normalize_lang("EN") == "en"


# --- the validator rejects broken content --------------------------------------------------------


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.lru_cache(maxsize=2)
def _original(source: Path) -> str:
    return source.read_text(encoding="utf-8")


def _write(tmp_path: Path, source: Path, change) -> Path:
    data = yaml.load(_original(source), Loader=_LOADER)
    change(data)
    path = tmp_path / source.name
    path.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    (lambda d: d["items"][0]["sources"].append({"thesis": "000", "section": "9.9.9"}), "no section"),
    (lambda d: d["items"][0]["sources"].append({"thesis": "002", "section": "1"}), "unknown thesis"),
    (lambda d: d["items"][0]["sources"].append({"thesis": "000", "section": "7.2"}), "excluded"),
    (lambda d: d["items"][0]["advice"].pop("en"), "missing en"),
    (lambda d: d["items"][0].update(dimension="nowhere"), "unknown dimension"),
    (lambda d: d["dimensions"].append({"id": "unused", "name": {"nb": "x", "en": "y"}}), "without items"),
    (lambda d: d["items"].append(dict(d["items"][0])), "duplicate"),
    (lambda d: d["items"][0].update(sources=[]), "at least one source"),
])
def test_broken_readiness_content_is_rejected(tmp_path, change, message):
    with pytest.raises(ContentError, match=message):
        read_readiness(_write(tmp_path, READINESS_PATH, change))


@pytest.mark.parametrize("change, message", [
    (lambda d: d["steps"][0]["sources"].append({"thesis": "001", "section": "4.5.1"}), "no section"),
    (lambda d: d["steps"][0]["heading"].pop("nb"), "missing nb"),
    (lambda d: d["steps"][0].update(phase="later"), "unknown phase"),
    (lambda d: d["phases"].append({"id": "empty", "title": {"nb": "x", "en": "y"}}), "without steps"),
])
def test_broken_plan_content_is_rejected(tmp_path, change, message):
    with pytest.raises(ContentError, match=message):
        read_plan(_write(tmp_path, PLAN_PATH, change))


def test_every_discussion_quote_is_verbatim_in_the_section_it_cites():
    from knowledge.parsing import parse_thesis
    from knowledge.settings import get_settings
    from citations import load_corpus

    settings = get_settings()
    sections = {}
    for source in load_corpus(settings.sources_path).theses.values():
        for section in parse_thesis(source, settings.corpus_dir):
            sections[(source.id, section.number)] = " ".join(" ".join(section.paragraphs).split())
    content = load_readiness()
    quotes = [q for dim in content.dimensions for q in dim.quotes]
    assert len(quotes) >= len(content.dimensions)
    for quote in quotes:
        assert quote.text in sections[(quote.source.thesis, quote.source.section)], quote.text


def test_every_dimension_has_reflection_questions_from_an_interview_guide():
    for dim in load_readiness().dimensions:
        assert len(dim.reflections) >= 2, dim.id
        assert all("Intervjuguide" in r.guide.section_title for r in dim.reflections), dim.id
