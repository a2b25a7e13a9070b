"""Joining a leadership programme's cohort with the trainer's code, and leaving it (web widget).

Telegram does the same with /kurs (bot/telegram/). Joining needs no account: the cohort is tied
to the conversation's sender id, like everything else the advisor keeps."""
from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from bot import rate_limit, texts
from bot.errors import API_ERRORS, ApiError, documented
from bot.routers.chat import SENDER_PATTERN
from userdata import cohorts

router = APIRouter(prefix="/api/cohort", tags=["cohort"], responses=API_ERRORS)

Sender = Field(min_length=1, max_length=128, pattern=SENDER_PATTERN)


class JoinRequest(BaseModel):
    sender: str = Sender
    code: str = Field(min_length=1, max_length=32)


class LeaveRequest(BaseModel):
    sender: str = Sender


class CohortView(BaseModel):
    name: str
    starts: date
    ends: date | None


class MembershipResponse(BaseModel):
    cohort: CohortView | None


def _view(cohort: cohorts.CohortInfo | None) -> MembershipResponse:
    return MembershipResponse(cohort=CohortView(name=cohort.name, starts=cohort.starts, ends=cohort.ends) if cohort else None)


@router.post("/join", response_model=MembershipResponse, responses=documented(404))
async def join(body: JoinRequest, request: Request) -> MembershipResponse:
    # Counted per client address as well, so that codes cannot be guessed quickly.
    rate_limit.enforce(request, body.sender)
    try:
        cohort = await run_in_threadpool(cohorts.join, body.sender, body.code)
    except cohorts.UnknownCode:
        raise ApiError(404, "unknown_code", texts.ERROR_UNKNOWN_COHORT_CODE) from None
    return _view(cohort)


@router.post("/leave", response_model=MembershipResponse)
async def leave(body: LeaveRequest, request: Request) -> MembershipResponse:
    """Returns the cohort that was left (null when the sender was in none)."""
    rate_limit.enforce(request, body.sender)
    return _view(await run_in_threadpool(cohorts.leave, body.sender))


@router.get("/{sender}", response_model=MembershipResponse)
async def membership(request: Request, sender: str = Path(min_length=1, max_length=128, pattern=SENDER_PATTERN)):
    rate_limit.enforce(request)
    return _view(await run_in_threadpool(cohorts.membership, sender))
