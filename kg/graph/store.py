"""The one interface behind which graph storage sits.

Everything else (build, export, query, the API) talks to a :class:`Store`;
only this module knows that the default backend is Oxigraph on disk.

Why versions: pyoxigraph documents that opening a store read-only while
another process writes it is undefined behaviour, and a build killed half-way
must leave the previous graph usable. So a store directory holds *immutable*
published versions and a pointer file naming the current one::

    <location>/CURRENT              "v000007"  (replaced atomically with os.replace)
    <location>/write.lock           writers serialise on this (flock)
    <location>/versions/v000007/    a RocksDB directory, never written after publishing
    <location>/versions/v000007.lock  readers of v000007 hold a shared flock on it

A write (one SPARQL update, one graph swap, or a whole build inside
:meth:`OxigraphStore.transaction`) checkpoints the current version into a new
directory (RocksDB hard-links its files, so this is cheap), applies its changes
there, flushes, then moves the pointer. Readers follow the pointer on every
call and reopen when it moves, so they keep answering during a build and see
its result as soon as it is published. Old versions are deleted once no reader
holds their lock; a killed build leaves only an unpublished directory that the
next writer deletes.

Why a materialized union graph: Oxigraph's "union of all graphs" default
graph is a bag, so a fact stated by N documents matches N times and every
join multiplies those counts (a three-hop query on the five seed documents
took 7 s instead of 0.4 s). Each version therefore also holds the set-union
of all named graphs in the store's *default graph*, kept up to date by every
write; queries use it as their default graph and see the document graphs as
named graphs. The default graph is Oxigraph's native one because both its
alternatives cost every query: a reserved named graph as default graph is
about twice as slow to scan, and hiding it from GRAPH patterns needs the list
of all other graphs with each query (~8 µs per graph per query). Versions
written before this layout keep their union in :data:`UNION_GRAPH`; readers
query them the old way and the next write moves it into the default graph.
It is invisible otherwise: not listed, not counted, not exported, and SPARQL
Update may only write named graphs.
"""
from __future__ import annotations

import contextlib
import fcntl
import itertools
import os
import shutil
import threading
import time
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional, Protocol, Sequence, Union

import pyoxigraph as ox

QueryResult = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]

DEFAULT_STORE: Path = Path(os.environ.get("KG_STORE", ".kg/store"))

UNION_GRAPH = "urn:kg:union"  # reserved: the deduplicated union of all other graphs

# the file naming the published version: replaced by a rename on every publish, so readers may stat it to
# learn that a new version is out (api.backend does)
POINTER = "CURRENT"
_COPY_CHUNK = 4096  # quads per bulk_extend when a version is copied into memory
_WRITE_LOCK = "write.lock"
_VERSIONS = "versions"


class StoreError(Exception):
    """A store that cannot serve the request: missing, read-only, or corrupt."""


class Store(Protocol):
    location: str

    def query(
        self,
        sparql: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> QueryResult:
        """Run SPARQL; with no default_graph_uris the default graph is the union of all graphs."""
        ...

    def update(self, sparql: str) -> None: ...

    def replace_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None: ...

    def remove_graph(self, graph_iri: str) -> None: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...


class UpdateRejected(StoreError):
    """A SPARQL update the store refuses (it wrote the derived default graph)."""


def _named(iris: Sequence[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(i) for i in iris]


_UNION = ox.NamedNode(UNION_GRAPH)  # legacy layout: the union in a reserved named graph
_DEFAULT = ox.DefaultGraph()
PENDING_QUADS = 100_000  # buffered quads (~50k triples, each held once: ~30 MB) before a transaction loads them anyway


def _is_legacy(store: ox.Store) -> bool:
    return store.contains_named_graph(_UNION)


def _graph_iris(store: ox.Store) -> list[str]:
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g != _UNION)


def _run_query(
    store: ox.Store, sparql: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str],
    legacy_graphs: Optional[Sequence[str]] = None, prefixes: Optional[dict[str, str]] = None,
) -> QueryResult:
    """Query with the union as default graph and the document graphs as named graphs.

    *legacy_graphs* (the real graphs of a legacy-layout version) switches to its reserved union graph."""
    if legacy_graphs is not None:
        return store.query(
            sparql,
            default_graph=_named(default_graph_uris) if default_graph_uris else [_UNION],
            named_graphs=_named(named_graph_uris or legacy_graphs),
            prefixes=prefixes,
        )
    return store.query(
        sparql,
        default_graph=_named(default_graph_uris) if default_graph_uris else None,
        named_graphs=_named(named_graph_uris) if named_graph_uris else None,
        prefixes=prefixes,
    )


