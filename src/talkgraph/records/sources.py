"""Reading a source file's bytes into text, with clear errors for what cannot be read."""
from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import RecordError

__all__ = ["SourceText", "read_source", "read_capped", "decode_bytes", "decode_strict"]

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class SourceText:
    """A source record's text and what provenance needs to know about its bytes."""

    path: str  # as given by the user
    text: str
    sha256: str
    encoding: str
    size: int


def read_source(path: str | Path, *, max_bytes: int, encoding: str | None = None) -> SourceText:
    """Read one record file as text.

    Raises
    ------
    RecordError
        For a missing, empty, binary, undecodable or oversized file; the message names the problem.
    """
    data = read_capped(path, max_bytes)
    text, used = decode_bytes(data, record=str(path), encoding=encoding)
    return SourceText(str(path), text, hashlib.sha256(data).hexdigest(), used, len(data))


def read_capped(path: str | Path, max_bytes: int, *, what: str = "one record",
                hint: str = " (raise max_record_bytes to read it)") -> bytes:
    """A file's bytes, refused (RecordError naming the file) when missing, unreadable or over ``max_bytes``."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise RecordError(f"file is {size:,} bytes, over the {max_bytes:,}-byte cap for {what}{hint}",
                              record=str(path))
        return p.read_bytes()
    except OSError as exc:
        raise RecordError(f"cannot read file: {exc.strerror or exc}", record=str(path)) from exc


def decode_strict(data: bytes, *, record: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode by BOM, else as ``encoding`` when given, else as UTF-8; never guess, never replace.

    Raises
    ------
    RecordError
        naming the byte offset (and line) of the first byte that is not valid in the encoding.
    """
    enc = next((e for bom, e in _BOMS if data.startswith(bom)), None) or encoding or "utf-8"
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = "" if encoding else "; if the file uses another encoding, give it with --encoding (e.g. cp1252)"
        raise RecordError(f"not valid {enc}: byte 0x{data[exc.start]:02x} at byte offset {exc.start}{hint}",
                          record=record, line=line) from exc
    except LookupError as exc:
        raise RecordError(f"unknown encoding {enc!r}", record=record) from exc


def decode_bytes(data: bytes, *, record: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text record (see ``decode_strict``); refuse empty, binary and NUL-laden data."""
    if not data.strip():
        raise RecordError("file is empty", record=record)
    has_bom = any(data.startswith(bom) for bom, _ in _BOMS)
    if not has_bom and b"\x00" in data and not (encoding or "").lower().startswith(("utf-16", "utf-32", "utf16")):
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        wide = _wide_encoding(data)
        if wide:
            raise RecordError(f"looks like {wide.upper()} text without a byte-order mark; read it with "
                              f"--encoding {wide}", record=record)
        raise RecordError("NUL byte in the file: binary data or UTF-16 without a byte-order mark",
                          record=record, line=line)
    text, used = decode_strict(data, record=record, encoding=encoding)
    return _check_text(text, record), used


def _wide_encoding(data: bytes) -> str | None:
    """"utf-32-le"/"utf-32-be"/"utf-16-le"/"utf-16-be" when the zero bytes sit where that encoding's
    ASCII text puts them (a BOM-less export), else None."""
    sample = data[:4096]
    for width, enc in ((4, "utf-32"), (2, "utf-16")):
        n = len(sample) // width * width
        if n < width * 4:
            continue
        units = [sample[i:i + width] for i in range(0, n, width)]
        if all(u[1:] == bytes(width - 1) for u in units):
            return f"{enc}-le"
        if all(u[:-1] == bytes(width - 1) for u in units):
            return f"{enc}-be"
    return None


def _check_text(text: str, record: str) -> str:
    # Control characters other than whitespace mean a binary file that happened to decode.
    bad = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    if bad > max(8, len(text) // 100):
        raise RecordError(f"looks binary: {bad} control characters", record=record)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise RecordError("NUL character in the text", record=record, line=line)
    if not text.strip():
        raise RecordError("file holds only whitespace", record=record)
    return text.replace("\r\n", "\n").replace("\r", "\n")
