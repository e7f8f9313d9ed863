"""The REST lookups over HTTP, checked against what SPARQL on the same server says."""
from __future__ import annotations

import io
from urllib.parse import quote

import networkx as nx
import pytest
import rdflib
import requests
from pypinyin import lazy_pinyin
from test_api_support import NEIGHBORHOOD_LIMIT, PREFIXES, seed_server, sparql_json

ID = "https://kg-zh-gov.example/id/"


def eid(iri: str) -> str:
    return iri[len(ID):].replace("/", ":")


@pytest.fixture(scope="module")
def url() -> str:
    return seed_server().url


def get(url: str, path: str, **params) -> requests.Response:
    return requests.get(url + path, params=params, timeout=60)


@pytest.fixture(scope="module")
def post(url) -> dict:
    """A person holding a titled post in a locality, as SPARQL sees it."""
    rows = sparql_json(url, PREFIXES + """
        SELECT ?person ?place ?title ?doc WHERE {
          GRAPH ?doc { ?person org:holds ?post } ?post org:postIn ?place ; kgo:title ?title .
          ?place a kgo:Locality } ORDER BY ?person ?place LIMIT 1""")
    assert rows, "the seeds state at least one post in a locality"
    return rows[0]


def test_search_ranks_the_exact_name_first_and_pages(url):
    rows = sparql_json(url, PREFIXES + """
        SELECT ?e ?label WHERE { ?e a kgo:Locality ; skos:prefLabel ?label ; kgo:adcode ?code }
        ORDER BY ?code LIMIT 1""")
    target, label = rows[0]["e"], rows[0]["label"]
    body = get(url, "/entities", q=label).json()
    assert body["results"][0]["id"] == eid(target) and body["results"][0]["match"] == "exact"
    prefix = label[:2]
    everything = get(url, "/entities", q=prefix, limit=100).json()
    assert everything["total"] >= 1 and all(prefix in r["label"] or r["match"] != "substring" for r in everything["results"])
    pages = [get(url, "/entities", q=prefix, limit=2, offset=o).json()["results"] for o in range(0, min(everything["total"], 6), 2)]
    assert [r["id"] for page in pages for r in page] == [r["id"] for r in everything["results"][: sum(map(len, pages))]]


def test_search_by_pinyin_and_type(url):
    rows = sparql_json(url, PREFIXES + "SELECT ?e ?label WHERE { ?e a kgo:Locality ; kgo:level \"county\" ; skos:prefLabel ?label } ORDER BY ?label LIMIT 1")
    target, label = eid(rows[0]["e"]), rows[0]["label"]
    spelled = "".join(lazy_pinyin(label))
    by_pinyin = get(url, "/entities", q=spelled, type="Locality").json()["results"]
    assert target in [r["id"] for r in by_pinyin]
    assert all(r["type"] == "Locality" for r in by_pinyin)
    people = get(url, "/entities", q=label[:1], type="Person").json()["results"]
    assert all(r["type"] in ("Person", "Official") for r in people)
    assert get(url, "/entities", q=label, type="Planet").status_code == 400
    assert get(url, "/entities", q=label, limit=0).status_code == 400


def test_entity_has_labels_attributes_relations_and_provenance(url, post):
    person = get(url, f"/entities/{quote(eid(post['person']))}").json()
    assert person["type"] == "Official" and person["label"]
    held = [r for r in person["relations"]["outgoing"] if r["relation"] == "holds_position"
            and r["entity"] and r["entity"]["id"] == eid(post["place"]) and r.get("title") == post["title"]]
    assert held, person["relations"]
    sources = held[0]["provenance"]
    assert any(s.get("document") == post["doc"][len(ID + "document/"):] for s in sources)
    assert any(s.get("sentences") for s in sources)

    place = get(url, f"/entities/{quote(eid(post['place']))}").json()
    assert place["type"] == "Locality"
    assert any(r["entity"]["id"] == eid(post["person"]) for r in place["relations"]["incoming"]
               if r["relation"] == "holds_position")
    located = sparql_json(url, PREFIXES + """
        SELECT ?e ?code ?level ?lat WHERE { ?e kgo:adcode ?code ; kgo:level ?level ;
          <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat } ORDER BY ?code LIMIT 1""")[0]
    attributes = get(url, f"/entities/{quote(eid(located['e']))}").json()["attributes"]
    assert attributes["adcode"] == located["code"] and attributes["level"] == located["level"]
    assert attributes["lat"] == pytest.approx(float(located["lat"])) and isinstance(attributes["lon"], float)


