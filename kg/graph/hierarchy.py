"""The locality hierarchy from the gazetteer, as the triples of one shared graph.

Documents say which localities they mention; the gazetteer says what each is
(official name, level, coordinates) and what contains it, up to the province,
so queries can roll up (嵊州市 → 绍兴市 → 浙江省). The graph is recomputed
from the set of adcodes in the store on every build, so it never holds a
locality no document mentions and two builds of the same input agree.
"""
from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from kg.graph.iris import GAZETTEER_GRAPH, NS, entity_iri
from kg.graph.rdf import A, CLASSES, locality_description, term


# where the gazetteer facts come from: its provenance, stated in the graph itself
SOURCES = (
    "https://github.com/dongrixinyu/JioNLP",  # china_location.zip: divisions, adcodes, hierarchy
    "https://github.com/DQinYuan/chinese_province_city_area_mapper",  # cpca adcodes.csv: coordinates
)


def hierarchy_triples(adcodes: Iterable[str]) -> list[ox.Triple]:
    """Descriptions of the localities with these adcodes and of all their ancestors, with containment links."""
    from kg.gazetteer import Division, divisions

    table = divisions()
    seen: dict[str, Division] = {}
    for code in sorted(set(adcodes)):
        division = table.get(code)
        if division is None:
            continue
        for d in [division, *table.ancestors(code)]:
            seen.setdefault(d.adcode, d)
    graph = ox.NamedNode(GAZETTEER_GRAPH)
    triples = [ox.Triple(graph, A, term(NS.PROV, "Entity"))]
    triples.extend(ox.Triple(graph, term(NS.PROV, "wasDerivedFrom"), ox.NamedNode(src)) for src in SOURCES)
    for code in sorted(seen):
        d = seen[code]
        subject = ox.NamedNode(entity_iri("LOCALITY", d.name, d.adcode))
        triples.extend(ox.Triple(subject, A, cls) for cls in CLASSES["LOCALITY"])
        attrs = {"level": d.level, "lat": d.lat, "lon": d.lon}
        triples.extend(locality_description(subject, d.name, d.adcode, attrs))
        if d.parent_adcode and d.parent_adcode in seen:
            parent = ox.NamedNode(entity_iri("LOCALITY", "", d.parent_adcode))
            triples.append(ox.Triple(subject, term(NS.SCHEMA, "containedInPlace"), parent))
    return triples
