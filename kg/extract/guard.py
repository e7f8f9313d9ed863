"""Extraction of one document that reports failure instead of raising: one bad document must not stop
a run over many (`kg extract`, `kg build`, on any engine)."""
from __future__ import annotations

from typing import Callable, Union

from kg.types import Document, Extraction

Extractor = Callable[[Document], Extraction]


class Guarded:
    """*extract* made safe: (doc, its Extraction) or (doc, a one-line message naming the file and the error).

    A class rather than a closure so that process pools can pickle it.
    """

    def __init__(self, extract: Extractor):
        self.extract = extract

    def __call__(self, doc: Document) -> tuple[Document, Union[Extraction, str]]:
        try:
            return doc, self.extract(doc)
        except Exception as err:  # a bug on one text is reported with its file, and the others go on
            return doc, f"{doc.source or doc.name}: extraction failed: {type(err).__name__}: {err}"
