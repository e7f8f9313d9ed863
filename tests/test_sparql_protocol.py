"""The /sparql endpoint against a running `kg serve`, with the clients people use.

Everything goes over HTTP to gunicorn: SPARQLWrapper, rdflib's SPARQLStore,
requests and curl.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
import rdflib
import requests
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper
from test_api_support import PREFIXES, ROOT, ROW_LIMIT, TIMEOUT, seed_server, sparql_json

DOCS = PREFIXES + "SELECT ?doc ?name WHERE { ?doc a kgo:Document ; schema:name ?name } ORDER BY ?name"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
# every triple pattern unbound: the cross product of the graph with itself three times
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server():
    return seed_server()


@pytest.fixture(scope="module")
def endpoint(server) -> str:
    return server.url + "/sparql"


@pytest.fixture(scope="module")
def documents(server) -> list[dict]:
    rows = sparql_json(server.url, DOCS)
    assert len(rows) == 5  # the five seeds
    return rows


def test_select_in_all_four_result_formats_agrees(endpoint, documents):
    names = [d["name"] for d in documents]
    xml = requests.get(endpoint, params={"query": DOCS}, headers={"Accept": "application/sparql-results+xml"})
    assert xml.headers["Content-Type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(xml.content)
    assert [b.findtext(f"{RESULTS_NS}literal") for b in root.iter(f"{RESULTS_NS}binding") if b.get("name") == "name"] == names

    text = requests.get(endpoint, params={"query": DOCS}, headers={"Accept": "text/csv"})
    assert text.headers["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(text.text)))
    assert [r["name"] for r in table] == names

    tsv = requests.get(endpoint, params={"query": DOCS}, headers={"Accept": "text/tab-separated-values"})
    lines = tsv.text.rstrip("\n").split("\n")
    assert lines[0] == "?doc\t?name"
    assert [line.split("\t")[1] for line in lines[1:]] == [f'"{n}"' for n in names]


def test_format_parameter_overrides_accept_for_browsers(endpoint, documents):
    response = requests.get(endpoint, params={"query": DOCS, "format": "csv"}, headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.headers["Content-Type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == len(documents)
    bad = requests.get(endpoint, params={"query": DOCS, "format": "pdf"})
    assert bad.status_code == 400 and "unknown format" in bad.json()["message"]


def test_post_form_and_direct_body_answer_like_get(endpoint, documents):
    accept = {"Accept": "application/sparql-results+json"}
    form = requests.post(endpoint, data={"query": DOCS}, headers=accept)
    direct = requests.post(endpoint, data=DOCS.encode(), headers={**accept, "Content-Type": "application/sparql-query"})
    for response in (form, direct):
        assert response.status_code == 200, response.text
        assert [b["name"]["value"] for b in response.json()["results"]["bindings"]] == [d["name"] for d in documents]
    other = requests.post(endpoint, data=b"<x/>", headers={"Content-Type": "application/xml"})
    assert other.status_code == 415 and other.json()["message"]


def test_dataset_parameters_choose_graphs(endpoint, documents):
    one = documents[0]["doc"]
    count = PREFIXES + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kgo:Document }"
    response = requests.get(endpoint, params={"query": count, "default-graph-uri": one})
    assert response.json()["results"]["bindings"][0]["n"]["value"] == "1"
    named = requests.get(endpoint, params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                           "named-graph-uri": [documents[0]["doc"], documents[1]["doc"]]})
    assert sorted(b["g"]["value"] for b in named.json()["results"]["bindings"]) == sorted(
        [documents[0]["doc"], documents[1]["doc"]])
    # an IRI that tries to close the dataset clause is refused before any query runs
    bad = requests.get(endpoint, params={"query": count, "default-graph-uri": "http://x> } ; DROP ALL #"})
    assert bad.status_code == 400 and "not an absolute IRI" in bad.json()["message"]


def test_construct_in_every_rdf_format_parses_to_the_same_graph(endpoint, documents):
    query = PREFIXES + "CONSTRUCT { ?d schema:name ?n } WHERE { ?d a kgo:Document ; schema:name ?n }"
    sizes = {}
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        response = requests.get(endpoint, params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
        sizes[accept] = len(rdflib.Graph().parse(data=response.content, format=fmt))
    assert set(sizes.values()) == {len(documents)}


def test_sparqlwrapper_select_ask_construct_get_and_post(endpoint, documents):
    client = SPARQLWrapper(endpoint)
    client.setQuery(DOCS)
    for method in ("GET", "POST"):
        client.setMethod(method)
        for fmt in (JSON, XML, CSV):
            client.setReturnFormat(fmt)
            result = client.query().convert()
            if fmt == JSON:
                assert [b["name"]["value"] for b in result["results"]["bindings"]] == [d["name"] for d in documents]
            elif fmt == XML:
                assert len(result.getElementsByTagName("result")) == len(documents)
            else:
                assert len(list(csv.reader(io.StringIO(result.decode())))) == len(documents) + 1
    client.setQuery(PREFIXES + "ASK { ?d a kgo:Document }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(PREFIXES + "CONSTRUCT WHERE { ?d a kgo:Document }")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == len(documents)


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint, documents):
    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    rows = list(graph.query(DOCS))
    assert [str(r.name) for r in rows] == [d["name"] for d in documents]
    kgo = rdflib.Namespace("https://kg-zh-gov.example/ontology#")
    docs = set(graph.subjects(rdflib.RDF.type, kgo.Document))
    assert {str(d) for d in docs} == {d["doc"] for d in documents}


def _readme_curl_commands() -> list[str]:
    text = (ROOT / "api" / "README.md").read_text(encoding="utf-8")
    section = text.split("## SPARQL with curl", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith("curl ")]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_commands_of_the_readme_work(server, documents):
    commands = _readme_curl_commands()
    assert len(commands) >= 5
    outputs = []
    for command in commands:
        done = subprocess.run(["bash", "-c", command], env={"KG": server.url, "PATH": os.environ["PATH"]},
                              capture_output=True, timeout=60)
        assert done.returncode == 0, (command, done.stderr.decode())
        outputs.append(done.stdout)
    first = json.loads(outputs[0])
    assert len(first["results"]["bindings"]) == len(documents)
    assert outputs[1].decode().splitlines()[0] == "triples"


def test_malformed_query_gets_400_with_the_parser_message(endpoint):
    response = requests.get(endpoint, params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and "error at 1:" in body["message"]
    missing = requests.get(endpoint)
    assert missing.status_code == 400 and "query" in missing.json()["message"]


def test_unacceptable_format_gets_406(endpoint):
    response = requests.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and "available" in response.json()["message"]


def test_update_is_refused_on_a_read_only_server(endpoint, documents):
    drop = "DROP ALL"
    for response in (
        requests.post(endpoint, data={"update": drop}),
        requests.post(endpoint, data=drop, headers={"Content-Type": "application/sparql-update"}),
        requests.post(endpoint, data={"update": drop}, headers={"Authorization": "Bearer guess"}),
    ):
        assert response.status_code == 403 and "read-only" in response.json()["message"]
    assert requests.get(endpoint, params={"update": drop}).status_code == 400
    assert len(sparql_json(endpoint.rsplit("/", 1)[0], DOCS)) == len(documents)


def test_results_are_capped_and_say_so(endpoint):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    response = requests.get(endpoint, params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.headers["X-Result-Truncated"] == "true"
    body = response.json()
    assert body["truncated"] is True and len(body["results"]["bindings"]) == ROW_LIMIT
    as_csv = requests.get(endpoint, params={"query": query, "format": "csv"})
    assert as_csv.headers["X-Result-Truncated"] == "true" and len(as_csv.text.splitlines()) == ROW_LIMIT + 1
    small = requests.get(endpoint, params={"query": query + f" LIMIT {ROW_LIMIT}"})
    assert small.headers["X-Result-Truncated"] == "false" and "truncated" not in small.json()


@pytest.mark.parametrize("ending, rows, truncated", [
    ("", ROW_LIMIT, True),  # the cap is appended to the query
    (f" LIMIT {ROW_LIMIT - 1}", ROW_LIMIT - 1, False),  # its own LIMIT is below the cap
    (f" OFFSET 3 LIMIT {ROW_LIMIT + 5}", ROW_LIMIT, True),  # its own LIMIT is above it
    (" VALUES ?z { 1 }", ROW_LIMIT, True),  # a LIMIT cannot be appended after VALUES
    ("\n# LIMIT 5", ROW_LIMIT, True),  # a LIMIT in a comment is no limit
])
def test_the_cap_holds_whatever_the_query_ends_with(endpoint, ending, rows, truncated):
    query = "SELECT ?s ?o ?z WHERE { ?s ?p ?o }" + ending
    for fmt in ("json", "xml", "csv", "tsv"):
        response = requests.get(endpoint, params={"query": query, "format": fmt})
        assert response.status_code == 200, response.text
        assert response.headers["X-Result-Truncated"] == str(truncated).lower(), fmt
        assert response.headers["X-Result-Count"] == str(rows), fmt
        if fmt == "json":
            assert len(response.json()["results"]["bindings"]) == rows
        elif fmt == "xml":
            assert len(ET.fromstring(response.content).findall(f"{RESULTS_NS}results/{RESULTS_NS}result")) == rows
        else:
            assert len(response.text.splitlines()) == rows + 1, fmt


def test_pathological_query_is_stopped_and_the_server_stays_responsive(server, endpoint):
    before = {p.pid for p in server.query_processes()}
    slow = requests.get(endpoint, params={"query": PATHOLOGICAL}, timeout=TIMEOUT + 30)
    assert slow.status_code == 503 and "timeout" in slow.json()["message"]
    # answered within the timeout plus a second, right after the pathological one
    quick = requests.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=TIMEOUT + 1)
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    # the process that ran it was killed, not abandoned: it is gone and nothing keeps burning CPU
    after = {p.pid for p in server.query_processes()}
    assert before - after, "the query process that timed out should have been replaced"
    # replacements start in the background and warm up; after that every process must fall idle
    # (a query left running would keep one CPU busy in every window)
    quiet = False
    for _ in range(15):
        start = server.cpu_seconds()
        time.sleep(1)
        if server.cpu_seconds() - start < 0.3:
            quiet = True
            break
    assert quiet, "some server process stays busy after the timeout"


def test_query_processes_killed_behind_the_servers_back_are_replaced(server, endpoint):
    victims = server.query_processes()
    assert victims
    for proc in victims:
        proc.kill()
    psutil.wait_procs(victims, timeout=10)  # dead (as after the OOM killer), not dying mid-request
    response = requests.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert response.status_code == 200 and response.json()["boolean"] is True
    assert not {p.pid for p in victims} & {p.pid for p in server.query_processes()}


def test_many_simultaneous_readers(endpoint, documents):
    count = PREFIXES + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a kgo:Document }"

    def ask(i: int) -> str:
        query = count if i % 2 else DOCS
        response = requests.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                                 timeout=60)
        assert response.status_code == 200, response.text
        bindings = response.json()["results"]["bindings"]
        return bindings[0]["n"]["value"] if i % 2 else str(len(bindings))

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(ask, range(96)))
    assert set(answers) == {str(len(documents))}


def test_cors_allows_reads_from_browsers(endpoint):
    response = requests.get(endpoint, params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://example.org")
    preflight = requests.options(endpoint, headers={"Origin": "https://example.org",
                                                    "Access-Control-Request-Method": "POST"})
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
