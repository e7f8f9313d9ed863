"""Drop text the PDF printed twice in a row: whole paragraphs and sentences.

Repeated captions, pull quotes and overlapping page fragments would otherwise
count every mention twice downstream.
"""
from __future__ import annotations

from kg.normalize.patterns import SENTENCE
from kg.normalize.tracked import Tracked

_MIN_SENTENCE = 8


def drop_repeated_sentences(t: Tracked) -> Tracked:
    """Keep one copy of a sentence repeated immediately after itself."""
    spans = [(m.start(), m.end()) for m in SENTENCE.finditer(t.text) if m.end() > m.start()]
    if len(spans) < 2:
        return t
    keep: list[tuple[int, int, str | None]] = []
    prev = None
    for start, end in spans:
        sentence = t.text[start:end]
        if sentence == prev and len(sentence) >= _MIN_SENTENCE:
            continue
        keep.append((start, end, None))
        prev = sentence
    if len(keep) == len(spans):
        return t
    return t.keep(keep)


def drop_repeated_paragraphs(paras: list[Tracked]) -> list[Tracked]:
    out: list[Tracked] = []
    for p in paras:
        if out and p.text == out[-1].text and len(p.text) >= _MIN_SENTENCE:
            continue
        out.append(p)
    return out