def _union_copies(triples: Iterable[ox.Triple]) -> list[ox.Quad]:
    return [ox.Quad(s, p, o) for s, p, o in triples]


def _quads(pending: list[tuple[ox.NamedNode, set[ox.Triple]]], union: set[ox.Triple]) -> Iterator[ox.Quad]:
    """Buffered graphs and their union copies as quads, made as the bulk loader consumes them.

    Why lazily: making and freeing Quads is most of the Python side of a load;
    made one at a time they stay in cache and the buffer holds each triple once.
    The default graph is left out of the union Quads rather than passed: that
    saves a third of a Quad's cost (pyoxigraph tries the other graph kinds first)."""
    for graph, triples in pending:
        for s, p, o in triples:
            yield ox.Quad(s, p, o, graph)
    for s, p, o in union:
        yield ox.Quad(s, p, o)


def _union_discard(store: ox.Store, triples: Iterable[ox.Triple]) -> None:
    """Drop triples from the union unless a named graph still states them."""
    for t in triples:
        if not any(q.graph_name != _DEFAULT for q in store.quads_for_pattern(t.subject, t.predicate, t.object)):
            store.remove(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT))


def _graph_triples(store: ox.Store, graph: ox.NamedNode) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)}


_ORPHANS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"


def _rebuild_union(store: ox.Store, previous: Optional[ox.Store]) -> None:
    """Recompute the union after a SPARQL update, which may touch any graph.

    Triples in the default graph that no named graph states are either facts the update deleted
    from their graphs (they were in the previous union) or written into the default graph by the
    update itself, which would vanish with the next recomputation: refused, with the reason."""
    union = _UNION if previous is not None and _is_legacy(previous) else _DEFAULT
    for row in store.query(_ORPHANS):
        if previous is None or ox.Quad(row["s"], row["p"], row["o"], union) not in previous:
            raise UpdateRejected(
                "SPARQL Update may only write named graphs (INSERT DATA { GRAPH <iri> { ... } }): "
                "the default graph is the union of the named graphs")
    store.update("DROP SILENT DEFAULT ; INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


class Transaction:
    """Changes to a private copy of the current version, published on success.

    Why a separate object: a build applies hundreds of graph swaps and must
    publish them all or none, while a single API update is its own transaction.

    Why buffered: a bulk load costs ~30 ms of CPU whatever its size, so one per
    document graph dominated a build. The triples of graphs new to this version
    (and of the union) wait in memory and are loaded together, as quads made on
    the way (:func:`_quads`), before the next read, before any other write, at
    :data:`PENDING_QUADS`, and at commit.
    """

    def __init__(self, store: ox.Store, previous: Optional[ox.Store] = None) -> None:
        self._handle: Optional[ox.Store] = store
        self._previous = previous
        self._pending: list[tuple[ox.NamedNode, set[ox.Triple]]] = []  # graphs new to this version
        self._pending_graphs: set[ox.NamedNode] = set()
        self._pending_size = 0
        self._pending_union: set[ox.Triple] = set()

    @property
    def _store(self) -> ox.Store:
        if self._handle is None:
            raise StoreError("transaction already finished")
        return self._handle

    @property
    def _loaded(self) -> ox.Store:
        """The working copy with every buffered quad in it (what reads and in-place writes need)."""
        store = self._store
        if self._pending:
            # bulk loading is ~2x faster than extend(); safe because the working copy is private to this writer
            store.bulk_extend(_quads(self._pending, self._pending_union))
            self._pending, self._pending_union, self._pending_size = [], set(), 0
        self._pending_graphs.clear()
        return store

    def _commit(self) -> None:
        """Flush, then compact the new version before readers see it.

        Bulk loads and in-place writes leave RocksDB's levels uncompacted; on the 1M-quad
        synthetic graph `optimize()` took 2.4 s and made the benchmark's queries 1.7-2.6x
        faster (1-hop 16.1 -> 9.4 ms, 2-hop 25.1 -> 9.7 ms, province join 166 -> 68 ms), as
        fast as an Oxigraph directory loaded by `oxigraph load`."""
        store = self._loaded
        store.flush()
        store.optimize()

    def _finish(self) -> None:
        """Drop the RocksDB handles so the directories can be reopened or deleted."""
        self._handle = None
        self._previous = None
        self._pending, self._pending_union, self._pending_size = [], set(), 0

    def query(
        self, sparql: str, *, default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = ()
    ) -> QueryResult:
        """Query the working copy (sees this transaction's own changes)."""
        return _run_query(self._loaded, sparql, default_graph_uris, named_graph_uris)

    def update(self, sparql: str) -> None:
        store = self._loaded
        store.update(sparql)
        _rebuild_union(store, self._previous)

    def replace_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None:
        graph = _writable(graph_iri)
        new = set(triples)
        if new and graph not in self._pending_graphs and not self._store.contains_named_graph(graph):
            self._pending.append((graph, new))
            self._pending_graphs.add(graph)
            self._pending_union |= new
            self._pending_size += len(new)
            if self._pending_size + len(self._pending_union) >= PENDING_QUADS:
                self._loaded
            return
        store = self._loaded
        old = _graph_triples(store, graph)
        if old:
            store.clear_graph(graph)
        store.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in new])
        if not new:
            store.add_graph(graph)
        store.bulk_extend(_union_copies(new - old))
        _union_discard(store, old - new)

    def remove_graph(self, graph_iri: str) -> None:
        graph = _writable(graph_iri)
        store = self._loaded
        if store.contains_named_graph(graph):
            old = _graph_triples(store, graph)
            store.remove_graph(graph)
            _union_discard(store, old)

    def graph_iris(self) -> list[str]:
        return _graph_iris(self._loaded)

    def __len__(self) -> int:
        return _quad_count(self._loaded)


