"""PROGRAM entities: named policy undertakings.

Mostly quoted names with a head noun inside or right after the quotes
(“八八战略”, “4151”计划, “三支队伍”建设), normalized as the guidelines say;
unquoted names when an action verb introduces a name that ends in a head noun
(深化增值化改革). Quoted doctrines and slogans that nobody implements, and
quoted ordinary words, are left out.
"""
from __future__ import annotations

import re
from collections import Counter

from kg.extract.scan import finditer_near
from kg.extract.state import CJK, DocState, Found
from kg.gazetteer import PROGRAM_HEADS, idioms
from kg.gazetteer.lexicon import word_list

_HEADS = tuple(sorted(set(PROGRAM_HEADS) | {
    "专项行动", "行动计划", "布局", "考核", "整治", "主题实践活动", "主题实践", "主题党日活动", "政策", "任务", "规划", "总策略",
    "总方针", "工作", "组织生活", "品牌", "专项监督行动", "负责制", "链主制", "擂台赛", "战略布局", "大讨论", "现场学习", "治理", "改造",
    "基金", "政策体系", "工作机制", "教学体系", "赛道体系", "负责制", "计划", "征集活动", "扶持项目", "专项整治",
}, key=len, reverse=True))
_LONG_HEADS = tuple(h for h in _HEADS if len(h) >= 2)
_HEAD_SET = frozenset(_HEADS)
_HEAD_LENGTHS = sorted({len(h) for h in _HEADS}, reverse=True)
_QUOTED = re.compile(r"“([^“”\n]{1,30})”")
_TAIL_MAX = 12
_NAME_RUN = re.compile(f"[{CJK}·]+")  # a tail never reaches past it
# between names in a row: nothing, a comma, or 和 with a few words for the next (“营养”和健康服务“智慧助老”)
_SERIES_JOINER = re.compile(f"[、，]?|[和与及][{CJK}]{{0,4}}")
# what may stand between a closing quote and the head noun: no clause break, no new verb
_GAP_BREAK = re.compile("[的和与及、，在是把将从到了着等]|对(?!接)|促进|推进|列为|作为|纳入|成为|实现|开展|打造|推动|带动|引领|助力|落实|推出|发布|加快|深化|强力")
# heads too common to reach over other words: “X”工作 is a program, “X”遴选推荐工作 is not
_WEAK_HEADS = frozenset(("工作", "建设", "品牌", "项目", "整治", "模式", "任务"))
# what follows a quoted phrase that is a doctrine, a yardstick, an award or an industry, not an undertaking
# (“产业政策”68条: a policy document of numbered articles)
_NOT_AFTER = re.compile(rf"等?(?:重点|重大)?(?:精神|理念|作风|要求|格局|问题|管理|奖|愿景|目标)|[{CJK}]{{0,3}}?(?:平台|产业(?!链))|[0-9０-９]+条")
_NOT_AFTER_HEAD = re.compile("精神|理念|作风")
# what precedes a metaphor: 把营商环境作为“生命线工程”
_METAPHOR_BEFORE = re.compile("(?:作为|视为|当作|称为|誉为|成为)$")
# endings of doctrines, goals and lists rather than undertakings
_NOT_ENDINGS = ("论", "样板", "标杆", "高地", "窗口", "清单", "精神", "+", "平台", "站",  # 站, 平台: apps and platforms
                "名城", "之都", "之城", "之乡",  # titles a place earns: 打造“中国服装名城”
                # single events, which the guidelines keep apart from undertakings: 五三惨案, 百团大战, 万隆会议
                "惨案", "事变", "事件", "起义", "大战", "战役", "会议", "会晤", "大会", "论坛", "博览会", "运动会")
