"""`kg train`: rebuild the shipped models in kg/models from the corpora in ../shared/data."""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HELP = "retrain the segmenter / NER from ../shared/data, or measure them (eval)"
TARGETS = ("segmenter", "userdict", "ner", "ensemble", "eval")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=TARGETS,
                        help="segmenter: pkuseg model + user dictionary; userdict: the dictionary only; "
                             "ner: the NER pipeline; ensemble: one NER from several trained ones (the shipped NER "
                             "is three); eval: print held-out scores and speeds as JSON")
    parser.add_argument("members", nargs="*", type=Path, metavar="DIR",
                        help="ensemble: the NER directories to combine (each from kg train ner --out DIR)")
    parser.add_argument("--data", type=Path, default=None,
                        help="corpus directory (default: ../shared/data next to the repository)")
    parser.add_argument("--work", type=Path, default=None,
                        help="scratch directory for converted data and checkpoints (default: .kg/train)")
    parser.add_argument("--iterations", type=int, default=7, help="pkuseg training iterations (default 7)")
    parser.add_argument("--feature-trim", type=int, default=2,
                        help="drop pkuseg features seen this many times or fewer (default 2)")
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="pkuseg: stop after the iteration that passes this budget (default: none)")
    parser.add_argument("--max-steps", type=int, default=None,
                        help="NER training length: epochs for the BiLSTM-CRF, steps for the spaCy variants "
                             "(default: the committed config's)")
    parser.add_argument("--config", default="ner_crf.cfg",
                        help="NER config in kg/nlp/configs: ner_crf.cfg (the BiLSTM-CRF) ships; ner_char.cfg and "
                             "ner_word.cfg are spaCy's ner on characters and on pkuseg words, measured in MODELS.md")
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="NER: change one setting of the config for this run, e.g. --set model.word_width=32 "
                             "(repeatable; VALUE is read as JSON, else as a string)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the trained NER goes (default: kg/models/ner, the shipped model)")


def run(args: argparse.Namespace) -> int:
    from kg import nlp
    from kg.nlp import corpora

    data = args.data or corpora.default_data_dir()
    work = args.work or Path(nlp.MODELS).parents[1] / ".kg" / "train"
    if args.target == "ensemble":
        return _ensemble(args.members, args.out or nlp.NER_DIR)
    if args.members:
        print(f"kg train {args.target}: unexpected arguments {' '.join(map(str, args.members))} "
              "(only kg train ensemble takes directories)", file=sys.stderr)
        return 2
    if args.target != "userdict" and not data.is_dir():
        print(f"kg train: data directory not found: {data} (pass --data)", file=sys.stderr)
        return 2
    if args.target in ("segmenter", "userdict"):
        from kg.nlp import train_segmenter

        report = {"user_dict_words": train_segmenter.write_user_dict(nlp.USER_DICT)}
        if args.target == "segmenter":
            report.update(train_segmenter.train(data, nlp.PKUSEG_DIR, work / "segmenter",
                                                iterations=args.iterations, feature_trim=args.feature_trim,
                                                max_minutes=args.max_minutes))
    elif args.target == "ner":
        from kg.nlp import train_ner

        try:
            overrides = _overrides(args.overrides)
            train_ner.check_overrides(args.config, overrides)
        except ValueError as error:
            print(f"kg train ner: {error}", file=sys.stderr)
            return 2
        if train_ner.uses_vectors(args.config) and importlib.util.find_spec("floret") is None:
            print(f"kg train ner: {args.config} trains static vectors with floret: pip install -e '.[train]'",
                  file=sys.stderr)
            return 2
        report = train_ner.train(data, args.out or nlp.NER_DIR, work / "ner", config=args.config,
                                 max_steps=args.max_steps, overrides=overrides)
    else:
        from kg.nlp import evaluate

        report = {"segmenter": evaluate.evaluate_segmenter(data), "ner": evaluate.evaluate_ner(data)}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def _ensemble(members: list[Path], out: Path) -> int:
    from kg.nlp import crf_ner, train_crf

    missing = [str(m) for m in members if not (m / crf_ner.NAME / "settings.json").is_file()]
    if len(members) < 2 or missing:
        problem = f"not a trained NER directory: {', '.join(missing)}" if missing else "needs two or more directories"
        print(f"kg train ensemble: {problem} (each from kg train ner --out DIR)", file=sys.stderr)
        return 2
    try:
        report = train_crf.assemble(members, out)
    except ValueError as error:
        print(f"kg train ensemble: {error}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def _overrides(items: list[str]) -> dict:
    """--set SECTION.KEY=VALUE options as spaCy config overrides; values are JSON where they parse (32, 0.4,
    true), strings otherwise."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or "." not in key.strip(".") or not value:
            raise ValueError(f"--set {item!r}: expected SECTION.KEY=VALUE, e.g. --set model.word_width=32")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out
