"""Importers: every kind of source a user has, chosen by content (overridable by name).

Each importer turns one input (a file, a folder, a URL) into :class:`Imported` items: one
extraction record each, with the stable key that names its graph in the store.

Granularity (one record = one named graph):

=================  ==========================================  ===================================
importer           one record per                              source key
=================  ==========================================  ===================================
``pyvideo``        video file (``<event>/videos/<talk>.json``)  the video file's absolute path
``frab-xml``       ``<event>`` element                          ``<file>#<guid or id>``
``frab-json``      session of ``days[].rooms``                  ``<file>#<guid or id>``
``pretalx``        session (frab-style or PyConFR-style JSON)   ``<file>#<guid, id or code>``
``records-json``   JSON object (``.json``; ``.jsonl`` lines)    file path, or ``<file>#<n>``
``web``            speaker page (text, saved HTML, or URL)      the absolute path or the URL
=================  ==========================================  ===================================

A schedule is split per session so that editing one session replaces one small graph, and so
that one bad session is skipped without losing the others.
"""
from __future__ import annotations

import hashlib
import json
import re
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigError, IssueReport, Level, RecordError
from ..records.model import ExtractionRecord
from ..records.readers import RECORD_SUFFIXES, walk_folder

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

__all__ = ["Imported", "Importer", "all_importers", "get_importer", "detect", "iter_inputs", "import_paths",
           "is_url", "record_key", "content_hash", "HEAD_BYTES", "import_input", "importer_name",
           "importer_by_name"]

log = logging.getLogger(__name__)

HEAD_BYTES = 65_536
_JSON_SCHEMA = re.compile(rb'"\$schema"\s*:\s*"https?://json-schema\.org')
IMPORTER_VERSION = "1"  # part of every imported record's hash: bump to re-import everything


@dataclass
class Imported:
    """One extraction record read by an importer, with what provenance and the store need."""

    record: ExtractionRecord
    key: str  # names the record's graph: an absolute path, ``path#id`` or a URL
    sha256: str  # the record's own content hash (its bytes, or its canonical JSON in a batch file)
    layout: str  # the importer (or page layout) that read it
    group: str | None = None  # a batch file/folder prefix: keys under it not seen again are pruned


