"""A small pool of pre-started query processes with real timeouts.

A query that runs past its timeout is stopped by killing its process (the
only way to stop pyoxigraph), and a fresh process takes its place, so a
pathological query costs at most ``timeout`` seconds of one CPU. Processes
are started once and reused: a fork per query would cost more than most
queries do.

A process only takes requests once it has opened the store (its start-up
does not eat into a query's timeout). All processes are spawned by one long-lived thread because Linux delivers
the parent-death signal (which kills orphaned query processes when the web
worker dies) when the *thread* that spawned a child exits.
"""
from __future__ import annotations

import logging
import os
import pickle
import queue
import selectors
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

from api.worker import HEADER

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIMEOUT = 120.0  # seconds a new query process may take to open the store


class QueryTimeout(Exception):
    """The query ran past the timeout and its process was killed."""


class PoolBusy(Exception):
    """Every query process stayed busy for the whole wait."""


class WorkerDied(Exception):
    """The query process exited mid-request (crash or out of memory)."""


class Gone(WorkerDied):
    """The process was dead before it got the request (so the request is safe to retry elsewhere)."""


class QueryProcess:
    """One child running :mod:`api.worker`, spoken to over its stdin/stdout."""

    def __init__(self, store_location: str, memory_quads: int = 0) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "api.worker", store_location, str(memory_quads)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, timeout: float) -> None:
        """Block until the process has opened the store and said so."""
        size = int.from_bytes(self._read(HEADER, time.monotonic() + timeout), "big")
        pickle.loads(self._read(size, time.monotonic() + timeout))

    def request(self, message: dict, timeout: float) -> dict:
        """Send one request and wait at most *timeout* seconds for the whole answer."""
        deadline = time.monotonic() + timeout
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.proc.stdin.write(len(data).to_bytes(HEADER, "big") + data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as err:
            raise Gone(f"query process {self.pid} is gone: {err}") from err
        size = int.from_bytes(self._read(HEADER, deadline), "big")
        return pickle.loads(self._read(size, deadline))

    def _read(self, n: int, deadline: float) -> bytes:
        fd = self.proc.stdout.fileno()
        chunks, remaining = [], n
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while remaining:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    raise QueryTimeout()
                chunk = os.read(fd, min(remaining, 1 << 20))
                if not chunk:
                    raise WorkerDied(f"query process {self.pid} exited with {self.proc.wait()}")
                chunks.append(chunk)
                remaining -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass


class QueryPool:
    """Hands each request to an idle query process; kills and replaces it on timeout."""

    def __init__(self, store_location: str, size: int = 2, timeout: float = 10.0, memory_quads: int = 0) -> None:
        if size < 1:
            raise ValueError("a query pool needs at least one process")
        self.store_location = store_location
        self.memory_quads = memory_quads  # stores up to this size are queried from an in-memory copy
        self.size = size
        self.timeout = timeout
        self._idle: "queue.LifoQueue[QueryProcess]" = queue.LifoQueue()
        self._all: set[QueryProcess] = set()
        self._all_lock = threading.Lock()
        self._to_spawn: "queue.Queue[Optional[int]]" = queue.Queue()
        self._closed = False
        self._spawner = threading.Thread(target=self._spawn_loop, name="query-spawner", daemon=True)
        self._spawner.start()
        for _ in range(size):
            self._to_spawn.put(1)

    def _spawn_loop(self) -> None:
        while self._to_spawn.get() is not None:
            if self._closed:
                return
            try:
                proc = QueryProcess(self.store_location, self.memory_quads)
            except OSError:
                log.exception("cannot start a query process; retrying")
                time.sleep(1)
                self._to_spawn.put(1)
                continue
            try:
                proc.wait_ready(STARTUP_TIMEOUT)
            except (QueryTimeout, WorkerDied) as err:
                log.error("query process %s did not start: %r; retrying", proc.pid, err)
                proc.kill()
                time.sleep(1)
                self._to_spawn.put(1)
                continue
            with self._all_lock:
                self._all.add(proc)
            self._idle.put(proc)

    def call(self, message: dict, timeout: Optional[float] = None) -> dict:
        """Run one request; *timeout* bounds the wait for a free process and the run, each."""
        timeout = self.timeout if timeout is None else timeout
        for _ in range(self.size + 1):
            try:
                proc = self._idle.get(timeout=timeout)
            except queue.Empty:
                raise PoolBusy(f"all {self.size} query processes stayed busy for {timeout:g}s") from None
            try:
                answer = proc.request(message, timeout)
            except Gone:
                self._replace(proc)  # died while idle (e.g. the OOM killer): try another one
                continue
            except BaseException:
                # timed out, died, or interrupted mid-read: its stream is out of step either way
                self._replace(proc)
                raise
            self._idle.put(proc)
            return answer
        raise WorkerDied("every query process died before taking the request")

    def _replace(self, proc: QueryProcess) -> None:
        proc.kill()
        with self._all_lock:
            self._all.discard(proc)
        if not self._closed:
            self._to_spawn.put(1)

    def close(self) -> None:
        """Kill every query process (the web worker is exiting)."""
        self._closed = True
        self._to_spawn.put(None)
        with self._all_lock:
            procs, self._all = list(self._all), set()
        for proc in procs:
            proc.kill()
