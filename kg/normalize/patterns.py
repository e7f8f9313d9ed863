"""Character classes and line shapes of PDF-extracted Chinese news.

The reader's structure pass and the normalizer's join pass must agree on what
a byline or a headline looks like, so the shapes live here once.
"""
from __future__ import annotations

import re

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation and full-width forms, plus the curly quotes Chinese text uses
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7\u2022\u25a0\u25cf"
SENT_END = "。！？!?；;…"
CLOSERS = "”’」』）)】》〉\"'"
QUOTES = "“”‘’"
PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("(", ")"), ("「", "」"), ("【", "】"))

# a line that ends a sentence (optionally followed by closing quotes/brackets)
ENDS_SENTENCE = re.compile(rf"[{SENT_END}:：][{CLOSERS}]*$")
HAS_SENTENCE_PUNCT = re.compile(r"[。！？!?；;]")
HAS_COMMA = re.compile(r"[，,、]")
# a sentence with the closing quotes and brackets that belong to it
SENTENCE = re.compile(r"[^。！？!?；;…]*(?:[。！？!?；;]+|…+)[”’」』）)】》]*|[^。！？!?；;…]+$")

ENUMERATOR = re.compile(
    r"^(?:[一二三四五六七八九十]+[、是要]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+[，、])"
)
# markers that open a line of their own: subheads, bullets, editor's notes, subtitles
LINE_OPENER = re.compile(r"^(?:[●■◆▲★☆◎○□►▶]|——|—\s|编者按|本报讯|本报[^\s，。]{1,12}电|新华社)")
# a magazine contents entry: page number, title, "/" and the authors
TOC_ENTRY = re.compile(rf"^\d{{1,3}}\s+[^\d\s].*/\s*[{HAN}][{HAN}\s]{{1,30}}$|^/\s*[{HAN}]")
# space-separated names or title halves: sponsor lists, two-part headlines
SPACED_LIST = re.compile(rf"^[{HAN}（）()“”]{{2,}}(?:[ \t\u3000]+[{HAN}（）()“”]{{2,}})+$")
# a label that heads its own line: keywords, abstract, editor's note
LABEL_LINE = re.compile(r"^(?:关键词|关键字|摘\s*要|编者按|核心提示|导\s*读)[：:]")
# a photo credit closes a caption: "许旭 摄", "记者 王明 摄影", "省商务厅供图"
CAPTION = re.compile(rf"(?:[{HAN}]\s*[{HAN}]?\s*[{HAN}]?\s+摄(?:影)?|供图|图片来源[：:].*|拍摄\s*[{HAN}]{{2,4}})$")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")

_NAME = rf"[{HAN}]{{1,3}}(?:\s?[{HAN}]{{1,3}})?"
_ROLE = (
    r"(?:书记|副书记|常委|省长|市长|县长|区长|镇长|乡长|主任|部长|局长|厅长|处长|院长|校长|"
    r"董事长|总经理|经理|主席|委员|组长|社长|总编辑|行长|会长|秘书长|检察长|庭长|所长|馆长|教授|研究员)"
)
# bylines that sign a piece at its head: a new article starts here
_SIGNING_SHAPES = (
    # ■ 周勇 / ■沈祖办 叶 慧
    rf"^■\s*[{HAN}·]{{1,4}}(?:\s+[{HAN}·]{{1,4}}){{0,4}}$",
    # 金华市委书记 朱重烈 / 杭州市常委、余杭区委书记 刘颖
    rf"^[{HAN}、（）()]{{2,40}}{_ROLE}\s+{_NAME}$",
    # 南浔区委理论学习中心组 / 1．市委统战部理论学习中心组： (compilations sign with the writing body)
    rf"^(?:\d{{1,2}}[.．、]\s*)?[{HAN}（）()]{{2,30}}(?:理论学习中心组|党组|党委|党工委|党支部|中心组)[：:]?$",
)
# credits that close a piece or sit anywhere in it
_CREDIT_SHAPES = (
    # 作者单位 嵊州市委 / （作者单位：…）
    r"^[（(]?作者(?:单位|系)[：:\s]",
    # 本报记者 李灿 / （本报记者 李灿 整理）/ 记者 … / 通讯员 … / /本刊记者 …
    rf"^[/（(]?(?:本报|本刊|特约)?(?:记者|通讯员|评论员|撰稿)[\s：:]*[{HAN}]",
)
DATE_LINE = re.compile(r"^[（(]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?(?:\s*星期[一二三四五六日天])?$")
FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# page furniture: lone page numbers, jump lines, paywall markers
PAGE_NUMBER = re.compile(r"^(?:[-—–·\s]*\d{1,4}[-—–·\s]*|第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|[Pp]\.?\s*\d{1,4})$")
JUMP_LINE = re.compile(r"^[（(](?:上接|下转|紧接|转)第?[^）)]{1,6}版[）)]$")
INLINE_MARKER = re.compile(r"##[A-Za-z]+##")
TOC_HEADER = re.compile(r"^目\s*录$|^CONTENTS$", re.IGNORECASE)
# a TOC entry's page reference: dot leaders or a tab before a trailing page number
TOC_REF = re.compile(r"(?:\s*[.…·•．]{3,}\s*|\t+\s*)\d{1,4}$")
# a magazine contents entry: "26 湖州市：深学细悟见实效/张志炜"
TOC_LEAD = re.compile(r"^\d{1,3}\s+[^\d\s].{1,60}$")


_SIGNING = re.compile("|".join(f"(?:{p})" for p in _SIGNING_SHAPES))
_ANY_BYLINE = re.compile("|".join(f"(?:{p})" for p in (*_SIGNING_SHAPES, *_CREDIT_SHAPES, DATE_LINE.pattern)))
_MAX_BYLINE = 60


def is_byline(line: str) -> bool:
    """True for a line that signs or credits an article (author, reporter, writing body, date)."""
    return len(line) <= _MAX_BYLINE and not HAS_SENTENCE_PUNCT.search(line) and bool(_ANY_BYLINE.search(line))


def is_signing_byline(line: str) -> bool:
    """True for a byline that heads a signed piece (``■ 周勇``, ``龙港市委书记 何宗静``)."""
    return len(line) <= _MAX_BYLINE and not HAS_SENTENCE_PUNCT.search(line) and bool(_SIGNING.search(line))


def width(line: str) -> float:
    """Visual width in full-width cells: half-width characters count half."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


def is_heading_like(line: str) -> bool:
    """A short line that does not read as part of a sentence: a headline, subhead or label."""
    if width(line) > 40 or HAS_SENTENCE_PUNCT.search(line) or closes_unopened(line):
        return False
    return not HAS_COMMA.search(line) or bool(ENUMERATOR.match(line))


def closes_unopened(line: str) -> bool:
    """Closes a quote or bracket it never opened: the tail of a sentence from the line before."""
    return any(line.count(c) > line.count(o) for o, c in PAIRS)


def is_headline_shaped(line: str) -> bool:
    """Could stand as a headline: heading-like, or halves separated by a space."""
    return is_heading_like(line) or bool(SPACED_LIST.match(line))
