"""The web explorer: HTML pages at `/` that read the REST and SPARQL endpoints from the browser.

Why pages are thin shells: every fact a page shows comes from the same public
endpoints a script would use (/entities, /documents, /sparql), so the explorer
never disagrees with the API. The server only checks that the entity or
document exists (so a bad link is a real 404), hands the page its id, and
serves the one lookup the REST API lacks: a document's sentences with the
character spans of their mentions. Static assets are built from web/ with
esbuild and committed, so a fresh clone serves pages without node.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, render_template
from werkzeug.exceptions import NotFound

from api import graphdata as gd
from api.backend import backend
from api.explorer import examples
from api.explorer.document_text import document_sentences
from api.ids import entity_iri
from kg.graph.iris import SPARQL_PREFIXES, document_iri

bp = Blueprint(
    "explorer", __name__, template_folder="templates", static_folder="static", static_url_path="/explorer/static"
)

_TYPE_NAMES = tuple(gd.TYPES)


def _page(template: str, status: int = 200, **context) -> Response:
    html = render_template(template, types=_TYPE_NAMES, **context)
    return Response(html, status=status, content_type="text/html; charset=utf-8")


def _missing(what: str) -> Response:
    return _page("missing.html", status=404, page="common", what=what)


@bp.get("/")
def home() -> Response:
    return _page("search.html", page="search")


@bp.get("/entity/<entity:entity_id>")
def entity_page(entity_id: str) -> Response:
    if gd.entity_facts(backend().rows, entity_iri(entity_id)) is None:
        return _missing(f"entity {entity_id}")
    return _page("entity.html", page="entity", entity_id=entity_id)


@bp.get("/document/<document:doc_id>")
def document_page(doc_id: str) -> Response:
    if not _document_exists(doc_id):
        return _missing(f"document {doc_id}")
    return _page("document.html", page="document", doc_id=doc_id)


@bp.get("/query")
def query_page() -> Response:
    return _page("query.html", page="query", examples=_script_json(examples.load()))


@bp.get("/explorer/documents/<document:doc_id>/sentences")
def document_sentences_json(doc_id: str) -> Response:
    """Sentences that carry mentions, each with its offset and typed mention spans: the small answer the
    entity page needs to redraw evidence quotes and link them to `/document/<id>#m-<start>-<end>`."""
    if not _document_exists(doc_id):
        raise NotFound(f"no document {doc_id!r} in the graph")
    return jsonify({"id": doc_id, "sentences": document_sentences(backend().rows, document_iri(doc_id))})


def _document_exists(doc_id: str) -> bool:
    doc = gd.iri_term(document_iri(doc_id))
    found, _ = backend().rows(SPARQL_PREFIXES + f"SELECT ?d WHERE {{ GRAPH {doc} {{ {doc} a kgo:Document }} }} LIMIT 1")
    return bool(found)


def _script_json(data: object) -> str:
    """JSON safe inside a <script> element (no '</' can close it early)."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
