"""kg build: read documents, extract, and publish them into the graph store."""
from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from kg.commands.extract import add_ner_argument

HELP = "build or update the knowledge graph from text files (default: seeds/)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["seeds"], metavar="PATH",
                        help="files or directories of *.txt (default: seeds/)")
    parser.add_argument("--store", default=None, metavar="DIR",
                        help="graph store directory or SPARQL server URL (default: $KG_STORE or .kg/store)")
    parser.add_argument("--force", action="store_true",
                        help="re-extract documents whose graph is already present (after an extractor change)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--engine", choices=("local", "processes", "dask"), default="local",
                        help="where extraction runs: this process, all local cores, or a Dask cluster")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="Dask scheduler (tcp://host:8786); without it --engine dask starts a local cluster")
    parser.add_argument("--workers", type=int, default=None, help="local processes or workers (default: cores)")
    add_ner_argument(parser)


def run(args: argparse.Namespace) -> int:
    from kg.extract import extract_document
    from kg.graph.build import build
    from kg.graph.engines import open_engine
    from kg.graph.store import StoreError

    missing = [p for p in args.paths if not Path(p).exists()]
    for path in missing:
        print(f"kg build: {path}: no such file or directory", file=sys.stderr)
    paths = [p for p in args.paths if p not in missing]
    if not paths:
        return 2
    try:
        with open_engine(args.engine, scheduler=args.scheduler, workers=args.workers) as mapper:
            summary = build(paths, args.store, progress=not args.quiet, force=args.force, mapper=mapper,
                            extract=partial(extract_document, ner=args.ner))
    except (StoreError, ValueError, OSError) as err:
        print(f"kg build: {err}", file=sys.stderr)
        return 1
    for line in summary.errors:
        print(f"kg build: {line}", file=sys.stderr)
    print("\n".join(summary.lines()))
    return 1 if missing or summary.failed else 0
