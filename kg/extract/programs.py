"""PROGRAM entities: named policy undertakings.

Mostly quoted names with a head noun inside or right after the quotes
(“八八战略”, “4151”计划, “三支队伍”建设), normalized as the guidelines say;
unquoted names when an action verb introduces a name that ends in a head noun
(深化增值化改革). Quoted doctrines and slogans that nobody implements, and
quoted ordinary words, are left out.
"""
from __future__ import annotations

import re

from kg.extract.state import CJK, DocState, Found
from kg.gazetteer import PROGRAM_HEADS, idioms

_HEADS = tuple(sorted(set(PROGRAM_HEADS) | {
    "专项行动", "行动计划", "布局", "考核", "整治", "主题实践活动", "主题实践", "主题党日活动", "政策", "任务", "总策略",
    "总方针", "工作", "组织生活", "品牌", "专项监督行动", "负责制", "链主制", "擂台赛", "战略布局", "大讨论", "现场学习", "治理", "改造",
    "基金", "政策体系", "工作机制", "教学体系", "赛道体系", "负责制", "计划", "征集活动", "扶持项目",
}, key=len, reverse=True))
_HEAD_ALT = "|".join(map(re.escape, _HEADS))
_QUOTED = re.compile(rf"“([^“”\n]{{1,30}})”((?!等)[{CJK}·]{{0,12}}?(?:{_HEAD_ALT}))?")
# what may stand between a closing quote and the head noun: no clause break, no new verb
_GAP_BREAK = re.compile("[的和与及、，]|促进|推进|列为|作为|纳入|成为|实现|开展|打造|推动|带动|引领|助力|落实|推出|发布|加快|深化|强力")
_NUMERAL = re.compile("[一二三四五六七八九十百千万两]")
_MEASURE_WORDS = set("个件类项条种次批")
_VERBS = "实施|推进|深化|开展|推动|启动|打好|打造|抓好|落实|深入实施|全面实施|大力实施|聚焦|推行|创新|探索|构建|建立|坚持|发扬|践行|推广|谋划|部署|启动实施|全面推进|扎实推进|持续深化|组织开展|深入开展|积极开展"
_UNQUOTED = re.compile(rf"(?:{_VERBS})([{CJK}]{{2,10}}?(?:工程|战略|行动|计划|改革))(?=[，。、；：！？和与及\s]|$)")
# quoted doctrines, slogans and yardsticks of the genre, which name no undertaking
_NOT_PROGRAMS = frozenset((
    "两个确立", "两个维护", "国之大者", "四个意识", "四个自信", "两个先行", "两个责任", "四个全面", "五位一体", "两个务必",
    "三个务必", "中国之治", "关键少数", "两山", "绿水青山就是金山银山", "中国式现代化", "共同富裕",
    "国之大者", "两个结合", "四个伟大", "五个必由之路", "十个明确", "十四个坚持", "十三个方面成就",
))
_INNER_VERB = re.compile(rf"、|{_VERBS}")
_SERIES_HEAD = re.compile(f"等[{CJK}]{{0,6}}?(?:活动|行动|工程|举措|机制|品牌|载体|实践)")
_LEADING_VERBS = re.compile(rf"(?:{_VERBS})+")
_NAMED_ONE = re.compile(rf"([{CJK}]{{2,12}})“(一号[{CJK}]{{0,3}}工程)”")
_PREFIX_STOP = re.compile(rf"(?:{_VERBS}|[的在于和与及是把将对为向从到等了着三个])")


def _name(inner: str, tail: str) -> str:
    return re.sub(r"\s+", "", inner + tail).replace("“", "").replace("”", "")


