"""entities.csv and relations.csv: the network view of the graph as two tables for pandas users."""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx

from kg.graph.iris import ID

ENTITY_COLUMNS = ("id", "iri", "type", "label", "adcode", "level", "latitude", "longitude", "mentions")
RELATION_COLUMNS = ("source", "target", "relation", "title", "weight", "first_date", "last_date")


def write_tables(graph: nx.Graph, directory: Path) -> tuple[Path, Path]:
    """Write <directory>/entities.csv and <directory>/relations.csv (UTF-8, header row, one row per node/edge)."""
    directory.mkdir(parents=True, exist_ok=True)
    entities, relations = directory / "entities.csv", directory / "relations.csv"
    with open(entities, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, ENTITY_COLUMNS)
        writer.writeheader()
        for node, attrs in sorted(graph.nodes(data=True)):
            writer.writerow({"id": node, "iri": ID + node, **{k: attrs.get(k, "") for k in ENTITY_COLUMNS[2:]}})
    with open(relations, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, RELATION_COLUMNS)
        writer.writeheader()
        for source, target, attrs in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
            writer.writerow({"source": source, "target": target, **{k: attrs.get(k, "") for k in RELATION_COLUMNS[2:]}})
    return entities, relations
