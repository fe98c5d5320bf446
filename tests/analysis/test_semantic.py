"""The semantic signal: a latent space trained on the store's own talks, explained, and kept in the store."""
from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from scipy import sparse

from talkgraph.analysis import semantic, weights
from talkgraph.analysis.related import RelatedIndex
from talkgraph.extract.topics import TopicHit
from talkgraph.rdf.mapping import RecordSource, map_record
from talkgraph.records.model import ExtractionRecord, Talk
from talkgraph.store.local import GraphStore

FAMILIES = {
    "garden": "tomatoes soil compost seedlings greenhouse watering mulch harvest".split(),
    "bees": "hive honey beekeeping queen pollen swarm wax apiary".split(),
    "boats": "sail hull mast keel rigging anchor harbour regatta".split(),
}
# Two gardening talks without a word in common: only the space can tell they are alike.
COMPOST = ("Compost and mulch", "Compost, mulch and watering for beginners.")
SEEDLINGS = ("Seedlings in the greenhouse", "Seedlings, greenhouse and harvest.")
POLLINATORS = TopicHit("https://w3id.org/talkgraph/topic/pollinator-gardens", "Pollinator gardens", "title", 0, 7,
                       "pref", 0.9)


def _talks(extra: int = 0, topic_every: int = 0) -> list[Talk]:
    """COMPOST, SEEDLINGS and 60 talks of three word families; with ``topic_every``, every that many
    bee talk and COMPOST itself carry the invented topic "Pollinator gardens"."""
    rng = random.Random(7)
    talks = [Talk(title=t, abstract=a, event="Allotment Days 2020") for t, a in (COMPOST, SEEDLINGS)]
    if topic_every:
        talks[0].topic_hits = [POLLINATORS]
    for n in range(60 + extra):
        family = list(FAMILIES)[n % 3]
        words = rng.sample(FAMILIES[family], 4)
        talks.append(Talk(title=f"{family} notes {n}: {words[0]} and {words[1]}",
                          abstract=f"About {words[0]}, {words[1]}, {words[2]} and {words[3]}.",
                          event="Allotment Days 2020"))
        if topic_every and family == "bees" and n % topic_every == 1:
            talks[-1].topic_hits = [POLLINATORS]
    return talks


def _store(path=None, extra: int = 0, topic_every: int = 0) -> GraphStore:
    s = GraphStore(path)
    now = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    rec = ExtractionRecord("garden", talks=_talks(extra, topic_every))
    source = RecordSource(key="/test/garden", sha256="g" * 8, extracted_at=now)
    s.replace_record(source.graph, list(map_record(rec, source)))
    return s


@pytest.fixture
def small_space(monkeypatch):
    """A space on a few dozen talks (the default floor keeps small stores without one)."""
    monkeypatch.setattr(weights, "SEMANTIC_MIN_TALKS", 10)
    monkeypatch.setattr(weights, "SEMANTIC_DIMS", 3)


def test_randomized_svd_matches_the_dense_svd():
    # a decaying spectrum, as text has (a flat random one is where randomized SVD is least exact)
    rng = np.random.default_rng(3)
    dense = (rng.standard_normal((200, 8)) * (2.0 ** -np.arange(8))) @ rng.standard_normal((8, 120))
    dense[np.abs(dense) < 0.5] = 0.0
    a = sparse.csr_matrix(dense + sparse.random(200, 120, density=0.02, random_state=3).toarray() * 0.01)
    s, vt = semantic.randomized_svd(a, 8)
    _, exact, exact_vt = np.linalg.svd(a.toarray(), full_matrices=False)
    assert np.allclose(s, exact[:8], rtol=1e-3)
    assert np.allclose(np.abs(np.sum(vt * exact_vt[:8], axis=1)), 1.0, atol=1e-3)  # the same directions
    assert np.allclose(vt @ vt.T, np.eye(8), atol=1e-4)
    again = semantic.randomized_svd(a, 8)  # a fixed seed: the same space every run
    assert all(np.array_equal(x, y) for x, y in zip((s, vt), again))


def test_talks_without_a_shared_word_are_similar_in_the_space(small_space):
    index = RelatedIndex.from_store(_store())
    assert index.semantic is not None and index.semantic.dims == 3
    results = index.related_talks(COMPOST[0], 70, weights_={"semantic": 1.0}, min_score=0.0)
    labels = [r.label for r in results]
    first_other = min(labels.index(x) for x in labels if not x.startswith(("garden", SEEDLINGS[0])))
    assert labels.index(SEEDLINGS[0]) < first_other
    seedlings = results[labels.index(SEEDLINGS[0])]
    [reason] = seedlings.reasons
    assert reason.signal == "semantic" and reason.text.startswith("similar content: ")
    words = [w for _, w in reason.evidence]
    assert words and set(words) <= set(FAMILIES["garden"])  # words of either talk, all gardening ones
    assert seedlings.score == pytest.approx(reason.score)


def test_small_stores_have_no_space_and_rank_without_it():
    index = RelatedIndex.from_store(_store())
    assert index.semantic is None  # 62 talks < SEMANTIC_MIN_TALKS
    assert index.related_talks(COMPOST[0], 3, weights_={"semantic": 1.0}) == []
    assert index.related_talks(COMPOST[0], 3)  # the other signals still answer


def test_the_space_is_kept_in_the_store_and_retrained_when_stale(small_space, tmp_path):
    store = _store(tmp_path / "store")
    first = RelatedIndex.from_store(store).semantic
    [saved] = list(store.cache_dir.glob("semantic-*.npz"))
    stamp = saved.stat().st_mtime_ns
    again = RelatedIndex.from_store(store).semantic  # loaded, not retrained
    assert saved.stat().st_mtime_ns == stamp and again.fingerprint == first.fingerprint
    assert np.array_equal(again.docs, first.docs)
    del store
    changed = _store(tmp_path / "store", extra=3)  # the talks changed: a new space replaces the old
    fresh = RelatedIndex.from_store(changed).semantic
    assert fresh.fingerprint != first.fingerprint and fresh.docs.shape[0] == first.docs.shape[0] + 3
    assert [p.name for p in changed.cache_dir.glob("semantic-*.npz")] == [f"semantic-{fresh.fingerprint[:32]}.npz"]


def test_without_a_space_the_topics_take_its_weight():
    index = RelatedIndex.from_store(_store())
    assert index.semantic is None
    default = index.related_talks(COMPOST[0], 5, min_score=0.0)
    explicit = index.related_talks(COMPOST[0], 5, min_score=0.0, weights_={
        **{k: v for k, v in weights.RELATED_TALKS.items() if k != "semantic"},
        "topics": weights.RELATED_TALKS["topics"] + weights.RELATED_TALKS["semantic"]})
    assert default == explicit


def test_shared_topics_bring_talks_closer_in_the_space(small_space):
    """The space is trained on words and topics: bee talks that share COMPOST's topic pull it towards bees."""
    def closeness(index):
        bees = [index.talk_pos[t] for t, title in index.titles.items() if title.startswith("bees")]
        return float(index.semantic.similar(index.resolve_talk(COMPOST[0]))[bees].mean())

    words_only = closeness(RelatedIndex.from_store(_store()))
    with_topic = closeness(RelatedIndex.from_store(_store(topic_every=2)))
    assert with_topic > words_only + 0.05, (words_only, with_topic)
