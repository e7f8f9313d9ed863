"""Every benchmark script still runs: `python -m bench.<name> --quick` as a subprocess.

Benchmarks are not tests, so nothing here looks at a time; what is checked is
that each script exits 0 and writes its own section of the report, with a
filled-in table and the machine header, into a copy of BENCHMARKS.md whose
other sections it leaves alone.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ("extract", "build", "sparql", "api_load")  # sparql before api_load: they share the synthetic graph


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def report(scratch: Path) -> Path:
    path = scratch / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nhand-written text that no script may touch\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", SCRIPTS)
def test_quick_run_writes_its_section(name: str, scratch: Path, report: Path) -> None:
    if shutil.which("oxigraph") is None and name in ("sparql", "api_load"):
        pytest.fail("the `oxigraph` server command is missing: pip install -e '.[test]' installs it")
    before = report.read_text(encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--quick", "--report", str(report), "--workdir", str(scratch / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    section = re.search(rf"<!-- bench:{name}:start -->(.*?)<!-- bench:{name}:end -->", text, re.S)
    assert section, f"no {name} section in the report"
    body = section.group(1)
    assert f"`python -m bench.{name} --quick`" in body
    assert "--quick run" in body and "- machine:" in body and "- Python" in body
    assert re.search(r"^\|---\|", body, re.M), "the section has no table"
    assert not re.search(r"\| *(nan|inf) *\|", body), "a figure came out as nan or inf"
    if name == "api_load":  # the cache-missing lookups also rotate over every entity, not only the busiest
        assert re.search(r"every request a cache miss, all [\d,]+ entities \| [\d,]+ \|", body)
    # the hand-written text and the sections of scripts that ran earlier are kept
    assert "hand-written text that no script may touch" in text
    for earlier in re.findall(r"<!-- bench:(\w+):start -->", before):
        assert f"<!-- bench:{earlier}:end -->" in text
    assert text.count(f"<!-- bench:{name}:start -->") == 1
