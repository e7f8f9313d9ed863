"""What every benchmark shares: statistics, the machine header, report sections, child servers.

Why report *sections*: each script owns one block of BENCHMARKS.md between
markers and rewrites only that block, so scripts can be rerun one at a time
and the document keeps the figures of the last run of each.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Iterator, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "BENCHMARKS.md"
SEEDS = ROOT / "seeds"
PACKAGES = ("kg-zh-gov", "pyoxigraph", "oxigraph", "rdflib", "spacy", "jieba", "flask", "gunicorn")


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every bench script takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes and one repetition: checks the script still works (CI), figures mean nothing")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions per measurement (default: 5, quick: 1)")
    parser.add_argument("--report", type=Path, default=REPORT, help=f"markdown file to update (default: {REPORT.name})")
    parser.add_argument("--workdir", type=Path, default=None, help="scratch directory (default: a temporary one)")
    return parser


def repeats(args: argparse.Namespace, full: int = 5) -> int:
    return args.repeat or (1 if args.quick else full)


@contextlib.contextmanager
def workdir(args: argparse.Namespace) -> Iterator[Path]:
    import tempfile

    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        yield args.workdir
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        yield Path(tmp)


# -- statistics ----------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); nearest rank because latency samples are few."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def spread(values: Sequence[float]) -> str:
    """Median ± half the min-max range in percent: the noise of the shared machine, stated with the figure."""
    med = statistics.median(values)
    if len(values) < 2 or med == 0:
        return "n=1"
    return f"±{50 * (max(values) - min(values)) / med:.0f}% (n={len(values)})"


def fmt_rate(value: float) -> str:
    return f"{value:,.0f}"


def fmt_ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:.1f}" if ms < 100 else f"{ms:,.0f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


# -- the report ----------------------------------------------------------
def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def machine() -> str:
    """One block naming the machine, the software and the moment; absolute figures mean nothing without it."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f", {kib / 2**20:.0f} GiB RAM"
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip() or "-"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    versions = ", ".join(f"{p} {_version(p)}" for p in PACKAGES)
    return (f"- date: {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, commit {commit}\n"
            f"- machine: {cpu}, {os.cpu_count()} cores{mem}, load average as the section was written {load}\n"
            f"- Python {platform.python_version()}; {versions}\n")


def write_section(report: Path, name: str, title: str, command: str, body: str, quick: bool) -> None:
    """Replace the block of *name* in *report* (appended when absent)."""
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    note = "\n> **--quick run: tiny sizes, one repetition; these figures only show the script works.**\n" if quick else ""
    block = (f"{start}\n## {title}\n\nCommand: `{command}`\n\n{machine()}{note}\n{body.strip()}\n{end}")
    import fcntl
    import tempfile

    with open(Path(tempfile.gettempdir()) / f"kg-bench-{report.name}.lock", "a+") as lock:  # scripts may finish at the same moment
        fcntl.flock(lock, fcntl.LOCK_EX)
        text = report.read_text(encoding="utf-8") if report.exists() else "# Benchmarks\n"
        if start in text and end in text:
            head, rest = text.split(start, 1)
            text = head + block + rest.split(end, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        report.write_text(text, encoding="utf-8")
    print(f"wrote section {name!r} of {report}", file=sys.stderr)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# -- inputs --------------------------------------------------------------
def seed_files(quick: bool) -> list[Path]:
    """The seeds; quick mode takes the smallest one only."""
    files = sorted(SEEDS.glob("*.txt"))
    return sorted(files, key=lambda p: p.stat().st_size)[:1] if quick else files


def replicate(files: Sequence[Path], copies: int, dest: Path) -> list[Path]:
    """*copies* of each file, each made distinct by a numbered closing line, so that
    every copy is a new document (documents are keyed by a hash of their text)."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(copies):
        for f in files:
            target = dest / f"{f.stem}_copy{i:03d}.txt"
            text = f.read_text(encoding="utf-8")
            target.write_text(text if i == 0 else f"{text.rstrip()}\n\n（本文第{i}份副本）\n", encoding="utf-8")
            out.append(target)
    return out


# -- child processes -----------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(cmd: Sequence[str], port: int, ready_path: str, log: Path, timeout: float = 180.0) -> Iterator[subprocess.Popen]:
    """A server child in its own process group, ready when *ready_path* answers 200; stopped on exit."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", ready_path)
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{' '.join(cmd)} not ready after {timeout:.0f}s; log {log}")
            time.sleep(0.3)
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (gunicorn master, workers, query processes)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


# Linux carries a process's peak RSS over fork and exec, so a command started by this process (big
# after a benchmark's own work) reports at least our peak: 908 MiB at every size once. A small
# launcher in between starts the command, so the figure it reads from wait4 is the command's own.
_LAUNCHER = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[2:]); _, status, usage = os.wait4(p.pid, 0); "
             "open(sys.argv[1], 'w').write(str(usage.ru_maxrss)); sys.exit(os.waitstatus_to_exitcode(status))")


def run_peak_rss(cmd: Sequence[str], log: Optional[Path] = None) -> tuple[float, int, int]:
    """(wall seconds, exit status, peak RSS in bytes of the largest process) of a child command, from wait4."""
    import tempfile

    start = time.perf_counter()
    out = open(log, "wb") if log else subprocess.DEVNULL
    with tempfile.NamedTemporaryFile("r", suffix=".maxrss") as figure:
        try:
            status = subprocess.call([sys.executable, "-c", _LAUNCHER, figure.name, *cmd], stdout=out,
                                     stderr=subprocess.STDOUT, cwd=ROOT)
        finally:
            if log:
                out.close()
        kib = int(figure.read() or 0)
    return time.perf_counter() - start, status, kib * 1024


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *args]
