"""One document in, its entities and relations out: a pure function.

Stages run in dependency order on a shared :class:`DocState`: places first
(everything else leans on them), then bodies named with their place, people
and their posts, who is writing where, bodies named without their place,
programs, and finally who implements them.
"""
from __future__ import annotations

import bisect
import gc
from functools import lru_cache

from kg.extract.context import PlaceContext
from kg.extract.implements import find_implements
from kg.extract.localities import find_localities
from kg.extract.ner import find_ner_entities, ner_spans
from kg.extract.organizations import find_bare_organizations, find_organizations, link_bodies_to_places
from kg.extract.persons import find_persons, find_posts
from kg.extract.places import place_matcher
from kg.extract.programs import find_programs
from kg.extract.scopes import find_scopes
from kg.extract.state import DocState
from kg.gazetteer.lexicon import MASS_FULL_NAMES
from kg.types import Document, Entity, Extraction, Mention, Relation


def extract_document(doc: Document, ner: str = "cued") -> Extraction:
    """Entities and relations of one document; `ner` says where the NER is asked
    (kg.extract.ner.NER_MODES: sentences with a person cue, every sentence, nowhere)."""
    text = doc.text
    hits = place_matcher().find(text)
    state = DocState(text, hits, PlaceContext(hits), publisher=doc.publisher)
    spans = ner_spans(text, ner)
    state.ner_persons = {start: end for start, end, label in spans if label == "PERSON"}
    find_localities(state)
    find_organizations(state)
    find_persons(state)
    find_ner_entities(state, spans)
    find_scopes(state)
    find_bare_organizations(state)
    find_scopes(state)  # again: a heading may name its body bare (市综合行政执法局党委理论学习中心组)
    find_posts(state)
    find_programs(state)
    _drop_overlaps(state)
    link_bodies_to_places(state)
    find_implements(state)
    extraction = _assemble(doc, state)
    _freeze_loaded()
    return extraction


@lru_cache(maxsize=1)
def _freeze_loaded() -> None:
    """Hide what the first document loaded from the cyclic garbage collector.

    The gazetteers, the word list and the NER model stay for the life of the
    process, millions of objects that every full collection walked again:
    3-4% of extraction time (BENCHMARKS.md). ``gc.freeze`` takes them out of
    its sight; reference counting still frees anything that is let go.
    """
    gc.freeze()


def _drop_overlaps(state: DocState) -> None:
    """A place inside a person's name (滕安达) or a program's name is not a place mention."""
    state.found = [
        f for f in state.found
        if f.label != "LOCALITY" or not (state.covered("PERSON", f.start, f.end) or state.covered("PROGRAM", f.start, f.end))
    ]


def _assemble(doc: Document, state: DocState) -> Extraction:
    sentence_starts = [s.start for s in doc.sentences()]

    def sentence_of(pos: int):
        if not sentence_starts:
            return None
        return max(0, bisect.bisect_right(sentence_starts, pos) - 1)

    entities: dict[tuple[str, str], Entity] = {}
    for f in sorted(state.found, key=lambda f: f.start):
        e = entities.get((f.label, f.canonical))
        if e is None:
            e = entities[(f.label, f.canonical)] = Entity(f.label, f.canonical, confidence=f.confidence,
                                                          attrs=dict(f.attrs))
        if f.surface not in e.surfaces:
            e.surfaces.append(f.surface)
        e.mentions.append(Mention(f.start, f.end, f.surface, sentence_of(f.start)))
        e.confidence = max(e.confidence, f.confidence)
    _merge_shortened_bodies(entities)
    aliases = {e.canonical: e.attrs.pop("_alias_of") for e in list(entities.values()) if "_alias_of" in e.attrs}
    for e in [e for e in entities.values() if e.canonical in aliases]:
        del entities[(e.label, e.canonical)]
    relations: dict[tuple, Relation] = {}
    for r in state.relations + state.posts:
        r.head = aliases.get(r.head, r.head)
        r.tail = aliases.get(r.tail, r.tail)
        if r.head is None or r.tail is None and r.relation != "holds_position":
            continue
        for label, name in ((r.head_label, r.head), (r.tail_label, r.tail)):
            if name is not None and label and (label, name) not in entities:
                if label in ("LOCALITY", "ORGANIZATION"):
                    _add_implied(entities, label, name, state)
        if (r.head_label, r.head) not in entities or r.tail is not None and (r.tail_label, r.tail) not in entities:
            continue
        key = (r.head, r.relation, r.tail, r.title)
        for m in r.evidence:
            m.sentence = sentence_of(m.start)
        if key in relations:
            relations[key].evidence.extend(r.evidence)
            relations[key].confidence = max(relations[key].confidence, r.confidence)
        else:
            relations[key] = r
    return Extraction(doc.doc_id, doc.name, list(entities.values()), list(relations.values()),
                      date=doc.date, source=doc.source)


def _add_implied(entities: dict, label: str, name: str, state: DocState) -> None:
    """A place or body the text implies (省委书记 → 浙江省; a study group's parent body)
    becomes an entity without a mention of its own."""
    from kg.extract.localities import division_attrs

    attrs = {}
    if label == "LOCALITY":
        d = next(iter(state.ctx.table.named(name)), None)
        attrs = division_attrs(d, state.ctx.table) if d else {}
    entities[(label, name)] = Entity(label, name, [], [], 0.6, attrs)


def _merge_shortened_bodies(entities: dict) -> None:
    """拱墅区人民检察院 after 杭州市拱墅区人民检察院 is the same body, and so is 浙江省作协 beside 浙江省作家协会:
    one entity, two surfaces."""
    orgs = [e for e in entities.values() if e.label == "ORGANIZATION"]
    for short in orgs:
        longer = [e for e in orgs if e is not short and e.canonical.endswith(short.canonical)
                  and len(short.canonical) >= 5 and short.canonical[:2] != e.canonical[:2]]
        abbreviation = next((a for a in MASS_FULL_NAMES if short.canonical.endswith(a)), None)
        if abbreviation is not None:  # 浙江省作协 and 浙江作协 beside 浙江省作家协会
            prefix, full = short.canonical[:-len(abbreviation)], MASS_FULL_NAMES[abbreviation]
            longer = [e for e in orgs if e.canonical.startswith(prefix) and e.canonical.endswith(full)
                      and len(e.canonical) - len(prefix) - len(full) in (0, 1)] or longer
        if len(longer) == 1:
            target = longer[0]
            target.surfaces.extend(s for s in short.surfaces if s not in target.surfaces)
            target.mentions.extend(short.mentions)
            short.attrs["_alias_of"] = target.canonical
