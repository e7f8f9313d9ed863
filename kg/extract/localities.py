"""LOCALITY entities: divisions resolved in context, villages, countries, regions, zones."""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.places import PlaceHit, place_matcher
from kg.extract.bodynames import body_end, function_word_end
from kg.extract.state import CJK, DocState, Found
from kg.extract.scan import finditer_near
from kg.extract.textview import text_view
from kg.gazetteer import Division
from kg.gazetteer.lexicon import word_list

# 村 and 社区 names are checked against the village table, longest first
_VILLAGE_END = re.compile("村|社区")
# named zones and parks with a territory: 经开区, 合作区, 示范区, 产业园 ...
_ZONE = re.compile(
    rf"[{CJK}（）()]{{2,16}}?(?:经济技术开发区|高新技术产业开发区|开发区|经开区|高新区|新区|合作区|示范区|试验区|功能区|产业园|科技园|工业园|合作园|片区|科学谷|科创走廊|未来社区|特色小镇|小镇)"
)
# a zone's name ends in its head's last character, at most 16 + 8 characters after its start
_ZONE_END = re.compile("[区园谷廊镇]")
_ZONE_REACH = 24
_QUOTED_NAME = 10
_RANKING = re.compile(rf"[{CJK}]{{0,10}}?(?:指数|榜|排行|百强|500强)")
_LEVEL_WORDS = ("街道", "社区", "村", "镇", "乡")
_ZONE_VERB = re.compile("建设|打造|推进|推动|创建|争创|建成|获批|成立|入选|加快")
_ZONE_LEFT_POS = ("v", "p", "c", "u", "r")
_ELIDED_ZONE = re.compile(rf"([{CJK}]{{2,4}}[(（][{CJK}]{{2,4}}[)）])、$")
_ZONE_LEFT_STOP = re.compile(rf"[^{CJK}（）()]|[省市]|[的在于和与及是把将对为向从到等了着以驻建设打造推进创建获批成立入选加快]")
_COMMON_STEM = 100  # jieba frequency from which a division's name without its 县/市/区 is an ordinary word (富裕)


def division_attrs(d: Division, table) -> dict:
    attrs = {"adcode": d.adcode, "level": d.level}
    parent = table.get(d.parent_adcode) if d.parent_adcode else None
    if parent is not None:
        attrs["parent"] = parent.name
        attrs["parent_adcode"] = parent.adcode
    if d.lat is not None:
        attrs["lat"], attrs["lon"] = d.lat, d.lon
    return attrs


def division_found(state: DocState, d: Division, start: int, end: int, confidence: float) -> Found:
    return state.add(Found("LOCALITY", d.name, start, end, state.text[start:end], confidence,
                           division_attrs(d, state.ctx.table)))


def _inside_title(text: str, start: int) -> bool:
    """Inside 《…》: a book or magazine title, not a place mention."""
    opening = text.rfind("《", max(0, start - 30), start)
    return opening >= 0 and "》" not in text[opening:start]


def _inside_quoted_name(text: str, start: int, end: int) -> bool:
    """Part of a short quoted name (“人民江山论”, “亚洲园”, “西湖·新锐文学奖”): a doctrine,
    brand or award that names the place, not a mention of it; a quoted place alone
    (“绍兴”) or a quoted body's name (“浙江文学馆”) still is one."""
    opening = text.rfind("“", max(0, start - _QUOTED_NAME), start + 1)
    if opening < 0 or "”" in text[opening:start]:
        return False
    closing = text.find("”", end, end + _QUOTED_NAME)
    if closing < 0 or "“" in text[end:closing] or closing - opening - 1 == end - start:
        return False
    return body_end(text, end) != closing  # “浙江文学馆”: a body's name, whose place counts


