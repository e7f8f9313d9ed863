"""Writes next to a running server: SPARQL Update with the token, and `kg build` under live readers."""
from __future__ import annotations

import threading
import time

import pytest
import requests
from test_api_support import PREFIXES, SEEDS, TOKEN, Server, _tempdir, build_store, sparql_json

COUNT_DOCS = PREFIXES + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kgo:Document }"


@pytest.fixture(scope="module")
def seeds() -> list:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def writable(seeds):
    """A server with an update token over its own store holding the first seed only."""
    store = build_store(seeds[:1], _tempdir("kg-api-rw-") / "store")
    server = Server(store, env={"KG_UPDATE_TOKEN": TOKEN})
    yield store, server
    server.stop()


def _count(url: str) -> int:
    return int(sparql_json(url, COUNT_DOCS)[0]["n"])


def test_update_needs_the_token(writable):
    _, server = writable
    endpoint = server.url + "/sparql"
    insert = 'INSERT DATA { GRAPH <http://example.org/notes> { <http://example.org/a> <http://example.org/says> "你好" } }'
    ask = 'ASK { <http://example.org/a> <http://example.org/says> "你好" }'
    assert requests.post(endpoint, data={"update": insert}).status_code == 403
    wrong = requests.post(endpoint, data={"update": insert}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and "Authorization" in wrong.json()["message"]
    assert requests.get(endpoint, params={"query": ask}).json()["boolean"] is False

    ok = requests.post(endpoint, data=insert.encode(), headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 204, ok.text
    assert requests.get(endpoint, params={"query": ask}).json()["boolean"] is True

    broken = requests.post(endpoint, data={"update": "INSERT DATA { <x> }"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert broken.status_code == 400 and broken.json()["message"]


def test_readers_keep_answering_while_kg_build_adds_documents(writable, seeds):
    store, server = writable
    before = _count(server.url)
    statuses: list[int] = []
    seen: set[int] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            response = requests.get(server.url + "/sparql", params={"query": COUNT_DOCS},
                                    headers={"Accept": "application/sparql-results+json"}, timeout=60)
            statuses.append(response.status_code)
            if response.status_code == 200:
                seen.add(int(response.json()["results"]["bindings"][0]["n"]["value"]))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        build_store(seeds[1:3], store)
        for _ in range(100):  # the new version is published when build returns; readers switch on their next query
            if before + 2 in seen:
                break
            time.sleep(0.1)
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert statuses and set(statuses) == {200}
    assert seen <= {before, before + 2} and before + 2 in seen
    assert _count(server.url) == before + 2
    # the search index follows the new version too
    stats = requests.get(server.url + "/stats").json()
    assert stats["types"]["Document"] == before + 2
