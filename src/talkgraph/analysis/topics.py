"""Topics over time: which topics rise and fall, from the rows of the named query 'topic-trends'."""
from __future__ import annotations

from collections import defaultdict

from rdflib import Literal

from ..query.results import ResultTable

__all__ = ["topic_changes"]


def topic_changes(trends: ResultTable, *, rising: bool = True, min_talks: int = 10, years: int = 3,
                  min_year_talks: int = 20) -> ResultTable:
    """Topics ranked by how much their share of each year's talks changed.

    Parameters
    ----------
    trends
        The rows of the named query ``topic-trends`` (topic, label, year, talks, year_talks, share).
    rising
        Largest growth first (else largest fall first).
    min_talks
        Topics with fewer talks over all years are left out (their shares are noise).
    years
        The change is the mean share over the last ``years`` years with talks minus the mean over the first
        ``years``; a year in which a topic has no talk counts as a share of 0.
    min_year_talks
        Years with fewer talks in all are left out (a share of a handful of talks says little).

    Returns
    -------
    ResultTable
        Columns topic, label, talks, first_share, last_share, change (shares as decimals, 0..1).
    """
    cols = {c: i for i, c in enumerate(trends.columns)}
    year_talks: dict[int, int] = {}
    shares: dict[object, dict[int, float]] = defaultdict(dict)
    counts: dict[object, int] = defaultdict(int)
    labels: dict[object, object] = {}
    for row in trends.rows:
        topic, year = row[cols["topic"]], row[cols["year"]]
        if year is None:
            continue
        y = int(year.toPython())
        year_talks[y] = int(row[cols["year_talks"]].toPython())
        shares[topic][y] = float(row[cols["share"]].toPython())
        counts[topic] += int(row[cols["talks"]].toPython())
        labels[topic] = row[cols["label"]]
    span = sorted(y for y, n in year_talks.items() if n >= min_year_talks)
    if not span:
        return ResultTable(["topic", "label", "talks", "first_share", "last_share", "change"], [])
    n = max(1, min(years, len(span) // 2 or 1))
    first, last = span[:n], span[-n:]
    out = []
    for topic, by_year in shares.items():
        if counts[topic] < min_talks:
            continue
        before = sum(by_year.get(y, 0.0) for y in first) / len(first)
        after = sum(by_year.get(y, 0.0) for y in last) / len(last)
        out.append((topic, labels[topic], counts[topic], before, after, after - before))
    out.sort(key=lambda r: (-r[5] if rising else r[5], str(r[1])))
    rows = [(t, lab, Literal(c), Literal(round(b, 4)), Literal(round(a, 4)), Literal(round(d, 4)))
            for t, lab, c, b, a, d in out]
    return ResultTable(["topic", "label", "talks", "first_share", "last_share", "change"], rows)
