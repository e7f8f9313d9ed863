"""kg.graph.store: versioned Oxigraph store; readers keep answering while writers publish."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.graph.store import UNION_GRAPH, StoreError, open_store

P = ox.NamedNode("http://example.org/p")


def triples(*names: str) -> list[ox.Triple]:
    return [ox.Triple(ox.NamedNode(f"http://example.org/{n}"), P, ox.Literal(n, language="zh")) for n in names]


def test_a_missing_store_is_a_one_line_error_for_readers(tmp_path: Path):
    with pytest.raises(StoreError, match="no graph at .*kg build"):
        open_store(tmp_path / "none", read_only=True)
    writer = open_store(tmp_path / "new")
    assert len(writer) == 0 and list(writer.query("SELECT * WHERE { ?s ?p ?o }")) == []


def test_graph_swaps_and_queries(tmp_path: Path):
    store = open_store(tmp_path / "s")
    store.replace_graph("http://example.org/g1", triples("绍兴市", "嵊州市"))
    store.replace_graph("http://example.org/g2", triples("诸暨市"))
    assert len(store) == 3 and store.graph_iris() == ["http://example.org/g1", "http://example.org/g2"]
    store.replace_graph("http://example.org/g1", triples("龙港市"))
    names = {r["o"].value for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")}  # union of all graphs
    assert names == {"龙港市", "诸暨市"}
    only_g2 = store.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph_uris=["http://example.org/g2"])
    assert [r["o"].value for r in only_g2] == ["诸暨市"]
    named = store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graph_uris=["http://example.org/g1"])
    assert [r["g"].value for r in named] == ["http://example.org/g1"]
    assert bool(store.query("ASK { ?s ?p '龙港市'@zh }"))
    assert isinstance(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), ox.QueryTriples)
    store.update("DELETE WHERE { GRAPH ?g { ?s ?p '诸暨市'@zh } }")
    store.remove_graph("http://example.org/g1")
    assert len(store) == 0


def test_readers_see_the_published_version_only(tmp_path: Path):
    writer = open_store(tmp_path / "s")
    writer.replace_graph("http://example.org/g", triples("绍兴市"))
    reader = open_store(tmp_path / "s", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        reader.update("INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }")
    with writer.transaction() as tx:
        tx.replace_graph("http://example.org/g", triples("嵊州市", "诸暨市"))
        assert len(tx) == 2 and len(reader) == 1  # the reader still answers from the old version
    assert len(reader) == 2 and {r["o"].value for r in reader.query("SELECT ?o { ?s ?p ?o }")} == {"嵊州市", "诸暨市"}


def test_a_failed_transaction_publishes_nothing_and_its_files_go(tmp_path: Path):
    store = open_store(tmp_path / "s")
    store.replace_graph("http://example.org/g", triples("绍兴市"))
    version = store.version
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.remove_graph("http://example.org/g")
            raise RuntimeError("half-way")
    assert store.version == version and len(store) == 1
    assert [p.name for p in (tmp_path / "s" / "versions").iterdir() if p.is_dir()] == [version]


def test_old_versions_are_kept_while_a_reader_in_another_process_uses_them(tmp_path: Path):
    location = tmp_path / "s"
    writer = open_store(location)
    writer.replace_graph("http://example.org/g", triples("绍兴市"))
    old = writer.version
    script = (
        "import sys; from kg.graph.store import open_store\n"
        f"r = open_store({str(location)!r}, read_only=True); print(len(r), flush=True)\n"
        "sys.stdin.readline(); print(len(r), r.version, flush=True)\n"
    )
    root = Path(__file__).resolve().parent.parent
    reader = subprocess.Popen([sys.executable, "-c", script], cwd=root, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "1"
        writer.replace_graph("http://example.org/g", triples("嵊州市", "诸暨市"))
        writer.replace_graph("http://example.org/h", triples("龙港市"))
        assert (location / "versions" / old).is_dir()  # the other process still reads it
        out, _ = reader.communicate("go\n", timeout=60)
        assert out.split() == ["3", writer.version]  # it followed the pointer on its next call
    finally:
        reader.kill()
    writer.replace_graph("http://example.org/h", triples("龙港市"))
    assert not (location / "versions" / old).exists()


def test_a_fact_in_many_graphs_matches_once_and_lives_while_any_graph_states_it(tmp_path: Path):
    store = open_store(tmp_path / "s")
    for g in ("g1", "g2", "g3"):
        store.replace_graph(f"http://example.org/{g}", triples("绍兴市"))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o . ?s ?p ?o }"  # a join: bag semantics would give 9 rows
    assert len(list(store.query(query))) == 1
    assert len(list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))) == 3
    assert len(store) == 3 and UNION_GRAPH not in store.graph_iris()
    store.remove_graph("http://example.org/g1")
    store.replace_graph("http://example.org/g2", triples("嵊州市"))
    assert {r["o"].value for r in store.query(query)} == {"绍兴市", "嵊州市"}
    store.update("DELETE WHERE { GRAPH ?g { ?s ?p '绍兴市'@zh } }")
    assert {r["o"].value for r in store.query(query)} == {"嵊州市"}
    assert all(q.graph_name.value != UNION_GRAPH for q in store.quads())
    with pytest.raises(StoreError, match="maintained by the store"):
        store.replace_graph(UNION_GRAPH, triples("x"))


def test_the_union_graph_matches_a_recomputed_union_after_random_writes(tmp_path: Path):
    import random

    rng = random.Random(7)
    store = open_store(tmp_path / "s")
    names = ["绍兴市", "嵊州市", "诸暨市", "龙港市", "浙江省"]
    with store.transaction() as tx:
        for _ in range(60):
            graph = f"http://example.org/g{rng.randrange(4)}"
            if rng.random() < 0.25:
                tx.remove_graph(graph)
            else:
                tx.replace_graph(graph, triples(*rng.sample(names, rng.randrange(0, 4))))
    expected = {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()}
    got = {ox.Triple(r["s"], r["p"], r["o"]) for r in store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")}
    assert got == expected and len(list(store.query("SELECT * WHERE { ?s ?p ?o }"))) == len(expected)


def test_buffered_graphs_are_seen_by_reads_inside_the_transaction_and_published_together(tmp_path: Path):
    store = open_store(tmp_path / "s")
    with store.transaction() as tx:
        tx.replace_graph("http://example.org/g1", triples("绍兴市", "嵊州市"))
        tx.replace_graph("http://example.org/g2", triples("嵊州市"))
        tx.replace_graph("http://example.org/g3", [])  # an empty graph still exists
        assert tx.graph_iris() == [f"http://example.org/g{i}" for i in (1, 2, 3)] and len(tx) == 3
        tx.replace_graph("http://example.org/g4", triples("诸暨市"))
        tx.replace_graph("http://example.org/g4", triples("龙港市"))  # replaced before it was ever loaded
        assert {r["o"].value for r in tx.query("SELECT ?o WHERE { ?s ?p ?o }")} == {"绍兴市", "嵊州市", "龙港市"}
        tx.replace_graph("http://example.org/g5", triples("浙江省"))
    assert len(store) == 5 and len(store.graph_iris()) == 5
    assert {r["o"].value for r in store.query("SELECT ?o WHERE { ?s ?p ?o }")} == {"绍兴市", "嵊州市", "龙港市", "浙江省"}


def test_updates_may_write_named_graphs_only(tmp_path: Path):
    store = open_store(tmp_path / "s")
    store.replace_graph("http://example.org/g", triples("绍兴市"))
    version = store.version
    with pytest.raises(StoreError, match="only write named graphs"):
        store.update("INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }")
    assert store.version == version  # nothing published
    store.update("DELETE DATA { GRAPH <http://example.org/g> { <http://example.org/绍兴市> <http://example.org/p> '绍兴市'@zh } }")
    assert store.version != version and len(store) == 0 and not bool(store.query("ASK { ?s ?p ?o }"))


def test_a_version_with_the_older_layout_is_read_and_moved_to_the_new_one_by_the_next_write(tmp_path: Path):
    """Before the union moved to the default graph it was kept in the named graph UNION_GRAPH."""
    root = tmp_path / "s"
    (root / "versions").mkdir(parents=True)
    old = ox.Store(str(root / "versions" / "v000001"))
    for g, names in (("g1", ("绍兴市", "嵊州市")), ("g2", ("嵊州市",))):
        old.extend([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(f"http://example.org/{g}")) for t in triples(*names)])
    old.extend([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(UNION_GRAPH)) for t in triples("绍兴市", "嵊州市")])
    old.flush()
    del old
    (root / "CURRENT").write_text("v000001\n")
    reader = open_store(root, read_only=True)
    query = "SELECT ?o WHERE { ?s ?p ?o . ?s ?p ?o }"
    assert sorted(r["o"].value for r in reader.query(query)) == ["嵊州市", "绍兴市"]
    assert reader.graph_iris() == ["http://example.org/g1", "http://example.org/g2"] and len(reader) == 3
    assert len(list(reader.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))) == 3
    writer = open_store(root)
    writer.update("DELETE DATA { GRAPH <http://example.org/g1> { <http://example.org/绍兴市> <http://example.org/p> '绍兴市'@zh } }")
    assert sorted(r["o"].value for r in reader.query(query)) == ["嵊州市"]
    assert reader.graph_iris() == ["http://example.org/g1", "http://example.org/g2"] and len(reader) == 2
    assert all(q.graph_name != ox.NamedNode(UNION_GRAPH) for q in writer.quads())


def test_the_memory_mirror_answers_like_the_disk_and_follows_new_versions(tmp_path: Path):
    from kg.graph.store import MemoryMirror

    writer = open_store(tmp_path / "s")
    writer.replace_graph("http://example.org/g1", triples("绍兴市", "嵊州市"))
    writer.replace_graph("http://example.org/g2", triples("嵊州市"))
    disk = open_store(tmp_path / "s", read_only=True)
    mirror = MemoryMirror(disk, max_quads=10)
    mirror.wait()
    assert mirror.ready() is not None  # copied: 3 quads are below the limit
    for query in ("SELECT ?o WHERE { ?s ?p ?o . ?s ?p ?o }", "SELECT ?g ?o WHERE { GRAPH ?g { ?s ?p ?o } }"):
        assert sorted(map(str, mirror.query(query))) == sorted(map(str, disk.query(query)))
    only = mirror.query("SELECT ?o WHERE { ?s ?p ?o }", default_graph_uris=["http://example.org/g2"])
    assert [r["o"].value for r in only] == ["嵊州市"]
    writer.replace_graph("http://example.org/g3", triples("诸暨市", "龙港市"))
    # the new version is answered at once (from disk until its copy is ready), never the old one
    assert {r["o"].value for r in mirror.query("SELECT ?o WHERE { ?s ?p ?o }")} == {"绍兴市", "嵊州市", "诸暨市", "龙港市"}
    mirror.wait()
    assert mirror.ready() is not None and len(list(mirror.query("SELECT * WHERE { ?s ?p ?o }"))) == 4
    small = MemoryMirror(disk, max_quads=2)
    small.wait()
    assert small.ready() is None and len(list(small.query("SELECT * WHERE { ?s ?p ?o }"))) == 4  # too big: disk


def test_a_memory_copy_has_every_quad_with_the_disk_blank_node_labels(tmp_path: Path):
    """Copied in chunks: more quads than one chunk, blank nodes kept as the disk labels them (a bulk load
    of a dump would rename them, and answers from memory and from disk would differ)."""
    from kg.graph.store import _COPY_CHUNK, _copy_into_memory

    disk = ox.Store(str(tmp_path / "db"))
    p = ox.NamedNode("http://example.org/p")
    disk.bulk_extend(ox.Quad(ox.BlankNode(f"b{i}"), p, ox.Literal(str(i)), ox.NamedNode(f"http://example.org/g{i % 3}"))
                     for i in range(2 * _COPY_CHUNK + 5))
    disk.add(ox.Quad(ox.NamedNode("http://example.org/s"), p, ox.BlankNode("b7"), ox.DefaultGraph()))
    copy = _copy_into_memory(disk)
    assert set(copy) == set(disk) and len(copy) == 2 * _COPY_CHUNK + 6
