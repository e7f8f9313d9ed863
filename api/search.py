"""Entity search by name and alias: exact, prefix, substring, pinyin, then fuzzy.

Why an in-memory index rather than one SPARQL FILTER per request: ranking
needs every tier at once (an exact alias must beat a substring of a popular
name), pinyin has to be computed in Python, and the label table is small
next to the graph. The index is rebuilt when the store publishes a new
version, so a build shows up in search as soon as it is published.
"""
from __future__ import annotations

import difflib
import re
import threading
from dataclasses import dataclass, field
from typing import Callable, Optional

from api.graphdata import TYPES, Rows, primary_type, value
from api.ids import entity_id
from kg.graph.iris import SPARQL_PREFIXES

# match tiers, best first; the name says why a hit matched
TIERS = ("exact", "alias", "prefix", "substring", "pinyin", "pinyin-prefix", "pinyin-initials", "fuzzy")
_ASCII_QUERY = re.compile(r"[a-z][a-z ']*")


@dataclass
class Entry:
    iri: str
    id: str
    label: str
    type: Optional[str]
    names: list[str]  # lower-cased prefLabels then altLabels
    mentions: int = 0
    pinyin: list[tuple[str, str]] = field(default_factory=list)  # (full, initials) per name, filled lazily


class SearchIndex:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._pinyin_ready = False
        self._lock = threading.Lock()
        self._names: dict[str, list[Entry]] = {}
        for entry in entries:
            for name in entry.names:
                self._names.setdefault(name, []).append(entry)

    @classmethod
    def load(cls, rows: Rows) -> "SearchIndex":
        found, _ = rows(
            SPARQL_PREFIXES
            + "SELECT DISTINCT ?e ?c ?name ?pref WHERE { VALUES ?c { "
            + " ".join(f"<{iri}>" for iri in TYPES.values())
            + " } ?e a ?c . { ?e skos:prefLabel ?name BIND(true AS ?pref) }"
            " UNION { ?e skos:altLabel ?name BIND(false AS ?pref) } }",
            5_000_000,
        )
        counts, _ = rows(
            SPARQL_PREFIXES + "SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m kgo:mentions ?e } GROUP BY ?e",
            5_000_000,
        )
        mentions = {value(r, "e"): int(value(r, "n")) for r in counts}
        classes: dict[str, set[str]] = {}
        preferred: dict[str, list[str]] = {}
        aliases: dict[str, list[str]] = {}
        for row in found:
            e = value(row, "e")
            classes.setdefault(e, set()).add(value(row, "c"))
            bucket = preferred if value(row, "pref") == "true" else aliases
            if value(row, "name") not in bucket.setdefault(e, []):
                bucket[e].append(value(row, "name"))
        entries = []
        for e, class_iris in classes.items():
            eid = entity_id(e)
            if not eid:
                continue
            pref = sorted(preferred.get(e, []))
            names = [n.lower() for n in pref] + [n.lower() for n in sorted(aliases.get(e, [])) if n not in pref]
            entries.append(
                Entry(e, eid, pref[0] if pref else eid, primary_type(class_iris), list(dict.fromkeys(names)), mentions.get(e, 0))
            )
        return cls(entries)

    def ensure_pinyin(self) -> None:
        with self._lock:
            if self._pinyin_ready:
                return
            from pypinyin import Style, lazy_pinyin

            for entry in self.entries:
                entry.pinyin = [
                    ("".join(lazy_pinyin(n)).lower(), "".join(lazy_pinyin(n, style=Style.FIRST_LETTER)).lower())
                    for n in entry.names
                ]
            self._pinyin_ready = True

    def _tier(self, entry: Entry, q: str, spelled: Optional[str], initials_too: bool) -> Optional[int]:
        names = entry.names
        if names and names[0] == q:
            return 0
        if q in names:
            return 1
        if any(n.startswith(q) for n in names):
            return 2
        if any(q in n for n in names):
            return 3
        if spelled:
            if any(full == spelled for full, _ in entry.pinyin):
                return 4
            if any(full.startswith(spelled) for full, _ in entry.pinyin):
                return 5
            if initials_too and any(initials.startswith(spelled) for _, initials in entry.pinyin):
                return 6
        return None

    def search(self, q: str, type_name: Optional[str] = None) -> list[tuple[Entry, str]]:
        """All matches, best first: by tier, then mentions (popular first), then shorter label."""
        q = q.strip().lower()
        # pinyin typed by the user, or the reading of a Chinese query (so homophone typos such as
        # 嵊洲 for 嵊州 still find the place); initials only for typed pinyin, where "sx" is deliberate
        typed = _ASCII_QUERY.fullmatch(q) is not None
        spelled = q.replace(" ", "").replace("'", "") if typed else (_reading(q) if len(q) >= 2 else None)
        if spelled:
            self.ensure_pinyin()

        def wanted(entry: Entry) -> bool:
            if not type_name:
                return True
            return entry.type == type_name or (type_name == "Person" and entry.type == "Official")

        hits = []
        for entry in self.entries:
            if not wanted(entry):
                continue
            tier = self._tier(entry, q, spelled, typed)
            if tier is not None:
                hits.append((tier, entry))
        if not hits and len(q) >= 2:
            for name in difflib.get_close_matches(q, list(self._names), n=50, cutoff=0.6):
                hits += [(len(TIERS) - 1, e) for e in self._names[name] if wanted(e)]
        best: dict[str, tuple[int, Entry]] = {}
        for tier, entry in hits:
            if entry.iri not in best or tier < best[entry.iri][0]:
                best[entry.iri] = (tier, entry)
        ranked = sorted(best.values(), key=lambda te: (te[0], -te[1].mentions, len(te[1].label), te[1].label, te[1].id))
        return [(entry, TIERS[tier]) for tier, entry in ranked]


def _reading(text: str) -> Optional[str]:
    """Toneless pinyin of a Chinese query, None when it has no Chinese characters."""
    from pypinyin import lazy_pinyin

    reading = "".join(lazy_pinyin(text)).lower()
    return reading if reading != text and reading.isascii() else None


class IndexCache:
    """One search index per published store version."""

    def __init__(self, rows: Rows, version: Callable[[], Optional[str]]) -> None:
        self._rows = rows
        self._version = version
        self._lock = threading.Lock()
        self._cached: tuple[Optional[str], Optional[SearchIndex]] = (None, None)

    def get(self) -> SearchIndex:
        current = self._version()
        with self._lock:
            version, index = self._cached
            if index is None or version != current:
                index = SearchIndex.load(self._rows)
                self._cached = (current, index)
            return index
