"""Web pages: a speaker page saved as text or HTML, or fetched from a URL.

Files go through the extraction pipeline (``extract.pipeline.extract_source``): HTML is read by
its structure and structured data (``extract.html_reader``), text by the page reader.
URLs are fetched with httpx: a timeout, redirects limited to five, a size cap (the record cap,
``max_record_bytes``), only ``text/html``, ``application/xhtml+xml`` or ``text/plain`` bodies,
and a polite User-Agent naming talkgraph and its home page. Nothing else is fetched: no
images, scripts or linked pages.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..version import __version__
from ..errors import IssueReport, RecordError
from ..records.readers import RECORD_SUFFIXES
from ..records.sources import SourceText, decode_bytes
from . import Imported, is_url, record_key

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings

__all__ = ["Web", "fetch", "USER_AGENT", "ALLOWED_TYPES", "TIMEOUT_S"]

USER_AGENT = f"talkgraph/{__version__} (+https://w3id.org/talkgraph)"
ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
TIMEOUT_S = 20.0


class Web:
    name = "web"
    description = "speaker pages: plain text or saved HTML files, or an http(s) URL"

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if text[:1] in (b"{", b"["):
            return False
        if text.startswith(b"<") and not text[:2048].lower().lstrip().startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<!--")):
            return False  # some other XML
        return path.suffix.casefold() in RECORD_SUFFIXES | {""} or text.startswith(b"<")

    def read(self, path: str | Path, settings: "Settings", report: IssueReport) -> Iterator[Imported]:
        from ..errors import Level
        from ..extract.pipeline import extract_file, extract_source

        if is_url(path):
            item = extract_source(fetch(str(path), max_bytes=settings.max_record_bytes), settings)
            key = str(path)
        else:
            item = extract_file(path, settings)
            key = record_key(path)
        for message in item.warnings:
            report.add(Level.WARNING, "no-confident-reading", item.source.path,
                       message.removeprefix(f"{item.source.path}: "))  # the issue names the page already
        for kind, message in item.notes:
            report.add(Level.WARNING, kind, item.source.path, message)
        yield Imported(item.record, key=key, sha256=item.source.sha256, layout=item.layout or "web")


def fetch(url: str, *, max_bytes: int, timeout: float = TIMEOUT_S) -> SourceText:
    """Fetch one page as text.

    Raises
    ------
    RecordError
        For a network error or timeout, an HTTP error status, a body that is not HTML or
        text, or a body over ``max_bytes``.
    """
    import httpx

    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5, headers=headers) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise RecordError(f"HTTP {response.status_code} {response.reason_phrase}", record=url)
                ctype = response.headers.get("content-type", "").split(";")[0].strip().casefold()
                if ctype not in ALLOWED_TYPES:
                    raise RecordError(f"content type {ctype or 'none'!r} is not a web page; allowed: "
                                      f"{', '.join(ALLOWED_TYPES)}", record=url)
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise RecordError(f"page is {int(declared):,} bytes, over the {max_bytes:,}-byte cap", record=url)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise RecordError(f"page is over the {max_bytes:,}-byte cap; download stopped", record=url)
                charset = response.charset_encoding
    except httpx.TimeoutException as exc:
        raise RecordError(f"timed out after {timeout:g} s", record=url) from exc
    except (httpx.HTTPError, OSError) as exc:
        raise RecordError(f"cannot fetch: {exc}", record=url) from exc
    data = bytes(body)
    text = None
    if charset:
        try:
            text, encoding = data.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text, encoding = decode_bytes(data, record=url)
    else:
        text, _ = decode_bytes(text.encode("utf-8"), record=url)  # same checks as files: empty, binary, NUL
    return SourceText(url, text, hashlib.sha256(data).hexdigest(), encoding, len(data))
