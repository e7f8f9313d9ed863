"""The read-side queries behind the REST endpoints.

Every query runs in the query pool (so REST lookups get the same timeouts
as /sparql), and every client-supplied value reaches SPARQL only as a term
serialized by pyoxigraph (``str(NamedNode(...))``, ``str(Literal(...))``),
which validates IRIs and escapes literals; ids are validated before that.

The rows an entity view or a neighborhood is assembled from come from a
:class:`SparqlReads`; :mod:`api.scans` reads the same rows by pattern scans of
an embedded store (in the web worker itself for entity lookups and 1-hop
neighborhoods, under the same timeout: see ``api.backend.LOCAL_VIEWS``). The assembly sorts rows before it picks "the
first" of anything, so the answer never depends on the order a source returns
its rows in.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

import pyoxigraph as ox

from api.ids import document_id as _document_id, entity_id
from kg.graph.iris import GAZETTEER_GRAPH, NS, PREFIXES, SPARQL_PREFIXES

Rows = Callable[..., tuple[list[dict], bool]]
# a view names each document once per relation it states; the id is a pure function of the IRI that percent-encodes
# the IRI's candidates again on every call (~0.1 ms of a lookup at 100k), so it is kept
document_id = functools.lru_cache(maxsize=1 << 16)(_document_id)
# prefixes for Turtle answers; kg: is left out because entity paths hold '/' and would print as kg:person\/...
SERIALIZE_PREFIXES = {prefix: ns for prefix, ns in PREFIXES.items() if prefix != "kg"}

# API type name -> class IRI; order decides an entity's primary type (most specific first)
TYPES = {
    "Official": NS.KGO + "Official",
    "Person": NS.KGO + "Person",
    "Locality": NS.KGO + "Locality",
    "Organization": NS.KGO + "Organization",
    "Program": NS.KGO + "Program",
}
_TYPE_OF = {iri: name for name, iri in TYPES.items()}
# API relation name -> predicates (localities use schema:containedInPlace for located_in)
RELATIONS = {
    "holds_position": (NS.ORG + "holds",),
    "affiliated_with": (NS.ORG + "memberOf",),
    "implements": (NS.KGO + "implements",),
    "located_in": (NS.KGO + "locatedIn", NS.SCHEMA + "containedInPlace"),
}
RELATION_OF = {p: name for name, preds in RELATIONS.items() for p in preds}
_ENTITY_CLASSES = " ".join(f"<{iri}>" for iri in TYPES.values())
# as a FILTER list: joining each entity with a VALUES list of classes took 1.75x as long (304 entities, seeds)
_ENTITY_CLASS_LIST = ", ".join(f"<{iri}>" for iri in TYPES.values())
_DIRECT = " ".join(f"<{p}>" for name, preds in RELATIONS.items() if name != "holds_position" for p in preds)


def iri_term(iri: str) -> str:
    return str(ox.NamedNode(iri))


def literal_term(text: str) -> str:
    return str(ox.Literal(text))


def curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix != "kg":
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def value(row: dict, name: str) -> Optional[str]:
    term = row.get(name)
    return term["value"] if term else None


def primary_type(class_iris: Iterable[str]) -> Optional[str]:
    found = {_TYPE_OF[c] for c in class_iris if c in _TYPE_OF}
    return next((name for name in TYPES if name in found), None)


@dataclass
class Node:
    iri: str
    id: str
    label: str
    type: Optional[str]

    def json(self) -> dict:
        return {"id": self.id, "label": self.label, "type": self.type}


_NODES_QUERY = "SELECT DISTINCT ?e ?c ?label WHERE {{ VALUES ?e {{ {values} }} ?e a ?c . FILTER(?c IN ({classes})) OPTIONAL {{ ?e skos:prefLabel ?label }} }}"
_FACTS_QUERY = "SELECT DISTINCT ?p ?o WHERE {{ {e} ?p ?o . FILTER(isLiteral(?o) || ?p = rdf:type) }}"
_DOCUMENTS_QUERY = (
    "SELECT ?doc ?name ?date (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{ ?m kgo:mentions {e} ; kgo:inDocument ?doc . "
    "OPTIONAL {{ ?doc schema:name ?name }} OPTIONAL {{ ?doc schema:datePublished ?date }} }} "
    "GROUP BY ?doc ?name ?date ORDER BY DESC(?mentions) ?doc"
)


class SparqlReads:
    """The rows behind the entity view, one SPARQL query each; callable as a plain ``Rows`` too.

    Why a class: the views take one source of rows, and a subclass (:class:`api.scans.ScanReads`)
    answers the same calls from pattern scans where that is cheaper, falling back on these queries.
    Each method returns SPARQL-JSON rows and, where a cap applies, whether the cap cut them."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows

    def __call__(self, query: str, *args: Any) -> tuple[list[dict], bool]:
        return self.rows(query, *args)

    def nodes(self, iris: list[str]) -> list[dict]:
        """?e ?c ?label: the entity classes and preferred labels of *iris*."""
        found, _ = self.rows(SPARQL_PREFIXES + _NODES_QUERY.format(
            values=" ".join(map(iri_term, iris)), classes=_ENTITY_CLASS_LIST))
        return found

    def facts(self, iri: str) -> list[dict]:
        """?p ?o: the entity's types and literal-valued triples."""
        return self.rows(SPARQL_PREFIXES + _FACTS_QUERY.format(e=iri_term(iri)))[0]

    def relations(self, iri: str, limit: int) -> tuple[list[dict], bool]:
        """?dir ?p ?other ?post ?title ?g ?date ?name: see :data:`_RELATIONS_QUERY`."""
        return self.rows(SPARQL_PREFIXES + _RELATIONS_QUERY.format(e=iri_term(iri), direct=_DIRECT), limit)

    def evidence(self, iri: str, limit: int) -> tuple[list[dict], bool]:
        """?g ?s ?p ?o ?sentence ?index: see :data:`_EVIDENCE_QUERY`."""
        return self.rows(SPARQL_PREFIXES + _EVIDENCE_QUERY.format(e=iri_term(iri)), limit)

    def documents(self, iri: str, limit: int) -> tuple[list[dict], bool]:
        """?doc ?name ?date ?mentions, most mentions first."""
        return self.rows(SPARQL_PREFIXES + _DOCUMENTS_QUERY.format(e=iri_term(iri)), limit)

    def hop(self, frontier: list[str], limit: int) -> tuple[list[dict], bool]:
        """?s ?p ?o ?title: the relation edges at the *frontier* nodes, posts folded (see :data:`_HOP`)."""
        return self.rows(SPARQL_PREFIXES + _HOP.format(frontier=" ".join(map(iri_term, frontier)), direct=_DIRECT,
                                                       limit=limit + 1), limit)