def test_entity_as_json_ld_and_turtle(url, post):
    path = f"/entities/{quote(eid(post['person']))}"
    skos_pref = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    label = get(url, path).json()["label"]
    for accept, fmt in (("application/ld+json", "json-ld"), ("text/turtle", "turtle")):
        response = requests.get(url + path, headers={"Accept": accept}, timeout=60)
        assert response.headers["Content-Type"].startswith(accept)
        graph = rdflib.Graph().parse(data=response.content, format=fmt)
        assert str(graph.value(rdflib.URIRef(post["person"]), skos_pref)) == label
    by_param = get(url, path, format="turtle")
    assert by_param.headers["Content-Type"].startswith("text/turtle")


def test_unknown_and_malformed_ids_are_404_with_json(url):
    for path in ("/entities/person:不存在的人", "/entities/planet:mars", "/documents/0000000000000000",
                 "/entities/person:x%22%7D%20%23", "/nowhere"):
        response = requests.get(url + path, timeout=60)
        assert response.status_code == 404, path
        assert response.json()["status"] == 404 and response.json()["message"]
    # the message says which: an id that is well formed but not in the graph, or no id at all
    assert requests.get(url + "/entities/person:不存在的人", timeout=60).json()["message"].startswith("no entity")
    for path in ("/entities/planet:mars", "/entities/mars/neighborhood"):
        message = requests.get(url + path, timeout=60).json()["message"]
        assert message.startswith(f"not an entity id: '{path.split('/')[2]}'") and "locality:330600" in message
    assert "not an entity id" not in requests.get(url + "/nowhere", timeout=60).json()["message"]


def test_injection_attempts_are_inert(url):
    """Quotes, braces and comment marks reach SPARQL only as escaped literals or not at all."""
    for q in ('"', "'", '"} ; DROP ALL #', "}}} UNION { ?s ?p ?o } #", "\\", "\n", "<http://x>", "?e"):
        response = get(url, "/entities", q=q)
        assert response.status_code in (200, 400), (q, response.text)
        if response.status_code == 200:
            assert all(q.strip().lower() in r["label"].lower() or r["match"] != "exact" for r in response.json()["results"])
    for bad_id in ('person:a">', "person:a}", "person:a#b", "person:a b", "locality:1?x=1"):
        response = requests.get(url + "/entities/" + quote(bad_id, safe=":"), timeout=60)
        assert response.status_code == 404, bad_id
    assert sparql_json(url, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?d a kgo:Document }")[0]["n"] == "5"


def test_neighborhood_is_a_bounded_k_hop_subgraph(url, post):
    center = eid(post["place"])
    one = get(url, f"/entities/{quote(center)}/neighborhood", depth=1).json()
    ids = {n["id"] for n in one["nodes"]}
    assert center in ids and eid(post["person"]) in ids
    assert all(center in (e["source"], e["target"]) for e in one["edges"])
    assert all(e["source"] in ids and e["target"] in ids for e in one["edges"])
    two = get(url, f"/entities/{quote(center)}/neighborhood", depth=2).json()
    assert ids <= {n["id"] for n in two["nodes"]}
    assert max(n["depth"] for n in two["nodes"]) <= 2

    hub = sparql_json(url, PREFIXES + """SELECT ?e (COUNT(*) AS ?n) WHERE { ?x ?p ?e . ?e a kgo:Locality }
                                         GROUP BY ?e ORDER BY DESC(?n) LIMIT 1""")[0]["e"]
    big = get(url, f"/entities/{quote(eid(hub))}/neighborhood", depth=3, limit=1000).json()
    assert len(big["nodes"]) <= NEIGHBORHOOD_LIMIT and big["truncated"] is True
    small = get(url, f"/entities/{quote(eid(hub))}/neighborhood", depth=3, limit=5).json()
    assert len(small["nodes"]) <= 5

    places = get(url, f"/entities/{quote(center)}/neighborhood", depth=2, relation="located_in").json()
    assert all(e["relation"] == "located_in" for e in places["edges"])
    typed = get(url, f"/entities/{quote(center)}/neighborhood", depth=2, type="Locality").json()
    assert all(n["type"] == "Locality" for n in typed["nodes"])
    assert get(url, f"/entities/{quote(center)}/neighborhood", depth=4).status_code == 400


def test_neighborhood_as_gexf_and_graphml(url, post):
    path = f"/entities/{quote(eid(post['place']))}/neighborhood"
    as_json = get(url, path, depth=1).json()
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        response = get(url, path, depth=1, format=fmt)
        assert response.status_code == 200 and fmt in response.headers["Content-Type"]
        graph = reader(io.BytesIO(response.content))
        assert set(graph.nodes) == {n["id"] for n in as_json["nodes"]}
        assert graph.number_of_edges() == len(as_json["edges"])


