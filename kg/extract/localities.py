"""LOCALITY entities: divisions resolved in context, villages, countries, regions, zones."""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.places import PlaceHit, place_matcher
from kg.extract.state import CJK, DocState, Found
from kg.extract.textview import text_view
from kg.gazetteer import Division
from kg.gazetteer.lexicon import word_list

# 村 and 社区 names are checked against the village table, longest first
_VILLAGE_END = re.compile("村|社区")
# named zones and parks with a territory: 经开区, 合作区, 示范区, 产业园 ...
_ZONE = re.compile(
    rf"[{CJK}（）()]{{2,16}}?(?:经济技术开发区|高新技术产业开发区|开发区|经开区|高新区|新区|合作区|示范区|试验区|功能区|产业园|科技园|工业园|合作园|片区|科学谷|科创走廊|未来社区|特色小镇|小镇)"
)
_ZONE_LEFT_STOP = re.compile(rf"[^{CJK}（）()]|[省市]|[的在于和与及是把将对为向从到等了着以驻建设打造推进创建获批成立入选加快]")


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


def find_localities(state: DocState) -> None:
    text = state.text
    for hit in state.hits + _broken_hits(text):
        if _inside_title(text, hit.start):
            continue
        if hit.kind == "country" and text.startswith(("式", "特色"), hit.end):
            continue  # 中国式现代化, 中国特色社会主义: doctrines, not the country
        if hit.kind in ("country", "region"):
            state.add(Found("LOCALITY", hit.canonical, hit.start, hit.end, text[hit.start:hit.end], 0.85,
                            {"level": hit.kind}))
            continue
        d = state.ctx.resolve(hit)
        if d is None:
            continue
        if len(d.name) == 2 and not hit.short and state.ctx.support(d) - state.ctx.score.get(d.adcode, 0) <= 0:
            continue  # 范县 inside 示范县: two-character names need the document's backing
        hit.canonical = d.name
        confidence = 0.95 if not hit.short and len(hit.candidates) == 1 else 0.8
        division_found(state, d, hit.start, hit.end, confidence)
    _find_villages(state)
    _find_zones(state)


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
            if not table.is_village(name) or (start, end) in taken or name in common:
                continue
            cands = table.named(name)
            best = max(cands, key=lambda d: state.ctx.support(d, local=True))
            if state.ctx.support(best, local=True) > 0:
                division_found(state, best, start, end, 0.7)
                break


def _find_zones(state: DocState) -> None:
    """Named zones start at a place name (杭州临空经济示范区) or hold one in brackets
    (中欧(上虞)国际产业合作园); neighbourhood-sized ones (未来社区, 小镇) start after
    the last division named before them."""
    text = state.text
    places = sorted((f for f in state.found if f.label == "LOCALITY" and "adcode" in f.attrs), key=lambda f: f.start)
    for m in _ZONE.finditer(text):
        start, end = m.start(), m.end()
        inner = [p for p in places if start <= p.start and p.end < end]
        small = m.group(0).endswith(("社区", "小镇"))
        if "(" in m.group(0) or "（" in m.group(0):
            start = _trim_left(text, start, end)
        elif small:
            start = inner[-1].end if inner else _trim_left(text, start, end)
        elif inner:
            start = inner[0].start
        else:
            continue
        name = text[start:end]
        if len(name) < (6 if small else 5):
            continue
        state.add(Found("LOCALITY", name, start, end, name, 0.6, {"level": "zone"}))


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
