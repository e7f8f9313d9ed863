"""`kg serve`: the SPARQL endpoint and entity API under gunicorn."""
from __future__ import annotations

import argparse
import os
import sys

HELP = "serve the SPARQL 1.1 endpoint and entity REST API (gunicorn, 127.0.0.1:8000)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=None,
                        help="graph store directory or SPARQL 1.1 server URL (default: $KG_STORE or .kg/store)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default: 2)")
    parser.add_argument("--threads", type=int, default=4, help="request threads per worker (default: 4)")
    parser.add_argument("--query-processes", type=int, default=2,
                        help="pre-started query processes per worker (default: 2)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds a query may run before it is stopped (default: 10)")
    parser.add_argument("--export-timeout", type=float, default=120.0,
                        help="seconds a whole-graph export (/export.gexf) may run (default: 120)")
    parser.add_argument("--row-limit", type=int, default=10_000,
                        help="most rows or triples in one SPARQL answer (default: 10000)")
    parser.add_argument("--neighborhood-limit", type=int, default=300,
                        help="most nodes in one neighborhood answer (default: 300)")
    parser.add_argument("--update-token", default=None,
                        help="allow SPARQL Update for requests with 'Authorization: Bearer TOKEN' "
                             "(default: $KG_UPDATE_TOKEN; unset = read-only)")
    parser.add_argument("--memory-quads", type=int, default=0,
                        help="answer from in-memory copies of graphs of at most this many quads: faster lookups and "
                             "queries, for ~0.8 KiB of RAM per quad in every worker and query process (default 0: never)")
    parser.add_argument("--access-log", action="store_true", help="log every request to stdout")


def run(args: argparse.Namespace) -> int:
    from api.server import serve
    from api.settings import Settings
    from kg.graph.store import DEFAULT_STORE, StoreError, open_store

    location = str(args.store or DEFAULT_STORE)
    for name in ("port", "workers", "threads", "query_processes", "row_limit", "neighborhood_limit"):
        if getattr(args, name) < 1:
            print(f"kg serve: --{name.replace('_', '-')} must be at least 1", file=sys.stderr)
            return 2
    if args.timeout <= 0 or args.export_timeout <= 0:
        print("kg serve: --timeout and --export-timeout must be positive", file=sys.stderr)
        return 2
    try:
        open_store(location, read_only=True).close()
    except StoreError as err:
        print(f"kg serve: {err}", file=sys.stderr)
        return 2
    settings = Settings(
        store=location,
        timeout=args.timeout,
        row_limit=args.row_limit,
        query_processes=args.query_processes,
        update_token=args.update_token or os.environ.get("KG_UPDATE_TOKEN") or None,
        neighborhood_limit=args.neighborhood_limit,
        export_timeout=args.export_timeout,
        memory_quads=max(0, args.memory_quads),
    )
    print(f"kg serve: http://{args.host}:{args.port}/ (docs at /docs, SPARQL at /sparql), store {location}",
          file=sys.stderr)
    serve(settings, host=args.host, port=args.port, workers=args.workers, threads=args.threads,
          access_log=args.access_log)
    return 0
