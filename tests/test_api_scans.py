"""The entity view read by pattern scans (api.scans) answers exactly what the SPARQL path answers.

Whole answers of both paths are compared for every entity of the seed graph and of a small
synthetic graph with awkward facts added (two labels, a post with two titles, a document with two
names, a graph without a name, evidence in several graphs), at the server's row cap and at caps
small enough to cut rows, where the scans must hand over to SPARQL.
"""
from __future__ import annotations

import atexit
import functools
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_api_support import ROOT, ROW_LIMIT, seed_store

from api import graphdata as gd
from api.documents import document_view
from api.ids import document_id
from api.scans import SCAN_NODES, ScanReads, version_handle
from api.worker import Session
from kg.graph.iris import NS, document_iri
from kg.graph.store import open_store

LIMITS = (ROW_LIMIT, 3, 1)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _first(store, cls: str) -> str:
    (row,) = store.query(f"SELECT ?e WHERE {{ ?e a <{NS.KGO + cls}> }} ORDER BY ?e LIMIT 1")
    return row["e"].value


def _awkward_graphs(store) -> dict[str, list[ox.Triple]]:
    """Facts that make "the first row" of a SPARQL answer matter: two of what is usually one."""
    person, body, place, program = (_n(_first(store, c)) for c in ("Person", "Organization", "Locality", "Program"))
    post = _n(person.value + "/post/awkward")
    doc, other = document_iri("awkward0000000001"), document_iri("awkward0000000002")
    assertion, mention = _n(doc + "/assertion/1"), _n(doc + "/mention/1")
    label, s = _n(NS.SKOS + "prefLabel"), NS.SCHEMA
    facts = [
        ox.Triple(_n(doc), _n(NS.RDF + "type"), _n(NS.KGO + "Document")),
        ox.Triple(_n(doc), _n(s + "name"), ox.Literal("b.txt")),
        ox.Triple(_n(doc), _n(s + "name"), ox.Literal("a.txt")),  # a document with two names
        ox.Triple(_n(doc), _n(s + "datePublished"), ox.Literal("2024-01-02", datatype=_n(NS.XSD + "date"))),
        ox.Triple(person, label, ox.Literal("另一个名字", language="zh")),  # a second preferred label
        ox.Triple(person, _n(NS.ORG + "holds"), post),
        ox.Triple(post, _n(NS.ORG + "postIn"), place),
        ox.Triple(post, _n(NS.KGO + "title"), ox.Literal("书记", language="zh")),
        ox.Triple(post, _n(NS.KGO + "title"), ox.Literal("主任", language="zh")),  # a post with two titles
        ox.Triple(body, _n(NS.KGO + "implements"), program),
        ox.Triple(assertion, _n(NS.RDF + "subject"), body),
        ox.Triple(assertion, _n(NS.RDF + "predicate"), _n(NS.KGO + "implements")),
        ox.Triple(assertion, _n(NS.RDF + "object"), program),
        ox.Triple(assertion, _n(NS.KGO + "evidence"), mention),
        ox.Triple(mention, _n(NS.KGO + "sentenceText"), ox.Literal("两句之一。")),
        ox.Triple(mention, _n(NS.KGO + "sentenceIndex"), ox.Literal("4", datatype=_n(NS.XSD + "integer"))),
        ox.Triple(_n(doc + "/mention/2"), _n(NS.KGO + "mentions"), person),
        ox.Triple(_n(doc + "/mention/2"), _n(NS.KGO + "inDocument"), _n(doc)),
        # a mention minted under one document that states another, and one that states two
        ox.Triple(_n(doc + "/mention/3"), _n(NS.KGO + "mentions"), body),
        ox.Triple(_n(doc + "/mention/3"), _n(NS.KGO + "inDocument"), _n(other)),
        ox.Triple(_n(doc + "/mention/4"), _n(NS.KGO + "mentions"), place),
        ox.Triple(_n(doc + "/mention/4"), _n(NS.KGO + "inDocument"), _n(doc)),
        ox.Triple(_n(doc + "/mention/4"), _n(NS.KGO + "inDocument"), _n(other)),
    ]
    # the same statement again in a graph that names no document, next to the gazetteer
    unnamed = [ox.Triple(body, _n(NS.KGO + "implements"), program),
               ox.Triple(person, _n(NS.ORG + "holds"), post)]
    return {doc: facts, "urn:kg:test:unnamed": unnamed}


