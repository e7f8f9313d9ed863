"""Rejoin lines that the PDF layout broke, keeping real paragraph breaks.

Two layouts occur: one paragraph per line (breaks only at page or column
ends, anywhere in a sentence) and narrow fixed-width columns (every visual
line on its own). A break is repaired when the first line stops mid-sentence
and is not a headline or byline, or, in a narrow column, when the first line
runs to the right margin and the next does not start an indented paragraph.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kg.normalize.lines import Line
from kg.normalize.patterns import (
    ENDS_SENTENCE,
    ENUMERATOR,
    LABEL_LINE,
    LINE_OPENER,
    PAIRS,
    SPACED_LIST,
    TOC_ENTRY,
    is_byline,
    is_heading_like,
    is_headline_shaped,
    width,
)

# columns at most this wide (in full-width cells) are the fixed-width layout
NARROW = 45
MIN_COLUMN = 8
# justified columns still vary by a character or so (compressed punctuation)
_SLACK = 1.5
_INDENT = 2
_WINDOW = 4
_MIN_COLUMN_LINES = 3
_SHORT_TAIL = 3
OPENERS = re.compile("[" + re.escape("".join(o for o, _ in PAIRS)) + "]")
# a line ending in an opening quote or bracket, a comma or a dash stops mid-sentence
OPEN_END = re.compile(r"[“‘《〈「『（(【，,、—-]$")
# function words a headline does not end with but a broken line often does
FUNCTION_END = re.compile(r"[的了和与以在对把被将从向于就而并或其让使由给跟同较很都也还又再才即若且着]$")
_ASCII_LETTER_END = re.compile(r"[A-Za-z]$")
_ASCII_LETTER_START = re.compile(r"^[A-Za-z]")


@dataclass
class _Shape:
    """What the join decision needs to know about one line."""

    text: str
    width: float
    column: float  # width of the narrow column it sits in, or infinity
    byline: bool
    headline: bool  # stands right above a byline or a bold caption
    own_line: bool  # never joined: marked, bold, a caption, a contents entry
    spaced: bool  # space-separated parts (a sponsor list, a two-part headline), unless a quote runs on
    opens: bool  # never joined to the line before

    @property
    def full(self) -> bool:
        """Sits in a narrow column and runs to its right margin."""
        return MIN_COLUMN <= self.column <= NARROW and abs(self.width - self.column) <= _SLACK

    @property
    def in_column(self) -> bool:
        """Fills a narrow column, allowing for a paragraph's two-character indent."""
        lo, hi = self.column - _INDENT - _SLACK, self.column + _INDENT + _SLACK
        return MIN_COLUMN <= self.column <= NARROW and lo <= self.width <= hi


def column_widths(widths: list[float], body: list[bool]) -> list[float]:
    """The width of the column each line was set in, or infinity where no column is evident.

    A column is evident when most body lines around a line share one width. A
    few short lines in a row (a headline, a byline) do not make one, so only
    lines that could be body text (``body``) count as evidence.
    """
    evidence = [w if b else math.nan for w, b in zip(widths, body)]
    out: list[float] = []
    for i in range(len(widths)):
        window = [w for w in evidence[max(0, i - _WINDOW):i + _WINDOW + 1] if w == w]
        if len(window) <= _WINDOW:
            out.append(math.inf)
            continue
        ref = sorted(window)[len(window) // 2]
        close = sum(1 for w in window if abs(w - ref) <= _SLACK)
        # a column is a run of lines: a neighbour must share it (short headings between long
        # paragraphs have similar widths too, but never next to each other)
        neighbours = [w for w in evidence[max(0, i - 1):i] + evidence[i + 1:i + 2] if w == w]
        run = any(ref - _INDENT - _SLACK <= w <= ref + _INDENT + _SLACK for w in neighbours)
        out.append(ref if close >= _MIN_COLUMN_LINES and run else math.inf)
    return out


def _shapes(lines: list[Line]) -> list[_Shape]:
    texts = [ln.t.text for ln in lines]
    widths = [width(t) for t in texts]
    bylines = [is_byline(t) for t in texts]
    own = [ln.standalone or bool(TOC_ENTRY.match(t)) for ln, t in zip(lines, texts)]
    # a quote opened or closed elsewhere makes the line a fragment of running text, not a list
    spaced = [bool(SPACED_LIST.match(t)) and _balanced(t) for t in texts]
    columns = column_widths(widths, [not (b or o or sp) for b, o, sp in zip(bylines, own, spaced)])
    shapes: list[_Shape] = []
    for i, (ln, text) in enumerate(zip(lines, texts)):
        # a headline stands above a byline, or above the bold caption of its picture
        above = i + 1 < len(lines) and (bylines[i + 1] or lines[i + 1].standalone)
        headline = above and not bylines[i] and not own[i] and is_headline_shaped(text)
        shapes.append(_Shape(text, widths[i], columns[i], bylines[i], headline, own[i], spaced[i], ln.opens))
    return shapes


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Group lines into paragraphs (each a list of the lines to concatenate)."""
    if not lines:
        return []
    shapes = _shapes(lines)
    groups: list[list[Line]] = [[lines[0]]]
    for i in range(1, len(lines)):
        if _joins(shapes[i - 1], shapes[i]):
            groups[-1].append(lines[i])
        else:
            groups.append([lines[i]])
    return groups


def _joins(a: _Shape, b: _Shape) -> bool:
    """Whether line b continues the paragraph of line a."""
    if a.byline or b.byline or a.own_line or b.own_line or b.opens:
        return False
    if len(a.text) == 1 and len(b.text) == 1:  # text set vertically, one character per line
        return True
    if b.headline or LINE_OPENER.match(b.text) or LABEL_LINE.match(a.text):
        return False
    runs_on = bool(OPEN_END.search(a.text)) or _unclosed(a.text)
    if a.spaced and not runs_on:
        return False
    if b.spaced and (ENDS_SENTENCE.search(a.text) or (is_heading_like(a.text) and not runs_on)):
        return False
    if ENDS_SENTENCE.search(a.text):
        # a full line ending a sentence continues unless the next is indented
        return a.full and b.full and not ENUMERATOR.match(b.text)
    if a.full or a.in_column or runs_on or needs_space(a.text, b.text):
        return True
    numbered = bool(ENUMERATOR.match(a.text)) and is_heading_like(a.text)
    if numbered and b.width <= _SHORT_TAIL and is_heading_like(b.text):
        return True  # a numbered heading wrapped onto a second line
    if a.headline or numbered:
        return False
    if FUNCTION_END.search(a.text):
        return True
    return not is_heading_like(a.text) and not ENUMERATOR.match(b.text)


def _unclosed(text: str) -> bool:
    """An opening quote or bracket still open at the end of the line: the sentence goes on."""
    return bool(OPENERS.search(text)) and any(text.count(o) > text.count(c) for o, c in PAIRS)


def _balanced(text: str) -> bool:
    return all(text.count(o) == text.count(c) for o, c in PAIRS)


def needs_space(left: str, right: str) -> bool:
    """Latin words broken across lines need their space back; CJK never does."""
    return bool(_ASCII_LETTER_END.search(left) and _ASCII_LETTER_START.match(right))
