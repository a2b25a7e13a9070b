from bot.messages import from_rasa

CITATION = {
    "passage_id": "000:2.2.1:1", "thesis": "000", "short_title": "Å lede samskaping",
    "section": "2.2.1", "section_title": "Ulike forståelser av og definisjon på samskaping",
    "passage_text": "Samskaping er …",
}


def test_citations_sent_as_a_separate_custom_message_join_the_answer_before_them():
    replies = [
        {"recipient_id": "u", "text": "«Samskaping er …»"},
        {"recipient_id": "u", "custom": {"citations": [CITATION], "in_scope": True}},
    ]
    [message] = from_rasa(replies).messages
    assert message.text == "«Samskaping er …»"
    assert message.citations[0].section == "2.2.1"
    assert message.citations[0].model_dump()["passage_text"] == "Samskaping er …"


def test_buttons_and_images_are_kept():
    replies = [
        {"recipient_id": "u", "text": "Klar?", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        {"recipient_id": "u", "image": "http://x/chart.png"},
    ]
    first, second = from_rasa(replies).messages
    assert first.buttons[0].payload == "/affirm"
    assert second.image == "http://x/chart.png"


def test_an_empty_custom_payload_adds_no_message():
    assert from_rasa([{"recipient_id": "u", "custom": {"citations": [], "in_scope": False}}]).messages == []


def test_a_plan_document_joins_its_summary_and_deletion_is_flagged():
    replies = [
        {"recipient_id": "u", "text": "Planen din er klar."},
        {"recipient_id": "u", "custom": {"document": {"url": "/media/plans/abc.md", "filename": "plan.md"}}},
        {"recipient_id": "u", "text": "Slettet."},
        {"recipient_id": "u", "custom": {"erase_conversation": True}},
    ]
    reply = from_rasa(replies)
    assert reply.messages[0].document.url == "/media/plans/abc.md"
    assert reply.erase_conversation


def test_a_plain_answer_does_not_erase_anything():
    assert not from_rasa([{"recipient_id": "u", "text": "Hei!"}]).erase_conversation
