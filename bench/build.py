"""Graph building: store loading rate, and `kg build` time and memory as the input grows.

Loading is timed apart from extraction: the documents are read and extracted
once, then `build_documents` is timed with the extractions handed back from
memory, so the figure is triples generated and loaded per second. Oxigraph's
own bulk loader on the same quads (in memory and on disk) is the reference.
The scaling runs are whole `kg build` commands in child processes on the seeds
copied 1×, 4× and 16×, with peak RSS from the kernel (wait4).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from bench import common


def load_rates(files: list[Path], tmp: Path, repeat: int) -> tuple[list[float], list[float], list[float], int]:
    """Triples/s of our build with extraction cached, and of Oxigraph's bulk loader in memory and on disk."""
    import pyoxigraph as ox

    from kg.extract import extract_document
    from kg.graph.build import build_documents
    from kg.graph.store import open_store
    from kg.read import iter_documents

    docs = list(iter_documents(files))
    extracted = {doc.doc_id: extract_document(doc) for doc in docs}
    ours, memory, disk = [], [], []
    quads = 0
    for i in range(repeat):
        location = tmp / f"load-{i}"
        start = time.perf_counter()
        summary = build_documents(docs, location, extract=lambda d: extracted[d.doc_id], progress=False)
        ours.append(summary.triples / (time.perf_counter() - start))
        quads = summary.triples
        dump = tmp / "dump.nq"
        if not dump.exists():
            store = open_store(location, read_only=True)
            with open(dump, "wb") as out:
                ox.serialize(store.quads(), out, ox.RdfFormat.N_QUADS)
            store.close()
        start = time.perf_counter()
        ox.Store().bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        memory.append(quads / (time.perf_counter() - start))
        start = time.perf_counter()
        on_disk = ox.Store(str(tmp / f"ox-{i}"))
        on_disk.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        on_disk.flush()
        disk.append(quads / (time.perf_counter() - start))
        del on_disk
    return ours, memory, disk, quads


ID_BASE = "https://kg-zh-gov.example/id/"


def _renamed(triple, copy: int):
    """The triple with every entity/document IRI made distinct per copy (vocabulary IRIs kept)."""
    import pyoxigraph as ox

    def term(t):
        return ox.NamedNode(f"{t.value}/c{copy}") if isinstance(t, ox.NamedNode) and t.value.startswith(ID_BASE) else t

    return ox.Triple(term(triple.subject), triple.predicate, term(triple.object))


def store_rates(built: Path, tmp: Path, repeat: int, copies: int) -> tuple[list[float], int]:
    """Triples/s of the store alone: the built document graphs, *copies* times with renamed IRIs
    (so nothing deduplicates), written through one transaction of `replace_graph` calls."""
    from kg.graph.store import open_store

    store = open_store(built, read_only=True)
    graphs: dict[str, list] = {}
    for q in store.quads():
        graphs.setdefault(q.graph_name.value, []).append(q.triple)
    store.close()
    work = [(f"{g}/c{c}", [_renamed(t, c) for t in ts]) for c in range(copies) for g, ts in sorted(graphs.items())]
    triples = sum(len(ts) for _, ts in work)
    rates = []
    for i in range(repeat):
        target = open_store(tmp / f"writes-{i}")
        start = time.perf_counter()
        with target.transaction() as tx:
            for graph, ts in work:
                tx.replace_graph(graph, ts)
        rates.append(triples / (time.perf_counter() - start))
        target.close()
    return rates, triples


def scaling(files: list[Path], factors: list[int], tmp: Path) -> list[tuple[int, int, int, float, int]]:
    """(factor, documents, characters, seconds, peak RSS bytes) of a fresh `kg build` per factor."""
    rows = []
    for factor in factors:
        corpus = common.replicate(files, factor, tmp / f"corpus-{factor}")
        chars = sum(len(f.read_text(encoding="utf-8")) for f in corpus)
        seconds, status, rss = common.run_peak_rss(
            common.kg_command("build", str(tmp / f"corpus-{factor}"), "--store", str(tmp / f"store-{factor}"),
                              "--quiet"), tmp / f"build-{factor}.log")
        if status != 0:
            raise SystemExit(f"kg build failed ({status}); see {tmp / f'build-{factor}.log'}")
        rows.append((factor, len(corpus), chars, seconds, rss))
        print(f"build: {factor}x: {seconds:.1f}s, peak RSS {rss / 2**20:.0f} MiB", file=sys.stderr)
    return rows


def main(argv=None) -> int:
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--factors", default=None, help="comma-separated copies of the seeds (default 1,4,16; quick 1,2)")
    args = parser.parse_args(argv)
    repeat = common.repeats(args, 3)
    factors = [int(x) for x in (args.factors or ("1,2" if args.quick else "1,4,16")).split(",")]
    files = common.seed_files(args.quick)
    with common.workdir(args) as tmp:
        ours, memory, disk, quads = load_rates(files, tmp, repeat)
        copies = 1 if args.quick else 4
        writes, written = store_rates(tmp / "load-0", tmp, repeat, copies)
        rows = scaling(files, factors, tmp)
    med = statistics.median
    body = (f"Loading: the {len(files)} seed file(s), {quads:,} quads, extraction done beforehand and handed back "
            "from memory, so the time is triple generation + store writes + the build's summary counts.\n\n")
    body += common.table(
        ["loader", "quads/s", "spread", "vs Oxigraph bulk load in memory"],
        [["`kg build` graph stage (build_documents, on disk, versioned)", common.fmt_rate(med(ours)),
          common.spread(ours), common.ratio(med(ours), med(memory))],
         [f"store writes alone: `transaction()` + `replace_graph` of pre-generated triples ({written:,} in "
          f"{copies}× the seed graphs, IRIs renamed per copy; each triple is stored twice, in its graph and the union)",
          common.fmt_rate(med(writes)), common.spread(writes), common.ratio(med(writes), med(memory))],
         ["pyoxigraph `Store().bulk_load` in memory (N-Quads dump)", common.fmt_rate(med(memory)),
          common.spread(memory), "1.00×"],
         ["pyoxigraph `Store(dir).bulk_load` on disk", common.fmt_rate(med(disk)), common.spread(disk),
          common.ratio(med(disk), med(memory))]])
    body += ("\nWhole `kg build` (read, extract, load, publish) in a fresh store, one run per size. The startup "
             "(loading models and gazetteers) is a fixed cost, so linearity shows in the *marginal* cost: seconds "
             "per extra character from one size to the next, which stays flat when cost grows linearly.\n\n")
    table_rows, previous = [], None
    for f, n, c, s, rss in rows:
        marginal = f"{(s - previous[3]) / (c - previous[2]) * 1e6:.1f}" if previous else "-"
        table_rows.append([f"seeds ×{f}", n, f"{c:,}", f"{s:.1f}", f"{s / c * 1e6:.1f}", marginal,
                           f"{rss / 2**20:,.0f} MiB"])
        previous = (f, n, c, s, rss)
    body += common.table(
        ["input", "documents", "characters", "seconds", "µs per char", "marginal µs per char", "peak RSS"], table_rows)
    common.write_section(args.report, "build", "Graph building",
                         "python -m bench.build" + (" --quick" if args.quick else ""), body, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