class Importer(Protocol):
    """What an importer offers; see the modules of this package."""

    name: str
    description: str

    def sniff(self, path: Path, head: bytes) -> bool:
        """True when ``head`` (the first bytes of ``path``) is this importer's format."""

    def read(self, path: str | Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
        """Yield the records of ``path`` (a URL for ``web``); report each skipped or repaired record."""


def is_url(text: str | Path) -> bool:
    return isinstance(text, str) and text.startswith(("http://", "https://"))


def record_key(path: str | Path) -> str:
    """The store key of an input: a URL as given, a path made absolute (symlinks resolved).

    Every record key, batch group and issue key is built from this one form, so an input given
    by a relative path and by an absolute one is the same record.
    """
    return str(path) if is_url(path) else str(Path(path).resolve())


def content_hash(*parts: object) -> str:
    """SHA-256 of the importer version and ``parts`` (bytes as they are, anything else as canonical JSON)."""
    h = hashlib.sha256(IMPORTER_VERSION.encode())
    for part in parts:
        h.update(b"\x1f")
        h.update(part if isinstance(part, bytes) else
                 json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()


def _registry() -> dict[str, Importer]:
    from . import frab, pretalx, pyvideo, records_json, web

    # Order matters for detection: the most specific formats first.
    found: list[Importer] = [records_json.RecordsJson(), pyvideo.PyVideo(), pretalx.Pretalx(), frab.FrabJson(),
                             frab.FrabXml(), web.Web()]
    return {imp.name: imp for imp in found}


_CACHE: dict[str, Importer] = {}


def all_importers() -> dict[str, Importer]:
    """Every importer by name, in detection order."""
    if not _CACHE:
        _CACHE.update(_registry())
    return _CACHE


def get_importer(name: str) -> Importer:
    """The importer called ``name``.

    Raises
    ------
    ConfigError
        For an unknown name; the message lists the known ones.
    """
    importers = all_importers()
    if name not in importers:
        raise ConfigError(f"unknown importer {name!r}; allowed: {', '.join(importers)}")
    return importers[name]


def detect(path: str | Path, head: bytes) -> Importer | None:
    """The importer whose format ``head`` (the first bytes of ``path``) is, or None.

    Examples
    --------
    >>> detect("x.json", b'{"schedule": {"conference": {"days": []}}}').name
    'frab-json'
    >>> detect("page.txt", b"Maxim Fedorov\\nSoftware Engineer").name
    'web'
    """
    p = Path(path)
    if _JSON_SCHEMA.search(head[:2048]) or head.lstrip()[:5].lower() == b"<?xml" and b"XMLSchema" in head[:4096]:
        return None  # a schema (JSON Schema, XSD), not data
    for importer in all_importers().values():
        if importer.sniff(p, head):
            return importer
    return None


def _read_head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError:
        return b""


_SUFFIXES = RECORD_SUFFIXES | {".json", ".jsonl", ".xml"}  # pages, and the batch formats


def _is_pyvideo_event(folder: Path) -> bool:
    return (folder / "category.json").is_file() and (folder / "videos").is_dir()


def iter_inputs(paths: Iterable[str | Path], importer: str | None = None) -> Iterator[tuple[str | Path, Importer | None]]:
    """Expand the given paths into (input, importer) pairs.

    A URL goes to ``web``. A folder holding ``category.json`` and ``videos/`` is one pyvideo
    event; any other folder is walked (hidden entries left out, sorted), each pyvideo event in
    it taken whole, each other ``.txt``/``.html``/``.json``/``.jsonl``/``.xml`` file sniffed
    by content (one that nothing recognises is noted and left out). A file is sniffed by content. ``importer`` forces one importer for every file
    (folders are still expanded). The importer is None when nothing recognised the file: the
    build reports it.
    """
    forced = get_importer(importer) if importer else None
    seen: set[str] = set()

    def once(key: str) -> bool:
        if key in seen:
            return False
        seen.add(key)
        return True

    for given in paths:
        if is_url(given):
            if once(str(given)):
                yield str(given), forced or all_importers()["web"]
            continue
        root = Path(given)
        if root.is_dir():
            for item in _walk(root):
                if once(record_key(item)):
                    if forced is not None:
                        yield item, forced
                    elif item.is_dir():
                        yield item, all_importers()["pyvideo"]
                    else:
                        yield item, detect(item, _read_head(item)) or _SKIP
        elif once(record_key(root)):
            yield root, forced or (detect(root, _read_head(root)) if root.exists() else all_importers()["web"])


class _SkippedFile:
    """Stands for the importer of a file met while walking a folder that no importer reads: noted, not an error."""

    name = "skipped"
    description = "a walked file in no format talkgraph reads"

    def sniff(self, path: Path, head: bytes) -> bool:
        return False

    def read(self, path: str | Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
        return iter(())


_SKIP = _SkippedFile()


def _walk(root: Path) -> Iterator[Path]:
    return walk_folder(root, _SUFFIXES, whole=_is_pyvideo_event)


def import_paths(paths: Iterable[str | Path], settings: "Settings", report: IssueReport, *,
                 importer: str | None = None) -> Iterator[Imported]:
    """Every record under ``paths``; unreadable inputs and bad records are reported and skipped."""
    for target, imp in iter_inputs(paths, importer):
        yield from import_input(target, imp, settings, report)


def import_input(target: str | Path, imp: Importer | None, settings: "Settings",
                 report: IssueReport) -> Iterator[Imported]:
    """The records of one input of :func:`iter_inputs`, read by ``imp``; every issue carries the input's key."""
    with report.keyed(record_key(target)):
        if imp is _SKIP:
            report.add(Level.INFO, "skipped-file", str(target), "not a format talkgraph reads; left out of the walk")
            return
        if imp is None:
            report.add(Level.ERROR, "unrecognised", str(target),
                       "not a format talkgraph reads (speaker page, pyvideo, frab, pretalx or extraction "
                       "record); use --importer NAME to force one")
            return
        try:
            yield from imp.read(target, settings, report)
        except RecordError as exc:
            report.add_error(exc)
            log.warning("%s", exc)


def importer_name(imp: Importer | None) -> str | None:
    """The name that :func:`importer_by_name` turns back into ``imp`` (to hand an input to another process)."""
    return None if imp is None else imp.name


def importer_by_name(name: str | None) -> Importer | None:
    """The importer of :func:`importer_name` (None: nothing recognised the input; ``skipped``: left out)."""
    if name is None:
        return None
    return _SKIP if name == _SKIP.name else get_importer(name)
