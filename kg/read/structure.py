"""Split normalized text into articles, paragraphs and sentences.

Works on the normalizer's output alone (one paragraph per line), so it can
be rerun on any normalized text. Every line, headline and byline lines
included, becomes a paragraph with sentences: the extractor then sees all the
text, and ``Article.headline`` / ``Article.bylines`` say which lines are which.
An article opens at a headline that stands right above a signing byline
(``■ 周勇``, ``金华市委书记 朱重烈``, ``南浔区委理论学习中心组``) or above a
news dateline (``本报讯``); bylines that follow body text (``作者单位 …``)
close the current article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.normalize.patterns import (
    ENUMERATOR,
    HAS_SENTENCE_PUNCT,
    LINE_OPENER,
    SENTENCE,
    is_byline,
    is_headline_shaped,
    is_signing_byline,
    width,
)
from kg.types import Article, Paragraph, Sentence

CLAUSE_BREAK = re.compile(r"[，,：:]")
MAX_SENTENCE = 160
NEWS_DATELINE = re.compile(r"^(?:本报讯|本报[^\s，。]{1,12}讯|新华社[^\s，。]{0,12}电)")
_MAX_HEADLINE_LINES = 2
_MAX_TITLE_WIDTH = 40
_MIN_HEADLINE_WIDTH = 4
_MAX_KICKER_WIDTH = 30


@dataclass
class _Line:
    start: int
    end: int
    text: str
    byline: bool
    signing: bool
    heading: bool


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for line in text.split("\n"):
        if line:
            byline = is_byline(line)
            heading = not byline and is_headline_shaped(line) and not LINE_OPENER.match(line)
            out.append(_Line(pos, pos + len(line), line, byline, byline and is_signing_byline(line), heading))
        pos += len(line) + 1
    return out


def sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentence spans of text[start:end]; over-long ones are cut at the clause break nearest the middle."""
    out: list[Sentence] = []
    for m in SENTENCE.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] == " ":
            s += 1
        if s < e:
            out.extend(_cut_long(text, s, e))
    return out


def _cut_long(text: str, start: int, end: int) -> list[Sentence]:
    if end - start <= MAX_SENTENCE:
        return [Sentence(start, end)]
    middle = (start + end) // 2
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, start + 20, end - 20)]
    if not breaks:
        return [Sentence(start, end)]
    cut = min(breaks, key=lambda b: abs(b - middle))
    return _cut_long(text, start, cut) + _cut_long(text, cut, end)


def _headline_above(lines: list[_Line], i: int) -> bool:
    """Line i is a headline: a heading line right above a byline or a news dateline."""
    if not lines[i].heading or i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if nxt.signing and nxt.text.endswith(("：", ":")):  # introduces the title below it, not above
        return False
    return nxt.byline or bool(NEWS_DATELINE.match(nxt.text))


def _article_starts(lines: list[_Line]) -> tuple[list[int], dict[int, int]]:
    """First line of every article, and the headline line of those that have one."""
    starts: list[int] = [0]
    headline_at: dict[int, int] = {}
    for i, line in enumerate(lines):
        if _headline_above(lines, i):
            head = i
            # a section rubric (经济, 政治) sits between a headline and its byline
            while width(lines[head].text) < _MIN_HEADLINE_WIDTH and head - 1 > starts[-1] and lines[head - 1].heading:
                head -= 1
            first = head
            while first - 1 > starts[-1] and head - first + 1 < _MAX_HEADLINE_LINES and _kicker(lines[first - 1]):
                first -= 1
            if first > starts[-1]:
                starts.append(first)
            if width(lines[head].text) >= _MIN_HEADLINE_WIDTH:
                headline_at.setdefault(starts[-1], head)
        elif line.signing and i > starts[-1] and not _headline_above(lines, i - 1):
            # a signed piece whose headline was set elsewhere on the page
            if any(not ln.byline for ln in lines[starts[-1]:i]):
                starts.append(i)
    for first in starts:
        # "市委统战部理论学习中心组：" then its title: the byline comes first
        if first not in headline_at and lines[first].signing and first + 1 < len(lines) and lines[first + 1].heading:
            headline_at[first] = first + 1
    if 0 not in headline_at and _is_title(lines[0].text):
        headline_at[0] = 0
    return starts, headline_at


def _kicker(line: _Line) -> bool:
    """A short line above a headline that belongs to it (``全国老字号齐聚浙江、600多场活动来袭``)."""
    text = line.text
    if line.byline or ENUMERATOR.match(text):  # a numbered line heads a section, not an article
        return False
    short = width(text) <= _MAX_KICKER_WIDTH and not HAS_SENTENCE_PUNCT.search(text) and not CLAUSE_BREAK.search(text)
    return line.heading or short


def _is_title(text: str) -> bool:
    """The document's first line is its title when it is short and not a sentence."""
    return width(text) <= _MAX_TITLE_WIDTH and not HAS_SENTENCE_PUNCT.search(text) and not is_byline(text)


def articles(text: str) -> list[Article]:
    lines = _lines(text)
    if not lines:
        return []
    starts, headline_at = _article_starts(lines)
    out: list[Article] = []
    for k, first in enumerate(starts):
        last = starts[k + 1] if k + 1 < len(starts) else len(lines)
        block = lines[first:last]
        head = headline_at.get(first)
        out.append(
            Article(
                start=block[0].start,
                end=block[-1].end,
                headline=lines[head].text if head is not None else None,
                bylines=[ln.text for ln in block if ln.byline],
                paragraphs=[Paragraph(ln.start, ln.end, sentences(text, ln.start, ln.end)) for ln in block],
            )
        )
    return out
