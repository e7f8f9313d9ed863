"""The remote store against a real SPARQL 1.1 server: Oxigraph server from PyPI on 127.0.0.1.

`kg build --store http://…` loads the seeds into it; `kg serve --store http://…`
forwards /sparql to it; every answer must equal the embedded store's.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
import pytest
import requests
from test_api_support import PREFIXES, ROOT, ROW_LIMIT, SEEDS, TOKEN, Server, free_port, seed_store

from api.explorer.examples import load as example_queries
from api.results import term_json
from kg.graph.remote import META_GRAPH, RemoteStore
from kg.graph.store import StoreError, open_store

OXIGRAPH = shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the oxigraph server (pip install oxigraph) is missing")


class OxigraphServer:
    """`oxigraph serve` on a free port with its own data directory, ready when it answers a query."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kg-oxigraph-"))
        self.url = f"http://127.0.0.1:{free_port()}"
        self.log = open(self.dir / "server.log", "wb")
        self.proc = subprocess.Popen(
            [OXIGRAPH, "serve", "--location", str(self.dir / "data"), "--bind", self.url.removeprefix("http://"),
             "--timeout-s", "30"],
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {(self.dir / 'server.log').read_text()}")
            try:
                if requests.get(self.url + "/query", params={"query": "ASK {}"}, timeout=5).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("oxigraph did not answer within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="module")
def oxigraph():
    server = OxigraphServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def loaded(oxigraph) -> str:
    """The seeds built into the server by the `kg build` command, extraction on two processes."""
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(SEEDS), "--store", oxigraph.url, "--quiet",
         "--engine", "processes", "--workers", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert done.returncode == 0, done.stderr
    assert "5 added" in done.stdout
    return oxigraph.url


@pytest.fixture(scope="module")
def remote_api(loaded):
    # a longer query timeout than the other test servers: an update reconciles the union over the whole graph
    server = Server(loaded, "--update-token", TOKEN, "--timeout", "60")  # type: ignore[arg-type]
    yield server
    server.stop()


def _rows(bindings: Iterable[dict]) -> list:
    return sorted(sorted((k, json.dumps(v, sort_keys=True)) for k, v in row.items()) for row in bindings)


def _answer(url: str, query: str) -> object:
    """A SELECT as a sorted list of rows, or an ASK as a bool, through our /sparql."""
    response = requests.post(url + "/sparql", data={"query": query},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    body = response.json()
    return body["boolean"] if "boolean" in body else _rows(body["results"]["bindings"])


def _embedded(query: str) -> object:
    """The same answer straight from the embedded store the seeds were built into."""
    with open_store(seed_store(), read_only=True) as store:
        result = store.query(query)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        names = [v.value for v in result.variables]
        return _rows({n: term_json(s[n]) for n in names if s[n] is not None} for s in result)


def test_the_loaded_server_holds_what_the_embedded_store_holds(loaded):
    remote = open_store(loaded, read_only=True)
    assert isinstance(remote, RemoteStore)
    with open_store(seed_store(), read_only=True) as embedded:
        assert remote.graph_iris() == embedded.graph_iris()
        assert len(remote) == len(embedded) > 1000
        assert set(remote.quads()) == set(embedded.quads())
    assert META_GRAPH not in remote.graph_iris() and remote.version


def test_example_queries_answer_the_same_through_our_api(remote_api):
    examples = example_queries()
    assert len(examples) >= 3
    answered = 0
    for example in examples:
        expected, got = _embedded(example["query"]), _answer(remote_api.url, example["query"])
        if len(expected) > ROW_LIMIT:  # capped by our API: which rows among ties is the server's choice
            assert len(got) == ROW_LIMIT and {tuple(r) for r in got} <= {tuple(r) for r in expected}, example["title"]
        else:
            assert got == expected, example["title"]
        answered += bool(expected)
    assert answered >= 2  # examples that answer nothing on the seeds would prove nothing


def test_default_graph_is_the_deduplicated_union(remote_api):
    count = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?s a kgo:Locality }"
    assert _answer(remote_api.url, count) == _embedded(count)
    triples = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # each distinct fact once
    assert _answer(remote_api.url, triples) == _embedded(triples)
    graphs = PREFIXES + "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?d a kgo:Document } }"
    assert _answer(remote_api.url, graphs) == _embedded(graphs)


def test_limits_errors_and_read_only_rule_are_ours(remote_api):
    endpoint = remote_api.url + "/sparql"
    everything = requests.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert everything.headers["X-Result-Truncated"] == "true"
    assert len(everything.json()["results"]["bindings"]) == ROW_LIMIT
    graph = requests.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                         headers={"Accept": "application/n-triples"}, timeout=60)
    assert graph.status_code == 200 and len(graph.text.splitlines()) == ROW_LIMIT
    malformed = requests.get(endpoint, params={"query": "SELECT ?x WHERE { ?x ?y }"}, timeout=60)
    assert malformed.status_code == 400 and malformed.json()["status"] == 400
    refused = requests.post(endpoint, data={"update": "DROP ALL"}, timeout=60)
    assert refused.status_code == 403 and "Authorization" in refused.json()["message"]


def test_an_authorized_update_reaches_the_server_and_keeps_the_union(remote_api, loaded):
    graph = "https://kg-zh-gov.example/test/remote-update"
    insert = f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:a> <urn:x:b> <urn:x:c> }} }}"
    ask = "ASK { <urn:x:a> <urn:x:b> <urn:x:c> }"
    before = open_store(loaded, read_only=True).version
    response = requests.post(remote_api.url + "/sparql", data={"update": insert},
                             headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert response.status_code in (200, 204), response.text
    assert _answer(remote_api.url, ask) is True  # in the union default graph, as with the embedded store
    assert open_store(loaded, read_only=True).version != before
    RemoteStore(loaded).remove_graph(graph)
    assert _answer(remote_api.url, ask) is False


def test_writes_replace_graphs_in_batches_and_keep_shared_facts(oxigraph):
    """On an empty server: many small N-Quads batches; a fact two graphs share survives removing one."""
    store = RemoteStore(oxigraph.url, batch_triples=7)
    node = ox.NamedNode
    shared = ox.Triple(node("urn:t:s"), node("urn:t:p"), ox.Literal("共享"))
    with store.transaction() as tx:
        for i in range(20):
            tx.replace_graph(f"urn:t:g{i}", [shared, *(ox.Triple(node(f"urn:t:{i}"), node("urn:t:p"), ox.Literal(j))
                                                      for j in range(i))])
    mine = [g for g in store.graph_iris() if g.startswith("urn:t:")]
    assert len(mine) == 20
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:t:p> ?o }"
    assert int(next(iter(store.query(union)))["n"].value) == 1 + sum(range(20))
    for i in range(19):
        store.remove_graph(f"urn:t:g{i}")
    assert int(next(iter(store.query(union)))["n"].value) == 1 + 19  # the shared fact and g19's own
    store.replace_graph("urn:t:g19", [])
    assert int(next(iter(store.query(union)))["n"].value) == 0
    assert "urn:t:g19" in store.graph_iris()
    with pytest.raises(StoreError, match="maintained by the store"):
        store.replace_graph(META_GRAPH, [shared])


def test_unreachable_server_is_one_line_error():
    with pytest.raises(StoreError, match="cannot reach the SPARQL server"):
        open_store(f"http://127.0.0.1:{free_port()}", read_only=True)
    done = subprocess.run([sys.executable, "-m", "kg", "serve", "--store", f"http://127.0.0.1:{free_port()}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "cannot reach" in done.stderr
