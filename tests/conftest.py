"""Shared fixtures: the repo's sample data, and ../shared when it is beside the checkout."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from talkgraph.store.build import BuildResult
    from talkgraph.store.local import GraphStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "data"
SEEDS = DATA / "seeds"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (seeds gold, eval, corpus); tests using it skip when it is absent."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"{SHARED} is absent: corpus-based tests need ../shared beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """data/seeds: the two bundled sample records."""
    return SEEDS


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@dataclass(frozen=True)
class Built:
    """A store built once for the whole test session, and what its build reported.

    ``store`` is opened read-only, so no test can change what the others read; ``path`` is the
    store directory, for the CLI (``--store``). A test that changes a store builds its own.
    """

    store: "GraphStore"
    result: "BuildResult"
    path: Path


def _build_once(factory: pytest.TempPathFactory, name: str, paths: list[Path]) -> Built:
    from talkgraph.config import Settings
    from talkgraph.store.build import build
    from talkgraph.store.local import GraphStore

    path = factory.mktemp(name) / "store"
    writer = GraphStore(path)
    result = build(paths, writer, Settings())
    writer.flush()
    del writer  # closes it: the read-only handles below (and CLI subprocesses) may open it
    return Built(GraphStore(path, read_only=True), result, path)


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory) -> Built:
    """data/seeds built once (the two sample speaker pages)."""
    return _build_once(tmp_path_factory, "built-seeds", [SEEDS])


@pytest.fixture(scope="session")
def built_data(tmp_path_factory) -> Built:
    """The whole bundled data/ built once (seeds and the pyvideo subset)."""
    return _build_once(tmp_path_factory, "built-data", [DATA])


@pytest.fixture(scope="session")
def built_codesync(shared_dir, tmp_path_factory) -> Built:
    """../shared's codesync text corpus built once (skips without ../shared)."""
    return _build_once(tmp_path_factory, "built-codesync", [shared_dir / "corpus" / "codesync" / "txt"])
