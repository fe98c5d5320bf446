"""Related-talks benchmark on the pyvideo corpus: nDCG@10 against human tags, baselines, latency, build time.

    .venv/bin/python benchmarks/related_talks.py [PYVIDEO_DIR] [--store DIR [--reuse]] [--limit-events N]
                                                 [--direct] [--tune]

1. Build the graph from PYVIDEO_DIR (default ``../shared/corpus/pyvideo`` beside the repo) with
   ``talkgraph.build``, the normal pipeline: topics are tagged from titles and descriptions and,
   apart, from the human tags; at ranking time the index ignores topic annotations whose
   ``tg:textField`` starts with ``tags`` (:data:`talkgraph.analysis.weights.HUMAN_TAG_FIELDS`), so the
   tags stay the judgement only. ``--direct`` builds as before this protocol: the pyvideo importer
   with each talk's tags taken out of the record before tagging.
2. The judgement: each talk's folded human tags, leaving out tags that name its event (the tag is
   part of the event's name, "pycon", "europython-2020"), a year ("pycon2010") or a format ("talk",
   "tutorial", "keynote", "lightning talks"): tagging habits cluster by event and format, so such tags
   reward the same-edition signal for what is not relevance. The gain of a candidate is the Jaccard
   overlap of the two talks' remaining tags.
3. For every talk with at least two remaining tags, nDCG@10 of the 10 related talks. Headline: ranked
   among *judged* talks only (talks with at least one remaining tag; an untagged candidate would score
   zero however relevant it is): the ranking's first 300 candidates, judged ones kept in order. Also
   printed: the all-candidates figure (every talk may be ranked). Talks whose tags no other talk shares
   have no ideal ranking and are left out (counted).
4. The same for a BM25-only and a TF-IDF-only ranking over title+abstract (the same index; the
   ``bm25`` and ``tfidf`` signals, never part of talkgraph's own ranking).
5. Dev and test: query talks are split by a hash of their event (no event on both sides). The
   weights in :data:`talkgraph.analysis.weights.RELATED_TALKS` were tuned on the dev split only
   (``--tune`` reruns the coordinate ascent on it and prints what it finds, with both splits'
   figures on the tuning pools: each signal's 200 best judged talks); the headline figure is the
   test split's, so it is not tuned on itself. Both splits are printed.
6. Median and p99 latency of one related-talks call (with explanations, paths included) after
   the index is built; the time to read the projection data once (``ProjectionData``), to build
   the speaker, talk-topic and speaker-organisation projections from it, and the related index
   (which trains the semantic space, or loads it from the store's cache directory).

The last line reads ``ndcg@10 talkgraph=X bm25=Y tfidf=Z ratio=R`` for the headline protocol on the
test split, with R = X / max(Y, Z).
"""
from __future__ import annotations

import argparse
import hashlib
import re
import datetime as dt
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from talkgraph.analysis import projection, weights  # noqa: E402
from talkgraph.analysis.related import TALK_SIGNALS, RelatedIndex, _top  # noqa: E402
from talkgraph.config import load_settings  # noqa: E402
from talkgraph.errors import IssueReport, RecordError  # noqa: E402
from talkgraph.rdf import iris  # noqa: E402
from talkgraph.rdf.mapping import RecordSource, map_record  # noqa: E402
from talkgraph.keys import fold_key  # noqa: E402
from talkgraph.store.local import GraphStore  # noqa: E402

K = 10
CANDIDATES = 300  # ranked before keeping judged talks only (the headline protocol)
FORMAT_TAGS = frozenset(fold_key(t) for t in (
    "talk", "talks", "tutorial", "tutorials", "keynote", "keynotes", "lightning talk", "lightning talks",
    "lightning", "workshop", "workshops", "panel", "poster", "posters", "plenary", "sprint", "sprints",
    "opening", "closing", "session", "lecture", "charla", "charlas", "conference", "live stream", "video"))


