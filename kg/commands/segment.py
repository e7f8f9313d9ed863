"""`kg segment`: words by the shipped pkuseg model, one output line per input line."""
from __future__ import annotations

import argparse
import sys

HELP = "segment Chinese text into words (one line in, one space-separated line out)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="input file, one text per line ('-' = stdin)")
    parser.add_argument("--gazetteer", action="store_true",
                        help="keep gazetteer names whole (市委书记, 嵊州市) with the user dictionary extraction uses; "
                             "default: the People's Daily standard the model was trained on (市委 书记)")


def run(args: argparse.Namespace) -> int:
    from kg.nlp import segment
    from kg.nlp.textio import open_input, read_lines

    try:
        stream = open_input(args.file)
    except OSError as err:
        print(f"kg segment: cannot read {args.file}: {err.strerror}", file=sys.stderr)
        return 2
    out = sys.stdout
    with stream:
        for line in read_lines(stream, "kg segment"):
            out.write(" ".join(segment(line, user_dict=args.gazetteer)) + "\n")
    return 0
