"""Whitespace: one ASCII space between Latin words, none inside CJK runs.

Justified PDF lines spread CJK characters apart (``居 民 消 费``); those spaces
are layout, not text. Headlines and bylines keep theirs because there a space
separates two halves of a title or a post from a name.
"""
from __future__ import annotations

import re

from kg.normalize.patterns import CJK_PUNCT, HAN
from kg.normalize.tracked import Tracked

_WS = "[ \t\u3000\u00a0\u2002\u2003\u2009\u200b]"
_CJK = f"[{HAN}{CJK_PUNCT}]"
INSIDE_CJK = re.compile(f"(?<={_CJK}){_WS}+(?={_CJK})")
RUN = re.compile(f"{_WS}+")
_ODD_SPACE = re.compile(f"(?! ){_WS}|{_WS}{{2,}}")


def squeeze(t: Tracked, keep_cjk_spaces: bool) -> Tracked:
    if not keep_cjk_spaces and INSIDE_CJK.search(t.text):
        t = t.sub(INSIDE_CJK)
    if _ODD_SPACE.search(t.text):
        t = t.sub(RUN, " ")
    return t
