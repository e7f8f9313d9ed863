"""Every 4xx/5xx answer is JSON with a one-line message, whatever raised it."""
from __future__ import annotations

import logging
from http import HTTPStatus

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

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
        response = error_response(err.code or 500, err.description or err.name)
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
