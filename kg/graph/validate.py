"""SHACL validation of a built graph against ontology/shapes.ttl.

Needs pyshacl (in the `test` extra): validation is how the test suite and
developers check that the converter keeps its promises, not a build step.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.graph.store import OxigraphStore

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent.parent / "ontology"


def union_ntriples(store: OxigraphStore) -> bytes:
    """Every distinct triple of every graph, as N-Triples."""
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)


def validate(store: OxigraphStore, shapes: Path = ONTOLOGY_DIR / "shapes.ttl") -> tuple[bool, str]:
    """(conforms, report text) for the union of all graphs."""
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=union_ntriples(store), format="nt")
    shapes_graph = rdflib.Graph().parse(shapes, format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True, allow_warnings=False)
    return bool(conforms), text
