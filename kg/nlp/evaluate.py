"""Held-out measurements behind the figures in MODELS.md.

Segmentation: word P/R/F1 on the People's Daily dev split (last 5% of lines),
for our segmenter and for jieba's default mode. NER: exact-span P/R/F1 per
label on the MSRA dev split (last 5%), for the trained model and for the
gazetteer baseline. Speeds are characters per second on the seeds corpus.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

from kg.nlp import corpora

REPO = Path(__file__).resolve().parents[2]


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def word_spans(words: Iterable[str]) -> set[tuple[int, int]]:
    spans, pos = set(), 0
    for word in words:
        spans.add((pos, pos + len(word)))
        pos += len(word)
    return spans


def segmentation_scores(gold: list[list[str]], segment: Callable[[str], list[str]]) -> dict:
    """Word P/R/F1 of `segment` against gold word lists, and its speed on that text."""
    tp = n_pred = n_gold = 0
    chars = 0
    started = time.perf_counter()
    predictions = [segment("".join(words)) for words in gold]
    seconds = time.perf_counter() - started
    for words, predicted in zip(gold, predictions):
        g, p = word_spans(words), word_spans(predicted)
        tp, n_pred, n_gold = tp + len(g & p), n_pred + len(p), n_gold + len(g)
        chars += sum(map(len, words))
    return {**prf(tp, n_pred, n_gold), "chars_per_s": round(chars / seconds)}


def span_scores(gold: list[list[tuple[int, int, str]]], pred: list[list[tuple[int, int, str]]]) -> dict:
    """Exact-match span P/R/F1, overall and per label."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        g, p = set(g), set(p)
        for span in g & p:
            tp[span[2]] += 1
        for span in p:
            n_pred[span[2]] += 1
        for span in g:
            n_gold[span[2]] += 1
    labels = sorted(set(n_gold) | set(n_pred))
    out = {label: prf(tp[label], n_pred[label], n_gold[label]) for label in labels}
    out["overall"] = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out


def seed_lines() -> list[str]:
    lines = []
    for path in sorted((REPO / "seeds").glob("*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def throughput(fn: Callable[[list[str]], object], lines: list[str]) -> int:
    started = time.perf_counter()
    fn(lines)
    return round(sum(map(len, lines)) / (time.perf_counter() - started))


def evaluate_segmenter(data_dir: Path) -> dict:
    import jieba

    import kg.nlp as nlp_models

    _, dev = corpora.split_dev(corpora.read_pfr(data_dir))
    results = {"dev_lines": len(dev), "dev_chars": sum(len("".join(w)) for w in dev)}
    results["ours_user_dict"] = segmentation_scores(dev, nlp_models.segment)
    results["ours_no_dict"] = segmentation_scores(dev, lambda text: nlp_models.segment(text, user_dict=False))
    results["ours_no_dict_no_width_map"] = segmentation_scores(dev, nlp_models.standard_cutter().seg.cut)
    # pkuseg's merge step needs the pipeline's pkuseg, which carries the bundled default dictionary
    pkuseg = nlp_models.load().tokenizer.pkuseg_seg.seg
    full_dict = pkuseg.preprocesser
    from spacy_pkuseg import Preprocesser
    pkuseg.preprocesser = Preprocesser(None)
    pkuseg.postprocesser.do_process = True
    results["ours_no_dict_default_postprocess"] = segmentation_scores(dev, nlp_models.segment)
    pkuseg.postprocesser.do_process = False
    pkuseg.preprocesser = full_dict
    jieba.setLogLevel(60)
    jieba.initialize()
    results["jieba_default"] = segmentation_scores(dev, lambda text: [w for w in jieba.cut(text) if w.strip()])
    lines = seed_lines()
    results["seeds_chars_per_s"] = throughput(lambda ls: [nlp_models.segment(t) for t in ls], lines)
    return results


def evaluate_ner(data_dir: Path) -> dict:
    import kg.nlp as nlp_models
    from kg.nlp.baseline import GazetteerNer
    from kg.nlp.blas import openblas
    from kg.nlp.train_ner import datasets

    _, _, dev = datasets(data_dir)
    nlp = nlp_models.load_ner()
    gold = [spans for _, spans in dev]
    lines = seed_lines()
    full = nlp_models.load()
    with openblas(nlp):  # as `kg ner` and `kg extract` run it
        started = time.perf_counter()
        docs = list(nlp.pipe([text for text, _ in dev], batch_size=256))
        seconds = time.perf_counter() - started
        speeds = {
            "seeds_chars_per_s": throughput(lambda ls: list(nlp.pipe(ls, batch_size=256)), lines),
            "full_pipeline_seeds_chars_per_s": throughput(lambda ls: list(full.pipe(ls, batch_size=256)), lines),
        }
    pred = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]
    baseline = GazetteerNer(data_dir)
    return {
        "dev_sentences": len(dev), "dev_chars": sum(len(t) for t, _ in dev),
        "dev_entities": dict(Counter(label for spans in gold for _, _, label in spans)),
        "model": span_scores(gold, pred),
        "model_dev_chars_per_s": round(sum(len(t) for t, _ in dev) / seconds),
        "gazetteer_baseline": span_scores(gold, [baseline(text) for text, _ in dev]),
        **speeds,
    }