def find_localities(state: DocState) -> None:
    text = state.text
    for hit in state.hits + _broken_hits(text):
        if _inside_title(text, hit.start) or _inside_quoted_name(text, hit.start, hit.end):
            continue
        if hit.kind == "country" and text.startswith(("式", "特色"), hit.end):
            continue  # 中国式现代化, 中国特色社会主义: doctrines, not the country
        if hit.kind == "country" and _RANKING.match(text, hit.end):
            continue  # 位列中国县域共同富裕指数百强榜: the title of a ranking
        if hit.kind in ("country", "region"):
            state.add(Found("LOCALITY", hit.canonical, hit.start, hit.end, text[hit.start:hit.end], 0.85,
                            {"level": hit.kind}))
            continue
        d = state.ctx.resolve(hit)
        if d is None:
            continue
        if len(d.name) == 2 and not hit.short and state.ctx.support(d) - state.ctx.score.get(d.adcode, 0) <= 0:
            continue  # 范县 inside 示范县: two-character names need the document's backing
        if text.startswith("域", hit.end) and word_list().get(d.name[:-1], (0, ""))[0] >= _COMMON_STEM \
                and _backing_elsewhere(state, d) <= 0:
            continue  # 共同富裕|县域: a common word runs into 县域 or 市域, unless the document backs the place elsewhere
        hit.canonical = d.name
        confidence = 0.95 if not hit.short and len(hit.candidates) == 1 else 0.8
        division_found(state, d, hit.start, hit.end, confidence)
    _find_villages(state)
    _find_zones(state)


def _backing_elsewhere(state: DocState, d: Division) -> float:
    """What places other than d's own mentions add to d's support (each mention of d also backs its ancestors)."""
    ctx = state.ctx
    return ctx.support(d) - ctx.score.get(d.adcode, 0.0) * (1 + len(ctx.table.ancestors(d.adcode)))


def _broken_hits(text: str) -> list[PlaceHit]:
    """Place names that a newspaper column breaks across lines (宁\n\n波市), with their
    offsets in the original text."""
    view = text_view(text)
    if view.text == text:
        return []
    out = []
    for hit in place_matcher().find(view.text):
        start, end = view.start(hit.start), view.end(hit.end)
        if end - start > hit.end - hit.start:
            hit.start, hit.end = start, end
            out.append(hit)
    return out


def _find_villages(state: DocState) -> None:
    text, table = state.text, state.ctx.table
    taken = {(f.start, f.end) for f in state.found}
    common = _common_words()
    for m in _VILLAGE_END.finditer(text):
        end = m.end()
        for length in range(6, 1, -1):
            start = end - length
            if start < 0:
                continue
            name = text[start:end]
            if name.startswith(_LEVEL_WORDS):
                continue  # 四季青街道社区卫生服务中心: a level word, then 社区, is no village's name
            if not table.is_village(name) or (start, end) in taken or name in common:
                continue
            cands = table.named(name)
            best = max(cands, key=lambda d: state.ctx.support(d, local=True))
            if state.ctx.support(best, local=True) > 0:
                division_found(state, best, start, end, 0.7)
                break


