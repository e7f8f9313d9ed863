"""Train the shipped NER, the BiLSTM-CRF of kg/nlp/crf_ner.py, from kg/nlp/configs/ner_crf.cfg.

Same data and splits as the spaCy variant (train_ner.datasets): MSRA without
its last 5% (dev) and the 1,000 sentences before it (tune), plus Resume and
CLUENER. The tune split picks the epoch that ships; dev is never seen.
"""
from __future__ import annotations

import copy
import random
import sys
import time
from collections import Counter
from pathlib import Path

import numpy

from kg.nlp import corpora, crf_ner
from kg.nlp.evaluate import span_scores


def lexicon_words(min_freq: int, max_length: int) -> dict[str, tuple[str, ...]]:
    """The softword lexicon, word → its types: jieba's dictionary words of frequency >= min_freq, typed
    by their part of speech (nr* person, ns place, nt organization, else word), and the gazetteer's places."""
    from kg.gazetteer.lexicon import word_list
    from kg.nlp.baseline import place_words

    def fold(word: str) -> str:
        return "".join(crf_ner._norm(c) for c in word)

    words: dict[str, set[str]] = {}
    for word, (freq, pos) in word_list().items():
        if freq >= min_freq and 2 <= len(word) <= max_length:
            kind = "person" if pos.startswith("nr") else {"ns": "place", "nt": "organization"}.get(pos, "word")
            words.setdefault(fold(word), set()).add(kind)
    for word in place_words():
        if 2 <= len(word) <= max_length:
            words.setdefault(fold(word), set()).add("place")
    return {w: tuple(sorted(kinds)) for w, kinds in sorted(words.items())}


def peoples_daily(data_dir: Path, held_out: list[corpora.Example]) -> list[corpora.Example]:
    """People's Daily 1998-01 as NER training text: its tagged names, its function words outside, its
    other words unknown (corpora.pfr_entities, loose).

    Its last 5% is the segmenter's dev split and stays out. MSRA is news of the same years, so a
    line that shares a 15-character stretch with a held-out MSRA sentence is dropped too (2 of
    the 2,226 dev sentences of 15 or more characters start with a stretch found in it)."""
    import ahocorasick_rs

    train, _ = corpora.split_dev(corpora.read_pfr_entities(data_dir, loose=True))
    stretches = sorted({text[i:i + 15] for text, _ in held_out for i in range(0, len(text) - 14, 15)})
    seen = ahocorasick_rs.AhoCorasick(stretches)
    return [example for example in train if not seen.find_matches_as_indexes(example[0])]


def _floret(vectors_dir: Path) -> tuple[numpy.ndarray, dict]:
    """The floret table trained by train_vectors, and its hashing settings."""
    import spacy

    vectors = spacy.load(vectors_dir).vocab.vectors
    hashing = {"minn": vectors.minn, "maxn": vectors.maxn, "hash_count": vectors.hash_count,
               "hash_seed": vectors.hash_seed, "bow": vectors.bow, "eow": vectors.eow, "rows": vectors.shape[0]}
    return numpy.asarray(vectors.data, dtype="float32"), hashing


def train(data_dir: Path, out_dir: Path, work_dir: Path, config: str, max_epochs: int | None = None,
          overrides: dict | None = None) -> dict:
    """Train, keep the epoch with the best tune F1, and save it as a spaCy pipeline in *out_dir*.

    *overrides* ({"model.word_width": 32}) change settings of the committed config for one run, so that a
    variant is measured without a second copy of the config."""
    import torch
    from spacy.util import load_config

    from kg.nlp import train_ner, train_vectors

    cfg = load_config(train_ner.CONFIGS / config, overrides=overrides or {})
    members = cfg.get("ensemble", {}).get("members", [])
    if members:
        return _train_ensemble(data_dir, out_dir, work_dir, config, members, max_epochs, overrides or {})
    settings, training, lexicon = cfg["model"], cfg["training"], cfg["lexicon"]
    torch.manual_seed(training["seed"])
    torch.set_num_threads(1)
    train_set, tune_set, dev_set = train_ner.datasets(data_dir)
    vectors_dir = work_dir / "vectors"
    if not (vectors_dir / "vocab" / "vectors").exists():
        train_vectors.train(data_dir, vectors_dir, work_dir / "vectors-work", train_set)
    table, hashing = _floret(vectors_dir)
    if cfg["data"]["peoples_daily"]:  # after the vectors: their corpus has People's Daily already
        train_set = train_set + peoples_daily(data_dir, tune_set + dev_set)
    train_set = [(piece, spans) for text, gold in train_set
                 for _, piece, spans in crf_ner.pieces(text, gold, training["max_length"]) if piece]
    counts = Counter(crf_ner._norm(c) for text, _ in train_set for c in text)
    chars = sorted(c for c, n in counts.items() if n >= training["min_char_count"] and c != "\n")
    featurizer = crf_ner.Featurizer(chars, lexicon_words(lexicon["min_freq"], lexicon["max_length"]), hashing)
    model = crf_ner.build_model(len(chars), hashing["rows"], table.shape[1], featurizer.subwords,
                                n_words=len(featurizer.words), **settings)
    with torch.no_grad():
        model.bigram.weight.copy_(torch.from_numpy(table))
    tagger = crf_ner.Tagger(featurizer, [model], {"vector_width": int(table.shape[1]), "models": [dict(settings)],
                                                  "max_length": training["max_length"]})
    news = [(piece, spans) for text, gold in train_ner.msra_splits(data_dir)[0]
            for _, piece, spans in crf_ner.pieces(text, gold, training["max_length"]) if piece]
    finetune = cfg.get("finetune", {})
    stages = [("train", train_set, training["learn_rate"], max_epochs or training["epochs"]),
              ("news", news, finetune.get("learn_rate", 0.0), finetune.get("epochs", 0))]
    rng = random.Random(training["seed"])
    best, best_state, history, started = -1.0, None, [], time.time()
    for stage, examples, learn_rate, epochs in stages:
        if not epochs:
            continue
        if best_state is not None:  # fine-tuning starts from the best epoch so far
            model.load_state_dict(best_state)
        optimizer = torch.optim.Adam(model.parameters(), lr=learn_rate)
        groups = list(crf_ner.batches([t for t, _ in examples], training["batch_chars"]))
        for epoch in range(epochs):
            name = f"{stage} epoch {epoch + 1}/{epochs}"
            _epoch(model, featurizer, optimizer, examples, groups, rng, training["grad_clip"], name, started)
            for group in optimizer.param_groups:
                group["lr"] *= training["decay"]
            scores = span_scores([s for _, s in tune_set], tagger.spans([t for t, _ in tune_set]))["overall"]
            history.append({"stage": stage, "epoch": epoch + 1, "tune_f1": scores["f1"]})
            print(f"{name}: tune F1 {scores['f1']:.4f} (P {scores['p']:.4f} R {scores['r']:.4f}), "
                  f"{time.time() - started:.0f} s", file=sys.stderr, flush=True)
            if scores["f1"] > best:
                best, best_state = scores["f1"], copy.deepcopy(model.state_dict())
                _save(tagger, out_dir)
    return {"config": config, "overrides": overrides or {}, "seconds": round(time.time() - started, 1),
            "train_docs": len(train_set), "train_chars": sum(len(t) for t, _ in train_set), "news_docs": len(news),
            "tune_docs": len(tune_set), "tune_f1_per_epoch": history, "best_tune_f1": best}


