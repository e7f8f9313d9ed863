"""Shared fixtures: paths to the bundled seeds and to ../shared when present."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) == 5, "seeds/ must hold the five bundled documents"
    return paths


def extract_text(tmp_path: Path, text: str, name: str = "doc.txt"):
    """The extraction of TEXT written to a file and read the way `kg extract` reads it."""
    from kg.extract import extract_document
    from kg.read import read_document

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_document(read_document(path))


def entity_names(extraction, label: str) -> set[str]:
    return {e.canonical for e in extraction.entities if e.label == label}


def relation_pairs(extraction, relation: str) -> set[tuple[str, str]]:
    return {(r.head, r.tail) for r in extraction.relations if r.relation == relation}
