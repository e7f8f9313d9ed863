"""RDF serializations of the store, in a deterministic order so exports diff cleanly.

Triple formats (Turtle, N-Triples) hold the union of all graphs, each triple
once; dataset formats (N-Quads, TriG, JSON-LD) keep the per-document graphs
and with them the provenance of every fact.
"""
from __future__ import annotations

from typing import BinaryIO

import pyoxigraph as ox

from kg.graph.iris import PREFIXES
from kg.graph.store import OxigraphStore

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def write_rdf(store: OxigraphStore, fmt: str, out: BinaryIO) -> int:
    """Serialize the store to *out*; returns the number of triples or quads written."""
    rdf_format = FORMATS[fmt]
    if rdf_format.supports_datasets:
        items: list = sorted(store.quads(), key=str)
    else:
        items = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}, key=str)
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    ox.serialize(items, out, format=rdf_format, prefixes=prefixes)
    return len(items)
