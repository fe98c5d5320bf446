"""Every weight and cap the analytics use, in one documented place.

Change a number here and every projection, ranking and explanation follows; nothing else in
``talkgraph.analysis`` hard-codes a weight. The related-talks weights were tuned on the dev
split of ``benchmarks/related_talks.py --tune`` (coordinate ascent, ``text`` fixed at 1 as the
scale) and are reported on its disjoint test split; see README "Related talks" for the figures.
"""
from __future__ import annotations

__all__ = [
    "SPEAKER_EDGE", "LARGE_SESSION", "session_tie_weight", "SAME_EMPLOYER_UNKNOWN_TIME", "MAX_EVENT_CLIQUE", "MAX_TOPIC_CLIQUE",
    "RELATED_TALKS", "RELATED_SPEAKERS", "RELATED_TALKS_MIN_SCORE", "RELATED_SPEAKERS_MIN_SCORE", "BROADER_DECAY", "MAX_BROADER_LEVELS", "IGNORE_TOPIC_FIELDS",
    "HUMAN_TAG_FIELDS", "PATH_MAX_FANOUT",
    "BM25_K1", "BM25_B", "SEMANTIC_DIMS", "SEMANTIC_MIN_DF", "SEMANTIC_MAX_DF", "SEMANTIC_TOPIC_WEIGHT", "SEMANTIC_SEED", "SEMANTIC_MIN_TALKS", "LOUVAIN_SEED", "LOUVAIN_RESOLUTION", "BETWEENNESS_SAMPLE", "HUB_COST",
]

# ---- speaker-speaker projection: weight of one piece of evidence of each kind of tie ----------
SPEAKER_EDGE: dict[str, float] = {
    "spoke_together": 3.0,   # co-performers of one talk occurrence (per occurrence)
    "same_employer": 2.0,    # members of one organisation at overlapping times (per organisation)
    "shared_topic": 0.5,     # both gave talks about one topic (per topic)
    "same_event": 0.25,      # both spoke at one event edition (per edition)
}
# A session with more performers than this ("Lightning Talks", a 12-person panel) is not
# everyone having spoken with everyone: each pair's spoke_together weight is scaled by
# (LARGE_SESSION - 1) / (performers - 1), so one person's ties from a large session together weigh
# what they would in a session of LARGE_SESSION people. See session_tie_weight.
LARGE_SESSION = 4


def session_tie_weight(performers: int) -> float:
    """The spoke_together weight of each pair of a session with ``performers`` people.

    >>> session_tie_weight(2), session_tie_weight(4), round(session_tie_weight(31), 2)
    (3.0, 3.0, 0.3)
    """
    full = SPEAKER_EDGE["spoke_together"]
    if performers <= LARGE_SESSION:
        return full
    return full * (LARGE_SESSION - 1) / (performers - 1)


# Same organisation but the years are unknown for one of the two (neither "current" for both nor
# dated): a weaker tie than a proven overlap.
SAME_EMPLOYER_UNKNOWN_TIME = 0.5
# An edition (or topic) with more speakers than this adds no clique to the speaker graph: a
# 500-speaker conference or the topic "Python" ties everyone to everyone and says nothing, and
# the clique would cost O(n^2) edges. Skipped ones are listed in ``graph.graph["skipped"]``.
MAX_EVENT_CLIQUE = 80
MAX_TOPIC_CLIQUE = 80

# ---- related talks: the hybrid score is sum(weight * signal), each signal scaled to [0, 1] ----
RELATED_TALKS: dict[str, float] = {
    "text": 1.0,       # TF-IDF cosine of title+abstract (the scale: RELATED_TALKS_MIN_SCORE is read against it)
    "topics": 0.07,    # IDF-weighted topic overlap (cosine), with back-off along skos:broader; the
                       # semantic space holds the topics too, and a store without one (fewer than
                       # SEMANTIC_MIN_TALKS talks) ranks by topics at topics + semantic
    "semantic": 0.3,   # cosine in the latent semantic space trained on the store's talks (analysis.semantic)
    "speakers": 0.2,   # shares a speaker (IDF-weighted: a prolific speaker counts less)
    "edition": 0.2,    # given at the same event edition (IDF-weighted by the edition's size)
    "series": 0.07,    # given at another edition of the same series
    "employers": 0.07, # a speaker of each worked for the same organisation
}
RELATED_SPEAKERS: dict[str, float] = {
    "topics": 1.0,     # IDF-weighted overlap of the topics of their talks
    "text": 0.6,       # TF-IDF cosine of all their titles and abstracts
    "spoke_together": 1.0,
    "employers": 0.6,
    "editions": 0.3,
}
# A score floor: results below it are noise (one shared common word, one shared 300-talk
# conference) and `related` / `related-speakers` show nothing rather than pad the ranks with
# them. Scores are sums of the weights above times signals in [0, 1]; a result below the floor
# has, e.g., a fifth of the best text match and nothing else. The benchmark ranks with floor 0.
RELATED_TALKS_MIN_SCORE = 0.2
RELATED_SPEAKERS_MIN_SCORE = 0.1
# Topic annotations carry the record field they were found in (tg:textField: "title", "abstract",
# "tags[2]"). A talk-topic pair whose every annotation comes from a field starting with one of
# these prefixes is left out of the topic signal (RelatedIndex.from_store(ignore_topic_fields=...)).
# Nothing by default; the benchmark passes HUMAN_TAG_FIELDS, because pyvideo's human tags are its
# judgements and must not be part of the ranking it judges.
IGNORE_TOPIC_FIELDS: tuple[str, ...] = ()
HUMAN_TAG_FIELDS: tuple[str, ...] = ("tags",)
# Explained paths in related-talks reasons (talk - speaker - speaker/edition/topic - talk, for
# results that share no speaker): at most this many speakers of each talk are tried.
PATH_MAX_FANOUT = 8
# Back-off: a talk about "Erlang scalability" is also, at this factor per level, about its
# skos:broader "Erlang", "BEAM languages"... up to MAX_BROADER_LEVELS levels.
BROADER_DECAY = 0.5
MAX_BROADER_LEVELS = 3

# ---- text ----------------------------------------------------------------------------------------
BM25_K1 = 1.2
BM25_B = 0.75

# ---- the semantic signal (analysis.semantic): LSI trained on the store's own talks -----------
SEMANTIC_DIMS = 150        # latent dimensions of the truncated SVD
SEMANTIC_MIN_DF = 2        # terms in fewer talks than this are left out of the space
SEMANTIC_MAX_DF = 0.5      # ... and terms in more than this share of the talks
# Each talk's topic vector (IDF-weighted, back-off along skos:broader) joins its words in the
# space at this weight: tuned on the benchmark's dev split (0.25, 0.35, 0.5, 1.0 tried; 0 is words alone).
SEMANTIC_TOPIC_WEIGHT = 0.5
SEMANTIC_SEED = 0          # the SVD's random start: the same talks give the same space
# Below this many talks no space is trained: latent dimensions learned from a handful of talks are
# noise, not meaning (the bundled sample has a few hundred; pyvideo 20,000).
SEMANTIC_MIN_TALKS = 1000

# ---- algorithms ---------------------------------------------------------------------------------
LOUVAIN_SEED = 42          # Louvain is randomised; a fixed seed gives the same communities every run
LOUVAIN_RESOLUTION = 1.0
BETWEENNESS_SAMPLE = 500   # above this many nodes, betweenness is estimated from this many pivots
# Path search: stepping through a node costs 1 + HUB_COST * log(degree), so a path through a
# small event or a niche topic beats one through "Python" or a 500-talk conference.
HUB_COST = 0.5
