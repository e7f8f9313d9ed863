"""Run a name pattern only around the words its matches must contain.

A pattern that opens with a run of Chinese characters (``[一-鿿]{2,16}?开发区``)
makes the regex engine start an attempt at every character of a document;
a handful of such patterns were an eighth of extraction time. Each of their
matches ends in, or sits next to, a fixed word (the head's last character,
集团, 负责) within a known reach, so scanning only the stretches around the
occurrences of that word finds the same matches as scanning the whole text.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional


def finditer_near(pattern: re.Pattern[str], text: str, anchor: re.Pattern[str], before: Optional[int],
                  after: int = 0) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, scanning only from `before` characters ahead of each
    `anchor` occurrence (None: from the start of the text) to `after` characters past it.

    Exact when every match of `pattern`, with whatever its lookaheads read, lies in such a
    stretch, and the pattern tests nothing that changes where a stretch is cut short
    (no ``$``, ``\\b`` or negative lookahead near its end): an attempt that succeeds on the
    whole text then succeeds in its stretch, and one that fails fails there too.
    """
    windows: list[list[int]] = []
    for a in anchor.finditer(text):
        lo = 0 if before is None else max(0, a.start() - before)
        hi = min(len(text), a.end() + after)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from pattern.finditer(text, lo, hi)
