"""Where the name of a body ends: the suffix tables of Chinese organization names
and the dictionary checks that keep ordinary words (干部, 部署, 举办活动) and the
clause after a name (…召开常委会) out of it. Shared by every rule that finds bodies.
"""
from __future__ import annotations

import re

from kg.extract.state import CJK
from kg.gazetteer.lexicon import BODY_ACTIONS, MASS_ORGANIZATIONS, NATIONAL_BODIES, TITLES, word_list

# what may end an organization's name, longest first
_SUFFIXES = sorted((
    "委员会", "常委会", "党委", "党组", "党工委", "纪委监委", "纪委", "监委", "人大常委会", "人大", "政协", "人民政府", "政府",
    "办公厅", "办公室", "组织部", "宣传部", "统战部", "政法委", "网信办", "编办", "人才办", "教育办", "无障碍办",
    "厅", "局", "委", "办", "部", "署", "院", "所", "中心", "馆", "社", "协会", "学会", "联合会", "商会", "作协", "工商联",
    "基金会", "大学", "学院", "学校", "党校", "中学", "小学", "医院", "研究院", "研究所", "实验室", "法院", "检察院",
    "集团", "公司", "分公司", "银行", "分行", "支行", "分局", "日报", "晚报", "报社", "电视台", "出版社", "杂志社", "管委会", "合作社", "理论学习中心组",
    "督导组", "工作组", "指挥部", "科", "处", "人民代表大会", "幼儿园", "老年公寓", *MASS_ORGANIZATIONS,
    "派出所", "厂", "剧团", "歌舞团", "乐团", "艺术团", "军区", "军分区", "警备区", "总队", "支队", "卫视",
), key=len, reverse=True)
# never inside a body's name: function words, punctuation, and the digits and brackets of a dateline
# (本报杭州11月20日电 浙江省政府…: the place starts the dateline, not a body)
STOP = set("的在是了把将对为与及等已由被从向到并，、。；：！？“”‘’《》,.;:!? \n书记长员0123456789０１２３４５６７８９（）()【】[]某")
_SUFFIX_SET = set(_SUFFIXES)
_BY_LAST_CHAR: dict[str, list[str]] = {}
_SUFFIX_PAIRS: dict[str, list[tuple[str, int]]] = {}  # 学习 → (理论学习中心组, 2): verbs inside suffixes
for _suffix in _SUFFIXES:
    _BY_LAST_CHAR.setdefault(_suffix[-1], []).append(_suffix)
    for _k in range(len(_suffix) - 1):
        _SUFFIX_PAIRS.setdefault(_suffix[_k:_k + 2], []).append((_suffix, _k))
VERB_POS = ("v", "d", "p", "c")
# what the ministries' names say before 部, which their provincial and local departments repeat before 厅, 局
# or 委 (福建省生态环境厅, 退役军人事务局): a name, though the dictionary reads 生态环境 as a set phrase and 退役 as a verb
MINISTRY_STEMS = tuple(sorted({k[:-1] for k in NATIONAL_BODIES if k.endswith("部") and len(k) >= 4
                               and not k.startswith("中")}, key=len, reverse=True))
_BODY_ENDS = ("厅", "局", "委员会", "会", "协", "院", "校", "大学", "中学", "小学", "部", "办", "公司", "集团", "银行", "中心",
              "馆", "所", "分行", "支行")
