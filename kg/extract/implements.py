"""implements: which place or body launches, runs or reports a program.

A reader takes the implementer from the sentence's own subject when it opens
with a place or body (绍兴聚焦聚力三个“一号工程”; 全省深入实施…), and otherwise
from whoever is writing that part of the document (its scope).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

from kg.extract.state import DocState, Found

_SENTENCE_ENDS = "。！？!?\n"
_WHOLE = re.compile("(?:全省|我省|全市|我市|全县|我县|全区|我区)")
_SUBJECT_REACH = 3
_ENOUGH = 3  # a division's weight in a stretch (2 a mention, 1 a place inside it) that makes it the stretch's
_STRETCH = 1500  # how far back a roundup may have named the place a program's stretch is about
# a line that opens a piece or a section: a heading (no sentence end in it), a byline (■ 张三), a marked subhead (●)
_HEADING = re.compile(r"^[ \t\u3000]*(?:[■●◆▲].*|[^。！？\n]{2,30})$", re.M)
# what may open a clause before its acting subject, and what joins two subjects
_CLAUSE_LEAD = re.compile("由|经|并由|同时|还|并")
_SAY_VERBS = "表示|指出|介绍|强调|说|认为"
_SAYS = re.compile(f"[，,]?(?:{_SAY_VERBS}|提出)")
_REPORTED = re.compile(f"(?:{_SAY_VERBS})[，,：:]")  # what follows is the reported words
_JOINER = re.compile("[和与及、]|以及|会同|联合")
# an undertaking is done, not just named: the sentence says someone launches, runs or reports it
_ACTION = re.compile("实施|推进|开展|深化|落实|打造|启动|推行|聚焦|抓好|抓实|探索|创新|举办|组织|建立|构建|出台|制定|发布|"
                     "推广|完善|健全|实现|取得|形成|建成|打响|擦亮|做实|做深|用好|发挥|坚持|谋划|部署|召开|持续|入选|获评|成功|推出")
# where the reporter learned it (记者从福建省生态环境厅获悉): a source, not the subject
_SOURCE_BEFORE = re.compile("从|据")
_AGENCIES = "本报|新华社|中新社|人民网|新华网|央视网"
_AGENCY = re.compile(f"(?:{_AGENCIES})$")
_DATELINE = re.compile(rf"(?:{_AGENCIES})[^\n，。（(]{{0,14}}?(?:电|讯)[ \t\u3000]*"
                       r"(?:[（(][^）)\n]{0,30}[）)])?[ \t\u3000]*")


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding pos begins, after any opening dashes or bullets and a dateline (本报兰州电
    （记者 某某）…: the city the report was filed from is not what the sentence is about)."""
    start = max(text.rfind(end, 0, pos) for end in _SENTENCE_ENDS) + 1
    while start < pos and text[start] in "—-－●■◆·• ":
        start += 1
    dateline = _DATELINE.match(text, start, pos)
    return dateline.end() if dateline else start


def find_implements(state: DocState) -> None:
    text = state.text
    # the longest first where two start together: 金华职业技术学院 before the 金华市 inside it
    actors = sorted((f for f in state.found if f.label in ("LOCALITY", "ORGANIZATION")), key=lambda f: (f.start, -f.end))
    # text before any byline (a report, or a page cut off above its byline) speaks for its main place
    main_place = _MainPlace(state, min((s.start for s in state.scopes), default=len(text)))
    starts = [f.start for f in actors]
    for program in [f for f in state.found if f.label == "PROGRAM"]:
        begin = _sentence_start(text, program.start)
        # the sentence's subject and the bodies acting in the program's own clause all implement it
        before = actors[bisect.bisect_left(starts, begin):bisect.bisect_left(starts, program.start)]
        owner = _owner(state, before, program.start)
        if owner is not None:  # 如美欣达集团的“五彩党建”、大东吴集团的“四梁八柱”: each body its own
            state.relate(owner.canonical, "implements", program, head_label=owner.label, tail_label="PROGRAM",
                         start=owner.start, end=program.end, confidence=0.7)
            continue
        said = _REPORTED.search(text, begin, program.start)
        # 组织部负责人表示，全市正在推广…: the reported words have a subject of their own
        subjects = said and _subject(state, before, said.end(), program.start) or _subject(state, before, begin, program.start)
        clause = _clause_subjects(state, before, begin, program.start)
        if any(label == "LOCALITY" for _, label, _ in clause):
            subjects = clause  # 福州市实施…，厦门市推出“益企服务”专项行动: each clause has its own place
        else:
            subjects += [s for s in clause if s[0] not in {n for n, _, _ in subjects}]
        subjects = subjects or _speaker_body(state, begin, program.start)
        if not subjects:
            scope = state.scope_at(program.start)
            if scope is not None and scope.actor is not None and _ACTION.search(text, begin, program.end + 4):
                subjects = [(scope.actor, scope.actor_label, 0.6)]
            elif scope is None and _ACTION.search(text, begin, program.end + 4):
                place = main_place.at(program.start)
                subjects = [(place, "LOCALITY", 0.5)] if place is not None else []
        for name, label, confidence in subjects:
            state.relate(name, "implements", program, head_label=label, tail_label="PROGRAM",
                         start=begin, end=program.end, confidence=confidence)


