"""Rejoin lines that the PDF layout broke, keeping real paragraph breaks.

Two layouts occur: one paragraph per line (breaks only at page or column
ends, anywhere in a sentence) and narrow fixed-width columns (every visual
line on its own). A break is repaired when the first line stops mid-sentence
and is not a headline or byline, or, in a narrow column, when the first line
runs to the right margin and the next does not start an indented paragraph.
"""
from __future__ import annotations

from kg.normalize.lines import Line
import math
import re

from kg.normalize.patterns import (
    ENDS_SENTENCE,
    ENUMERATOR,
    LABEL_LINE,
    LINE_OPENER,
    SPACED_LIST,
    TOC_ENTRY,
    is_byline,
    is_heading_like,
    width,
)

# columns at most this wide (in full-width cells) are the fixed-width layout
NARROW = 45
MIN_COLUMN = 8
# justified columns still vary by a character or so (compressed punctuation)
_SLACK = 1.5
_INDENT = 2
_MIN_COLUMN_LINES = 3
_SHORT_TAIL = 3
# a line ending in an opening quote or bracket, a comma or a dash stops mid-sentence
PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("(", ")"), ("「", "」"), ("【", "】"))
# function words a headline does not end with but a broken line often does
FUNCTION_END = re.compile(r"[的了和与以在对把被将从向于就而并或其让使由给跟同较很都也还又再才即若则且着]$")
OPEN_END = re.compile(r"[“‘《〈「『（(【，,、—-]$")
_WINDOW = 4
_ASCII_LETTER_END = re.compile(r"[A-Za-z]$")
_ASCII_LETTER_START = re.compile(r"^[A-Za-z]")


def reference_widths(widths: list[float]) -> list[float]:
    """The width of the column each line was set in, or infinity where no column is evident.

    A column is evident when most lines around a line share one width; a few
    short lines in a row (a headline, a byline) do not make one.
    """
    out: list[float] = []
    for i in range(len(widths)):
        window = widths[max(0, i - _WINDOW):i + _WINDOW + 1]
        ordered = sorted(window)
        ref = ordered[len(ordered) // 2]
        close = sum(1 for w in window if abs(w - ref) <= _SLACK)
        out.append(ref if close >= _MIN_COLUMN_LINES and len(window) > _WINDOW else math.inf)
    return out


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Group lines into paragraphs (each a list of the lines to concatenate)."""
    if not lines:
        return []
    texts = [ln.t.text for ln in lines]
    widths = [width(t) for t in texts]
    ref = reference_widths(widths)
    byline = [is_byline(t) for t in texts]
    # a headline is what stands right above a byline
    before_byline = [
        i + 1 < len(lines) and byline[i + 1] and not byline[i] and _headline_shaped(texts[i]) for i in range(len(lines))
    ]
    groups: list[list[Line]] = [[lines[0]]]
    for i in range(1, len(lines)):
        a, b = i - 1, i
        if _joins(lines, texts, widths, ref, byline, before_byline, a, b):
            groups[-1].append(lines[b])
        else:
            groups.append([lines[b]])
    return groups


def _joins(lines, texts, widths, ref, byline, before_byline, a: int, b: int) -> bool:
    ta, tb = texts[a], texts[b]
    if lines[a].standalone or lines[b].standalone or byline[a] or byline[b]:
        return False
    if len(ta) == 1 and len(tb) == 1:  # text set vertically, one character per line
        return True
    if before_byline[b]:
        return False
    full = _reaches_margin(widths[a], ref[a])
    if LINE_OPENER.match(tb) or LABEL_LINE.match(ta) or any(TOC_ENTRY.match(t) or SPACED_LIST.match(t) for t in (ta, tb)):
        return False
    if ENDS_SENTENCE.search(ta):
        # a full line ending a sentence continues unless the next is indented
        return full and _reaches_margin(widths[b], ref[b]) and not ENUMERATOR.match(tb)
    if full or OPEN_END.search(ta) or _unclosed(ta) or needs_space(ta, tb) or _in_column(widths[a], ref[a]):
        return True
    if ENUMERATOR.match(ta) and widths[b] <= _SHORT_TAIL and is_heading_like(ta) and is_heading_like(tb):
        return True  # a numbered heading wrapped onto a second line
    if before_byline[a] or (ENUMERATOR.match(ta) and is_heading_like(ta)):
        return False
    if FUNCTION_END.search(ta):
        return True
    if is_heading_like(ta):
        return False
    if ENUMERATOR.match(tb):
        return False
    return True


def _headline_shaped(text: str) -> bool:
    return is_heading_like(text) or bool(SPACED_LIST.match(text))


def _unclosed(text: str) -> bool:
    """An opening quote or bracket still open at the end of the line: the sentence goes on."""
    return any(text.count(o) > text.count(c) for o, c in PAIRS)


def _in_column(w: float, ref: float) -> bool:
    """Whether a line fills a narrow column, allowing for a paragraph's two-character indent."""
    return MIN_COLUMN <= ref <= NARROW and ref - _INDENT - _SLACK <= w <= ref + _INDENT + _SLACK


def _reaches_margin(w: float, ref: float) -> bool:
    """Whether a line sits in a narrow fixed-width column and runs to its right margin."""
    return MIN_COLUMN <= ref <= NARROW and ref - _SLACK <= w <= ref + _SLACK


def needs_space(left: str, right: str) -> bool:
    """Latin words broken across lines need their space back; CJK never does."""
    return bool(_ASCII_LETTER_END.search(left) and _ASCII_LETTER_START.match(right))
