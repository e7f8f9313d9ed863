"""A document's sentences with their mention spans, rebuilt from the graph.

The graph keeps, per mention, the absolute offsets into the normalized text,
the exact span and the whole sentence, but not where the sentence starts. The
start follows from the mentions: it is the offset at which every mention of
the sentence reads its exact text, so the spans can be placed without
guessing even when a name occurs twice in one sentence.
"""
from __future__ import annotations

from typing import Iterable, Optional

from api import graphdata as gd
from kg.graph.iris import SPARQL_PREFIXES

_MENTIONS = """
SELECT DISTINCT ?i ?text ?start ?end ?exact ?e ?paragraph WHERE {{ GRAPH {doc} {{
  ?m kgo:mentions ?e ; oa:start ?start ; oa:end ?end ; kgo:sentenceIndex ?i ; kgo:sentenceText ?text .
  OPTIONAL {{ ?m oa:exact ?exact }} OPTIONAL {{ ?m kgo:paragraphIndex ?paragraph }} }} }}
"""


def sentence_start(text: str, spans: Iterable[tuple[int, int, Optional[str]]]) -> Optional[int]:
    """The document offset of *text*'s first character, given (start, end, exact) spans inside it.

    None when no offset is consistent with every span (the graph and the text disagree).
    """
    spans = sorted(spans)
    if not spans:
        return None
    first_start, first_end, first_exact = spans[0]
    needle = first_exact if first_exact else None
    candidates = range(len(text)) if needle is None else _occurrences(text, needle)
    for position in candidates:
        origin = first_start - position
        if all(_reads(text, origin, s, e, x) for s, e, x in spans):
            return origin
    return None


def _occurrences(text: str, needle: str) -> Iterable[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _reads(text: str, origin: int, start: int, end: int, exact: Optional[str]) -> bool:
    local_start, local_end = start - origin, end - origin
    if local_start < 0 or local_end > len(text):
        return False
    return exact is None or text[local_start:local_end] == exact


def document_sentences(rows: gd.Rows, doc_iri: str) -> list[dict]:
    """[{index, paragraph, start, text, mentions: [{start, end, id, label, type}]}] in text order.

    Mention offsets are sentence-local; `start` is the sentence's offset in the document (None when
    the stored spans do not fit the stored sentence), `paragraph` its paragraph index when known.
    """
    found, _ = rows(SPARQL_PREFIXES + _MENTIONS.format(doc=gd.iri_term(doc_iri)))
    nodes = gd.describe_nodes(rows, {gd.value(r, "e") for r in found})
    sentences: dict[int, dict] = {}
    for row in found:
        index = int(gd.value(row, "i"))
        sentence = sentences.setdefault(index, {"index": index, "text": gd.value(row, "text"), "spans": [], "paragraph": None})
        if gd.value(row, "paragraph") is not None:
            sentence["paragraph"] = int(gd.value(row, "paragraph"))
        node = nodes.get(gd.value(row, "e"))
        if node is not None:
            sentence["spans"].append((int(gd.value(row, "start")), int(gd.value(row, "end")), gd.value(row, "exact"), node))
    out = []
    for index in sorted(sentences):
        sentence = sentences[index]
        origin = sentence_start(sentence["text"], [(s, e, x) for s, e, x, _ in sentence["spans"]])
        mentions = []
        if origin is not None:
            for start, end, _, node in sorted(sentence["spans"], key=lambda span: (span[0], -span[1])):
                mentions.append({"start": start - origin, "end": end - origin, **node.json()})
        out.append({"index": index, "paragraph": sentence["paragraph"], "start": origin, "text": sentence["text"],
                    "mentions": mentions})
    return out
