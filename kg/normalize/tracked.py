"""Text that remembers where every character came from in the raw file.

Every repair the normalizer makes (joining lines, dropping doubled bold
text, squeezing spaces) must keep ``Document.raw_span`` truthful, so edits go
through this one type instead of plain strings: each character carries the
raw offset it was taken from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence


@dataclass
class Tracked:
    text: str
    offs: Sequence[int]  # a range while the text is a stretch of the raw text as it stands

    @classmethod
    def from_raw(cls, raw: str, start: int, end: int) -> "Tracked":
        return cls(raw[start:end], range(start, end))

    def __getitem__(self, item: slice) -> "Tracked":
        return Tracked(self.text[item], self.offs[item])

    def strip(self, chars: str | None = None) -> "Tracked":
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if left == 0 and right == len(self.text):
            return self
        return self[left:max(left, right)]

    def keep(self, pieces: Iterable[tuple[int, int, str | None]]) -> "Tracked":
        """Rebuild from (start, end, replacement) pieces of this text.

        A replacement must have the same length as the piece it stands for, so
        that substituted characters still map one-to-one onto raw offsets.
        """
        texts: list[str] = []
        offs: list[int] = []
        for start, end, repl in pieces:
            texts.append(self.text[start:end] if repl is None else repl)
            offs.extend(self.offs[start:end])
        return Tracked("".join(texts), offs)

    def sub(self, pattern: re.Pattern[str], repl: str = "") -> "Tracked":
        """Replace every match by ``repl`` (empty, or one character mapped to the match start)."""
        pieces: list[tuple[int, int, str | None]] = []
        pos = 0
        for m in pattern.finditer(self.text):
            if m.start() == m.end():
                continue
            pieces.append((pos, m.start(), None))
            if repl:
                pieces.append((m.start(), m.start() + 1, repl))
            pos = m.end()
        if pos == 0 and not pieces:
            return self
        pieces.append((pos, len(self.text), None))
        return self.keep(pieces)


def concat(parts: list[Tracked]) -> Tracked:
    """Concatenate in one pass (repeated ``+`` would copy a long paragraph once per line)."""
    offs: list[int] = []
    for part in parts:
        offs.extend(part.offs)
    return Tracked("".join(part.text for part in parts), offs)


def join(parts: list[Tracked], sep: str, sep_offs: list[int]) -> Tracked:
    """Concatenate parts with a one-character separator whose raw offsets are given per gap."""
    texts: list[str] = []
    offs: list[int] = []
    for i, part in enumerate(parts):
        if i:
            texts.append(sep)
            offs.append(sep_offs[i - 1])
        texts.append(part.text)
        offs.extend(part.offs)
    return Tracked("".join(texts), offs)
