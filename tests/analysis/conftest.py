"""Fixtures shared by the analysis tests: each test module states its invented ``RECORDS``, and gets
them mapped into a store (``store``) and that store's related-talks index (``index``), once per module."""
from __future__ import annotations

import pytest

from talkgraph.analysis.related import RelatedIndex
from talkgraph.store.local import GraphStore
from tests.mapped_records import store_records


@pytest.fixture(scope="module")
def store(request: pytest.FixtureRequest) -> GraphStore:
    return store_records(request.module.RECORDS)


@pytest.fixture(scope="module")
def index(store: GraphStore) -> RelatedIndex:
    return RelatedIndex.from_store(store)
