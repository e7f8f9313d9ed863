"""What every view needs: the settings and the query pool of this web worker."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from api.errors import QueryFailed
from api.pool import QueryPool
from api.settings import Settings

_STATUS = {"syntax": 400, "not_acceptable": 406}


@dataclass
class Backend:
    settings: Settings
    pool: QueryPool

    def raise_for(self, answer: dict) -> None:
        """Turn a query process's error report into the matching HTTP error."""
        if not answer.get("ok"):
            raise QueryFailed(_STATUS.get(answer.get("kind", ""), 500), answer.get("message", "query failed"))

    def rows(self, query: str, limit: int = 100_000) -> tuple[list[dict], bool]:
        """Run an internal SELECT; rows map variable names to SPARQL-JSON terms."""
        answer = self.pool.call({"op": "rows", "query": query, "limit": limit})
        self.raise_for(answer)
        return answer["rows"], answer["truncated"]


def backend() -> Backend:
    return current_app.extensions["kg"]
