"""Train the pkuseg word segmenter with spacy-pkuseg's own CRF trainer.

The People's Daily 1998-01 corpus is written out in pkuseg's training format
(one line of space-separated words) with the last 5% of lines held out as the
dev split, which the trainer scores after every iteration. Rare features are
pruned (``feature_trim``) because pkuseg stores one float64 per feature and
tag, and the shipped model has to stay small enough for the repository.
"""
from __future__ import annotations

import os
import random
import time
from pathlib import Path

from kg.nlp import corpora

SEED = 1234  # pkuseg's ADF optimizer shuffles with Python's global random

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


def train(data_dir: Path, out_dir: Path, work_dir: Path, iterations: int = 7,
          feature_trim: int = 2, max_minutes: float | None = None) -> dict:
    """Train with pkuseg's feature extractor and ADF trainer, saving the model after every iteration.

    spacy_pkuseg.train() saves only at the very end; driving its Trainer here
    lets a time budget (`max_minutes`, checked between iterations) stop a run
    on a busy machine and still ship the last finished iteration.
    """
    from spacy_pkuseg.config import config
    from spacy_pkuseg.data import DataSet
    from spacy_pkuseg.feature_extractor import FeatureExtractor
    from spacy_pkuseg.trainer import Trainer

    random.seed(SEED)
    train_file, dev_file = write_split(data_dir, work_dir)
    config.trainFile, config.testFile = str(train_file), str(dev_file)
    config.modelDir = str(out_dir)
    config.featureTrim, config.nThread, config.ttlIter, config.init_model = feature_trim, 1, iterations, None
    config.globalCheck()
    os.makedirs(config.outDir, exist_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    extractor = FeatureExtractor()
    extractor.build(config.trainFile)
    extractor.save()  # into config.modelDir: features.msgpack
    for text_file, conll, feats, idx, gold in (
            (config.trainFile, config.c_train, config.f_train, config.fFeatureTrain, config.fGoldTrain),
            (config.testFile, config.c_test, config.f_test, config.fFeatureTest, config.fGoldTest)):
        extractor.convert_text_file_to_feature_file(text_file, conll, feats)
        extractor.convert_feature_file_to_idx_file(feats, idx, gold)
    trainset = DataSet.load(config.fFeatureTrain, config.fGoldTrain)
    devset = DataSet.load(config.fFeatureTest, config.fGoldTest)
    history = []
    with open(work_dir / "train.log", "w", encoding="utf-8") as log:
        config.swLog = log
        trainer = Trainer(config, trainset, extractor)
        for iteration in range(iterations):
            trainer.train_epoch()
            f1 = trainer.test(devset, iteration)[0]
            trainer.model.save()  # into config.modelDir: weights.npz
            history.append(round(f1, 2))
            print(f"pkuseg iteration {iteration}: dev f-score {f1:.2f}% "
                  f"({time.time() - started:.0f}s)", flush=True)
            if max_minutes and time.time() - started > max_minutes * 60:
                break
    return {"iterations_done": len(history), "dev_f1_by_iteration": history, "feature_trim": feature_trim,
            "features": len(extractor.feature_to_idx), "seconds": round(time.time() - started, 1),
            "train_lines": len(trainset), "dev_lines": len(devset)}


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
