"""Train the NER from the committed spaCy config on MSRA, Resume and CLUENER.

The dev split is the last 5% of MSRA (news text, the domain we extract from)
and is never seen in training; the 1,000 MSRA sentences before it are the
tuning split spaCy scores during training (it picks model-best). Everything
else is training data. The corpora are converted to DocBin files
tokenized exactly as the config's tokenizer will tokenize at run time, so a
gold span that does not fall on token boundaries is marked missing rather than
silently moved.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

from kg.nlp import corpora

CONFIGS = Path(__file__).parent / "configs"
SEED = 1234
TUNE_SENTENCES = 1000


def datasets(data_dir: Path) -> tuple[list[corpora.Example], list[corpora.Example], list[corpora.Example]]:
    """(train, tune, dev): dev is the last 5% of MSRA, tune the MSRA sentences just before it."""
    msra_train, tune, msra_dev = msra_splits(data_dir)
    train = msra_train + corpora.read_resume(data_dir) + mask_places(corpora.read_cluener(data_dir))
    random.Random(SEED).shuffle(train)
    return train, tune, msra_dev


def msra_splits(data_dir: Path) -> tuple[list[corpora.Example], list[corpora.Example], list[corpora.Example]]:
    """MSRA alone as (train, tune, dev), in corpus order."""
    msra_train, msra_dev = corpora.split_dev(corpora.read_msra(data_dir))
    return msra_train[:-TUNE_SENTENCES], msra_train[-TUNE_SENTENCES:], msra_dev


def mask_places(examples: list[corpora.Example]) -> list[corpora.Example]:
    """Mark gazetteer places outside any gold span UNKNOWN.

    CLUENER has no place type, so its 中国 and 北京 read as "outside" where
    MSRA tags them LOCALITY; left as they are they teach the model to drop
    the most frequent places of news text (about 600 such conflicts).
    """
    from kg.nlp.baseline import automaton, longest_leftmost, place_words

    places = automaton(place_words())
    out = []
    for text, spans in examples:
        free = [(s, e, corpora.UNKNOWN) for s, e, _ in longest_leftmost(places, text)
                if not any(s < end and start < e for start, end, _ in spans)]
        out.append((text, sorted(spans + free)))
    return out


def to_docbin(nlp, examples: list[corpora.Example]):
    """DocBin of gold docs; UNKNOWN spans and spans off token boundaries are left missing."""
    from spacy.tokens import DocBin

    bin_ = DocBin(store_user_data=False)
    for text, spans in examples:
        doc = nlp.make_doc(text)
        ents, missing = [], []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label if label != corpora.UNKNOWN else "")
            if span is not None and label != corpora.UNKNOWN:
                ents.append(span)
            else:
                loose = doc.char_span(start, end, alignment_mode="expand")
                if loose is not None:
                    missing.append(loose)
        # expanded to whole tokens, a missing span may overlap an entity or another missing one
        kept: list = []
        for m in missing:
            if not any(m.start < o.end and o.start < m.end for o in ents + kept):
                kept.append(m)
        missing = kept
        doc.set_ents(ents, missing=missing, default="outside")
        bin_.add(doc)
    return bin_


def uses_vectors(config: str) -> bool:
    """Whether the config embeds static vectors (trained first, with floret: kg/nlp/train_vectors.py)."""
    from spacy.util import load_config

    cfg = load_config(CONFIGS / config)
    return is_crf(cfg) or "vectors" in cfg["paths"]


def is_crf(cfg) -> bool:
    """A config of the BiLSTM-CRF (kg/nlp/train_crf.py) rather than of a spaCy pipeline."""
    return "nlp" not in cfg


def check_overrides(config: str, overrides: dict) -> None:
    """Raise ValueError naming any override that changes no existing setting of *config*: spaCy's config
    accepts new keys silently, and a misspelt --set would otherwise fail only when the model is built."""
    from spacy.util import load_config

    cfg = load_config(CONFIGS / config)
    for key in overrides:
        section, _, name = key.rpartition(".")
        if section not in cfg or name not in cfg[section]:
            known = ", ".join(f"{s}.{k}" for s in cfg for k in cfg[s] if not isinstance(cfg[s][k], dict))
            raise ValueError(f"{config} has no setting {key} (it has: {known})")


def train(data_dir: Path, out_dir: Path, work_dir: Path, config: str = "ner_char.cfg",
          max_steps: int | None = None, overrides: dict | None = None) -> dict:
    """Convert the corpora, run `spacy train` in-process, ship model-best (by the tune split) as out_dir."""
    import shutil

    import spacy
    from spacy.cli.train import train as spacy_train
    from spacy.util import load_config
    from thinc.api import set_current_ops

    from kg.nlp import blas

    import kg.nlp.components  # noqa: F401  (registers kg_char_bigrams)
    import kg.nlp.vectors  # noqa: F401  (registers the cached floret vectors)

    from kg.nlp import PKUSEG_DIR, USER_DICT

    config_path = CONFIGS / config
    cfg = load_config(config_path, overrides=overrides or {})
    if is_crf(cfg):
        from kg.nlp import train_crf

        return train_crf.train(data_dir, out_dir, work_dir, config, max_epochs=max_steps, overrides=overrides)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": cfg["nlp"]["tokenizer"]}})
    overrides = dict(overrides or {})
    words = cfg["nlp"]["tokenizer"]["segmenter"] == "pkuseg"
    if words:  # the word-level variant: our segmenter and its dictionary, as kg.nlp.load() runs them
        nlp.tokenizer.initialize(pkuseg_model=str(PKUSEG_DIR), pkuseg_user_dict=str(USER_DICT))
        overrides.update({"initialize.tokenizer.pkuseg_model": str(PKUSEG_DIR),
                          "initialize.tokenizer.pkuseg_user_dict": str(USER_DICT)})
    train_set, tune_set, _ = datasets(data_dir)
    work_dir.mkdir(parents=True, exist_ok=True)
    to_docbin(nlp, train_set).to_disk(work_dir / "train.spacy")
    to_docbin(nlp, tune_set).to_disk(work_dir / "tune.spacy")
    overrides.update({"paths.train": str(work_dir / "train.spacy"), "paths.dev": str(work_dir / "tune.spacy")})
    if uses_vectors(config):
        from kg.nlp import train_vectors

        if not (work_dir / "vectors" / "vocab" / "vectors").exists():
            train_vectors.train(data_dir, work_dir / "vectors", work_dir / "vectors-work", train_set)
        overrides["paths.vectors"] = str(work_dir / "vectors")
    if max_steps:
        overrides["training.max_steps"] = max_steps
    started = time.time()
    set_current_ops(blas.fast_ops())  # the models are built on it; see kg/nlp/blas.py
    with blas.one_thread():
        spacy_train(config_path, work_dir / "output", overrides=overrides)
    seconds = time.time() - started
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(work_dir / "output" / "model-best", out_dir)
    if not words:
        prune_strings(out_dir)
    return {"config": config, "seconds": round(seconds, 1), "train_docs": len(train_set),
            "train_chars": sum(len(t) for t, _ in train_set), "tune_docs": len(tune_set)}


def prune_strings(model_dir: Path) -> None:
    """Drop the character-bigram strings from the shipped vocab (about 5 MB).

    The model reads only their hashes, which the bigram component recomputes at
    run time; the strings served display only. Single characters and ASCII
    strings (labels, settings) are kept.
    """
    import srsly

    path = model_dir / "vocab" / "strings.json"
    srsly.write_json(path, [s for s in srsly.read_json(path) if len(s) <= 1 or s.isascii()])
