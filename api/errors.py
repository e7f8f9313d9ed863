"""Every 4xx/5xx answer is JSON with a one-line message, whatever raised it."""
from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from api.ids import KINDS
from api.pool import PoolBusy, QueryTimeout, WorkerDied
from api.scans import ScanTimeout

log = logging.getLogger(__name__)


class QueryFailed(HTTPException):
    """The query process reported an error that is the query's fault (4xx) or ours (5xx)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def error_response(code: int, message: str) -> Response:
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Error"
    response = jsonify({"error": phrase, "message": message, "status": code})
    response.status_code = code
    return response


def register(app: Flask, timeout: float) -> None:
    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Response:
        message = err.description or err.name
        if err.code == 404 and request.url_rule is None:
            message = _not_an_id(request.path) or message
        response = error_response(err.code or 500, message)
        for key, value in err.get_headers():
            if key.lower() not in ("content-type", "content-length"):
                response.headers[key] = value
        return response

    @app.errorhandler(QueryTimeout)
    @app.errorhandler(ScanTimeout)  # a view computed in the web worker (api.backend.LOCAL_VIEWS) stops the same way
    def query_timeout(err: Exception) -> Response:
        return error_response(ServiceUnavailable.code, f"query ran past the {timeout:g} s timeout and was stopped")

    @app.errorhandler(PoolBusy)
    def busy(err: PoolBusy) -> Response:
        response = error_response(ServiceUnavailable.code, f"server busy: {err}")
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(WorkerDied)
    def died(err: WorkerDied) -> Response:
        log.error("%s", err)
        return error_response(InternalServerError.code, f"query process failed: {err}")

    @app.errorhandler(Exception)
    def unexpected(err: Exception) -> Response:
        log.exception("unhandled error")
        return error_response(InternalServerError.code, f"internal error: {type(err).__name__}")


def _not_an_id(path: str) -> str | None:
    """What is wrong with /entities/ID[/...] when ID matched no route: it is not a well-formed id (an id that
    is well formed but unknown gets "no entity … in the graph" from the view itself)."""
    parts = path.split("/")
    if len(parts) < 3 or parts[1] != "entities" or not parts[2]:
        return None
    return (f"not an entity id: {parts[2]!r}; ids are KIND:KEY with KIND one of {', '.join(KINDS)} "
            "(e.g. locality:330600); GET /entities?q=NAME finds an entity's id")
