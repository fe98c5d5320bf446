"""Reading a source file's bytes into text, with clear errors for what cannot be read."""
from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import RecordError

__all__ = ["SourceText", "read_source", "decode_bytes"]


@dataclass(frozen=True)
class SourceText:
    """A source record's text and what provenance needs to know about its bytes."""

    path: str  # as given by the user
    text: str
    sha256: str
    encoding: str
    size: int


def read_source(path: str | Path, *, max_bytes: int) -> SourceText:
    """Read one record file as text.

    Raises
    ------
    RecordError
        For a missing, empty, binary, undecodable or oversized file; the message names the problem.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise RecordError(f"cannot read file: {exc.strerror or exc}", record=str(path)) from exc
    if size > max_bytes:
        raise RecordError(f"file is {size:,} bytes, over the {max_bytes:,}-byte cap for one record "
                          "(raise max_record_bytes to read it)", record=str(path))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise RecordError(f"cannot read file: {exc.strerror or exc}", record=str(path)) from exc
    text, encoding = decode_bytes(data, record=str(path))
    return SourceText(str(path), text, hashlib.sha256(data).hexdigest(), encoding, len(data))


def decode_bytes(data: bytes, *, record: str) -> tuple[str, str]:
    """Decode by BOM, then UTF-8, then cp1252; refuse empty, binary and NUL-laden data."""
    if not data.strip():
        raise RecordError("file is empty", record=record)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16"), (codecs.BOM_UTF32_LE, "utf-32")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), record), enc
            except UnicodeDecodeError as exc:
                raise RecordError(f"bad {enc} data at byte {exc.start}", record=record) from exc
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise RecordError("NUL byte in the file: binary data or UTF-16 without a byte-order mark",
                          record=record, line=line)
    try:
        return _check_text(data.decode("utf-8"), record), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise RecordError(f"not UTF-8 (bad byte 0x{data[utf8_error.start]:02x}) nor cp1252",
                          record=record, line=line) from exc
    return _check_text(text, record), "cp1252"


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
