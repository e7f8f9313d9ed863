"""SPARQL 1.1 Protocol request parsing and result-format negotiation.

Kept apart from Flask routing so the rules of the W3C protocol (which
parameter may appear where, which media types mean what) read in one place.
Clients disagree on how they ask for a format: SPARQLWrapper sends both an
Accept header and ``format=json&output=json``, rdflib asks for
``application/sparql-results+xml, application/rdf+xml`` and browsers send
``text/html,...,*/*``; all of these must land on a sensible format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pyoxigraph as ox
from werkzeug.datastructures import MIMEAccept, MultiDict
from werkzeug.exceptions import BadRequest, UnsupportedMediaType

from api.results import GRAPH_TYPES, SOLUTION_TYPES

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"

# names a client may put in ?format= / ?output= -> (SELECT/ASK type, CONSTRUCT/DESCRIBE type)
FORMAT_NAMES: dict[str, tuple[Optional[str], Optional[str]]] = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "n3": (None, "text/turtle"),
    "ntriples": (None, "application/n-triples"),
    "nt": (None, "application/n-triples"),
    "json-ld": (None, "application/ld+json"),
    "jsonld": (None, "application/ld+json"),
    "rdf": (None, "application/rdf+xml"),
    "rdf+xml": (None, "application/rdf+xml"),
}
# media types clients send that mean one of ours
SOLUTION_ALIASES = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/plain": "text/tab-separated-values",
}
GRAPH_ALIASES = {
    "application/turtle": "text/turtle",
    "application/x-turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}


@dataclass
class SparqlRequest:
    """One protocol operation, parsed: a query or an update plus its dataset."""

    query: Optional[str] = None
    update: Optional[str] = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _single(values: list[str], name: str) -> Optional[str]:
    if len(values) > 1:
        raise BadRequest(f"parameter '{name}' given {len(values)} times; the protocol allows one")
    return values[0] if values else None


def _iris(values: list[str], name: str) -> list[str]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as err:
            raise BadRequest(f"{name} {value!r} is not an absolute IRI: {err}") from None
    return list(values)


def parse_request(method: str, content_type: str, args: MultiDict, form: MultiDict, body: bytes) -> SparqlRequest:
    """Apply the protocol's rules for GET, POST form and POST direct bodies."""
    media = (content_type or "").split(";")[0].strip().lower()
    if method == "GET":
        if "update" in args:
            raise BadRequest("SPARQL Update must be sent with POST, not GET")
        params = args
    elif media == FORM:
        params = form
    elif media in (QUERY_BODY, UPDATE_BODY):
        if "query" in args or "update" in args:
            raise BadRequest(f"with a {media} body the operation must not also be a URL parameter")
        params = args
    else:
        raise UnsupportedMediaType(
            f"POST body must be {FORM}, {QUERY_BODY} or {UPDATE_BODY}, not {media or 'missing'}"
        )
    out = SparqlRequest(
        default_graphs=_iris(params.getlist("default-graph-uri") or params.getlist("using-graph-uri"), "default-graph-uri"),
        named_graphs=_iris(params.getlist("named-graph-uri") or params.getlist("using-named-graph-uri"), "named-graph-uri"),
    )
    if media == QUERY_BODY:
        out.query = _decode(body)
    elif media == UPDATE_BODY:
        out.update = _decode(body)
    else:
        out.query = _single(params.getlist("query"), "query")
        out.update = _single(params.getlist("update"), "update")
    if out.query is not None and out.update is not None:
        raise BadRequest("send either 'query' or 'update', not both")
    if out.query is None and out.update is None:
        raise BadRequest("missing 'query' parameter (or 'update' for SPARQL Update)")
    if out.update is not None and (out.default_graphs or out.named_graphs):
        raise BadRequest("using-graph-uri / using-named-graph-uri are not supported; use USING in the update")
    return out


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadRequest(f"request body is not UTF-8: {err}") from None


def _best(accept: MIMEAccept, canonical: dict, aliases: dict) -> Optional[str]:
    offered = list(canonical) + list(aliases)
    if not accept:
        return offered[0]
    match = accept.best_match(offered)
    return aliases.get(match, match) if match else None


def negotiate(accept: MIMEAccept, format_param: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """The media types to answer a SELECT/ASK and a CONSTRUCT/DESCRIBE with (None = 406).

    Both are chosen up front because the query form is only known once the
    query process has parsed it; ``format`` (for browsers) overrides Accept.
    """
    if format_param:
        name = format_param.strip().lower()
        if name in FORMAT_NAMES:
            return FORMAT_NAMES[name]
        solutions = SOLUTION_ALIASES.get(name, name)
        graphs = GRAPH_ALIASES.get(name, name)
        if solutions in SOLUTION_TYPES or graphs in GRAPH_TYPES:
            return (solutions if solutions in SOLUTION_TYPES else None, graphs if graphs in GRAPH_TYPES else None)
        known = ", ".join(list(FORMAT_NAMES) + list(SOLUTION_TYPES) + list(GRAPH_TYPES))
        raise BadRequest(f"unknown format {format_param!r}; known: {known}")
    return _best(accept, SOLUTION_TYPES, SOLUTION_ALIASES), _best(accept, GRAPH_TYPES, GRAPH_ALIASES)
