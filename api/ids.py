"""Short, URL-safe ids for entities and documents, and their strict validation.

An entity id is the entity IRI's path after ``kg:`` with ``/`` written as
``:`` (``locality:330683``, ``person:温暖``). The graph's IRI segments
percent-encode every ASCII character outside ``[A-Za-z0-9._~-]``, so ``:``
never occurs inside a segment and the mapping is exact in both directions.
Because ids are validated against the same character classes, nothing a
client sends can carry quotes, brackets, braces or ``#`` into a query.
"""
from __future__ import annotations

import re
from typing import Optional

import pyoxigraph as ox
from werkzeug.routing import BaseConverter, ValidationError

from kg.graph.iris import ID, document_iri

KINDS = ("person", "locality", "organization", "program")
# one IRI segment: unreserved ASCII or any non-ASCII character, written as a negated class (every
# ASCII character outside [A-Za-z0-9._~-]) so that regex-driven generators (schemathesis) handle it
_SEGMENT = r"(?:[^\x00-\x2C\x2F\x3A-\x40\x5B-\x5E\x60\x7B-\x7D\x7F]|%[0-9A-Fa-f]{2})+"
ENTITY_ID = rf"(?:{'|'.join(KINDS)})(?::{_SEGMENT}){{1,4}}"
DOCUMENT_ID = r"[A-Za-z0-9._~-]{1,128}"
_ENTITY_RE = re.compile(ENTITY_ID)


def entity_id(iri: str) -> Optional[str]:
    """The id of an entity IRI, or None for IRIs that are not entities (posts, mentions, ...)."""
    if not iri.startswith(ID):
        return None
    local = iri[len(ID):].replace("/", ":")
    return local if _ENTITY_RE.fullmatch(local) else None


def entity_iri(entity_id: str) -> str:
    """The IRI of an entity id; ValueError unless the id is well formed and makes a valid IRI."""
    if not _ENTITY_RE.fullmatch(entity_id):
        raise ValueError(f"not an entity id: {entity_id!r}")
    iri = ID + entity_id.replace(":", "/")
    ox.NamedNode(iri)  # rejects characters IRIs forbid (U+FFFD, private use, ...)
    return iri


def document_id(iri: str) -> Optional[str]:
    """The id of a document IRI (None for other IRIs); inverse of kg.graph.iris.document_iri."""
    for candidate in re.findall(DOCUMENT_ID, iri.rsplit("/", 1)[-1]):
        if document_iri(candidate) == iri:
            return candidate
    return None


class EntityIdConverter(BaseConverter):
    """URL converter: a path segment that is a well-formed entity id, else the route does not match (404)."""

    regex = ENTITY_ID

    def to_python(self, value: str) -> str:
        try:
            entity_iri(value)
        except ValueError:
            raise ValidationError() from None
        return value
    description = "entity id: the entity IRI's path after https://kg-zh-gov.example/id/ with ':' for '/', e.g. locality:330683"


class DocumentIdConverter(BaseConverter):
    regex = DOCUMENT_ID
    description = "document id: the content hash of the document's normalized text"
