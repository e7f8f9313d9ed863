"""Domain extraction: officials and posts, localities, programs, organizations, relations."""
from kg.extract.pipeline import extract_document

__all__ = ["extract_document"]
