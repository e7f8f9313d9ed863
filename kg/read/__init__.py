"""The first pipeline stage: files in, ``kg.types.Document`` out.

``read_document(path)`` decodes (UTF-8 with or without BOM, UTF-16, GB18030),
normalizes (``kg.normalize``), splits into articles, paragraphs and sentences
and attaches metadata; a file that cannot be read raises ``ReadError`` with
one line naming the file and the problem. ``iter_documents`` does that for a
batch, reporting bad files through ``on_error(path, message)`` and going on.

What downstream stages can rely on:

- ``Document.text`` holds one paragraph per line, no blank lines; headlines
  and bylines are lines of their own. Characters are as written in the
  source (no full-/half-width folding); only whitespace is normalized.
- every line of the text is a ``Paragraph`` of exactly one ``Article``,
  headline and byline lines included, so ``Document.sentences()`` covers all
  of the text; ``Article.headline`` and ``Article.bylines`` repeat those lines.
- ``Document.raw_span(start, end)`` gives the span in ``Document.raw``.
- ``Document.doc_id`` is the first 16 hex digits of the SHA-256 of the text.
"""
from kg.read.reader import ReadError, expand_paths, iter_documents, read_document

__all__ = ["ReadError", "expand_paths", "iter_documents", "read_document"]