def _owner(state: DocState, actors: list[Found], at: int):
    """The body or division whose program it is, written as its possession right before it (X的“P”)."""
    owner = max((f for f in actors if f.end <= at and state.text[f.end:at] in ("的", "")),
                key=lambda f: f.end - f.start, default=None)
    return None if owner is None or owner.attrs.get("level") in ("region", "country") else owner


def _clause_subjects(state: DocState, actors: list[Found], begin: int, until: int) -> list[tuple[str, str, float]]:
    """Bodies that open the program's own clause and act in it: 由市委主题教育办和省委第五巡回督导组共同构建“六联”工作机制."""
    text = state.text
    clause = max(begin, max((text.rfind(c, begin, until) + 1 for c in "，；：,;:"), default=begin))
    if clause == begin:
        return []
    lead = _CLAUSE_LEAD.match(text, clause)
    pos = lead.end() if lead else clause
    out: list[tuple[str, str, float]] = []
    for f in actors:
        if f.start < pos or f.label != "ORGANIZATION" and f.attrs.get("level") in ("region", "country"):
            continue
        if f.start > pos or f.end > until:
            break
        out.append((f.canonical, f.label, 0.7))
        joiner = _JOINER.match(text, f.end)
        pos = joiner.end() if joiner else -1
    return out if out and _ACTION.search(text, pos if pos > 0 else clause, until) else []


def _speaker_body(state: DocState, begin: int, until: int) -> list[tuple[str, str, float]]:
    """Where an official announces it (浙江省发展和改革委员会党组书记、主任杜旭亮表示，将迭代升级“8+4”政策体系),
    the body or place of the post speaks."""
    for rel in state.posts:
        if rel.relation != "holds_position" or not rel.tail or not rel.evidence:
            continue
        ev = rel.evidence[0]
        if begin <= ev.start and ev.end <= until and _SAYS.match(state.text, ev.end):
            return [(rel.tail, rel.tail_label, 0.65)]
    # 梁某表示，医院将…: an official named bare, whose post an earlier sentence gave, speaks for its body
    text = state.text
    post = next((r for r in state.posts if r.tail and r.evidence and r.evidence[0].end <= begin
                 and text.startswith(r.head, begin) and _SAYS.match(text, begin + len(r.head))), None)
    return [(post.tail, post.tail_label, 0.6)] if post is not None else []


def _subject(state: DocState, actors: list[Found], begin: int, until: int) -> list[tuple[str, str, float]]:
    """The place or body a sentence opens with, and the bodies joined to a body (A银行、B局联合开展…; places
    in a row are more often a list of speakers, each with a topic of their own); of 长兴县小浦镇 the innermost,
    小浦镇."""
    text = state.text
    found, joined = None, []
    for f in actors:
        if f.start >= until or f.start > (found.end if found else begin + _SUBJECT_REACH):
            joiner = _JOINER.match(text, found.end) if found is not None and found.label == "ORGANIZATION" else None
            if joiner is None or f.start != joiner.end() or f.end > until or f.label != "ORGANIZATION":
                break
            joined.append(found)
            found = None
        if f.start >= begin and f.end <= until and f.attrs.get("level") not in ("region", "country") \
                and not _SOURCE_BEFORE.match(text, f.start - 1):
            if found is None or f.start == found.end and f.label == "LOCALITY":
                found = f
    if found is not None:
        post = _post_around(state, found)
        if post is not None and not joined:
            return [(post.tail, post.tail_label, 0.7)]
        return [(f.canonical, f.label, 0.75) for f in joined + [found]]
    m = _WHOLE.match(state.text, begin)
    if m:
        home = state.home(m.group(0)[1], begin)
        if home is not None:
            return [(home.name, "LOCALITY", 0.7)]
    return []


