"""The entity view's rows read by pattern scans of an embedded Oxigraph store instead of SPARQL.

Why: on the 100k synthetic store an uncached lookup spent 3.0-4.8 ms of CPU
in five SPARQL queries, and much of it was not data: the relations and
evidence queries cost ~0.4 ms each on an IRI the graph does not know (parsing,
planning and probing their unions and optionals). A ``quads_for_pattern`` call
costs ~9 µs plus ~5 µs per quad returned (each term decoded from RocksDB), so
reading just the patterns an entity has halves the view (BENCHMARKS.md, item 7).

Exactness: each method returns the same set of rows as the query of
:class:`api.graphdata.SparqlReads` it replaces — the same patterns, named
graphs for ``GRAPH ?g`` and the union (the store's default graph) elsewhere,
OPTIONALs as "each value, or one row without it", DISTINCT as a set. Where the
SPARQL answer depends on which rows Oxigraph returns first, i.e. whenever a
cap cuts the rows, the method asks SPARQL instead. tests/test_api_scans.py
compares whole answers of both paths for every entity of two graphs.
"""
from __future__ import annotations

import copy
import functools
import time
from collections import Counter
from typing import Callable, Iterable, Iterator, Optional, Union

import pyoxigraph as ox

from api.graphdata import RELATIONS, Rows, SparqlReads, TYPES
from api.results import term_json
from kg.graph.iris import NS, SPARQL_PREFIXES, mentioned_in

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
_DEFAULT = ox.DefaultGraph()


def _iri(ns: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(ns + local)


_TYPE, _LABEL = _iri(NS.RDF, "type"), _iri(NS.SKOS, "prefLabel")
_HOLDS, _POST_IN, _TITLE = _iri(NS.ORG, "holds"), _iri(NS.ORG, "postIn"), _iri(NS.KGO, "title")
_SUBJECT, _PREDICATE, _OBJECT = _iri(NS.RDF, "subject"), _iri(NS.RDF, "predicate"), _iri(NS.RDF, "object")
_EVIDENCE, _SENTENCE, _INDEX = _iri(NS.KGO, "evidence"), _iri(NS.KGO, "sentenceText"), _iri(NS.KGO, "sentenceIndex")
_MENTIONS, _IN_DOCUMENT = _iri(NS.KGO, "mentions"), _iri(NS.KGO, "inDocument")
_NAME, _DATE = _iri(NS.SCHEMA, "name"), _iri(NS.SCHEMA, "datePublished")
_CLASSES = {ox.NamedNode(iri) for iri in TYPES.values()}
# two scans per entity against one query for all: scans won at 5 entities (0.20 vs 0.35 ms) and
# 20 (0.85 vs 0.94), lost at 150 (8.6 vs 7.1 ms); a lookup's neighbours are usually a handful
SCAN_NODES = 32
# most node IRIs whose rows one ScanReads keeps (1.2 KB each: <= 20 MB); past it, new nodes are scanned every time
NODE_MEMO = 1 << 14
_DIRECT = [ox.NamedNode(p) for name, preds in RELATIONS.items() if name != "holds_position" for p in preds]
# as many kgo:inDocument statements as mentions stating one: no mention states two (a count is ~15x cheaper
# than looking for such a mention with a self-join: 3 vs 46 ms at 6,824 mentions)
_DOCUMENT_COUNTS = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?m) AS ?k) WHERE { ?m kgo:inDocument ?d }"


def _row(**terms: Optional[Term]) -> dict:
    """A SPARQL-JSON row, unbound variables left out as SPARQL does."""
    return {name: term_json(term) for name, term in terms.items() if term is not None}


def _node(term: Term) -> bool:
    """Whether *term* can be a subject (a pattern with a literal subject matches nothing)."""
    return isinstance(term, (ox.NamedNode, ox.BlankNode))


class ScanTimeout(Exception):
    """A view's scans ran past their deadline (see :meth:`ScanReads.bounded`)."""


# how many quads one scan may return between two looks at the clock (a quad costs ~5 µs on disk)
_CHECK_EVERY = 1024


