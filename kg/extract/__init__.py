"""Domain extraction: officials and posts, localities, programs, organizations, relations.

``extract_document`` is loaded on first use, so that importing a light module of this package
(``kg.extract.guard``, which ``kg.graph.build`` needs) does not load every extraction stage.
"""
from typing import Any

__all__ = ["extract_document"]


def __getattr__(name: str) -> Any:
    if name == "extract_document":
        from kg.extract.pipeline import extract_document

        return extract_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