def _post_around(state: DocState, found: Found):
    """The post nearest its holder's name when the sentence opens with a title chain (湖北省委常委、武汉市委书记郭某
    主持召开…): the holder acts in that post, so 武汉市 is the subject, not 湖北省 or the person."""
    chain = [r for r in state.posts if r.evidence and r.evidence[0].start <= found.start < r.evidence[0].end]
    if not chain:
        return None
    end = chain[0].evidence[0].end
    nearest = max((r for r in state.posts if r.evidence and r.evidence[0].end == end), key=lambda r: r.evidence[0].start)
    return nearest if nearest.tail is not None else None


class _MainPlace:
    """The division the text before any byline is about, near a position. In a roundup of places (温州…, then
    湖州…) it is the one the stretch since the last heading names most, where a place inside it counts half for
    it (文成县巨屿镇… 温州: 温州市), if it has at least half of the stretch and a mention and a half. Else the
    document's most mentioned division, if it has at least half of the mentions; else the one holding all of
    them (a province's work report names 杭州 and 宁波 once each and is about 浙江). A place written inside
    another's name (文成县|巨屿镇) is one mention; a dateline's city is none."""

    def __init__(self, state: DocState, until: int) -> None:
        text = state.text
        self.table = state.ctx.table
        found = sorted((f for f in state.found if f.label == "LOCALITY" and "adcode" in f.attrs and f.start < until
                        and not _AGENCY.search(text, max(0, f.start - 3), f.start)), key=lambda f: f.start)
        self.chains = {code: [code] + [d.adcode for d in self.table.ancestors(code)]
                       for code in {f.attrs["adcode"] for f in found}}
        # how deep each division of those chains sits (a province 0), read off the chains once
        self.depth = {code: len(chain) - 1 - i for chain in self.chains.values() for i, code in enumerate(chain)}
        mentions = [f for f, after in zip(found, found[1:] + [None]) if after is None or after.start != f.end
                    or f.attrs["adcode"] not in self.chains[after.attrs["adcode"]]]
        self.starts = [f.start for f in mentions]
        self.codes = [f.attrs["adcode"] for f in mentions]
        self.headings = [m.start() for m in _HEADING.finditer(text, 0, until)]
        counts = Counter(self.codes)
        self.whole = self._dominant(counts) or self._holding(counts)

    def at(self, pos: int):
        """The name of the division the text before pos is about, or None."""
        heading = bisect.bisect_right(self.headings, pos) - 1
        since = max(pos - _STRETCH, self.headings[heading] if heading >= 0 else 0)
        lo, hi = bisect.bisect_left(self.starts, since), bisect.bisect_left(self.starts, pos)
        weights: Counter = Counter()
        for code in self.codes[lo:hi]:
            chain = self.chains[code]
            weights[chain[0]] += 2
            weights.update(chain[1:])
        best = max((code for code, weight in weights.items() if weight >= _ENOUGH and weight >= hi - lo),
                   key=self.depth.__getitem__, default=None)
        return self.table.get(best).name if best is not None else self.whole

    def _dominant(self, counts: Counter):
        if not counts:
            return None
        top, n = counts.most_common(1)[0]
        return self.table.get(top).name if n >= 2 and 2 * n >= sum(counts.values()) else None

    def _holding(self, counts: Counter):
        if not counts:
            return None
        first, *rest = counts
        common = next((code for code in self.chains[first] if all(code in self.chains[c] for c in rest)),
                      counts.most_common(1)[0][0])
        return self.table.get(common).name
