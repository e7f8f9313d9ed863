"""Document metadata: content id, date and publisher.

The id is a hash of the normalized text so that the same article read from a
different path or encoding gets the same id (and the same graph IRIs).
A ``NAME.meta.json`` sidecar, when present, is the authority for date and
publisher; otherwise the date comes from the text itself.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date as Date
from pathlib import Path
from typing import Optional

from kg.normalize.patterns import DATE_LINE, FULL_DATE, HAS_SENTENCE_PUNCT

SIDECAR_SUFFIX = ".meta.json"
_MAX_DATELINE = 40
# where a newspaper page or article states its own date
_HEADER_CHARS = 200


class SidecarError(ValueError):
    """The sidecar exists but is not usable; the message names the problem."""


def doc_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def sidecar_path(path: Path) -> Optional[Path]:
    """``a.meta.json`` (or ``a.txt.meta.json``) beside ``a.txt``, if there is one."""
    for side in (path.with_name(path.stem + SIDECAR_SUFFIX), path.with_name(path.name + SIDECAR_SUFFIX)):
        if side.is_file():
            return side
    return None


def read_sidecar(path: Path) -> dict:
    """The sidecar's fields (empty when there is none)."""
    side = sidecar_path(path)
    if side is None:
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SidecarError(f"{side.name}: unreadable sidecar ({err})") from None
    if not isinstance(data, dict):
        raise SidecarError(f"{side.name}: sidecar must be a JSON object")
    if "date" in data and data["date"] is not None and iso_date(str(data["date"])) is None:
        raise SidecarError(f"{side.name}: date {data['date']!r} is not yyyy-mm-dd")
    return data


def iso_date(value: str) -> Optional[str]:
    try:
        return Date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _ymd(year: str, month: str, day: str) -> Optional[str]:
    try:
        return Date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def date_from_text(text: str) -> Optional[str]:
    """The date the text states for itself, not the dates of events it reports.

    That is a dateline (a line that is only a date, or a short line opening
    with one: ``2024年1月23日在省人代会上``), else a full date in the header.
    """
    for line in text.split("\n"):
        m = DATE_LINE.match(line)
        if not m and len(line) <= _MAX_DATELINE and not HAS_SENTENCE_PUNCT.search(line):
            m = FULL_DATE.match(line)
        if m and (found := _ymd(*m.groups())):
            return found
    for m in FULL_DATE.finditer(text, 0, _HEADER_CHARS):
        if found := _ymd(*m.groups()):
            return found
    return None
