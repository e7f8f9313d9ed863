"""The gazetteer-and-rules NER we measure the trained model against.

What a user gets without a statistical model: LOCALITY by longest match
against administrative divisions, countries and regions (kg.gazetteer);
ORGANIZATION as a matched locality followed, within a few characters and
without punctuation, by an organization suffix; PERSON by longest match
against the CPED official names (read from the data directory, evaluation
only, never shipped).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import ahocorasick

CPED_FILES = ("background1.csv", "no_background2.csv")
_ORG_GAP = 8


def automaton(words: dict[str, str]) -> ahocorasick.Automaton:
    machine = ahocorasick.Automaton()
    for word, label in words.items():
        machine.add_word(word, (len(word), label))
    machine.make_automaton()
    return machine


def longest_leftmost(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, int, str]]:
    hits = sorted(((end + 1 - n, end + 1, label) for end, (n, label) in automaton.iter(text)),
                  key=lambda h: (h[0], -h[1]))
    out: list[tuple[int, int, str]] = []
    for hit in hits:
        if not out or hit[0] >= out[-1][1]:
            out.append(hit)
    return out


def place_words() -> dict[str, str]:
    """Gazetteer surfaces that MSRA would tag LOCALITY: divisions to county level (full and short), countries, regions."""
    from kg import gazetteer

    words: dict[str, str] = {}
    for d in gazetteer.divisions():
        if d.level in ("province", "city", "county"):
            words[d.name] = "LOCALITY"
            if d.short and len(d.short) >= 2:
                words[d.short] = "LOCALITY"
    for surface in list(gazetteer.countries()) + list(gazetteer.REGIONS):
        words[surface] = "LOCALITY"
    return words


def cped_names(data_dir: Path) -> set[str]:
    names = set()
    for name in CPED_FILES:
        with open(data_dir / "cped_officials" / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                person = re.sub(r"[(（].*", "", row.get("姓名") or "").strip()
                if len(person) >= 2:
                    names.add(person)
    return names


class GazetteerNer:
    """Callable text -> [(start, end, label)] by dictionaries and one suffix rule."""

    def __init__(self, data_dir: Path):
        from kg import gazetteer

        words = {name: "PERSON" for name in cped_names(data_dir)} | place_words()
        self.automaton = automaton(words)
        suffixes = "|".join(sorted(map(re.escape, gazetteer.ORG_SUFFIXES), key=len, reverse=True))
        self.org_tail = re.compile(rf"[\u4e00-\u9fff]{{0,{_ORG_GAP}}}?(?:{suffixes})")

    def __call__(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for start, end, label in longest_leftmost(self.automaton, text):
            if out and start < out[-1][1]:
                continue
            tail = self.org_tail.match(text, end) if label == "LOCALITY" else None
            if tail and tail.end() > end:
                out.append((start, tail.end(), "ORGANIZATION"))
            else:
                out.append((start, end, label))
        return out
