"""One JSON error shape for every failure, ours or the framework's:

    {"error": {"status": 404, "code": "not_found", "message": "no node 'x'", "detail": null}}

`code` is stable and meant for programs; `message` is for people; `detail` holds structured extras
(the invalid parameters, the row cap, …) or null.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.queries import InvalidParameter, NotFound
from graph.query import QueryError
from loaders.model import LoaderError

log = logging.getLogger("ykg.api")


class ErrorInfo(BaseModel):
    status: int
    code: str
    message: str
    detail: Any = None


class ErrorBody(BaseModel):
    error: ErrorInfo


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, detail: Any = None, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.detail, self.headers = status, code, message, detail, headers


def bad_parameter(message: str, name: str | None = None) -> ApiError:
    return ApiError(422, "invalid_parameter", message, {"parameter": name} if name else None)


def error_response(status: int, code: str, message: str, detail: Any = None, headers: dict | None = None) -> JSONResponse:
    body = {"error": {"status": status, "code": code, "message": message, "detail": detail}}
    return JSONResponse(body, status_code=status, headers=headers)


# Codes for the statuses the framework raises by itself (routing, methods, body parsing).
_HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
               405: "method_not_allowed", 406: "not_acceptable", 413: "payload_too_large",
               415: "unsupported_media_type", 422: "invalid_parameter", 503: "unavailable"}


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one error shape."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.detail, error.headers)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        return error_response(404, error.code, str(error), error.detail)

    @app.exception_handler(InvalidParameter)
    async def invalid_parameter(request: Request, error: InvalidParameter) -> JSONResponse:
        return error_response(422, "invalid_parameter", str(error), {"parameter": error.parameter})

    @app.exception_handler(QueryError)
    async def query_error(request: Request, error: QueryError) -> JSONResponse:
        return error_response(400, "malformed_query", str(error))

    @app.exception_handler(LoaderError)
    async def loader_error(request: Request, error: LoaderError) -> JSONResponse:
        return error_response(422, "unreadable_document", str(error))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"location": [str(part) for part in e.get("loc", ())], "message": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in error.errors()
        ]
        names = ", ".join(p["location"][-1] for p in problems if p["location"]) or "the request"
        return error_response(422, "invalid_parameter", f"invalid value for {names}", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
        message = error.detail if isinstance(error.detail, str) else code.replace("_", " ")
        if error.status_code == 404 and message == "Not Found":
            message = f"no such endpoint: {request.url.path}"
        return error_response(error.status_code, code, message, None, getattr(error, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # A bug, not the client's fault: log it with the traceback, answer in the same shape.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "the server failed to answer this request")
