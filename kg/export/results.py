"""SPARQL results as text: an aligned table for people, standard JSON/CSV/TSV for programs."""
from __future__ import annotations

import unicodedata
from typing import TextIO

import pyoxigraph as ox

from kg.graph.iris import PREFIXES

_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


def compact(term: object) -> str:
    """A term as a person reads it: prefixed IRIs, bare literal values."""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return f"<{term.value}>"
    if isinstance(term, (ox.Literal, ox.BlankNode)):
        return term.value
    return "" if term is None else str(term)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(result: ox.QuerySolutions, out: TextIO) -> None:
    names = [v.value for v in result.variables]
    rows = [[compact(row[name]) for name in names] for row in result]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    out.write(line(names) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for r in rows:
        out.write(line(r) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def write_results(result: object, out: TextIO, fmt: str = "table") -> None:
    """Write a pyoxigraph query result in *fmt* (table, json, csv, tsv)."""
    if isinstance(result, ox.QueryBoolean):
        if fmt == "json":
            out.write('{"head":{},"boolean":%s}\n' % ("true" if bool(result) else "false"))
        else:
            out.write(("true" if bool(result) else "false") + "\n")
    elif isinstance(result, ox.QueryTriples):
        out.write(ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"))
    elif fmt == "table":
        _table(result, out)
    else:
        out.write(result.serialize(format=_FORMATS[fmt]).decode("utf-8"))
