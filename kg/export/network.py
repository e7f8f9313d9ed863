"""The graph as a network for Gephi and igraph: entities as nodes, relations as weighted edges.

Posts are folded into person → place edges (relation holds_position, with the
title) because that is what a network view wants to show. Every attribute has
one type and no value is a list or None, which is what GEXF 1.3 readers
(Gephi) and GraphML readers (igraph) require; IDs are the IRI paths under
kg:, never empty.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Optional

import networkx as nx

from kg.graph.iris import GAZETTEER_GRAPH, ID, SPARQL_PREFIXES
from kg.graph.store import OxigraphStore

# relation names on edges, from the predicates of the graph
RELATIONS = {
    "http://www.w3.org/ns/org#holds": "holds_position",
    "http://www.w3.org/ns/org#memberOf": "affiliated_with",
    "https://kg-zh-gov.example/ontology#implements": "implements",
    "https://kg-zh-gov.example/ontology#locatedIn": "located_in",
    "https://schema.org/containedInPlace": "located_in",
}

_NODES = """
SELECT ?e ?type (MIN(?name) AS ?label) (MIN(?code) AS ?adcode) (MIN(?lvl) AS ?level)
       (MIN(?la) AS ?lat) (MIN(?lo) AS ?lon) (COALESCE(MAX(?n), 0) AS ?mentions)
WHERE {
  VALUES (?class ?type) { (kgo:Person "Person") (kgo:Locality "Locality")
                          (kgo:Organization "Organization") (kgo:Program "Program") }
  ?e a ?class ; skos:prefLabel ?name .
  OPTIONAL { ?e kgo:adcode ?code } OPTIONAL { ?e kgo:level ?lvl }
  OPTIONAL { ?e geo:lat ?la ; geo:long ?lo }
  OPTIONAL { { SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m kgo:mentions ?e } GROUP BY ?e } }
} GROUP BY ?e ?type
"""

# one row per asserted fact per document: its evidence count and the document's date
_FACTS = """
SELECT ?s ?p ?o ?g (MIN(?d) AS ?date) (COUNT(DISTINCT ?m) AS ?evidence) WHERE {
  GRAPH ?g { ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
             OPTIONAL { ?a kgo:evidence ?m } }
  OPTIONAL { GRAPH ?g { ?g schema:datePublished ?d } }
} GROUP BY ?s ?p ?o ?g
"""

_POSTS = "SELECT DISTINCT ?post ?place ?title WHERE { ?post a kgo:Post ; kgo:title ?title . OPTIONAL { ?post org:postIn ?place } }"

_HIERARCHY = "SELECT ?s ?o WHERE { GRAPH <%s> { ?s schema:containedInPlace ?o } }" % GAZETTEER_GRAPH

_COMENTIONS = """
SELECT DISTINCT ?g ?para ?e ?date WHERE {
  GRAPH ?g { ?m kgo:mentions ?e ; kgo:paragraphIndex ?para . OPTIONAL { ?g schema:datePublished ?date } }
}
"""


def node_id(iri: str) -> str:
    return iri[len(ID):] if iri.startswith(ID) else iri


class _Edge:
    """Support of one edge summed over documents."""

    def __init__(self) -> None:
        self.weight = 0
        self.dates: set[str] = set()
        self.titles: set[str] = set()

    def add(self, weight: int, date: Optional[str], title: Optional[str] = None) -> None:
        self.weight += weight
        if date:
            self.dates.add(date)
        if title:
            self.titles.add(title)

    def attributes(self, relation: str) -> dict:
        attrs: dict = {"relation": relation, "weight": float(max(self.weight, 1))}
        if self.dates:
            attrs["first_date"], attrs["last_date"] = min(self.dates), max(self.dates)
        if self.titles:
            attrs["title"] = "；".join(sorted(self.titles))
        return attrs


def _add_nodes(store: OxigraphStore, graph: nx.Graph) -> None:
    for row in store.query(SPARQL_PREFIXES + _NODES):
        attrs: dict = {"label": row["label"].value, "type": row["type"].value, "mentions": int(row["mentions"].value)}
        for key in ("adcode", "level"):
            if row[key] is not None:
                attrs[key] = row[key].value
        if row["lat"] is not None and row["lon"] is not None:
            attrs["latitude"], attrs["longitude"] = float(row["lat"].value), float(row["lon"].value)
        graph.add_node(node_id(row["e"].value), **attrs)


def relation_network(store: OxigraphStore) -> nx.MultiDiGraph:
    """Entities linked by the relations documents state, plus the gazetteer's containment."""
    graph = nx.MultiDiGraph(name="kg relations")
    _add_nodes(store, graph)
    posts = {r["post"].value: (r["place"].value if r["place"] else None, r["title"].value)
             for r in store.query(SPARQL_PREFIXES + _POSTS)}
    edges: dict[tuple[str, str, str], _Edge] = defaultdict(_Edge)
    for row in store.query(SPARQL_PREFIXES + _FACTS):
        head, predicate, tail = row["s"].value, row["p"].value, row["o"].value
        title = None
        if tail in posts:
            tail, title = posts[tail]
            if tail is None:
                continue  # a post with no place (总书记) has no second node
        date = row["date"].value if row["date"] is not None else None
        edges[(node_id(head), node_id(tail), RELATIONS[predicate])].add(int(row["evidence"].value), date, title)
    for row in store.query(SPARQL_PREFIXES + _HIERARCHY):
        edges[(node_id(row["s"].value), node_id(row["o"].value), "located_in")].add(0, None)
    for (head, tail, relation), edge in sorted(edges.items()):
        if head in graph and tail in graph:
            graph.add_edge(head, tail, key=relation, **edge.attributes(relation))
    return graph


def comention_network(store: OxigraphStore) -> nx.Graph:
    """Entities linked when they are mentioned in the same paragraph; weight = shared paragraphs."""
    graph = nx.Graph(name="kg co-mentions")
    _add_nodes(store, graph)
    paragraphs: dict[tuple[str, int], set[str]] = defaultdict(set)
    dates: dict[str, str] = {}
    for row in store.query(SPARQL_PREFIXES + _COMENTIONS):
        paragraphs[(row["g"].value, int(row["para"].value))].add(node_id(row["e"].value))
        if row["date"] is not None:
            dates[row["g"].value] = row["date"].value
    edges: dict[tuple[str, str], _Edge] = defaultdict(_Edge)
    for (doc, _), members in paragraphs.items():
        for a, b in combinations(sorted(m for m in members if m in graph), 2):
            edges[(a, b)].add(1, dates.get(doc))
    for (a, b), edge in sorted(edges.items()):
        graph.add_edge(a, b, **edge.attributes("co_mention"))
    return graph


def write_gexf(graph: nx.Graph, path: Path) -> None:
    """GEXF 1.3 as Gephi reads it (networkx writes it, with its XML Schema instance namespace fixed)."""
    nx.write_gexf(graph, path, version="1.3")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"http://w3.org/2001/XMLSchema-instance"',
                                 '"http://www.w3.org/2001/XMLSchema-instance"', 1), encoding="utf-8")


def write_graphml(graph: nx.Graph, path: Path) -> None:
    nx.write_graphml(graph, path, encoding="utf-8")
