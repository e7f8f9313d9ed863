"""Gazetteers from public reference data: divisions, countries, title and suffix lexicons."""
from __future__ import annotations

from kg.gazetteer.divisions import Division, Divisions, divisions
from kg.gazetteer.lexicon import ORG_SUFFIXES, PROGRAM_HEADS, REGIONS, TITLES, countries, idioms

__all__ = [
    "Division", "Divisions", "divisions", "countries", "idioms", "segmenter_words",
    "ORG_SUFFIXES", "PROGRAM_HEADS", "REGIONS", "TITLES",
]


def segmenter_words() -> list[str]:
    """Words the segmenter must keep whole so entity boundaries fall on token boundaries.

    Divisions from province to county (full and short forms), towns (full
    names), title words, program head nouns and regions; sorted for a
    deterministic user dictionary.
    """
    words: set[str] = set(TITLES) | set(PROGRAM_HEADS) | set(REGIONS)
    for d in divisions():
        if d.level in ("province", "city", "county", "town"):
            words.add(d.name)
            if d.short and len(d.short) >= 2 and d.level != "town":
                words.add(d.short)
    return sorted(words)
