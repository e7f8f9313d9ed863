"""kg export: write the graph as RDF, CSV tables, or a network file for Gephi."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "export the graph: turtle, ntriples, nquads, trig, jsonld, csv, gexf, graphml"
RDF_FORMATS = ("turtle", "ntriples", "nquads", "trig", "jsonld")
NETWORK_FORMATS = ("csv", "gexf", "graphml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", default=None, metavar="DIR",
                        help="graph store directory (default: $KG_STORE or .kg/store)")
    parser.add_argument("--format", required=True, choices=RDF_FORMATS + NETWORK_FORMATS,
                        help="nquads/trig/jsonld keep one graph per document (provenance); turtle/ntriples "
                             "hold the union; csv writes entities.csv and relations.csv into the --out directory")
    parser.add_argument("--out", required=True, metavar="FILE", help="output file (a directory for csv); - for stdout")
    parser.add_argument("--co-mention", action="store_true",
                        help="csv/gexf/graphml: link entities mentioned in the same paragraph instead of by relations")


def run(args: argparse.Namespace) -> int:
    from kg.export import network, tables
    from kg.export.rdf import write_rdf
    from kg.graph.store import StoreError, open_store

    if args.out == "-" and args.format in NETWORK_FORMATS:
        print(f"kg export: --format {args.format} needs a file or directory for --out, not -", file=sys.stderr)
        return 2
    try:
        store = open_store(args.store, read_only=True)
    except StoreError as err:
        print(f"kg export: {err}", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        if args.format in RDF_FORMATS:
            if args.out == "-":
                count = write_rdf(store, args.format, sys.stdout.buffer)
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
                with open(out, "wb") as fh:
                    count = write_rdf(store, args.format, fh)
            print(f"kg export: {count} {'quads' if args.format in ('nquads', 'trig', 'jsonld') else 'triples'}"
                  f" → {args.out}", file=sys.stderr)
            return 0
        graph = network.comention_network(store) if args.co_mention else network.relation_network(store)
        if args.format == "csv":
            written = ", ".join(str(p) for p in tables.write_tables(graph, out))
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            (network.write_gexf if args.format == "gexf" else network.write_graphml)(graph, out)
            written = str(out)
        print(f"kg export: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges → {written}",
              file=sys.stderr)
    except OSError as err:
        print(f"kg export: cannot write {args.out}: {err.strerror or err}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