def build_store(pyvideo: Path, store: GraphStore, limit_events: int | None) -> dict[str, set[str]]:
    """Import pyvideo into ``store`` with tags withheld; return the folded human tags per talk IRI."""
    from talkgraph.extract.topics import find_topics_many
    from talkgraph.store.scheme import ensure_scheme

    settings = load_settings(None)
    report = IssueReport()
    events = sorted(p for p in pyvideo.iterdir() if p.is_dir() and (p / "category.json").is_file())
    if limit_events:
        events = events[:limit_events]
    items = list(_import(events, settings, report))
    tags: dict[str, set[str]] = defaultdict(set)
    fields = []
    for item in items:
        for talk in item.record.talks:
            title = " ".join(talk.title.split())
            if title:
                tags[str(iris.talk(title))].update(k for k in (fold_key(t) for t in talk.topics) if k)
            talk.topics = []  # withheld: never seen by the tagger or the graph
            fields.append({"title": talk.title, "abstract": talk.abstract or ""})
    hits = find_topics_many(fields)
    it = iter(hits)
    now = dt.datetime.now(dt.timezone.utc)
    ensure_scheme(store)
    failed: list[str] = []
    for item in items:
        for talk in item.record.talks:
            talk.topic_hits = [h for h in next(it) if not h.text_field.startswith("tags")]
        source = RecordSource(key=item.key, sha256=item.sha256, extracted_at=now, layout=item.layout)
        try:
            store.replace_record(source.graph, list(map_record(item.record, source)))
        except RecordError as exc:
            report.add_error(exc, kind="unmappable")
        except RecursionError:  # a mapping bug (place gazetteer loop); counted, not fatal to the benchmark
            failed.append(item.key)
    print(f"imported {len(items)} records from {len(events)} events ({len(report)} issues)", file=sys.stderr)
    if failed:
        print(f"{len(failed)} records not mapped (RecursionError in rdf.mapping), e.g. {failed[0]}", file=sys.stderr)
    return tags


def _import(events: list[Path], settings, report: IssueReport):
    """Every video record of the event folders, through the pyvideo importer."""
    from talkgraph.ingest.pyvideo import read_event

    for event in events:
        yield from read_event(event, settings, report)