def as_reads(rows: Rows) -> SparqlReads:
    return rows if isinstance(rows, SparqlReads) else SparqlReads(rows)


def _canonical(found: list[dict]) -> list[dict]:
    """Rows in an order of their own values, so that "the first" row of a group is the same whatever
    order the source returned them in (SPARQL's order is unspecified; scans have another)."""
    return sorted(found, key=lambda row: sorted((k, t["value"]) for k, t in row.items()))


def describe_nodes(rows: Rows, iris: Iterable[str]) -> dict[str, Node]:
    """Label and primary type of each entity IRI (entities without either are skipped)."""
    iris = sorted(set(iris))
    if not iris:
        return {}
    classes: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for row in _canonical(as_reads(rows).nodes(iris)):
        e = value(row, "e")
        classes.setdefault(e, set()).add(value(row, "c"))
        if value(row, "label"):
            labels.setdefault(e, value(row, "label"))
    out = {}
    for e, cls in classes.items():
        eid = entity_id(e)
        if eid:
            out[e] = Node(e, eid, labels.get(e, eid), primary_type(cls))
    return out


def entity_facts(rows: Rows, iri: str) -> Optional[dict]:
    """Types, labels and attributes of one entity; None when the graph does not know it."""
    found = _canonical(as_reads(rows).facts(iri))
    if not found:
        return None
    by: dict[str, list[dict]] = {}
    for row in found:
        by.setdefault(value(row, "p"), []).append(row["o"])
    classes = [t["value"] for t in by.get(NS.RDF + "type", [])]
    if primary_type(classes) is None:
        return None

    def first(predicate: str) -> Optional[str]:
        return next((t["value"] for t in by.get(predicate, [])), None)

    labels = sorted({t["value"] for t in by.get(NS.SKOS + "prefLabel", [])})
    attributes: dict[str, Any] = {}
    for key, predicate in (("adcode", NS.KGO + "adcode"), ("level", NS.KGO + "level")):
        if first(predicate) is not None:
            attributes[key] = first(predicate)
    for key, predicate in (("lat", NS.GEO + "lat"), ("lon", NS.GEO + "long")):
        if first(predicate) is not None:
            attributes[key] = float(first(predicate))
    return {
        "id": entity_id(iri),
        "iri": iri,
        "type": primary_type(classes),
        "types": sorted(curie(c) for c in classes),
        "label": labels[0] if labels else entity_id(iri),
        "labels": labels,
        "aliases": sorted({t["value"] for t in by.get(NS.SKOS + "altLabel", [])} - set(labels)),
        "attributes": attributes,
    }


