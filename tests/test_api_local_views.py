"""Entity views and 1-hop neighborhoods computed in the web worker (api.backend.LOCAL_VIEWS) are the query processes' views.

The web worker reads the store by pattern scans in the request's thread (of the store on disk, or of
its own in-memory copy); the query processes stay for SPARQL and remote stores. Whole answers of both are compared for every entity of
the seed graph, and a view that runs past the timeout is a 503 like a query that does.
"""
from __future__ import annotations

import dataclasses
import json
from urllib.parse import quote

import pytest
from test_api_support import ROW_LIMIT, seed_store

from api import graphdata as gd
from api.app import create_app
from api.ids import entity_id
from api.scans import ScanReads
from api.settings import Settings


@pytest.fixture(scope="module", params=[0, 10**7], ids=["disk", "memory"])
def app(request):
    """The seed graph served from disk, and copied into memory (memory_quads) by web and query processes alike."""
    app = create_app(Settings(store=str(seed_store()), row_limit=ROW_LIMIT, answer_cache_bytes=0,
                              memory_quads=request.param))
    be = app.extensions["kg"]
    if request.param:
        be.local_reads()
        be._mirror.wait()
    yield app
    be.pool.close()


def _entities(be) -> list[str]:
    classes = ", ".join(f"<{c}>" for c in gd.TYPES.values())
    rows, _ = be.rows(f"SELECT DISTINCT ?e WHERE {{ ?e a ?c FILTER(?c IN ({classes}) && isIRI(?e)) }}")
    return sorted(gd.value(r, "e") for r in rows)


def test_the_web_worker_answers_what_a_query_process_answers(app):
    be = app.extensions["kg"]
    assert isinstance(be.local_reads(), ScanReads), "an embedded store is read in the web worker"
    entities = _entities(be)
    assert len(entities) > 500
    differing = []
    for iri in entities + [gd.NS.KGO + "nothing"]:
        for limit in (ROW_LIMIT, 3):
            local = be.view("entity", iri=iri, limit=limit)
            remote = be.pool.call({"op": "view", "name": "entity", "args": {"iri": iri, "limit": limit}})["value"]
            if json.dumps(local, ensure_ascii=False) != json.dumps(remote, ensure_ascii=False):
                differing.append((iri, limit))
    assert not differing, differing[:5]


def test_one_hop_neighborhoods_are_the_query_processes_too(app, monkeypatch):
    """1-hop neighborhoods are computed in the web worker as well (deeper ones in a query process): the
    same answers for every seed entity, at the server's node limit and at one that cuts."""
    be = app.extensions["kg"]
    entities = _entities(be)
    views = []
    call = be.pool.call
    monkeypatch.setattr(be.pool, "call", lambda message, **kw: views.append(message.get("name")) or call(message, **kw))
    differing = []
    for iri in entities:
        for limit in (300, 3):
            args = {"iri": iri, "depth": 1, "limit": limit, "relation": None, "node_type": None}
            local = be.view("neighborhood", **args)
            remote = call({"op": "view", "name": "neighborhood", "args": args})["value"]
            if json.dumps(local, ensure_ascii=False) != json.dumps(remote, ensure_ascii=False):
                differing.append((iri, limit))
    assert not differing, differing[:5]
    assert "neighborhood" not in views, "a 1-hop neighborhood is not sent to a query process"
    be.view("neighborhood", iri=entities[0], depth=2, limit=300, relation=None, node_type=None)
    assert views.count("neighborhood") == 1, "a 2-hop neighborhood is one trip to a query process"


def test_where_the_views_are_computed():
    """An embedded store is scanned in the web worker: from its own in-memory copy once that is made when
    the store has at most memory_quads quads, from disk while it is being made and for larger stores.
    Remote stores keep every view in the query processes."""
    from api.backend import Backend

    too_small = Backend(Settings(store=str(seed_store()), memory_quads=10), pool=None)  # type: ignore[arg-type]
    reads = too_small.local_reads()
    assert reads is not None and reads.store is too_small._store().scan_handle()
    too_small._mirror.wait()
    assert too_small.local_reads().store is too_small._store().scan_handle(), "no copy of a store over the limit"

    copied = Backend(Settings(store=str(seed_store()), memory_quads=10**7), pool=None)  # type: ignore[arg-type]
    copied.local_reads()
    copied._mirror.wait()
    reads = copied.local_reads()
    assert reads is not None and reads.store is copied._mirror.ready() is not None
    assert reads.store is not copied._store().scan_handle()
    assert len(reads.store) == len(copied._store().scan_handle()), "a whole copy, union included"
    assert copied.local_reads() is reads, "kept for the version once the copy is settled"

    assert Backend(Settings(store="http://127.0.0.1:9/sparql"), pool=None).local_reads() is None  # type: ignore[arg-type]


def test_a_view_past_the_timeout_is_a_503(app, monkeypatch):
    """The view's deadline is the request's start plus the timeout; here it has passed before the first scan."""
    be = app.extensions["kg"]
    monkeypatch.setattr(be, "settings", dataclasses.replace(be.settings, timeout=-1.0))
    person = next(e for e in _entities(be) if "/person/" in e)
    response = app.test_client().get("/entities/" + quote(entity_id(person), safe=":"))
    assert response.status_code == 503
    assert "timeout" in response.get_json()["message"]


def test_a_rebuild_is_seen_by_the_next_view(tmp_path):
    """The web worker's scans follow the version pointer: after a rebuild, an entity of the new document
    is found, which the previous version's reader does not know; the version stamp moved with it."""
    from api.backend import Backend
    from test_api_support import SEEDS, build_store

    seeds = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)[:2]
    store = build_store(seeds[:1], tmp_path / "store")
    be = Backend(Settings(store=str(store)), pool=None)  # type: ignore[arg-type]  (no SPARQL needed here)
    before, version = be.local_reads(), be.version()
    assert before is not None and be.local_reads() is before and version
    known = set(_scanned_entities(before))

    build_store(seeds, store)
    after = be.local_reads()
    assert after is not None and after is not before and after.store is not before.store
    assert be.version() != version
    new = sorted(e for e in _scanned_entities(after) if e not in known)
    assert new, "the second seed adds entities"
    assert gd.entity_view(before, new[0], ROW_LIMIT) is None
    assert be.view("entity", iri=new[0], limit=ROW_LIMIT)["iri"] == new[0]


def _scanned_entities(reads: ScanReads) -> list[str]:
    import pyoxigraph as ox

    types = [ox.NamedNode(c) for c in gd.TYPES.values()]
    return [q.subject.value for t in types
            for q in reads.store.quads_for_pattern(None, ox.NamedNode(gd.NS.RDF + "type"), t, ox.DefaultGraph())]
