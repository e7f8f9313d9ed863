"""What every view needs: the settings, the query pool and the search index of this web worker."""
from __future__ import annotations

import gc
import logging
import os
import threading
import time
from functools import cached_property
from pathlib import Path
from typing import Any, Optional, Union

from flask import current_app

from api.errors import QueryFailed
from api.pool import QueryPool
from api.scans import ScanReads, version_handle
from api.search import IndexCache
from api.settings import Settings
from api.worker import VIEWS
from kg.graph.store import POINTER, MemoryMirror, OxigraphStore, StoreError, open_store

_STATUS = {"syntax": 400, "rejected": 400, "not_acceptable": 406}
# views this web worker computes itself, in the request's thread, when pattern scans can answer them, and
# for which arguments: the entity view's rows all come from scans, and so do a 1-hop neighborhood's (a
# deeper one meets frontiers of more than SCAN_NODES nodes, whose hops are SPARQL: one trip to a query
# process for the whole view is cheaper than one per hop); a cap that cuts rows hands over to SPARQL
LOCAL_VIEWS = {"entity": lambda args: True, "neighborhood": lambda args: args.get("depth", 1) <= 1}
log = logging.getLogger(__name__)


class Backend:
    def __init__(self, settings: Settings, pool: QueryPool) -> None:
        self.settings = settings
        self.pool = pool
        self._pointer: Optional[OxigraphStore] = None
        self._mirror: Optional[MemoryMirror] = None
        self._remote = settings.store.startswith(("http://", "https://"))
        self._pointer_file = None if self._remote else Path(settings.store) / POINTER
        # (pointer stamp, what was read under it): the version, and this worker's scans of that version
        self._version_at: Optional[tuple[tuple, Optional[str]]] = None
        self._scans_at: Optional[tuple[tuple, Optional[ScanReads]]] = None

    def raise_for(self, answer: dict) -> None:
        """Turn a query process's error report into the matching HTTP error."""
        if not answer.get("ok"):
            raise QueryFailed(_STATUS.get(answer.get("kind", ""), 500), answer.get("message", "query failed"))

    def rows(self, query: str, limit: int = 100_000, timeout: Optional[float] = None) -> tuple[list[dict], bool]:
        """Run an internal SELECT; rows map variable names to SPARQL-JSON terms."""
        answer = self.pool.call({"op": "rows", "query": query, "limit": limit}, timeout=timeout)
        self.raise_for(answer)
        return answer["rows"], answer["truncated"]

    def view(self, name: str, **args: Any) -> Any:
        """A REST view (see ``api.worker.VIEWS``): computed here by pattern scans when it is one of
        :data:`LOCAL_VIEWS` and the store allows scans, else in a query process (one round trip for
        all its queries).

        Why here: an uncached lookup cost ~3.4 ms of CPU, of which only ~1.4 ms was the view; the
        rest was the trip (pickles, two pipe writes, waking a process and a thread on each side).
        A query process exists because SPARQL cannot be stopped; scans can (``ScanReads.bounded``),
        so the view runs under the same timeout without it."""
        reads = self.local_reads() if name in LOCAL_VIEWS and LOCAL_VIEWS[name](args) else None
        if reads is not None:
            try:
                return VIEWS[name](reads.bounded(time.monotonic() + self.settings.timeout), **args)
            except OSError:  # the version was replaced and pruned under the scans: the query process answers
                log.warning("%s view by scans failed; asking a query process", name, exc_info=True)
        answer = self.pool.call({"op": "view", "name": name, "args": args})
        self.raise_for(answer)
        return answer["value"]

    def local_reads(self) -> Optional[ScanReads]:
        """Pattern scans of the version readers currently see, from this worker's own read-only handle,
        or from its own in-memory copy of that version when the store has at most ``memory_quads``
        quads (scans there cost about a third); None where the query processes must answer: remote
        stores and versions of the older layout (no scans).

        One ScanReads per version, shared by the request threads (its graph facts are per version).
        While the in-memory copy is being made, the disk answers and nothing is kept, so the next
        request looks again."""
        if self._remote:
            return None
        stamp, seen = self._stamp(), self._scans_at
        if stamp is not None and seen is not None and seen[0] == stamp:
            return seen[1]
        try:
            source = self._source()
            settled = not isinstance(source, MemoryMirror) or source.settled()  # before: the copy may land meanwhile
            handle = version_handle(source)
        except StoreError:
            return None  # no graph yet: the query process reports it
        scans = seen[1] if seen is not None else None
        if handle is None:
            scans = None
        elif scans is None or scans.store is not handle:  # a new version (or the first): new per-version memos
            scans = ScanReads(handle, self.rows)
        if stamp is not None and settled:
            self._scans_at = (stamp, scans)
        return scans

    def _source(self) -> Union[OxigraphStore, MemoryMirror]:
        """What the scans read: the on-disk store, or its in-memory mirror when ``memory_quads`` is set."""
        if self._mirror is None and self.settings.memory_quads > 0:
            self._mirror = MemoryMirror(self._store(), self.settings.memory_quads)
        return self._mirror or self._store()

    def _store(self) -> OxigraphStore:
        """This worker's read-only handle on the store (opened on first use; StoreError when there is none)."""
        if self._pointer is None:
            self._pointer = open_store(self.settings.store, read_only=True)
        return self._pointer

    def _stamp(self) -> Optional[tuple]:
        """What tells whether the version pointer moved, without reading it: its file's inode, size and
        times (None for remote stores, or when there is no pointer yet).

        Why: the answer cache asks for the version twice a request and the scans once more, and reading
        the file (open, read, close) cost ~0.1 ms of a ~2.7 ms lookup; a stat costs ~2 µs. It is exact
        because the store publishes by writing a new file and renaming it over the pointer
        (``kg.graph.store._write_pointer``): the new file is another inode than the one it replaces, and
        an inode number met again belongs to a file written a whole build later (other times)."""
        if self._pointer_file is None:
            return None
        try:
            st = os.stat(self._pointer_file)
        except OSError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns

    def version(self) -> Optional[str]:
        """The store version readers currently see (reads the pointer file when it changed, opens no database).
        The stamp is taken before the read: a pointer moved in between is read again next time."""
        stamp, seen = self._stamp(), self._version_at
        if stamp is not None and seen is not None and seen[0] == stamp:
            return seen[1]
        try:
            version = self._store().version
        except StoreError:
            return None
        if stamp is not None:
            self._version_at = (stamp, version)
        return version

    def immutable_version(self) -> Optional[str]:
        """The version, when it names immutable data: only the embedded store's published versions
        are; a remote server's data can change without going through us, so it has none."""
        return None if self._remote else self.version()

    def bulk_rows(self, query: str, limit: int) -> tuple[list[dict], bool]:
        """An internal whole-graph SELECT (search index, export) under the longer export timeout."""
        return self.rows(query, limit, timeout=self.settings.export_timeout)

    @cached_property
    def search_index(self) -> IndexCache:
        return IndexCache(self.bulk_rows, self.version)

    def warm_up(self) -> None:
        """Build the search index (and its pinyin) in the background, so the first search is fast.

        Then the objects alive at that point (the index, the modules) are frozen out of the garbage
        collector: they live as long as the worker, and with them every full collection walked a
        quarter of a million objects (0.2 s at 100k quads), a pause that became the lookups' p99."""

        def build() -> None:
            try:
                self.local_reads()  # open this worker's read-only handle before the first lookup
                self.search_index.get().ensure_pinyin()
            except Exception:  # a cold first search is the only cost; it retries and reports
                log.exception("search index warm-up failed")
            gc.collect()
            gc.freeze()

        threading.Thread(target=build, name="search-warm-up", daemon=True).start()


def backend() -> Backend:
    return current_app.extensions["kg"]
