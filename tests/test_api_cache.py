"""The GET answer cache: a cached answer is the computed answer byte for byte, headers included,
and a rebuild of the store is seen by the very next request (no stale answers)."""
from __future__ import annotations

import json
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import requests
from test_api_support import ROW_LIMIT, SEEDS, Server, build_store, seed_store

from api.app import create_app
from api.settings import Settings

SPARQL_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def apps():
    """The app over the seed graph twice: with the cache (the default) and without it."""
    store = str(seed_store())
    cached = create_app(Settings(store=store, row_limit=ROW_LIMIT))
    plain = create_app(Settings(store=store, row_limit=ROW_LIMIT, answer_cache_bytes=0))
    yield cached, plain
    for app in (cached, plain):
        app.extensions["kg"].pool.close()


def _requests(client) -> list[tuple[str, dict]]:
    """One GET of every cached endpoint, with the request headers answers depend on."""
    hit = client.get("/entities", query_string={"q": "绍兴"}).get_json()["results"][0]["id"]
    doc = client.get("/documents").get_json()["results"][0]["id"]
    entity = "/entities/" + quote(hit, safe=":")
    return [
        (entity, {}),
        (entity, {"Origin": "https://example.org"}),
        (entity, {"Accept": "text/turtle"}),
        (entity + "/neighborhood", {}),
        (entity + "/neighborhood?format=gexf", {}),
        ("/entities?q=shaoxing&limit=5", {}),
        (f"/documents/{doc}", {}),
        ("/documents", {}),
        ("/stats", {}),
        ("/sparql?" + "query=" + quote("SELECT ?s WHERE { ?s ?p ?o }"), SPARQL_JSON),  # cut at the row limit
        ("/sparql?" + "query=" + quote("SELECT ?s WHERE { ?s a ?c } ORDER BY ?s LIMIT 20"), {"Accept": "text/csv"}),
        ("/sparql?" + "query=" + quote("ASK { ?s ?p ?o }"), {"Accept": "application/sparql-results+xml",
                                                            "Origin": "http://localhost:3000"}),
    ]


def test_cached_answers_are_the_computed_answers_byte_for_byte(apps):
    cached_app, plain_app = apps
    cached, plain = cached_app.test_client(), plain_app.test_client()
    cache = cached_app.wsgi_app.cache
    wanted = _requests(plain)
    truncated = False
    for path, headers in wanted:
        computed = plain.get(path, headers=headers)
        first = cached.get(path, headers=headers)
        hits = cache.hits
        second = cached.get(path, headers=headers)
        assert cache.hits == hits + 1, f"{path} was not answered from the cache"
        assert computed.status_code == first.status_code == second.status_code == 200, path
        assert computed.data == first.data == second.data, path
        assert list(computed.headers) == list(first.headers) == list(second.headers), path
        if headers.get("Origin"):
            assert second.headers["Access-Control-Allow-Origin"], path
        truncated |= second.headers.get("X-Result-Truncated") == "true"
    assert truncated, "one SPARQL answer is cut at the row limit, and says so from the cache too"


def _unordered(value):
    """A JSON value with every list sorted: the order of rows a query does not order is the engine's."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def test_query_processes_answering_from_memory_give_the_same_answers(apps):
    """Settings.memory_quads: the graph is copied into memory; answers may list triples in
    another order (Turtle, unordered SELECT) but say the same."""
    _, plain_app = apps
    memory_app = create_app(Settings(store=str(seed_store()), row_limit=ROW_LIMIT, answer_cache_bytes=0,
                                      memory_quads=10**7))
    try:
        disk, memory = plain_app.test_client(), memory_app.test_client()
        for path, headers in _requests(disk):
            if "format=gexf" in path:
                continue  # numbers its edges in the order the engine found them; its JSON twin is compared
            a, b = disk.get(path, headers=headers), memory.get(path, headers=headers)
            assert a.status_code == b.status_code == 200, path
            assert [h for h in a.headers if h[0] != "Content-Length"] == [h for h in b.headers if h[0] != "Content-Length"], path
            if a.is_json and "sparql" not in path:
                x, y = a.get_json(), b.get_json()
                if "nodes" in x:  # the order of a neighborhood, and which nodes a cut one keeps, is the engine's
                    assert x["truncated"] == y["truncated"] and len(x["nodes"]) == len(y["nodes"]), path
                    if not x["truncated"]:
                        assert sorted(map(str, x["nodes"])) == sorted(map(str, y["nodes"])), path
                else:
                    assert _unordered(x) == _unordered(y), path
            elif a.mimetype == "text/turtle":
                assert set(ox.parse(a.data, format=ox.RdfFormat.TURTLE)) == set(ox.parse(b.data, format=ox.RdfFormat.TURTLE))
            elif a.headers.get("X-Result-Truncated") != "true":  # a cut answer keeps whichever rows came first
                assert sorted(a.data.split(b"\n")) == sorted(b.data.split(b"\n")), path
    finally:
        memory_app.extensions["kg"].pool.close()


def test_what_is_not_cached(apps):
    cached_app, _ = apps
    client, cache = cached_app.test_client(), cached_app.wsgi_app.cache
    before = len(cache)
    assert client.get("/entities/person:没有这个人").status_code == 404
    assert client.get("/sparql", query_string={"query": "SELEC nothing"}).status_code == 400
    assert client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    assert client.get("/openapi.json").status_code == 200
    assert len(cache) == before


def test_a_rebuild_is_seen_by_the_next_request(tmp_path):
    """Over HTTP on `kg serve` with two workers: both have cached the old answers when the store is rebuilt."""
    seeds = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)[:2]
    store = build_store(seeds[:1], tmp_path / "store")
    server = Server(store)
    try:
        count = "/sparql?query=" + quote("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://kg-zh-gov.example/ontology#Document> }")

        def read() -> tuple[dict, list, str]:
            stats = requests.get(server.url + "/stats", timeout=60).json()
            docs = requests.get(server.url + "/documents", timeout=60).json()["results"]
            n = requests.get(server.url + count, headers=SPARQL_JSON, timeout=60).json()
            return stats, docs, n["results"]["bindings"][0]["n"]["value"]

        before = [read() for _ in range(6)]  # enough requests for both workers to cache all three
        assert all(b == before[0] for b in before)
        stats, docs, n = before[0]
        assert stats["types"]["Document"] == 1 and len(docs) == 1 and n == "1"

        build_store(seeds, store)  # the second document joins the graph: a new version is published
        stats_after, docs_after, n_after = read()
        assert stats_after["version"] != stats["version"]
        assert stats_after["types"]["Document"] == 2 and len(docs_after) == 2 and n_after == "2"
        assert all(read() == (stats_after, docs_after, n_after) for _ in range(5))  # every worker follows
    finally:
        server.stop()
