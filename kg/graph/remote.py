"""The graph store on any SPARQL 1.1 server, over HTTP.

Why: a billion triples outgrow one embedded RocksDB, and users already run
Fuseki, Virtuoso, GraphDB, QLever or Oxigraph server. This backend speaks only
the standards (SPARQL 1.1 Protocol for query and update, the Graph Store
Protocol for loading), so the build, the exports and the API work unchanged.

Layout on the server, mirroring :mod:`kg.graph.store`:

* each document's facts live in its named graph;
* the server's *default graph* holds the deduplicated union of all named
  graphs (and nothing else: facts written only to the default graph by an
  update are removed when the union is reconciled) (the role :data:`~kg.graph.store.UNION_GRAPH` plays in the embedded
  store), so a query without a dataset sees each fact once, however many
  documents state it, and with no server-specific "union default graph" flag;
* :data:`META_GRAPH` holds one triple, the version, changed by every write so
  that readers (the API's search index) know when to refresh.

Loading is batched: graph replacements are buffered and sent as N-Quads
chunks (each triple twice: in its graph and in the default graph, sets
deduplicate) in one POST to the Graph Store endpoint, after one update that
drops the graphs being replaced and takes from the union the facts no other
graph states (so the union is maintained incrementally; only an arbitrary
SPARQL update makes it recompute everything).

Endpoints are the base URL plus ``query``, ``update`` and ``store`` (Oxigraph
server's paths); for Fuseki's ``/ds`` set ``KG_SPARQL_STORE_PATH=data``. Our
API stops a query at its timeout by killing the process that waits for the
answer; give the server its own timeout (``oxigraph serve --timeout-s``,
Fuseki's ``arq:queryTimeout``) so the abandoned query stops there too. Unlike the embedded store a build is not
all-or-nothing: servers offer no transaction across requests.
"""
from __future__ import annotations

import contextlib
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Iterable, Iterator, Optional, Sequence

import pyoxigraph as ox

from kg.graph.store import QueryResult, StoreError, WritesThroughTransactions

META_GRAPH = "urn:kg:meta"  # reserved: the version triple
_VERSION = "urn:kg:version"
# SPARQL results for solutions, N-Triples for graphs; servers pick what fits the query form
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_RESERVED = f"FILTER (?g != <{META_GRAPH}>)"


class _Http:
    """The three endpoints of one server. Paths default to Oxigraph server's; Fuseki uses query/update/data."""

    def __init__(self, base: str, timeout: float) -> None:
        base = base.rstrip("/")
        self.query_url = base + "/" + os.environ.get("KG_SPARQL_QUERY_PATH", "query")
        self.update_url = base + "/" + os.environ.get("KG_SPARQL_UPDATE_PATH", "update")
        self.store_url = base + "/" + os.environ.get("KG_SPARQL_STORE_PATH", "store")
        self.timeout = timeout

    def send(self, url: str, body: bytes, content_type: str, accept: str = "*/*") -> IO[bytes]:
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": content_type, "Accept": accept})
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as err:
            message = err.read().decode("utf-8", "replace").strip().splitlines()
            text = f"{url} answered {err.code}: {message[0] if message else err.reason}"
            if err.code == 400:
                raise SyntaxError(text) from None  # like pyoxigraph: the caller maps it to a 400
            raise StoreError(text) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise StoreError(f"cannot reach the SPARQL server at {url}: {reason}") from None


def _dataset_url(url: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]) -> str:
    params = [("default-graph-uri", g) for g in default_graph_uris]
    params += [("named-graph-uri", g) for g in named_graph_uris]
    return url + ("?" + urllib.parse.urlencode(params) if params else "")


