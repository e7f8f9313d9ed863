"""One Extraction (plus its Document when at hand) to the triples of its named graph.

A pure function: everything a document states, and the provenance of each
statement, goes into the graph named by the document's IRI, so that
rebuilding a changed document is one graph swap. Relation facts are asserted
directly (so plain queries see them) and also reified as kgo:Assertion nodes
that carry the confidence and the evidence spans (see ontology/README.md for
why reification rather than RDF-star).
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import Optional

import pyoxigraph as ox

from kg.graph.iris import NS, assertion_iri, document_iri, entity_iri, mention_iri, post_iri, role_iri
from kg.types import Document, Entity, Extraction, Mention, Relation


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


@functools.cache
def term(ns: str, local: str) -> ox.NamedNode:
    """A vocabulary term, made once: parsing its IRI again for every triple cost ~10 % of triple generation."""
    return ox.NamedNode(ns + local)


A = term(NS.RDF, "type")
PREF = term(NS.SKOS, "prefLabel")
ALT = term(NS.SKOS, "altLabel")

# rdf:type of each entity label: our class plus the standard classes it specializes
CLASSES = {
    "PERSON": (term(NS.KGO, "Person"), term(NS.SCHEMA, "Person")),
    "LOCALITY": (term(NS.KGO, "Locality"), term(NS.SCHEMA, "Place")),
    "ORGANIZATION": (term(NS.KGO, "Organization"), term(NS.ORG, "Organization"), term(NS.SCHEMA, "Organization")),
    "PROGRAM": (term(NS.KGO, "Program"), term(NS.PROV, "Plan")),
}
ADMINISTRATIVE_LEVELS = ("province", "city", "county", "town", "village")
# name endings of bodies that belong to the party-state (genre vocabulary, not names)
_GOVERNMENT = re.compile(r"(委|委员会|党组|党工委|政府|人大|政协|厅|局|部|办|办公室|法院|检察院|党校|中心组)$")

# relation name → predicate of the asserted triple
PREDICATES = {
    "holds_position": term(NS.ORG, "holds"),
    "affiliated_with": term(NS.ORG, "memberOf"),
    "implements": term(NS.KGO, "implements"),
}
LOCATED_IN = {"ORGANIZATION": term(NS.KGO, "locatedIn"), "LOCALITY": term(NS.SCHEMA, "containedInPlace")}


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=term(NS.XSD, datatype))


def decimal(value: float, places: int = 3) -> ox.Literal:
    return typed(f"{float(value):.{places}f}", "decimal")


def locality_description(subject: ox.NamedNode, name: str, adcode: Optional[str], attrs: dict) -> list[ox.Triple]:
    """Type, adcode, level and coordinates of a locality (shared by document and gazetteer graphs)."""
    triples = [ox.Triple(subject, PREF, zh(name))]
    level = attrs.get("level")
    if level in ADMINISTRATIVE_LEVELS:
        triples.append(ox.Triple(subject, A, term(NS.SCHEMA, "AdministrativeArea")))
    elif level == "country":
        triples.append(ox.Triple(subject, A, term(NS.SCHEMA, "Country")))
    if adcode:
        triples.append(ox.Triple(subject, term(NS.KGO, "adcode"), ox.Literal(adcode)))
    if level:
        triples.append(ox.Triple(subject, term(NS.KGO, "level"), ox.Literal(str(level))))
    if attrs.get("lat") is not None and attrs.get("lon") is not None:
        triples.append(ox.Triple(subject, term(NS.GEO, "lat"), decimal(attrs["lat"], 6)))
        triples.append(ox.Triple(subject, term(NS.GEO, "long"), decimal(attrs["lon"], 6)))
    return triples


class _Positions:
    """Sentence and paragraph index of an offset, from the Document's structure."""

    def __init__(self, document: Optional[Document]):
        self._text = document.text if document else ""
        self._sentences = [(s.start, s.end) for s in document.sentences()] if document else []
        self._paragraphs = [(p.start, p.end) for p in document.paragraphs()] if document else []
        # start offsets kept apart once: rebuilding them per lookup made each mention cost O(sentences)
        self._sentence_starts = [s for s, _ in self._sentences]
        self._paragraph_starts = [s for s, _ in self._paragraphs]

    @staticmethod
    def _find(spans: list[tuple[int, int]], starts: list[int], offset: int) -> Optional[int]:
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and spans[i][0] <= offset < max(spans[i][1], spans[i][0] + 1) else None

    def sentence(self, offset: int) -> Optional[int]:
        return self._find(self._sentences, self._sentence_starts, offset)

    def paragraph(self, offset: int) -> Optional[int]:
        return self._find(self._paragraphs, self._paragraph_starts, offset)

    def sentence_text(self, index: int) -> str:
        """The sentence's text, or '' when the Document is not at hand or has fewer sentences."""
        if not 0 <= index < len(self._sentences):
            return ""
        start, end = self._sentences[index]
        return self._text[start:end].strip()


