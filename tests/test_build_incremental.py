"""kg build: incremental, idempotent, all-or-nothing, stable IRIs, valid against the shapes."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.iris import ID, document_iri
from kg.graph.store import open_store
from kg.graph.validate import validate
from test_graph_samples import (
    ENTITIES, RELATIONS, TEXTS, build_samples, make_document, sample_documents, sample_extractor,
)

ROOT = Path(__file__).resolve().parent.parent


def quads(location: Path) -> set[ox.Quad]:
    store = open_store(location, read_only=True)
    try:
        return set(store.quads())
    finally:
        store.close()


def canonical(location: Path) -> ox.Dataset:
    """The store's dataset with blank nodes canonicalized, for isomorphism checks."""
    dataset = ox.Dataset(quads(location))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


@pytest.fixture()
def built(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    build_samples(store)
    return store


def test_summary_reports_what_was_built(tmp_path: Path):
    summary = build_samples(tmp_path / "store")
    assert (summary.documents, summary.added, summary.replaced, summary.unchanged, summary.failed) == (2, 2, 0, 0, 0)
    assert summary.entities["Document"] == 2
    assert summary.entities["Person"] == 4  # 林振华 appears in both documents and is one node
    assert summary.entities["Official"] == 4
    assert summary.relations["holds"] == 4 and summary.relations["implements"] == 2
    assert summary.graphs == 3  # two documents and the gazetteer hierarchy
    assert summary.triples == len(quads(tmp_path / "store"))
    assert any(line.startswith("entities") and "Person 4" in line for line in summary.lines())


def test_built_graph_conforms_to_the_shapes(built: Path):
    conforms, report = validate(open_store(built, read_only=True))
    assert conforms, report


def test_shapes_reject_a_broken_graph(built: Path):
    store = open_store(built)
    store.update(
        "INSERT DATA { GRAPH <urn:broken> { <urn:m> a <https://kg-zh-gov.example/ontology#Mention> ; "
        "<http://www.w3.org/ns/oa#start> 5 ; <http://www.w3.org/ns/oa#end> 2 } }"
    )
    conforms, report = validate(store)
    assert not conforms
    assert "inDocument" in report and "end is not before its start" in report


def test_shapes_allow_one_text_per_document(built: Path):
    store = open_store(built)
    doc = store.query(
        "SELECT ?d WHERE { ?d a <https://kg-zh-gov.example/ontology#Document> ; <https://schema.org/text> ?t } LIMIT 1"
    )
    (row,) = list(doc)
    store.update(f"INSERT DATA {{ GRAPH <urn:broken> {{ <{row['d'].value}> <https://schema.org/text> \"另一篇\" }} }}")
    conforms, report = validate(store)
    assert not conforms and "text" in report


def test_iris_are_stable_and_come_from_adcodes_and_names(tmp_path: Path):
    build_samples(tmp_path / "one")
    build_samples(tmp_path / "two")
    subjects = {q.subject.value for q in quads(tmp_path / "one")}
    assert subjects == {q.subject.value for q in quads(tmp_path / "two")}
    for expected in ("locality/330600", "locality/330683/甘霖镇", "locality/name/长三角", "person/林振华",
                     "organization/浙江日报",
                     "program/千万工程", "organization/嵊州市委组织部", "post/locality/330600/市委书记"):
        assert ID + expected in subjects


def test_posts_are_nodes_with_title_place_holders_and_report_dates(built: Path):
    store = open_store(built, read_only=True)
    rows = list(store.query(
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX kgo: <https://kg-zh-gov.example/ontology#> "
        "SELECT ?holder ?place ?title ?date WHERE { ?holder org:holds ?post . ?post org:postIn ?place ; "
        "kgo:title ?title ; org:role/<http://www.w3.org/2004/02/skos/core#prefLabel> ?title ; kgo:reportedOn ?date }"
    ))
    facts = {(r["holder"].value[len(ID):], r["place"].value[len(ID):], r["title"].value, r["date"].value)
             for r in rows}
    assert ("person/林振华", "locality/330600", "市委书记", "2024-05-06") in facts
    assert ("person/赵敏", "organization/嵊州市委组织部", "部长", "2023-11-02") in facts
    assert len(facts) == 4


def test_repeated_builds_give_isomorphic_graphs(tmp_path: Path):
    build_samples(tmp_path / "once")
    first = canonical(tmp_path / "once")
    again = build_samples(tmp_path / "once")
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    assert canonical(tmp_path / "once") == first
    forced = build_samples(tmp_path / "once", force=True)
    assert forced.replaced == 2
    assert canonical(tmp_path / "once") == first
    build_samples(tmp_path / "fresh", documents=list(reversed(sample_documents())))
    assert canonical(tmp_path / "fresh") == first


def test_adding_a_document_adds_its_facts_only(tmp_path: Path):
    store = tmp_path / "store"
    a, b = sample_documents()
    build_samples(store, documents=[a])
    before = quads(store)
    summary = build_samples(store, documents=[b])
    assert (summary.added, summary.unchanged) == (1, 0)
    after = quads(store)
    a_graph = ox.NamedNode(document_iri(a.doc_id))
    assert {q for q in after if q.graph_name == a_graph} == {q for q in before if q.graph_name == a_graph}
    assert any(q.graph_name == ox.NamedNode(document_iri(b.doc_id)) for q in after)


def test_rebuilding_a_changed_document_replaces_its_facts_and_nothing_else(built: Path):
    a, b = sample_documents()
    before = quads(built)
    changed = make_document("a.txt", TEXTS["a.txt"][1].replace("陈立群", "周海平"), TEXTS["a.txt"][0], "浙江日报")
    entities = [e if e[1] != "陈立群" else ("PERSON", "周海平", ["周海平"]) for e in ENTITIES["a.txt"]]
    relations = [(r[0] if r[0] != "陈立群" else "周海平", *r[1:6], r[6].replace("陈立群", "周海平"))
                 for r in RELATIONS["a.txt"]]
    summary = build_samples(built, documents=[changed],
                            extract=sample_extractor({"a.txt": (entities, relations)}))
    assert (summary.added, summary.replaced) == (0, 1)
    after = quads(built)
    old, new, other = (ox.NamedNode(document_iri(d.doc_id)) for d in (a, changed, b))
    assert not any(q.graph_name == old for q in after)
    assert {q for q in after if q.graph_name == other} == {q for q in before if q.graph_name == other}
    subjects = {q.subject.value for q in after}
    assert ID + "person/周海平" in subjects and ID + "person/陈立群" not in subjects
    assert ID + "person/林振华" in subjects  # still stated by both versions of a.txt and by b.txt


def test_a_failing_document_is_reported_and_the_rest_is_built(tmp_path: Path):
    good = sample_extractor()

    def extract(doc):
        if doc.name == "b.txt":
            raise ValueError("cannot parse this one")
        return good(doc)

    summary = build_samples(tmp_path / "store", extract=extract)
    assert (summary.added, summary.failed) == (1, 1)
    assert len(summary.errors) == 1 and "b.txt" in summary.errors[0] and "cannot parse" in summary.errors[0]
    assert summary.entities["Document"] == 1


def test_an_extraction_breaking_the_contract_is_reported_and_skipped(tmp_path: Path):
    broken = {"b.txt": ([("PERSON", "王建国", ["王建国"]), ("PLANET", "火星", ["诸暨"])], [])}
    summary = build_samples(tmp_path / "store", extract=sample_extractor(broken))
    assert (summary.added, summary.failed) == (1, 1)
    assert "b.txt" in summary.errors[0] and "PLANET" in summary.errors[0]


def test_an_interrupted_build_leaves_the_previous_graph(built: Path):
    before, version = quads(built), open_store(built, read_only=True).version
    reader = open_store(built, read_only=True)
    good = sample_extractor()

    def extract(doc):
        if doc.name == "b.txt":
            raise KeyboardInterrupt  # like Ctrl-C half-way
        return good(doc)

    with pytest.raises(KeyboardInterrupt):
        build_samples(built, force=True, extract=extract)
    assert quads(built) == before
    assert reader.version == version and len(reader) == len(before)
    build_samples(built)  # publishes a new version; the one the reader has open must survive
    assert len(reader) == len(before) and (built / "versions" / version).is_dir()
    reader.close()
    build_samples(built)  # deletes the unpublished leftover and every version nobody reads
    assert [p.name for p in (built / "versions").iterdir() if p.is_dir()] == [open_store(built).version]


def test_a_killed_build_process_leaves_the_previous_graph(built: Path, tmp_path: Path):
    before = quads(built)
    marker = tmp_path / "extracting"
    script = tmp_path / "slow_build.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "tests")!r}]
        from pathlib import Path
        from test_graph_samples import build_samples, sample_extractor
        good = sample_extractor()
        def extract(doc):
            result = good(doc)
            if doc.name == "b.txt":
                Path({str(marker)!r}).write_text("x")
                time.sleep(600)
            return result
        build_samples(Path({str(built)!r}), force=True, extract=extract)
    """), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)])
    try:
        for _ in range(600):
            if marker.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert marker.exists(), "the build never reached its second document"
        assert len([p for p in (built / "versions").iterdir() if p.is_dir()]) == 2  # a half-built version exists
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert quads(built) == before
    summary = build_samples(built)
    assert summary.unchanged == 2
    assert len([p for p in (built / "versions").iterdir() if p.is_dir()]) == 1


def test_kg_build_command_reports_bad_paths_and_builds_the_rest(tmp_path: Path, seed_paths):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\xd8\x00")
    store = tmp_path / "store"
    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(seed_paths[0]), str(bad), str(tmp_path / "missing.txt"),
         "--store", str(store), "--quiet"],
        capture_output=True, text=True, cwd=ROOT, timeout=900,
    )
    assert run.returncode == 1, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("kg build:")]
    assert any("missing.txt" in line for line in errors) and any("bad.txt" in line for line in errors)
    assert "1 added" in run.stdout and "1 failed" in run.stdout
    assert any(line.startswith("triples") for line in run.stdout.splitlines())
    assert open_store(store, read_only=True).graph_iris()
