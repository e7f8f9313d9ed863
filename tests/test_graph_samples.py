"""Hand-made documents and extractions that the graph, build and export tests share.

The graph layer must not depend on extraction quality, so its tests build
from these: real Chinese sentences, made-up people, places with their public
adcodes, and offsets computed from the text. The tests in this module check
the samples themselves, so a broken sample fails here first.
"""
from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path
from typing import Callable, Optional

from kg.types import Article, Document, Entity, Extraction, Mention, Paragraph, Relation, Sentence

PLACES = {  # canonical → attrs as the extractor gives them (adcodes from GB/T 2260)
    "浙江省": {"adcode": "330000", "level": "province", "lat": 30.266597, "lon": 120.152585},
    "绍兴市": {"adcode": "330600", "level": "city", "parent": "浙江省", "parent_adcode": "330000"},
    "嵊州市": {"adcode": "330683", "level": "county", "parent": "绍兴市", "parent_adcode": "330600"},
    "诸暨市": {"adcode": "330681", "level": "county", "parent": "绍兴市", "parent_adcode": "330600"},
    "龙港市": {"adcode": "330383", "level": "county", "parent": "温州市", "parent_adcode": "330300"},
    "甘霖镇": {"adcode": "330683/甘霖镇", "level": "town", "parent": "嵊州市", "parent_adcode": "330683"},
    "长三角": {"level": "region"},
}

PUBLISHERS = {"a.txt": "浙江日报"}

TEXTS = {
    "a.txt": (
        "2024-05-06",
        "绍兴市委书记林振华到嵊州市甘霖镇调研。他强调，嵊州市要深入推进“千万工程”。\n"
        "龙港市委书记陈立群出席长三角合作会议。",
    ),
    "b.txt": (
        "2023-11-02",
        "诸暨市委书记王建国表示，诸暨市将继续实施“千万工程”。\n"
        "嵊州市委组织部部长赵敏介绍了经验。林振华参加会议。",
    ),
}

# (label, canonical, surfaces) per document; every surface occurs in the text
ENTITIES = {
    "a.txt": [
        ("PERSON", "林振华", ["林振华"]), ("PERSON", "陈立群", ["陈立群"]),
        ("LOCALITY", "绍兴市", ["绍兴市"]), ("LOCALITY", "嵊州市", ["嵊州市"]), ("LOCALITY", "甘霖镇", ["甘霖镇"]),
        ("LOCALITY", "龙港市", ["龙港市"]), ("LOCALITY", "长三角", ["长三角"]), ("PROGRAM", "千万工程", ["千万工程"]),
    ],
    "b.txt": [
        ("PERSON", "王建国", ["王建国"]), ("PERSON", "赵敏", ["赵敏"]), ("PERSON", "林振华", ["林振华"]),
        ("LOCALITY", "诸暨市", ["诸暨市", "诸暨"]), ("LOCALITY", "嵊州市", ["嵊州"]),
        ("ORGANIZATION", "嵊州市委组织部", ["嵊州市委组织部"]), ("PROGRAM", "千万工程", ["千万工程"]),
    ],
}

# (head, relation, tail, head_label, tail_label, title, evidence surface)
RELATIONS = {
    "a.txt": [
        ("林振华", "holds_position", "绍兴市", "PERSON", "LOCALITY", "市委书记", "绍兴市委书记林振华"),
        ("陈立群", "holds_position", "龙港市", "PERSON", "LOCALITY", "市委书记", "龙港市委书记陈立群"),
        ("嵊州市", "implements", "千万工程", "LOCALITY", "PROGRAM", None, "嵊州市要深入推进“千万工程”"),
        ("甘霖镇", "located_in", "嵊州市", "LOCALITY", "LOCALITY", None, "嵊州市甘霖镇"),
    ],
    "b.txt": [
        ("王建国", "holds_position", "诸暨市", "PERSON", "LOCALITY", "市委书记", "诸暨市委书记王建国"),
        ("诸暨市", "implements", "千万工程", "LOCALITY", "PROGRAM", None, "诸暨市将继续实施“千万工程”"),
        ("赵敏", "holds_position", "嵊州市委组织部", "PERSON", "ORGANIZATION", "部长", "嵊州市委组织部部长赵敏"),
        ("嵊州市委组织部", "located_in", "嵊州市", "ORGANIZATION", "LOCALITY", None, "嵊州市委组织部"),
        ("林振华", "affiliated_with", "嵊州市委组织部", "PERSON", "ORGANIZATION", None, None),
    ],
}


