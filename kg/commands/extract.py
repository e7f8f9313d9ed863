"""`kg extract`: entities and relations per document, as prediction JSON Lines."""
from __future__ import annotations

import argparse
import json
import sys

HELP = "extract entities and relations from documents into JSON Lines (one object per document)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="text files or folders of .txt files")
    parser.add_argument("--out", "-o", metavar="FILE", help="write here instead of standard output")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    add_ner_argument(parser)


def add_ner_argument(parser: argparse.ArgumentParser) -> None:
    """--ner, shared with `kg build`."""
    parser.add_argument("--ner", choices=("cued", "all", "off"), default="cued",
                        help="where the trained NER looks for untitled names: sentences where a person is "
                             "talked about (cued, default, ~5x faster), every sentence (all: better recall on "
                             "lists of names), or nowhere (off: rules only)")


def run(args: argparse.Namespace) -> int:
    from functools import partial

    from tqdm import tqdm

    from kg.extract import extract_document
    from kg.extract.guard import Guarded
    from kg.read import expand_paths, iter_documents

    paths = expand_paths(args.paths)
    failed: list[str] = []

    def on_error(path, message: str) -> None:
        failed.append(str(path))
        tqdm.write(f"kg extract: {message}", file=sys.stderr)

    out = open(args.out, "w", encoding="utf-8") if args.out else sys.stdout
    count = 0
    extract = Guarded(partial(extract_document, ner=args.ner))
    try:
        docs = iter_documents(paths, on_error=on_error)
        for doc in tqdm(docs, total=len(paths), unit="doc", disable=args.quiet or not sys.stderr.isatty(),
                        file=sys.stderr):
            doc, result = extract(doc)
            if isinstance(result, str):
                on_error(doc.source, f"{result} (a bug: the other documents go on; please report it with the file)")
                continue
            out.write(json.dumps(result.to_prediction(), ensure_ascii=False) + "\n")
            count += 1
    finally:
        if args.out:
            out.close()
    print(f"kg extract: {count} document(s) extracted" + (f", {len(failed)} failed" if failed else ""),
          file=sys.stderr)
    return 1 if failed and not count else 0
