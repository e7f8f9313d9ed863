"""Graph building: store loading rate, and `kg build` time and memory as the input grows.

Loading is timed apart from extraction: the documents are read and extracted
once, then `build_documents` is timed with the extractions handed back from
memory, so the figure is triples generated and loaded per second. pyoxigraph
alone on the same quads (its bulk loader from N-Quads, and bulk_extend of
ready-made Quads, in memory and on disk) is the reference.
The scaling runs are whole `kg build` commands in child processes on the seeds
copied 1×, 4× and 16×, with peak RSS from the kernel (wait4).
"""
from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from bench import common

Rate = tuple[float, float]  # per wall second, per CPU second


def fresh(path: Path) -> Path:
    """*path* emptied: a store left in a reused --workdir would make the build skip every document."""
    shutil.rmtree(path, ignore_errors=True)
    return path


def rate(count: int, work: Callable[[], object]) -> Rate:
    """Items per wall second and per CPU second (this process, all its threads) of work().

    Why both: the machine is shared, and CPU time is what the code costs whatever the others run."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def reference_rates(dump: Path, tmp: Path, tag: str) -> dict[str, Rate]:
    """pyoxigraph alone on the quads of *dump*: its bulk loader reading N-Quads, and ``bulk_extend``
    of ready-made Quad objects (what our store hands it), in memory and on disk."""
    import pyoxigraph as ox

    data = dump.read_bytes()
    quads = list(ox.parse(data, ox.RdfFormat.N_QUADS))

    def on_disk(name: str, load: Callable[[ox.Store], None]) -> Callable[[], None]:
        path = fresh(tmp / f"ox-{name}-{tag}")

        def run() -> None:
            store = ox.Store(str(path))
            load(store)
            store.flush()
        return run

    def from_dump(store: ox.Store) -> None:
        store.bulk_load(data, ox.RdfFormat.N_QUADS)

    def from_objects(store: ox.Store) -> None:
        store.bulk_extend(quads)

    return {
        "`Store().bulk_load` in memory (N-Quads)": rate(len(quads), lambda: from_dump(ox.Store())),
        "`Store(dir).bulk_load` on disk (N-Quads)": rate(len(quads), on_disk("load", from_dump)),
        "`Store().bulk_extend` in memory (Quad objects)": rate(len(quads), lambda: from_objects(ox.Store())),
        "`Store(dir).bulk_extend` on disk (Quad objects)": rate(len(quads), on_disk("extend", from_objects)),
    }


FLOOR = "`Store(dir).bulk_extend` on disk (Quad objects)"  # the fastest way into an on-disk store here


def load_rates(files: list[Path], tmp: Path, repeat: int) -> tuple[list[Rate], dict[str, list[Rate]], int]:
    """Our build with extraction cached, and pyoxigraph's reference rates on the same quads."""
    import pyoxigraph as ox

    from kg.extract import extract_document
    from kg.graph.build import build_documents
    from kg.graph.store import open_store
    from kg.read import iter_documents

    docs = list(iter_documents(files))
    extracted = {doc.doc_id: extract_document(doc) for doc in docs}

    def build(location: Path):
        return build_documents(docs, location, extract=lambda d: extracted[d.doc_id], progress=False)

    quads = build(fresh(tmp / "warm-up")).triples  # the gazetteer behind the hierarchy graph loads once per process
    dump = tmp / "dump.nq"
    store = open_store(tmp / "warm-up", read_only=True)
    with open(dump, "wb") as out:
        ox.serialize(store.quads(), out, ox.RdfFormat.N_QUADS)
    store.close()
    ours: list[Rate] = []
    references: dict[str, list[Rate]] = {}
    for i in range(repeat):
        location = fresh(tmp / f"load-{i}")
        ours.append(rate(quads, lambda: build(location)))
        for name, measured in reference_rates(dump, tmp, str(i)).items():
            references.setdefault(name, []).append(measured)
    return ours, references, quads


ID_BASE = "https://kg-zh-gov.example/id/"


def _renamed(triple, copy: int):
    """The triple with every entity/document IRI made distinct per copy (vocabulary IRIs kept)."""
    import pyoxigraph as ox

    def term(t):
        return ox.NamedNode(f"{t.value}/c{copy}") if isinstance(t, ox.NamedNode) and t.value.startswith(ID_BASE) else t

    return ox.Triple(term(triple.subject), triple.predicate, term(triple.object))


