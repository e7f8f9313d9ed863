"""kg query: answers SPARQL from the command line in table, JSON and CSV; bad queries get one line."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_graph_samples import build_samples

ROOT = Path(__file__).resolve().parent.parent
QUERY = "SELECT DISTINCT ?name WHERE { ?p org:holds/org:postIn ?place . ?place skos:prefLabel ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    location = tmp_path_factory.mktemp("query") / "store"
    build_samples(location)
    return location


def kg_query(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", "query", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_formats(store: Path, tmp_path: Path):
    expected = ["嵊州市委组织部", "绍兴市", "诸暨市", "龙港市"]
    table = kg_query(QUERY, "--store", str(store))
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].strip() == "name" and [line.strip() for line in lines[2:-1]] == expected
    assert lines[-1] == "(4 rows)"
    as_json = json.loads(kg_query(QUERY, "--store", str(store), "--format", "json").stdout)
    assert [b["name"]["value"] for b in as_json["results"]["bindings"]] == expected
    rows = list(csv.DictReader(io.StringIO(kg_query(QUERY, "--store", str(store), "--format", "csv").stdout)))
    assert [r["name"] for r in rows] == expected
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?s a kgo:Program }", encoding="utf-8")
    assert kg_query(f"@{query_file}", "--store", str(store)).stdout.strip() == "true"


def test_errors_are_one_line(store: Path, tmp_path: Path):
    bad = kg_query("SELECT ?s WHERE { ?s ?p", "--store", str(store))
    assert bad.returncode == 2 and bad.stderr.startswith("kg query: invalid SPARQL: error at 1:")
    assert bad.stderr.count("\n") == 1
    missing = kg_query(QUERY, "--store", str(tmp_path / "none"))
    assert missing.returncode == 1 and "no graph at" in missing.stderr and missing.stderr.count("\n") == 1