def _writable(graph_iri: str) -> ox.NamedNode:
    if graph_iri == UNION_GRAPH:
        raise StoreError(f"{UNION_GRAPH} is maintained by the store and cannot be written")
    return ox.NamedNode(graph_iri)


def _quad_count(store: ox.Store) -> int:
    """Quads in the named graphs (the union is bookkeeping)."""
    union = f"GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }}" if _is_legacy(store) else "?s ?p ?o"
    (row,) = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {union} }}")
    return len(store) - int(row["n"].value)


class WritesThroughTransactions:
    """Single-graph writes as one-operation transactions, for any backend that has
    ``transaction()``: the embedded store and the remote one share the same semantics."""

    def replace_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None:
        with self.transaction() as tx:
            tx.replace_graph(graph_iri, triples)

    def remove_graph(self, graph_iri: str) -> None:
        with self.transaction() as tx:
            tx.remove_graph(graph_iri)


class OxigraphStore(WritesThroughTransactions):
    """Versioned on-disk Oxigraph store; see the module docstring for the layout."""

    def __init__(self, location: Union[str, Path], *, read_only: bool = False) -> None:
        self.location = str(location)
        self.read_only = read_only
        self._root = Path(location)
        self._lock = threading.RLock()
        self._version: Optional[str] = None
        self._reader: Optional[ox.Store] = None
        self._reader_lock: Optional[IO[str]] = None
        self._legacy = False  # the open version keeps its union in UNION_GRAPH
        self._facts_of: Optional[str] = None
        self._facts_cache: tuple[list[str], int] = ([], 0)
        if read_only:
            if self._current_version() is None:
                raise StoreError(f"no graph at {self.location}: run `kg build --store {self.location}` first")
        else:
            (self._root / _VERSIONS).mkdir(parents=True, exist_ok=True)

    # -- reading -----------------------------------------------------------
    def _current_version(self) -> Optional[str]:
        try:
            name = (self._root / POINTER).read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return name or None

    @property
    def version(self) -> Optional[str]:
        """Name of the published version readers currently see (None before the first build)."""
        return self._current_version()

    def scan_handle(self) -> Optional[ox.Store]:
        """The open version's pyoxigraph handle, for reads by pattern (api/scans.py); None before a first
        build, and for a version of the older layout, whose default graph is not the union."""
        with self._lock:
            reader = self._open_reader()
            return None if reader is None or self._legacy else reader

    def _open_reader(self) -> Optional[ox.Store]:
        """The read-only Oxigraph instance of the current version, reopened when the pointer moves."""
        with self._lock:
            for _ in range(5):
                current = self._current_version()
                if current is None:
                    return None
                if current == self._version and self._reader is not None:
                    return self._reader
                lock_file = open(self._root / _VERSIONS / f"{current}.lock", "a+")
                fcntl.flock(lock_file, fcntl.LOCK_SH)
                path = self._root / _VERSIONS / current
                if not path.is_dir() or self._current_version() != current:
                    # pruned between reading the pointer and locking: follow the pointer again
                    lock_file.close()
                    continue
                try:
                    reader = ox.Store.read_only(str(path))
                except OSError as err:
                    lock_file.close()
                    raise StoreError(f"cannot open graph version {path}: {err}") from err
                self._release_reader()
                self._reader, self._reader_lock, self._version = reader, lock_file, current
                self._legacy = _is_legacy(reader)
                return reader
            raise StoreError(f"graph at {self.location} keeps changing; try again")

    def _release_reader(self) -> None:
        self._reader = None
        self._version = None
        if self._reader_lock is not None:
            self._reader_lock.close()
            self._reader_lock = None

    def query(
        self,
        sparql: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        prefixes: Optional[dict[str, str]] = None,
    ) -> QueryResult:
        """*prefixes* are predeclared for the query (SPARQL's own PREFIX lines override them)."""
        with self._lock:
            reader, legacy = self._open_reader(), self._legacy
        if reader is None:
            reader = ox.Store()  # nothing built yet: answer from an empty dataset
        return _run_query(reader, sparql, default_graph_uris, named_graph_uris,
                          self.graph_iris() if legacy else None, prefixes)

    def _facts(self) -> tuple[list[str], int]:
        """Graph IRIs and quad count of the current version, computed once per version."""
        reader = self._open_reader()
        if reader is None:
            return [], 0
        with self._lock:
            if self._facts_of != self._version:
                self._facts_cache = (_graph_iris(reader), _quad_count(reader))
                self._facts_of = self._version
            return self._facts_cache

    def graph_iris(self) -> list[str]:
        """IRIs of all named graphs in the current version, sorted."""
        return list(self._facts()[0])

    def quads(self, graph_iri: Optional[str] = None) -> Iterator[ox.Quad]:
        """All quads of the current version (or of one named graph), for exports."""
        reader = self._open_reader()
        if reader is None:
            return iter(())
        if graph_iri:
            return reader.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
        return (q for q in reader.quads_for_pattern(None, None, None, None)
                if q.graph_name != _DEFAULT and q.graph_name != _UNION)

    def __len__(self) -> int:
        return self._facts()[1]

    # -- writing -----------------------------------------------------------
    def update(self, sparql: str) -> None:
        with self.transaction() as tx:
            tx.update(sparql)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Apply changes to a new version and publish it only if the block succeeds."""
        if self.read_only:
            raise StoreError(f"graph at {self.location} is open read-only")
        versions = self._root / _VERSIONS
        versions.mkdir(parents=True, exist_ok=True)
        with open(self._root / _WRITE_LOCK, "a+") as write_lock:
            fcntl.flock(write_lock, fcntl.LOCK_EX)
            self._prune()
            current = self._current_version()
            new = _next_version(versions)
            path = versions / new
            previous = ox.Store.read_only(str(versions / current)) if current is not None else None
            if previous is not None:
                previous.backup(str(path))
            working = ox.Store(str(path))
            if _is_legacy(working):  # an older layout: its union moves into the default graph
                working.update(f"MOVE <{UNION_GRAPH}> TO DEFAULT")
            tx = Transaction(working, previous)
            del working, previous
            try:
                yield tx
                tx._commit()
            except BaseException:
                tx._finish()
                shutil.rmtree(path, ignore_errors=True)
                raise
            tx._finish()  # releases the RocksDB lock before anyone opens it read-only
            _write_pointer(self._root, new)
            self._prune()

    def _prune(self) -> None:
        """Delete versions that are neither current nor locked by a reader (caller holds the write lock)."""
        versions = self._root / _VERSIONS
        current = self._current_version()
        for entry in versions.iterdir():
            name = entry.name.removesuffix(".lock")
            if name == current or (entry.suffix == ".lock" and (versions / name).is_dir()):
                continue
            if entry.suffix == ".lock":  # a lock left behind by a pruned version
                entry.unlink(missing_ok=True)
                continue
            with open(versions / f"{name}.lock", "a+") as lock_file:
                try:
                    fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a reader still uses it
                shutil.rmtree(entry, ignore_errors=True)
                (versions / f"{name}.lock").unlink(missing_ok=True)

    def close(self) -> None:
        with self._lock:
            self._release_reader()

    def __enter__(self) -> "OxigraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MemoryMirror:
    """Queries answered from an in-memory copy of the current version, for small stores.

    Why: the same query runs several times faster on an in-memory pyoxigraph
    store than on RocksDB, at the price of the graph's size in RAM per process,
    so only versions of at most *max_quads* quads are copied. The copy is made
    in a background thread when a new version is published; until it is ready
    (and for larger versions, or versions of the older layout) the disk answers.
    """

    def __init__(self, disk: OxigraphStore, max_quads: int) -> None:
        self.disk = disk
        self.max_quads = max_quads
        self._lock = threading.Lock()
        self._copy: Optional[ox.Store] = None
        self._copy_of: Optional[str] = None
        self._loading: Optional[str] = None

    def ready(self) -> Optional[ox.Store]:
        """The copy of the current version, or None (starting its load if it is not under way)."""
        version = self.disk.version
        with self._lock:
            if version == self._copy_of:
                return self._copy
            if self._loading != version:
                self._loading = version
                threading.Thread(target=self._load, args=(version,), name="memory-mirror", daemon=True).start()
        return None

    def _load(self, version: Optional[str]) -> None:
        copy = None
        try:
            with self.disk._lock:
                reader, legacy = self.disk._open_reader(), self.disk._legacy
                current = self.disk._version
            if reader is not None and current == version and not legacy and len(self.disk) <= self.max_quads:
                copy = _copy_into_memory(reader)
        except (OSError, StoreError):  # e.g. the version was replaced and pruned meanwhile: the disk answers
            copy = None
        with self._lock:
            self._copy, self._copy_of = copy, version
            if self._loading == version:
                self._loading = None

    def settled(self) -> bool:
        """Whether the current version's copy is decided: made, or refused (too large, older layout)."""
        version = self.disk.version
        with self._lock:
            return version == self._copy_of

    def wait(self, timeout: float = 600.0) -> None:
        """Block until the current version's copy is settled (tests, and a process's start-up)."""
        deadline = time.monotonic() + timeout
        while self.ready() is None and self._copy_of != self.disk.version and time.monotonic() < deadline:
            time.sleep(0.05)

    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              prefixes: Optional[dict[str, str]] = None) -> QueryResult:
        copy = self.ready()
        if copy is None:
            return self.disk.query(sparql, default_graph_uris=default_graph_uris,
                                   named_graph_uris=named_graph_uris, prefixes=prefixes)
        return _run_query(copy, sparql, default_graph_uris, named_graph_uris, None, prefixes)


