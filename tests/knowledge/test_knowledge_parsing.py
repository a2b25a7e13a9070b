"""Parsing the PDF-extracted theses into sections and passages."""
from __future__ import annotations

import pytest

from knowledge.parsing import join_fragments, parse_lines
from knowledge.passages import build_passages, split_sentences
from knowledge.privacy import contains_contact_details, scrub
from citations import Section as HeadingSpec, Thesis

EXCLUDED = {("000", "7.1"), ("000", "7.2"), ("001", "oppfolging-av-prosjektet"), ("001", "vedlegg-2")}


@pytest.fixture(scope="module")
def passages(parsed, real_settings):
    s = real_settings
    return [p for sections in parsed.values()
            for p in build_passages(sections, s.passage_min_words, s.passage_max_words, s.passage_drop_words)]


def _text(parsed, thesis, key=None):
    return "\n".join(p for sec in parsed[thesis] if key in (None, sec.key) for p in sec.paragraphs)


def test_every_whitelisted_heading_is_found_in_order(parsed, sources):
    for tid, sections in parsed.items():
        assert [s.key for s in sections] == [h.key for h in sources[tid].sections]


def test_misnumbered_sections_get_their_canonical_display_number(parsed):
    by_key = {s.key: s for s in parsed["001"]}
    assert (by_key["4.4.1"].number, by_key["4.4.1"].display_number) == ("4.5.1", "4.4.1")
    assert by_key["4.4.2"].display_number == "4.4.2"


def test_wrapped_headings_do_not_leak_into_the_text(parsed):
    assert not _text(parsed, "001", "5.1.1").startswith("krafttak")
    assert not _text(parsed, "000", "4.2.1").startswith("å lede samskaping")


def test_lone_page_number_lines_are_dropped_and_the_sentence_joined(parsed):
    assert "en mer direkte dialog med innbyggerne gjennom hands-on ledelse" in _text(parsed, "001", "5.1.1")
    for tid in parsed:
        for sec in parsed[tid]:
            assert not any(p.strip().isdigit() for p in sec.paragraphs), sec.key
    assert "en mer 38 direkte" not in _text(parsed, "001")


def test_page_numbers_are_kept_as_page_metadata(parsed):
    assert {s.key: s.page for s in parsed["000"]}["2.3.2.1.1"] == 28


def test_four_digit_years_on_their_own_line_are_not_page_numbers():
    source = Thesis(id="t", file="-", short_title="t", title=None, title_note="", authors=(),
                          institution="", year=None, degree="", supervisor="",
                          paragraphs="blank_marker",
                          sections=(HeadingSpec("1", "1", "1", "Tabell", "1 Tabell", "method"),))
    sections = parse_lines(source, ["1 Tabell", "Strategi for innovasjon 2016-", "", "2020", " ", "12", " ", "slutt."])
    text = " ".join(sections[0].paragraphs)
    assert "2016-2020" in text and "12" not in text.split()


def test_page_start_lines_continue_the_interrupted_sentence(parsed):
    # 000: a box sat between "samarbeid" and a page-start line " mellom offentlig…"
    assert "fremhevet samarbeid mellom offentlig og privat for utvikling av velferd" in _text(parsed, "000", "1.2")
    # 000: "ressurs-" / " knapphet" across a page start
    assert "ressursknapphet" in _text(parsed, "000", "2.2.3")
    # 001: figure box labels sat between "ved å dele" and " tjenesteproduksjonen"
    assert "ikke bare ved å dele tjenesteproduksjonen med private" in _text(parsed, "001", "2.1.2")


@pytest.mark.parametrize("left, right, joined", [
    ("ulike samskapings-", "prosjekter opplever", "ulike samskapingsprosjekter opplever"),
    ("å krysse offentlig-privat-", "barrieren, eller", "å krysse offentlig-privat-barrieren, eller"),
    ("offentlig sektor-", "sivilsamfunn-barrieren.", "offentlig sektor-sivilsamfunn-barrieren."),
    ("denne formen for sektor-", "og siloovergripende", "denne formen for sektor- og siloovergripende"),
    ("Meld. St. 14 (2020-", "2021), s. 77", "Meld. St. 14 (2020-2021), s. 77"),
    ("iverksatt på 1980-", "tallet.", "iverksatt på 1980-tallet."),
    ("I NPG-", "paradigmet står", "I NPG-paradigmet står"),
    ("the phenomenon of co-", "creation is", "the phenomenon of co-creation is"),
    ("denne ikke-", "nøytraliteten er", "denne ikke-nøytraliteten er"),
    ("steder å henge på ettermiddags-", "/ kveldstid.", "steder å henge på ettermiddags- / kveldstid."),
    ("velferdsyting og", "-utvikling skal", "velferdsyting og -utvikling skal"),
])
def test_line_end_hyphens_are_joined_only_when_they_split_a_word(left, right, joined):
    assert join_fragments(left, right) == joined