@functools.lru_cache(maxsize=None)
def synthetic_store() -> Path:
    """A 5,000-triple graph of bench.synth plus the awkward graphs, built once per run."""
    root = Path(tempfile.mkdtemp(prefix="kg-scans-"))
    atexit.register(shutil.rmtree, root, True)
    subprocess.run([sys.executable, "-m", "bench.synth", "--triples", "5000", "--store", str(root / "store")],
                   cwd=ROOT, check=True, capture_output=True)
    store = open_store(root / "store")
    with store.transaction() as tx:
        for graph, triples in _awkward_graphs(tx).items():
            tx.replace_graph(graph, triples)
    store.close()
    return root / "store"


@pytest.fixture(scope="module", params=["seeds", "synthetic"])
def session(request) -> Session:
    return Session(str(seed_store() if request.param == "seeds" else synthetic_store()))


def _entities(session: Session) -> list[str]:
    classes = ", ".join(f"<{c}>" for c in gd.TYPES.values())
    rows, _ = session.select(f"SELECT DISTINCT ?e WHERE {{ ?e a ?c FILTER(?c IN ({classes}) && isIRI(?e)) }}")
    return sorted(gd.value(r, "e") for r in rows)


def _paths(session: Session) -> tuple[gd.SparqlReads, ScanReads]:
    scans = session.reads()
    assert isinstance(scans, ScanReads), "an embedded store is read by scans"
    return gd.SparqlReads(session.select), scans


def _same(a: object, b: object) -> bool:
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def test_every_entity_view_is_the_same_by_scans_and_by_sparql(session):
    sparql, scans = _paths(session)
    entities = _entities(session)
    assert len(entities) > 50
    differing = [(iri, limit) for iri in entities for limit in LIMITS
                 if not _same(gd.entity_view(sparql, iri, limit), gd.entity_view(scans, iri, limit))]
    assert not differing, differing[:5]
    assert gd.entity_view(scans, gd.NS.KGO + "nothing", ROW_LIMIT) is None


def test_scanned_rows_are_the_sparql_rows(session):
    """Row for row (as sets), before any assembly: the views cannot hide a difference."""
    sparql, scans = _paths(session)

    def rowset(rows: list[dict]) -> set:
        return {json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows}

    entities = _entities(session)
    for iri in entities:
        assert rowset(scans.facts(iri)) == rowset(sparql.facts(iri)), iri
        for name in ("relations", "evidence", "documents"):
            (ours, cut), (theirs, their_cut) = getattr(scans, name)(iri, ROW_LIMIT), getattr(sparql, name)(iri, ROW_LIMIT)
            assert cut == their_cut and rowset(ours) == rowset(theirs), (name, iri)
        (ours, cut), (theirs, their_cut) = scans.hop([iri], ROW_LIMIT), sparql.hop([iri], ROW_LIMIT)
        assert cut == their_cut and rowset(ours) == rowset(theirs), ("hop", iri)
    for start in range(0, len(entities), SCAN_NODES):  # sets small enough to be scanned
        chunk = entities[start:start + SCAN_NODES]
        assert rowset(scans.nodes(chunk)) == rowset(sparql.nodes(chunk))
        assert rowset(scans.hop(chunk, ROW_LIMIT)[0]) == rowset(sparql.hop(chunk, ROW_LIMIT)[0])


def test_neighborhoods_are_the_same_by_scans_and_by_sparql(session):
    """Whole answers, nodes and edges in order: a hop's rows are put in an order of their own values, so
    a node limit keeps the same nodes whichever path read them. 1-hop for every entity, 2-hop for some."""
    sparql, scans = _paths(session)
    entities = _entities(session)
    differing = [(iri, depth, limit) for depth, sample in ((1, entities), (2, entities[::7])) for iri in sample
                 for limit in (300, 40, 3)
                 if not _same(gd.neighborhood_view(sparql, iri, depth, limit), gd.neighborhood_view(scans, iri, depth, limit))]
    assert not differing, differing[:5]


def test_document_views_are_the_same_by_scans_and_by_sparql(session):
    """The document view labels its entities through the same reads (small sets by scans)."""
    sparql, scans = _paths(session)
    rows, _ = session.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <%sDocument> } }" % NS.KGO)
    docs = [d for d in (document_id(gd.value(r, "g")) for r in rows) if d]
    assert docs
    for doc in docs:
        assert _same(document_view(sparql, doc), document_view(scans, doc)), doc


def test_the_awkward_facts_are_there_and_hand_over_to_sparql():
    """The synthetic graph really holds the cases that need SPARQL's own order, and the views see them."""
    session = Session(str(synthetic_store()))
    sparql, scans = _paths(session)
    person = _first(session.reader, "Person")
    view = gd.entity_view(scans, person, ROW_LIMIT)
    assert "另一个名字" in view["labels"]
    assert any(d["name"] in ("a.txt", "b.txt") for d in view["documents"])
    titled = [r for r in view["relations"]["outgoing"] if r["relation"] == "holds_position" and r.get("title") in ("书记", "主任")]
    assert titled and any(not p.get("document") for r in titled for p in r["provenance"])
    assert _same(scans.documents(person, ROW_LIMIT), sparql.documents(person, ROW_LIMIT))


