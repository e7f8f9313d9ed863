"""REST lookups: entity search, one entity, its neighborhood, documents, stats, the GEXF export."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Optional

import networkx as nx
from flask import Blueprint, Response, jsonify, request
from werkzeug.exceptions import NotAcceptable, NotFound

from api import graphdata as gd
from api import schemas
from api.backend import backend
from api.ids import document_id, entity_iri
from api.results import content_type
from api.spec import Param, operation
from kg.export.network import write_gexf, write_graphml
from kg.graph.iris import SPARQL_PREFIXES

bp = Blueprint("entities", __name__)

_TYPE = Param("type", "only entities of this type (Person includes Official)", enum=tuple(gd.TYPES))
_ENTITY_FORMATS = {
    "json": "application/json",
    "jsonld": "application/ld+json",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}
_NETWORK_FORMATS = {"json": "application/json", "gexf": "application/gexf+xml", "graphml": "application/graphml+xml"}


def _not_found(what: str) -> NotFound:
    return NotFound(f"no {what} in the graph")


def _negotiate(format_param: Optional[str], offered: dict[str, str]) -> str:
    """The media type to answer with: ?format= first, then Accept, JSON when the client does not care."""
    if format_param:
        return offered[format_param]
    media = list(offered.values())
    if not request.accept_mimetypes:
        return media[0]
    best = request.accept_mimetypes.best_match(media)
    if best is None:
        raise NotAcceptable(f"available formats: {', '.join(media)}")
    return best


@bp.get("/entities")
@operation(
    "Search entities by name or alias",
    tag="Entities",
    params=(
        Param("q", "text to look for in names and aliases (Chinese, or pinyin such as shaoxing / sx)",
              required=True, max_length=200),
        _TYPE,
        Param("limit", "page size", type="integer", default=20, minimum=1, maximum=100),
        Param("offset", "results to skip", type="integer", default=0, minimum=0, maximum=1_000_000),
    ),
    responses={200: ("one page of ranked matches", {"application/json": schemas.SEARCH})},
)
def search(q: str, type: Optional[str], limit: int, offset: int) -> Response:
    """Ranked: exact name, exact alias, prefix, substring, then pinyin (full, prefix, initials) and,
    when nothing else matches, fuzzy. Ties go to the entity mentioned in more places."""
    be = backend()
    hits = be.search_index.get().search(q, type)
    page = hits[offset : offset + min(limit, be.settings.search_limit)]
    return jsonify(
        {
            "query": q,
            "total": len(hits),
            "offset": offset,
            "limit": limit,
            "results": [
                {"id": e.id, "label": e.label, "type": e.type, "match": match, "mentions": e.mentions}
                for e, match in page
            ],
        }
    )


@bp.get("/entities/<entity:entity_id>")
@operation(
    "One entity with labels, attributes, relations and provenance",
    tag="Entities",
    params=(Param("format", "answer format, overriding Accept", enum=tuple(_ENTITY_FORMATS)),),
    responses={
        200: (
            "the entity (JSON), or its triples (JSON-LD, Turtle, N-Triples)",
            {media: (schemas.ENTITY if media == "application/json" else {"type": "string"})
             for media in _ENTITY_FORMATS.values()},
        ),
    },
)
def entity(entity_id: str, format: Optional[str]) -> Response:
    """Relations are listed in both directions (outgoing and incoming); each carries the documents
    that state it, with their date and the sentences given as evidence, or `gazetteer` for the
    locality hierarchy. Localities carry adcode, level and coordinates."""
    be = backend()
    media = _negotiate(format, _ENTITY_FORMATS)
    iri = entity_iri(entity_id)
    if media != "application/json":
        if gd.entity_facts(be.rows, iri) is None:
            raise _not_found(f"entity {entity_id!r}")
        answer = be.pool.call(
            {"op": "sparql", "query": gd.entity_construct(iri), "solutions_type": None, "graph_type": media,
             "limit": be.settings.row_limit, "prefixes": gd.SERIALIZE_PREFIXES}
        )
        be.raise_for(answer)
        response = Response(answer["body"], content_type=content_type(media))
    else:
        found = be.view("entity", iri=iri, limit=be.settings.row_limit)
        if found is None:
            raise _not_found(f"entity {entity_id!r}")
        response = jsonify(found)
    response.vary.add("Accept")
    return response


@bp.get("/entities/<entity:entity_id>/neighborhood")
@operation(
    "The k-hop subgraph around an entity",
    tag="Entities",
    params=(
        Param("depth", "hops from the entity", type="integer", default=1, minimum=1, maximum=3),
        Param("relation", "follow only this relation", enum=tuple(gd.RELATIONS)),
        _TYPE,
        Param("limit", "most nodes (the server may cap it lower)", type="integer", default=100, minimum=1, maximum=1000),
        Param("format", "json (nodes and edges), gexf or graphml", enum=tuple(_NETWORK_FORMATS)),
    ),
    responses={
        200: (
            "nodes and edges; `truncated` says the node limit cut the subgraph",
            {"application/json": schemas.NEIGHBORHOOD, "application/gexf+xml": {"type": "string"},
             "application/graphml+xml": {"type": "string"}},
        )
    },
)
def entity_neighborhood(
    entity_id: str, depth: int, relation: Optional[str], type: Optional[str], limit: int, format: Optional[str]
) -> Response:
    """Breadth first from the entity, following relations in both directions; posts become
    person → place edges carrying the title. Bounded: at most `limit` nodes (and never more than
    the server's neighborhood limit), so hubs such as a province cannot blow up an answer."""
    be = backend()
    media = _negotiate(format, _NETWORK_FORMATS)
    data = be.view("neighborhood", iri=entity_iri(entity_id), depth=depth,
                   limit=min(limit, be.settings.neighborhood_limit), relation=relation, node_type=type)
    if data is None:
        raise _not_found(f"entity {entity_id!r}")
    if media == "application/json":
        return jsonify(data)
    graph = nx.MultiDiGraph(name=f"neighborhood of {data['center']}")
    for node in data["nodes"]:
        graph.add_node(node["id"], label=node["label"], type=node["type"], depth=node["depth"])
    for edge in data["edges"]:
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target")}
        graph.add_edge(edge["source"], edge["target"], key=edge["relation"], **attrs)
    with tempfile.TemporaryDirectory(prefix="kg-neighborhood-") as tmp:
        path = Path(tmp) / "graph"
        (write_gexf if media == "application/gexf+xml" else write_graphml)(graph, path)
        body = path.read_bytes()
    response = Response(body, content_type=media)
    response.headers["X-Result-Truncated"] = "true" if data["truncated"] else "false"
    return response


@bp.get("/documents/<document:doc_id>")
@operation(
    "One document: metadata, its whole text, the entities it mentions (with offsets) and the relations it states",
    tag="Documents",
    responses={200: ("the document", {"application/json": schemas.DOCUMENT})},
)
def document(doc_id: str) -> Response:
    """`text` is the normalized text, one paragraph per line (null for stores built before texts
    were stored). Every `start`/`end` indexes into it: `entities[].spans` are the mentions of each
    entity (most mentioned entity first), `relations[].evidence` the spans that state each fact.
    `sentences` are the sentences that carry a mention or evidence, as the graph stores them."""
    found = backend().view("document", doc_id=doc_id)
    if found is None:
        raise _not_found(f"document {doc_id!r}")
    return jsonify(found)


@bp.get("/documents")
@operation(
    "List documents",
    tag="Documents",
    params=(
        Param("limit", "page size", type="integer", default=50, minimum=1, maximum=500),
        Param("offset", "documents to skip", type="integer", default=0, minimum=0, maximum=1_000_000),
    ),
    responses={200: ("one page of documents, newest first", {"application/json": schemas.DOCUMENTS})},
)
def documents(limit: int, offset: int) -> Response:
    """Documents in the graph with their id, file name, date and headline."""
    found, _ = backend().rows(
        SPARQL_PREFIXES
        + "SELECT ?g ?name ?date ?headline WHERE { GRAPH ?g { ?g a kgo:Document ; schema:name ?name . "
        "OPTIONAL { ?g schema:datePublished ?date } OPTIONAL { ?g schema:headline ?headline } } } "
        f"ORDER BY DESC(?date) ?name LIMIT {limit} OFFSET {offset}"
    )
    return jsonify(
        {
            "offset": offset,
            "limit": limit,
            "results": [
                {"id": document_id(gd.value(r, "g")), "name": gd.value(r, "name"), "date": gd.value(r, "date"),
                 "headline": gd.value(r, "headline")}
                for r in found
            ],
        }
    )


_STATS = """
SELECT ?key (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?key ?s WHERE {{ VALUES ?key {{ {classes} }} ?s a ?key }} }} }}
GROUP BY ?key
"""
_RELATION_STATS = """
SELECT ?key (COUNT(*) AS ?n) WHERE {{ {{ SELECT DISTINCT ?s ?key ?o WHERE {{ VALUES ?key {{ {predicates} }} ?s ?key ?o }} }} }}
GROUP BY ?key
"""


@bp.get("/stats")
@operation("Counts by type and relation", tag="Graph", responses={200: ("counts", {"application/json": schemas.STATS})})
def stats() -> Response:
    """Distinct entities per type, distinct (subject, object) pairs per relation predicate, documents,
    triples and the store version being served."""
    be = backend()
    classes = {**gd.TYPES, "Document": gd.NS.KGO + "Document", "Post": gd.NS.KGO + "Post"}
    types, _ = be.rows(
        SPARQL_PREFIXES + _STATS.format(classes=" ".join(f"<{c}>" for c in classes.values()))
    )
    predicates = sorted({p for preds in gd.RELATIONS.values() for p in preds} | {gd.NS.ORG + "postIn"})
    relations, _ = be.rows(
        SPARQL_PREFIXES + _RELATION_STATS.format(predicates=" ".join(f"<{p}>" for p in predicates))
    )
    (total,), _ = be.rows("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    by_class = {gd.value(r, "key"): int(gd.value(r, "n")) for r in types}
    by_predicate = {gd.value(r, "key"): int(gd.value(r, "n")) for r in relations}
    return jsonify(
        {
            "version": be.version(),
            "triples": int(gd.value(total, "n")),
            "types": {name: by_class.get(iri, 0) for name, iri in classes.items()},
            "relations": {gd.curie(p): by_predicate.get(p, 0) for p in predicates},
        }
    )


@bp.get("/export.gexf")
@operation(
    "The whole graph as GEXF (Gephi)",
    tag="Graph",
    params=(Param("network", "relations between entities, or co-mentions in a paragraph",
                  enum=("relations", "comentions"), default="relations"),),
    responses={200: ("GEXF 1.3", {"application/gexf+xml": {"type": "string"}})},
)
def export_gexf(network: str) -> Response:
    """Written by kg.export.network (the same code as `kg export`), run in a query process under the
    server's export timeout."""
    be = backend()
    answer = be.pool.call({"op": "export", "network": network}, timeout=be.settings.export_timeout)
    be.raise_for(answer)
    response = Response(answer["body"], content_type="application/gexf+xml")
    response.headers["Content-Disposition"] = f'attachment; filename="kg-{network}.gexf"'
    return response
