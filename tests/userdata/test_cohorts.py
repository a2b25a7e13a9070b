"""Trainer accounts, cohorts and memberships, and the schema migrations they live in."""
import sqlite3
from datetime import date

import pytest

import userdata
from userdata import cohorts, trainers
from userdata.cohorts import CODE_ALPHABET, normalise_question


def test_a_trainer_logs_in_with_the_right_password_only(store):
    trainer_id = trainers.create_trainer("trude", "correct horse battery")
    assert trainers.authenticate("trude", "correct horse battery").id == trainer_id
    assert trainers.authenticate("trude", "wrong password!") is None
    assert trainers.authenticate("nobody", "correct horse battery") is None


def test_passwords_are_stored_as_argon2_hashes(store):
    trainers.create_trainer("trude", "correct horse battery")
    stored = sqlite3.connect(store / "userdata.db").execute("select password_hash from trainers").fetchone()[0]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored


@pytest.mark.parametrize("username, password, problem", [
    ("trude", "short", "at least 10"), ("", "a long password", "empty"),
])
def test_weak_or_empty_accounts_are_refused(store, username, password, problem):
    with pytest.raises(trainers.AccountError, match=problem):
        trainers.create_trainer(username, password)


def test_the_admin_command_creates_an_account_from_standard_input(store, monkeypatch, capsys):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    assert trainers.main(["create", "trude", "--password-stdin"]) == 0
    assert trainers.authenticate("trude", "a long password")
    monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
    assert trainers.main(["create", "trude", "--password-stdin"]) == 1
    assert "exists already" in capsys.readouterr().err


def test_join_codes_are_six_unambiguous_characters_and_case_insensitive(store):
    trainer = trainers.create_trainer("trude", "a long password")
    cohort = cohorts.create_cohort(trainer, " Lederprogram høst ", date(2026, 9, 1), date(2026, 12, 1))
    assert len(cohort.join_code) == 6 and set(cohort.join_code) <= set(CODE_ALPHABET)
    assert cohort.name == "Lederprogram høst"
    code = cohort.join_code
    assert cohorts.join("anne", f" {code[:3].lower()}-{code[3:]} ").id == cohort.id
    with pytest.raises(cohorts.UnknownCode):
        cohorts.join("anne", "ZZZZZZ0")


def test_joining_another_cohort_moves_the_participant(store):
    trainer = trainers.create_trainer("trude", "a long password")
    first = cohorts.create_cohort(trainer, "A", date(2026, 9, 1))
    second = cohorts.create_cohort(trainer, "B", date(2026, 9, 1))
    cohorts.join("anne", first.join_code)
    cohorts.join("anne", first.join_code)  # twice: still one membership
    assert cohorts.membership("anne").id == first.id and cohorts.member_count(first.id) == 1
    cohorts.join("anne", second.join_code)
    assert cohorts.membership("anne").id == second.id and cohorts.member_count(first.id) == 0


def test_another_trainers_cohort_is_not_found(store):
    trude = trainers.create_trainer("trude", "a long password")
    other = trainers.create_trainer("ola", "a long password")
    cohort = cohorts.create_cohort(trude, "A", date(2026, 9, 1))
    assert cohorts.cohort_for_trainer(cohort.id, other) is None
    assert cohorts.cohort_for_trainer(cohort.id, trude).name == "A"


def test_questions_are_kept_only_for_cohort_members_and_without_personal_numbers(store):
    trainer = trainers.create_trainer("trude", "a long password")
    cohort = cohorts.create_cohort(trainer, "A", date(2026, 9, 1))
    assert not userdata.record_question("anne", "Hva er samskaping?", [])
    cohorts.join("anne", cohort.join_code)
    assert userdata.record_question("anne", "Hva er samskaping?", ["000 2.1"])
    assert normalise_question("Ring meg på 912 34 567 eller kari@kommune.no!") == "ring meg på eller"


def test_deleting_a_trainer_deletes_their_cohorts_but_not_participants_results(store):
    trainer = trainers.create_trainer("trude", "a long password")
    cohort = cohorts.create_cohort(trainer, "A", date(2026, 9, 1))
    cohorts.join("anne", cohort.join_code)
    userdata.save_readiness("anne", {}, b"png", "nb")
    assert trainers.delete_trainer("trude")
    assert cohorts.membership("anne") is None and userdata.latest_readiness("anne") is not None


def test_a_database_from_before_migrations_is_adopted_and_upgraded(store):
    # What create_all made before Alembic: the three original tables, with a row to keep.
    db = sqlite3.connect(store / "userdata.db")
    db.executescript("""
        CREATE TABLE feedback (id VARCHAR(32) PRIMARY KEY, sender VARCHAR(128) NOT NULL,
            created DATETIME NOT NULL, rating VARCHAR(8) NOT NULL, passage_ids JSON NOT NULL);
        CREATE TABLE plans (id VARCHAR(32) PRIMARY KEY, sender VARCHAR(128), created DATETIME, lang VARCHAR(8),
            answers JSON, markdown TEXT);
        CREATE TABLE readiness_results (id VARCHAR(32) PRIMARY KEY, sender VARCHAR(128), created DATETIME,
            lang VARCHAR(8), result JSON, chart_png BLOB);
        INSERT INTO feedback VALUES ('f1', 'anne', '2026-01-01 00:00:00', 'good', '[]');
    """)
    db.commit()
    db.close()
    deleted = userdata.delete_user_data("anne")  # first use migrates
    assert deleted.feedback == 1
    tables = {r[0] for r in sqlite3.connect(store / "userdata.db").execute("select name from sqlite_master")}
    assert {"trainers", "cohorts", "cohort_memberships", "cohort_questions", "alembic_version"} <= tables


def test_the_models_and_the_migrations_describe_the_same_schema(store):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from userdata.database import current
    from userdata.models import Base

    with current().engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
