"""A cache of whole GET answers, keyed on the store version.

Why it is safe: a published store version is immutable (see
:mod:`kg.graph.store`), so a read-only GET answer is a pure function of the
version, the path, the query string and the two request headers the answer
depends on (Accept chooses the format, Origin the CORS headers). An entry is
only kept when the version read before computing the answer is still current
afterwards, and the whole cache is dropped as soon as the version pointer
moves, so a rebuild is seen by the next request.

Why a WSGI middleware rather than a Flask hook: it stores the answer exactly
as the client gets it, after every ``after_request`` handler (CORS, Vary) ran,
so a cached answer is byte-identical to a computed one, headers included.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

# Only the graph-backed read endpoints; static assets keep their own conditional-request handling.
CACHED_PREFIXES = ("/entities", "/documents", "/stats", "/sparql", "/export.gexf")
_VARYING = ("HTTP_ACCEPT", "HTTP_ORIGIN")


@dataclass(frozen=True)
class Answer:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 64


class AnswerCache:
    """Least-recently-used answers of one store version, bounded in bytes."""

    def __init__(self, max_bytes: int, max_entry_bytes: Optional[int] = None) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_bytes // 8 if max_entry_bytes is None else max_entry_bytes
        self._entries: "OrderedDict[tuple, Answer]" = OrderedDict()
        self._version: Optional[str] = None
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, version: str, key: tuple) -> Optional[Answer]:
        with self._lock:
            self._follow(version)
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, version: str, key: tuple, answer: Answer) -> None:
        if answer.size > self.max_entry_bytes:
            return
        with self._lock:
            self._follow(version)
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = answer
            self._bytes += answer.size
            while self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= evicted.size

    def _follow(self, version: str) -> None:
        """Drop everything when the version changes (caller holds the lock).

        Entries are never compared across versions, so a late writer of an older version
        only costs the newer entries, never serves a stale answer."""
        if version != self._version:
            self._entries.clear()
            self._bytes = 0
            self._version = version

    def __len__(self) -> int:
        return len(self._entries)


class CachingMiddleware:
    """Serves repeated GETs of :data:`CACHED_PREFIXES` from an :class:`AnswerCache`."""

    def __init__(self, app: Callable, cache: AnswerCache, version: Callable[[], Optional[str]]) -> None:
        self.app = app
        self.cache = cache
        self.version = version

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or not path.startswith(CACHED_PREFIXES):
            return self.app(environ, start_response)
        version = self.version()
        if version is None:  # no graph yet, or a remote store that cannot say: never cache
            return self.app(environ, start_response)
        key = (path, environ.get("QUERY_STRING", ""), *(environ.get(h, "") for h in _VARYING))
        answer = self.cache.get(version, key)
        if answer is not None:
            start_response(answer.status, list(answer.headers))
            return [answer.body]
        started: list[Any] = []

        def capture(status: str, headers: list, exc_info: Any = None) -> Callable:
            started[:] = [status, list(headers)]
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        if started and started[0].startswith("200 ") and self.version() == version:
            self.cache.put(version, key, Answer(started[0], tuple(started[1]), body))
        return [body]
