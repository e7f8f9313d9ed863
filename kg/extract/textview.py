"""A document's text with the line breaks of narrow newspaper columns taken out.

PDF pages set in columns break lines every dozen characters, also inside names
(省\\n\\n工商联, 浙江省第\\n\\n十四届人民代表大会). A name-finding rule reads the
text without those breaks and reports its offsets in the original text, so
mentions keep pointing at what the document says. Only documents that are
mostly such columns get this treatment: elsewhere a line break between two
Chinese characters ends a headline or a byline.
"""
from __future__ import annotations

import re
from functools import lru_cache

_BREAK = re.compile(r"[ \t\u3000]*\n\s*")
_MIN_BREAKS = 20
_MIN_SHARE = 0.6


def _cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


class TextView:
    """``text`` without column breaks; ``start``/``end`` map its offsets back."""

    def __init__(self, original: str) -> None:
        self.original = original
        runs = list(_BREAK.finditer(original))
        soft = [m for m in runs if 0 < m.start() and m.end() < len(original)
                and _cjk(original[m.start() - 1]) and _cjk(original[m.end()])]
        if len(soft) < _MIN_BREAKS or len(soft) < _MIN_SHARE * len(runs):
            soft = []
        self.text = original
        self._orig: range | list[int] = range(len(original))  # original offset of each view offset
        self._view: range | list[int] = range(len(original) + 1)  # view offset of each original offset
        if soft:
            pieces: list[str] = []
            orig: list[int] = []
            view: list[int] = []
            pos = 0
            for m in [*soft, None]:
                end = m.start() if m else len(original)
                pieces.append(original[pos:end])
                view.extend(range(len(orig), len(orig) + end - pos))
                orig.extend(range(pos, end))
                if m:
                    view.extend([len(orig)] * (m.end() - m.start()))
                    pos = m.end()
            view.append(len(orig))
            self.text, self._orig, self._view = "".join(pieces), orig, view

    def start(self, v: int) -> int:
        """Original offset of the view character at ``v`` (a mention's start)."""
        return self._orig[v] if v < len(self._orig) else len(self.original)

    def end(self, v: int) -> int:
        """Original offset just after the view character before ``v`` (a mention's end)."""
        return self._orig[v - 1] + 1 if v > 0 else 0

    def at(self, i: int) -> int:
        """View offset of the original offset ``i``."""
        return self._view[i]


@lru_cache(maxsize=8)
def text_view(text: str) -> TextView:
    return TextView(text)
