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
    from kg.nlp.textio import each_line

    def cut(lines) -> None:
        for line in lines:
            sys.stdout.write(" ".join(segment(line, user_dict=args.gazetteer)) + "\n")

    return each_line(args.file, "kg segment", cut)