def _train_ensemble(data_dir: Path, out_dir: Path, work_dir: Path, config: str, members: list[dict],
                    max_epochs: int | None, overrides: dict) -> dict:
    """Train each member of ``[ensemble] members`` (the config with that member's settings changed, one after
    another, sharing the floret vectors) into *work_dir*/members, then assemble them into *out_dir*."""
    reports = []
    for n, changes in enumerate(members, 1):
        print(f"ensemble member {n}/{len(members)}: {changes or 'the config as written'}", file=sys.stderr, flush=True)
        reports.append(train(data_dir, work_dir / "members" / str(n), work_dir, config, max_epochs,
                             {**overrides, **changes, "ensemble.members": []}))
    return {**assemble([work_dir / "members" / str(n) for n in range(1, len(members) + 1)], out_dir),
            "member_reports": reports}


def assemble(members: list[Path], out_dir: Path) -> dict:
    """One NER pipeline in *out_dir* from the trained pipelines *members* (``kg train ner --out DIR``),
    whose models then tag together by averaged scores (crf_ner.Tagger). They must share the featurizer:
    models trained on the same data with the same lexicon settings do, whatever their model settings."""
    taggers = [crf_ner.Tagger.from_disk(Path(member) / crf_ner.NAME) for member in members]
    first = taggers[0]

    def features(tagger: crf_ner.Tagger) -> tuple:
        f = tagger.featurizer
        return f.chars, f.words, f.hashing, tagger.settings["vector_width"], tagger.settings.get("max_length")

    for member, tagger in zip(members[1:], taggers[1:]):
        if features(tagger) != features(first):
            raise ValueError(f"{member} has other characters, lexicon, bigram hashing or input settings than "
                             f"{members[0]}: the models of one ensemble share their features")
    models = [model for tagger in taggers for model in tagger.models]
    settings = {**first.settings, "models": [options for tagger in taggers for options in tagger.settings["models"]]}
    _save(crf_ner.Tagger(first.featurizer, models, settings), out_dir)
    return {"members": [str(member) for member in members], "models": settings["models"]}


def _epoch(model, featurizer: crf_ner.Featurizer, optimizer, examples: list[corpora.Example],
           groups: list[list[int]], rng: random.Random, grad_clip: float, name: str, started: float) -> None:
    """One pass over *examples* in shuffled length-grouped batches."""
    import torch

    rng.shuffle(groups)
    model.train()
    total = 0.0
    for n, group in enumerate(groups, 1):
        items = [examples[i] for i in group]
        batch = featurizer.encode([t for t, _ in items], words=model.word_width > 0)
        loss = model.loss(batch, featurizer.bigram_rows, _allowed(items, batch))
        optimizer.zero_grad()
        (loss / len(items)).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
        optimizer.step()
        total += loss.item()
        if n % 500 == 0:
            print(f"{name}: batch {n}/{len(groups)}, loss {total / n:.2f}, {time.time() - started:.0f} s",
                  file=sys.stderr, flush=True)


def _allowed(items: list[corpora.Example], batch: dict):
    import torch

    allowed = numpy.ones(batch["chars"].shape + (len(crf_ner.TAGS),), dtype=bool)  # padding allows anything
    for i, (text, spans) in enumerate(items):
        allowed[i, :len(text)] = crf_ner.allowed_tags(text, spans)
    return torch.from_numpy(allowed)


def _save(tagger: crf_ner.Tagger, out_dir: Path) -> None:
    """The tagger as a spaCy pipeline directory: spacy.load(out_dir) gives doc.ents."""
    import shutil

    import spacy

    nlp = spacy.blank("zh")  # the "char" segmenter: a token per character
    nlp.add_pipe(crf_ner.NAME)
    nlp.get_pipe(crf_ner.NAME).tagger = tagger
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)  # spaCy makes the last directory only
    nlp.to_disk(out_dir)
