"""SPARQL result serializers that can stop after N rows.

pyoxigraph can serialize a whole ``QuerySolutions`` iterator but not the first
N rows of one, and the endpoint has to cap results and say so. The query
process uses pyoxigraph's writers (:data:`NATIVE`) whenever the query itself
bounds the rows; these writers produce the four W3C result formats from an
already-truncated list of rows for the rest, and mark the cut;
graph results (CONSTRUCT/DESCRIBE) use pyoxigraph's own RDF writers.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Optional, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# media type -> serializer name, for SELECT/ASK results
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
# serializer name -> pyoxigraph's own writer, used whenever a result needs no cut
NATIVE = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
# media type -> pyoxigraph RDF format, for CONSTRUCT/DESCRIBE results
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
TEXTUAL = {"text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples"}


def content_type(media_type: str) -> str:
    """The Content-Type header value: charset only where the format does not fix UTF-8 itself."""
    return f"{media_type}; charset=utf-8" if media_type in TEXTUAL else media_type


def term_json(term: Any) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def _term_xml(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return "<triple>" + "".join(f"<{k}>{_term_xml(v)}</{k}>" for k, v in parts) + "</triple>"
    raise TypeError(f"not an RDF term: {term!r}")


def _term_csv(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def _term_tsv(term: Any) -> str:
    # str() of a pyoxigraph term is its N-Triples form, which already escapes tabs and newlines
    return "" if term is None else str(term)


def solutions(variables: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, truncated: bool) -> bytes:
    """Serialize SELECT rows (each a sequence aligned with ``variables``, None = unbound)."""
    if fmt == "json":
        bindings = [
            {v: term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows
        ]
        doc: dict = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        if truncated:
            doc["truncated"] = True
        return json.dumps(doc, ensure_ascii=False).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if truncated:
            out.append('<link href="#truncated"/>')
        out.append("</head><results>")
        for row in rows:
            out.append("<result>")
            out += [
                f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>"
                for v, t in zip(variables, row)
                if t is not None
            ]
            out.append("</result>")
        out.append("</results></sparql>")
        return "".join(out).encode()
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_term_csv(t) for t in row] for row in rows)
        return buf.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join(_term_tsv(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown solutions format {fmt!r}")


def boolean(value: bool, fmt: str) -> bytes:
    """Serialize an ASK result."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>"
        ).encode()
    if fmt == "csv":
        return b"_askResult\r\n" + (b"true" if value else b"false") + b"\r\n"
    if fmt == "tsv":
        return b"?_askResult\n" + (b"true" if value else b"false") + b"\n"
    raise ValueError(f"unknown solutions format {fmt!r}")


def triples(items: Iterable[Any], fmt: ox.RdfFormat, prefixes: Optional[dict] = None) -> bytes:
    """Serialize CONSTRUCT/DESCRIBE triples with pyoxigraph's writer."""
    return ox.serialize(items, format=fmt, prefixes=prefixes or None)