def ndcg(ranked: list[int], gains: dict[int, float], ideal: list[float]) -> float:
    dcg = sum(gains.get(j, 0.0) / np.log2(r + 2) for r, j in enumerate(ranked[:K]))
    idcg = sum(g / np.log2(r + 2) for r, g in enumerate(ideal[:K]))
    return dcg / idcg if idcg > 0 else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pyvideo", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "pyvideo"))
    parser.add_argument("--store", help="store directory to build into (or reuse, with --reuse)")
    parser.add_argument("--reuse", action="store_true", help="skip the build; tags are re-read from the corpus")
    parser.add_argument("--limit-events", type=int, help="only the first N event folders (quick runs)")
    parser.add_argument("--direct", action="store_true",
                        help="the direct build (tags taken out before tagging) instead of talkgraph.build")
    parser.add_argument("--tune", action="store_true",
                        help="also tune the related-talks weights on the dev split and print them")
    args = parser.parse_args(argv)
    pyvideo = Path(args.pyvideo)
    if not pyvideo.is_dir():
        print(f"no pyvideo corpus at {pyvideo}", file=sys.stderr)
        return 2

    if args.reuse and not args.store:
        parser.error("--reuse needs --store")
    store = GraphStore(args.store, read_only=args.reuse) if args.store else GraphStore()
    t0 = time.perf_counter()
    if args.reuse:
        tags = read_tags(pyvideo, args.limit_events)
    elif args.direct:
        tags = build_store(pyvideo, store, args.limit_events)
        tags = read_tags(pyvideo, args.limit_events)  # the same judgement as the pipeline build
    else:
        tags = build_pipeline(pyvideo, store, args.limit_events)
    print(f"graph build (import, topic tagging, store): {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    t0 = time.perf_counter()
    data = projection.ProjectionData.from_store(store)
    t_data = time.perf_counter() - t0
    graphs = [projection.speaker_graph(data), projection.talk_topic_graph(data),
              projection.speaker_org_graph(data)]
    t_proj = time.perf_counter() - t0
    print(f"projections: {t_proj:.2f} s, of which reading the data {t_data:.2f} s "
          f"({'; '.join(str(g) for g in graphs)})")

    t0 = time.perf_counter()
    index = RelatedIndex.from_store(data, ignore_topic_fields=weights.HUMAN_TAG_FIELDS)
    t_index = time.perf_counter() - t0
    print(f"related index: {t_index:.2f} s from the shared data, {t_index + t_data:.2f} s with the read "
          f"({index.n_talks} talks, {len(index.concepts)} concepts, {len(index.people)} speakers)")

    # judgements: Jaccard of folded human tags, through an inverted index
    pos = index.talk_pos
    talk_tags = {pos[t]: s for t, s in tags.items() if t in pos and s}
    by_tag: dict[str, set[int]] = defaultdict(set)
    for i, s in talk_tags.items():
        for tag in s:
            by_tag[tag].add(i)
    judged = np.zeros(index.n_talks, dtype=bool)
    judged[list(talk_tags)] = True
    systems = {"talkgraph": dict(weights.RELATED_TALKS), "bm25": {"bm25": 1.0}, "tfidf": {"tfidf": 1.0}}
    every = {name: 1.0 for name in TALK_SIGNALS}
    t_start = time.perf_counter()
    runs: dict[str, list[Query]] = {"dev": [], "test": []}
    skipped = 0
    for i in sorted(i for i, s in talk_tags.items() if len(s) >= 2):
        mine = talk_tags[i]
        gains = {}
        for j in set().union(*(by_tag[t] for t in mine)) - {i}:
            other = talk_tags[j]
            gains[j] = len(mine & other) / len(mine | other)
        if not gains:
            skipped += 1
            continue
        signals = index.talk_signals(i, every)
        runs[split_of(index.talks[i])].append(Query(i, gains, sorted(gains.values(), reverse=True)[:K],
                                                    _pool(signals, judged, i)))
        for name, w in systems.items():
            total = _combine(signals, w, index.n_talks)
            total[i] = 0.0
            ranked = _top(total, CANDIDATES, 0.0)
            top = [j for j in ranked if judged[j]][:K]
            q = runs[split_of(index.talks[i])][-1]
            q.scores[name] = ndcg(top, gains, q.ideal)
            q.scores_all[name] = ndcg(ranked[:K], gains, q.ideal)
            q.same_edition[name] = sum(editions.get(index.talks[j]) == editions.get(index.talks[i])
                                       and editions.get(index.talks[i]) is not None for j in top)
    print(f"judged {sum(len(r) for r in runs.values())} queries in {time.perf_counter() - t_start:.1f} s",
          file=sys.stderr)

    if args.tune:
        tuned = tune(runs["dev"], systems["talkgraph"])
        print("tuned on the dev split: RELATED_TALKS = {" + ", ".join(f'"{k}": {v:g}' for k, v in tuned.items()
                                                                      if v) + "}")
        for split in ("dev", "test"):
            print(f"  tuned weights, {split}: ndcg@10 {_pool_mean(runs[split], tuned):.4f} "
                  f"(committed weights {_pool_mean(runs[split], systems['talkgraph']):.4f}, on the pools)")

    queries = [q.i for split in ("dev", "test") for q in runs[split]]
    latencies = []
    with_path = 0
    for i in queries:
        t0 = time.perf_counter()
        found = index.related_talks(index.talks[i], K)
        latencies.append((time.perf_counter() - t0) * 1000)
        with_path += sum(any(x.signal == "path" for x in r.reasons) for r in found)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else float("nan")
    median = statistics.median(latencies) if latencies else float("nan")

    print(f"queries: {len(queries)} talks with >= 2 tags scored ({skipped} left out: no other talk shares a tag); "
          f"split by event: dev {len(runs['dev'])}, test {len(runs['test'])}")
    print("weights (analysis.weights.RELATED_TALKS) were tuned on the dev split only "
          "(benchmarks/related_talks.py --tune); the headline figure is the test split's")
    print(f"latency of one related-talks call: median {median:.2f} ms, p99 {p99:.2f} ms "
          f"(targets < 20 ms, < 100 ms)")
    print(f"results explained by a path: {with_path} of {len(queries) * K}")
    print(f"projection build: {t_proj:.2f} s (target < 10 s); index build {t_index:.2f} s "
          f"({t_index + t_data:.2f} s with its own read)")
    means = {}
    for split in ("dev", "test"):
        run = runs[split]
        m = {name: _mean([q.scores[name] for q in run]) for name in systems}
        means[split] = m
        m_all = {name: _mean([q.scores_all[name] for q in run]) for name in systems}
        best = max(m["bm25"], m["tfidf"])
        print(f"{split}: ndcg@10 " + " ".join(f"{name}={v:.4f}" for name, v in m.items())
              + f" ratio={m['talkgraph'] / best if best else float('nan'):.3f}; all candidates (an untagged talk "
              f"may be ranked, scoring 0): " + " ".join(f"{name}={v:.4f}" for name, v in m_all.items()))
        print(f"{split}: top-10 results from the query's own edition (judged ranking): "
              + ", ".join(f"{name} {sum(q.same_edition[name] for q in run) / max(1, len(run) * K):.0%}"
                          for name in systems))
    m = means["test"]
    best = max(m["bm25"], m["tfidf"])
    ratio = m["talkgraph"] / best if best else float("nan")
    print(f"ndcg@10 talkgraph={m['talkgraph']:.4f} bm25={m['bm25']:.4f} tfidf={m['tfidf']:.4f} ratio={ratio:.3f}")
    return 0


@dataclass
class Query:
    """One judged query talk: its gains, the ideal gains, and its candidate pool for tuning."""

    i: int
    gains: dict[int, float]
    ideal: list[float]
    pool: tuple[np.ndarray, dict[str, np.ndarray]]  # candidates (judged, by index), every signal there
    scores: dict[str, float] = field(default_factory=dict)
    scores_all: dict[str, float] = field(default_factory=dict)
    same_edition: dict[str, int] = field(default_factory=dict)


def split_of(talk: str) -> str:
    """"dev" or "test" for a query talk, by a hash of its event (so no event is in both splits)."""
    key = editions.get(talk) or talk
    return "dev" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "test"


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _combine(signals: dict[str, np.ndarray], w: dict[str, float], n: int) -> np.ndarray:
    total = np.zeros(n)
    for name, s in signals.items():
        if w.get(name):
            total += w[name] * s
    return total


POOL = 200  # per signal: the judged talks it ranks highest, pooled for tuning


def _pool(signals: dict[str, np.ndarray], judged: np.ndarray, i: int):
    """The judged talks any signal ranks among its POOL best, with every signal's value on them."""
    picked: set[int] = set()
    for s in signals.values():
        cand = np.flatnonzero(judged & (s > 0))
        cand = cand[cand != i]
        if len(cand) > POOL:
            cand = cand[np.argpartition(-s[cand], POOL - 1)[:POOL]]
        picked.update(cand.tolist())
    idx = np.array(sorted(picked), dtype=np.int64)
    return idx, {name: s[idx].astype(np.float32) for name, s in signals.items()}


def _pool_ndcg(q: Query, w: dict[str, float]) -> float:
    idx, values = q.pool[0], q.pool[1]
    if not len(idx):
        return 0.0
    total = np.zeros(len(idx))
    for name, v in values.items():
        if w.get(name):
            total += w[name] * v
    order = np.argsort(-total, kind="stable")[:K]
    top = [int(idx[o]) for o in order if total[o] > 1e-12]
    return ndcg(top, q.gains, q.ideal)


def _pool_mean(run: list[Query], w: dict[str, float]) -> float:
    return _mean([_pool_ndcg(q, w) for q in run])


GRID = (0.0, 0.02, 0.05, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0, 1.4, 2.0)
BASELINES = ("bm25", "tfidf")  # the baselines' signals are never part of talkgraph's own ranking


def tune(run: list[Query], start: dict[str, float], passes: int = 3) -> dict[str, float]:
    """Coordinate ascent over :data:`GRID` on one split's pools, ``text`` fixed at its weight (the scale:
    the score floor, RELATED_TALKS_MIN_SCORE, is read against it)."""
    w = {name: start.get(name, 0.0) for name in TALK_SIGNALS}
    best = _pool_mean(run, w)
    for _ in range(passes):
        changed = False
        for name in TALK_SIGNALS:
            if name == "text" or name in BASELINES:
                continue
            for v in GRID:
                trial = {**w, name: v}
                score = _pool_mean(run, trial)
                if score > best + 1e-6:
                    best, w, changed = score, trial, True
        print(f"tuning pass: dev ndcg@10 {best:.4f} with {w}", file=sys.stderr)
        if not changed:
            break
    return w


def build_pipeline(pyvideo: Path, store: GraphStore, limit_events: int | None) -> dict[str, set[str]]:
    """Build with ``talkgraph.build`` (the normal pipeline); tags are withheld by the index, not here."""
    from talkgraph import build

    events = sorted(p for p in pyvideo.iterdir() if p.is_dir() and (p / "category.json").is_file())
    if limit_events:
        events = events[:limit_events]
    result = build(events if limit_events else [pyvideo], store, load_settings(None))
    print(f"talkgraph.build: {result.records} records, {result.failed} failed", file=sys.stderr)
    return read_tags(pyvideo, limit_events)


def read_tags(pyvideo: Path, limit_events: int | None) -> dict[str, set[str]]:
    """The folded human tags per talk IRI, straight from the corpus, without event, year and format tags.

    Also fills ``editions`` (talk IRI -> event name) for the same-edition figure.
    """
    events = sorted(p for p in pyvideo.iterdir() if p.is_dir() and (p / "category.json").is_file())
    if limit_events:
        events = events[:limit_events]
    tags: dict[str, set[str]] = defaultdict(set)
    for item in _import(events, load_settings(None), IssueReport()):
        for talk in item.record.talks:
            title = " ".join(talk.title.split())
            if not title:
                continue
            iri = str(iris.talk(title))
            editions.setdefault(iri, talk.event)
            tags[iri].update(k for k in (fold_key(t) for t in talk.topics) if k and _topical(k, talk.event))
    return tags


editions: dict[str, str | None] = {}


def _topical(tag: str, event: str | None) -> bool:
    """False for a tag that names the talk's event, a year or a format (see the module docstring)."""
    squashed = re.sub(r"[^0-9a-z]", "", tag)
    if not squashed or tag in FORMAT_TAGS or re.search(r"(19|20)[0-9]{2}", squashed):
        return False
    name = re.sub(r"[^0-9a-z]", "", fold_key(re.sub(r"(19|20)[0-9]{2}", "", event or "")))
    return not (len(squashed) >= 3 and name and squashed in name)


if __name__ == "__main__":
    sys.exit(main())
