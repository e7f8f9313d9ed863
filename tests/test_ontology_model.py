"""ontology/: the vocabulary parses, covers every term the graph uses, and the README's queries answer."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib

from kg.graph.iris import NS, SPARQL_PREFIXES
from kg.graph.store import open_store
from test_graph_samples import build_samples, sample_documents

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
KGO = rdflib.Namespace(NS.KGO)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY / "ontology.ttl", format="turtle")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    location = tmp_path_factory.mktemp("ontology") / "store"
    build_samples(location)
    opened = open_store(location, read_only=True)
    yield opened
    opened.close()


def readme_queries() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", (ONTOLOGY / "README.md").read_text(encoding="utf-8"), re.S)


def test_every_kgo_term_the_graph_uses_is_declared(ontology: rdflib.Graph, store):
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(NS.KGO)}
    used = set()
    for q in store.quads():
        for term in (q.predicate, q.object):
            if hasattr(term, "value") and str(term.value).startswith(NS.KGO):
                used.add(term.value)
    assert used, "the sample graph uses no kgo: terms"
    assert used <= declared, f"undeclared: {sorted(used - declared)}"


def test_our_classes_specialize_standard_vocabularies(ontology: rdflib.Graph):
    schema, org, prov = (rdflib.Namespace(ns) for ns in (NS.SCHEMA, NS.ORG, NS.PROV))
    expected = {
        KGO.Person: schema.Person, KGO.Locality: schema.Place, KGO.Organization: org.Organization,
        KGO.Post: org.Post, KGO.Document: prov.Entity, KGO.Program: prov.Plan, KGO.Assertion: rdflib.RDF.Statement,
    }
    for cls, parent in expected.items():
        assert (cls, rdflib.RDFS.subClassOf, parent) in ontology, f"{cls} is not a {parent}"


def test_shapes_only_name_declared_kgo_terms(ontology: rdflib.Graph):
    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl", format="turtle")
    declared = {str(s) for s in ontology.subjects()}
    named = {str(t) for triple in shapes for t in triple if str(t).startswith(NS.KGO)}
    assert named and named <= declared, f"undeclared in shapes: {sorted(named - declared)}"


def test_readme_has_the_three_questions_and_they_return_rows(store):
    queries = readme_queries()
    assert len(queries) >= 3
    assert any("绍兴市" in q for q in queries) and any("千万工程" in q for q in queries)
    for query in queries:
        rows = list(store.query(query))
        assert rows, f"no rows for README query:\n{query}"


def test_readme_queries_answer_correctly(store):
    by_topic = {topic: next(q for q in readme_queries() if marker in q)
                for topic, marker in (("posts", "绍兴市"), ("program", "?level"), ("through", "?where"),
                                      ("when", "龙港市"))}
    posts = {(r["name"].value, r["title"].value, r["placeName"].value) for r in store.query(by_topic["posts"])}
    # 绍兴市 itself, 诸暨市 inside it (gazetteer), and a department located in 嵊州市 (inside 绍兴市)
    assert posts == {("林振华", "市委书记", "绍兴市"), ("王建国", "市委书记", "诸暨市"), ("赵敏", "部长", "嵊州市委组织部")}
    implementers = {r["name"].value for r in store.query(by_topic["program"])}
    assert implementers == {"嵊州市", "诸暨市"}
    through = {(r["official"].value, r["program"].value) for r in store.query(by_topic["through"])}
    assert through == {("王建国", "千万工程"), ("赵敏", "千万工程")}
    (when,) = list(store.query(by_topic["when"]))
    assert when["name"].value == "陈立群" and when["evidence"].value == "龙港市委书记陈立群"
    assert when["sentence"].value == "龙港市委书记陈立群出席长三角合作会议。"
    assert float(when["confidence"].value) == pytest.approx(0.8)


def test_store_predeclares_the_prefixes_kg_query_adds(store):
    rows = list(store.query(SPARQL_PREFIXES + "SELECT ?d WHERE { ?d a kgo:Document ; schema:datePublished ?date }"))
    assert len(rows) == 2


def test_each_document_carries_the_text_its_mention_offsets_index_into(store):
    texts = {d.doc_id: d.text for d in sample_documents()}
    rows = list(store.query(SPARQL_PREFIXES + "SELECT ?id ?text WHERE { GRAPH ?d { ?d kgo:docId ?id ; schema:text ?text } }"))
    assert {r["id"].value: r["text"].value for r in rows} == texts
    mentions = list(store.query(SPARQL_PREFIXES + """
        SELECT ?text ?start ?end ?exact WHERE { GRAPH ?d { ?d schema:text ?text .
          ?m kgo:inDocument ?d ; oa:start ?start ; oa:end ?end ; oa:exact ?exact } }"""))
    assert mentions
    for m in mentions:
        assert m["text"].value[int(m["start"].value):int(m["end"].value)] == m["exact"].value
