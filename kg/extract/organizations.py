"""ORGANIZATION entities and their located_in links.

Three sources, from most to least certain: a place name followed by a body
(嵊州市委, 杭州市拱墅区人民检察院, 浙江理工大学); a bare body whose place
the document settles (市委组织部 in a Shaoxing article → 绍兴市委组织部);
central bodies and nationwide organizations from a reference lexicon. Names
ending in a company/school/institute suffix after a clause boundary are
added with lower confidence.
"""
from __future__ import annotations

import re
from functools import lru_cache

import ahocorasick_rs

from kg.extract.state import CJK, DocState, Found
from kg.gazetteer.lexicon import NATIONAL_BODIES, word_list

# what may end an organization's name, longest first
_SUFFIXES = sorted((
    "委员会", "常委会", "党委", "党组", "党工委", "纪委监委", "纪委", "监委", "人大常委会", "人大", "政协", "人民政府", "政府",
    "办公厅", "办公室", "组织部", "宣传部", "统战部", "政法委", "网信办", "编办", "人才办", "教育办", "无障碍办",
    "厅", "局", "委", "办", "部", "署", "院", "所", "中心", "馆", "社", "协会", "学会", "联合会", "商会", "作协", "工商联",
    "基金会", "大学", "学院", "学校", "党校", "中学", "小学", "医院", "研究院", "研究所", "实验室", "法院", "检察院",
    "集团", "公司", "银行", "日报", "晚报", "报社", "电视台", "出版社", "杂志社", "管委会", "合作社", "理论学习中心组",
    "督导组", "工作组", "指挥部", "知联会", "新阶联", "科", "处",
), key=len, reverse=True)
_STOP = set("的在是了把将对为与及等已由被从向到并，、。；：！？“”‘’《》,.;:!? \n书记长员")
_SUFFIX_SET = set(_SUFFIXES)
_BY_LAST_CHAR: dict[str, list[str]] = {}
for _suffix in _SUFFIXES:
    _BY_LAST_CHAR.setdefault(_suffix[-1], []).append(_suffix)
_TITLE_AFTER = re.compile("书记|副书记|常委(?!会)|代表|委员")
_VERB_POS = ("v", "d", "p", "c")
_CLAUSE_POS = ("d", "p", "u", "r")
_BODY_ENDS = ("厅", "局", "委员会", "会", "协", "院", "校", "部", "办", "公司", "集团")
_LEVEL_CHARS = set("省市县区州盟旗镇乡党")
_NEW_BODY = {"省委", "市委", "县委", "区委", "省政", "市政", "县政", "区政", "、"}
_MAX_BODY = 18
_TWO_BODIES = re.compile("^(.*?[省市县区]委)(?:[省市县区]政府|、)")
_BARE = re.compile(rf"(自治区|省|市|县|区)(?![场域级区内外长]|民(?!政))(?=委|党委|政府|人大|政协|纪委|[{CJK}]{{1,8}}?(?:厅|局|办|中心|集团|工商联|作协|协会|联合会))")
_BARE_BLOCK = set("城都全本各该地郊辖新老景社园片校山特自本跨近街镇乡村")
_GENERIC = re.compile(rf"[{CJK}]{{2,12}}?(?:股份有限公司|有限公司|控股集团|集团)")
_ENUMERATION = re.compile(
    rf"((?:[{CJK}A-Za-z]{{2,10}}、)+[{CJK}A-Za-z]{{2,8}})等(?:一批|一大批|多家|[0-9一二三四五六七八九十]+家)?[{CJK}]{{0,6}}?(?:企业|公司|项目|集团)")
_PERIODICALS = re.compile(f"((?:《[^《》]{{1,12}}》[和、]?)+)等[{CJK}]{{0,4}}?(?:刊物|期刊|杂志|报刊|报纸|媒体)")
_COMMON = 300
_BRINGS_IN = re.compile("引进|招引|引入|签约|落地|落户|联合|携手|合作|包括|集聚|吸引")
_GENERIC_LEFT = re.compile(rf"[^{CJK}]|[的在于和与及是把将对为向从到等了着如让使被]")


