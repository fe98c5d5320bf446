"""Fuzz targets, one per reader: mutated real inputs through the whole build (read, extract, map, store).

Shared by ``tests/test_fuzz.py`` (a bounded budget in the suite) and ``benchmarks/fuzz.py`` (longer).
The property: whatever the bytes, nothing but a ``TalkgraphError`` escapes a build (a bad record is
reported, not raised), and no input takes longer than ``RECORD_CAP_S`` to build.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from talkgraph.config import Settings
from talkgraph.errors import TalkgraphError
from talkgraph.store.build import build
from talkgraph.store.local import GraphStore

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RECORD_CAP_S = 10.0  # the per-record cap: one input of a few kB must build well within this

# Bytes that readers treat specially: markup, escapes, encodings, invisible and bidi characters, huge values.
TOKENS = [b"<", b">", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"]]>", b"<![CDATA[", b"<!--", b"-->",
          b"<!DOCTYPE s [<!ENTITY e 'x'>]>", b"<?xml version='1.0' encoding='utf-16'?>", b"<b>", b"</title>",
          b"<script>", b"{", b"}", b"[", b"]", b'"', b"\\", b"\\u0000", b"\\ud800", b":", b",", b"null", b"true",
          b"1e999999", b"-0", b"9" * 400, b"[" * 3000, b"{\"a\":" * 500, b"\x00", b"\xff\xfe", b"\xef\xbb\xbf",
          b"\xe9", b"\xc3", "\u202e".encode(), "\u200b".encode(), "\ufeff".encode(), "\u00ad".encode(),
          "名前".encode(), b"\r", b"\n" * 40, b"\t", b"A" * 3000, b"http://127.0.0.1:1/x", b"file:///etc/passwd",
          b"@context", b"2031-02-30T25:61:00", b"PT99999999H"]


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    """``seed`` after a few random edits (flip, insert a token or random bytes, delete, truncate, splice)."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "splice"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[pos:]
        elif op == "splice" and data:
            start = draw(st.integers(0, len(data) - 1))
            data[pos:pos] = data[start:start + draw(st.integers(1, 200))]
    return bytes(data)


@dataclass(frozen=True)
class Target:
    name: str
    seed: Path
    filename: str  # where the input goes in its folder ("videos/a.json" for pyvideo)
    importer: str | None  # forced importer, or None to let detection choose (as a user's build does)

    def inputs(self):
        seed = self.seed.read_bytes()
        return st.one_of(mutated(seed), st.binary(max_size=600))

    def warm(self) -> None:
        """Build the seed once, uncapped: the first build loads the topic scheme and the NLP pipeline."""
        if self.name not in _WARM:
            self.run(self.seed.read_bytes())
            _WARM.add(self.name)

    def run(self, data: bytes) -> float:
        """Build ``data`` as this target's input; returns the seconds taken. Raises what escaped."""
        folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{self.name}-"))
        try:
            if self.name == "pyvideo":
                shutil.copy(FIXTURES / "importers" / "pyvideo-event" / "category.json", folder / "category.json")
            path = folder / self.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            start = time.monotonic()
            try:
                build([folder if self.name == "pyvideo" else path], _store(self.name), Settings(),
                      importer=self.importer)
            except TalkgraphError:
                pass  # allowed: a whole input refused with a message
            return time.monotonic() - start
        finally:
            shutil.rmtree(folder, ignore_errors=True)


_STORES: dict[str, GraphStore] = {}
_WARM: set[str] = set()


def _store(name: str) -> GraphStore:
    """One in-memory store per target, reused: loading the topic scheme into a new store takes seconds."""
    if name not in _STORES:
        _STORES[name] = GraphStore()
    return _STORES[name]


TARGETS = {t.name: t for t in [
    Target("text-page", ROOT / "data" / "seeds" / "000_5f893890c9fd30a8.txt", "page.txt", None),
    Target("html-page", FIXTURES / "html" / "hcard_speakers.html", "page.html", None),
    Target("frab-xml", FIXTURES / "importers" / "frab-small.xml", "schedule.xml", "frab-xml"),
    Target("frab-json", FIXTURES / "importers" / "frab-small.json", "schedule.json", "frab-json"),
    Target("pretalx", FIXTURES / "importers" / "pretalx-derived.json", "schedule.json", "pretalx"),
    Target("pyvideo", FIXTURES / "importers" / "pyvideo-event" / "videos" / "a.json", "videos/a.json", None),
    Target("records-json", FIXTURES / "importers" / "records.jsonl", "records.jsonl", "records-json"),
]}