def test_sessions_read_scans_only_where_they_are_exact():
    """Embedded stores get scans (one reader per version); a remote store keeps SPARQL."""
    session = Session(str(seed_store()))
    first = session.reads()
    assert isinstance(first, ScanReads) and session.reads() is first
    assert version_handle(object()) is None
    remote = Session("http://127.0.0.1:9/sparql")
    remote._reader = object()  # what is not an embedded store (kg.graph.remote.RemoteStore connects when made)
    assert type(remote.reads()) is gd.SparqlReads


def test_described_nodes_are_kept_per_version_and_stay_exact(session):
    """The second description of a node comes from the memo, also past SCAN_NODES nodes at once (no
    SPARQL then), and the rows are the SPARQL rows every time; a new ScanReads (version) starts empty."""
    sparql, _ = _paths(session)
    scans = ScanReads(session.reads().store, session.select)
    many = _entities(session)[: SCAN_NODES + 8]

    def rowset(rows: list[dict]) -> set:
        return {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows}

    wanted = rowset(sparql.nodes(many))
    for chunk in (many[:SCAN_NODES], many[SCAN_NODES:]):
        assert rowset(scans.nodes(chunk)) == rowset(sparql.nodes(chunk))
    assert set(scans._node_rows) == set(many)
    scans.rows = None  # type: ignore[assignment]  (a SPARQL hand-over would fail now)
    assert rowset(scans.nodes(many)) == wanted
    assert not ScanReads(scans.store, session.select)._node_rows


def test_documents_by_point_lookups_only_where_exact():
    """A mention's document is confirmed by a point lookup when no mention of the version states two
    (the seeds, as built); the synthetic graph has one that does, so there every mention is scanned.
    Either way the rows are SPARQL's (test_scanned_rows_are_the_sparql_rows)."""
    from kg.graph.iris import mentioned_in

    assert mentioned_in(document_iri("x1") + "/mention/3-5/abcdef12") == document_iri("x1")
    assert mentioned_in(document_iri("x1") + "/assertion/1") is None and mentioned_in("urn:x/mention/1") is None
    for store, one_each in ((seed_store(), True), (synthetic_store(), False)):
        session = Session(str(store))
        _, scans = _paths(session)
        busiest = max(_entities(session), key=lambda iri: len(scans.documents(iri, ROW_LIMIT)[0]))
        assert scans.documents(busiest, ROW_LIMIT)[0]
        assert scans._version_facts == {"one document each": one_each}


def test_scans_stop_at_their_deadline(session):
    """A bounded reader raises ScanTimeout once its deadline has passed; the reader it came from is
    unbounded and shares what it keeps."""
    import time

    from api.scans import ScanTimeout

    _, scans = _paths(session)
    person = _first(session.reader, "Person")
    with pytest.raises(ScanTimeout):
        gd.entity_view(scans.bounded(time.monotonic() - 1), person, ROW_LIMIT)
    assert scans.deadline is None
    timed = ScanReads(scans.store, lambda query, *args, timeout: session.select(query, *args))
    assert _same(gd.entity_view(timed.bounded(time.monotonic() + 600), person, ROW_LIMIT),
                 gd.entity_view(scans, person, ROW_LIMIT))
    assert scans.bounded(0)._node_rows is scans._node_rows


def test_sparql_after_scans_gets_the_time_left(session):
    """A bounded reader's hand-overs to SPARQL are given what is left of its deadline as their timeout,
    and none starts once the deadline has passed: scans and queries together stay within one timeout."""
    import time

    from api.scans import ScanTimeout

    given: list[float] = []

    def rows(query: str, *args: object, timeout: float) -> tuple[list[dict], bool]:
        given.append(timeout)
        return session.select(query, *args)

    reads = ScanReads(session.reads().store, rows)
    many = _entities(session)[: SCAN_NODES + 1]  # more than SCAN_NODES new nodes: SPARQL labels them
    start = time.monotonic()
    assert reads.bounded(start + 5).nodes(many)
    assert len(given) == 1 and 0 < given[0] <= 5
    with pytest.raises(ScanTimeout):
        ScanReads(session.reads().store, rows).bounded(time.monotonic() - 1).nodes(many)
    assert len(given) == 1, "no query after the deadline"
