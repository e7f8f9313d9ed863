"""kg query: answer a SPARQL query from the command line."""
from __future__ import annotations

import argparse
import sys

HELP = "run a SPARQL query against the graph store"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sparql", help="the query text, or @FILE to read it from a file (prefixes kgo:, kg:, "
                                       "skos:, schema:, org:, prov:, geo:, oa:, rdf:, rdfs:, xsd: are predeclared)")
    parser.add_argument("--store", default=None, metavar="DIR",
                        help="graph store directory (default: $KG_STORE or .kg/store)")
    parser.add_argument("--format", choices=("table", "json", "csv", "tsv"), default="table",
                        help="result format (CONSTRUCT/DESCRIBE results are always N-Triples)")


def run(args: argparse.Namespace) -> int:
    from kg.export.results import write_results
    from kg.graph.iris import PREFIXES
    from kg.graph.store import StoreError, open_store

    text = args.sparql
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as fh:
                text = fh.read()
        except OSError as err:
            print(f"kg query: cannot read {text[1:]}: {err.strerror}", file=sys.stderr)
            return 2
    try:
        store = open_store(args.store, read_only=True)
        result = store.query(text, prefixes=PREFIXES)
        write_results(result, sys.stdout, args.format)
    except StoreError as err:
        print(f"kg query: {err}", file=sys.stderr)
        return 1
    except SyntaxError as err:
        print(f"kg query: invalid SPARQL: {str(err).splitlines()[0]}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader of our output (head, less) went away
        return 0
    except OSError as err:
        print(f"kg query: {err}", file=sys.stderr)
        return 1
    return 0
