"""`kg segment`: words by the shipped pkuseg model, one output line per input line."""
from __future__ import annotations

import argparse
import sys

HELP = "segment Chinese text into words (one line in, one space-separated line out)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="input file, one text per line ('-' = stdin)")


def run(args: argparse.Namespace) -> int:
    from kg.nlp import load
    from kg.nlp.textio import open_input, read_lines

    try:
        stream = open_input(args.file)
    except OSError as err:
        print(f"kg segment: cannot read {args.file}: {err.strerror}", file=sys.stderr)
        return 2
    nlp = load()
    out = sys.stdout
    with stream:
        for line in read_lines(stream, "kg segment"):
            doc = nlp.make_doc(line)
            out.write(" ".join(t.text for t in doc if not t.is_space) + "\n")
    return 0