LEVEL_CHARS = set("省市县区州盟旗镇乡党")
# a body's study group or party committee, whose heading names the body that writes (市财政局党组理论学习中心组)
STUDY_GROUP = re.compile("(?:党组|党委|党工委)?(?:理论学习)?中心组$|党组$|党委$")
_TITLE_WORDS = tuple(TITLES)
_NEW_BODY = {"省委", "市委", "县委", "区委", "省政", "市政", "县政", "区政", "、"}
_MAX_BODY = 18
_TWO_BODIES = re.compile("^(.*?[省市县区]委)(?:[省市县区]政府|、)")
_HEAD_TITLE = re.compile("长|[处科]长")
_SCHOOL_HEAD = re.compile("(?:大学|学院)校")  # 浙江大学|校长: the university's name, then its head's title
_SECTION_END = re.compile(rf"[^{CJK}]|$|[长员等和与及的、负]|[科处]长")
_GENERIC_LEFT = re.compile(rf"[^{CJK}]|[的在于和与及是把将对为向从到等了着如让使被]")


def body_end(text: str, start: int) -> int:
    """End of the longest organization name that starts at ``start`` (or start if none).

    A suffix only ends a name when it is not part of an ordinary word with its
    neighbours (部 in 干部 or 部署, 会 in 会议), judged by jieba's word list.
    """
    best = start
    limit = min(len(text), start + _MAX_BODY)
    words = word_list()
    for i in range(start, limit):
        if text[i] in STOP and not (text[i] in "书记长员" and i > start):
            break
        if best > start and text[i] != text[i + 1:i + 2] and (
                best - start >= 2 and words.get(text[i:i + 2], (0, ""))[1] == "v"
                or text[i:i + 2] in BODY_ACTIONS) and not any(
                text.startswith(suffix, i - k) for suffix, k in _SUFFIX_PAIRS.get(text[i:i + 2], ())):
            break  # 市委常委会开展…, 市委第一时间召开…: a whole name, then what it does (处处长 is no verb)
        if text.startswith(("日电", "日讯"), i):
            break  # 西安一月十七日电|陕西省…: a dateline, then the story
        if best > start and text[i] in "原前" and text.startswith(_TITLE_WORDS, i + 1):
            break  # 伊川县水利局原局长: the body, then a former head's title
        if i > start and text[i - 1] in "委府" and text[i:i + 2] in _NEW_BODY:
            break  # 省委省政府: two bodies, not one name
        if text[i] in "和与及" and (text[i + 1:i + 2] in LEVEL_CHARS or best == i):
            break  # 市委主题教育办和省委第五巡回督导组, 红豆集团公司和焦化厂 (but 文化和旅游部)
        if i == start and _pos_at(text, i) in VERB_POS and text[i] != "委" and text[i:i + 2] not in _SUFFIX_SET \
                and not text.startswith(MINISTRY_STEMS, i):
            break  # 宁海紧扣省委, 浙江已完成: a clause, not a name (but 山东省|委办公厅, 浙江省|作协, 湖北省|退役军人事务厅)
        for suffix in _BY_LAST_CHAR.get(text[i], ()):
            first = i - len(suffix) + 1
            if first < start or not text.startswith(suffix, first):
                continue
            if text[i:i + 2] in words and words[text[i:i + 2]][0] > 50 and not _HEAD_TITLE.match(text, i + 1) \
                    and not _SCHOOL_HEAD.match(text, i - 1):
                continue  # 部署, 会议, 局面 (but 局长, 处处长: the body, then its head's title)
            if len(suffix) == 1 and text[i - 1] not in LEVEL_CHARS and _glued(text, start, i):
                continue  # 干部, 社会, 领办 (but not 民政局 or the rare 学馆 of 文学馆)
            if text[i + 1:i + 2] == "长" and text[i - 1] in (text[i], "副"):
                continue  # 服务处处长, 护理科副科长: the head's title, after the body's name
            if suffix in ("院", "校") and text[i + 1:i + 2] == "区":
                continue  # 龙港院区, 校区: a campus
            if suffix in ("校", "学校") and _SCHOOL_HEAD.match(text, i - 2):
                continue  # 浙江大学校长, 北京大学校党委书记: 校 begins the head's title
            if suffix in ("科", "处") and not _SECTION_END.match(text, i + 1):
                continue  # 城西科创大走廊: 科 begins a word, it does not end a section's name
            best = i + 1
            break
    return best


