"""Incremental, idempotent, all-or-nothing builds of the graph from documents.

Each document's facts live in the named graph of its IRI (built from the
content hash), so a build only extracts documents whose graph is missing,
swaps the graph of a document whose content changed (same file name, new
hash) and leaves every other graph untouched. Everything happens inside one
store transaction: a build that dies half-way publishes nothing and the
previous graph keeps answering.
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence, Union

from kg.extract.guard import Extractor, Guarded
from kg.graph.hierarchy import hierarchy_triples
from kg.graph.iris import GAZETTEER_GRAPH, SPARQL_PREFIXES, document_iri
from kg.graph.rdf import extraction_triples
from kg.graph.store import Transaction, open_store
from kg.types import Document, Extraction

# map(function, iterable) -> iterable of results in order: builtins.map, Pool.imap, a Dask client's map
Mapper = Callable[[Callable, Iterable], Iterable]

# classes and relation predicates the summary counts, with the names it prints
ENTITY_TYPES = {
    "Document": "kgo:Document", "Person": "kgo:Person", "Official": "kgo:Official", "Locality": "kgo:Locality",
    "Organization": "kgo:Organization", "Program": "kgo:Program", "Post": "kgo:Post", "Mention": "kgo:Mention",
}
RELATION_TYPES = {
    "holds": "org:holds", "memberOf": "org:memberOf", "implements": "kgo:implements",
    "locatedIn": "kgo:locatedIn", "postIn": "org:postIn", "containedInPlace": "schema:containedInPlace",
}


@dataclass
class BuildSummary:
    documents: int = 0  # documents read this run
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)  # distinct nodes per class, whole graph
    relations: dict[str, int] = field(default_factory=dict)  # distinct (subject, object) pairs per predicate
    triples: int = 0  # quads in the store
    graphs: int = 0
    seconds: float = 0.0
    store: str = ""
    version: Optional[str] = None

    def lines(self) -> list[str]:
        """Human summary, printed by `kg build`."""
        return [
            f"store      {self.store} (version {self.version})",
            f"documents  {self.documents} read: {self.added} added, {self.replaced} replaced, "
            f"{self.unchanged} unchanged, {self.failed} failed",
            "entities   " + ", ".join(f"{k} {v}" for k, v in self.entities.items()),
            "relations  " + ", ".join(f"{k} {v}" for k, v in self.relations.items()),
            f"triples    {self.triples} in {self.graphs} graphs, built in {self.seconds:.1f}s",
        ]


def _default_extractor() -> Extractor:
    from kg.extract import extract_document

    return extract_document


def _documents_by_name(tx: Transaction) -> dict[str, set[str]]:
    rows = tx.query(
        SPARQL_PREFIXES + "SELECT ?g ?name WHERE { GRAPH ?g { ?g a kgo:Document ; schema:name ?name } }"
    )
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["name"].value, set()).add(row["g"].value)
    return found


def _count(tx: Transaction, kinds: dict[str, str], pattern: str) -> dict[str, int]:
    counts = {}
    for name, curie in kinds.items():
        (row,) = tx.query(SPARQL_PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { " + pattern.format(curie) + " }")
        counts[name] = int(row["n"].value)
    return counts


def _refresh_hierarchy(tx: Transaction) -> None:
    rows = tx.query(SPARQL_PREFIXES + "SELECT DISTINCT ?code WHERE { ?l kgo:adcode ?code }")
    adcodes = [row["code"].value for row in rows]
    tx.replace_graph(GAZETTEER_GRAPH, hierarchy_triples(adcodes))


def build_documents(
    documents: Iterable[Document],
    store_location: Union[str, Path, None] = None,
    *,
    extract: Optional[Extractor] = None,
    mapper: Mapper = map,
    force: bool = False,
    progress: bool = True,
    total: Optional[int] = None,
    errors: Optional[list[str]] = None,
) -> BuildSummary:
    """Add, replace or keep the graph of each document and publish the result in one step."""
    from tqdm import tqdm

    started = time.monotonic()
    summary = BuildSummary(errors=errors if errors is not None else [])
    guarded = Guarded(extract or _default_extractor())
    store = open_store(store_location)
    summary.store = store.location
    with store.transaction() as tx:
        by_name = _documents_by_name(tx)
        known = set().union(*by_name.values()) if by_name else set()

        def pending() -> Iterator[Document]:
            for doc in tqdm(documents, total=total, unit="doc", desc="kg build", disable=not progress,
                            file=sys.stderr):
                summary.documents += 1
                if not force and document_iri(doc.doc_id) in known:
                    summary.unchanged += 1
                    continue
                yield doc

        for doc, result in mapper(guarded, pending()):
            if isinstance(result, str):
                summary.errors.append(result)
                continue
            try:
                triples = extraction_triples(result, doc)
            except (ValueError, KeyError, TypeError) as err:  # an extraction that breaks the data contract
                summary.errors.append(f"{doc.source or doc.name}: cannot convert extraction: {err}")
                continue
            graph = document_iri(result.doc_id)
            stale = by_name.get(result.name, set()) - {graph}
            if graph in known or stale:
                summary.replaced += 1
            else:
                summary.added += 1
            for old in sorted(stale):
                tx.remove_graph(old)
            tx.replace_graph(graph, triples)
            by_name[result.name] = {graph}
            known.add(graph)
        _refresh_hierarchy(tx)
        summary.entities = _count(tx, ENTITY_TYPES, "SELECT DISTINCT ?s WHERE {{ ?s a {} }}")
        summary.relations = _count(tx, RELATION_TYPES, "SELECT DISTINCT ?s ?o WHERE {{ ?s {} ?o }}")
        summary.triples = len(tx)
        summary.graphs = len(tx.graph_iris())
    summary.version = store.version
    summary.failed = len(summary.errors)  # unreadable files and failed extractions alike
    summary.seconds = time.monotonic() - started
    store.close()
    return summary


def build(
    paths: Sequence[Union[str, Path]],
    store_location: Union[str, Path, None] = None,
    *,
    progress: bool = True,
    extract: Optional[Extractor] = None,
    mapper: Mapper = map,
    force: bool = False,
) -> BuildSummary:
    """Read PATHS (files or directories of *.txt) and build them into the store; see build_documents."""
    from kg.read import expand_paths, iter_documents

    files = list(expand_paths(paths))
    errors: list[str] = []
    documents = iter_documents(files, on_error=lambda path, message: errors.append(message))
    return build_documents(
        documents, store_location, extract=extract, mapper=mapper, force=force, progress=progress,
        total=len(files), errors=errors,
    )