_RELATIONS_QUERY = """
SELECT DISTINCT ?dir ?p ?other ?post ?title ?g ?date ?name WHERE {{
  {{ GRAPH ?g {{ {e} ?p ?other }} VALUES ?p {{ {direct} }} BIND("out" AS ?dir) }}
  UNION
  {{ GRAPH ?g {{ {e} org:holds ?post }} OPTIONAL {{ ?post org:postIn ?other }} OPTIONAL {{ ?post kgo:title ?title }}
     BIND(org:holds AS ?p) BIND("out" AS ?dir) }}
  UNION
  {{ GRAPH ?g {{ ?other ?p {e} }} VALUES ?p {{ {direct} }} BIND("in" AS ?dir) }}
  UNION
  {{ ?post org:postIn {e} . GRAPH ?g {{ ?other org:holds ?post }} OPTIONAL {{ ?post kgo:title ?title }}
     BIND(org:holds AS ?p) BIND("in" AS ?dir) }}
  OPTIONAL {{ ?g schema:name ?name }} OPTIONAL {{ ?g schema:datePublished ?date }}
}}
"""
# The evidence of those relations, as its own query that starts from the reified statements naming
# the entity (bound subject or object): joined onto the relation rows above, Oxigraph evaluated the
# evidence pattern once per row and it took ~90 % of a lookup.
_EVIDENCE_QUERY = """
SELECT DISTINCT ?g ?s ?p ?o ?sentence ?index WHERE {{
  {{ GRAPH ?g {{ ?a rdf:subject {e} ; rdf:predicate ?p ; rdf:object ?o ; kgo:evidence ?m . ?m kgo:sentenceText ?sentence }}
     BIND({e} AS ?s) }}
  UNION
  {{ GRAPH ?g {{ ?a rdf:object {e} ; rdf:predicate ?p ; rdf:subject ?s ; kgo:evidence ?m . ?m kgo:sentenceText ?sentence }}
     BIND({e} AS ?o) }}
  UNION
  {{ ?o org:postIn {e} . GRAPH ?g {{ ?a rdf:object ?o ; rdf:predicate org:holds ; rdf:subject ?s ; kgo:evidence ?m .
                                     ?m kgo:sentenceText ?sentence }} BIND(org:holds AS ?p) }}
  OPTIONAL {{ ?m kgo:sentenceIndex ?index }}
}}
"""


def _statement(iri: str, row: dict) -> tuple:
    """(graph, subject, predicate, object) of the statement a relation row stands for: the entity on
    its side, the other end on the other (a post, for holds, is always the object)."""
    p, other = value(row, "p"), value(row, "other")
    s = iri if value(row, "dir") == "out" else other
    o = value(row, "post") if p == NS.ORG + "holds" else (other if s == iri else iri)
    return value(row, "g"), s, p, o


