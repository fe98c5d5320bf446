"""Finding record files and reading each one as a speaker page, text or HTML by its content."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .pages import SpeakerPage
from .sources import SourceText, read_source
from .speaker_html import parse_speaker_html
from .speaker_text import parse_speaker_text

__all__ = ["RECORD_SUFFIXES", "is_html", "iter_record_files", "walk_folder", "parse_page", "read_page", "read_page_source"]

RECORD_SUFFIXES = frozenset({".txt", ".html", ".htm"})
_HTML_MARKS = ("<!doctype", "<html", "<head", "<body")


def is_html(text: str) -> bool:
    """True when the text is markup: it opens with a tag and has ``<!doctype``/``<html`` near the top."""
    head = text.lstrip("\ufeff \t\r\n")[:2048].casefold()
    return head.startswith("<") and any(mark in head for mark in _HTML_MARKS)


def parse_page(src: SourceText) -> SpeakerPage:
    """Parse decoded text with the HTML or the plain-text reader, chosen by content."""
    return parse_speaker_html(src) if is_html(src.text) else parse_speaker_text(src)


def read_page_source(path: str | Path, *, max_bytes: int) -> tuple[SourceText, SpeakerPage]:
    """Read one record file and parse it; return the source (for provenance) and the page.

    Raises
    ------
    RecordError
        When the file cannot be read (missing, empty, binary, too big) or holds no speaker page.
    """
    src = read_source(path, max_bytes=max_bytes)
    return src, parse_page(src)


def read_page(path: str | Path, *, max_bytes: int) -> SpeakerPage:
    """Read one speaker page, plain text or saved HTML (sniffed from the content, not the name).

    Parameters
    ----------
    path : str or Path
        The file, kept as given in ``SpeakerPage.source``.
    max_bytes : int
        Files larger than this are refused.

    Raises
    ------
    RecordError
        When the file cannot be read or holds no recognisable speaker page.

    Examples
    --------
    >>> page = read_page("data/seeds/001_4a20167095a3194f.txt", max_bytes=1_000_000)
    >>> page.name, len(page.activities)
    ('Maxim Fedorov', 6)
    """
    return read_page_source(path, max_bytes=max_bytes)[1]


def iter_record_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield record files: files as given, folders expanded recursively.

    A folder contributes its ``.txt``, ``.html`` and ``.htm`` files, sorted, leaving out hidden
    files and hidden folders. A path given twice is yielded once. A path that does not exist is
    yielded as is, so reading it reports the problem.
    """
    seen: set[Path] = set()
    for given in paths:
        root = Path(given)
        found = walk_folder(root, RECORD_SUFFIXES) if root.is_dir() else [root]
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                yield path


def walk_folder(root: Path, suffixes: Iterable[str], *, whole: Callable[[Path], bool] = lambda folder: False,
                ) -> Iterator[Path]:
    """The files under ``root`` whose suffix (case-folded) is in ``suffixes``, depth first, sorted by name.

    Hidden files and folders are left out, and so is a folder that cannot be listed. A folder
    for which ``whole(folder)`` is true (``root`` included) is yielded itself, not entered.
    """
    if whole(root):
        yield root
        return
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from walk_folder(entry, suffixes, whole=whole)
        elif entry.suffix.casefold() in suffixes and entry.is_file():
            yield entry
