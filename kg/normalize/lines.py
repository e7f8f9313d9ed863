"""Cut the raw text into stripped lines and drop page furniture.

Blank lines carry no meaning in these extractions (some files put one after
every visual line, some after every paragraph), so they are dropped here and
the join pass decides paragraph breaks from the lines' content and shape.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kg.normalize.patterns import (
    HAS_SENTENCE_PUNCT,
    INLINE_MARKER,
    JUMP_LINE,
    MARKDOWN_HEADING,
    PAGE_NUMBER,
    TOC_HEADER,
    TOC_REF,
    is_byline,
)
from kg.normalize.tracked import Tracked

LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
STRIP = " \t\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
# running heads are short labels printed again on every page
_RUNNING_HEAD_MAX = 12
_RUNNING_HEAD_MIN_REPEATS = 3
# a TOC block ends when this many lines in a row carry no page reference
_TOC_GAP = 3


@dataclass
class Line:
    t: Tracked
    end: int  # raw offset just past the line: where its line break was
    heading: bool = False  # marked as a heading in the source (markdown #)


def split_lines(raw: str) -> list[Line]:
    lines: list[Line] = []
    start = 0
    for m in LINE_BREAK.finditer(raw):
        _add(lines, raw, start, m.start())
        start = m.end()
    _add(lines, raw, start, len(raw))
    return lines


def _add(lines: list[Line], raw: str, start: int, end: int) -> None:
    if start == end or raw[start:end].isspace():
        return
    t = Tracked.from_raw(raw, start, end)
    if INLINE_MARKER.search(t.text):
        t = t.sub(INLINE_MARKER)
    t = t.strip(STRIP)
    if not t.text:
        return
    heading = False
    m = MARKDOWN_HEADING.match(t.text)
    if m:
        t = t[m.end():].strip(STRIP)
        heading = True
        if not t.text:
            return
    lines.append(Line(t, end, heading))


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Remove page numbers, jump lines, running heads and tables of contents."""
    counts = Counter(
        ln.t.text for ln in lines if len(ln.t.text) <= _RUNNING_HEAD_MAX and not HAS_SENTENCE_PUNCT.search(ln.t.text)
    )
    running = {text for text, n in counts.items() if n >= _RUNNING_HEAD_MIN_REPEATS and not is_byline(text)}
    toc = _toc_lines(lines)
    kept: list[Line] = []
    for i, ln in enumerate(lines):
        text = ln.t.text
        if i in toc or text in running or PAGE_NUMBER.match(text) or JUMP_LINE.match(text):
            continue
        kept.append(ln)
    return kept


def _toc_lines(lines: list[Line]) -> set[int]:
    """Indices of table-of-contents lines: a 目录 header and the entries up to the last page reference."""
    toc: set[int] = set()
    for i, ln in enumerate(lines):
        if not TOC_HEADER.match(ln.t.text.replace("\t", " ")):
            continue
        last_ref = i
        j = i + 1
        while j < len(lines) and j - last_ref <= _TOC_GAP:
            if TOC_REF.search(lines[j].t.text):
                last_ref = j
            j += 1
        toc.update(range(i, last_ref + 1))
    return toc
