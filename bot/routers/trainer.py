"""The trainer pages under /trainer: log in, make cohorts, follow a cohort (its members, seats
and released group figures), close it, print discussion material, export CSV. Server-rendered
(Jinja2), so they work without JavaScript and print well."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bot.clock import get_now
from bot.dependencies import get_userdata_settings
from bot.trainer import auth
from bot.trainer.export import cohort_csv
from bot.trainer.views import LANG, cohort_view, discussion_dimensions
from checklists.readiness import load_readiness
from userdata import cohorts
from userdata.settings import UserdataSettings
from userdata.trainers import TrainerSession, authenticate

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
MAX_NAME = 120

router = APIRouter(prefix="/trainer", include_in_schema=False)


def _page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, f"trainer/{template}", context, status_code=status)


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an open redirect would let a phishing link borrow our login page.
    return target if target and target.startswith("/trainer") and not target.startswith("//") else "/trainer"


async def _own_cohort(cohort_id: str, trainer_id: str) -> cohorts.CohortInfo:
    cohort = await run_in_threadpool(cohorts.cohort_for_trainer, cohort_id, trainer_id)
    if cohort is None:
        raise CohortNotFound()
    return cohort


class CohortNotFound(Exception):
    pass


@router.get("/login")
async def login_form(request: Request, next: str | None = None):
    return _page(request, "login.html", next=_safe_next(next))


@router.post("/login")
async def login(request: Request, username: str = Form(max_length=64), password: str = Form(max_length=256),
                next: str = Form(default="/trainer")):
    wait = auth.login_wait(request, username)
    if wait is not None:
        return _page(request, "login.html", 429, next=_safe_next(next), username=username,
                     error=f"For mange forsøk. Vent {wait} sekunder og prøv igjen.")
    trainer = await run_in_threadpool(authenticate, username, password)
    if trainer is None:
        auth.login_failed(request, username)
        return _page(request, "login.html", 401, next=_safe_next(next), username=username,
                     error="Feil brukernavn eller passord.")
    auth.login_succeeded(request, username)
    auth.log_in(request, trainer)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
async def logout(request: Request):
    await auth.log_out(request)
    return RedirectResponse("/trainer/login", status_code=303)


@router.get("")
async def cohort_list(request: Request, trainer: TrainerSession = Depends(auth.current),
                      settings: UserdataSettings = Depends(get_userdata_settings)):
    own = await run_in_threadpool(cohorts.cohorts_of, trainer.id)
    return _page(request, "cohorts.html", cohorts=own, trainer=trainer.username, today=date.today(),
                 default_seats=settings.default_seats, max_seats=settings.max_seats)


def _seats(value: str, limit: int) -> int | None:
    return int(value) if value.strip().isdigit() and 1 <= int(value) <= limit else None


@router.post("/cohorts")
async def create_cohort(request: Request, name: str = Form(default=""), starts: str = Form(default=""),
                        ends: str = Form(default=""), seats: str = Form(default=""),
                        trainer: TrainerSession = Depends(auth.current),
                        settings: UserdataSettings = Depends(get_userdata_settings)):
    problem = None
    try:
        start_date = date.fromisoformat(starts)
        end_date = date.fromisoformat(ends) if ends else None
    except ValueError:
        problem = "Skriv datoene som ÅÅÅÅ-MM-DD."
    else:
        if end_date and end_date < start_date:
            problem = "Sluttdatoen kan ikke være før startdatoen."
    seat_count = _seats(seats, settings.max_seats) if seats else settings.default_seats
    if seat_count is None:
        problem = f"Antall plasser må være et tall fra 1 til {settings.max_seats}."
    if not cohorts.clean_name(name) or len(name) > MAX_NAME:
        problem = f"Gi kurset et navn (høyst {MAX_NAME} tegn)."
    if problem:
        own = await run_in_threadpool(cohorts.cohorts_of, trainer.id)
        return _page(request, "cohorts.html", 422, cohorts=own, trainer=trainer.username, today=date.today(),
                     error=problem, form={"name": name, "starts": starts, "ends": ends, "seats": seats},
                     default_seats=settings.default_seats, max_seats=settings.max_seats)
    cohort = await run_in_threadpool(cohorts.create_cohort, trainer.id, name, start_date, end_date, seat_count)
    return RedirectResponse(f"/trainer/cohorts/{cohort.id}", status_code=303)


@router.get("/cohorts/{cohort_id}")
async def cohort_page(request: Request, cohort_id: str, trainer_id: str = Depends(auth.current_trainer),
                      now: datetime = Depends(get_now), problem: str = "",
                      settings: UserdataSettings = Depends(get_userdata_settings)):
    cohort = await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id, now)
    members = await run_in_threadpool(cohorts.members, cohort_id)
    join_link = str(request.url_for("join_page", code=cohort.join_code))
    return _page(request, "cohort.html", cohort=cohort, view=view, members=members, join_link=join_link,
                 max_seats=settings.max_seats,
                 error=PROBLEMS.get(problem, "").format(max=settings.max_seats) or None)


# After a form that redirects back to the cohort page (?problem=…): what went wrong.
PROBLEMS = {"seats": "Antall plasser må være et tall fra 1 til {max}.", "member": "Fant ikke den deltakeren."}


@router.post("/cohorts/{cohort_id}/seats")
async def change_seats(cohort_id: str, seats: str = Form(default=""), trainer_id: str = Depends(auth.current_trainer),
                       settings: UserdataSettings = Depends(get_userdata_settings)):
    await _own_cohort(cohort_id, trainer_id)
    count = _seats(seats, settings.max_seats)
    if count is None:
        return RedirectResponse(f"/trainer/cohorts/{cohort_id}?problem=seats#plasser", status_code=303)
    await run_in_threadpool(cohorts.set_seats, cohort_id, count)
    return RedirectResponse(f"/trainer/cohorts/{cohort_id}#plasser", status_code=303)


@router.post("/cohorts/{cohort_id}/members/{membership_id}/remove")
async def remove_member(cohort_id: str, membership_id: str, trainer_id: str = Depends(auth.current_trainer)):
    await _own_cohort(cohort_id, trainer_id)
    removed = await run_in_threadpool(cohorts.remove_member, cohort_id, membership_id)
    suffix = "" if removed else "?problem=member"
    return RedirectResponse(f"/trainer/cohorts/{cohort_id}{suffix}#deltakere", status_code=303)


@router.post("/cohorts/{cohort_id}/close")
async def close_cohort(cohort_id: str, trainer_id: str = Depends(auth.current_trainer),
                       now: datetime = Depends(get_now)):
    await _own_cohort(cohort_id, trainer_id)
    await run_in_threadpool(cohorts.close_cohort, cohort_id, now)
    return RedirectResponse(f"/trainer/cohorts/{cohort_id}", status_code=303)


@router.get("/cohorts/{cohort_id}/chart.svg")
async def cohort_chart(cohort_id: str, trainer_id: str = Depends(auth.current_trainer),
                       now: datetime = Depends(get_now)):
    await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id, now)
    if not view.report.shown:
        raise CohortNotFound()
    # matplotlib costs the gateway ~50 MB and 0.5 s at start; only trainers' charts need it.
    from bot.trainer.charts import distribution_svg

    svg = await run_in_threadpool(distribution_svg, view.rows)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})


@router.get("/cohorts/{cohort_id}/discussion")
async def discussion(request: Request, cohort_id: str, trainer_id: str = Depends(auth.current_trainer),
                     now: datetime = Depends(get_now)):
    cohort = await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id, now)
    return _page(request, "discussion.html", cohort=cohort, view=view,
                 dimensions=discussion_dimensions(view.report), lang=LANG, disclaimer=load_readiness().disclaimer[LANG])


@router.get("/cohorts/{cohort_id}/results.csv")
async def results_csv(cohort_id: str, trainer_id: str = Depends(auth.current_trainer),
                      now: datetime = Depends(get_now)):
    cohort = await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id, now)
    filename = f"kurs-{cohort.join_code}-{date.today().isoformat()}.csv"
    # The BOM makes Excel read the file as UTF-8 (æ, ø, å).
    return Response("\ufeff" + cohort_csv(cohort.name, view), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"})


@router.post("/cohorts/{cohort_id}/delete")
async def delete_cohort(cohort_id: str, trainer_id: str = Depends(auth.current_trainer)):
    await _own_cohort(cohort_id, trainer_id)
    await run_in_threadpool(cohorts.delete_cohort, cohort_id)
    return RedirectResponse("/trainer", status_code=303)


def install(app) -> None:
    @app.exception_handler(CohortNotFound)
    async def not_found(request: Request, _: CohortNotFound):
        return _page(request, "not_found.html", 404)
