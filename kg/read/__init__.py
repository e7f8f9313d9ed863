"""The first pipeline stage: files in, ``kg.types.Document`` out."""
from kg.read.reader import ReadError, expand_paths, iter_documents, read_document

__all__ = ["ReadError", "expand_paths", "iter_documents", "read_document"]