def _extend_body(text: str, start: int) -> int:
    """End of the longest organization name that starts at ``start`` (or start if none).

    A suffix only ends a name when it is not part of an ordinary word with its
    neighbours (部 in 干部 or 部署, 会 in 会议), judged by jieba's word list.
    """
    best = start
    limit = min(len(text), start + _MAX_BODY)
    words = word_list()
    for i in range(start, limit):
        if text[i] in _STOP and not (text[i] in "书记长员" and i > start):
            break
        if i > start and text[i - 1] in "委府" and text[i:i + 2] in _NEW_BODY:
            break  # 省委省政府: two bodies, not one name
        if text[i] in "和与及" and text[i + 1:i + 2] in _LEVEL_CHARS:
            break  # 市委主题教育办和省委第五巡回督导组
        if i == start and words.get(text[i:i + 2], (0, "n"))[1] in _VERB_POS:
            break  # 宁海紧扣省委, 浙江已完成: a clause, not a name
        for suffix in _BY_LAST_CHAR.get(text[i], ()):
            first = i - len(suffix) + 1
            if first < start or not text.startswith(suffix, first):
                continue
            if text[i:i + 2] in words and words[text[i:i + 2]][0] > 50:
                continue  # 部署, 会议, 局面
            if len(suffix) == 1 and text[i - 1] not in _LEVEL_CHARS and text[i - 1:i + 1] in words and text[i - 1:i + 1] not in _SUFFIX_SET:
                continue  # 干部, 社会
            best = i + 1
            break
    return best


def _clean(name: str) -> tuple[int, int]:
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
    if name.startswith("中共") and not name.startswith("中共中央"):
        lead = 2
    return lead, trail


def _covered(state: DocState, start: int, end: int) -> bool:
    return state.covered("ORGANIZATION", start, end)


def _add_org(state: DocState, start: int, end: int, canonical: str, confidence: float, place=None) -> None:
    for close, opening in (("）", "（"), (")", "(")):
        if close in canonical and opening not in canonical:
            return  # 湖州）研究院: the name began before the span
    if _TITLE_AFTER.match(state.text, end) and canonical.endswith(("委", "人大", "政协")):
        return  # 区委书记, 省人大代表: the words name a post, the post's place is found by the person stage
    org = state.add(Found("ORGANIZATION", canonical, start, end, state.text[start:end], confidence))
    if place is not None:
        state.relate(org, "located_in", place.name, head_label="ORGANIZATION", tail_label="LOCALITY",
                     start=start, end=end, confidence=confidence)


@lru_cache(maxsize=1)
def _national():
    keys = sorted(NATIONAL_BODIES)
    return keys, ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


def find_organizations(state: DocState) -> None:
    text = state.text
    table = state.ctx.table
    places = sorted((f for f in state.found if f.label == "LOCALITY" and "adcode" in f.attrs), key=lambda f: f.start)
    for f in places:
        if _covered(state, f.start, f.end):
            continue
        begin = f.start - 2 if text[max(0, f.start - 2):f.start] == "中共" else f.start
        end = _extend_body(text, f.end)
        if end == f.end:
            continue
        lead, trail = _clean(text[begin:end])
        end -= trail
        if function_word_end(text, f.end, end, _CLAUSE_POS) > f.end:
            continue  # 湖州各级党外人士十分重视社: a clause, not a name
        if end - begin - lead <= len(f.surface):
            continue
        _add_org(state, begin, end, text[begin + lead:end], 0.85, table.get(f.attrs["adcode"]))
    keys, automaton = _national()
    for index, start, end in automaton.find_matches_as_indexes(text):
        if _covered(state, start, end):
            continue
        _add_org(state, start, end, NATIONAL_BODIES[keys[index]], 0.9)
    _find_generic(state)
    _find_enumerated(state)
    _find_periodicals(state)


def _all_common(name: str) -> bool:
    """生物医药, 高端装备: two-character words that are all common, so an industry, not a
    brand (贝达药业 and 惠科电子 start with a rare pair)."""
    words = word_list()
    if len(name) % 2:
        pairs = [name[:1], name[1:]] if name[1:] in words else [name]
    else:
        pairs = [name[i:i + 2] for i in range(0, len(name), 2)]
    return all(words.get(p, (0, ""))[0] >= _COMMON for p in pairs)


