"""Locality mentions: administrative divisions, countries, regions, zones.

One Aho-Corasick automaton (Rust, ahocorasick-rs) holds every division name
from province to town in full and, for province to county, in the short form
(绍兴 for 绍兴市), plus countries and regions. Villages are too many and too
generic to match blindly, so they are looked up only where a 村/社区 suffix
occurs, and kept only when the document's other places confirm them.

Short forms that are also ordinary words (光明, 平安, 东方) are dropped using
jieba's public word list: a short form jieba tags as a verb, adjective,
adverb or place-word-but-common-noun with a high frequency is not a place
name on its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import ahocorasick_rs

from kg.gazetteer import REGIONS, Division, countries, divisions
from kg.gazetteer.lexicon import word_list

LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4}
_ALLOWED_SHORT_POS = ("ns", "nr", "nz", "nrt", "nrfg", "nt")
_COMMON_WORD_FREQ = 300


@dataclass
class PlaceHit:
    start: int
    end: int
    surface: str
    candidates: list[Division]  # empty for countries/regions
    canonical: Optional[str] = None  # set for countries/regions, or once resolved
    kind: str = "division"  # division | country | region | zone
    short: bool = False  # matched through a short form


def _is_common_word(word: str, lexicon: dict[str, tuple[int, str]]) -> bool:
    freq, pos = lexicon.get(word, (0, "ns"))
    if pos in _ALLOWED_SHORT_POS:
        return False
    return pos[0] not in "n" or freq > _COMMON_WORD_FREQ


class PlaceMatcher:
    """Finds place names in text; built once per process (a second or two)."""

    def __init__(self) -> None:
        table = divisions()
        lexicon = word_list()
        self.by_surface: dict[str, list[Division]] = {}
        self.short_surfaces: set[str] = set()
        for d in table:
            if d.level == "town" and (len(d.name) < 3 or not d.name.endswith(("镇", "乡", "街道"))):
                continue  # data rows such as 产业园 or 社区 are not names
            self.by_surface.setdefault(d.name, []).append(d)
            if d.short and len(d.short) >= 2 and d.level != "town" and not _is_common_word(d.short, lexicon):
                self.by_surface.setdefault(d.short, []).append(d)
                self.short_surfaces.add(d.short)
        self.countries = {k: v for k, v in countries().items() if len(k) >= 2}
        self.regions = set(REGIONS)
        patterns = sorted(set(self.by_surface) | set(self.countries) | self.regions)
        self._patterns = patterns
        self._automaton = ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def find(self, text: str) -> list[PlaceHit]:
        hits = []
        for index, start, end in self._automaton.find_matches_as_indexes(text):
            surface = self._patterns[index]
            if surface in self.by_surface:
                cands = self.by_surface[surface]
                full = [d for d in cands if d.name == surface]
                hits.append(PlaceHit(start, end, surface, full or cands, short=not full))
            elif surface in self.countries:
                hits.append(PlaceHit(start, end, surface, [], self.countries[surface], "country"))
            else:
                hits.append(PlaceHit(start, end, surface, [], surface, "region"))
        return hits


@lru_cache(maxsize=1)
def place_matcher() -> PlaceMatcher:
    return PlaceMatcher()
