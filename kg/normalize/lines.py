"""Cut the raw text into stripped lines and drop page furniture.

Blank lines carry no meaning in these extractions (some files put one after
every visual line, some after every paragraph), so they are dropped here and
the join pass decides paragraph breaks from the lines' content and shape.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.normalize.patterns import (
    CAPTION,
    HAS_SENTENCE_PUNCT,
    INLINE_MARKER,
    JUMP_LINE,
    MARKDOWN_HEADING,
    PAGE_NUMBER,
    TOC_HEADER,
    TOC_LEAD,
    TOC_REF,
    is_byline,
)
from kg.normalize.tracked import Tracked

LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
STRIP = " \t\u3000\u00a0\u2002\u2003\u2009"
# characters that print as nothing: stray controls, zero-width marks, soft hyphens
INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
# running heads are short labels printed again on every page
_RUNNING_HEAD_MAX = 20
_RUNNING_HEAD_MIN_REPEATS = 3
# lines between printings of a running head: about a page (a spread may print it twice in a row)
_RUNNING_HEAD_MIN_GAP = 5
# a TOC block ends when this many lines in a row carry no page reference
_TOC_GAP = 4
# page references without a 目录 header make a TOC only when there are several
_TOC_MIN_ENTRIES = 3
DIGITS = re.compile(r"\d+")
DOT_LEADER_REF = re.compile(r"\s*[.…·•．]{3,}\s*\d{1,4}$")


@dataclass
class Line:
    t: Tracked
    # a line of its own in the source: a marked heading (markdown #), bold text, a photo caption
    standalone: bool = False
    # follows removed contents: whatever came before is not its paragraph
    opens: bool = False


def split_lines(raw: str) -> list[Line]:
    lines: list[Line] = []
    start = 0
    # most files have neither markers nor invisible characters: then no line needs looking at for them
    marked, invisible = bool(INLINE_MARKER.search(raw)), bool(INVISIBLE.search(raw))
    for m in LINE_BREAK.finditer(raw):
        _add(lines, raw, start, m.start(), marked, invisible)
        start = m.end()
    _add(lines, raw, start, len(raw), marked, invisible)
    return lines


def _add(lines: list[Line], raw: str, start: int, end: int, marked: bool, invisible: bool) -> None:
    if start == end or raw[start:end].isspace():
        return
    t = Tracked.from_raw(raw, start, end)
    if marked and INLINE_MARKER.search(t.text):
        t = t.sub(INLINE_MARKER)
    if invisible and INVISIBLE.search(t.text):
        t = t.sub(INVISIBLE)
    t = t.strip(STRIP)
    if not t.text:
        return
    standalone = ("摄" in t.text or "图" in t.text) and bool(CAPTION.search(t.text))
    m = MARKDOWN_HEADING.match(t.text)
    if m:
        t = t[m.end():].strip(STRIP)
        standalone = True
        if not t.text:
            return
    lines.append(Line(t, standalone))


def drop_furniture(lines: list[Line]) -> list[Line]:
    """Remove page numbers, jump lines, running heads and tables of contents."""
    running = _running_heads(lines)
    toc = _toc_lines(lines)
    kept: list[Line] = []
    for i, ln in enumerate(lines):
        text = ln.t.text
        if i in toc or PAGE_NUMBER.match(text) or JUMP_LINE.match(text):
            continue
        if running and len(text) <= _RUNNING_HEAD_MAX and _page_key(text) in running:
            continue
        leader = DOT_LEADER_REF.search(text) if text[-1].isdigit() else None
        if leader:  # a lone contents entry: keep the title, drop the leaders and page number
            ln.t, ln.standalone = ln.t[:leader.start()], True
            if not ln.t.text:
                continue
        ln.opens = ln.opens or i - 1 in toc
        kept.append(ln)
    return kept


def _page_key(text: str) -> str:
    """Running heads differ only in their page number: compare them with digits masked."""
    return DIGITS.sub("#", text)


def _running_heads(lines: list[Line]) -> set[str]:
    """Short labels printed again and again, page after page, apart from the text around them."""
    min_gap = min(_RUNNING_HEAD_MIN_GAP, len(lines) // 4)
    seen: dict[str, list[int]] = {}
    for i, ln in enumerate(lines):
        text = ln.t.text
        if 2 <= len(text) <= _RUNNING_HEAD_MAX and not HAS_SENTENCE_PUNCT.search(text):
            seen.setdefault(_page_key(text), []).append(i)
    return {
        key
        for key, at in seen.items()
        if len(at) >= _RUNNING_HEAD_MIN_REPEATS
        and key.strip("# ")
        and _typical_gap(at) >= min_gap
        and not is_byline(lines[at[0]].t.text)  # datelines repeat in compilations, one per piece
    }


def _typical_gap(at: list[int]) -> int:
    gaps = sorted(b - a for a, b in zip(at, at[1:]))
    return gaps[len(gaps) // 2]


def _toc_lines(lines: list[Line]) -> set[int]:
    """Indices of table-of-contents lines.

    A TOC starts at a 目录 header, or wherever page references (dot leaders or
    a tab before a page number) cluster, and runs to its last page reference.
    """
    refs = [i for i, ln in enumerate(lines) if _has_page_ref(ln.t.text)]
    toc: set[int] = set()
    for i, ln in enumerate(lines):
        if TOC_HEADER.match(ln.t.text):
            toc.update(range(i, _last_ref(lines, i) + 1))
    for i in refs:
        if i in toc:
            continue
        last = _last_ref(lines, i)
        if sum(1 for r in refs if i <= r <= last) >= _TOC_MIN_ENTRIES:
            toc.update(range(i, last + 1))
    return toc


def _has_page_ref(text: str) -> bool:
    """A contents entry: page number after dot leaders or a tab, or a magazine's page number first."""
    if text[-1].isdigit() and TOC_REF.search(text):
        return True
    return text[0].isdigit() and bool(TOC_LEAD.match(text)) and not HAS_SENTENCE_PUNCT.search(text)


def _last_ref(lines: list[Line], i: int) -> int:
    last = i
    j = i + 1
    while j < len(lines) and j - last <= _TOC_GAP:
        if _has_page_ref(lines[j].t.text):
            last = j
        j += 1
    return last
