"""Topic quality: recall and a precision lower bound against pyvideo's human tags, and coverage per source.

    .venv/bin/python benchmarks/topic_quality.py [PYVIDEO_DIR] [--data DIR] [--schedules DIR] [--limit N]

PYVIDEO_DIR defaults to ../shared/corpus/pyvideo beside the repository.

1. Every pyvideo talk is read by the pyvideo importer and tagged by the default tagger
   (``extract.topics.tag_talks``) with its human tags withheld: topics come from the title and
   the description only. Its human tags are matched to the scheme on their own as in a build (the ``tag``
   and ``tag-part`` rules; tags naming the talk's own event, "PythonWebConf2021", are no topic there), and
   these concepts are the judgement.
2. Recall: over talks whose human tags match at least one concept, the share of those concepts the
   text alone recovers (a tag concept counts as recovered when a text topic is it or lies below
   it: "Django" in the text recovers the tag "web").
3. Precision (a lower bound: human tags are sparse): the share of text-derived topics that a human
   tag's concept confirms, itself or one of its broader concepts ("Python" and "Web development"
   are confirmed by the tag "django"), over the same talks.
4. Coverage: the share of talks with at least one topic from the scheme (candidates do not count),
   per source: pyvideo with tags withheld and with them (as the default build tags), the bundled
   ``data/`` and the schedule exports in ``../shared/corpus/schedules``.

The last line reads ``topics recall=R precision=P coverage=C`` for the whole pyvideo corpus, the
coverage being that of the text alone (tags withheld), the stricter of the two.
"""
from __future__ import annotations

import argparse
import copy
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from talkgraph.config import Settings  # noqa: E402
from talkgraph.errors import IssueReport  # noqa: E402
from talkgraph.extract.topics import find_topics_many, load_scheme, source_labels, tag_talks  # noqa: E402
from talkgraph.ingest import import_paths  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"


def _talks(path: Path, importer: str | None = None) -> list:
    report = IssueReport()
    return [t for item in import_paths([path], Settings(), report, importer=importer) for t in item.record.talks]


def _covered(talk) -> bool:
    return any(not h.candidate for h in talk.topic_hits)


def coverage(talks: list) -> float:
    return sum(map(_covered, talks)) / len(talks) if talks else 0.0


def judge(talks: list) -> dict[str, float]:
    """Recall and precision of text topics against the concepts of the talks' own human tags."""
    scheme = load_scheme()
    closure = scheme.closure
    judged = [(t, tags) for t, tags in talks if tags]
    tag_hits = find_topics_many([{} for _ in judged], tags=[tags for _, tags in judged])
    found = relevant = confirmed = emitted = n_judged = 0
    per_rule: Counter[str] = Counter()
    per_rule_ok: Counter[str] = Counter()
    for (talk, _tags), hits in zip(judged, tag_hits):
        gold = {h.concept for h in hits if not h.candidate}
        if not gold:
            continue
        n_judged += 1
        text = {h.concept: h for h in talk.topic_hits if not h.candidate}
        reach = set(text) | {a for c in text for a in closure.get(c, ())}
        found += len(gold & reach)
        relevant += len(gold)
        confirm = gold | {a for c in gold for a in closure.get(c, ())}
        for concept, hit in text.items():
            emitted += 1
            per_rule[hit.rule] += 1
            if concept in confirm:
                confirmed += 1
                per_rule_ok[hit.rule] += 1
    return {"judged": n_judged, "recall": found / relevant if relevant else 0.0,
            "precision": confirmed / emitted if emitted else 0.0, "emitted": emitted,
            "per_rule": {r: (per_rule_ok[r] / n, n) for r, n in per_rule.most_common()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pyvideo", nargs="?", default=str(SHARED / "pyvideo"))
    parser.add_argument("--data", default=str(ROOT / "data"), help="bundled data folder")
    parser.add_argument("--schedules", default=str(SHARED / "schedules"), help="schedule exports")
    parser.add_argument("--limit", type=int, help="only the first N pyvideo talks (quick look)")
    args = parser.parse_args(argv)
    pyvideo = Path(args.pyvideo)
    if not pyvideo.is_dir():
        print(f"no pyvideo data at {pyvideo}", file=sys.stderr)
        return 2
    for name, path in (("data/", Path(args.data)), ("schedules", Path(args.schedules))):
        if path.is_dir():
            talks = _talks(path)
            tag_talks(talks)
            print(f"coverage   {name:<22} {coverage(talks):6.1%} of {len(talks):,} talks")
    start = time.perf_counter()
    talks = _talks(pyvideo, importer="pyvideo")
    if args.limit:
        talks = talks[: args.limit]
    read = time.perf_counter() - start
    tagged = copy.deepcopy(talks)
    withheld = [(t, source_labels(t, track=False)) for t in talks]  # the tags as a build reads them
    start, cpu = time.perf_counter(), time.process_time()
    tag_talks(talks, source_tags=False)
    tag_time, tag_cpu = time.perf_counter() - start, time.process_time() - cpu
    tag_talks(tagged)
    text_cov, full_cov = coverage(talks), coverage(tagged)
    print(f"coverage   {'pyvideo, tags withheld':<22} {text_cov:6.1%} of {len(talks):,} talks")
    print(f"coverage   {'pyvideo, with tags':<22} {full_cov:6.1%} of {len(talks):,} talks")
    print(f"time       read {read:.1f} s, tag {tag_time:.1f} s wall, {tag_cpu:.1f} s CPU "
          f"({len(talks) / tag_time:,.0f} talks/s)")
    scores = judge(withheld)
    print(f"judged     {scores['judged']:,} talks whose human tags match a concept; "
          f"{scores['emitted']:,} text topics on them")
    for rule, (share, n) in scores["per_rule"].items():
        print(f"  rule {rule:<10} {n:6,} topics, {share:6.1%} confirmed")
    print(f"topics recall={scores['recall']:.3f} precision={scores['precision']:.3f} coverage={text_cov:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
