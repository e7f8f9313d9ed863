"""The Flask app factory."""
from __future__ import annotations

import atexit
from typing import Optional

from flask import Flask
from flask_cors import CORS

from api import docs, entities, errors, sparql
from api.explorer import bp as explorer_bp
from api.backend import Backend
from api.cache import AnswerCache, CachingMiddleware
from api.ids import DocumentIdConverter, EntityIdConverter
from api.pool import QueryPool
from api.settings import Settings


def create_app(settings: Settings, pool: Optional[QueryPool] = None) -> Flask:
    """Build the app and start its query processes.

    Call this in each web worker process (not before forking): the query
    processes belong to the worker that started them.
    """
    app = Flask(__name__)
    app.json.ensure_ascii = False  # Chinese names stay readable in JSON answers
    app.json.sort_keys = False
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024  # larger bodies get a JSON 413
    if pool is None:
        pool = QueryPool(settings.store, size=settings.query_processes, timeout=settings.timeout,
                         memory_quads=settings.memory_quads)
        atexit.register(pool.close)
    app.extensions["kg"] = be = Backend(settings=settings, pool=pool)
    be.warm_up()
    CORS(app, origins="*", methods=["GET", "HEAD", "POST", "OPTIONS"], expose_headers=["X-Result-Truncated", "X-Result-Count"])
    errors.register(app, settings.timeout)
    app.url_map.converters["entity"] = EntityIdConverter
    app.url_map.converters["document"] = DocumentIdConverter
    app.register_blueprint(explorer_bp)  # before docs.bp: the explorer owns `/`
    app.register_blueprint(sparql.bp)
    app.register_blueprint(entities.bp)
    app.register_blueprint(docs.bp)
    if settings.answer_cache_bytes > 0:
        app.wsgi_app = CachingMiddleware(app.wsgi_app, AnswerCache(settings.answer_cache_bytes), be.immutable_version)
    return app
