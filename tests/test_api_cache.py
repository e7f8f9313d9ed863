"""The GET answer cache: a cached answer is the computed answer byte for byte, headers included,
and a rebuild of the store is seen by the very next request (no stale answers)."""
from __future__ import annotations

from urllib.parse import quote

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
        ("/sparql?" + "query=" + quote("SELECT ?s WHERE { ?s a ?c } LIMIT 20"), {"Accept": "text/csv"}),
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
