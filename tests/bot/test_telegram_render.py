"""Telegram rendering of the one message model: escaping, splitting under 4,096 characters,
compact citations, keyboards, and the stored chart and plan behind media links."""
from html import escape

from bot.messages import BotMessage, Button, Citation, Document
from bot.telegram.render import (
    MAX_CALLBACK_BYTES, MAX_MESSAGE_CHARS, html_blocks, pack, passage_messages, render, split_plain,
)

CITATION = Citation(passage_id="oppgave-a-2.1-003", thesis="a", short_title="Samskaping i kommunen",
                    section="2.1", section_title="Hva er samskaping?", passage_text="Hele <utdraget> & mer.")


def test_text_from_rasa_is_escaped_for_html():
    [out] = render(BotMessage(text="Bruk <b>ikke</b> & stol på \"oss\""))
    assert out.html == "Bruk &lt;b&gt;ikke&lt;/b&gt; &amp; stol på \"oss\""


def test_a_short_text_is_one_piece():
    assert split_plain("Kort svar.") == ["Kort svar."]


def test_long_text_is_split_at_paragraphs_first():
    paragraphs = [("Avsnitt %d. " % i) * 80 for i in range(8)]
    pieces = split_plain("\n\n".join(paragraphs), 4096)
    assert all(len(escape(p, quote=False)) <= 4096 for p in pieces)
    assert len(pieces) > 1
    # No paragraph is cut: every piece is made of whole paragraphs.
    assert all(all(part in paragraphs for part in piece.split("\n\n")) for piece in pieces)


def test_a_paragraph_longer_than_the_limit_is_split_at_lines_then_words():
    line = "ord " * 300
    pieces = split_plain("\n".join([line] * 6), 4096)
    assert all(len(p) <= 4096 for p in pieces)
    assert "".join(pieces).replace("\n", "").replace(" ", "") == ("ord" * 300 * 6)
    word_pieces = split_plain("ord " * 3000, 1000)
    assert all(not p.startswith("rd") for p in word_pieces)  # words stay whole


def test_splitting_never_cuts_an_escaped_entity():
    text = "&" * 5000  # each & becomes &amp; (5 characters)
    pieces = [escape(p, quote=False) for p in split_plain(text, 4096)]
    assert all(len(p) <= 4096 and p.endswith("&amp;") and p.startswith("&amp;") for p in pieces)
    assert sum(p.count("&amp;") for p in pieces) == 5000


def test_a_long_answer_becomes_several_messages_with_the_keyboard_on_the_last():
    message = BotMessage(text="\n\n".join(["Et langt avsnitt om tillit. " * 40] * 10),
                         buttons=[Button(title="👍", payload="/feedback_good")], citations=[CITATION])
    out = render(message)
    assert len(out) > 1
    assert all(len(o.html) <= MAX_MESSAGE_CHARS for o in out)
    assert all(o.keyboard is None for o in out[:-1]) and out[-1].keyboard is not None
    assert "📖" in out[-1].html  # citations follow the text


def test_pack_joins_blocks_up_to_the_limit():
    assert pack(["a" * 10, "b" * 10, "c" * 10], 25) == ["a" * 10 + "\n\n" + "b" * 10, "c" * 10]


def test_citations_are_compact_with_a_button_for_the_whole_passage():
    [out] = render(BotMessage(text="Svar.", citations=[CITATION], buttons=[
        Button(title="👍", payload="/feedback_good"), Button(title="👎", payload="/feedback_bad")]))
    assert "📖 <b>2.1 Hva er samskaping?</b> – <i>Samskaping i kommunen</i>" in out.html
    assert "utdraget" not in out.html  # the passage itself only on request
    rows = out.keyboard.inline_keyboard
    assert [(b.text, b.callback_data) for b in rows[0]] == [("👍", "r:/feedback_good"), ("👎", "r:/feedback_bad")]
    assert [(b.text, b.callback_data) for b in rows[1]] == [("📖 2.1", "p:oppgave-a-2.1-003")]
    assert out.passages == {"oppgave-a-2.1-003": CITATION}


def test_button_payloads_too_long_for_telegram_are_left_out():
    [out] = render(BotMessage(text="Velg", buttons=[Button(title="x", payload="/" + "a" * 80)]))
    assert out.keyboard is None
    assert MAX_CALLBACK_BYTES == 64


def test_readiness_chart_and_plan_links_become_stored_file_ids():
    out = render(BotMessage(text="Resultat", image="/media/readiness/abc123.png",
                            document=Document(url="/media/plans/def456.md", filename="plan.md")))
    assert [(o.html, o.chart_id, o.plan_id) for o in out] == [
        ("Resultat", None, None), (None, "abc123", None), (None, None, "def456")]
    assert out[2].filename == "plan.md"


def test_a_foreign_image_url_is_not_treated_as_a_stored_chart():
    assert [o.chart_id for o in render(BotMessage(text="x", image="https://example.org/x.png"))] == [None]


def test_the_whole_passage_is_escaped_and_split():
    chunks = passage_messages("2.1 <Tittel>", "Kort & godt", "Setning. " * 1000)
    assert chunks[0].startswith("📖 <b>2.1 &lt;Tittel&gt;</b>\n<i>Kort &amp; godt</i>")
    assert len(chunks) > 1 and all(len(c) <= MAX_MESSAGE_CHARS for c in chunks)


def test_html_blocks_drop_empty_text():
    assert html_blocks("   ") == []
