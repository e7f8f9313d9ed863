"""Train the pkuseg word segmenter with spacy-pkuseg's own CRF trainer.

The People's Daily 1998-01 corpus is written out in pkuseg's training format
(one line of space-separated words) with the last 5% of lines held out as the
dev split, which the trainer scores after every iteration. Rare features are
pruned (``feature_trim``) because pkuseg stores one float64 per feature and
tag, and the shipped model has to stay small enough for the repository.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

from kg.nlp import corpora

MODEL_FILES = ("features.msgpack", "weights.npz")


def write_split(data_dir: Path, work_dir: Path) -> tuple[Path, Path]:
    """Write train.txt and dev.txt (space-separated words) under work_dir."""
    train, dev = corpora.split_dev(corpora.read_pfr(data_dir))
    work_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, lines in (("train.txt", train), ("dev.txt", dev)):
        path = work_dir / name
        path.write_text("".join(" ".join(words) + "\n" for words in lines), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def train(data_dir: Path, out_dir: Path, work_dir: Path, iterations: int = 10,
          feature_trim: int = 2) -> dict:
    """Train, then copy only the two files pkuseg needs at run time into out_dir."""
    import spacy_pkuseg
    from spacy_pkuseg.config import config

    train_file, dev_file = write_split(data_dir, work_dir)
    config.featureTrim = feature_trim
    started = time.time()
    spacy_pkuseg.train(str(train_file), str(dev_file), str(work_dir / "model"), train_iter=iterations)
    seconds = time.time() - started
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        shutil.copyfile(work_dir / "model" / name, out_dir / name)
    return {"iterations": iterations, "feature_trim": feature_trim, "seconds": round(seconds, 1),
            "train_lines": sum(1 for _ in open(train_file, encoding="utf-8")),
            "dev_lines": sum(1 for _ in open(dev_file, encoding="utf-8"))}


def write_user_dict(path: Path) -> int:
    """Ship kg.gazetteer.segmenter_words() as pkuseg's user dictionary (one word a line).

    Written at build time rather than computed at load time, so loading the
    pipeline stays fast and the dictionary in use is visible in the repository.
    """
    from kg.gazetteer import segmenter_words

    words = segmenter_words()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(w + "\n" for w in words), encoding="utf-8")
    return len(words)
