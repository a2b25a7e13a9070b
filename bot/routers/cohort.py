"""Joining a leadership programme's cohort with the trainer's code, and leaving it (web widget).

Telegram does the same with /kurs (bot/telegram/). Joining needs no account: the cohort is tied
to the conversation's sender id, like everything else the advisor keeps. Every tried code counts
against the client address (bot/join_limits.py) and the sender (userdata/join_guard.py)."""
from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from bot import rate_limit
from bot.dependencies import get_userdata_settings
from bot.errors import API_ERRORS, ApiError, documented
from bot.join_limits import JoinLimits, get_join_limits
from bot.sender_header import SENDER_PATTERN, sender_from_header
from bot.text_input import ReadableText
from userdata import cohort_service, cohort_texts
from userdata.cohort_service import Outcome, Result
from userdata.settings import UserdataSettings

router = APIRouter(prefix="/api/cohort", tags=["cohort"], responses=API_ERRORS)

Sender = Field(min_length=1, max_length=128, pattern=SENDER_PATTERN)
# The widget's language (`lang` in its config); nynorsk is answered in bokmål.
Language = Literal["nb", "nn", "en"]
LanguageField = Field(default="nb", description="Language of `message` and `privacy`: nb (default), nn or en")

# Outcomes that are refusals: (status, code).
REFUSALS = {
    Outcome.UNKNOWN_CODE: (404, "unknown_code"),
    Outcome.NEED_CODE: (404, "unknown_code"),
    Outcome.FULL: (409, "cohort_full"),
    Outcome.CLOSED: (409, "cohort_closed"),
    Outcome.LOCKED: (429, "join_locked"),
}


class JoinRequest(BaseModel):
    sender: str = Sender
    code: ReadableText = Field(min_length=1, max_length=32)
    lang: Language = LanguageField


class LeaveRequest(BaseModel):
    sender: str = Sender
    lang: Language = LanguageField


class CohortView(BaseModel):
    name: str
    starts: date
    ends: date | None
    # The participant's member number, which the trainer sees in the member list.
    member_label: str | None = None


class MembershipResponse(BaseModel):
    cohort: CohortView | None
    # What happened (joined, moved, already, member, not_member, left, nothing_to_leave) and what
    # to tell the participant, in the requested language: the texts every channel uses.
    outcome: str
    message: str
    # What the trainer can see, with the minimum group size from the settings.
    privacy: str


def _respond(result: Result, lang: str, settings: UserdataSettings) -> MembershipResponse:
    message = cohort_texts.say(result, lang, "web", settings.min_group_size)
    if result.outcome in REFUSALS:
        status, code = REFUSALS[result.outcome]
        raise ApiError(status, code, message)
    cohort = result.cohort  # the one joined, belonged to or left
    view = None if cohort is None else CohortView(name=cohort.name, starts=cohort.starts, ends=cohort.ends,
                                                  member_label=cohort.member_label)
    return MembershipResponse(cohort=view, outcome=result.outcome.value, message=message,
                              privacy=cohort_texts.privacy(lang, settings.min_group_size))


@router.post("/join", response_model=MembershipResponse, responses=documented(404, 409))
async def join(body: JoinRequest, request: Request, join_limits: JoinLimits = Depends(get_join_limits),
               settings: UserdataSettings = Depends(get_userdata_settings)) -> MembershipResponse:
    rate_limit.enforce(request, body.sender)
    client = rate_limit.client_address(request)
    if join_limits.allowance(client) < 1:
        return _respond(Result(Outcome.LOCKED, retry_after=join_limits.retry_after(client)), body.lang, settings)
    result = await run_in_threadpool(cohort_service.join, body.sender, body.code)
    join_limits.count(client, tried=1, missed=1 if result.outcome == Outcome.UNKNOWN_CODE else 0)
    return _respond(result, body.lang, settings)


@router.post("/leave", response_model=MembershipResponse)
async def leave(body: LeaveRequest, request: Request,
                settings: UserdataSettings = Depends(get_userdata_settings)) -> MembershipResponse:
    """Returns the cohort that was left (null when the sender was in none)."""
    rate_limit.enforce(request, body.sender)
    return _respond(await run_in_threadpool(cohort_service.leave, body.sender), body.lang, settings)


@router.get("", response_model=MembershipResponse)
async def membership(request: Request, sender: str = Depends(sender_from_header),
                     lang: Language = Query(default="nb"),
                     settings: UserdataSettings = Depends(get_userdata_settings)) -> MembershipResponse:
    """The sender's course, with the sender id in the X-Samskaping-Sender header."""
    rate_limit.enforce(request)
    return _respond(await run_in_threadpool(cohort_service.status, sender), lang, settings)
