"""Server settings, shared by the app factory, `kg serve` and the tests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class Settings:
    store: str
    timeout: float = 10.0  # seconds one query may run before its process is killed
    row_limit: int = 10_000  # rows (or triples) in one SPARQL answer before it is cut
    query_processes: int = 2  # pre-started query processes per web worker
    update_token: Optional[str] = None  # SPARQL Update is refused unless set and presented
    neighborhood_limit: int = 300  # most nodes one neighborhood answer may hold
    search_limit: int = 100  # largest page of entity search results
    export_timeout: float = 120.0  # seconds a whole-graph export may take (it is heavier than any lookup)
    answer_cache_bytes: int = 64 * 2**20  # GET answers kept per web worker for the current version (0: none)
    memory_quads: int = 0  # web workers and query processes copy stores of at most this many quads into memory (0: never)
