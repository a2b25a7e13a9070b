"""The trainer pages under /trainer: log in, make cohorts, follow a cohort, print discussion
material, export CSV. Server-rendered (Jinja2), so they work without JavaScript and print well."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from bot.trainer import auth
from bot.trainer.export import cohort_csv
from bot.trainer.views import LANG, cohort_view, discussion_dimensions
from checklists.readiness import load_readiness
from userdata import cohorts, trainers

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
    trainer_id = await run_in_threadpool(trainers.authenticate, username, password)
    if trainer_id is None:
        return _page(request, "login.html", 401, next=_safe_next(next), username=username,
                     error="Feil brukernavn eller passord.")
    auth.log_in(request, trainer_id)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
async def logout(request: Request):
    auth.log_out(request)
    return RedirectResponse("/trainer/login", status_code=303)


@router.get("")
async def cohort_list(request: Request, trainer_id: str = Depends(auth.current_trainer)):
    own = await run_in_threadpool(cohorts.cohorts_of, trainer_id)
    name = await run_in_threadpool(trainers.trainer_name, trainer_id)
    return _page(request, "cohorts.html", cohorts=own, trainer=name, today=date.today())


@router.post("/cohorts")
async def create_cohort(request: Request, name: str = Form(default=""), starts: str = Form(default=""),
                        ends: str = Form(default=""), trainer_id: str = Depends(auth.current_trainer)):
    problem = None
    try:
        start_date = date.fromisoformat(starts)
        end_date = date.fromisoformat(ends) if ends else None
    except ValueError:
        problem = "Skriv datoene som ÅÅÅÅ-MM-DD."
    else:
        if end_date and end_date < start_date:
            problem = "Sluttdatoen kan ikke være før startdatoen."
    if not name.strip() or len(name) > MAX_NAME:
        problem = f"Gi kurset et navn (høyst {MAX_NAME} tegn)."
    if problem:
        own = await run_in_threadpool(cohorts.cohorts_of, trainer_id)
        trainer = await run_in_threadpool(trainers.trainer_name, trainer_id)
        return _page(request, "cohorts.html", 422, cohorts=own, trainer=trainer, today=date.today(), error=problem,
                     form={"name": name, "starts": starts, "ends": ends})
    cohort = await run_in_threadpool(cohorts.create_cohort, trainer_id, name, start_date, end_date)
    return RedirectResponse(f"/trainer/cohorts/{cohort.id}", status_code=303)


@router.get("/cohorts/{cohort_id}")
async def cohort_page(request: Request, cohort_id: str, trainer_id: str = Depends(auth.current_trainer)):
    cohort = await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id)
    join_link = str(request.url_for("join_page", code=cohort.join_code))
    return _page(request, "cohort.html", cohort=cohort, view=view, join_link=join_link)


@router.get("/cohorts/{cohort_id}/chart.svg")
async def cohort_chart(cohort_id: str, trainer_id: str = Depends(auth.current_trainer)):
    await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id)
    if not view.report.shown:
        raise CohortNotFound()
    # matplotlib costs the gateway ~50 MB and 0.5 s at start; only trainers' charts need it.
    from bot.trainer.charts import distribution_svg

    svg = await run_in_threadpool(distribution_svg, view.rows)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})


@router.get("/cohorts/{cohort_id}/discussion")
async def discussion(request: Request, cohort_id: str, trainer_id: str = Depends(auth.current_trainer)):
    cohort = await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id)
    return _page(request, "discussion.html", cohort=cohort, view=view,
                 dimensions=discussion_dimensions(view.report), lang=LANG, disclaimer=load_readiness().disclaimer[LANG])


@router.get("/cohorts/{cohort_id}/results.csv")
async def results_csv(cohort_id: str, trainer_id: str = Depends(auth.current_trainer)):
    cohort = await _own_cohort(cohort_id, trainer_id)
    view = await run_in_threadpool(cohort_view, cohort_id)
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
