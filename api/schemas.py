"""JSON Schemas of the REST answers, for the OpenAPI description (and so for schemathesis' checks)."""
from __future__ import annotations

from api.graphdata import RELATIONS, TYPES
from api.search import TIERS


def obj(required: dict, optional: dict | None = None) -> dict:
    """An object schema whose *required* properties must be present."""
    return {"type": "object", "required": list(required), "properties": {**required, **(optional or {})}}


STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
INTEGER = {"type": "integer"}
TYPE = {"type": "string", "enum": list(TYPES)}
NODE = obj({"id": STRING, "label": STRING, "type": TYPE})
SOURCE = obj({}, {"document": STRING, "name": NULLABLE_STRING, "date": NULLABLE_STRING,
                  "sentences": {"type": "array", "items": STRING}, "source": STRING})
RELATION = obj(
    {"relation": STRING, "predicate": STRING, "entity": {**NODE, "nullable": True},
     "provenance": {"type": "array", "items": SOURCE}},
    {"title": STRING},
)

SEARCH = obj({
    "query": STRING, "total": INTEGER, "offset": INTEGER, "limit": INTEGER,
    "results": {"type": "array", "items": obj(
        {"id": STRING, "label": STRING, "type": TYPE, "match": {"type": "string", "enum": list(TIERS)},
         "mentions": INTEGER})},
})
ENTITY = obj({
    "id": STRING, "iri": STRING, "type": TYPE, "types": {"type": "array", "items": STRING},
    "label": STRING, "labels": {"type": "array", "items": STRING}, "aliases": {"type": "array", "items": STRING},
    "attributes": obj({}, {"adcode": STRING, "level": STRING, "lat": {"type": "number"}, "lon": {"type": "number"}}),
    "relations": obj({"outgoing": {"type": "array", "items": RELATION}, "incoming": {"type": "array", "items": RELATION}}),
    "documents": {"type": "array", "items": obj({"document": STRING, "mentions": INTEGER},
                                                {"name": NULLABLE_STRING, "date": NULLABLE_STRING})},
    "truncated": {"type": "boolean"},
})
NEIGHBORHOOD = obj({
    "center": STRING, "depth": INTEGER, "truncated": {"type": "boolean"},
    "nodes": {"type": "array", "items": obj({**NODE["properties"], "depth": INTEGER})},
    "edges": {"type": "array", "items": obj(
        {"source": STRING, "target": STRING, "relation": {"type": "string", "enum": list(RELATIONS)},
         "predicate": STRING}, {"title": STRING})},
})
DOCUMENT_SUMMARY = obj({"id": STRING, "name": STRING}, {"date": NULLABLE_STRING, "headline": NULLABLE_STRING})
DOCUMENTS = obj({"offset": INTEGER, "limit": INTEGER, "results": {"type": "array", "items": DOCUMENT_SUMMARY}})
SPAN = obj({"start": INTEGER, "end": INTEGER}, {"text": NULLABLE_STRING})
DOCUMENT = obj(
    {"id": STRING, "iri": STRING, "name": STRING, "text": NULLABLE_STRING,
     "sentences": {"type": "array", "items": obj({"index": INTEGER, "text": STRING})},
     "entities": {"type": "array", "items": obj(
         {**NODE["properties"], "mentions": INTEGER, "spans": {"type": "array", "items": SPAN}})},
     "relations": {"type": "array", "items": obj(
         {"head": NODE, "relation": STRING, "tail": {**NODE, "nullable": True},
          "evidence": {"type": "array", "items": SPAN}}, {"title": STRING})}},
    {"date": NULLABLE_STRING, "headline": NULLABLE_STRING, "publisher": {**NODE, "nullable": True}},
)
STATS = obj({
    "version": NULLABLE_STRING, "triples": INTEGER,
    "types": {"type": "object", "additionalProperties": INTEGER},
    "relations": {"type": "object", "additionalProperties": INTEGER},
})