class ScanReads(SparqlReads):
    """:class:`SparqlReads` answered from ``quads_for_pattern`` on one open store version.

    *store* is the pyoxigraph handle of a version in the current layout (union in the default
    graph); *rows* runs SPARQL on the same store for the cases scans leave to it. One instance
    serves one version: it keeps the names and dates of the graphs it has met, and the classes and
    labels of the nodes it has described (both immutable within a version, and shared by lookups).

    Unlike a SPARQL query, scans can be stopped: each is a Python loop over short calls into
    pyoxigraph. :meth:`bounded` gives a copy for one request that raises :class:`ScanTimeout` once
    its deadline has passed, which is what lets a web worker run a view in its own thread."""

    def __init__(self, store: ox.Store, rows: Rows) -> None:
        super().__init__(rows)
        self.store = store
        self.deadline: Optional[float] = None  # time.monotonic() past which scans stop; None: never
        self._graph_facts: dict[Term, list[tuple[Optional[Term], Optional[Term]]]] = {}
        # ?e ?c ?label rows per node IRI: the neighbours a lookup labels recur from lookup to lookup (the
        # places and bodies people are related to); a version never changes, so neither do they
        self._node_rows: dict[str, tuple[dict, ...]] = {}
        # what a whole-version query established once (shared with the bounded copies): see _one_document_each
        self._version_facts: dict[str, bool] = {}

    def bounded(self, deadline: float) -> "ScanReads":
        """This reader for one request: the same version and kept graph facts, stopping at *deadline*.

        Its hand-overs to SPARQL get the time left as their timeout (*rows* must take ``timeout=``, as
        ``Backend.rows`` does), so scans and the queries after them together stay within one timeout."""
        clone = copy.copy(self)
        clone.deadline = deadline
        rows = self.rows

        def remaining(query: str, *args: object) -> tuple[list[dict], bool]:
            clone._check()
            return rows(query, *args, timeout=deadline - time.monotonic())

        clone.rows = remaining
        return clone

    # -- scans ---------------------------------------------------------------
    def _check(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ScanTimeout("the view's scans ran past the timeout")

    def _quads(self, s: Optional[Term], p: Optional[ox.NamedNode], o: Optional[Term], graph: object) -> Iterable[ox.Quad]:
        """quads_for_pattern, looking at the deadline before the scan and every :data:`_CHECK_EVERY` quads."""
        quads = self.store.quads_for_pattern(s, p, o, graph)
        if self.deadline is None:
            return quads
        self._check()
        return self._watched(quads)

    def _watched(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        for n, quad in enumerate(quads, 1):
            if not n % _CHECK_EVERY:
                self._check()
            yield quad

    def _has(self, quad: ox.Quad) -> bool:
        self._check()
        return quad in self.store

    def _objects(self, s: Term, p: ox.NamedNode, graph: object = _DEFAULT) -> list[Optional[Term]]:
        return [q.object for q in self._quads(s, p, None, graph)] if _node(s) else []

    def _optional(self, s: Term, p: ox.NamedNode) -> list[Optional[Term]]:
        """OPTIONAL { s p ?x } in the union: every value, or one unbound."""
        return self._objects(s, p) or [None]

    def _named(self, s: Optional[Term], p: ox.NamedNode, o: Optional[Term]) -> Iterator[ox.Quad]:
        """GRAPH ?g { s p o }: the quads in named graphs (the default graph is the union)."""
        return (q for q in self._quads(s, p, o, None) if q.graph_name != _DEFAULT)

    def _documents_of(self, graph: Term) -> list[tuple[Optional[Term], Optional[Term]]]:
        """OPTIONAL { ?g schema:name ?name } OPTIONAL { ?g schema:datePublished ?date }, kept per graph."""
        found = self._graph_facts.get(graph)
        if found is None:
            found = [(n, d) for n in self._optional(graph, _NAME) for d in self._optional(graph, _DATE)]
            self._graph_facts[graph] = found
        return found

    # -- the rows of SparqlReads ---------------------------------------------
    def nodes(self, iris: list[str]) -> list[dict]:
        """Rows of the nodes this version has described before come from a per-version memo; the others
        are scanned, unless there are more than :data:`SCAN_NODES` of them (then SPARQL answers all)."""
        known = self._node_rows
        missing = [iri for iri in iris if iri not in known]
        if len(missing) > SCAN_NODES:
            return super().nodes(iris)
        found = {iri: self._describe(iri) for iri in missing}
        if len(known) < NODE_MEMO:
            known.update(found)
        return [row for iri in iris for row in (found[iri] if iri in found else known[iri])]

    def _describe(self, iri: str) -> tuple[dict, ...]:
        """?e ?c ?label rows of one node: its entity classes, each with every label (or none)."""
        e = ox.NamedNode(iri)
        classes = [c for c in self._objects(e, _TYPE) if c in _CLASSES]
        labels = self._optional(e, _LABEL) if classes else []
        return tuple(_row(e=e, c=c, label=label) for c in classes for label in labels)

    def facts(self, iri: str) -> list[dict]:
        return [_row(p=q.predicate, o=q.object)
                for q in self._quads(ox.NamedNode(iri), None, None, _DEFAULT)
                if isinstance(q.object, ox.Literal) or q.predicate == _TYPE]

    def _edges(self, e: ox.NamedNode, quads: Callable[..., Iterable[ox.Quad]]) -> Iterator[tuple]:
        """(dir, p, other, post, title, g) of the relation statements at *e* that *quads* (s, p, o) finds:
        the direct predicates both ways, posts folded into holds (out: the post's place, or None when it
        has none; in: the holder). The entity view reads named graphs, a neighborhood hop the union."""
        for p in _DIRECT:
            yield from (("out", p, q.object, None, None, q.graph_name) for q in quads(e, p, None))
            yield from (("in", p, q.subject, None, None, q.graph_name) for q in quads(None, p, e))
        for q in quads(e, _HOLDS, None):
            yield from (("out", _HOLDS, place, q.object, title, q.graph_name)
                        for place in self._optional(q.object, _POST_IN) for title in self._optional(q.object, _TITLE))
        for post in [q.subject for q in self._quads(None, _POST_IN, e, _DEFAULT)]:
            titles = self._optional(post, _TITLE)
            yield from (("in", _HOLDS, q.subject, post, title, q.graph_name)
                        for q in quads(None, _HOLDS, post) for title in titles)

    def relations(self, iri: str, limit: int) -> tuple[list[dict], bool]:
        found = set(self._edges(ox.NamedNode(iri), self._named))
        rows = [_row(dir=ox.Literal(d), p=p, other=other, post=post, title=title, g=g, name=name, date=date)
                for d, p, other, post, title, g in found for name, date in self._documents_of(g)]
        return self._exact(rows, limit) or super().relations(iri, limit)

    def evidence(self, iri: str, limit: int) -> tuple[list[dict], bool]:
        e = ox.NamedNode(iri)
        found: set[tuple] = set()  # (g, s, p, o, sentence, index)
        for q in self._named(None, _SUBJECT, e):
            a, g = q.subject, q.graph_name
            found.update(self._stated(a, g, lambda: [e], lambda: self._objects(a, _PREDICATE, g),
                                      lambda: self._objects(a, _OBJECT, g)))
        for q in self._named(None, _OBJECT, e):
            a, g = q.subject, q.graph_name
            found.update(self._stated(a, g, lambda: self._objects(a, _SUBJECT, g), lambda: self._objects(a, _PREDICATE, g),
                                      lambda: [e]))
        for post in (q.subject for q in self._quads(None, _POST_IN, e, _DEFAULT)):
            for q in self._named(None, _OBJECT, post):
                a, g = q.subject, q.graph_name
                if self._has(ox.Quad(a, _PREDICATE, _HOLDS, g)):
                    found.update(self._stated(a, g, lambda: self._objects(a, _SUBJECT, g), lambda: [_HOLDS],
                                              lambda: [post]))
        rows = [_row(g=g, s=s, p=p, o=o, sentence=sentence, index=index) for g, s, p, o, sentence, index in found]
        return self._exact(rows, limit) or super().evidence(iri, limit)

    def _stated(self, a: Term, g: Term, subjects: Callable[[], list], predicates: Callable[[], list],
                objects: Callable[[], list]) -> Iterable[tuple]:
        """(g, s, p, o, sentence, index) of the assertion *a* in graph *g*: its evidence mentions'
        sentences, in the graph, with their index from the union when there is one. The sentences are
        read first and the statement's ends only when there are some (the cheaper order of the join)."""
        sentences = [(sentence, index) for m in self._objects(a, _EVIDENCE, g)
                     for sentence in self._objects(m, _SENTENCE, g) for index in self._optional(m, _INDEX)]
        if not sentences:
            return ()
        return ((g, s, p, o, sentence, index)
                for s in subjects() for p in predicates() for o in objects() for sentence, index in sentences)

    def _one_document_each(self) -> bool:
        """Whether no mention of this version states two documents: then a mention whose stated document
        is found needs no scan for others. One count per version, on the store itself: it reads one
        predicate's statements once (3 ms at 6,824 mentions, 47-78 ms at 68,244 in the 1M-quad synthetic
        graph), bounded by the data like a scan, so it needs no query process to be stopped in."""
        if "one document each" not in self._version_facts:
            self._check()
            (row,) = self.store.query(SPARQL_PREFIXES + _DOCUMENT_COUNTS)
            self._version_facts["one document each"] = row["n"] == row["k"]
        return self._version_facts["one document each"]

    def _documents_of_mention(self, m: Term) -> list[Optional[Term]]:
        """kgo:inDocument of *m*. Why not always a scan: the busiest entities have hundreds of mentions,
        and a scan each was 40 % of their view; the build mints a mention's IRI under its document's
        (kg.graph.iris.mentioned_in), so a point lookup (~4 µs against ~14 µs) confirms that one, and
        :meth:`_one_document_each` rules out others. Any other mention is scanned."""
        doc = mentioned_in(m.value) if isinstance(m, ox.NamedNode) else None
        if doc is not None:
            candidate = ox.NamedNode(doc)
            if self._has(ox.Quad(m, _IN_DOCUMENT, candidate, _DEFAULT)) and self._one_document_each():
                return [candidate]
        return self._objects(m, _IN_DOCUMENT)

    def documents(self, iri: str, limit: int) -> tuple[list[dict], bool]:
        mentions: Counter = Counter()
        for m in {q.subject for q in self._quads(None, _MENTIONS, ox.NamedNode(iri), _DEFAULT)}:
            for doc in self._documents_of_mention(m):
                for name, date in self._documents_of(doc):
                    mentions[doc, name, date] += 1
        ordered = sorted(mentions.items(), key=lambda kv: (-kv[1], kv[0][0].value))
        rows = [_row(doc=doc, name=name, date=date, mentions=ox.Literal(str(n), datatype=_iri(NS.XSD, "integer")))
                for (doc, name, date), n in ordered]
        if len({key[0] for key in mentions}) < len(mentions):  # a document with two names or dates: ties SPARQL orders its own way
            return super().documents(iri, limit)
        return rows[:limit], len(rows) > limit

    def hop(self, frontier: list[str], limit: int) -> tuple[list[dict], bool]:
        """Scanned for up to :data:`SCAN_NODES` frontier nodes (a hop from one entity: ~20 scans each);
        a wider frontier, or more than *limit* rows, is SPARQL's (which rows a cap keeps is its own)."""
        if len(frontier) > SCAN_NODES:
            return super().hop(frontier, limit)
        found: set[tuple] = set()  # (s, p, o, title)
        union = functools.partial(self._quads, graph=_DEFAULT)
        for iri in frontier:
            n = ox.NamedNode(iri)
            found.update((n, p, other, title) if d == "out" else (other, p, n, title)
                         for d, p, other, _, title, _ in self._edges(n, union) if other is not None)
            if len(found) > limit:
                return super().hop(frontier, limit)
        return [_row(s=s, p=p, o=o, title=title) for s, p, o, title in found], False

    @staticmethod
    def _exact(rows: list[dict], limit: int) -> Optional[tuple[list[dict], bool]]:
        """The rows as an uncut answer; None when the cap would cut them (which rows SPARQL keeps then
        depends on its evaluation order, so only SPARQL can give that answer)."""
        return (rows, False) if len(rows) <= limit else None


def version_handle(store: object) -> Optional[ox.Store]:
    """The pyoxigraph handle the scans may read: the in-memory copy when it is ready, else the open
    on-disk version; None for remote stores and versions of the older layout (union in a named graph).

    Both kinds of store hand out their handle under their own lock, so the scans of one view read one
    version."""
    from kg.graph.store import MemoryMirror, OxigraphStore

    if isinstance(store, MemoryMirror):
        copy = store.ready()
        if copy is not None:
            return copy
        store = store.disk
    return store.scan_handle() if isinstance(store, OxigraphStore) else None
