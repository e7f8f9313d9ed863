"""Bytes to text: detect the encoding of a news file or say why it cannot be read.

Files come from PDF extractions and web exports: UTF-8 (with or without a
BOM), GB18030/GBK from older Windows tools, and UTF-16 from Office. Decoding
is strict; a candidate is accepted only if the result reads as Chinese or
Latin text, so a wrong guess cannot silently yield mojibake.
"""
from __future__ import annotations

import codecs
import re
from typing import Optional

# characters a news text is made of: CJK (with the rare characters of names beyond the BMP), CJK and
# general punctuation, Latin, Greek and Cyrillic, kana, digits, symbols and the emoji of web and
# WeChat exports, whitespace (and U+FFFD, which only ever stands for damage already counted against the file)
_IMPLAUSIBLE = re.compile(
    r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2000-\u206f"
    r"\u0020-\u007e\u00a0-\u00ff\u2150-\u218f\u2460-\u24ff\u25a0-\u25ff\u2600-\u26ff\ufffd\n\r\t\f"
    r"\u0370-\u04ff\u3040-\u30ff\u2190-\u23ff\u2700-\u27bf\ufe00-\ufe0f\ufe30-\ufe4f"
    r"\U0001f000-\U0001faff\U00020000-\U0002fa1f]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MIN_PLAUSIBLE = 0.97
_MAX_CONTROL = 0.001
_MAX_DAMAGE = 0.001
_FEW = 4  # one corrupt byte inside a character leaves up to four replacement marks
_SAMPLE = 200_000

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text in any supported encoding; the message names the problem."""


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeError with a short reason."""
    if not data.strip():
        raise DecodeError("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            body, codec = data[len(bom):], name.removesuffix("-sig")
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as err:
                text = _damaged(body, codec)
                if text is None:
                    raise DecodeError(f"has a {name} byte-order mark but is not valid {name} ({err.reason} at byte {err.start})") from None
            if not _plausible(text):
                raise DecodeError(f"has a {name} byte-order mark but does not read as text")
            return _checked(text, name), name
    for name in _candidates(data):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            text = _damaged(data, name)
        if text is not None and _plausible(text):
            return _checked(text, name), name
    if b"\x00" in data[:_SAMPLE]:
        raise DecodeError("binary file (NUL bytes), not text")
    raise DecodeError("undecodable: not UTF-8, UTF-16 or GB18030 text")


def _damaged(data: bytes, name: str) -> Optional[str]:
    """Text cut off inside its last character, or with a few corrupt bytes (marked U+FFFD).

    Chunkers and copy tools damage files like this; rejecting them, or reading
    damaged UTF-8 as GB18030, would lose a whole document to one bad byte.
    """
    try:
        return codecs.getincrementaldecoder(name)().decode(data, final=False)
    except UnicodeDecodeError:
        pass
    text = data.decode(name, errors="replace")
    return text if text.count("\ufffd") <= _FEW + _MAX_DAMAGE * len(text) else None


def _candidates(data: bytes) -> list[str]:
    """Encodings to try, in order. UTF-16 without a BOM shows as NULs in every other byte of ASCII."""
    sample = data[:_SAMPLE]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    utf16 = ["utf-16-be", "utf-16-le"] if even_nuls > odd_nuls else ["utf-16-le", "utf-16-be"]
    return ["utf-8", *utf16, "gb18030"]


def _plausible(text: str) -> bool:
    sample = text[:_SAMPLE]
    if not sample:
        return False
    bad = len(_IMPLAUSIBLE.findall(sample))
    return 1 - bad / len(sample) >= _MIN_PLAUSIBLE and _control_share(sample) <= _MAX_CONTROL


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(1, len(text))


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise DecodeError("empty file (only whitespace)")
    if _control_share(text[:_SAMPLE]) > _MAX_CONTROL:
        raise DecodeError(f"binary or corrupt: control characters in {name} text")
    return text