def _is_program(inner: str, tail: str, before: str) -> float:
    """Confidence that a quoted name is a program (0 when it is not)."""
    name = inner.strip()
    if name in _NOT_PROGRAMS:
        return 0.0
    if tail:
        return 0.85 if not tail.endswith("政策") or len(name) > 2 else 0.0  # 产业政策: a policy area
    if not re.search(f"[{CJK}]", name):
        return 0.0
    if name.endswith(_HEADS) and len(name) >= 4:
        return 0.85
    if 4 <= len(name) <= 14 and re.search(rf"(?:{_VERBS}|深入|持续|全面)$", before):
        return 0.6
    if 4 <= len(name) <= 8 and _NUMERAL.match(name) and name[1] not in _MEASURE_WORDS and "的" not in name \
            and name[0] != "一" and name not in idioms():
        return 0.5  # 五水共治, 四不两直: numbered undertakings (numbered doctrines say 个, slogans 一X一Y)
    return 0.0


def _tail(text: str, end: int, tail: str) -> str:
    """The head noun part after the quotes, cut where a clause or a new verb starts,
    and extended over a second head word (“3+N”战略布局, “六联”工作机制)."""
    gap = tail
    for head in _HEADS:
        if tail.endswith(head):
            gap = tail[: -len(head)]
            break
    if _GAP_BREAK.search(gap):
        return ""
    rest = text[end:end + 4]
    for head in _HEADS:
        if rest.startswith(head) and len(head) >= 2:
            return tail + head
    return tail


def _series(text: str, quoted: list[tuple]) -> list[tuple]:
    """Quoted names in a row (“千堂党课下基层”“万名党员进党校”, or joined by 、) closed by
    a head (…等活动) are programs together."""
    out, i = [], 0
    while i < len(quoted):
        j = i
        while j + 1 < len(quoted) and text[quoted[j][1]:quoted[j + 1][0]] in ("", "、", "，"):
            j += 1
        run = quoted[i:j + 1]
        if len(run) > 1:
            if _SERIES_HEAD.match(text, run[-1][1]):
                run = [(s, e, inner, tail, confidence or (0.6 if len(inner) >= 4 else 0.0))
                       for s, e, inner, tail, confidence in run]
        out.extend(run)
        i = j + 1
    return out


def find_programs(state: DocState) -> None:
    text = state.text
    taken: list[tuple[int, int]] = []
    for m in _NAMED_ONE.finditer(text):
        prefix = m.group(1)
        cut = max((p.end() for p in _PREFIX_STOP.finditer(prefix)), default=0)
        prefix = prefix[cut:]
        if len(prefix) < 4:
            continue
        start = m.start(1) + cut
        state.add(Found("PROGRAM", prefix + m.group(2), start, m.end(), text[start:m.end()], 0.8))
        taken.append((start, m.end()))
    quoted = []
    for m in _QUOTED.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        inner = m.group(1)
        tail = _tail(text, m.end(), m.group(2) or "")
        end = m.end(1) + 1 + len(tail)
        confidence = _is_program(inner, tail, text[max(0, m.start() - 6):m.start()])
        quoted.append((m.start(), end, inner, tail, confidence))
    quoted = _series(text, quoted)
    # the same program under its variants: “千项万亿”项目 is the “千项万亿”工程 named elsewhere
    named = {}
    for start, end, inner, tail, confidence in quoted:
        if tail and confidence:
            named.setdefault(inner, _name(inner, tail))
    for start, end, inner, tail, confidence in quoted:
        canonical = named.get(inner) if not tail or inner in named else None
        if canonical is None and confidence:
            canonical = _name(inner, tail)
        if canonical:
            state.add(Found("PROGRAM", canonical, start, end, text[start:end], max(confidence, 0.6)))
            taken.append((start, end))
    for m in _UNQUOTED.finditer(text):
        start, end = m.start(1), m.end(1)
        lead = _LEADING_VERBS.match(text, start, end)
        if lead:
            start = lead.end()
        name = text[start:end]
        if any(s < end and start < e for s, e in taken) or "“" in name or len(name) < 5 or _INNER_VERB.search(name):
            continue
        state.add(Found("PROGRAM", name, start, end, name, 0.55))
