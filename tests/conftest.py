"""Shared fixtures: the repo's sample data, and ../shared when it is beside the checkout."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

# One fixed profile for the property tests that do not set their own budget (most do, with an explicit
# max_examples): fewer examples than hypothesis' default 100, its deadline kept. HYPOTHESIS_PROFILE=default
# gives hypothesis' own settings back.
settings.register_profile("suite", max_examples=50)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

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


def store_copy(*builds: Built, path: Path | None = None) -> "GraphStore":
    """A writable store holding every quad of the given session builds: their record graphs and
    their merge, as building their inputs together gives (none of them has identity rules), without
    extracting again. In memory, or on disk at ``path`` (closed by deleting the returned store).
    """
    from talkgraph.store.local import GraphStore

    store = GraphStore(path)
    for built in builds:
        store.oxigraph.bulk_extend(list(built.store.oxigraph))
    store.flush()
    return store


def store_copy_dir(built: Built, path: Path) -> Path:
    """``store_copy`` on disk at ``path``, closed, for a test (or a process it starts) that writes to it."""
    copy = store_copy(built, path=path)
    del copy
    return path
