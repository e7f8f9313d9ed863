"""Static character-bigram vectors for the NER, trained here with floret.

The NER learns its own embeddings from 2.5 M labelled characters only; the
unlabelled text of the corpora (People's Daily 1998 as well as the NER
corpora's own text) says more about which characters and bigrams behave
alike. floret (fastText with hashed subwords) keeps the table a fixed size,
and on a bigram token "XY" its subwords of one and two characters are X, Y and
XY, so a bigram never seen in training still gets the vectors of its
characters. The table is keyed by NORM, which ``kg_char_bigrams`` sets to
exactly these bigram tokens at run time. The MSRA dev and tune sentences are
left out, so the held-out score stays held out.
"""
from __future__ import annotations

import time
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from kg.nlp import corpora
from kg.nlp.components import END

DIM = 64
BUCKETS = 40_000
EPOCHS = 10


@lru_cache(maxsize=1)
def _char_tokenizer():
    import spacy

    return spacy.blank("zh").tokenizer  # the "char" segmenter the NER config uses


def bigram_tokens(text: str) -> list[str]:
    """The NORM strings kg_char_bigrams gives the tokens of `text` under the NER's character tokenizer."""
    chars = [token.text for token in _char_tokenizer()(text)]
    return [a + b for a, b in zip(chars, chars[1:] + [END])]


def unlabelled_lines(data_dir: Path, ner_train: list[corpora.Example]) -> Iterator[str]:
    """Every training-side sentence as plain text: the NER's training sentences, then People's Daily."""
    for text, _spans in ner_train:
        yield text
    for words in corpora.read_pfr(data_dir):
        yield "".join(words)


def train(data_dir: Path, out_dir: Path, work_dir: Path, ner_train: list[corpora.Example], threads: int = 1) -> dict:
    """Train floret vectors on the corpora's text and save them as a spaCy vocab with a floret table keyed by NORM.

    `ner_train` is the NER's training split (train_ner.datasets), which the caller has read
    already. One thread keeps floret's run reproducible (its random streams are per thread).
    """
    import floret
    import spacy
    from spacy.training.initialize import convert_vectors

    work_dir.mkdir(parents=True, exist_ok=True)
    corpus = work_dir / "bigrams.txt"
    tokens = 0
    with open(corpus, "w", encoding="utf-8") as handle:
        for line in unlabelled_lines(data_dir, ner_train):
            row = bigram_tokens(line)
            tokens += len(row)
            handle.write(" ".join(row) + "\n")
    started = time.time()
    model = floret.train_unsupervised(
        str(corpus), model="skipgram", mode="floret", dim=DIM, minn=1, maxn=2, hashCount=2,
        bucket=BUCKETS, epoch=EPOCHS, minCount=1, thread=threads, verbose=0)
    seconds = time.time() - started
    table = work_dir / "vectors.floret"
    model.save_floret_vectors(str(table))
    nlp = spacy.blank("zh")
    convert_vectors(nlp, table, truncate=0, prune=-1, mode="floret", attr="NORM")
    nlp.to_disk(out_dir)
    return {"vectors_tokens": tokens, "vectors_seconds": round(seconds, 1), "vectors_dim": DIM,
            "vectors_rows": BUCKETS}