def _evidence(rows: Rows, iri: str, limit: int) -> tuple[dict[tuple, list[str]], bool]:
    """Evidence sentences per (graph, subject, predicate, object), in reading order."""
    found, truncated = as_reads(rows).evidence(iri, limit)
    found.sort(key=lambda row: (int(value(row, "index") or 0), value(row, "sentence")))
    sentences: dict[tuple, list[str]] = {}
    for row in found:
        key = tuple(value(row, k) for k in ("g", "s", "p", "o"))
        sentences.setdefault(key, []).append(value(row, "sentence"))
    return sentences, truncated


def entity_relations(rows: Rows, iri: str, limit: int) -> tuple[dict, bool]:
    """Relations in both directions, each with the documents (date, sentences) that state it."""
    found, truncated = as_reads(rows).relations(iri, limit)
    found = _canonical(found)
    evidence, cut = _evidence(rows, iri, limit) if found else ({}, False)
    others = describe_nodes(rows, (value(r, "other") for r in found if value(r, "other")))
    grouped: dict[tuple, dict] = {}
    for row in found:
        other = value(row, "other")
        if other and other not in others:
            continue  # not an entity (should not happen) or unlabelled
        predicate = value(row, "p")
        key = (value(row, "dir"), predicate, other, value(row, "post"))
        rel = grouped.setdefault(
            key,
            {
                "relation": RELATION_OF.get(predicate, curie(predicate)),
                "predicate": curie(predicate),
                "direction": value(row, "dir"),
                "entity": others[other].json() if other else None,
                **({"title": value(row, "title")} if value(row, "title") else {}),
                "provenance": {},
            },
        )
        graph = value(row, "g")
        source = rel["provenance"].setdefault(graph, _source(row))
        for sentence in evidence.get(_statement(iri, row), ()):
            if sentence not in source.setdefault("sentences", []):
                source["sentences"].append(sentence)
    out: dict[str, list] = {"outgoing": [], "incoming": []}
    for (direction, *_), rel in sorted(grouped.items(), key=lambda kv: tuple(str(k) for k in kv[0])):
        rel["provenance"] = sorted(rel["provenance"].values(), key=lambda s: (s.get("date") or "", s.get("document") or ""))
        del rel["direction"]
        out["outgoing" if direction == "out" else "incoming"].append(rel)
    return out, truncated or cut


def _source(row: dict) -> dict:
    graph = value(row, "g")
    if value(row, "name"):  # document graphs name their document; the gazetteer graph does not
        return {
            "document": document_id(graph),
            "name": value(row, "name"),
            "date": value(row, "date"),
        }
    return {"source": "gazetteer" if graph == GAZETTEER_GRAPH else graph}


def entity_documents(rows: Rows, iri: str, limit: int) -> tuple[list[dict], bool]:
    """The documents that mention an entity, most mentions first."""
    found, truncated = as_reads(rows).documents(iri, limit)
    return [
        {"document": document_id(value(r, "doc")), "name": value(r, "name"), "date": value(r, "date"),
         "mentions": int(value(r, "mentions"))}
        for r in found
    ], truncated


def entity_view(rows: Rows, iri: str, limit: int) -> Optional[dict]:
    """One entity as the lookup answers it: facts, relations with provenance, documents; None if unknown."""
    rows = as_reads(rows)
    facts = entity_facts(rows, iri)
    if facts is None:
        return None
    relations, cut = entity_relations(rows, iri, limit)
    documents, cut_docs = entity_documents(rows, iri, limit)
    return {**facts, "relations": relations, "documents": documents, "truncated": cut or cut_docs}


def neighborhood_view(rows: Rows, iri: str, depth: int, limit: int, relation: Optional[str] = None,
                      node_type: Optional[str] = None) -> Optional[dict]:
    """The neighborhood of the entity *iri*; None when the graph does not know it."""
    center = describe_nodes(rows, [iri]).get(iri)
    if center is None:
        return None
    return neighborhood(rows, center, depth, limit, relation=relation, node_type=node_type)


