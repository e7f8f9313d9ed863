"""`kg ner`: PERSON / LOCALITY / ORGANIZATION mentions, one JSON object per input line."""
from __future__ import annotations

import argparse
import json
import sys

HELP = "tag persons, localities and organizations (one line in, one JSON object out)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", default="-", help="input file, one text per line ('-' = stdin)")
    parser.add_argument("--batch-size", type=int, default=256, help="lines per NER batch (default 256)")


def run(args: argparse.Namespace) -> int:
    from kg.nlp import load_ner
    from kg.nlp.blas import openblas
    from kg.nlp.textio import each_line

    def tag(lines) -> None:
        nlp = load_ner()
        with openblas(nlp):
            for doc in nlp.pipe(lines, batch_size=max(1, args.batch_size)):
                entities = [{"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
                            for e in doc.ents]
                sys.stdout.write(json.dumps({"text": doc.text, "entities": entities}, ensure_ascii=False) + "\n")

    return each_line(args.file, "kg ner", tag)