class RemoteTriples:
    """The triples of a CONSTRUCT or DESCRIBE, parsed as they arrive.

    Why not pyoxigraph's QueryTriples: it cannot be built from outside, and
    collecting a whole answer first would defeat the API's row limit.
    """

    def __init__(self, response: IO[bytes]) -> None:
        self._response = response
        self._quads = ox.parse(response, ox.RdfFormat.N_TRIPLES)

    def __iter__(self) -> Iterator[ox.Triple]:
        return self

    def __next__(self) -> ox.Triple:
        try:
            q = next(self._quads)
        except StopIteration:
            self._response.close()
            raise
        return ox.Triple(q.subject, q.predicate, q.object)


def _prologue(prefixes: Optional[dict[str, str]]) -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in (prefixes or {}).items())


def _union_rebuild() -> str:
    """Reconcile the union with the named graphs after an arbitrary update (reads all, writes only the change)."""
    return (f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_RESERVED} FILTER NOT EXISTS {{ ?s ?p ?o }} }} ; "
            f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} {_RESERVED} }} }}")


def _discard_and_drop(graph_iris: Iterable[str]) -> str:
    """Drop graphs, and take their facts out of the union unless another graph still states them."""
    return " ; ".join(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} FILTER NOT EXISTS {{ "
        f"GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != <{g}> && ?h != <{META_GRAPH}>) }} }} ; DROP SILENT GRAPH <{g}>"
        for g in graph_iris
    )


def _version_bump() -> str:
    stamp = f"{time.time_ns():x}"
    return (f"DROP SILENT GRAPH <{META_GRAPH}> ; "
            f'INSERT DATA {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{_VERSION}> "{stamp}" }} }}')


class RemoteTransaction:
    """Buffered writes to the server; :meth:`flush` sends them, the owning store publishes the version.

    Queries flush first, so a build sees its own changes as it does with the embedded store.
    """

    def __init__(self, store: "RemoteStore") -> None:
        self._store = store
        self._graphs: dict[str, set[ox.Triple]] = {}
        self._buffered = 0
        self._union_stale = False  # an arbitrary update ran: the union must be recomputed

    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (),
              named_graph_uris: Sequence[str] = ()) -> QueryResult:
        self.flush()
        return self._store.query(sparql, default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris)

    def update(self, sparql: str) -> None:
        self.flush()
        self._store._post_update(sparql)
        self._union_stale = True

    def replace_graph(self, graph_iri: str, triples: Iterable[ox.Triple]) -> None:
        _writable(graph_iri)
        new = set(triples)
        self._graphs[graph_iri] = new
        self._buffered += len(new)
        if self._buffered >= self._store.batch_triples:
            self.flush()

    def remove_graph(self, graph_iri: str) -> None:
        _writable(graph_iri)
        self.flush()
        self._store._post_update(_discard_and_drop([graph_iri]))

    def flush(self) -> None:
        """Send buffered graphs: one update dropping those that exist, one N-Quads POST adding them all."""
        if not self._graphs:
            return
        graphs, self._graphs, self._buffered = self._graphs, {}, 0
        existing = self._store._existing(list(graphs))
        if existing:
            self._store._post_update(_discard_and_drop(sorted(existing)))
        empty = [g for g, triples in graphs.items() if not triples]
        if empty:
            self._store._post_update(" ; ".join(f"CREATE SILENT GRAPH <{g}>" for g in empty))
        quads = []
        for graph_iri, triples in graphs.items():
            graph = ox.NamedNode(graph_iri)
            for t in triples:
                quads.append(ox.Quad(t.subject, t.predicate, t.object, graph))
                quads.append(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
        if quads:
            body = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            self._store._http.send(self._store._http.store_url, body, "application/n-quads").close()

    def finish(self) -> None:
        """Flush, recompute the union after arbitrary updates, and move the version."""
        self.flush()
        self._store._post_update((_union_rebuild() + " ; " if self._union_stale else "") + _version_bump())

    def graph_iris(self) -> list[str]:
        self.flush()
        return self._store.graph_iris()

    def __len__(self) -> int:
        self.flush()
        return len(self._store)


def _writable(graph_iri: str) -> None:
    if graph_iri == META_GRAPH:
        raise StoreError(f"{META_GRAPH} is maintained by the store and cannot be written")


class RemoteStore(WritesThroughTransactions):
    """A SPARQL 1.1 server as graph store; *location* is its base URL (e.g. http://127.0.0.1:7878)."""

    def __init__(self, location: str, *, read_only: bool = False, timeout: float = 600.0,
                 batch_triples: int = 50_000) -> None:
        self.location = location
        self.read_only = read_only
        self.batch_triples = batch_triples
        self._http = _Http(location, timeout)
        if read_only:
            self.version  # fail now, with one line, if the server is not there

    # -- reading -----------------------------------------------------------
    def query(self, sparql: str, *, default_graph_uris: Sequence[str] = (), named_graph_uris: Sequence[str] = (),
              prefixes: Optional[dict[str, str]] = None) -> QueryResult:
        """Forward a query; without a dataset the default graph is the union, as in the embedded store."""
        url = _dataset_url(self._http.query_url, default_graph_uris, named_graph_uris)
        response = self._http.send(url, (_prologue(prefixes) + sparql).encode("utf-8"),
                                   "application/sparql-query", _ACCEPT)
        media = response.headers.get_content_type()
        if media == "application/sparql-results+json":
            return ox.parse_query_results(response, ox.QueryResultsFormat.JSON)
        if media in ("application/n-triples", "text/plain"):
            return RemoteTriples(response)  # type: ignore[return-value]
        response.close()
        raise StoreError(f"{self.location} answered with unexpected media type {media}")

    def _select(self, sparql: str) -> list[dict]:
        """Rows of an internal SELECT as {variable: term value}."""
        return [{v.value: s[v].value for v in rows.variables if s[v] is not None}
                for rows in [self.query(sparql)] for s in rows]

    @property
    def version(self) -> Optional[str]:
        rows = self._select(f"SELECT ?v WHERE {{ GRAPH <{META_GRAPH}> {{ <{META_GRAPH}> <{_VERSION}> ?v }} }}")
        return rows[0]["v"] if rows else None

    def graph_iris(self) -> list[str]:
        rows = self._select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ }} {_RESERVED} }}")
        return sorted(r["g"] for r in rows if "g" in r)

    def _existing(self, graph_iris: Sequence[str]) -> set[str]:
        values = " ".join(f"<{g}>" for g in graph_iris)
        rows = self._select(f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ }} }} }}")
        return {r["g"] for r in rows}

    def __len__(self) -> int:
        """Quads in the named graphs (the union and the version are bookkeeping)."""
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_RESERVED} }}")
        return int(rows[0]["n"])

    def quads(self, graph_iri: Optional[str] = None) -> Iterator[ox.Quad]:
        """All quads of the named graphs (or of one), for exports; streamed from one SELECT."""
        if graph_iri:
            where = f"VALUES ?g {{ <{graph_iri}> }} GRAPH ?g {{ ?s ?p ?o }}"
        else:
            where = f"GRAPH ?g {{ ?s ?p ?o }} {_RESERVED}"
        for row in self.query(f"SELECT ?g ?s ?p ?o WHERE {{ {where} }}"):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    # -- writing -----------------------------------------------------------
    def _post_update(self, sparql: str) -> None:
        if self.read_only:
            raise StoreError(f"graph at {self.location} is open read-only")
        self._http.send(self._http.update_url, sparql.encode("utf-8"), "application/sparql-update").close()

    def update(self, sparql: str) -> None:
        """Run a SPARQL update, then recompute the union and the version in the same request."""
        body = sparql.rstrip().rstrip(";")
        self._post_update(f"{body} ;\n{_union_rebuild()} ; {_version_bump()}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[RemoteTransaction]:
        """Buffered writes, flushed in batches; on failure the buffer is dropped but sent batches stay."""
        if self.read_only:
            raise StoreError(f"graph at {self.location} is open read-only")
        tx = RemoteTransaction(self)
        yield tx
        tx.finish()

    def close(self) -> None:
        """Nothing to release: every request is its own connection."""

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