def entity_construct(iri: str) -> str:
    """CONSTRUCT of an entity's own triples, the triples pointing at it from entities, and its posts."""
    e = iri_term(iri)
    return SPARQL_PREFIXES + (
        f"CONSTRUCT {{ {e} ?p ?o . ?s ?q {e} . ?post ?pp ?po }} WHERE {{ "
        f"{{ {e} ?p ?o }} UNION {{ ?s ?q {e} . VALUES ?c {{ {_ENTITY_CLASSES} }} ?s a ?c }} "
        f"UNION {{ {e} org:holds ?post . ?post ?pp ?po }} }}"
    )


_HOP = """
SELECT DISTINCT ?s ?p ?o ?title WHERE {{
  VALUES ?n {{ {frontier} }}
  {{ ?n ?p ?o . VALUES ?p {{ {direct} }} BIND(?n AS ?s) }}
  UNION {{ ?s ?p ?n . VALUES ?p {{ {direct} }} BIND(?n AS ?o) }}
  UNION {{ ?n org:holds ?post . ?post org:postIn ?o . OPTIONAL {{ ?post kgo:title ?title }}
          BIND(?n AS ?s) BIND(org:holds AS ?p) }}
  UNION {{ ?post org:postIn ?n . ?s org:holds ?post . OPTIONAL {{ ?post kgo:title ?title }}
          BIND(?n AS ?o) BIND(org:holds AS ?p) }}
}} LIMIT {limit}
"""


def _is_type(actual: Optional[str], wanted: str) -> bool:
    """Type filter where every Official is also a Person."""
    return actual == wanted or (wanted == "Person" and actual == "Official")


def neighborhood(
    rows: Rows,
    center: Node,
    depth: int,
    limit: int,
    relation: Optional[str] = None,
    node_type: Optional[str] = None,
) -> dict:
    """The k-hop subgraph around *center*, breadth first, cut at *limit* nodes.

    Posts are folded into person → place edges carrying the post's title,
    which is what a graph drawing needs. Each hop is one query, itself capped,
    so a hub (a province contains every place in it) costs a bounded amount.
    A hop's rows are taken in an order of their own values, so the same graph
    gives the same answer from SPARQL, from scans and from an in-memory copy.
    """
    allowed = set(RELATIONS[relation]) if relation else set(RELATION_OF)
    nodes: dict[str, dict] = {center.iri: {**center.json(), "depth": 0}}
    edges: dict[tuple, dict] = {}
    frontier = [center.iri]
    truncated = False
    for hop in range(1, depth + 1):
        if not frontier:
            break
        found, cut = as_reads(rows).hop(frontier, limit * 4)
        truncated |= cut
        candidates = [r for r in _canonical(found) if value(r, "p") in allowed]
        info = describe_nodes(rows, (value(r, k) for r in candidates for k in ("s", "o")))
        next_frontier = []
        for row in candidates:
            s, o = value(row, "s"), value(row, "o")
            if s not in info or o not in info:
                continue
            new = [end for end in dict.fromkeys((s, o)) if end not in nodes]
            if node_type and any(not _is_type(info[end].type, node_type) for end in new):
                continue
            if len(nodes) + len(new) > limit:
                truncated = True
                continue
            for end in new:
                nodes[end] = {**info[end].json(), "depth": hop}
                next_frontier.append(end)
            predicate = value(row, "p")
            key = (s, predicate, o, value(row, "title"))
            edges.setdefault(
                key,
                {
                    "source": nodes[s]["id"],
                    "target": nodes[o]["id"],
                    "relation": RELATION_OF[predicate],
                    "predicate": curie(predicate),
                    **({"title": value(row, "title")} if value(row, "title") else {}),
                },
            )
        frontier = next_frontier
    return {
        "center": center.id,
        "depth": depth,
        "nodes": list(nodes.values()),
        "edges": list(edges.values()),
        "truncated": truncated,
    }
