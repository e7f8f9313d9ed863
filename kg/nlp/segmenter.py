"""pkuseg as we run it: half-width letters and symbols seen as the corpus writes them.

The People's Daily training corpus writes Latin letters and the signs of numbers in full width
(ＧＤＰ, ５．２％), and pkuseg's feature normalization only knows those forms, so
"GDP" in modern half-width text is cut into pieces. We map half-width to
full width before cutting (a one-to-one character map, so the word lengths
carry straight back onto the original text) and return the original
characters.
"""
from __future__ import annotations

import string

_HALF = string.ascii_letters + "%/-."
_FULL = "".join(chr(ord(c) + 0xFEE0) for c in _HALF)
_TO_FULL = str.maketrans(_HALF, _FULL)


class FullWidthCut:
    """Wraps a spacy_pkuseg.pkuseg (`.seg`); everything but cut() is passed through."""

    def __init__(self, seg):
        self.seg = seg

    def __getattr__(self, name: str):
        return getattr(self.seg, name)

    def cut(self, text: str) -> list[str]:
        words = self.seg.cut(text.translate(_TO_FULL))
        out, pos = [], 0
        for word in words:
            while text[pos].isspace():  # pkuseg drops whitespace between pieces
                pos += 1
            out.append(text[pos:pos + len(word)])
            pos += len(word)
        return out
