"""The /sparql endpoint: SPARQL 1.1 Protocol over the query pool."""
from __future__ import annotations

import hmac

from flask import Blueprint, Response, request
from werkzeug.exceptions import Forbidden, NotAcceptable

from api.backend import backend
from api.protocol import FORM, QUERY_BODY, UPDATE_BODY, SparqlRequest, negotiate, parse_request
from api.results import GRAPH_TYPES, SOLUTION_TYPES, content_type
from api.spec import Param, operation
from api.graphdata import SERIALIZE_PREFIXES

bp = Blueprint("sparql", __name__)

_DATASET = (
    Param("default-graph-uri", "IRI of a graph to use as the default graph (repeatable); "
          "without it the default graph is the union of all document graphs", repeated=True),
    Param("named-graph-uri", "IRI of a graph available to GRAPH patterns (repeatable)", repeated=True),
)
_FORMAT = Param(
    "format",
    "result format, overriding Accept (for browsers): json, xml, csv, tsv, turtle, ntriples, jsonld, rdf or a media type",
    max_length=100,
)
_RESULTS = {
    200: (
        "query results; the header X-Result-Truncated: true (and, in JSON, a top-level "
        "\"truncated\": true) says the row limit cut them",
        {media: {"type": "string"} for media in list(SOLUTION_TYPES) + list(GRAPH_TYPES)},
    ),
    204: ("update applied", None),
}
_FORM_FIELDS = {
    "query": {"type": "string", "description": "a SPARQL 1.1 query"},
    "update": {"type": "string", "description": "a SPARQL 1.1 update (needs the server's update token)"},
    "default-graph-uri": {"type": "array", "items": {"type": "string"}},
    "named-graph-uri": {"type": "array", "items": {"type": "string"}},
}
_BODY = {
    "required": True,
    "content": {
        FORM: {"schema": {"type": "object", "properties": _FORM_FIELDS}},
        QUERY_BODY: {"schema": {"type": "string"}},
        UPDATE_BODY: {"schema": {"type": "string"}},
    },
}


@bp.get("/sparql")
@operation(
    "SPARQL query (GET)",
    tag="SPARQL",
    params=(Param("query", "the SPARQL 1.1 query", required=True), *_DATASET, _FORMAT),
    responses=_RESULTS,
    bind=False,
)
def sparql_get() -> Response:
    """SPARQL 1.1 Protocol query via GET. SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV;
    CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML, chosen by Accept or format.
    Queries that run past the server's timeout are stopped and answered with 503."""
    return _answer(parse_request("GET", "", request.args, request.form, b""))


@bp.post("/sparql")
@operation(
    "SPARQL query or update (POST)",
    tag="SPARQL",
    params=(*_DATASET, _FORMAT),
    responses=_RESULTS,
    request_body=_BODY,
    bind=False,
)
def sparql_post() -> Response:
    """SPARQL 1.1 Protocol via POST: a form-encoded query or update, or a direct
    application/sparql-query or application/sparql-update body. Updates are refused with 403
    unless the server was started with an update token and the request carries it as
    `Authorization: Bearer <token>`."""
    return _answer(
        parse_request("POST", request.content_type or "", request.args, request.form, request.get_data())
    )


def _answer(req: SparqlRequest) -> Response:
    if req.update is not None:
        return _update(req.update)
    be = backend()
    fmt = request.values.get("format") or request.values.get("output")
    solutions_type, graph_type = negotiate(request.accept_mimetypes, fmt)
    if solutions_type is None and graph_type is None:
        raise NotAcceptable(
            f"none of the result formats is acceptable; available: {', '.join(list(SOLUTION_TYPES) + list(GRAPH_TYPES))}"
        )
    answer = be.pool.call(
        {
            "op": "sparql",
            "query": req.query,
            "default_graphs": req.default_graphs,
            "named_graphs": req.named_graphs,
            "solutions_type": solutions_type,
            "graph_type": graph_type,
            "limit": be.settings.row_limit,
            "prefixes": SERIALIZE_PREFIXES,
        }
    )
    be.raise_for(answer)
    response = Response(answer["body"], content_type=content_type(answer["media_type"]))
    response.headers["X-Result-Truncated"] = "true" if answer["truncated"] else "false"
    response.headers["X-Result-Count"] = str(answer["count"])
    response.vary.add("Accept")
    return response


def _update(update: str) -> Response:
    be = backend()
    token = be.settings.update_token
    if not token:
        raise Forbidden("this endpoint is read-only: start the server with an update token to allow SPARQL Update")
    presented = request.headers.get("Authorization", "")
    if not hmac.compare_digest(presented.encode(), f"Bearer {token}".encode()):
        raise Forbidden("SPARQL Update needs the header 'Authorization: Bearer <update token>'")
    be.raise_for(be.pool.call({"op": "update", "update": update}))
    return Response(status=204)