def _find_enumerated(state: DocState) -> None:
    """Names listed before 等…企业/项目 are companies: 引进了比亚迪、贝达药业等一批龙头项目."""
    text = state.text
    words = word_list()
    for m in _ENUMERATION.finditer(text):
        if not _BRINGS_IN.search(text, max(0, m.start(1) - 8), m.start(1) + m.group(1).find("、")):
            continue  # 新材料、生物医药、高端装备等企业: industries, unless someone brings the names in
        pos = m.start(1)
        for item in m.group(1).split("、"):
            start, end = pos, pos + len(item)
            pos = end + 1
            start = function_word_end(text, start, end)
            name = text[start:end]
            if len(name) < 2 or words.get(name, (0, ""))[0] > 50 or _all_common(name) or any(
                    state.covered(label, start, end) for label in ("ORGANIZATION", "LOCALITY", "PERSON")):
                continue
            _add_org(state, start, end, name, 0.55)


def _find_periodicals(state: DocState) -> None:
    """Titles in 《》 that the text calls periodicals (《江南》《西湖》等文学刊物) are media bodies."""
    text = state.text
    for m in _PERIODICALS.finditer(text):
        for title in re.finditer("《([^《》]{1,12})》", m.group(1)):
            start, end = m.start(1) + title.start(1), m.start(1) + title.end(1)
            _add_org(state, start, end, title.group(1), 0.6)


def find_bare_organizations(state: DocState) -> None:
    """Bodies named without their place (省委, 市委组织部); needs the document's scopes."""
    text = state.text
    for m in _BARE.finditer(text):
        start = m.start()
        if start > 0 and text[start - 1] in _BARE_BLOCK or _covered(state, start, start + 2):
            continue
        if state.covered("LOCALITY", start, start + 1):
            continue
        end = _extend_body(text, m.end())
        if end == m.end():
            continue
        home = state.home(m.group(1), start)
        if home is None:
            continue
        end -= _clean(text[start:end])[1]
        _add_org(state, start, end, home.name + text[start + len(m.group(1)):end], 0.7, home)


def function_word_end(text: str, start: int, end: int, stops: tuple = ("v", "d", "p", "c", "u", "r")) -> int:
    """Where a name can begin in text[start:end]: after the last verb, adverb, preposition or
    conjunction of a dictionary max-match (还有|吴兴|新|凤鸣 → 吴兴新凤鸣). Single characters
    count only as prepositions, conjunctions, particles and pronouns."""
    words = word_list()
    cut, i = start, start
    while i < end:
        for size in (4, 3, 2, 1):
            word = text[i:i + size]
            if size == 1 or (i + size <= end and word in words):
                break
        pos = words.get(word, (0, "x"))[1]
        i += len(word)
        single = len(word) == 1
        if (pos in stops and (not single or pos in ("p", "c", "u", "r"))) or (
                single and "v" in stops and _GENERIC_LEFT.match(word)):
            cut = i
    return cut


def _find_generic(state: DocState) -> None:
    text = state.text
    for m in _GENERIC.finditer(text):
        start, end = m.start(), m.end()
        suffix = next(s for s in ("股份有限公司", "有限公司", "控股集团", "集团") if text.endswith(s, start, end))
        start = function_word_end(text, start, end - len(suffix))
        if end - start < 4 or _covered(state, start, end) or text[start] in _LEVEL_CHARS:
            continue  # 省人才发展集团 is a bare body: find_bare_organizations names its place
        prefix = text[start:end].rsplit("集团", 1)[0] if "公司" not in text[start:end] else ""
        if word_list().get(prefix, (0, ""))[0] > 500:
            continue  # 利益集团: an ordinary word before the suffix
        _add_org(state, start, end, text[start:end], 0.5)


def link_bodies_to_places(state: DocState) -> None:
    """located_in for every place named inside a body's name: 中国作协 → 中国,
    杭州市上城区四季青街道社区卫生服务中心 → 上城区 and 四季青街道."""
    places = [f for f in state.found if f.label == "LOCALITY"]
    for org in [f for f in state.found if f.label == "ORGANIZATION"]:
        for place in places:
            if org.start <= place.start and place.end <= org.end and place.canonical != org.canonical:
                state.relate(org, "located_in", place, head_label="ORGANIZATION", tail_label="LOCALITY",
                             start=org.start, end=org.end, confidence=0.85)
