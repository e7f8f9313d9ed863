"""A synthetic graph shaped like ours, of any size, built through the store's own API.

Why synthetic: the seeds give 55k triples; the SPARQL and API benchmarks need
100k and 1M with the same shape, so that query plans meet the same skew. The
shape copies a seed build: one named graph per document holding its mentions
(three quarters of all triples), reified assertions with evidence, people
holding posts in places, bodies located in places, programs implemented by
bodies and places, and the gazetteer graph with the province → city → county
hierarchy. Entities are drawn with Zipf-like popularity so that some are hubs.
Names are random syllables: no real person or body is named.

`python -m bench.synth --triples 1000000 --store DIR [--ntriples FILE]`
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Iterator, Optional

import pyoxigraph as ox

from kg.graph.iris import GAZETTEER_GRAPH, NS, document_iri, entity_iri, mention_iri, post_iri, role_iri

TRIPLES_PER_DOCUMENT = 4000  # a seed document holds about 11k; smaller ones would mostly measure per-graph overhead
_SYLLABLES = "安宝昌成大德东方丰福光广海和华辉佳建江金锦景康乐力林龙明宁平青庆瑞山盛顺泰天通旺文祥新兴阳永勇志中"
_TITLES = ("书记", "副书记", "市长", "副市长", "县长", "主任", "副主任", "局长", "厅长", "主席")
_BODY_KINDS = ("发展和改革委员会", "教育局", "财政局", "民政局", "人民法院", "人民检察院", "科学技术局", "生态环境局")
_PROGRAM_KINDS = ("行动", "工程", "计划", "改革", "试点", "专项行动")


def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


RDF_TYPE = N(NS.RDF + "type")
PREF = N(NS.SKOS + "prefLabel")
ALT = N(NS.SKOS + "altLabel")
KGO = NS.KGO


def _zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=N(NS.XSD + "integer"))


def _dec(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.2f}", datatype=N(NS.XSD + "decimal"))


@dataclass
class Pools:
    """Entities of the synthetic world, with cumulative popularity weights for drawing them."""

    provinces: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    places: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # iri, label, adcode, level, parent iri
    people: list[tuple[str, str]] = field(default_factory=list)
    bodies: list[tuple[str, str, str]] = field(default_factory=list)  # iri, label, place iri
    programs: list[tuple[str, str]] = field(default_factory=list)
    weights: dict[str, list[float]] = field(default_factory=dict)

    def draw(self, rng: random.Random, kind: str, k: int) -> list:
        pool = getattr(self, kind)
        return rng.choices(pool, cum_weights=self.weights[kind], k=k)


def _name(rng: random.Random, length: int) -> str:
    return "".join(rng.choices(_SYLLABLES, k=length))


def make_pools(documents: int, rng: random.Random) -> Pools:
    """Pool sizes grow with the corpus as in real news: more documents, more (but repeated) names."""
    pools = Pools()
    for p in range(31):
        adcode = f"{11 + p:02d}0000"
        iri, label = entity_iri("LOCALITY", "", adcode), _name(rng, 2) + "省"
        pools.provinces.append((iri, label))
        pools.places.append((iri, label, adcode, "province", ""))
        for c in range(1, 11):
            city = f"{11 + p:02d}{c:02d}00"
            city_iri = entity_iri("LOCALITY", "", city)
            pools.places.append((city_iri, _name(rng, 2) + "市", city, "city", iri))
            for d in range(1, 9):
                county = f"{11 + p:02d}{c:02d}{d:02d}"
                pools.places.append((entity_iri("LOCALITY", "", county), _name(rng, 2) + "县", county, "county", city_iri))
    pools.people = [(entity_iri("PERSON", n), n) for n in dict.fromkeys(_name(rng, 3) for _ in range(max(50, documents * 10)))]
    bodies = {}
    for _ in range(max(50, documents * 20)):
        place = rng.choice(pools.places)
        name = place[1] + rng.choice(_BODY_KINDS)
        bodies[name] = (entity_iri("ORGANIZATION", name), name, place[0])
    pools.bodies = list(bodies.values())
    # dict.fromkeys, not a set: the order (hence popularity ranks) must not depend on string hashing
    pools.programs = [(entity_iri("PROGRAM", n), n) for n in
                      dict.fromkeys(_name(rng, 4) + rng.choice(_PROGRAM_KINDS) for _ in range(max(50, documents * 40)))]
    for kind in ("places", "people", "bodies", "programs"):
        size = len(getattr(pools, kind))
        pools.weights[kind] = list(accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(size)))
    return pools


def gazetteer_triples(pools: Pools) -> Iterator[ox.Triple]:
    for iri, label, adcode, level, parent in pools.places:
        yield from _place(iri, label, adcode, level)
        if parent:
            yield ox.Triple(N(iri), N(NS.SCHEMA + "containedInPlace"), N(parent))


def _place(iri: str, label: str, adcode: str, level: str) -> Iterator[ox.Triple]:
    s = N(iri)
    for cls in (KGO + "Locality", NS.SCHEMA + "Place", NS.SCHEMA + "AdministrativeArea"):
        yield ox.Triple(s, RDF_TYPE, N(cls))
    yield ox.Triple(s, PREF, _zh(label))
    yield ox.Triple(s, N(KGO + "adcode"), ox.Literal(adcode))
    yield ox.Triple(s, N(KGO + "level"), ox.Literal(level))


def document_triples(index: int, pools: Pools, rng: random.Random) -> tuple[str, list[ox.Triple]]:
    """The named graph of one synthetic document: its node, entities, posts, relations, assertions, mentions."""
    doc = document_iri(f"{index:016x}")
    d = N(doc)
    out = [ox.Triple(d, RDF_TYPE, N(KGO + "Document")), ox.Triple(d, RDF_TYPE, N(NS.SCHEMA + "NewsArticle")),
           ox.Triple(d, N(NS.SCHEMA + "name"), ox.Literal(f"synthetic_{index:06d}.txt")),
           ox.Triple(d, N(NS.SCHEMA + "headline"), ox.Literal(_name(rng, 12))),
           ox.Triple(d, N(KGO + "docId"), ox.Literal(f"{index:016x}"))]
    places = pools.draw(rng, "places", 25)
    people = pools.draw(rng, "people", 8)
    bodies = pools.draw(rng, "bodies", 25)
    programs = pools.draw(rng, "programs", 50)
    mentioned: list[str] = []
    for iri, label, adcode, level, _ in places:
        out += _place(iri, label, adcode, level)
        mentioned.append(iri)
    relations: list[tuple[str, str, str]] = []
    for iri, label in people:
        s = N(iri)
        out += [ox.Triple(s, RDF_TYPE, N(NS.SCHEMA + "Person")), ox.Triple(s, RDF_TYPE, N(KGO + "Person")),
                ox.Triple(s, RDF_TYPE, N(KGO + "Official")), ox.Triple(s, PREF, _zh(label))]
        place = places[rng.randrange(len(places))][0]
        title = rng.choice(_TITLES)
        post = post_iri(title, place, iri)
        out += [ox.Triple(N(post), RDF_TYPE, N(NS.ORG + "Post")), ox.Triple(N(post), RDF_TYPE, N(KGO + "Post")),
                ox.Triple(N(post), N(NS.ORG + "postIn"), N(place)), ox.Triple(N(post), N(KGO + "title"), _zh(title)),
                ox.Triple(N(post), N(NS.ORG + "role"), N(role_iri(title)))]
        relations.append((iri, NS.ORG + "holds", post))
        mentioned.append(iri)
    for iri, label, place in bodies:
        s = N(iri)
        for cls in (NS.ORG + "Organization", KGO + "Organization", NS.SCHEMA + "Organization"):
            out.append(ox.Triple(s, RDF_TYPE, N(cls)))
        out.append(ox.Triple(s, PREF, _zh(label)))
        relations.append((iri, KGO + "locatedIn", place))
        mentioned.append(iri)
    for iri, label in programs:
        s = N(iri)
        out += [ox.Triple(s, RDF_TYPE, N(KGO + "Program")), ox.Triple(s, RDF_TYPE, N(NS.PROV + "Plan")),
                ox.Triple(s, PREF, _zh(label)), ox.Triple(s, ALT, _zh(f"“{label}”"))]
        implementer = rng.choice(bodies)[0] if rng.random() < 0.6 else rng.choice(places)[0]
        relations.append((implementer, KGO + "implements", iri))
        mentioned.append(iri)
    position = 0
    for subject, predicate, obj in relations:
        out.append(ox.Triple(N(subject), N(predicate), N(obj)))
        evidence = mention_iri(doc, position, position + 40)
        assertion = N(f"{doc}/assertion/{len(out):016x}")
        out += [ox.Triple(assertion, RDF_TYPE, N(NS.RDF + "Statement")),
                ox.Triple(assertion, RDF_TYPE, N(KGO + "Assertion")),
                ox.Triple(assertion, N(NS.RDF + "subject"), N(subject)),
                ox.Triple(assertion, N(NS.RDF + "predicate"), N(predicate)),
                ox.Triple(assertion, N(NS.RDF + "object"), N(obj)),
                ox.Triple(assertion, N(NS.PROV + "wasDerivedFrom"), d),
                ox.Triple(assertion, N(KGO + "evidence"), N(evidence)),
                ox.Triple(assertion, N(KGO + "confidence"), _dec(0.75))]
        position += 50
    sentence = 0
    while len(out) < TRIPLES_PER_DOCUMENT:
        target = rng.choice(mentioned)
        start = position + rng.randrange(200)
        m = N(mention_iri(doc, start, start + 3, target))
        out += [ox.Triple(m, RDF_TYPE, N(KGO + "Mention")), ox.Triple(m, N(KGO + "inDocument"), d),
                ox.Triple(m, N(NS.OA + "exact"), ox.Literal(_name(rng, 3))),
                ox.Triple(m, N(NS.OA + "start"), _int(start)), ox.Triple(m, N(NS.OA + "end"), _int(start + 3)),
                ox.Triple(m, N(KGO + "sentenceText"), ox.Literal(_name(rng, 40))),
                ox.Triple(m, N(KGO + "mentions"), N(target)),
                ox.Triple(m, N(KGO + "paragraphIndex"), _int(sentence // 3)),
                ox.Triple(m, N(KGO + "sentenceIndex"), _int(sentence)),
                ox.Triple(m, N(KGO + "confidence"), _dec(0.95))]
        position += 60
        sentence += 1
    return doc, out


@dataclass
class Synthetic:
    """What the benchmarks need to know about a generated graph: its size and fixed query targets."""

    quads: int
    seconds: float
    province: str
    program: str
    body: str
    person: str
    label_char: str


def generate(triples: int, store_dir: Path, ntriples: Optional[Path] = None, seed: int = 7) -> Synthetic:
    """Build a store of about *triples* quads at *store_dir*; optionally dump its union graph as N-Triples."""
    from kg.graph.store import open_store

    rng = random.Random(seed)
    documents = max(1, round(triples / TRIPLES_PER_DOCUMENT))
    pools = make_pools(documents, rng)
    start = time.perf_counter()
    store = open_store(store_dir)
    with store.transaction() as tx:
        tx.replace_graph(GAZETTEER_GRAPH, list(gazetteer_triples(pools)))
        for i in range(documents):
            graph, quads = document_triples(i, pools, rng)
            tx.replace_graph(graph, quads)
        count = len(tx)
    seconds = time.perf_counter() - start
    if ntriples is not None:
        ntriples.parent.mkdir(parents=True, exist_ok=True)
        with open(ntriples, "wb") as out:
            ox.serialize(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), out, ox.RdfFormat.N_TRIPLES)
    store.close()
    return Synthetic(count, seconds, pools.provinces[0][0], pools.programs[0][0], pools.bodies[0][0],
                     pools.people[0][0], pools.people[0][1][0])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="approximate number of quads (default 100000)")
    parser.add_argument("--store", type=Path, required=True, help="store directory to create (must not hold a graph)")
    parser.add_argument("--ntriples", type=Path, help="also write the union graph as N-Triples here")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if (args.store / "CURRENT").exists():
        print(f"synth: {args.store} already holds a graph; give a new directory", file=sys.stderr)
        return 2
    made = generate(args.triples, args.store, args.ntriples, args.seed)
    print(f"synth: {made.quads:,} quads in {made.seconds:.1f}s at {args.store}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