def make_document(name: str, text: str, date: Optional[str] = None, publisher: Optional[str] = None) -> Document:
    """A Document with one article, paragraphs per line and sentences ending in 。, as the reader makes them."""
    paragraphs, pos = [], 0
    for line in text.split("\n"):
        sentences = [Sentence(pos + m.start(), pos + m.end()) for m in re.finditer(r"[^。]+。?", line)]
        paragraphs.append(Paragraph(pos, pos + len(line), sentences))
        pos += len(line) + 1
    return Document(
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], name=name, source=f"samples/{name}",
        raw=text, text=text, offsets=list(range(len(text) + 1)), date=date, publisher=publisher,
        articles=[Article(0, len(text), paragraphs=paragraphs)],
    )


def _mentions(text: str, surface: str) -> list[Mention]:
    return [Mention(m.start(), m.end(), surface) for m in re.finditer(re.escape(surface), text)]


def make_extraction(doc: Document, entities: list, relations: list) -> Extraction:
    ents = [
        Entity(label, canonical, surfaces, [m for s in surfaces for m in _mentions(doc.text, s)], 0.9,
               dict(PLACES.get(canonical, {})) if label == "LOCALITY" else {})
        for label, canonical, surfaces in entities
    ]
    rels = [
        Relation(head, rel, tail, hl, tl, title, 0.8, _mentions(doc.text, evidence) if evidence else [])
        for head, rel, tail, hl, tl, title, evidence in relations
    ]
    return Extraction(doc.doc_id, doc.name, ents, rels, doc.date, doc.source)


def sample_documents() -> list[Document]:
    return [make_document(name, text, date, PUBLISHERS.get(name)) for name, (date, text) in TEXTS.items()]


def sample_extractor(overrides: Optional[dict[str, tuple[list, list]]] = None) -> Callable[[Document], Extraction]:
    """An extractor that answers the hand-made extraction of each sample (or of an override) by file name."""
    table = {name: (ENTITIES[name], RELATIONS[name]) for name in TEXTS}
    table.update(overrides or {})

    def extract(doc: Document) -> Extraction:
        entities, relations = table[doc.name]
        return make_extraction(doc, copy.deepcopy(entities), copy.deepcopy(relations))

    return extract


def build_samples(store: Path, documents: Optional[list[Document]] = None, **kwargs):
    from kg.graph.build import build_documents

    kwargs.setdefault("extract", sample_extractor())
    return build_documents(documents if documents is not None else sample_documents(), store, progress=False,
                           **kwargs)


def test_every_sample_span_is_in_its_text():
    extract = sample_extractor()
    for doc in sample_documents():
        x = extract(doc)
        for e in x.entities:
            assert e.mentions, f"{doc.name}: {e.canonical} has no mention"
            for m in e.mentions:
                assert doc.text[m.start:m.end] == m.text
        for r in x.relations:
            for m in r.evidence:
                assert doc.text[m.start:m.end] == m.text
        assert [e.key for e in x.entities if e.label == "LOCALITY" and "adcode" in e.attrs]


def test_sentences_cover_the_text_in_order():
    for doc in sample_documents():
        spans = [(s.start, s.end) for s in doc.sentences()]
        assert spans == sorted(spans) and all(doc.text[s:e].strip() for s, e in spans)
        assert "".join(doc.text[s:e] for s, e in spans) == doc.text.replace("\n", "")