class _GraphWriter:
    """Accumulates one document's triples without duplicates, in a deterministic order."""

    def __init__(self, extraction: Extraction, document: Optional[Document]):
        self.extraction = extraction
        self.doc = iri(document_iri(extraction.doc_id))
        self.positions = _Positions(document)
        self.triples: dict[ox.Triple, None] = {}
        self.entities: dict[tuple[str, str], ox.NamedNode] = {}
        self.assertions: dict[str, tuple[float, list[Mention]]] = {}
        self.date: Optional[ox.Literal] = None

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.triples[ox.Triple(s, p, o)] = None

    def document(self, document: Optional[Document]) -> None:
        x = self.extraction
        self.add(self.doc, A, term(NS.KGO, "Document"))
        self.add(self.doc, A, term(NS.SCHEMA, "NewsArticle"))
        self.add(self.doc, term(NS.KGO, "docId"), ox.Literal(x.doc_id))
        self.add(self.doc, term(NS.SCHEMA, "name"), ox.Literal(x.name))
        date = x.date or (document.date if document else None)
        if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            self.date = typed(date, "date")
            self.add(self.doc, term(NS.SCHEMA, "datePublished"), self.date)
        if document and document.title:
            self.add(self.doc, term(NS.SCHEMA, "headline"), ox.Literal(document.title))
        if document and document.text:
            # the whole normalized text, so that mention offsets can be read back in context
            self.add(self.doc, term(NS.SCHEMA, "text"), ox.Literal(document.text))
        if document and document.publisher:
            self.add(self.doc, term(NS.SCHEMA, "publisher"), self.entity(Entity("ORGANIZATION", document.publisher)))

    def entity(self, entity: Entity) -> ox.NamedNode:
        subject = iri(entity_iri(entity.label, entity.canonical, entity.attrs.get("adcode")))
        self.entities[entity.key] = subject
        for cls in CLASSES[entity.label]:
            self.add(subject, A, cls)
        if entity.label == "LOCALITY":
            for t in locality_description(subject, entity.canonical, entity.attrs.get("adcode"), entity.attrs):
                self.add(t.subject, t.predicate, t.object)
        else:
            self.add(subject, PREF, zh(entity.canonical))
        if entity.label == "ORGANIZATION" and _GOVERNMENT.search(entity.canonical):
            self.add(subject, A, term(NS.SCHEMA, "GovernmentOrganization"))
        for surface in sorted(set(entity.surfaces) - {entity.canonical}):
            if surface.strip():
                self.add(subject, ALT, zh(surface))
        for m in entity.mentions:
            self.mention(m, subject, entity.confidence)
        return subject

    def mention(self, m: Mention, names: Optional[ox.NamedNode], confidence: float) -> ox.NamedNode:
        node = iri(mention_iri(self.doc.value, m.start, m.end, names.value if names is not None else None))
        self.add(node, A, term(NS.KGO, "Mention"))
        self.add(node, term(NS.KGO, "inDocument"), self.doc)
        self.add(node, term(NS.OA, "start"), typed(m.start, "integer"))
        self.add(node, term(NS.OA, "end"), typed(m.end, "integer"))
        if m.text:
            self.add(node, term(NS.OA, "exact"), ox.Literal(m.text))
        if names is not None:
            self.add(node, term(NS.KGO, "mentions"), names)
            self.add(node, term(NS.KGO, "confidence"), decimal(confidence))
        sentence = m.sentence if m.sentence is not None else self.positions.sentence(m.start)
        if sentence is not None:
            self.add(node, term(NS.KGO, "sentenceIndex"), typed(sentence, "integer"))
            text = self.positions.sentence_text(sentence)
            if text:
                self.add(node, term(NS.KGO, "sentenceText"), ox.Literal(text))
        paragraph = self.positions.paragraph(m.start)
        if paragraph is not None:
            self.add(node, term(NS.KGO, "paragraphIndex"), typed(paragraph, "integer"))
        return node

    def resolve(self, label: Optional[str], name: str) -> ox.NamedNode:
        """The entity a relation names: by label and name, else by name alone (a relation's label may be
        a default), else a new entity described here, since relations may name entities the list lacks."""
        found = self.entities.get((label, name)) if label else None
        if found is None:
            found = next((iri_ for (_, n), iri_ in sorted(self.entities.items()) if n == name), None)
        if found is None:
            found = self.entity(Entity(label=label or "ORGANIZATION", canonical=name))
        return found

    def relation(self, r: Relation) -> None:
        head = self.resolve(r.head_label, r.head)
        tail = self.resolve(r.tail_label, r.tail) if r.tail else None
        if r.relation == "holds_position" and r.title:
            obj = self.post(head, r.title, tail)
            self.add(head, A, term(NS.KGO, "Official"))
            predicate = PREDICATES["holds_position"]
        elif tail is None:
            return
        elif r.relation == "located_in":
            predicate, obj = LOCATED_IN.get(r.head_label, LOCATED_IN["ORGANIZATION"]), tail
        elif r.relation in ("affiliated_with", "holds_position"):  # a post with no title words is an affiliation
            predicate, obj = PREDICATES["affiliated_with"], tail
        elif r.relation == "implements":
            predicate, obj = PREDICATES["implements"], tail
        else:
            return
        self.add(head, predicate, obj)
        key = assertion_iri(self.doc.value, head.value, predicate.value, obj.value)
        confidence, evidence = self.assertions.get(key, (0.0, []))
        self.assertions[key] = (max(confidence, r.confidence), evidence + list(r.evidence))
        node = iri(key)
        self.add(node, A, term(NS.KGO, "Assertion"))
        self.add(node, A, term(NS.RDF, "Statement"))
        self.add(node, term(NS.RDF, "subject"), head)
        self.add(node, term(NS.RDF, "predicate"), predicate)
        self.add(node, term(NS.RDF, "object"), obj)
        self.add(node, term(NS.PROV, "wasDerivedFrom"), self.doc)

    def post(self, holder: ox.NamedNode, title: str, place: Optional[ox.NamedNode]) -> ox.NamedNode:
        post = iri(post_iri(title, place.value if place else None, holder.value))
        role = iri(role_iri(title))
        self.add(post, A, term(NS.KGO, "Post"))
        self.add(post, A, term(NS.ORG, "Post"))
        self.add(post, term(NS.ORG, "role"), role)
        self.add(post, term(NS.KGO, "title"), zh(title))
        self.add(role, A, term(NS.KGO, "Role"))
        self.add(role, A, term(NS.ORG, "Role"))
        self.add(role, PREF, zh(title))
        if place is not None:
            self.add(post, term(NS.ORG, "postIn"), place)
        if self.date is not None:
            self.add(post, term(NS.KGO, "reportedOn"), self.date)
        return post

    def finish_assertions(self) -> None:
        """Confidence and evidence once per assertion, merged over repeated statements of the same fact."""
        for key, (confidence, evidence) in self.assertions.items():
            node = iri(key)
            self.add(node, term(NS.KGO, "confidence"), decimal(confidence))
            for m in evidence:
                self.add(node, term(NS.KGO, "evidence"), self.mention(m, None, confidence))


def extraction_triples(extraction: Extraction, document: Optional[Document] = None) -> list[ox.Triple]:
    """All triples of the document's named graph; *document* adds text, title, date, sentences and paragraphs."""
    writer = _GraphWriter(extraction, document)
    writer.document(document)
    for entity in extraction.entities:
        writer.entity(entity)
    for relation in extraction.relations:
        writer.relation(relation)
    writer.finish_assertions()
    return list(writer.triples)
