"""`kg segment` through the real command line: one output line per input line."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SEEDS


def run_kg(*args: str, stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=600)


def test_segment_lines_from_stdin():
    long_line = "".join(p.read_text(encoding="utf-8").replace("\n", "") for p in sorted(SEEDS.glob("*.txt")))[:30000]
    lines = ["浙江省杭州市人民政府召开常务会议。", "", "   ", long_line, "GDP增长5.2%"]
    result = run_kg("segment", "-", stdin=("\n".join(lines) + "\n").encode())
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode().split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)
    first = out[0].split(" ")
    assert "".join(first) == lines[0] and "杭州市" in first and len(first) >= 5
    assert out[1] == "" and out[2] == ""
    assert out[3].replace(" ", "") == long_line.replace(" ", "") and "  " not in out[3]
    assert out[4].replace(" ", "") == "GDP增长5.2%"


def test_segment_reads_a_file_and_reports_bad_bytes(tmp_path):
    path = tmp_path / "in.txt"
    path.write_bytes("市委书记出席会议。\n".encode() + b"\xff\xfe broken\n" + "乡村振兴\n".encode())
    result = run_kg("segment", str(path), stdin=b"")
    assert result.returncode == 0
    out = result.stdout.decode().split("\n")
    assert out[:3] == [out[0], "", out[2]] and out[0].replace(" ", "") == "市委书记出席会议。"
    assert out[2].replace(" ", "") == "乡村振兴"
    assert "line 2" in result.stderr.decode() and "UTF-8" in result.stderr.decode()


def test_segment_missing_file_is_a_one_line_error(tmp_path):
    result = run_kg("segment", str(tmp_path / "absent.txt"), stdin=b"")
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and "absent.txt" in result.stderr.decode()


def test_default_is_the_training_standard_and_gazetteer_keeps_names_whole():
    line = "浙江省嵊州市市委书记在会上指出\n".encode()
    standard = run_kg("segment", "-", stdin=line).stdout.decode().split()
    gazetteer = run_kg("segment", "--gazetteer", "-", stdin=line).stdout.decode().split()
    assert "书记" in standard and "市委书记" not in standard
    assert "市委书记" in gazetteer and "嵊州市" in gazetteer
