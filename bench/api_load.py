"""The REST API under load: requests per second and tail latency of entity lookups and neighborhoods.

`kg serve --workers 2` on the synthetic graph, hit on 127.0.0.1 by a bounded
load generator: wrk (Debian) when installed, else a Python one (threads with
keep-alive connections, a fixed number of requests each). Requests rotate
over the most connected people, bodies and programs so that caches see a
realistic spread, and in one more row over every entity of the graph, so that
what a server keeps per store version (labels of the neighbours it has described,
names of documents) is measured on a rotation that reaches every corner of the
graph, not only the busiest entities' neighbours. The load generator shares the
2 cores with the server, so the figures are a floor.
"""
from __future__ import annotations

import http.client
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from bench import common
from bench.sparql import prepare


def entity_paths(store: Path, count: int) -> list[str]:
    """URL paths of the *count* most mentioned entities of each kind (quoted for the request line)."""
    from api.ids import entity_id
    from kg.graph.iris import SPARQL_PREFIXES
    from kg.graph.store import open_store

    reader = open_store(store, read_only=True)
    ids = []
    for cls in ("kgo:Person", "kgo:Organization", "kgo:Program"):
        rows = reader.query(SPARQL_PREFIXES + f"SELECT ?e (COUNT(?m) AS ?n) WHERE {{ ?e a {cls} . ?m kgo:mentions ?e }} "
                            f"GROUP BY ?e ORDER BY DESC(?n) LIMIT {count}")
        ids += [entity_id(row["e"].value) for row in rows]
    reader.close()
    return ["/entities/" + quote(i, safe=":") for i in ids if i]


def all_entity_paths(store: Path) -> list[str]:
    """URL paths of every entity of the graph (people, places, bodies, programs), in a fixed shuffled order."""
    from api.graphdata import TYPES
    from api.ids import entity_id
    from kg.graph.store import open_store

    reader = open_store(store, read_only=True)
    classes = ", ".join(f"<{c}>" for c in TYPES.values())
    ids = sorted(filter(None, (entity_id(row["e"].value) for row in reader.query(
        f"SELECT DISTINCT ?e WHERE {{ ?e a ?c FILTER(?c IN ({classes}) && isIRI(?e)) }}"))))
    reader.close()
    random.Random(7).shuffle(ids)  # kinds mixed, the same order every run
    return ["/entities/" + quote(i, safe=":") for i in ids]


def python_load(port: int, paths: list[str], connections: int, per_connection: int, unique: bool = False) -> dict:
    """Bounded: *connections* threads each send *per_connection* requests, then stop.

    *unique* appends a query parameter no request repeats, so every request misses the answer cache;
    it starts with a token of this call, else the next run would send the same URLs and hit the cache."""
    run = f"{time.monotonic_ns():x}"
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(offset: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        for i in range(per_connection):
            start = time.perf_counter()
            path = paths[(offset + i) % len(paths)]
            conn.request("GET", f"{path}?_={run}-{offset}-{i}" if unique else path)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(connections)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {"rps": len(latencies) / elapsed, "p50": common.percentile(latencies, 50),
            "p99": common.percentile(latencies, 99), "requests": len(latencies), "errors": errors[0]}


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}