def store_rates(built: Path, tmp: Path, repeat: int, copies: int) -> tuple[list[Rate], int]:
    """The store alone: the built document graphs, *copies* times with renamed IRIs
    (so nothing deduplicates), written through one transaction of `replace_graph` calls."""
    from kg.graph.store import open_store

    store = open_store(built, read_only=True)
    graphs: dict[str, list] = {}
    for q in store.quads():
        graphs.setdefault(q.graph_name.value, []).append(q.triple)
    store.close()
    work = [(f"{g}/c{c}", [_renamed(t, c) for t in ts]) for c in range(copies) for g, ts in sorted(graphs.items())]
    triples = sum(len(ts) for _, ts in work)

    def write(location: Path) -> None:
        target = open_store(location)
        with target.transaction() as tx:
            for graph, ts in work:
                tx.replace_graph(graph, ts)
        target.close()

    locations = [fresh(tmp / f"writes-{i}") for i in range(repeat)]
    return [rate(triples, lambda: write(location)) for location in locations], triples


def scaling(files: list[Path], factors: list[int], tmp: Path) -> list[tuple[int, int, int, float, int]]:
    """(factor, documents, characters, seconds, peak RSS bytes) of a fresh `kg build` per factor."""
    rows = []
    for factor in factors:
        corpus = common.replicate(files, factor, tmp / f"corpus-{factor}")
        chars = sum(len(f.read_text(encoding="utf-8")) for f in corpus)
        seconds, status, rss = common.run_peak_rss(
            common.kg_command("build", str(tmp / f"corpus-{factor}"), "--store", str(fresh(tmp / f"store-{factor}")),
                              "--quiet"), tmp / f"build-{factor}.log")
        if status != 0:
            raise SystemExit(f"kg build failed ({status}); see {tmp / f'build-{factor}.log'}")
        rows.append((factor, len(corpus), chars, seconds, rss))
        print(f"build: {factor}x: {seconds:.1f}s, peak RSS {rss / 2**20:.0f} MiB", file=sys.stderr)
    return rows


def _loader_row(name: str, measured: list[Rate], floor: float) -> list[object]:
    wall, cpu = [w for w, _ in measured], [c for _, c in measured]
    med = statistics.median
    return [name, common.fmt_rate(med(wall)), common.spread(wall), common.fmt_rate(med(cpu)),
            common.ratio(med(wall), floor)]


def main(argv=None) -> int:
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--factors", default=None, help="comma-separated copies of the seeds (default 1,4,16; quick 1,2)")
    args = parser.parse_args(argv)
    repeat = common.repeats(args, 3)
    factors = [int(x) for x in (args.factors or ("1,2" if args.quick else "1,4,16")).split(",")]
    files = common.seed_files(args.quick)
    with common.workdir(args) as tmp:
        ours, references, quads = load_rates(files, tmp, repeat)
        copies = 1 if args.quick else 4
        writes, written = store_rates(tmp / "warm-up", tmp, repeat, copies)
        sizes = scaling(files, factors, tmp)
    floor = statistics.median(w for w, _ in references[FLOOR])
    body = (f"Loading: the {len(files)} seed file(s), {quads:,} quads, extraction done beforehand and handed back "
            "from memory, so the time is triple generation + store writes + the build's summary counts. "
            "Our store writes each triple twice, in its document's graph and (once) in the union kept in the "
            "default graph (see `kg/graph/store.py`); pyoxigraph alone loads the document graphs only, about half "
            "the writes. The ratio is to pyoxigraph's on-disk `bulk_extend` of ready-made quads, the fastest way "
            "into an on-disk store on this machine.\n\n")
    loaders = [_loader_row("`kg build` graph stage (build_documents, on disk, versioned)", ours, floor),
               _loader_row(f"store writes alone: `transaction()` + `replace_graph` of pre-generated triples "
                           f"({written:,} in {copies}× the seed graphs, IRIs renamed per copy)", writes, floor)]
    loaders += [_loader_row(f"pyoxigraph alone: {name}", measured, floor) for name, measured in references.items()]
    body += common.table(["loader", "triples/s (wall)", "spread", "per CPU-second", f"vs {FLOOR}"], loaders)
    body += ("\nWhole `kg build` (read, extract, load, publish) in a fresh store, one run per size. The startup "
             "(loading models and gazetteers) is a fixed cost, so linearity shows in the *marginal* cost: seconds "
             "per extra character from one size to the next, which stays flat when cost grows linearly. Peak RSS "
             "is the largest process of the build, read by a small launcher (a child of this benchmark would "
             "inherit the benchmark's own peak).\n\n")
    table_rows, previous = [], None
    for f, n, c, s, rss in sizes:
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