def test_suspended_compounds_are_never_merged(parsed):
    text_001 = _text(parsed, "001")
    assert "Helse- og Velferds" in text_001
    assert "Arbeidsgruppe- første rapport" in text_001
    for wrong in ("Helseog", "ledelsesog", "Arbeidsgruppeførste"):
        assert wrong not in text_001
    assert "offentlig-privat-barrieren" in _text(parsed, "000", "1.1")


def test_inserted_figure_text_does_not_glue_into_sentences(passages):
    text = "\n".join(p.text for p in passages)
    for debris in ("NPG [New Public", "Administration]", "Formulering av forskningsspørsmål Bestemmer",
                   "Figur 4: Systematisering", "Dokument og tid Type Innhold"):
        assert debris not in text


def test_boxes_and_displaced_tables_become_their_own_paragraphs(parsed):
    assert any(p.startswith("Eksempel 1:") for p in parsed["000"][4].paragraphs)  # 1.2
    table_1 = {s.key: s for s in parsed["000"]}["4.2.1.3"].paragraphs
    assert "• Tilstrekkelig avsatte ressurser" in table_1
    # …and the sentence the table interrupted in 4.2.2.1.1 is whole again.
    assert "sier en og andre bekrefter med likende uttalelser" in _text(parsed, "000", "4.2.2.1.1")


def test_private_use_glyphs_become_plain_bullets(parsed):
    for tid in parsed:
        text = _text(parsed, tid)
        assert "\uf0a7" not in text and "\uf0a8" not in text


def test_no_passage_spans_two_sections(passages, parsed):
    sections = {(s.thesis, s.key): s for secs in parsed.values() for s in secs}
    for p in passages:
        section = sections[(p.thesis, p.section_key)]
        assert p.id.startswith(f"{p.thesis}:{p.section_key}:")
        assert p.section_title == section.title and p.role == section.role
        for line in p.text.split("\n"):
            assert any(line in scrub(par) for par in section.paragraphs), (p.id, line[:60])


def test_passage_ids_are_unique_and_sizes_fit_the_model(passages):
    assert len({p.id for p in passages}) == len(passages)
    words = sorted(len(p.text.split()) for p in passages)
    assert words[-1] <= 330  # e5-small reads 512 tokens (~330 words of Norwegian)
    assert 80 <= words[len(words) // 2] <= 250


def test_excluded_appendices_never_become_passages(passages):
    assert not {(p.thesis, p.section_key) for p in passages} & EXCLUDED
    text = "\n".join(p.text for p in passages)
    for marker in ("Samtykkeerklæring", "personvernombud", "Paal", "Thomas Helgesen", "Forespørsel om deltakelse"):
        assert marker not in text


def test_interview_guides_stay_indexed(passages):
    keys = {(p.thesis, p.section_key) for p in passages}
    assert ("000", "7.3") in keys and ("001", "vedlegg-3") in keys
    assert all(p.role == "appendix" for p in passages if p.section_key in ("7.3", "vedlegg-3"))


def test_no_email_address_or_phone_number_in_any_passage(passages):
    assert not [p.id for p in passages if contains_contact_details(p.text)]


@pytest.mark.parametrize("text, expected", [
    ("Kontakt ab@usn.no i dag", "Kontakt [e-post fjernet] i dag"),
    ("mailto:Paal.A.Solberg@usn.no", "[e-post fjernet]"),
    ("på telefon: 53 21 15 00.", "på telefon: [telefonnummer fjernet]."),
    ("telefon: 73 98 40 40", "telefon: [telefonnummer fjernet]"),
    ("ring +47 12345678", "ring [telefonnummer fjernet]"),
    ("ring 0047 98 76 54 32", "ring [telefonnummer fjernet]"),
    ("eller 735 91 234", "eller [telefonnummer fjernet]"),
])
def test_scrubber_removes_emails_and_norwegian_phone_numbers(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize("text", [
    "Meld. St. 29 (2012-2013), s. 51", "kommuner med 20 000 innbyggere", "godkjent 01.07.2023",
    "strategi 2016-2020", "28 023 innbyggere per 2019", "referansenummer 718233", "fra 2012 2013",
])
def test_scrubber_leaves_years_dates_and_counts_alone(text):
    assert scrub(text) == text


def test_sentence_splitter_respects_abbreviations_and_citations():
    text = ("Dette viser St. Meld. 18 (2020-2021), s. 47. Tortzen et al. 2019 er enig. "
            "Mathias A. Gundersen skrev oppgaven. «Hva nå?» spurte hun.\n• Et punkt")
    assert split_sentences(text) == [
        "Dette viser St. Meld. 18 (2020-2021), s. 47.",
        "Tortzen et al. 2019 er enig.",
        "Mathias A. Gundersen skrev oppgaven.",
        "«Hva nå?» spurte hun.",
        "• Et punkt",
    ]