def test_document_gives_its_whole_text_and_the_offsets_of_every_mention(url, post):
    doc_iri = post["doc"]
    doc = get(url, f"/documents/{doc_iri[len(ID + 'document/'):]}").json()
    (stored,) = sparql_json(url, PREFIXES + f"SELECT ?t WHERE {{ GRAPH <{doc_iri}> {{ <{doc_iri}> schema:text ?t }} }}")
    text = doc["text"]
    assert text == stored["t"] and len(text.splitlines()) > 10
    for sentence in doc["sentences"]:
        assert sentence["text"] in text
    (count,) = sparql_json(url, PREFIXES + "PREFIX oa: <http://www.w3.org/ns/oa#> SELECT (COUNT(*) AS ?n) WHERE { "
                           f"GRAPH <{doc_iri}> {{ ?m kgo:mentions ?e ; oa:start ?s ; oa:end ?x }} }}")
    spans = [(e, s) for e in doc["entities"] for s in e["spans"]]
    assert len(spans) == int(count["n"]) and all(e["mentions"] == len(e["spans"]) for e in doc["entities"])
    for entity, span in spans:
        assert text[span["start"]:span["end"]] == span["text"], (entity, span)
    person = next(e for e in doc["entities"] if e["id"] == eid(post["person"]))
    assert {text[s["start"]:s["end"]] for s in person["spans"]} & {person["label"]}
    posts = [r for r in doc["relations"] if r["relation"] == "holds_position" and r["head"]["id"] == person["id"]]
    evidence = [s for r in posts for s in r["evidence"]]
    assert evidence and all(text[s["start"]:s["end"]] == s["text"] for s in evidence)
    assert any(person["label"] in s["text"] for s in evidence)


def test_document_and_stats_agree_with_sparql(url, post):
    doc_id = post["doc"][len(ID + "document/"):]
    doc = get(url, f"/documents/{doc_id}").json()
    name = sparql_json(url, PREFIXES + f"SELECT ?n WHERE {{ <{post['doc']}> schema:name ?n }}")[0]["n"]
    assert doc["name"] == name and doc["sentences"] and doc["entities"]
    assert eid(post["person"]) in {e["id"] for e in doc["entities"]}
    assert any(r["relation"] == "holds_position" and r["head"]["id"] == eid(post["person"]) for r in doc["relations"])
    listed = get(url, "/documents").json()["results"]
    assert doc_id in {d["id"] for d in listed} and len(listed) == 5

    stats = get(url, "/stats").json()
    for name, cls in (("Person", "kgo:Person"), ("Locality", "kgo:Locality"), ("Program", "kgo:Program")):
        n = sparql_json(url, PREFIXES + f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a {cls} }}")[0]["n"]
        assert stats["types"][name] == int(n)
    holds = sparql_json(url, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { ?s org:holds ?o } }")
    assert stats["relations"]["org:holds"] == int(holds[0]["n"])


def test_openapi_is_generated_from_the_routes_and_docs_work_offline(url):
    spec = get(url, "/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in ("/sparql", "/entities", "/entities/{entity_id}", "/entities/{entity_id}/neighborhood",
                 "/documents/{doc_id}", "/stats", "/export.gexf"):
        assert path in spec["paths"], path
    assert {"get", "post"} <= set(spec["paths"]["/sparql"])
    search = {p["name"]: p for p in spec["paths"]["/entities"]["get"]["parameters"]}
    assert search["limit"]["schema"]["maximum"] == 100 and search["q"]["required"] is True
    page = get(url, "/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text and "//cdn" not in page.text
    assert get(url, "/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_export_gexf_is_the_graph_engineers_network(url):
    response = get(url, "/export.gexf")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/gexf+xml")
    graph = nx.read_gexf(io.BytesIO(response.content))
    stats = get(url, "/stats").json()
    entities = sum(stats["types"][t] for t in ("Person", "Locality", "Organization", "Program"))
    assert 0 < graph.number_of_nodes() <= entities and graph.number_of_edges() > 0
    assert get(url, "/export.gexf", network="friends").status_code == 400


def test_document_of_a_store_built_before_texts_still_answers(tmp_path):
    """Stores built before Documents carried schema:text answer `text: null` and everything else."""
    from kg.graph.store import open_store
    from test_api_support import Server
    from test_graph_samples import build_samples

    build_samples(tmp_path / "store")
    store = open_store(tmp_path / "store")
    store.update("DELETE WHERE { GRAPH ?g { ?d <https://schema.org/text> ?t } }")
    store.close()
    server = Server(tmp_path / "store")
    try:
        (listed, *_) = get(server.url, "/documents").json()["results"]
        doc = get(server.url, f"/documents/{listed['id']}").json()
        assert doc["text"] is None and doc["name"] == listed["name"]
        assert doc["entities"] and all(len(e["spans"]) == e["mentions"] >= 1 for e in doc["entities"])
    finally:
        server.stop()
