"""Whitespace: one ASCII space between Latin words, none inside CJK runs.

Justified PDF lines spread CJK characters apart (``居 民 消 费``); those spaces
are layout, not text. Headlines and bylines keep theirs because there a space
separates two halves of a title, a post from a name or two names; only a
lone character spaced from another lone character is one word set wide
(``杨 晨``).
"""
from __future__ import annotations

import re

from kg.normalize.patterns import CJK_PUNCT, HAN
from kg.normalize.tracked import Tracked

_WS = "[ \t\u3000\u00a0\u2002\u2003\u2009]"
_CJK = f"[{HAN}{CJK_PUNCT}]"
INSIDE_CJK = re.compile(f"(?<={_CJK}){_WS}+(?={_CJK})")
RUN = re.compile(f"{_WS}+")
_ODD_SPACE = re.compile(f"(?! ){_WS}|{_WS}{{2,}}")
# a two-character name justified to a wider box: "■杨 晨 沈佳薇", "许 旭 摄"
LETTER_SPACED = re.compile(
    f"(?:(?<=^[{HAN}])|(?<=[^{HAN}][{HAN}])){_WS}+(?!摄影?$)(?=[{HAN}](?:[^{HAN}]|$))"
)


def squeeze(t: Tracked, keep_cjk_spaces: bool) -> Tracked:
    """Normalize whitespace; ``keep_cjk_spaces`` for headlines and bylines, whose spaces separate parts."""
    if not keep_cjk_spaces and INSIDE_CJK.search(t.text):
        t = t.sub(INSIDE_CJK)
    elif keep_cjk_spaces and LETTER_SPACED.search(t.text):
        t = t.sub(LETTER_SPACED)
    if _ODD_SPACE.search(t.text):
        t = t.sub(RUN, " ")
    return t