def _copy_into_memory(reader: ox.Store) -> ox.Store:
    """An in-memory store with every quad of *reader*, copied :data:`_COPY_CHUNK` quads at a time.

    Why in chunks: one ``bulk_extend`` of the whole version holds the GIL for the whole copy (1.4 s at
    230k quads), and a web worker's request threads wait that long; between chunks they run (longest
    wait ~60 ms). An N-Quads dump and the bulk loader release the GIL altogether, but the loader
    renames blank nodes, and a copy must answer with the labels the disk has."""
    copy = ox.Store()
    quads = reader.quads_for_pattern(None, None, None, None)
    while chunk := list(itertools.islice(quads, _COPY_CHUNK)):
        copy.bulk_extend(chunk)
    return copy


def _next_version(versions: Path) -> str:
    numbers = [int(p.name[1:]) for p in versions.iterdir() if p.is_dir() and p.name[1:].isdigit()]
    return f"v{max(numbers, default=0) + 1:06d}"


def _write_pointer(root: Path, version: str) -> None:
    tmp = root / f".{POINTER}.tmp"
    with open(tmp, "w", encoding="ascii") as fh:
        fh.write(version + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / POINTER)
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def open_store(location: Union[str, Path, None] = None, *, read_only: bool = False) -> OxigraphStore:
    """Open the graph store at *location* (default :data:`DEFAULT_STORE`).

    Read-only openers need a built graph and fail with a one-line StoreError otherwise;
    read-write openers create the directory on demand. An http(s):// location is a
    SPARQL 1.1 server (:mod:`kg.graph.remote`).
    """
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        from kg.graph.remote import RemoteStore

        return RemoteStore(location, read_only=read_only)  # type: ignore[return-value]
    return OxigraphStore(location if location is not None else DEFAULT_STORE, read_only=read_only)
