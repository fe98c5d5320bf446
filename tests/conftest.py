"""Shared fixtures: the repo's sample data, and ../shared when it is beside the checkout."""
from __future__ import annotations

from pathlib import Path

import pytest

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
