"""Undo bold text that the PDF extractor printed twice.

Bold runs in these PDFs come out character-run by character-run doubled:
``杭州市开展杭州市开展““公述民评公述民评””活动活动``. A region made only of
such doubled tokens (runs, quote pairs, the spaces between them) is halved,
keeping the first copy so raw offsets stay monotonic. Real Chinese repeats
short words (``看看``, ``人人``), so a region needs one doubled run of at least
four characters to count.
"""
from __future__ import annotations

import re

from kg.normalize.patterns import HAN, QUOTES
from kg.normalize.tracked import Tracked

_WORD = f"{HAN}A-Za-z0-9"
ANCHOR = re.compile(rf"([{_WORD}]{{4,40}})\1")
_WORD_RE = re.compile(rf"[{_WORD}]")
_MAX_RUN = 40
_OPEN_FOR = {"”": "“", "’": "‘"}
_CLOSE_FOR = {"“": "”", "‘": "’"}


def _is_word(ch: str) -> bool:
    return bool(_WORD_RE.match(ch))


def _run_right(s: str, pos: int) -> int:
    """Length of X when s[pos:] starts with XX (X of word characters), else 0."""
    for size in range(min(_MAX_RUN, (len(s) - pos) // 2), 0, -1):
        if s[pos:pos + size] == s[pos + size:pos + 2 * size] and all(map(_is_word, s[pos:pos + size])):
            return size
    return 0


def _run_left(s: str, end: int) -> int:
    """Length of X when s[:end] ends with XX (X of word characters), else 0."""
    for size in range(min(_MAX_RUN, end // 2), 0, -1):
        if s[end - 2 * size:end - size] == s[end - size:end] and all(map(_is_word, s[end - size:end])):
            return size
    return 0


def _tokens_right(s: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    """Doubled tokens (start, half-length) from pos rightwards; whitespace passes through."""
    tokens: list[tuple[int, int]] = []
    end = pos
    while pos < len(s):
        ws = pos
        while ws < len(s) and s[ws] in " \t\u3000":
            ws += 1
        if ws + 1 < len(s) and s[ws] in QUOTES and s[ws] == s[ws + 1]:
            tokens.append((ws, 1))
            pos = end = ws + 2
            continue
        size = _run_right(s, ws) if ws < len(s) else 0
        if not size:
            break
        tokens.append((ws, size))
        pos = end = ws + 2 * size
    return tokens, end


def _tokens_left(s: str, end: int) -> tuple[list[tuple[int, int]], int]:
    tokens: list[tuple[int, int]] = []
    start = end
    while end > 0:
        if end >= 2 and s[end - 1] in QUOTES and s[end - 1] == s[end - 2]:
            tokens.append((end - 2, 1))
            start = end = end - 2
            continue
        size = _run_left(s, end)
        if not size:
            break
        tokens.append((end - 2 * size, size))
        start = end = end - 2 * size
    tokens.reverse()
    return tokens, start


def _fix_quote_direction(chars: list[str]) -> None:
    """Doubled quotes sometimes come out mirrored (``”千名干部助千企“``); pair them up again."""
    quote_at = [i for i, ch in enumerate(chars) if ch in QUOTES]
    for a, b in zip(quote_at[::2], quote_at[1::2]):
        if chars[a] in _OPEN_FOR and chars[b] == _OPEN_FOR[chars[a]]:
            chars[a], chars[b] = chars[b], _CLOSE_FOR[chars[b]]


def undouble(line: Tracked) -> tuple[Tracked, int]:
    """The line with doubled regions halved, and where the first region starts in the result (-1: none)."""
    s = line.text
    if not ANCHOR.search(s):
        return line, -1
    first = -1
    pieces: list[tuple[int, int, str | None]] = []
    pos = 0
    search_from = 0
    while True:
        m = ANCHOR.search(s, search_from)
        if not m:
            break
        left, start = _tokens_left(s, m.start())
        start = max(start, pos)
        left = [t for t in left if t[0] >= start]
        right, end = _tokens_right(s, m.start())
        pieces.append((pos, start, None))
        if first < 0:
            first = sum(b - a for a, b, _ in pieces)
        region: list[tuple[int, int]] = []  # (start, end) of kept characters
        cursor = start
        for tok_start, size in left + right:
            if tok_start > cursor:  # whitespace between tokens is kept once
                region.append((cursor, tok_start))
            region.append((tok_start, tok_start + size))
            cursor = tok_start + 2 * size
        chars = [s[i] for a, b in region for i in range(a, b)]
        _fix_quote_direction(chars)
        k = 0
        for a, b in region:
            pieces.append((a, b, "".join(chars[k:k + b - a])))
            k += b - a
        pos = search_from = end
    pieces.append((pos, len(s), None))
    return line.keep(pieces), first
