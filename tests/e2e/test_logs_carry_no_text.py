"""Privacy: no service logs what users wrote."""


def test_no_service_logs_what_users_wrote(stack):
    # Messages sent here (a question, a follow-up, an off-topic one) and any other e2e test sent;
    # the logs may carry paths and status codes, never text.
    sent = ["Hva betyr samskaping?", "Hvordan bygger jeg tillit i en samskapingsgruppe?",
            "Hva er været i Bergen i morgen?"]
    for text in sent:
        assert stack.chat("e2e-logs", text).status_code == 200
    for name in stack.services:
        log = stack.log(name)
        assert log, f"{name} wrote no log at all"
        for text in sent:
            assert text not in log, f"{name} logged a user's message"
