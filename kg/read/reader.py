"""Read news files into Documents: decode, normalize, structure, metadata.

Reading is per file and never stops a batch: ``iter_documents`` reports a bad
file in one line and carries on, because one corrupt download must not cost
the rest of a corpus.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from kg.normalize import normalize
from kg.read.decode import DecodeError, decode
from kg.read.metadata import SIDECAR_SUFFIX, SidecarError, date_from_text, doc_id, iso_date, read_sidecar
from kg.read.structure import articles
from kg.types import Document

PathLike = Union[str, Path]
ErrorHandler = Callable[[Path, str], None]
# far beyond any article or issue; a bigger file is a mistake (an archive, a dump), not a document
MAX_BYTES = 64 * 2**20


class ReadError(Exception):
    """A file that cannot be read as a document; the message is one line naming the file and the problem."""


def read_document(path: PathLike) -> Document:
    """Decode, normalize and structure one file; raises ReadError for anything that is not a readable text."""
    p = Path(path)
    try:
        raw, encoding = decode(_read_bytes(p))
    except DecodeError as err:
        raise ReadError(f"{path}: {err}") from None
    text, offsets = normalize(raw)
    if not text:
        raise ReadError(f"{path}: empty after normalization (no text left)")
    try:
        meta = read_sidecar(p)
    except SidecarError as err:
        raise ReadError(f"{path}: {err}") from None
    arts = articles(text)
    publisher = meta.get("source") or meta.get("publisher")
    return Document(
        doc_id=doc_id(text),
        name=p.name,
        source=str(path),
        raw=raw,
        text=text,
        offsets=offsets,
        encoding=encoding,
        title=next((a.headline for a in arts if a.headline), None),
        date=iso_date(str(meta["date"])) if meta.get("date") else date_from_text(text),
        publisher=str(publisher) if publisher else None,
        articles=arts,
    )


def _read_bytes(p: Path) -> bytes:
    try:
        size = p.stat().st_size
        if size > MAX_BYTES and p.is_file():
            raise ReadError(f"{p}: too large for a news document ({size / 2**20:.0f} MiB > {MAX_BYTES / 2**20:.0f} MiB)")
        return p.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{p}: file not found") from None
    except IsADirectoryError:
        raise ReadError(f"{p}: is a directory, not a file") from None
    except OSError as err:
        raise ReadError(f"{p}: cannot read ({err.strerror or err})") from None


def expand_paths(paths: Iterable[PathLike]) -> list[Path]:
    """Files as given; a directory stands for its ``*.txt`` files, sorted. Sidecars are never documents."""
    out: list[Path] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            out.extend(sorted(f for f in p.glob("*.txt") if f.is_file() and not _is_sidecar(f)))
        elif not _is_sidecar(p):
            out.append(p)
    return out


def _is_sidecar(p: Path) -> bool:
    return p.name.endswith(SIDECAR_SUFFIX)


def _print_error(path: Path, message: str) -> None:
    print(message, file=sys.stderr)


def iter_documents(paths: Iterable[PathLike], on_error: Optional[ErrorHandler] = None) -> Iterator[Document]:
    report = on_error or _print_error
    for p in expand_paths(paths):
        try:
            doc = read_document(p)
        except ReadError as err:
            report(p, str(err))
            continue
        except Exception as err:  # a reader bug on one odd file must not cost the rest of the corpus
            report(p, f"{p}: could not be read ({type(err).__name__}: {err})".split("\n")[0])
            continue
        yield doc
