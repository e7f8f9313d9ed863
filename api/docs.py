"""The OpenAPI description and an interactive docs page served without any CDN.

Swagger UI's assets come from the ``swagger-ui-bundle`` package on disk, so the
docs work on a machine with no internet access.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, send_from_directory, url_for
from swagger_ui_bundle import swagger_ui_path

from api.spec import openapi_document
from kg import __version__

bp = Blueprint("docs", __name__)

DESCRIPTION = """\
A knowledge graph of Chinese government and party news: people, localities,
organizations and programs, the posts people hold, and the document, date and
sentence behind every fact.

* `/sparql` is a SPARQL 1.1 Protocol endpoint (read-only unless an update token is configured).
* `/entities`, `/entities/{entity_id}` and `/entities/{entity_id}/neighborhood` are REST lookups.
"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>KG API docs</title>
<link rel="stylesheet" href="{css}"></head>
<body><div id="swagger-ui"></div>
<script src="{bundle}"></script><script src="{preset}"></script>
<script>
window.ui = SwaggerUIBundle({{url: "{spec}", dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"}});
</script></body></html>
"""


@bp.get("/openapi.json")
def openapi() -> Response:
    """Generated from the URL map on first request; routes do not change while the app runs."""
    if "kg_openapi" not in current_app.extensions:
        current_app.extensions["kg_openapi"] = openapi_document(
            current_app, title="kg-zh-gov query API", version=__version__, description=DESCRIPTION
        )
    return jsonify(current_app.extensions["kg_openapi"])


@bp.get("/docs")
def docs() -> Response:
    page = _PAGE.format(
        css=url_for("docs.asset", name="swagger-ui.css"),
        bundle=url_for("docs.asset", name="swagger-ui-bundle.js"),
        preset=url_for("docs.asset", name="swagger-ui-standalone-preset.js"),
        spec=url_for("docs.openapi"),
    )
    return Response(page, content_type="text/html; charset=utf-8")


@bp.get("/docs/assets/<name>")
def asset(name: str) -> Response:
    return send_from_directory(str(swagger_ui_path), name, max_age=86400)

