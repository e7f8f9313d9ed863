"""Real servers for the API tests: `kg serve` (gunicorn) as a child process on a free port.

Shared by test_api_*.py and test_sparql_*.py through plain imports and
process-wide caches, so the seed graph is built once and one server answers
all read-only tests of a run.
"""
from __future__ import annotations

import atexit
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TIMEOUT = 8.0  # the test servers' query timeout, seconds (generous: CI machines are shared)
ROW_LIMIT = 1000
NEIGHBORHOOD_LIMIT = 40
TOKEN = "test-update-token"


def _tempdir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, path, True)
    return path


def build_store(paths: list[Path], location: Path) -> Path:
    from kg.graph.build import build

    summary = build(paths, location, progress=False)
    assert not summary.errors, summary.errors
    return location


@functools.lru_cache(maxsize=None)
def seed_store() -> Path:
    """The five bundled seeds, built once per test run with the real pipeline."""
    return build_store(sorted(SEEDS.glob("*.txt")), _tempdir("kg-api-seeds-") / "store")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`python -m kg serve ...` on 127.0.0.1, stopped with SIGTERM like any gunicorn."""

    def __init__(self, store: Path, *extra: str, env: Optional[dict] = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = _tempdir("kg-api-log-") / "serve.log"
        command = [
            sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(self.port),
            "--timeout", str(TIMEOUT), "--row-limit", str(ROW_LIMIT), "--workers", "2", "--threads", "8",
            "--query-processes", "2", "--neighborhood-limit", str(NEIGHBORHOOD_LIMIT), *extra,
        ]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                                         env={**os.environ, **(env or {})})
        self._wait_ready()

    def _wait_ready(self) -> None:
        for _ in range(600):
            if self.proc.poll() is not None:
                raise RuntimeError(f"kg serve exited with {self.proc.returncode}:\n{self.log.read_text()}")
            try:
                if requests.get(self.url + "/openapi.json", timeout=5).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):  # not listening yet, or a loaded machine
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kg serve did not answer:\n{self.log.read_text()}")

    def query_processes(self) -> list[psutil.Process]:
        """The live query processes (children of the gunicorn workers running api.worker)."""
        out = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if "api.worker" in child.cmdline():
                    out.append(child)
            except psutil.NoSuchProcess:
                continue
        return out

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server and every process under it."""
        total = 0.0
        for proc in [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(recursive=True)]:
            try:
                times = proc.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                continue
        return total

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@functools.lru_cache(maxsize=None)
def seed_server() -> Server:
    """One read-only server over the seed graph for the whole run."""
    server = Server(seed_store())
    atexit.register(server.stop)
    return server


def sparql_json(url: str, query: str) -> list[dict]:
    """Bindings of a SELECT as {var: value} dicts, via a plain GET."""
    response = requests.get(url + "/sparql", params={"query": query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30)
    response.raise_for_status()
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


PREFIXES = """PREFIX kgo: <https://kg-zh-gov.example/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
"""