_CHIEF_SYSTEM = re.compile(f"[{CJK}]{{1,3}}长制")
_NUMERAL = re.compile("[一二三四五六七八九十百千万两]")
_MEASURE_WORDS = set("个件类项条种次批")
_VERBS = "做实|创设|实施|推进|深化|开展|推动|启动|打好|打造|抓好|落实|深入实施|全面实施|大力实施|聚焦|推行|创新|探索|构建|建立|坚持|发扬|践行|推广|谋划|部署|启动实施|全面推进|扎实推进|持续深化|组织开展|深入开展|积极开展"
_UNQUOTED = re.compile(rf"(?:{_VERBS})([{CJK}]{{2,18}}?(?:工程|战略|行动|计划|改革))(?=[，。、；：！？,.;:!?和与及\s]|$)")
# a plan of a body (市委政党协商计划) is its document, not a named undertaking
_BODY_FIRST = re.compile("(?:[省市县区]委|[省市县区]政府|中央|国务院)")
# quoted doctrines, slogans and yardsticks of the genre, which name no undertaking
_NOT_PROGRAMS = frozenset((
    "两个确立", "两个维护", "国之大者", "四个意识", "四个自信", "两个先行", "两个责任", "四个全面", "五位一体", "两个务必",
    "三个务必", "中国之治", "关键少数", "两山", "绿水青山就是金山银山", "中国式现代化", "共同富裕",
    "国之大者", "两个结合", "四个伟大", "五个必由之路", "十个明确", "十四个坚持", "十三个方面成就",
))
_INNER_VERB = re.compile(rf"、|的|成为|{_VERBS}")  # a clause, not a name: 推动高质量发展成为…自觉行动
_SERIES_HEAD = re.compile(f"等[{CJK}]{{0,6}}?(?:活动|行动|工程|举措|机制|品牌|载体|实践)")
_LEADING_VERBS = re.compile(rf"(?:{_VERBS})+")
# a quoted instruction of a report (“加快实施创新驱动发展战略”, “努力建设现代化产业体系”), not a name
_INSTRUCTION = re.compile("(?:加快|努力|全面|深入|大力|积极|着力|切实|持续|不断|坚定)(?:实施|建设|构建|推进|推动|发展|打造|落实|加强)")
_VERB_BEFORE = re.compile(rf"(?:{_VERBS})[{CJK}]{{0,6}}$")
# 数字经济创新提质“一号发展工程”, “地瓜经济”提能升级“一号开放工程”: the words before name which 一号 it is
_NAMED_ONE = re.compile(rf"((?:“[{CJK}]{{2,8}}”)?[{CJK}]{{2,12}})“(一号[{CJK}]{{0,3}}工程)”")
_NUMBER_ONE = re.compile("一号")  # 23 characters after a match's start at most, 6 before its end
# 创新 is a verb, but also the noun inside 科技创新 and 数字经济创新提质
_PREFIX_STOP = re.compile(rf"(?:{_VERBS.replace('|创新', '')}|[的在于和与及是把将对为向从到等了着三个])")


# a count (一个品牌, 一项机制) or a fragment after 等
_NOT_A_NAME = re.compile("^等|^一[个项套种条批]")


def _listed_words(text: str, pos: int) -> bool:
    """The verb at pos follows a list item that is no verb (人才强市、|创新强市首位战略): it is that item's
    words, not an action on a name (支持、推动再就业工程 is one)."""
    if text[pos - 1:pos] != "、":
        return False
    return not word_list().get(text[max(0, pos - 3):pos - 1], (0, ""))[1].startswith("v")


def _name(inner: str, tail: str) -> str:
    return re.sub(r"\s+|[“”‘’]", "", inner + tail)  # 青年干部‘三关’大讨论 → 青年干部三关大讨论


def _rejected(name: str) -> bool:
    """A doctrine, a yardstick, a platform or a quoted instruction, whatever surrounds it."""
    return name in _NOT_PROGRAMS or name.endswith(_NOT_ENDINGS) and not name.endswith("讨论") \
        or bool(_LEADING_VERBS.match(name)) or bool(_INSTRUCTION.match(name)) \
        or bool(_NOT_A_NAME.search(name))


def _is_program(inner: str, tail: str, before: str) -> float:
    """Confidence that a quoted name is a program (0 when it is not)."""
    name = inner.strip()
    if _rejected(name) or _METAPHOR_BEFORE.search(before):
        return 0.0
    if tail:
        # 产业政策: a policy area; “两新”政策: a numbered policy
        return 0.85 if not tail.endswith("政策") or len(name) > 2 or _NUMERAL.match(name) else 0.0
    if ("，" in name or "," in name) and not (name.endswith(_HEADS) and len(name) <= 16):
        return 0.0  # 退一步，进两步; 打防结合，以防为主: a slogan in two clauses (以美元换泰币，自愿救国行动 is named)
    if not re.search(f"[{CJK}]", name):
        return 0.0
    if name.endswith(_HEADS) and len(name) >= 4 or _CHIEF_SYSTEM.fullmatch(name):
        return 0.85  # …, and the responsibility systems named for their chiefs: 河长制, 林长制, 链长制
    if 4 <= len(name) <= 14 and re.search(rf"(?:{_VERBS}|深入|持续|全面)$", before):
        return 0.6
    if 4 <= len(name) <= 8 and _NUMERAL.match(name) and name[1] not in _MEASURE_WORDS and "的" not in name \
            and name[0] != "一" and name not in idioms():
        return 0.5  # 五水共治, 四不两直: numbered undertakings (numbered doctrines say 个, slogans 一X一Y)
    return 0.0


