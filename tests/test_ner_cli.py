"""`kg ner` through the real command line: one JSON object per input line."""
from __future__ import annotations

import json

from conftest import SEEDS
from test_segment_cli import run_kg


def test_ner_json_lines_with_offsets_into_each_line():
    long_line = "".join(p.read_text(encoding="utf-8").replace("\n", "") for p in sorted(SEEDS.glob("*.txt")))[:30000]
    lines = ["国务院总理李强在北京会见来访的法国总统。", "", long_line, "hello world 123"]
    result = run_kg("ner", stdin=("\n".join(lines) + "\n").encode())
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["text"] for r in records] == lines
    assert records[1]["entities"] == []
    for record in records:
        for ent in record["entities"]:
            assert set(ent) == {"start", "end", "label", "text"}
            assert record["text"][ent["start"]:ent["end"]] == ent["text"]
            assert ent["label"] in {"PERSON", "LOCALITY", "ORGANIZATION"}
    first = {(e["text"], e["label"]) for e in records[0]["entities"]}
    assert ("李强", "PERSON") in first and ("北京", "LOCALITY") in first
    assert len(records[2]["entities"]) > 50


def test_ner_file_with_bad_line_and_crlf(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes("\ufeff杭州市委书记出席会议。\r\n".encode() + b"\xc3\x28\n" + "宁波市政府\n".encode())
    result = run_kg("ner", str(path), stdin=b"")
    assert result.returncode == 0
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["text"] for r in records] == ["杭州市委书记出席会议。", "", "宁波市政府"]
    assert records[1]["entities"] == [] and "line 2" in result.stderr.decode()
