"""A query process: runs SPARQL against the store, one request at a time.

Why a separate process: pyoxigraph cannot be interrupted from Python, so a
query that outlives its timeout can only be stopped by killing the process
that runs it. The web process (see :mod:`api.pool`) keeps a few of these
pre-started, each with its own read-only store handle that follows the
store's version pointer, and replaces any it had to kill.

Wire format on stdin/stdout: an 8-byte big-endian length, then a pickle.
The first message is unsolicited: ``{"ready": pid}`` once the store is open.
Results are serialized here, next to the data, so only bytes cross the pipe.
"""
from __future__ import annotations

import ctypes
import os
import pickle
import re
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any, BinaryIO, Optional

import pyoxigraph as ox

from api import results
from api.documents import document_view
from api.graphdata import SparqlReads, entity_view, neighborhood_view
from api.scans import ScanReads, version_handle
from kg.graph.store import MemoryMirror, OxigraphStore, StoreError, UpdateRejected, open_store

HEADER = 8
# the REST views a web worker may ask for by name (op "view"); each takes a rows function first (a SparqlReads)
VIEWS = {"entity": entity_view, "neighborhood": neighborhood_view, "document": document_view}


def write_message(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(data).to_bytes(HEADER, "big") + data)
    stream.flush()


def _read_exact(stream: BinaryIO, n: int) -> Optional[bytes]:
    chunks, remaining = [], n
    while remaining:
        chunk = stream.read(remaining)
        if not chunk:
            return None
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


class Session:
    """The store handles of one query process and the operations it serves."""

    def __init__(self, location: str, memory_quads: int = 0) -> None:
        self.location = location
        self.memory_quads = memory_quads
        self._reader = None
        self._mirror: Optional[MemoryMirror] = None
        self._scans: Optional[ScanReads] = None

    def warm(self) -> None:
        """Open the store and import what requests need, before the first request's clock starts."""
        import kg.export.network  # noqa: F401  (networkx is slow to import)

        try:
            self.reader.query("ASK { ?s ?p ?o }")
            if self.mirror is not None:
                self.mirror.wait()
        except StoreError:
            pass  # reported to the first request instead

    @property
    def reader(self):
        if self._reader is None:
            self._reader = open_store(self.location, read_only=True)
        return self._reader

    def handle(self, request: dict) -> dict:
        op = request["op"]
        try:
            if op == "sparql":
                return self._sparql(request)
            if op == "rows":
                rows, truncated = self.select(request["query"], request["limit"])
                return {"ok": True, "rows": rows, "truncated": truncated}
            if op == "view":
                return {"ok": True, "value": VIEWS[request["name"]](self.reads(), **request["args"])}
            if op == "export":
                return self._export(request)
            if op == "update":
                open_store(self.location).update(request["update"])
                return {"ok": True}
            if op == "ping":
                return {"ok": True, "pid": os.getpid()}
            return {"ok": False, "kind": "error", "message": f"unknown operation {op!r}"}
        except SyntaxError as err:
            return {"ok": False, "kind": "syntax", "message": str(err)}
        except UpdateRejected as err:
            return {"ok": False, "kind": "rejected", "message": str(err)}
        except Exception as err:  # the process must survive a failing query to serve the next one
            return {"ok": False, "kind": "error", "message": f"{type(err).__name__}: {err}"}

    @property
    def mirror(self) -> Optional[MemoryMirror]:
        """The in-memory copy for stores of at most ``memory_quads`` quads (embedded stores only)."""
        if self._mirror is None and self.memory_quads > 0 and isinstance(self.reader, OxigraphStore):
            self._mirror = MemoryMirror(self.reader, self.memory_quads)
        return self._mirror

    def reads(self) -> SparqlReads:
        """The views' source of rows: pattern scans of the open version when the store is embedded
        (:mod:`api.scans`, several times cheaper per lookup), SPARQL otherwise. One ScanReads per
        version, so what it keeps about graphs (names, dates) never outlives their version."""
        handle = version_handle(self.mirror or self.reader)
        if handle is None:
            return SparqlReads(self.select)
        if self._scans is None or self._scans.store is not handle:
            self._scans = ScanReads(handle, self.select)
        return self._scans

    def _query(self, request: dict):
        return (self.mirror or self.reader).query(
            request["query"],
            default_graph_uris=request.get("default_graphs", ()),
            named_graph_uris=request.get("named_graphs", ()),
        )

    def _sparql(self, request: dict) -> dict:
        """Run a protocol query and serialize it in the negotiated format."""
        limit = request["limit"]
        result, capped = self._capped(request, limit)
        if not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):  # triples, embedded or remote
            media = request["graph_type"]
            if media is None:
                return _not_acceptable("CONSTRUCT/DESCRIBE", results.GRAPH_TYPES)
            items, truncated = _take(result, limit)
            body = results.triples(items, results.GRAPH_TYPES[media], request.get("prefixes"))
            return {"ok": True, "media_type": media, "body": body, "truncated": truncated, "count": len(items)}
        media = request["solutions_type"]
        if media is None:
            return _not_acceptable("SELECT/ASK", results.SOLUTION_TYPES)
        fmt = results.SOLUTION_TYPES[media]
        if isinstance(result, ox.QueryBoolean):
            return {"ok": True, "media_type": media, "body": results.boolean(bool(result), fmt), "truncated": False, "count": 1}
        if capped:
            tsv = result.serialize(format=ox.QueryResultsFormat.TSV)
            count = tsv.count(b"\n") - 1  # TSV escapes newlines inside terms: one line per row after the header
            if count <= limit:
                body = tsv if fmt == "tsv" else ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
                    format=results.NATIVE[fmt])
                return {"ok": True, "media_type": media, "body": body, "truncated": False, "count": count}
            result = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)  # the cut needs our writers
        variables = [v.value for v in result.variables]
        rows, truncated = _take(result, limit)
        body = results.solutions(variables, ([s[v] for v in variables] for s in rows), fmt, truncated)
        return {"ok": True, "media_type": media, "body": body, "truncated": truncated, "count": len(rows)}

    def _capped(self, request: dict, limit: int):
        """The result, and whether it holds at most *limit* + 1 solutions.

        Why: pyoxigraph's own result writers (several times faster than ours) serialize a whole
        result, so the row cap has to be in the query. Appending a LIMIT is valid SPARQL unless the
        query ends with its own LIMIT or a VALUES block; then the query runs as written and is
        capped by its own LIMIT when that is small enough. CONSTRUCT/DESCRIBE run as written
        because their LIMIT counts solutions, not triples."""
        try:
            result = self._query({**request, "query": f"{request['query']}\nLIMIT {limit + 1}"})
        except SyntaxError:
            result = self._query(request)  # a real syntax error is reported against the query as written
            own = _own_limit(request["query"])
            return result, own is not None and own <= limit
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            return result, True
        return self._query(request), False

    def _export(self, request: dict) -> dict:
        """The whole relation (or co-mention) network as GEXF, built by kg.export.network."""
        from kg.export.network import comention_network, relation_network, write_gexf

        build = comention_network if request.get("network") == "comentions" else relation_network
        with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
            path = Path(tmp) / "graph.gexf"
            write_gexf(build(self.reader), path)
            return {"ok": True, "body": path.read_bytes()}

    def select(self, query: str, limit: int = 100_000) -> tuple[list[dict], bool]:
        """Run an internal SELECT: its rows as SPARQL-JSON terms, and whether *limit* cut them.

        This is the ``rows`` function of :mod:`api.graphdata`, run next to the data: a REST view
        that needs several queries costs one round trip to this process, not one per query."""
        result = self._query({"query": query})
        if not isinstance(result, ox.QuerySolutions):
            raise ValueError("internal queries must be SELECT")
        variables = [v.value for v in result.variables]
        rows, truncated = _take(result, limit)
        return [{v: results.term_json(s[v]) for v in variables if s[v] is not None} for s in rows], truncated


