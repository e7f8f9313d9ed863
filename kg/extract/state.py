"""What the extraction stages share while they read one document."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from kg.extract.context import PlaceContext
from kg.extract.places import PlaceHit
from kg.gazetteer import Division
from kg.types import Mention, Relation

CJK = "\u4e00-\u9fff"


@dataclass
class Found:
    """One mention of an entity, already carrying its canonical name."""

    label: str
    canonical: str
    start: int
    end: int
    surface: str
    confidence: float = 0.9
    attrs: dict = field(default_factory=dict)


@dataclass
class Scope:
    """A stretch of text written or spoken by one actor (a byline, a study group heading)."""

    start: int
    end: int
    place: Optional[Division] = None  # the locality the actor governs or sits in
    actor: Optional[str] = None  # canonical name of the implementer (place or body)
    actor_label: str = "LOCALITY"


@dataclass
class DocState:
    text: str
    hits: list[PlaceHit]
    ctx: PlaceContext
    found: list[Found] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    chains: list = field(default_factory=list)  # (person Found, title chain start, end)
    posts: list[Relation] = field(default_factory=list)  # holds_position read from title chains
    publisher: Optional[str] = None  # the paper the document comes from, when its metadata says
    ner_persons: dict[int, int] = field(default_factory=dict)  # start -> end of the NER's PERSON spans

    _masks: dict = field(default_factory=dict)

    def add(self, item: Found) -> Found:
        self.found.append(item)
        self._mask(item.label)[item.start:item.end] = b"\x01" * (item.end - item.start)
        return item

    def _mask(self, label: str) -> bytearray:
        if label not in self._masks:
            self._masks[label] = bytearray(len(self.text))
        return self._masks[label]

    def covered(self, label: str, start: int, end: int) -> bool:
        """Every character of [start, end) lies in some mention of this label."""
        return end > start and self._mask(label).find(0, start, end) < 0

    def relate(self, head: Found | str, relation: str, tail: Optional[Found | str], *, head_label: str,
               tail_label: Optional[str], start: int, end: int, title: Optional[str] = None,
               confidence: float = 0.8, into: Optional[list] = None) -> None:
        (self.relations if into is None else into).append(Relation(
            head=head.canonical if isinstance(head, Found) else head,
            relation=relation,
            tail=tail.canonical if isinstance(tail, Found) else tail,
            head_label=head_label, tail_label=tail_label, title=title, confidence=confidence,
            evidence=[Mention(start, end, self.text[start:end])],
        ))

    def scope_at(self, pos: int) -> Optional[Scope]:
        best = None
        for s in self.scopes:
            if s.start <= pos < s.end:
                best = s
        return best

    def home(self, level: str, pos: int) -> Optional[Division]:
        """The division of a level that a bare 省/市/县/区 at pos refers to."""
        scope = self.scope_at(pos)
        place = scope.place if scope else None
        if place is not None:
            chain = [place] + self.ctx.table.ancestors(place.adcode)
            for d in chain:
                if level_suffix(d.name) == level:
                    return d
        fallback = {"省": "province", "自治区": "province", "市": "city", "县": "county", "区": "county"}[level]
        d = self.ctx.home(fallback)
        if d is not None and level_suffix(d.name) == level:
            return d
        if level == "市" and fallback == "city":
            # county-level cities: 市委 in a 嵊州 text is 嵊州市委
            county = self.ctx.home("county")
            if county is not None and county.name.endswith("市"):
                return county
        return None


def foreign_country(f: Found) -> bool:
    """A mention of a country other than China: its ministries and leaders are not China's (南非外交部长, 新加坡总理)."""
    return f.label == "LOCALITY" and f.attrs.get("level") == "country" and f.canonical != "中国"


def level_suffix(name: str) -> str:
    """The level word a division's name ends with (嵊州市 → 市), which bare forms such as 市委 use."""
    for suffix in ("自治区", "省", "市", "县", "区"):
        if name.endswith(suffix):
            return suffix
    return ""
