"""The data that flows between pipeline stages.

Every stage speaks these types so that reading, extraction and the graph can
be developed and tested apart: the reader produces a :class:`Document`, the
extractor turns one Document into one :class:`Extraction` (a pure function),
and the graph layer only ever consumes Extractions.

Offsets are always character offsets into ``Document.text`` (the normalized
text); ``Document.raw_span`` maps them back to the decoded raw file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

LABELS = ("PERSON", "LOCALITY", "ORGANIZATION", "PROGRAM")
RELATIONS = ("holds_position", "affiliated_with", "implements", "located_in")


@dataclass
class Sentence:
    start: int
    end: int


@dataclass
class Paragraph:
    start: int
    end: int
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Article:
    """One signed piece inside a document (a compilation holds many)."""

    start: int
    end: int
    headline: Optional[str] = None
    bylines: list[str] = field(default_factory=list)  # e.g. "■ 周勇", "作者单位 嵊州市委", "本报记者 李灿"
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Document:
    doc_id: str  # stable content hash of the normalized text
    name: str  # file name without directory: the key the scorer uses
    source: str  # path the document was read from
    raw: str  # decoded raw text
    text: str  # normalized text
    offsets: list[int]  # offsets[i] is the raw offset of text[i]; len == len(text) + 1
    encoding: str = "utf-8"
    title: Optional[str] = None
    date: Optional[str] = None  # ISO yyyy-mm-dd when known
    publisher: Optional[str] = None  # e.g. 浙江日报, from a sidecar or the text
    articles: list[Article] = field(default_factory=list)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-file offsets of a normalized span, for provenance that points into the original."""
        if end <= start:
            pos = self.offsets[start]
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def sentences(self) -> Iterator[Sentence]:
        for article in self.articles:
            for paragraph in article.paragraphs:
                yield from paragraph.sentences

    def paragraphs(self) -> Iterator[Paragraph]:
        for article in self.articles:
            yield from article.paragraphs


@dataclass
class Mention:
    start: int  # into Document.text
    end: int
    text: str
    sentence: Optional[int] = None  # index in Document.sentences() order


@dataclass
class Entity:
    label: str  # one of LABELS
    canonical: str
    surfaces: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 1.0
    # localities: adcode, level, parent (canonical name), parent_adcode, lat, lon
    attrs: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.canonical)


@dataclass
class Relation:
    head: str  # canonical name of the head entity
    relation: str  # one of RELATIONS
    tail: Optional[str]  # canonical name, or None (holds_position without a place)
    head_label: str = "PERSON"
    tail_label: Optional[str] = None
    title: Optional[str] = None  # holds_position only
    confidence: float = 1.0
    evidence: list[Mention] = field(default_factory=list)  # the span(s) that state it


@dataclass
class Extraction:
    doc_id: str
    name: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    date: Optional[str] = None
    source: Optional[str] = None

    def to_prediction(self) -> dict:
        """The JSON object the scorer reads (extra keys are allowed and carry provenance)."""
        return {
            "doc": self.name,
            "doc_id": self.doc_id,
            "entities": [
                {
                    "label": e.label,
                    "canonical": e.canonical,
                    "surfaces": e.surfaces,
                    "confidence": round(e.confidence, 3),
                    "mentions": [[m.start, m.end] for m in e.mentions],
                    **({"attrs": e.attrs} if e.attrs else {}),
                }
                for e in self.entities
            ],
            "relations": [
                {
                    "head": r.head,
                    "relation": r.relation,
                    "tail": r.tail,
                    **({"title": r.title} if r.title else {}),
                    "confidence": round(r.confidence, 3),
                    "evidence": [[m.start, m.end] for m in r.evidence],
                }
                for r in self.relations
            ],
        }
