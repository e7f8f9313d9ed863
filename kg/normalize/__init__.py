"""Normalize decoded PDF-extracted text into one clean paragraph per line.

``normalize(raw)`` returns the text and an offset map: ``offsets[i]`` is the
raw offset of ``text[i]``, with one extra final entry ``len(raw)``, which is
what ``kg.types.Document.raw_span`` expects. Characters are never rewritten
except whitespace and mirrored quotes inside repaired doubled bold text.
"""
from __future__ import annotations

import re

from kg.normalize.dedupe import drop_repeated_paragraphs, drop_repeated_sentences
from kg.normalize.join import needs_space, paragraphs
from kg.normalize.lines import Line, drop_furniture, split_lines
from kg.normalize.patterns import ENDS_SENTENCE, HAN, is_byline, is_heading_like
from kg.normalize.spaces import squeeze
from kg.normalize.tracked import Tracked, concat, join
from kg.normalize.undouble import undouble

__all__ = ["normalize"]

LEADING_DOUBLE = re.compile(rf"^([{HAN}])\1(?!\1)")


def normalize(raw: str) -> tuple[str, list[int]]:
    """One paragraph per line, furniture gone, layout repaired; plus where each character came from."""
    lines = [part for ln in drop_furniture(split_lines(raw)) for part in _undouble(ln)]
    paras = [_merge(group) for group in paragraphs(lines)]
    paras = drop_repeated_paragraphs([p for p in paras if p.text])
    # a paragraph break maps to the raw line break after the paragraph, or onto its last character
    # when the next paragraph was split off the same raw line
    breaks = [min(p.offs[-1] + 1, q.offs[0] - 1) for p, q in zip(paras, paras[1:])]
    doc = join(paras, "\n", breaks) if paras else Tracked("", [])
    return doc.text, doc.offs + [len(raw)]


def _undouble(line: Line) -> list[Line]:
    """Halve doubled bold text; bold is a headline or caption, so it stands on its own line.

    Body text ending a sentence before the bold run stays joinable with what precedes it.
    """
    repaired, first = undouble(line.t)
    if first < 0:
        return [line]
    if first > 0 and LEADING_DOUBLE.match(repaired.text):  # "让让文学之花…": its first character doubled too
        repaired, first = repaired[1:], first - 1
    head, bold = repaired[:first].strip(), repaired[first:]
    if not ENDS_SENTENCE.search(head.text):  # a headline only partly set in bold
        return [Line(repaired, standalone=True)]
    return [Line(head, line.standalone), Line(bold, standalone=True)]


def _merge(group: list[Line]) -> Tracked:
    """One paragraph from its lines, with whitespace and immediate repeats cleaned."""
    parts = [group[0].t]
    for ln in group[1:]:
        if needs_space(parts[-1].text, ln.t.text):
            parts.append(Tracked(" ", [parts[-1].offs[-1] + 1]))
        parts.append(ln.t)
    merged = concat(parts) if len(parts) > 1 else parts[0]
    text = merged.text
    keep_spaces = len(group) == 1 and (group[0].standalone or is_byline(text) or is_heading_like(text))
    merged = squeeze(merged, keep_cjk_spaces=keep_spaces).strip()
    return drop_repeated_sentences(merged)