_TRAILING_LIMIT = re.compile(r"(?i)(?:\blimit\s+(\d+)(?:\s+offset\s+\d+)?|\boffset\s+\d+\s+limit\s+(\d+))\s*$")


def _own_limit(query: str) -> Optional[int]:
    """The LIMIT a query ends with; None when it has none, or when it might sit in a comment."""
    found = _TRAILING_LIMIT.search(query)
    if found is None or "#" in query[: found.start()].rsplit("\n", 1)[-1]:
        return None
    return int(found.group(1) or found.group(2))


def _take(iterator, limit: int) -> tuple[list, bool]:
    """The first *limit* items and whether there were more."""
    items = []
    for item in iterator:
        if len(items) == limit:
            return items, True
        items.append(item)
    return items, False


def _not_acceptable(form: str, offered: dict) -> dict:
    return {
        "ok": False,
        "kind": "not_acceptable",
        "message": f"no acceptable format for a {form} result; available: {', '.join(offered)}",
    }


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL us if the web process dies, so no orphan keeps a query running."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def main(argv: list[str]) -> int:
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the protocol stream
    inp = sys.stdin.buffer
    session = Session(argv[1], int(argv[2]) if len(argv) > 2 else 0)
    session.warm()
    write_message(out, {"ready": os.getpid()})
    while True:
        header = _read_exact(inp, HEADER)
        if header is None:
            return 0
        payload = _read_exact(inp, int.from_bytes(header, "big"))
        if payload is None:
            return 0
        write_message(out, session.handle(pickle.loads(payload)))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
