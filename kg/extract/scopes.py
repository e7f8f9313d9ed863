"""Who is writing: the actor behind each stretch of a document.

Newspaper pages of speeches carry a byline line (金华市委书记 朱重烈); theory
compilations head each piece with the writing body (北海市投资促进局党组理论学习中心组：).
A place's party committee or government writes for its place; a department,
company or school writes for itself. The actor is who "我们" refers to, and
the implementer of programs the piece reports.
"""
from __future__ import annotations

import re

from kg.extract.bodynames import STUDY_GROUP
from kg.extract.state import DocState, Found, Scope
from kg.types import Relation

_PLACE_BODY = re.compile("^(.+?)(?:委|党委|政府|人民政府|委员会)$")
# the line that closes a reporter's write-up, (本报记者 李灿 整理): what follows is another piece
_PIECE_REACH = 2500  # how far a piece whose writing body is named alone under its headline may run
_PIECE_END = re.compile(r"^[（(](?:本报)?(?:记者|通讯员)[^）)\n]{0,24}[）)][ \t]*$", re.M)


def find_scopes(state: DocState) -> None:
    text = state.text
    starts: list[Scope] = []
    line_starts = {0} | {m.end() for m in re.finditer("\n", text)}
    # a byline line (金华市委书记 朱重烈) speaks for its place; of a chain of posts (丽水市委常委、莲都区委书记
    # 张壮雄) for the post nearest the name, the one the writer holds over the place the piece is about
    bylines: dict[int, Relation] = {}
    for rel in state.posts:
        if rel.relation != "holds_position" or not rel.evidence or rel.tail_label != "LOCALITY":
            continue
        ev = rel.evidence[0]
        line = text.rfind("\n", 0, ev.start) + 1
        line_end = text.find("\n", ev.start)
        line_end = len(text) if line_end < 0 else line_end
        if ev.end >= line_end - 1 and line_end - line <= 30 and (line not in bylines or ev.start > bylines[line].evidence[0].start):
            bylines[line] = rel
    chains = {(r.evidence[0].start, r.evidence[0].end) for r in state.posts if r.evidence}
    for line, rel in bylines.items():
        if (line, rel.evidence[0].end) in chains:  # the line opens with the chain the post was read from
            place = next(iter(state.ctx.table.named(rel.tail)), None)
            starts.append(Scope(line, 0, place, rel.tail, "LOCALITY"))
    alone: set[int] = set()  # starts of scopes opened by a body named alone under a headline
    for f in state.found:
        if f.label != "ORGANIZATION" or f.start not in line_starts:
            continue
        rest = text[f.end:f.end + 12]
        # a heading that names the writing body: its study group, 某局：, or the body alone on its line under a
        # headline (写好服务区域高质量发展答卷 / 金华职业技术学院 / ■某某)
        if not ("理论学习中心组" in f.canonical or "理论学习中心组" in rest[:9] or rest.startswith(("：", ":"))
                or rest.startswith(("党组", "党委"))):
            if not _under_headline(state, f):
                continue
            alone.add(f.start)
        body = STUDY_GROUP.sub("", f.canonical) or f.canonical
        m = _PLACE_BODY.match(body)
        places = [p for p in state.found if p.label == "LOCALITY" and f.start <= p.start < f.end and "adcode" in p.attrs]
        place = state.ctx.table.get(places[-1].attrs["adcode"]) if places else None
        if m and places and m.group(1) == places[-1].canonical or m and places and m.group(1) + "委" == body:
            starts.append(Scope(f.start, 0, place, places[-1].canonical, "LOCALITY"))
        else:
            starts.append(Scope(f.start, 0, place, body, "ORGANIZATION"))
            if place is not None and body.startswith(places[-1].surface):
                state.relate(body, "located_in", place.name, head_label="ORGANIZATION", tail_label="LOCALITY",
                             start=f.start, end=f.end, confidence=0.7)
    starts.extend(_subject_scopes(state, line_starts, starts))
    # after a closing line nobody is known to be writing until the next byline
    starts.extend(Scope(m.end() + 1, 0) for m in _PIECE_END.finditer(text))
    starts = list({s.start: s for s in sorted(starts, key=lambda s: s.start)}.values())  # a body and its group: one
    for i, s in enumerate(starts):
        s.end = starts[i + 1].start if i + 1 < len(starts) else len(text)
        if s.start in alone:
            s.end = min(s.end, s.start + _PIECE_REACH)  # the next piece may open with no byline we know
    state.scopes = starts


def _under_headline(state: DocState, body: Found) -> bool:
    """A body alone on its line, below a headline line that is not itself a list of bodies (a masthead's
    sponsors, one per line)."""
    text = state.text
    if not (text.startswith("\n", body.end) or body.end == len(text)) or body.start == 0:
        return False
    above = text.rfind("\n", 0, body.start - 1) + 1
    line = text[above:body.start - 1]
    if not 2 <= len(line.strip()) <= 30 or any(ch in line for ch in "。！？；"):
        return False
    for f in state.found:
        if f.label == "ORGANIZATION" and above <= f.start and f.end <= body.start - 1:
            line = line.replace(f.surface, "")
    return bool(line.strip())


def _subject_scopes(state: DocState, line_starts: set[int], bylines: list[Scope]) -> list[Scope]:
    """Before any byline (a page cut off above its byline), a paragraph that opens with
    a city or county (绍兴聚焦聚力…) speaks for that place until the next byline."""
    first_byline = min((s.start for s in bylines), default=len(state.text))
    out: list[Scope] = []
    for f in sorted(state.found, key=lambda f: f.start):
        if f.start >= first_byline:
            break
        if f.label != "LOCALITY" or f.start not in line_starts or f.attrs.get("level") not in ("city", "county"):
            continue
        if state.text.startswith(("市委", "县委", "区委", "委"), f.end):
            continue
        if not out or out[-1].actor != f.canonical:
            out.append(Scope(f.start, 0, state.ctx.table.get(f.attrs["adcode"]), f.canonical, "LOCALITY"))
    return out
