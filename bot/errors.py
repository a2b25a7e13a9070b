"""One error shape for the API, {"error": {"code", "message"}}, with messages a person can act on."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot import texts


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def documented(*statuses: int) -> dict[int, dict]:
    """OpenAPI `responses=` for the error statuses a route can answer with, in the one shape."""
    return {status: {"model": ErrorBody} for status in statuses}


# Every JSON API route: malformed JSON, too large, invalid fields, too many requests.
API_ERRORS = documented(400, 413, 422, 429)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str, headers: dict | None = None, **extra) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = exc.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return error_response(400, "invalid_json", texts.ERROR_NOT_JSON)
        fields = [
            {"field": ".".join(str(part) for part in p.get("loc", ()) if part != "body"), "problem": p.get("msg")}
            for p in problems
        ]
        return error_response(422, "invalid_request", texts.ERROR_INVALID, fields=fields)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        # FastAPI reports a body it cannot decode (e.g. not UTF-8) as a bare 400.
        if exc.status_code == 400:
            return error_response(400, "invalid_json", texts.ERROR_NOT_JSON)
        # Headers such as a 405's Allow are part of the answer.
        return error_response(exc.status_code, f"http_{exc.status_code}", str(exc.detail), headers=exc.headers)
