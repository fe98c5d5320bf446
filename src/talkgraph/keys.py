"""Normalised keys for names: the one place that decides when two spellings are the same thing."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

__all__ = ["fold_key", "fold_label", "slug", "short_hash", "check_label", "strip_invisible", "NAME_PARTICLES"]

NAME_PARTICLES = frozenset({"de", "da", "das", "del", "della", "dela", "der", "den", "des", "di", "do", "dos", "du",
                            "van", "von", "la", "le", "bin", "ibn", "al", "el", "y", "e", "ten", "ter", "zu", "st."})
"""Lower-case words inside a person's name ("Ana de la Cruz", "Ludwig van Beethoven")."""

# Control characters (except tab/newline, which are collapsed) and bidi overrides/isolates.
_FORBIDDEN = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
                        "\u200e\u200f\u202a-\u202e\u2066-\u2069]")


_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _invisible(c: str) -> bool:
    """Format characters (Unicode Cf: zero-width space/joiners, BOM, soft hyphen, word joiner...).

    Bidi controls are Cf too, but they are refused by ``check_label`` rather than dropped:
    they can make a name display as another.
    """
    return not c.isascii() and c not in _BIDI and unicodedata.category(c) == "Cf"


def strip_invisible(text: str) -> tuple[str, list[str]]:
    """``text`` without invisible format characters, and the code points removed (``U+200B``...).

    Examples
    --------
    >>> strip_invisible("Jo\u200bhn")
    ('John', ['U+200B'])
    """
    if text.isascii():
        return text, []
    removed = [f"U+{ord(c):04X}" for c in text if _invisible(c)]
    if not removed:
        return text, []
    return "".join(c for c in text if not _invisible(c)), removed


def check_label(text: str) -> str | None:
    """Return a description of why a label is unusable (control or bidi characters), or None."""
    m = _FORBIDDEN.search(text)
    if m:
        return f"contains control/bidi character U+{ord(m.group()):04X} at offset {m.start()}"
    return None


@lru_cache(maxsize=262144)  # pure; names recur across thousands of records
def fold_key(text: str) -> str:
    """NFC, case folding, diacritics and punctuation folded, spaces collapsed.

    Examples
    --------
    >>> fold_key("  José  Valim ") == fold_key("jose valim")
    True
    """
    return " ".join(re.sub(r"[^\w]+", " ", _fold_case_accents(text)).split())


@lru_cache(maxsize=65536)
def fold_label(text: str) -> str:
    """Case, diacritics and spacing folded as :func:`fold_key` folds them, punctuation kept.

    For labels whose symbols tell them apart, such as topics ("C++", "C#" and "C").

    Examples
    --------
    >>> fold_label(" Société  et politique") == fold_label("societe ET Politique")
    True
    >>> fold_label("C++") == fold_label("C#")
    False
    """
    return " ".join(_fold_case_accents(text).split())


def _fold_case_accents(text: str) -> str:
    if text.isascii():  # most names and titles: nothing to normalise, no diacritics to drop
        return text.casefold()
    text = "".join(c for c in text if not _invisible(c))  # "Jo\u200bhn" is "John"
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def slug(text: str, max_len: int = 48) -> str:
    s = fold_key(text).replace(" ", "-")
    s = re.sub(r"[^a-z0-9_-]", "", s)[:max_len].strip("-")
    return s or "x"


def short_hash(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