def wrk_load(port: int, paths: list[str], connections: int, seconds: int, tmp: Path, unique: bool = False) -> dict:
    """wrk for *seconds* with a Lua script rotating over *paths*; its own latency distribution.
    *unique*: as in :func:`python_load`. The parameter is this call's token, wrk's thread number (set
    by ``setup``) and the thread's request count: Lua's unseeded ``math.random`` gives every thread and
    every run the same numbers, so a random suffix repeated URLs across threads and runs."""
    script = tmp / "rotate.lua"
    suffix = (f" .. '?_={time.monotonic_ns():x}-' .. tostring(tid) .. '-' .. tostring(n)" if unique else "")
    script.write_text("local paths = {" + ",".join(f'"{p}"' for p in paths) + "}\nlocal i = 0\nlocal n = 0\n"
                      "local threads = 0\nfunction setup(thread)\n  thread:set('tid', threads)\n"
                      "  threads = threads + 1\nend\n"
                      "request = function()\n  i = i % #paths + 1\n  n = n + 1\n"
                      f"  return wrk.format('GET', paths[i]{suffix})\nend\n")
    # a long --timeout: wrk leaves requests past its timeout out of the latency figures
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "60s", "--latency", "-s", str(script),
                          f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout

    def latency(pct: str) -> float:
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * _UNITS[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency("50"),
            "p99": latency("99"), "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "errors": (int(errors.group(1)) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0)}


def measure(store: Path, quads: int, targets: list, warm: int, setup: str, extra: tuple, args, tool: str,
            seconds: int, per_connection: int, repeat: int, tmp: Path, rss: dict) -> dict:
    """Runs of every target against one `kg serve` (its options *extra*); its peak RSS into *rss*."""
    runs: dict[tuple[str, str], list[dict]] = {(setup, name): [] for name, _, _ in targets}
    port = common.free_port()
    rss[setup] = 0
    with common.server(common.kg_command("serve", "--store", str(store), "--port", str(port), "--workers", "2", *extra),
                       port, "/sparql?" + urlencode({"query": "ASK {}"}), tmp / "kg-serve-load.log") as proc:
        if extra:  # every process copies the graph on its first request: start them all, give them time
            python_load(port, [targets[0][1][0], "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }"})], 8, 4)
            time.sleep(max(2.0, quads / 10_000))
        for name, paths, unique in targets:
            # warm both workers and their caches; on the long rotation only its first 2 x 150 requests,
            # so that its runs still meet entities (and neighbours) the server has not described yet
            python_load(port, paths, 4, 2 * min(len(paths), warm) // 4 + 1)
            for _ in range(repeat):
                result = (wrk_load(port, paths, args.connections, seconds, tmp, unique) if tool == "wrk"
                          else python_load(port, paths, args.connections, per_connection, unique))
                runs[setup, name].append(result)
                rss[setup] = max(rss[setup], common.tree_rss(proc.pid))
                print(f"api_load: {setup}: {name}: {result['rps']:,.0f} req/s, p99 {result['p99'] * 1000:.1f} ms, "
                      f"{result['errors']} errors", file=sys.stderr)
    return runs


def main(argv=None) -> int:
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=None, help="synthetic graph size in triples (default 100000; quick 5000)")
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto",
                        help="load generator (auto: wrk when installed)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections (default 16)")
    args = parser.parse_args(argv)
    repeat = common.repeats(args, 3)
    size = args.size or (5000 if args.quick else 100_000)
    tool = args.tool if args.tool != "auto" else ("wrk" if shutil.which("wrk") else "python")
    seconds, per_connection = (2, 20) if args.quick else (10, 300)
    with common.workdir(args) as tmp:
        made, store, _ = prepare(size, tmp)
        lookups = entity_paths(store, 5 if args.quick else 50)
        everything = all_entity_paths(store)
        neighborhoods = [p + "/neighborhood" for p in lookups]
        # (row label, paths, unique): repeated requests are what the answer cache serves; unique ones
        # (a query parameter no request repeats) always miss it and show the cost of computing an answer
        targets = [("`GET /entities/{id}` (entity lookup), repeated", lookups, False),
                   ("`GET /entities/{id}` (entity lookup), every request a cache miss", lookups, True),
                   (f"`GET /entities/{{id}}` (entity lookup), every request a cache miss, all {len(everything):,} entities",
                    everything, True),
                   ("`GET /entities/{id}/neighborhood` (1-hop), repeated", neighborhoods, False),
                   ("`GET /entities/{id}/neighborhood` (1-hop), every request a cache miss", neighborhoods, True)]
        # the same server reading its store on disk, and copying it into memory (web workers and query
        # processes alike; the copy is made before the first timed request)
        setups = [("on disk", ()), ("in memory (`--memory-quads`)", ("--memory-quads", str(4 * made.quads)))]
        runs: dict[tuple[str, str], list[dict]] = {}
        rss: dict[str, int] = {}
        for setup, extra in setups:
            runs.update(measure(store, made.quads, targets, len(lookups), setup, extra, args, tool, seconds,
                                per_connection, repeat, tmp, rss))
    med = lambda values: sorted(values)[len(values) // 2]  # noqa: E731
    how = (f"wrk, 2 threads, {args.connections} connections, {seconds} s per run" if tool == "wrk" else
           f"Python threads: {args.connections} keep-alive connections × {per_connection} requests per run")
    body = (f"`kg serve --workers 2` (4 threads each) on the synthetic graph of {made.quads:,} quads, reading it on disk "
            f"(the default) and from in-memory copies (`--memory-quads {4 * made.quads}`: each web worker and query "
            f"process holds one); load: {how}; {repeat} run(s) per endpoint, median shown. Requests rotate over "
            f"{len(lookups)} entities (the most mentioned people, bodies and programs), or over all {len(everything):,} "
            "entities of the graph in a fixed shuffled order (places included). Peak RSS of the server (all processes): "
            + ", ".join(f"{setup} {value / 2**20:,.0f} MiB" for setup, value in rss.items())
            + ". Target: ≥ 1,000 lookups/s with p99 < 50 ms.\n\n")
    body += common.table(
        ["store", "endpoint", "requests/s", "spread", "p50 ms", "p99 ms", "requests", "failed (non-200, socket errors)"],
        [[setup, name, common.fmt_rate(med([r["rps"] for r in rs])), common.spread([r["rps"] for r in rs]),
          common.fmt_ms(med([r["p50"] for r in rs])), common.fmt_ms(med([r["p99"] for r in rs])),
          sum(r["requests"] for r in rs), sum(r["errors"] for r in rs)] for (setup, name), rs in runs.items()])
    common.write_section(args.report, "api_load", "API under load",
                         "python -m bench.api_load" + (" --quick" if args.quick else ""), body, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