def _tail(text: str, end: int, inner: str) -> str:
    """The head noun part after the quotes: the longest run of up to 12 characters that
    ends in a head, does not reach over a clause break or a new verb, and does not
    reach over other words to a weak head (“六大控制七个百”高质量党建工作体系,
    “315”科技创新体系建设工程, but “十四五”规划 of “十四五”规划目标任务).

    A quoted name that already ends in a head takes only 经验 right after its quotes
    (“千万工程”经验; not “龙马计划”招商三年行动, “菜篮子工程”建设 or “五个一工程”活动)."""
    window = text[end:end + _TAIL_MAX]
    if window.startswith("等"):
        return ""
    if window.startswith("制") and not re.match(f"[{CJK}]", window[1:2]):
        return "制"  # 产业链“链长+链主”制，: a system named by its posts (河长制)
    if inner.endswith(_LONG_HEADS):  # “千万工程”经验 is the program's experience; “千万工程”建设, 工作, 活动 the program
        return "经验" if window.startswith("经验") else ""
    best = ""
    run = _NAME_RUN.match(window)
    for cut in range(1, run.end() + 1 if run else 1):
        tail = window[:cut]
        head = _head_of(tail)
        if head is None or window[cut:cut + 1] == "化":
            continue
        gap = tail[: -len(head)]
        if _GAP_BREAK.search(gap):
            break
        if not gap or head not in _WEAK_HEADS:
            best = tail
    return best


def _head_of(tail: str) -> str | None:
    """The longest head the tail ends with."""
    for length in _HEAD_LENGTHS:
        if length <= len(tail) and tail[-length:] in _HEAD_SET:
            return tail[-length:]
    return None


def _series(text: str, quoted: list[tuple]) -> list[tuple]:
    """Quoted names in a row (“千堂党课下基层”“万名党员进党校”, or joined by 、) closed by
    a head (…等活动) or opened by an action verb (组织开展…“向人民承诺”“请人民阅卷”)
    are programs together; names joined by 和 or 、 share the head written after
    the last one (“五拼五比”和“三年”活动 → 五拼五比活动)."""
    out, i = [], 0
    while i < len(quoted):
        j = i
        while j + 1 < len(quoted) and _SERIES_JOINER.fullmatch(text, quoted[j][1], quoted[j + 1][0]):
            j += 1
        run = quoted[i:j + 1]
        if len(run) > 1:
            shared = run[-1][3]
            if shared:
                run = [(s, e, inner, tail, confidence) if tail or inner.endswith(_HEADS)
                       else (s, e, inner, shared, _is_program(inner, shared, ""))
                       for s, e, inner, tail, confidence in run]
            elif _SERIES_HEAD.match(text, run[-1][1]) or _VERB_BEFORE.search(text, max(0, run[0][0] - 8), run[0][0]):
                run = [(s, e, inner, tail, confidence or (0.6 if len(inner) >= 4 and not _rejected(inner) else 0.0))
                       for s, e, inner, tail, confidence in run]
        out.extend(run)
        i = j + 1
    return out


def find_programs(state: DocState) -> None:
    text = state.text
    taken: list[tuple[int, int]] = []
    for m in finditer_near(_NAMED_ONE, text, _NUMBER_ONE, 23, 6):
        prefix = m.group(1)
        cut = max((p.end() for p in _PREFIX_STOP.finditer(prefix)), default=0)
        prefix = prefix[cut:]
        if len(prefix) < 4:
            continue
        start = m.start(1) + cut
        state.add(Found("PROGRAM", prefix.replace("“", "").replace("”", "") + m.group(2), start, m.end(),
                        text[start:m.end()], 0.8))
        taken.append((start, m.end()))
    quoted = []
    for m in _QUOTED.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        inner = m.group(1)
        tail = _tail(text, m.end(), inner)
        end = m.end() + len(tail)
        confidence = _is_program(inner, tail, text[max(0, m.start() - 6):m.start()])
        if not (tail or confidence or _rejected(inner.strip())) and len(inner.strip()) >= 4 \
                and _SERIES_HEAD.match(text, m.end()):
            confidence = 0.6  # 企业诉求“直达快办”等机制: one of the mechanisms the sentence names
        if (_NOT_AFTER_HEAD if tail else _NOT_AFTER).match(text, end):
            confidence = 0.0
        quoted.append((m.start(), end, inner, tail, confidence))
    quoted = _series(text, quoted)
    # the same program under its variants: “千项万亿”项目 is the “千项万亿”工程 named elsewhere, and a name
    # the text mostly writes bare (“民情日记” six times, “民情日记”体系 once) is that bare name
    named = {}
    for start, end, inner, tail, confidence in quoted:
        if tail and confidence and not inner.endswith(_LONG_HEADS):  # “千万工程” is whole beside “千万工程”经验
            named.setdefault(inner, _name(inner, tail))
    bare = Counter(inner for _, _, inner, tail, _ in quoted if not tail)
    tailed = Counter(inner for _, _, inner, tail, _ in quoted if tail)
    for inner in named:
        name = inner.strip()
        if bare[inner] > tailed[inner] and len(name) >= 4 and not re.search("[、，,]", name) and not _rejected(name):
            named[inner] = _name(inner, "")
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
        if any(s < end and start < e for s, e in taken) or "“" in name or len(name) < 5 or _INNER_VERB.search(name) \
                or _BODY_FIRST.match(name) or _NOT_A_NAME.match(name) or _listed_words(text, m.start()):
            continue
        state.add(Found("PROGRAM", name, start, end, name, 0.55))