def _find_zones(state: DocState) -> None:
    """Named zones start at a place name (杭州临空经济示范区), hold one in brackets
    (中欧(上虞)国际产业合作园) or begin with a proper name of their own (杭绍…, 南滨…);
    neighbourhood-sized ones (未来社区, 小镇) start after the last division named before them.
    A zone's sub-area named by a place (…示范区绍兴片区) belongs to its name."""
    view = text_view(state.text)
    text = view.text
    places = sorted(((view.at(f.start), view.at(f.end), f) for f in state.found
                     if f.label == "LOCALITY" and "adcode" in f.attrs), key=lambda p: p[0])
    taken = 0
    for m in finditer_near(_ZONE, text, _ZONE_END, _ZONE_REACH):
        start, end = m.start(), _sub_area_end(text, m.end(), places)
        if end <= taken:
            continue
        inner = [p for p in places if start <= p[0] and p[1] < m.end()]
        small = m.group(0).endswith(("社区", "小镇"))
        if "(" in m.group(0) or "（" in m.group(0):
            start = _trim_left(text, start, end)
        elif small:
            start = inner[-1][1] if inner else _trim_left(text, start, end)
            if not inner and not _proper_name_at(text, start):
                continue  # 专业化特色小镇, 3个体育特色小镇: a kind of town, not one
        else:
            cut = max([function_word_end(text, start, m.end() - 2, _ZONE_LEFT_POS)]
                      + [v.end() for v in _ZONE_VERB.finditer(text, start, m.end() - 2)])
            inner = [p for p in inner if p[0] >= cut]  # 绍兴市奋力推动…示范区: the verb ends the place's part
            start = inner[0][0] if inner else _proper_start(text, cut, m.end())
            if start is None:
                continue
        name = text[start:end]
        if len(name) < (6 if small else 5):
            continue
        _add_zone(state, view, start, end)
        taken = end
        if name.count("(") + name.count("（") == 1:
            _add_elided_zone(state, view, start, name)


def _add_zone(state: DocState, view, start: int, end: int) -> None:
    first, last = view.start(start), view.end(end)
    state.found = [f for f in state.found  # 经开区 read as a short division name inside 南滨省级经开区
                   if not (f.label == "LOCALITY" and first < f.start and f.end == last and "adcode" in f.attrs)]
    state.add(Found("LOCALITY", view.text[start:end], first, last, state.text[first:last], 0.6, {"level": "zone"}))


def _sub_area_end(text: str, end: int, places) -> int:
    """…示范区绍兴片区: a place and 片区/园区 right after a zone extend its name."""
    for p_start, p_end, _f in places:
        if p_start == end and text.startswith(("片区", "园区"), p_end):
            return p_end + 2
    return end


def _proper_start(text: str, start: int, end: int):
    """Where a zone name without a division in it begins, or None when what precedes the
    zone word is not a proper name (国家级经济技术开发区, 数字经济产业园)."""
    start = function_word_end(text, start, end - 2, _ZONE_LEFT_POS)
    return start if end - start >= 5 and _proper_name_at(text, start) else None


def _proper_name_at(text: str, start: int) -> bool:
    """Whether a proper name begins at start: a place or person word (海峡, 雪峰) or a pair
    the dictionary does not know (杭绍, 南滨) that does not open with a verb or a
    classifier (聚力, 个自治区)."""
    words = word_list()
    freq, pos = words.get(text[start:start + 2], (0, ""))
    if freq == 0:
        return words.get(text[start], (0, ""))[1] not in ("v", "q", "m")
    return pos.startswith(("ns", "nr", "nz"))


def _add_elided_zone(state: DocState, view, start: int, name: str) -> None:
    """中欧(上虞)、中日韩(越城)国际产业合作园: the first zone shares the second's head."""
    head = name[max(name.find(")"), name.find("）")) + 1:]
    m = _ELIDED_ZONE.search(view.text, max(0, start - 14), start)
    if m and head:
        bracket = m.start(1) + re.search("[(（]", m.group(1)).start()
        words = word_list()  # 做强中欧(上虞): the name is the place-like word before the bracket
        first = next((i for i in range(m.start(1), bracket - 1)
                      if words.get(view.text[i:bracket], (0, ""))[1].startswith(("ns", "nz", "j"))), bracket - 2)
        _add_zone(state, view, first, m.end(1))
        state.found[-1].canonical = view.text[first:m.end(1)] + head


def _trim_left(text: str, start: int, end: int) -> int:
    cut = 0
    for i, ch in enumerate(text[start:end - 2]):
        if _ZONE_LEFT_STOP.match(ch):
            cut = i + 1
    return start + cut


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Dictionary words that are also village names somewhere (城中村, 一村)."""
    return frozenset(w for w, (freq, _pos) in word_list().items() if freq > 20 and w.endswith(("村", "社区")))
