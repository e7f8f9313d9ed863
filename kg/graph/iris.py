"""Stable IRIs and the vocabulary namespaces of the graph.

An IRI is a pure function of what identifies the thing: a locality's adcode,
otherwise an entity's type and canonical name, a document's content hash. The
same input therefore yields the same IRIs on every rebuild, on every machine.
Chinese characters stay readable in IRIs (RFC 3987 allows them); ASCII
characters outside the unreserved set are percent-encoded so that every
serialization (Turtle, N-Triples, JSON-LD, GEXF ids) accepts them.
"""
from __future__ import annotations

import hashlib
import unicodedata
from typing import Optional
from urllib.parse import quote

BASE = "https://kg-zh-gov.example/"
ID = BASE + "id/"
GAZETTEER_GRAPH = ID + "graph/gazetteer"


class NS:
    """Namespace IRIs, as plain strings so that both pyoxigraph and rdflib can use them."""

    KGO = BASE + "ontology#"
    RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    RDFS = "http://www.w3.org/2000/01/rdf-schema#"
    XSD = "http://www.w3.org/2001/XMLSchema#"
    SKOS = "http://www.w3.org/2004/02/skos/core#"
    SCHEMA = "https://schema.org/"
    ORG = "http://www.w3.org/ns/org#"
    PROV = "http://www.w3.org/ns/prov#"
    GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
    OA = "http://www.w3.org/ns/oa#"


PREFIXES = {
    "kgo": NS.KGO,
    "kg": ID,
    "rdf": NS.RDF,
    "rdfs": NS.RDFS,
    "xsd": NS.XSD,
    "skos": NS.SKOS,
    "schema": NS.SCHEMA,
    "org": NS.ORG,
    "prov": NS.PROV,
    "geo": NS.GEO,
    "oa": NS.OA,
}

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

# the path segment of each entity label
_KIND = {"PERSON": "person", "LOCALITY": "locality", "ORGANIZATION": "organization", "PROGRAM": "program"}


def segment(text: str) -> str:
    """One IRI path segment: NFC, non-ASCII kept, ASCII outside [A-Za-z0-9-._~] percent-encoded."""
    text = unicodedata.normalize("NFC", text.strip())
    return "".join(ch if ord(ch) > 127 and not ch.isspace() else quote(ch, safe="") for ch in text) or "_"


def entity_iri(label: str, canonical: str, adcode: Optional[str] = None) -> str:
    """Localities by adcode (towns and villages: '<county>/<name>' paths), everything else by name."""
    kind = _KIND.get(label)
    if kind is None:
        raise ValueError(f"unknown entity label {label!r}; expected one of {', '.join(_KIND)}")
    if label == "LOCALITY" and adcode:
        return f"{ID}locality/" + "/".join(segment(part) for part in adcode.split("/"))
    return f"{ID}{kind}/name/{segment(canonical)}" if label == "LOCALITY" else f"{ID}{kind}/{segment(canonical)}"


def document_iri(doc_id: str) -> str:
    """Also the name of the graph holding the document's facts."""
    return f"{ID}document/{segment(doc_id)}"


def role_iri(title: str) -> str:
    return f"{ID}role/{segment(title)}"


def post_iri(title: str, place_iri: Optional[str], holder_iri: str) -> str:
    """A post is a title in a place; a title with no place (总书记) is a post of its holder."""
    anchor = place_iri if place_iri else holder_iri
    return f"{ID}post/{anchor[len(ID):]}/{segment(title)}"


def mention_iri(doc_iri: str, start: int, end: int, of: Optional[str] = None) -> str:
    """A span of the document; *of* (the mentioned entity's IRI) keeps two entities on one span apart."""
    suffix = hashlib.sha1(of.encode("utf-8")).hexdigest()[:8] if of else "evidence"
    return f"{doc_iri}/mention/{start}-{end}/{suffix}"


def mentioned_in(mention: str) -> Optional[str]:
    """The document IRI a :func:`mention_iri` was minted under; None for IRIs of another shape. What the
    graph states (``kgo:inDocument``) is authoritative: this is a candidate for a reader to check."""
    doc, sep, _ = mention.rpartition("/mention/")
    return doc if sep and doc.startswith(f"{ID}document/") else None


def assertion_iri(doc_iri: str, subject: str, predicate: str, obj: str) -> str:
    digest = hashlib.sha1("\x1f".join((subject, predicate, obj)).encode("utf-8")).hexdigest()[:16]
    return f"{doc_iri}/assertion/{digest}"
