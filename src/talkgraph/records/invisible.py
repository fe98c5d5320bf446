"""Invisible format characters (zero-width, BOM, soft hyphen) taken out of a record's labels, as a repair."""
from __future__ import annotations

import dataclasses

from ..keys import strip_invisible
from .model import ExtractionRecord

__all__ = ["strip_record"]

# Not labels: the record's own address, its links and the source's session ids stay byte for byte.
_KEEP = frozenset({"source", "links", "session_id", "text_field", "rule"})


def strip_record(record: ExtractionRecord) -> tuple[ExtractionRecord, list[str]]:
    """The record with invisible format characters removed from every label, and one note per label changed.

    Done before keys are minted, so "Jo\\u200bhn" and "John" are one person. The record given
    is not changed; a record with nothing to strip is returned as is.
    """
    notes: list[str] = []
    cleaned = _clean(record, "", notes)
    return (cleaned if notes else record), notes


def _clean(value, where: str, notes: list[str]):
    if isinstance(value, str):
        text, removed = strip_invisible(value)
        if removed:
            codes = ", ".join(sorted(set(removed)))
            notes.append(f"{where or 'label'} {text[:60]!r}: removed {len(removed)} invisible character"
                         f"{'s' if len(removed) > 1 else ''} ({codes})")
        return text
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.name in _KEEP:
                continue
            old = getattr(value, f.name)
            new = _clean(old, f"{type(value).__name__.lower()} {f.name}", notes)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    if isinstance(value, list):
        new = [_clean(v, where, notes) for v in value]
        return new if any(a is not b for a, b in zip(new, value)) else value
    if isinstance(value, tuple):
        new = tuple(_clean(v, where, notes) for v in value)
        return new if any(a is not b for a, b in zip(new, value)) else value
    return value
