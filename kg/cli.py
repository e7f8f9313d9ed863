"""The `kg` command line: one entry point, one module per subcommand.

Each subcommand lives in ``kg.commands.<name>`` and exposes ``HELP`` (one
line), ``add_arguments(parser)`` and ``run(args) -> int``. Command modules
import their heavy dependencies inside ``run`` so that ``kg --help`` is instant.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Optional, Sequence

# order is the order shown in `kg --help`: the pipeline from text to answers
COMMANDS = ("build", "extract", "serve", "query", "export", "ner", "segment", "train")

DESCRIPTION = """\
Turn Chinese government and party news into a knowledge graph.

Typical use:
  kg build                      build the graph from the bundled seeds/ corpus
  kg serve                      answer SPARQL and entity queries on 127.0.0.1:8000
  kg extract FILES --out p.jsonl  entities and relations per document, as JSON Lines
"""


def _load(name: str):
    try:
        return importlib.import_module(f"kg.commands.{name}")
    except ModuleNotFoundError as err:
        if err.name and err.name.startswith("kg.commands"):
            return None
        raise


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    from kg import __version__

    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _load(name)
        help_text = module.HELP if module else "(not available yet)"
        p = sub.add_parser(name, help=help_text, description=help_text)
        if module:
            module.add_arguments(p)
        p.set_defaults(_module=module, _name=name)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    if args._module is None:
        print(f"kg {args._name}: not available yet in this version", file=sys.stderr)
        return 2
    try:
        return int(args._module.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
