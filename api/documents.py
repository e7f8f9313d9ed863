"""One document as the REST API gives it: metadata, the whole normalized text, and what it mentions.

Every offset the answer carries (entity mention spans, relation evidence)
indexes into `text`, the same string the extractor read, so a client can
highlight any span by slicing; nothing is re-located by matching names.
"""
from __future__ import annotations

from typing import Optional

from api import graphdata as gd
from kg.graph.iris import SPARQL_PREFIXES, document_iri

_MENTIONS = """
SELECT DISTINCT ?e ?start ?end ?exact WHERE {{ GRAPH {doc} {{
  ?m kgo:mentions ?e ; oa:start ?start ; oa:end ?end . OPTIONAL {{ ?m oa:exact ?exact }} }} }}
"""
_SENTENCES = """
SELECT DISTINCT ?i ?text WHERE {{ GRAPH {doc} {{ ?m kgo:sentenceIndex ?i ; kgo:sentenceText ?text }} }} ORDER BY ?i
"""
_FACTS = """
SELECT DISTINCT ?s ?p ?o ?place ?title ?start ?end ?exact WHERE {{ GRAPH {doc} {{
  ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL {{ ?o kgo:title ?title }} OPTIONAL {{ ?o org:postIn ?place }}
  OPTIONAL {{ ?a kgo:evidence ?m . ?m oa:start ?start ; oa:end ?end . OPTIONAL {{ ?m oa:exact ?exact }} }} }} }}
"""


def _span(row: dict) -> dict:
    return {"start": int(gd.value(row, "start")), "end": int(gd.value(row, "end")), "text": gd.value(row, "exact")}


def _sorted_spans(spans: list[dict]) -> list[dict]:
    return sorted(spans, key=lambda s: (s["start"], -s["end"]))


def document_view(rows: gd.Rows, doc_id: str) -> Optional[dict]:
    """The GET /documents/{id} answer; None when the graph has no such document.

    `text` is None for stores built before documents carried their text; everything else still answers.
    """
    doc = gd.iri_term(document_iri(doc_id))
    meta, _ = rows(SPARQL_PREFIXES + f"SELECT ?p ?o WHERE {{ GRAPH {doc} {{ {doc} ?p ?o }} }}")
    if not meta:
        return None
    props = {gd.value(r, "p"): gd.value(r, "o") for r in meta}
    mentions, _ = rows(SPARQL_PREFIXES + _MENTIONS.format(doc=doc))
    sentences, _ = rows(SPARQL_PREFIXES + _SENTENCES.format(doc=doc))
    facts, _ = rows(SPARQL_PREFIXES + _FACTS.format(doc=doc))
    publisher = props.get(gd.NS.SCHEMA + "publisher")
    nodes = gd.describe_nodes(
        rows,
        [gd.value(r, "e") for r in mentions]
        + [gd.value(r, k) for r in facts for k in ("s", "o", "place") if gd.value(r, k)]
        + ([publisher] if publisher else []),
    )
    spans: dict[str, list[dict]] = {}
    for row in mentions:
        spans.setdefault(gd.value(row, "e"), []).append(_span(row))
    entities = [
        {**nodes[e].json(), "mentions": len(found), "spans": _sorted_spans(found)}
        for e, found in sorted(spans.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if e in nodes
    ]
    return {
        "id": doc_id,
        "iri": document_iri(doc_id),
        "name": props.get(gd.NS.SCHEMA + "name"),
        "date": props.get(gd.NS.SCHEMA + "datePublished"),
        "headline": props.get(gd.NS.SCHEMA + "headline"),
        "publisher": nodes[publisher].json() if publisher in nodes else None,
        "text": props.get(gd.NS.SCHEMA + "text"),
        "sentences": [{"index": int(gd.value(r, "i")), "text": gd.value(r, "text")} for r in sentences],
        "entities": entities,
        "relations": _relations(facts, nodes),
    }


def _relations(facts: list[dict], nodes: dict[str, gd.Node]) -> list[dict]:
    """One entry per stated fact (posts folded into person → place with the title), with its evidence spans."""
    grouped: dict[tuple, dict] = {}
    for r in facts:
        head = nodes.get(gd.value(r, "s"))
        if head is None:
            continue
        title = gd.value(r, "title")
        tail = gd.value(r, "place") if title else gd.value(r, "o")
        key = (gd.value(r, "s"), gd.value(r, "p"), gd.value(r, "o"), gd.value(r, "place"))
        relation = grouped.setdefault(key, {
            "head": head.json(),
            "relation": gd.RELATION_OF.get(gd.value(r, "p"), gd.curie(gd.value(r, "p"))),
            "tail": nodes[tail].json() if tail in nodes else None,
            **({"title": title} if title else {}),
            "evidence": [],
        })
        if gd.value(r, "start") is not None and _span(r) not in relation["evidence"]:
            relation["evidence"].append(_span(r))
    for relation in grouped.values():
        relation["evidence"] = _sorted_spans(relation["evidence"])
    return sorted(grouped.values(), key=lambda r: (r["evidence"][0]["start"] if r["evidence"] else -1, r["head"]["id"]))
