"""Joining a leadership programme's cohort with the trainer's code, and leaving it (web widget).

Telegram does the same with /kurs (bot/telegram/). Joining needs no account: the cohort is tied
to the conversation's sender id, like everything else the advisor keeps. Every tried code counts
against the client address (bot/join_limits.py) and the sender (userdata/join_guard.py)."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from bot import rate_limit, texts
from bot.errors import API_ERRORS, ApiError, documented
from bot.join_limits import JoinLimits, get_join_limits
from bot.sender_header import SENDER_PATTERN, sender_from_header
from bot.text_input import ReadableText
from userdata import cohorts

router = APIRouter(prefix="/api/cohort", tags=["cohort"], responses=API_ERRORS)

Sender = Field(min_length=1, max_length=128, pattern=SENDER_PATTERN)


class JoinRequest(BaseModel):
    sender: str = Sender
    code: ReadableText = Field(min_length=1, max_length=32)


class LeaveRequest(BaseModel):
    sender: str = Sender


class CohortView(BaseModel):
    name: str
    starts: date
    ends: date | None
    # The participant's member number, which the trainer sees in the member list.
    member_label: str | None = None


class MembershipResponse(BaseModel):
    cohort: CohortView | None


def _view(cohort: cohorts.CohortInfo | None) -> MembershipResponse:
    if cohort is None:
        return MembershipResponse(cohort=None)
    return MembershipResponse(cohort=CohortView(name=cohort.name, starts=cohort.starts, ends=cohort.ends,
                                                member_label=cohort.member_label))


@router.post("/join", response_model=MembershipResponse, responses=documented(404, 409))
async def join(body: JoinRequest, request: Request,
               join_limits: JoinLimits = Depends(get_join_limits)) -> MembershipResponse:
    rate_limit.enforce(request, body.sender)
    client = rate_limit.client_address(request)
    if join_limits.allowance(client) < 1:
        raise ApiError(429, "join_locked", texts.ERROR_JOIN_LOCKED.format(seconds=join_limits.retry_after(client)))
    missed = 0
    try:
        cohort = await run_in_threadpool(cohorts.join, body.sender, body.code)
    except cohorts.JoinLocked as locked:
        raise ApiError(429, "join_locked", texts.ERROR_JOIN_LOCKED.format(seconds=locked.retry_after)) from None
    except cohorts.UnknownCode:
        missed = 1
        raise ApiError(404, "unknown_code", texts.ERROR_UNKNOWN_COHORT_CODE) from None
    except cohorts.CohortFull:
        raise ApiError(409, "cohort_full", texts.ERROR_COHORT_FULL) from None
    except cohorts.CohortClosed:
        raise ApiError(409, "cohort_closed", texts.ERROR_COHORT_CLOSED) from None
    finally:
        join_limits.count(client, tried=1, missed=missed)
    return _view(cohort)


@router.post("/leave", response_model=MembershipResponse)
async def leave(body: LeaveRequest, request: Request) -> MembershipResponse:
    """Returns the cohort that was left (null when the sender was in none)."""
    rate_limit.enforce(request, body.sender)
    return _view(await run_in_threadpool(cohorts.leave, body.sender))


@router.get("", response_model=MembershipResponse)
async def membership(request: Request, sender: str = Depends(sender_from_header)) -> MembershipResponse:
    """The sender's course, with the sender id in the X-Samskaping-Sender header."""
    rate_limit.enforce(request)
    return _view(await run_in_threadpool(cohorts.membership, sender))
