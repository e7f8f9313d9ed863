"""LOCALITY entities: divisions resolved in context, villages, countries, regions, zones."""
from __future__ import annotations

import re

from kg.extract.state import CJK, DocState, Found
from kg.gazetteer import Division

# 村 and 社区 names are checked against the village table, longest first
_VILLAGE_END = re.compile("村|社区")
# named zones and parks with a territory: 经开区, 合作区, 示范区, 产业园 ...
_ZONE = re.compile(
    rf"[{CJK}（）()]{{2,16}}?(?:经济技术开发区|高新技术产业开发区|开发区|经开区|高新区|新区|合作区|示范区|试验区|功能区|产业园|科技园|工业园|合作园|片区|科学谷|科创走廊|未来社区|特色小镇|小镇)"
)
_ZONE_LEFT_STOP = re.compile(rf"[^{CJK}（）()]|[的在于和与及是把将对为向从到等了着建设打造推进创建获批成立入选加快]")


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


def find_localities(state: DocState) -> None:
    for hit in state.hits:
        if hit.kind in ("country", "region"):
            state.add(Found("LOCALITY", hit.canonical, hit.start, hit.end, hit.surface, 0.85,
                            {"level": hit.kind}))
            continue
        d = state.ctx.resolve(hit)
        if d is None:
            continue
        hit.canonical = d.name
        confidence = 0.95 if not hit.short and len(hit.candidates) == 1 else 0.8
        division_found(state, d, hit.start, hit.end, confidence)
    _find_villages(state)
    _find_zones(state)


def _find_villages(state: DocState) -> None:
    text, table = state.text, state.ctx.table
    taken = {(f.start, f.end) for f in state.found}
    for m in _VILLAGE_END.finditer(text):
        end = m.end()
        for length in range(6, 1, -1):
            start = end - length
            if start < 0:
                continue
            name = text[start:end]
            if not table.is_village(name) or (start, end) in taken:
                continue
            cands = table.named(name)
            best = max(cands, key=state.ctx.support)
            if state.ctx.support(best) > 0:
                division_found(state, best, start, end, 0.7)
                break


def _find_zones(state: DocState) -> None:
    text = state.text
    for m in _ZONE.finditer(text):
        start, end = m.start(), m.end()
        # trim the left edge back to where a name can start
        span = text[start:end]
        cut = 0
        for i, ch in enumerate(span[:-2]):
            if _ZONE_LEFT_STOP.match(ch):
                cut = i + 1
        start += cut
        name = text[start:end]
        if len(name) < 5:
            continue
        state.add(Found("LOCALITY", name, start, end, name, 0.6, {"level": "zone"}))
