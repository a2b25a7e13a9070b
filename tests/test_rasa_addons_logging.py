"""Rasa's tracker-store errors reach its log without the conversation they were saving."""
import logging
import logging.config

import sqlalchemy
import yaml

from rasa_addons.logging_filter import HIDDEN, RedactSqlParameters, redact
from scripts.services import ROOT


def sql_error() -> sqlalchemy.exc.StatementError:
    return sqlalchemy.exc.OperationalError(
        "INSERT INTO events (sender_id, data) VALUES (?, ?)",
        ("leader-1", '{"event": "user", "text": "Kari på NAV er vanskelig [sic]"}'),
        Exception("database is locked"),
    )


def test_the_statement_parameters_are_hidden_and_the_error_kept():
    text = redact(str(sql_error()))
    assert "Kari" not in text and HIDDEN in text
    assert "database is locked" in text and "INSERT INTO events" in text


def test_a_logged_error_and_its_traceback_carry_no_message_text(caplog):
    logger = logging.getLogger("test.tracker_store")
    logger.addFilter(RedactSqlParameters())
    try:
        raise sql_error()
    except sqlalchemy.exc.OperationalError as error:
        with caplog.at_level(logging.ERROR, logger="test.tracker_store"):
            logger.error(f"Could not save the tracker: {error}", exc_info=True)
    record = caplog.records[-1]
    assert "Kari" not in record.getMessage() and "Kari" not in (record.exc_text or "")
    assert "database is locked" in record.getMessage()


def test_rasas_logging_config_puts_the_filter_on_the_tracker_store_logger():
    config = yaml.safe_load((ROOT / "rasa-logging.yml").read_text())
    logging.config.dictConfig(config)
    filters = logging.getLogger("rasa.core.tracker_store").filters
    assert any(isinstance(f, RedactSqlParameters) for f in filters)
    assert logging.getLogger("rasa.core.channels.rest").level == logging.CRITICAL
