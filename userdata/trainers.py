"""Trainer accounts, made by an admin on the server:

    python -m userdata.trainers create <username>     (asks for the password twice)
    python -m userdata.trainers password <username>
    python -m userdata.trainers list | delete <username>
    python -m userdata.trainers orphans [--delete]    (cohorts whose trainer is gone)

Passwords are hashed with argon2id (argon2-cffi, the reference implementation's binding) and
never stored or logged. Each account has a session version that every login cookie carries; a
new password, a logout and deletion raise it, so cookies issued before stop working at once.
"""
from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from userdata.cohorts import cohorts_of, delete_cohort
from userdata.models import Cohort, CohortQuestion, CohortSnapshot, Membership, Trainer
from userdata.store import session

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
# Verifying against this when the user does not exist takes as long as a real check, so a login
# form does not tell which usernames exist.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class TrainerSession:
    """Who a login cookie belongs to, as the database says now."""

    id: str
    username: str
    version: int


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")


def create_trainer(username: str, password: str) -> str:
    username = username.strip()
    if not username:
        raise AccountError("the username is empty")
    _check_password(password)
    with session() as s:
        if s.scalar(select(Trainer.id).where(Trainer.username == username)):
            raise AccountError(f"a trainer called {username!r} exists already")
        row = Trainer(username=username, password_hash=_hasher.hash(password))
        s.add(row)
        s.flush()
        return row.id


def set_password(username: str, password: str) -> None:
    _check_password(password)
    with session() as s:
        row = s.scalar(select(Trainer).where(Trainer.username == username))
        if row is None:
            raise AccountError(f"no trainer called {username!r}")
        row.password_hash = _hasher.hash(password)
        row.session_version += 1  # a new password logs out every browser


def authenticate(username: str, password: str) -> TrainerSession | None:
    """The trainer (id and session version) when the password is right, else None."""
    with session() as s:
        row = s.scalar(select(Trainer).where(Trainer.username == username.strip()))
        try:
            _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _hasher.check_needs_rehash(row.password_hash):
            row.password_hash = _hasher.hash(password)
        return TrainerSession(row.id, row.username, row.session_version)


def trainer_session(trainer_id: str) -> TrainerSession | None:
    """The trainer as now stored; None when the account is gone."""
    with session() as s:
        row = s.get(Trainer, trainer_id)
        return TrainerSession(row.id, row.username, row.session_version) if row else None


def end_sessions(trainer_id: str) -> None:
    """Logout: every cookie issued to this trainer so far stops working."""
    with session() as s:
        row = s.get(Trainer, trainer_id)
        if row is not None:
            row.session_version += 1


def trainer_name(trainer_id: str) -> str | None:
    with session() as s:
        return s.scalar(select(Trainer.username).where(Trainer.id == trainer_id))


def orphans(remove: bool = False) -> int:
    """Cohorts whose trainer no longer exists (possible before foreign keys were enforced in
    SQLite), with their members, questions and snapshots; deleted when ``remove``."""
    with session() as s:
        ids = list(s.scalars(select(Cohort.id).where(Cohort.trainer_id.not_in(select(Trainer.id)))))
        if remove and ids:
            for table in (CohortSnapshot, CohortQuestion, Membership):
                s.execute(delete(table).where(table.cohort_id.in_(ids)))
            s.execute(delete(Cohort).where(Cohort.id.in_(ids)))
        # Rows of cohorts that are gone: nobody can see them, so they go whenever asked.
        if remove:
            for table in (CohortSnapshot, CohortQuestion, Membership):
                s.execute(delete(table).where(table.cohort_id.not_in(select(Cohort.id))))
        return len(ids)


def usernames() -> list[str]:
    with session() as s:
        return list(s.scalars(select(Trainer.username).order_by(Trainer.username)))


def delete_trainer(username: str) -> bool:
    """Deletes the account and, with it, its cohorts (participants' own data stays theirs)."""
    with session() as s:
        trainer_id = s.scalar(select(Trainer.id).where(Trainer.username == username))
    if trainer_id is None:
        return False
    for cohort in cohorts_of(trainer_id):
        delete_cohort(cohort.id)
    with session() as s:
        s.execute(delete(Trainer).where(Trainer.id == trainer_id))
    return True


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise AccountError("the two passwords differ")
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m userdata.trainers", description="Trainer accounts.")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("create", "make an account"), ("password", "set a new password")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("username")
        sub.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    commands.add_parser("list", help="list the accounts")
    commands.add_parser("delete", help="delete an account and its cohorts").add_argument("username")
    commands.add_parser("orphans", help="list cohorts whose trainer is gone").add_argument(
        "--delete", action="store_true", help="delete them, with their members, questions and snapshots")
    args = parser.parse_args(argv)
    try:
        if args.command == "create":
            create_trainer(args.username, _read_password(args.password_stdin))
            print(f"Created trainer {args.username!r}.")
        elif args.command == "password":
            set_password(args.username, _read_password(args.password_stdin))
            print(f"New password set for {args.username!r}.")
        elif args.command == "list":
            print("\n".join(usernames()) or "(no trainers)")
        elif args.command == "delete":
            print("Deleted." if delete_trainer(args.username) else f"No trainer called {args.username!r}.")
        elif args.command == "orphans":
            found = orphans(remove=args.delete)
            print(f"{'Deleted' if args.delete else 'Found'} {found} cohort(s) without a trainer.")
    except AccountError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
