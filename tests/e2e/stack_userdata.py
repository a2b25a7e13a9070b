"""The running stack's user-data database, opened from the test process: to make a cohort as a
trainer would, or to look at what the services stored."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from datetime import date


@contextmanager
def stack_userdata(stack):
    """userdata in this test process, pointed at the running gateway's (and bot's) database."""
    from userdata.database import Database, current, use
    from userdata.settings import UserdataSettings

    before = current()
    url = stack.services["gateway"].service.env["SAMSKAPING_USERDATA_URL"]
    stacks = use(Database(UserdataSettings(userdata_url=url)))
    try:
        yield
    finally:
        stacks.dispose()
        use(before)


def make_cohort(stack, name: str):
    """A cohort as a trainer makes it on the trainer page."""
    from userdata import cohorts, trainers

    with stack_userdata(stack):
        trainer = trainers.create_trainer(f"kursholder-{uuid.uuid4().hex[:8]}", "et langt passord")
        return cohorts.create_cohort(trainer, name, date.today())
