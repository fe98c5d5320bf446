"""A person's career timeline: employers over time (as far as the years are known) with their talks on it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..store.local import GraphStore

__all__ = ["Job", "TalkMark", "Timeline", "career_timeline", "draw_timeline"]


@dataclass(frozen=True)
class Job:
    """One employer of the person; years are None when the records do not state them."""

    organization: str
    name: str
    begin: int | None
    end: int | None
    current: bool | None

    @property
    def dated(self) -> bool:
        return self.begin is not None or self.end is not None


@dataclass(frozen=True)
class TalkMark:
    """One talk given by the person: title, event and date (or only the year) when known."""

    talk: str
    title: str
    event: str | None
    date: dt.date | None
    year: int | None

    @property
    def when(self) -> float | None:
        """The date as a decimal year (mid-year when only the year is known)."""
        if self.date is not None:
            return self.date.year + (self.date.timetuple().tm_yday - 0.5) / 366
        return None if self.year is None else self.year + 0.5


@dataclass(frozen=True)
class Timeline:
    """Everything :func:`draw_timeline` draws for one person."""

    person: str
    name: str
    jobs: tuple[Job, ...]
    talks: tuple[TalkMark, ...]


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _int(text: str | None) -> int | None:
    try:
        return int(str(text)[:4]) if text else None
    except ValueError:
        return None


def career_timeline(store: GraphStore, person: str) -> Timeline:
    """The employers and talks of ``person`` (a name or an IRI).

    Raises
    ------
    talkgraph.analysis.lookup.UnknownPersonError
        When no person has that name; the message lists the closest names.
    """
    from ..analysis.lookup import Lookup, UnknownPersonError
    from ..analysis.projection import bound_value, memberships, query_rows

    people: dict[str, str] = {}
    for r in query_rows(store, "projection-people"):
        who = bound_value(r, "person")
        people[who] = bound_value(r, "name") or who
    iri = Lookup(people, UnknownPersonError).resolve(person)
    jobs = sorted((Job(m.organization, m.organization_name, m.begin, m.end, m.current)
                   for m in memberships(store) if m.person == iri),
                  key=lambda j: (not j.dated and not j.current, j.begin or 9999, not j.current, j.name.lower()))
    titles: dict[str, str] = {}
    for r in query_rows(store, "projection-talks"):
        talk = bound_value(r, "talk")
        titles[talk] = r["title"] or talk
    talks: dict[str, TalkMark] = {}
    for r in query_rows(store, "projection-performances"):
        if r["person"] != iri:
            continue
        talk, occurrence = bound_value(r, "talk"), bound_value(r, "occurrence")
        mark = TalkMark(talk, titles.get(talk, talk), r["edition_name"], _date(r["date"]),
                        _int(r["year"]) or _int(r["date"]))
        old = talks.get(occurrence)
        if old is None or (old.date is None and mark.date is not None):
            talks[occurrence] = mark
    ordered = sorted(talks.values(), key=lambda t: (t.when is None, t.when or 0.0, t.title))
    return Timeline(iri, people[iri], tuple(jobs), tuple(ordered))


def _short(text: str, n: int = 38) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def draw_timeline(timeline: Timeline, *, ax=None, today: dt.date | None = None, max_listed: int = 30):
    """Draw the timeline and return the matplotlib Figure.

    One row per employer: a bar over the stated years (an open end for a current job, a faded
    start when it began before anything dated); a current employer whose start is not stated is
    a dashed line up to today, and a past employer without years is listed with "years not
    stated" instead of a guessed bar. Talks are numbered triangles on the top row, with a dotted
    line down through the employers, and listed under the chart (the first ``max_listed``) when
    the function makes the figure itself (``ax`` is None).
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    today = today or dt.date.today()
    now = today.year + (today.timetuple().tm_yday - 0.5) / 366
    years: list[float] = [y for j in timeline.jobs for y in (j.begin, j.end) if y is not None]
    years += [t.when for t in timeline.talks if t.when is not None]
    if any(j.current for j in timeline.jobs):
        years.append(now)
    lo = (min(years) if years else now - 5) - 1.0
    hi = (max(years) if years else now) + 1.0
    if hi - lo < 6:
        lo -= (6 - (hi - lo)) / 2
        hi = lo + 6
    rows = len(timeline.jobs)
    placed = [t for t in timeline.talks if t.when is not None]
    listed = placed[:max_listed]
    if ax is None:
        list_h = 0.2 * (len(listed) + 1) if listed else 0.0
        fig = Figure(figsize=(11, 1.9 + 0.42 * rows + list_h), layout="constrained")
        if listed:
            ax, ax_list = fig.subplots(2, 1, height_ratios=[1.9 + 0.42 * rows, list_h])
        else:
            ax, ax_list = fig.add_subplot(), None
    else:
        fig, ax_list = ax.figure, None
    ax.set_xlim(lo, hi)
    ax.set_ylim(rows - 0.4, -1.9)
    for i, job in enumerate(timeline.jobs):
        begin, end = job.begin, job.end
        color = "#4e79a7" if job.current else "#76b7b2"
        if begin is not None or end is not None:
            start = begin if begin is not None else lo
            if end is not None:
                stop: float = end + 1
            elif job.current:
                stop = now
            else:
                stop = start + 1  # begin is not None here
            ax.add_patch(Rectangle((start, i - 0.3), max(stop - start, 0.15), 0.6, color=color,
                                   alpha=0.9 if begin is not None else 0.45, lw=0))
            until = end if end is not None else ("now" if job.current else "?")
            note = f"{begin if begin is not None else '?'}\u2013{until}"
            ax.text(stop + 0.08, i, note, va="center", fontsize=8, color="#444", parse_math=False)
        elif job.current:
            ax.plot([lo, now], [i, i], color=color, lw=5, alpha=0.35, ls=(0, (2, 1)), solid_capstyle="butt")
            ax.plot([now], [i], marker="o", color=color)
            ax.text(lo + 0.1, i - 0.33, "current; start not stated", fontsize=7.5, color="#444", parse_math=False)
        else:
            ax.text(lo + 0.1, i, "years not stated", va="center", fontsize=8, color="#888", style="italic",
                    parse_math=False)
    stack: dict[int, int] = {}
    for n, when in enumerate((t.when for t in placed if t.when is not None), 1):
        slot = round(when * 4)  # talks within a quarter share a column and stack upwards
        level = stack.get(slot, 0)
        stack[slot] = level + 1
        ax.axvline(when, color="#f28e2b", alpha=0.35, lw=0.8, ls=":", zorder=0)
        y = -0.85 - 0.33 * level
        ax.plot([when], [y], marker="v", color="#f28e2b", markersize=7, zorder=3)
        ax.text(when + 0.06, y, str(n), fontsize=7, va="center", color="#8a4a00", parse_math=False)
    ax.set_yticks([-1.0] + list(range(rows)),
                  [f"talks ({len(timeline.talks)})"] + [_short(j.name, 32) for j in timeline.jobs])
    ax.tick_params(axis="y", length=0)
    for spine in ("top", "right", "left"):
        ax.spines[spine].set_visible(False)
    ax.grid(axis="x", color="#eee")
    ax.set_axisbelow(True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{timeline.name}: employers and talks over time", loc="left", fontsize=12, fontweight="bold",
                 parse_math=False)
    notes = []
    if not timeline.jobs:
        notes.append("no employers in the graph")
    undated = len(timeline.talks) - len(placed)
    if undated:
        notes.append(f"{undated} talk(s) without a date or year not shown")
    if ax_list is not None:
        ax_list.set_axis_off()
        lines = [f"{n}. {t.date.isoformat() if t.date else t.year}  {_short(t.title, 70)}"
                 + (f"  ({t.event})" if t.event else "") for n, t in enumerate(listed, 1)]
        if len(placed) > len(listed):
            notes.append(f"the first {len(listed)} of {len(placed)} talks listed")
        if notes:
            lines.append("; ".join(notes))
        ax_list.text(0, 1, "\n".join(lines), va="top", fontsize=8, family="monospace", parse_math=False,
                     transform=ax_list.transAxes)
    elif notes:
        ax.set_xlabel("; ".join(notes), fontsize=8, color="#666")
    return fig
