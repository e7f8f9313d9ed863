"""Entity views computed in the web worker (api.backend.LOCAL_VIEWS) are the query processes' views.

The web worker reads the store by pattern scans in the request's thread; the query processes stay
for SPARQL, remote stores and in-memory copies. Whole answers of both are compared for every entity of
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


@pytest.fixture(scope="module")
def app():
    app = create_app(Settings(store=str(seed_store()), row_limit=ROW_LIMIT, answer_cache_bytes=0))
    yield app
    app.extensions["kg"].pool.close()


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


def test_where_the_query_processes_answer():
    """In-memory copies (memory_quads) and remote stores keep every view in the query processes."""
    from api.backend import Backend

    assert Backend(Settings(store=str(seed_store()), memory_quads=10), pool=None).local_reads() is None  # type: ignore[arg-type]
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
