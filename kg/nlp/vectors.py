"""The NER's static vectors at run time: floret's table, with the rows it computes kept.

In floret mode spaCy computes every vector from the hashes of its subwords,
in Python, for every token of every batch: 6 µs a character, more than the
rest of the NER together. News text repeats its bigrams, so the vector of each
key is computed once and looked up afterwards; the numbers are the same.
"""
from __future__ import annotations

import numpy
from spacy.util import registry
from spacy.vectors import Mode, Vectors

NAME = "kg.CachedFloretVectors.v1"
MAX_CACHED = 500_000  # keys (128 MB of rows at 64 dimensions); past that the cache starts over


class CachedFloretVectors(Vectors):
    """spaCy's Vectors whose floret rows are computed once per key.

    The keys seen so far are kept sorted in one array beside their rows, so a
    batch is looked up with one vectorized binary search; only unseen keys go
    through floret's Python code.
    """

    def get_batch(self, keys):
        if self.mode != Mode.floret:
            return super().get_batch(keys)
        keys = numpy.asarray(keys, dtype="uint64")
        known, rows = self.__dict__.get("_known"), self.__dict__.get("_rows")
        if known is None or len(known) + len(keys) > MAX_CACHED:
            known, rows = numpy.empty(0, dtype="uint64"), numpy.empty((0, self.shape[1]), dtype="float32")
        at = numpy.minimum(numpy.searchsorted(known, keys), max(len(known) - 1, 0))
        hit = known[at] == keys if len(known) else numpy.zeros(len(keys), dtype=bool)
        if not hit.all():
            new = numpy.unique(keys[~hit])
            known = numpy.concatenate([known, new])
            rows = numpy.concatenate([rows, numpy.asarray(super().get_batch(new), dtype="float32")])
            order = numpy.argsort(known, kind="stable")
            known, rows = known[order], rows[order]
            self.__dict__.update(_known=known, _rows=rows)
            at = numpy.searchsorted(known, keys)
        return rows[at]

    def from_disk(self, path, **kwargs):
        self.__dict__.pop("_known", None)
        return super().from_disk(path, **kwargs)

    def from_bytes(self, data, **kwargs):
        self.__dict__.pop("_known", None)
        return super().from_bytes(data, **kwargs)


@registry.vectors(NAME)
def cached_floret_vectors():
    """The `[nlp.vectors]` factory of the NER's config."""
    return lambda vocab: CachedFloretVectors(strings=vocab.strings)