def _pos_at(text: str, i: int) -> str:
    """The part of speech of the longest dictionary word of two to four characters at i (越剧团 a body, though
    jieba calls 越剧 an adverb), or "n"."""
    words = word_list()
    for size in (4, 3, 2):
        if text[i:i + size] in words:
            return words[text[i:i + size]][1]
    return "n"


def first_of_two(name: str) -> int:
    """The length of the first name where two are joined by 和, 与 or 及 (凤凰卫视和中央电视台), each a whole
    body's name, or 0 for one name with 和 inside (文化和旅游部, 人力资源和社会保障厅)."""
    for m in re.finditer("[和与及]", name):
        left, right = name[:m.start()], name[m.end():]
        if len(left) >= 2 and body_end(left + "。", 0) == len(left) and body_end(right + "。", 0) == len(right):
            return len(left)
    return 0


def _glued(text: str, start: int, i: int) -> bool:
    """Whether the one-character suffix at i ends an ordinary word (干部, 党员干部, 场所, 领办)
    in a dictionary reading of the name from ``start``; a body the dictionary knows
    (民政局) or a rare pair (学馆 of 文学馆) leaves the suffix a suffix."""
    words = word_list()
    pos = start
    while pos <= i:
        for size in (4, 3, 2, 1):
            if size == 1 or text[pos:pos + size] in words:
                break
        if pos + size > i:
            if pos + size > i + 1:
                return pos < i  # inside a word (举办活动), or the start of the next one (局长)
            if size < 2 or words.get(text[pos:pos + size], (0, ""))[1] == "nt":
                return False  # the suffix stands alone, or ends a dictionary body name (民政局)
            tail = text[i - 1:i + 1]
            freq, tag = words.get(tail, (0, ""))
            return tail not in _SUFFIX_SET and (freq > 10 or tag.startswith("v"))
        pos += size
    return False


def trim_body(name: str) -> tuple[int, int]:
    """How many characters to drop at the start and the end of a raw body name."""
    lead, trail = 0, 0
    m = _TWO_BODIES.match(name)
    if m:
        trail = len(name) - len(m.group(1))
    core = name[: len(name) - trail]
    if core.endswith("常委") and not core.endswith("常委会"):
        trail += 2
    elif core.endswith(("党委", "党组")) and core[:-2].endswith(_BODY_ENDS):
        trail += 2  # 司法厅党委书记: the post is in the department
    if _SCHOOL_HEAD.fullmatch(name, max(0, len(name) - trail - 3), len(name) - trail):
        trail += 1  # 北京大学校党委书记: the university's, not a 大学校's
    if name.startswith("中共") and not name.startswith("中共中央"):
        lead = 2
    return lead, trail


def function_word_end(text: str, start: int, end: int, stops: tuple = ("v", "d", "p", "c", "u", "r")) -> int:
    """Where a name can begin in text[start:end]: after the last verb, adverb, preposition or
    conjunction of a dictionary max-match (还有|吴兴|新|凤鸣 → 吴兴新凤鸣). Single characters
    count only as prepositions, conjunctions, particles and pronouns; a four-character set
    phrase (全面落实) is never the start of a name."""
    words = word_list()
    cut, i = start, start
    while i < end:
        for size in (4, 3, 2, 1):
            word = text[i:i + size]
            if size == 1 or (i + size <= end and word in words):
                break
        pos = words.get(word, (0, "x"))[1]
        i += len(word)
        if i == end and len(word) > 1 and word in _SUFFIX_SET:
            break  # 湖北省|分行: the suffix that ends a body, whatever else the dictionary calls it
        single = len(word) == 1
        if (pos in stops and (not single or pos in ("p", "c", "u", "r"))) or (
                single and "v" in stops and _GENERIC_LEFT.match(word)) or (len(word) == 4 and pos in ("i", "l")):
            cut = i
    return cut
