"""Reading any plain-text conference page by the shapes its lines take: people, talks, confidences.

``read_text_page`` is the entry point. A page is read as a sequence of line readings
(``extract/page_lines.py``) and three assemblers look for the shapes conference pages take:

* **programme**: lines opening with a clock or range ("9:00 am", "09:45-10:30", "06:00 PM CEST"),
  under day headings ("Friday, May 8", "Monday"); each slot's title and speakers in either order,
  "Title - Name" and glued "TitleName" lines, "by X", "Speaker: X", "Presenters: A, B";
* **lineup**: name lines with a role line ("Role @ Org", "Role, Org", "Name / Role / Company"),
  bios, and talk titles before or after the names ("Talk:", "Keynote:" labels, abstracts);
* **talk list** of one person: "Event: Title" bullets, title/venue/year rows, table rows under
  year headings, event/title pairs, "with X and Y" co-speakers.

A page whose layout is the one-speaker page with dated activity blocks is read by
``records.speaker_text`` (chosen by that evidence: its reader finds activity blocks). Every
person, talk and affiliation carries a confidence; a page where nothing reaches a confident
reading yields an empty record and a warning naming the page and the reason.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from ..config import Settings
from ..errors import RecordError
from ..records.model import ExtractionRecord, Person, Talk
from ..records.sources import SourceText
from .line_hints import LineHint, apply_hints, furniture_lines, is_furniture_heading
from .mentions import _ATTRIBUTION
from .page_lines import _NOT_NAME_WORDS as _NOT_NAME
from .page_shapes import (NOT_GIVEN, is_org_name, is_nav_row, is_page_heading, parse_dated_row, parse_name_card,
                          parse_name_role, parse_role_org, parse_talk_row, split_speaker_org, split_title_byline,
                          strip_glued_handle)
from .page_lines import (Line, fold, is_generic_slot, is_prose, is_role_line, is_title_like, is_ui_text,
                         heading_date, leading_time, name_score, parse_day_heading, parse_numeric_date, split_lines,
                         split_names, strip_label, MONTHS)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["read_text_page", "read_general_text", "read_page_context", "PageReading", "MIN_CONFIDENCE", "WORK_BUDGET"]

log = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.5  # below this a person or talk is not a confident reading
WORK_BUDGET = 200_000  # per page, in units of _Budget: assemblers stop and keep what they have once it is spent
_MAX_LINES = 20_000
_MAX_LINE_CHARS = 4_000
_MAX_TEXT = 200_000


@dataclass
class PageReading:
    """A record read from text, with the reader's warnings (the page and why) and the layout used."""

    record: ExtractionRecord
    warnings: list[str] = field(default_factory=list)
    layout: str = "text-general"


# ------------------------------------------------------------------------------------ entry point

def read_text_page(src: SourceText, settings: Settings | None = None, nlp: "Language | None" = None,
                   hints: Sequence[LineHint] | None = None) -> ExtractionRecord:
    """The extraction record of one plain-text page, every person, talk and affiliation with a confidence.

    Parameters
    ----------
    src : SourceText
        The decoded page (``records.sources.read_source``).
    settings : Settings, optional
        For the language pipeline (``spacy_model``).
    nlp : spacy.language.Language, optional
        A pipeline from ``extract.nlp.build_nlp``; built when not given.
    hints : list of (text, kind, level), optional
        What the page's markup says each line is (``extract.line_hints``): a heading that is
        page furniture ("Speakers", "Day 1") is then never a person or a talk.

    Returns
    -------
    ExtractionRecord
        Empty (no people, no talks) when nothing on the page reaches a confident reading;
        ``record.warnings`` then says why.
    """
    return read_text_reading(src, settings, nlp, hints).record


def read_text_reading(src: SourceText, settings: Settings | None = None, nlp: "Language | None" = None,
                      hints: Sequence[LineHint] | None = None) -> PageReading:
    """Like ``read_text_page``, returning the warnings and the layout that read the page too."""
    from ..records.speaker_text import parse_speaker_text

    try:
        page = parse_speaker_text(src)
    except RecordError:
        page = None
    if page is not None and hints and any(kind == "heading" and is_furniture_heading(text) and
                                          " ".join(text.split()) == page.name for text, kind, _level in hints[:3]):
        page = None  # its "name line" is a section heading of the page
    from .pipeline import NOT_TALKS

    weak_name = page is not None and (is_ui_text(page.name) or
                                      (len(page.name.split()) == 1 and name_score(page.name) < 0.4))
    if page is not None and page.activities and weak_name and \
            all((a.kind or "").casefold() in NOT_TALKS for a in page.activities):
        # A page of training courses under a heading, in the speaker-page layout: no person, no talk
        # (courses are not the programme's talks), rather than its section labels read as titles.
        return PageReading(ExtractionRecord(source=src.path),
                           [f"{src.path}: no confident reading: only training courses, under the heading "
                            f"{page.name!r}"], "text")
    if page is not None and page.activities and not weak_name:
        from .pipeline import extract_page

        record = extract_page(page, settings, nlp)
        _set_layout_confidence(record)
        return PageReading(record, [], "text")
    reading = read_general_text(src, settings, nlp, hints)
    if page is not None and not reading.record.people and not reading.record.talks \
            and name_score(page.name) >= 0.4 and not is_ui_text(page.name):
        # A name line, a headline and a bio: the one-speaker layout without talks.
        from .pipeline import extract_page

        record = extract_page(page, settings, nlp)
        _set_layout_confidence(record, 0.6)
        return PageReading(record, [], "text")
    return reading


def _set_layout_confidence(record: ExtractionRecord, value: float = 0.95) -> None:
    for p in record.people:
        p.confidence = value
        for a in p.affiliations:
            if a.confidence is None:
                a.confidence = a.evidence.confidence if a.evidence else value
    for t in record.talks:
        t.confidence = value


# ------------------------------------------------------------------------------------ the reader

@dataclass
class _Person:
    name: str
    score: float
    line: int  # position in the line list
    headline: str | None = None
    bio: list[str] = field(default_factory=list)
    card: tuple[str, str] | None = None  # (role, organisation) from a "Name / Role / Company" line


@dataclass
class _Talk:
    title: str
    line: int
    speakers: list[str] = field(default_factory=list)
    event: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    kind: str | None = None
    abstract: list[str] = field(default_factory=list)
    score: float = 0.7
    from_schedule: bool = False
    orgs: dict[str, str] = field(default_factory=dict)  # speaker -> organisation the line gives ("Name (Org)")


class _Budget:
    """The work a page may take, counted (not timed, so the same page always reads the same): one unit
    per line an assembler pass examines and per person a name is checked against."""

    def __init__(self, units: int):
        self.left = units

    def spend(self, units: int) -> bool:
        """Take ``units``; False once the budget is spent (the caller stops and keeps what it has)."""
        self.left -= units
        return self.left >= 0

    def passed(self) -> bool:
        return self.left < 0


def read_general_text(src: SourceText, settings: Settings | None = None, nlp: "Language | None" = None,
                      hints: Sequence[LineHint] | None = None) -> PageReading:
    """Read a page by its shapes (programme, lineup, talk list); see the module docstring."""
    budget = _Budget(WORK_BUDGET)
    text = src.text[:_MAX_TEXT * 5]
    warnings: list[str] = []
    lines = split_lines(text, max_lines=_MAX_LINES, max_line_chars=_MAX_LINE_CHARS)
    if lines and re.match(r"^url\s*:\s*\S+$", lines[0].text, re.IGNORECASE):
        lines = lines[1:]  # metadata: no name, event or date is read from it
    if not lines:
        return _empty(src, "no text besides a URL line")
    for line in lines:
        if "@" in line.text:
            line.text = strip_glued_handle(line.text)  # "Jane Doe@janedoe": a name with its handle
    ctx = _PageContext.read(lines)
    people: list[_Person] = []
    talks: list[_Talk] = []
    used: set[int] = set()
    if hints:
        apply_hints(lines, hints)
        used |= furniture_lines(lines)  # section headings: never a person, title or speaker
    _read_programme(lines, ctx, people, talks, used, budget)
    if budget.spend(len(lines)):
        _read_talk_rows(lines, ctx, people, talks, used)
    if not budget.passed():
        _read_lineup(lines, ctx, people, talks, used, budget)
    if not budget.passed():
        _read_talk_list(lines, ctx, people, talks, used, budget)
    if budget.spend(len(lines)) and not people:
        _read_prose_speakers(lines, people, talks)
    if budget.spend(len(lines)):
        _read_link_talks(lines, people, talks, used)
    if budget.spend(len(lines)) and not people:
        _read_first_person_talks(lines, talks)
    if budget.passed():
        warnings.append(f"{src.path}: reading stopped early, after {WORK_BUDGET:,} units of work (a line examined, "
                        f"a name compared) on a page of {len(lines):,} lines; the record holds what was read by then")
    record = _build_record(src, lines, ctx, people, talks, settings, nlp, late=budget.passed())
    if not record.people and not record.talks:
        why = _why_empty(lines)
        return PageReading(record, warnings + [f"{src.path}: no confident reading: {why}"], "text-general")
    return PageReading(record, warnings, "text-general")


def read_page_context(text: str) -> tuple[str | None, int | None]:
    """(event, year) a page's first lines name, as the reader sets them on the talks it reads."""
    ctx = _PageContext.read(split_lines(text[:_MAX_TEXT], max_lines=200, max_line_chars=_MAX_LINE_CHARS))
    return ctx.event, ctx.year


def _empty(src: SourceText, why: str) -> PageReading:
    return PageReading(ExtractionRecord(source=src.path), [f"{src.path}: no confident reading: {why}"])


def _why_empty(lines: list[Line]) -> str:
    total = len(lines)
    if total > 2000:  # judged on an even sample: the reason, not a census
        lines = lines[::total // 2000 + 1]
    n = len(lines)
    ui = sum(is_ui_text(l.text) for l in lines)
    prose = sum(is_prose(l.text) for l in lines)
    letters = sum(any(c.isalpha() for c in l.text) for l in lines)
    if letters == 0:
        return "no line holds a letter"
    if ui >= max(1, n // 2):
        shown = f"{ui} of {n}" if n == total else f"about {round(ui * total / n)} of {total}"
        return f"{shown} lines are navigation, buttons or banner text; no person or talk"
    if prose == n:
        return "only running text; no name line, role line, title or time slot"
    return f"no name line with a given name or role, and no titled talk, among {total} lines"


# ------------------------------------------------------------------------------------ page context

_EVENT_WORDS = r"(?:conf(?:erence)?|con|summit|meetup|meet-?up|days?|camp|fest|festival|forum|expo|week|jug|symposium|workshop|exchange|world|live|devday|hackathon|user\s*group)"
_HEADING_EVENT = [
    re.compile(r"^(?:schedule|agenda|programme|program|speakers|sessions|talks)\s+(?:for|of)\s+(?:the\s+)?(?P<ev>.+?)\s*$", re.I),
    re.compile(r"^(?P<ev>.+?)\s*(?::|–|—|-)?\s+(?:schedule|agenda|programme|program|speakers|sessions|talks(?:\s*&\s*speakers)?)\b.*$", re.I),
    re.compile(r"^(?P<ev>.+?)\s*:\s*(?:schedule|agenda|programme|program)\b.*$", re.I),
    re.compile(r"\bwelcome to (?:the\s+)?(?P<ev>[A-Z][^!.]{2,80}?)\s*[!.]", re.I),
    re.compile(r"\b(?:agenda|schedule|programme) for the whole (?P<ev>[A-Z][\w'’ -]{2,60}?)(?:\s*[:,.]|\s+including)", re.I),
    re.compile(r"\btickets? (?:to|for) (?P<ev>[A-Z][\w'’ /.-]{2,60}?\d{4})\b", re.I),
    re.compile(r"^(?P<ev>[A-Z][\w'’ .-]{2,60}?\s(?:19|20)\d\d) (?:is|are) (?:pleased|proud|happy|excited|delighted|thrilled)\b"),
]
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_RANGE = re.compile(r"\b(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2})\b")


@dataclass
class _PageContext:
    event: str | None = None
    year: int | None = None
    month_range: tuple[int, int, int] | None = None  # (month, first day, last day)
    title_event: str | None = None  # a first line naming an event with its year or number ("Acme Meetup 39")
    single_date: str | None = None  # the one full date the page states (an evening's or a meetup's)

    @classmethod
    def read(cls, lines: list[Line]) -> "_PageContext":
        ctx = cls()
        head = lines[:6]
        for line in head:
            ev = _event_from_heading(line.text)
            if ev:
                ctx.event = ev
                break
        if ctx.event is None:
            for line in lines[:60]:
                for rx in _HEADING_EVENT[3:]:
                    m = rx.search(line.text)
                    if m and _is_event_name(m["ev"]):
                        ctx.event = m["ev"].strip()
                        break
                if ctx.event:
                    break
        for line in head:
            if not is_prose(line.text):
                m = _YEAR.search(line.text)
                if m:
                    ctx.year = int(m.group(1))
                    break
        for line in head:
            m = _RANGE.search(line.text)
            if m and m["mon"][:3].casefold() in MONTHS:
                ctx.month_range = (MONTHS[m["mon"][:3].casefold()], int(m["d1"]), int(m["d2"]))
                break
        dates = set()
        if lines:
            first = lines[0].text.strip()
            dm = re.match(r"^(?P<ev>.+?)\s+[—–|·-]\s+(?P<date>.+)$", first)
            fd = _FULL_DATE.fullmatch(dm["date"]) if dm else None
            if dm and fd and _full_date(fd):  # "Acme Meetup #12 — Thursday, 9 October 2031": the event and its date
                first = dm["ev"].strip()
                dates.add(_full_date(fd))
            if len(first.split()) <= 8 and not is_prose(first) and _is_event_name(first) and \
                    re.search(r"\s(?:19|20)\d\d$|\s#?\d{1,3}$", first):
                ctx.title_event = first
        for line in lines:
            text = " ".join(line.cells) if line.cells else line.text
            if _POSTED.search(text):
                continue
            for m in _FULL_DATE.finditer(text):
                if not re.fullmatch(r"(?:(?:when|date|dates|on|day)\s*:?)?", text[:m.start()].strip(), re.I):
                    continue  # a date inside running text or a title
                d = _full_date(m)
                if d:
                    dates.add(d)
            if len(dates) > 1:
                break
        if len(dates) == 1:
            ctx.single_date = dates.pop()
        return ctx


_FULL_DATE = re.compile(
    r"\b(?:(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\.?\s+(?P<m1>[A-Z][a-z]{2,8})\.?"
    r"|(?P<m2>[A-Z][a-z]{2,8})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?),?\s+(?P<y>(?:19|20)\d\d)\b")
_POSTED = re.compile(r"\b(?:posted|published|updated|last modified|written|copyright|©)\b|^by\s+\S+(?:\s+\S+){0,3}\s+on\s", re.I)


def _full_date(m: re.Match) -> str | None:
    mon = (m["m1"] or m["m2"] or "")[:3].casefold()
    if mon not in MONTHS:
        return None
    try:
        d = dt.date(int(m["y"]), MONTHS[mon], int(m["d1"] or m["d2"]))
    except ValueError:
        return None
    return d.isoformat()


def _event_from_heading(text: str) -> str | None:
    if is_prose(text) or len(text) > 120 or len(text.split()) > 12 or is_nav_row(text):
        return None
    for rx in _HEADING_EVENT[:3]:
        m = rx.match(text)
        if m:
            ev = re.split(r"\s*[—–:|]\s*", m["ev"].strip())[0].strip(" -–—:")
            if _is_event_name(ev):
                return ev
    return None


_NOT_EVENT = re.compile(r"^(?:keynote|featured|invited|confirmed|guest|special|conference|our|the|these|this|those|upcoming|past|all|p\.s\.?|note|day \w+"
                        r"|workshop day|detailed|preliminary|full|main|official|talks?|speakers?)$", re.I)


def _is_event_name(text: str) -> bool:
    text = text.strip()
    if not 2 < len(text) <= 70 or _NOT_EVENT.match(text) or not re.search(r"[^\W\d_]{3}", text):
        return False
    words = text.split()
    if not words[0][:1].isupper() and not words[0][:1].isdigit() and not words[0][:1] in ":" \
            and not re.match(r"[a-z]{1,6}[A-Z0-9]", words[0]):  # "jPrime", "microXchg2019"
        return False
    if words[0].casefold() in {"these", "this", "those", "here", "there", "our", "your", "my", "we", "i"}:
        return False
    caps = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or not w[:1].isalpha()
               or re.match(r"[a-z]{1,6}[A-Z0-9]", w))
    return caps >= (len(words) if len(words) <= 2 else len(words) - 1) and not re.search(r"\b(?:our|your|we|my)\b", text, re.I)


def _resolve_date(ctx: _PageContext, heading: tuple[int | None, int | None, int | None, int | None]) -> str | None:
    wd, day = heading[:2]
    if day is not None or wd is None:
        return heading_date(heading, ctx.year)
    if ctx.month_range and ctx.year:  # a bare weekday: the one day of the event's month range it can be
        mon, d1, d2 = ctx.month_range
        hits = []
        for d in range(d1, d2 + 1):
            try:
                date = dt.date(ctx.year, mon, d)
            except ValueError:
                continue
            if date.weekday() == wd:
                hits.append(date)
        if len(hits) == 1:
            return hits[0].isoformat()
    return None


# ------------------------------------------------------------------------------------ names in lines

_SPEAKER_LABEL = re.compile(r"^(?:speakers?|presenters?|presented by|hosts?|hosted by|moderator|moderated by|panelists?"
                            r"|with|by|featuring|instructors?|trainers?)\s*:?\s+(?P<names>.+)$", re.I)
_BY_LINE = re.compile(r"^(?:(?:workshop|talk|keynote|tutorial|session|panel|presentation|lab)\s+)?by\s+(?P<names>[^()]+?)"
                      r"(?:\s+(?:in|at|on)\s+.*|\s*\(.*)?$", re.I)
_BYLINE_DATE = re.compile(r"^by\s+.+\s+on\s+\w+\s+\d{1,2},?\s+\d{4}$", re.I)
_SLASH_CARD = re.compile(r"^(?P<name>[^/|]{3,60}?)\s*[/|]\s*(?P<role>[^/|]{2,80}?)(?:\s*[/|]\s*(?P<org>[^/|]{2,80}))?$")
_TRAIL_UI = re.compile(r"\s*(?:[–—-]\s*)?(?:\[[^\]]{1,20}\]|\((?:link|go back up|slides|video|pdf)\))\s*$", re.I)
_GLUE = re.compile(r"(?<=[a-z0-9)?!.’'\]])(?=[A-ZÀ-ÖØ-ÞŁŚŻŹ][a-zà-öø-ÿłśżźćńąęó]+)")


def _names_in(text: str, floor: float = 0.4) -> list[str] | None:
    """Speaker names of a line: "A, B and C", "by A", "Speaker: A", "Presenters: ..."; None otherwise."""
    t = _TRAIL_UI.sub("", text).strip()
    if _BYLINE_DATE.match(t):
        return None
    m = _BY_LINE.match(t)
    if m:
        return split_names(m["names"], floor=floor)
    m = _SPEAKER_LABEL.match(t)
    if m:
        return split_names(m["names"], floor=floor)
    return split_names(t, floor=floor)


def _split_glued_names(text: str) -> list[str] | None:
    """"Kai WuDaniel JanusRyan Greenhall" -> three names (each piece a name)."""
    pieces = [p for p in _GLUE.split(text) if p]
    if len(pieces) < 2:
        return None
    names = []
    for p in pieces:
        got = split_names(p.strip())
        if not got:
            return None
        names.extend(got)
    if len(pieces) == 2 and min(name_score(x) for x in names) < 0.7:
        return None  # "Creative MachinesAda Quist": a title glued to one name, not two names
    return names


def _title_and_names(text: str) -> tuple[str, list[str]]:
    """Split "Title - Name", "Title by Name", glued "TitleName" and "Title Speaker: Name" lines."""
    title, names, _org = _title_names_org(text)
    return title, names


def _title_names_org(text: str) -> tuple[str, list[str], str | None]:
    """``_title_and_names`` with "Title - Name, Company" and "Title - Name (Company)": the company too."""
    t = _TRAIL_UI.sub("", text).strip()
    by = split_title_byline(t)
    if by:  # "Title, by Name (Company)", "Title — by A and B"
        return by
    parts = re.split(r"\s+[-–—]\s+", t)
    if len(parts) >= 2 and not split_names(parts[-1]):
        got = split_speaker_org(parts[-1])
        if got:
            return " - ".join(parts[:-1]).strip(), got[0], got[1]
    title, names = _title_and_names_plain(t)
    return title, names, None


def _title_and_names_plain(text: str) -> tuple[str, list[str]]:
    t = text
    names: list[str] | None
    m = re.search(r"\s+speakers?:\s+(?P<names>.+?)(?:\s+(?:level|room|track|language)\s*:.*)?$", t, re.I)
    if m:
        names = split_names(m["names"]) or []
        if names:
            return t[: m.start()].strip(), names
    parts = re.split(r"\s+[-–—]\s+", t)
    if len(parts) >= 2:
        names = split_names(parts[-1])
        if names and max(name_score(n) for n in names) >= 0.4:
            return " - ".join(parts[:-1]).strip(), names
    m = re.match(r"^(?P<title>.{6,}?)\s+by\s+(?P<names>[^,]+(?:,[^,]+)*)$", t)
    if m:
        names = split_names(m["names"])
        if names:
            return m["title"].strip(), names
    # glued: the last lower->upper boundary with a name after it
    for gm in reversed(list(_GLUE.finditer(t))):
        left, right = t[: gm.start()].strip(), t[gm.start():].strip()
        if len(left) < 4:
            continue
        names = split_names(right) or _split_glued_names(right)
        if names and (max(name_score(n) for n in names) >= 0.9 or left[-1:] in ")]" or len(names) > 1):
            return left, names
    return t, []


def _clean_title(text: str) -> tuple[str | None, str]:
    kind, title = strip_label(_TRAIL_UI.sub("", text).strip())
    title = title.strip().strip("\"“”").strip()
    title = re.sub(r"\s*[–—-]\s*$", "", title)
    return kind, title


# ------------------------------------------------------------------------------------ programme

def _read_programme(lines: list[Line], ctx: _PageContext, people: list[_Person], talks: list[_Talk],
                    used: set[int], budget: _Budget) -> None:
    lines[:] = _merge_split_times(lines)
    if not budget.spend(len(lines)):
        return
    anchors = []
    for k, line in enumerate(lines):
        if line.cells and len(line.cells) >= 2 and (cell_time := leading_time(line.cells[0])):
            rest = line.cells[-1] if len(line.cells) >= 2 else cell_time[2]
            rest = re.sub(r"^\d+\s*min\s*", "", rest) if rest != line.cells[0] else ""
            anchors.append((k, cell_time[0], cell_time[1], rest, cell_time[3]))
            continue
        got = leading_time(line.text)
        if got and not is_prose(line.text):
            anchors.append((k, *got))
    if not anchors or (len(anchors) < 2 and not any(parse_day_heading(l.text) for l in lines)):
        return
    if not budget.spend(2 * len(lines)):  # the day headings, and the anchors' neighbours
        return
    # day headings and the day list a tabbed timetable shows before its slots
    day_at: dict[int, str | None] = {}
    listed_days: list[str | None] = []
    for k, line in enumerate(lines):
        h = parse_day_heading(line.text)
        if h:
            day_at[k] = _resolve_date(ctx, h)
    first_anchor = anchors[0][0]
    before = [k for k in day_at if k < first_anchor]
    if len(before) >= 2 and max(before) - min(before) == len(before) - 1 and \
            not any(first_anchor > k > max(before) for k in day_at):
        listed_days = [day_at[k] for k in sorted(before)]
    # "Title" / "- 9:00am - 5:00pm" / "- Speaker": a block whose title stands above its time
    owns_prev = {}
    for (k, _s, _e, rest, _d) in anchors:
        owns_prev[k] = (not rest and k > 0 and not lines[k].after_blank and lines[k - 1].after_blank
                        and is_title_like(lines[k - 1].text) and not leading_time(lines[k - 1].text)
                        and (k + 1 >= len(lines) or lines[k + 1].after_blank or bool(_names_in(lines[k + 1].text))))
    dense = sum(1 for (k, *_r) in anchors if k + 1 < len(lines) and not lines[k + 1].after_blank) >= 0.7 * len(anchors)
    date = listed_days[0] if listed_days else None
    day_index = 0
    prev_start = None
    for n, (k, start, end, rest, _day) in enumerate(anchors):
        stop = anchors[n + 1][0] if n + 1 < len(anchors) else len(lines)
        if n + 1 < len(anchors) and owns_prev[anchors[n + 1][0]]:
            stop -= 1
        if not budget.spend(max(1, stop - k) + len(people)):  # the slot's lines; its names against the people
            return
        prev_anchor = anchors[n - 1][0] if n else -1
        heads = [j for j in day_at if prev_anchor < j < k and not (listed_days and j < first_anchor)]
        if heads:
            date = day_at[max(heads)]
        elif listed_days and prev_start and start < prev_start and _minutes(prev_start) - _minutes(start) > 120:
            day_index += 1
            date = listed_days[day_index] if day_index < len(listed_days) else None
        prev_start = start
        used.add(lines[k].index)
        items: list[tuple[int, str]] = []
        rooms = _room_heads(rest, [lines[j].text for j in range(k + 1, min(stop, k + 3))])
        if rooms:
            rest = ""
        if rest:
            items.append((k, rest))
        elif owns_prev[k]:
            items.append((k - 1, lines[k - 1].text))
            used.add(lines[k - 1].index)
        seen_prose = False
        for j in range(k + 1, stop):
            t = _strip_rooms(lines[j].text, rooms)
            if seen_prose and is_ui_text(t):
                continue
            if dense and lines[j].after_blank and not is_prose(t) and not (
                    seen_prose and _title_and_names(t)[1] and strip_label(t)[0]):
                break
            if day_at.get(j) is not None or parse_day_heading(t) or lines[j].index in used:
                continue
            if is_prose(t):
                seen_prose = True
                continue
            if is_ui_text(t) or re.match(r"^\d{1,3}$", t):
                continue
            if seen_prose:
                # after a description only a new title with its speakers belongs to the slot
                nxt = next((x for x in range(j + 1, stop) if not re.match(r"^\d{1,3}$", lines[x].text)), None)
                inline = _title_and_names(t)[1]
                if not inline and (nxt is None or not _names_in(lines[nxt].text)) and not _names_in(t):
                    break
            items.append((j, t))
        _assemble_slot(items, lines, ctx, date, start, end, people, talks, used)


def _room_heads(rest: str, following: list[str]) -> list[str]:
    """Room names a time line carries ("09.00 Hall A Hall B") when the lines under it open with them."""
    words = rest.split()
    if not words or len(words) > 10:
        return []
    for t in following:
        for n in range(len(words), 0, -1):
            head = " ".join(words[:n])
            if len(head) >= 4 and t.startswith(head + " ") and len(t) > len(head) + 3:
                return [head] + ([" ".join(words[n:])] if n < len(words) else [])
    return []


def _strip_rooms(text: str, rooms: list[str]) -> str:
    for room in rooms:
        if text.startswith(room + " ") and len(text) > len(room) + 3:
            return text[len(room):].strip()
    return text


def _minutes(hhmm: str) -> int:
    return int(hhmm[:2]) * 60 + int(hhmm[3:])


def _merge_split_times(lines: list[Line]) -> list[Line]:
    """"08:00" / "-" / "09:30" on three lines -> one "08:00 - 09:30" line."""
    out: list[Line] = []
    k = 0
    while k < len(lines):
        a = lines[k]
        if k + 2 < len(lines) and lines[k + 1].text in {"-", "–", "—", "to"} \
                and (first := leading_time(a.text)) and (second := leading_time(lines[k + 2].text)) \
                and not first[2] and not second[2]:
            out.append(Line(a.index, f"{a.text} - {lines[k + 2].text}", a.bullet, a.after_blank, a.cells))
            k += 3
            continue
        out.append(a)
        k += 1
    return out


def _assemble_slot(items: list[tuple[int, str]], lines: list[Line], ctx: _PageContext, date: str | None,
                   start: str, end: str | None, people: list[_Person], talks: list[_Talk], used: set[int]) -> None:
    kinds: list[tuple[str, int, list[str] | str]] = []  # ("N", line, names) or ("T", line, title text)
    card_head: dict[str, str] = {}
    for j, text in items:
        if is_page_heading(text):
            continue  # "Sponsored by Acme": never a title or a speaker
        card = parse_name_card(text)
        if card:  # "Name, Role, Company" under a title: its speaker with a headline
            card_head[card[0]] = card[1]
            kinds.append(("N", j, [card[0]]))
            continue
        ab = re.match(r"^about\s+(?:the\s+speakers?\s*:?\s*)?(?P<n>.+)$", text, re.I)
        if ab and split_names(ab["n"], floor=0.3):
            continue  # "About Ada Quist": a bio heading, not a title
        names = _split_glued_names(text) if not re.search(r"\s[-–—]\s|:", text) else None
        names = names or _names_in(text)
        if names and not _SPEAKER_LABEL.match(text) and not _BY_LINE.match(text):
            # a line that is only names: accept unknown given names only as a pair/list or with a known name
            if max(name_score(n) for n in names) < 0.4:
                names = None
        if names:
            kinds.append(("N", j, names))
            continue
        if is_title_like(text):
            kinds.append(("T", j, text))
    if not kinds:
        return
    for i in range(len(kinds) - 1):
        kd, j, val = kinds[i]
        if kd == "N" and isinstance(val, list) and kinds[i + 1][0] == "N" and max(name_score(x) for x in val) < 0.7 \
                and len(val) == 1:
            kinds[i] = ("T", j, val[0])  # "Newspaper Massacre" / "Ada Quist & Bo Lind": a title over its speakers
    name_first = kinds[0][0] == "N"
    slot_talks: list[_Talk] = []
    generic_open = False
    pending: list[str] = []
    for pos, (kind, j, val) in enumerate(kinds):
        if kind == "T" and isinstance(val, str):
            text = val
            title_text, inline, org = _title_names_org(text)
            label, title = _clean_title(title_text)
            if is_generic_slot(title) or (label == "keynote" and not title):
                nxt = kinds[pos + 1] if pos + 1 < len(kinds) else None
                if (name_first and pending) or (nxt is not None and nxt[0] == "N" and not name_first):
                    talk = _Talk(title, j, list(pending) if name_first else [], ctx.event, date, start, end,
                                 kind=label, from_schedule=True, score=0.6)
                    pending = []
                    slot_talks.append(talk)
                    continue
                generic_open = True
                continue
            if generic_open and not lines[j].bullet and not re.match(r"^\d+\)", lines[j].text):
                continue
            if slot_talks and not slot_talks[-1].speakers and not inline and not label and len(title.split()) <= 2 \
                    and ":" not in title and len(title) <= 24 and pos == len(kinds) - 1:
                continue  # "AT", "Local Tech": an organisation presenting the slot, not a second talk
            title = re.sub(r"^\d+\)\s*", "", title)
            if not title or not is_title_like(title):
                continue
            # a title wrapped over two lines: the second part opens lower-case or the first ends with a small word
            if slot_talks and not slot_talks[-1].speakers and not inline and not name_first and \
                    (title[:1].islower() or re.search(r"\b(?:using|with|of|and|the|for|to|in|a|an|on)$", slot_talks[-1].title)):
                slot_talks[-1].title = f"{slot_talks[-1].title} {title}"
                continue
            talk = _Talk(title, j, [], ctx.event, date, start, end, kind=label, from_schedule=True)
            if name_first and pending:
                talk.speakers = pending
                pending = []
            talk.speakers = talk.speakers or list(inline)
            if org and inline:
                talk.orgs = {nm: org for nm in inline}
            slot_talks.append(talk)
            used.add(lines[j].index)
        else:
            names = list(val)
            used.add(lines[j].index)
            _add_people(people, names, j, 0.8)
            for p in people:
                if p.name in card_head and p.headline is None:
                    p.headline = card_head[p.name]
            if name_first:
                pending = names
                continue
            open_talks = [t for t in slot_talks if not t.speakers]
            if len(open_talks) > 1 and len(names) == len(open_talks):
                for t, nm in zip(open_talks, names):
                    t.speakers = [nm]
            elif slot_talks and not slot_talks[-1].speakers:
                slot_talks[-1].speakers = names
            elif generic_open:
                pass  # presenters of a generic slot (lightning talks): people without a titled talk
    talks.extend(slot_talks)


def _add_people(people: list[_Person], names: list[str], line: int, score: float) -> None:
    from .mentions import is_same_person

    for nm in names:
        s = max(score * (1.0 if name_score(nm) >= 0.7 else 0.8), 0.0)
        if any(is_same_person(nm, p.name) and (len(nm.split()) > 1 or len(p.name.split()) > 1) or fold(nm) == fold(p.name)
               for p in people):
            for p in people:
                if len(nm.split()) > len(p.name.split()) and is_same_person(nm, p.name):
                    p.name = nm
            continue
        people.append(_Person(nm, s, line))


# ------------------------------------------------------------------------------------ lineup

def _read_lineup(lines: list[Line], ctx: _PageContext, people: list[_Person], talks: list[_Talk],
                 used: set[int], budget: _Budget) -> None:
    n = len(lines)
    kind: list[str] = [""] * n
    names_at: dict[int, list[str]] = {}
    head_of: dict[int, str] = {}
    cards: dict[int, tuple[str, str]] = {}

    def person_line(k: int, name: str, head: str, card: tuple[str, str] | None) -> None:
        """Line ``k`` names one person, with ``head`` (the role text) and the (role, org) it gives, if any."""
        kind[k] = "P"
        names_at[k] = [name]
        head_of[k] = head
        if card is not None:
            cards[k] = card

    for k, line in enumerate(lines):
        if not budget.spend(1):
            return
        t = line.text
        if line.index in used:
            kind[k] = "used"
            continue
        if is_ui_text(t) or _event_from_heading(t) or is_page_heading(t):
            kind[k] = "ui"
            continue
        if is_prose(t):
            kind[k] = "prose"
            continue
        nr = parse_name_role(t)
        if nr:  # "Name, Role at Org", "Name - Role @ Org"
            person_line(k, nr[0], nr[1], (nr[2], nr[3]))
            continue
        if leading_time(t) or parse_day_heading(t):
            kind[k] = "time"
            continue
        if line.bullet and k > 0 and (kind[k - 1] == "item" or (lines[k - 1].text.rstrip().endswith(":")
                                                                and not lines[k - 1].bullet and len(lines[k - 1].text) > 40)):
            kind[k] = "item"  # a list inside a description ("things like:" then bullets)
            continue
        if _sentence_line(t) or _ATTRIBUTION.match(t):
            kind[k] = "other"  # a sentence, or a quote's attribution ("— Ada Quist")
            continue
        card = _SLASH_CARD.match(t)
        if card and (card_names := split_names(card["name"])) and len(card_names) == 1 and \
                name_score(card["name"]) >= 0.4 and (card["org"] or is_role_line(card["role"])):
            role, org = card["role"].strip(), card["org"]
            person_line(k, card["name"].strip(), f"{role} / {org.strip()}" if org else role,
                        (role, org.strip()) if org else None)
            continue
        nc = parse_name_card(t)
        if nc:  # "Name · Role · Company", "Name, Role, Company"
            person_line(k, nc[0], nc[1], (nc[1][:nc[1].rfind(nc[2])].rstrip(" ,·•|"), nc[2]))
            continue
        if _BYLINE_DATE.match(t):
            kind[k] = "ui"
            continue
        m = re.match(r"^about\s+(?:the\s+speakers?\s*:?\s*)?(?P<names>.+)$", t, re.I)
        if m:
            about = split_names(m["names"], floor=0.3)
            kind[k] = "about"
            if about:
                names_at[k] = about
            continue
        names = split_names(t)
        if names and not _SPEAKER_LABEL.match(t):
            kind[k] = "P"
            names_at[k] = names
            continue
        by = _names_in(t) if (_BY_LINE.match(t) or _SPEAKER_LABEL.match(t)) else None
        if by:
            kind[k] = "by"
            names_at[k] = by
            continue
        if is_title_like(t):
            kind[k] = "T?"
            continue
        kind[k] = "other"

    def next_k(k: int) -> int | None:
        return k + 1 if k + 1 < n else None

    # names the page confirms elsewhere: "About X" headings, bios opening with the name
    confirmed = {fold(nm) for k, c in enumerate(kind) if c == "about" for nm in names_at.get(k, [])}
    for k, c in enumerate(kind):
        if c == "prose":
            m = _OPENER.match(lines[k].text)
            if m:
                confirmed.add(fold(m["name"]))
    # confirm person lines: a known given name, a role line after, or a bio that names them;
    # or, where two or more known names stand over a bio each, an unknown one standing the same way
    sure_over_bio = sum(1 for k in names_at if kind[k] == "P" and k + 1 < n and kind[k + 1] == "prose"
                        and max(name_score(x) for x in names_at[k]) >= 0.7)
    for k in list(names_at):
        if kind[k] != "P" or k in head_of:
            continue
        if sure_over_bio >= 2 and k + 1 < n and kind[k + 1] == "prose" and len(names_at[k]) == 1 and \
                re.match(r"^(?:he|she|they|his|her|their)\b", lines[k + 1].text, re.I):
            continue
        names = names_at[k]
        best = max(name_score(x) for x in names)
        tokens = {fold(w) for nm in names for w in nm.split() if len(w) > 2}
        nxt = next_k(k)
        bio_names_them = any(kind[j] == "prose" and tokens & set(fold(lines[j].text).split()[:12])
                             for j in range(k + 1, min(n, k + 5)))
        role_after = nxt is not None and kind[nxt] in ("T?", "other") and is_role_line(lines[nxt].text)
        if best >= 0.7 or bio_names_them or role_after or all(fold(x) in confirmed for x in names):
            continue
        kind[k] = "T?"
        del names_at[k]
    # sibling confirmation: unknown-name lines standing where confirmed names stand (before a bio)
    confirmed_next = [kind[k + 1] for k in names_at if kind[k] == "P" and k + 1 < n]
    # headlines: the short line right after a name
    for k in list(names_at):
        if kind[k] != "P" or k in head_of:
            continue
        j = next_k(k)
        if j is None or kind[j] not in ("T?", "other"):
            continue
        text = lines[j].text
        after = next_k(j)
        adjacent = not lines[j].after_blank
        followed_by_prose = after is not None and kind[after] == "prose"
        bio_follows = followed_by_prose and after is not None and any(w in fold(lines[after].text).split()[:3]
                                                for nm in names_at[k] for w in map(fold, nm.split()))
        followed_by_name = after is not None and kind[after] in ("P", "used") and \
            any(fold(x) == fold(y) for x in names_at.get(after, []) for y in names_at[k])
        if is_role_line(text) or bio_follows or followed_by_name or (adjacent and not followed_by_prose
                                                                      and len(text) <= 90):
            if strip_label(text)[0] is None:
                head_of[k] = text
                kind[j] = "H"
    _role_then_org_lines(lines, kind, head_of, cards)
    cycle_titles = _title_name_tagline(lines, kind, names_at, head_of)
    # titles: labelled lines, or title-like lines followed by an abstract or by a name
    for k in range(n):
        if kind[k] != "T?":
            continue
        label, _title = strip_label(lines[k].text)
        j = next_k(k)
        if label:
            kind[k] = "T"
        elif j is not None and kind[j] == "prose":
            kind[k] = "T"
        elif j is not None and kind[j] == "by":
            kind[k] = "T"
        elif j is not None and kind[j] == "P" and not lines[j].after_blank:
            kind[k] = "T"
        elif j is not None and kind[j] in ("P",) and k > 0 and kind[k - 1] in ("prose", "H", "ui") :
            kind[k] = "T"
    if not budget.spend(5 * n):  # the passes since the lines' kinds: confirmations, headlines, titles
        return
    # the page's order: titles before names, or names before titles
    seq = [(k, kind[k]) for k in range(n) if kind[k] in ("P", "T")]
    if not seq:
        # bio paragraphs that open with a name ("Ada Lovelace is a ...")
        _bio_openers(lines, kind, people)
        return
    first_t = next((k for k, c in seq if c == "T"), None)
    first_p = next((k for k, c in seq if c == "P"), None)
    title_first = first_t is not None and (first_p is None or first_t < first_p)
    persons: dict[int, _Person] = {}
    for k in sorted(names_at):
        if kind[k] != "P":
            continue
        if not budget.spend(2 * len(names_at[k]) * max(1, len(people))):  # each name against the people read
            return
        for nm in names_at[k]:
            _add_people(people, [nm], k, 0.75)
        for nm in names_at[k]:
            p = next((p for p in people if fold(p.name) == fold(nm) or _same(p.name, nm)), None)
            if p is not None:
                persons.setdefault(k, p)
                if k in head_of and not p.headline and len(names_at[k]) == 1:
                    p.headline = head_of[k]
                if k in cards and p.card is None:
                    p.card = cards[k]
    # bios: prose after a person until the next person (or title when titles come first)
    order = sorted(k for k in range(n) if kind[k] in ("P", "T", "about"))
    for idx, k in enumerate(order):
        if kind[k] not in ("P", "about"):
            continue
        end = order[idx + 1] if idx + 1 < len(order) else n
        if kind[k] == "P" and not title_first:
            end = next((order[x] for x in range(idx + 1, len(order)) if kind[order[x]] in ("P", "about")), n)
        if not budget.spend(end - k + len(people)):  # the bio's lines; the people it may be about
            return
        prose = [lines[j].text for j in range(k + 1, end) if kind[j] == "prose"]
        targets = [p for p in people if any(_same(p.name, nm) for nm in names_at.get(k, []))]
        if kind[k] == "about" and not targets:
            for nm in names_at.get(k, []):
                if name_score(nm) >= 0.4:
                    _add_people(people, [nm], k, 0.6)
            targets = [p for p in people if any(_same(p.name, nm) for nm in names_at.get(k, []))]
        for p in targets:
            if len(targets) > 1:
                p.bio.extend(_sentences_about(prose, p.name, targets))
            else:
                p.bio.extend(prose)
    # talks and their speakers
    titles = [k for k in range(n) if kind[k] == "T"]
    for idx, k in enumerate(titles):
        if not budget.spend((titles[idx + 1] if idx + 1 < len(titles) else n) - k + len(people)):
            return
        kind_label, title = _clean_title(lines[k].text)
        if not title or is_generic_slot(title) or not (is_title_like(title) or k in cycle_titles):
            continue
        m = re.match(r'^(?:summary|abstract|description) (?:for|of)\s+["“]?(?P<t>[^"”]+?)["”]?$', title, re.I)
        if m:
            title = m["t"]
        nxt_t = titles[idx + 1] if idx + 1 < len(titles) else n
        prev_t = titles[idx - 1] if idx else -1
        speakers: list[str] = []
        by = next((names_at[j] for j in range(k + 1, min(nxt_t, k + 3)) if kind[j] == "by"), None)
        if by:
            speakers = by
            _add_people(people, by, k, 0.7)
        elif title_first and len(titles) == 1 and k <= 1:
            # a proposal page: the title on its first line, then the abstract, then its speakers
            speakers = [nm for j in sorted(names_at) if j > k and kind[j] == "P" for nm in names_at[j]]
        elif title_first:
            group = _group_after(k, nxt_t, kind, names_at)
            speakers = group
        else:
            group = _group_before(k, prev_t, kind, names_at)
            speakers = group
        abstract = []
        for j in range(k + 1, nxt_t):
            if kind[j] == "prose":
                abstract.append(lines[j].text)
            elif kind[j] in ("P", "about"):
                break
        talks.append(_Talk(title, k, _dedupe(speakers), ctx.event, kind=kind_label, abstract=abstract,
                           score=0.75 if (kind_label or abstract) else 0.6))
    if not people:
        _bio_openers(lines, kind, people)


def _role_then_org_lines(lines: list[Line], kind: list[str], head_of: dict[int, str],
                         cards: dict[int, tuple[str, str]]) -> None:
    """Name / role / company on three lines of one block: the third line is the person's current organisation."""
    n = len(lines)
    for k in list(head_of):
        j, o = k + 1, k + 2
        if k in cards or o >= n or kind[j] != "H" or not is_role_line(lines[j].text) or lines[j].text != head_of[k]:
            continue
        if kind[o] in ("T?", "other") and not lines[o].after_blank and (o + 1 >= n or lines[o + 1].after_blank) \
                and len(lines[o].text.split()) <= 3 and is_org_name(lines[o].text):
            cards[k] = (lines[j].text, lines[o].text)
            kind[o] = "H"


def _read_talk_rows(lines: list[Line], ctx: _PageContext, people: list[_Person], talks: list[_Talk],
                    used: set[int]) -> None:
    """Talk-list rows ('"Title" - Event', "Title (Event 2030)", "Title — Event 2030") under one person's
    name, and '"Title" by A and B' rows of an event's page; a row the page says was not given is left out."""
    rows: list[tuple[int, tuple[str, str | None, list[str], bool], str | None]] = []  # (line, row, date)
    for k, line in enumerate(lines):
        if line.index in used or is_prose(line.text) or leading_time(line.text):
            continue
        got = parse_talk_row(line.text)
        if got:
            rows.append((k, got, None))
            continue
        dated = parse_dated_row(line.text)
        if dated:  # 'Oct 2030 · Event · "Title"'
            rows.append((k, (dated[0], dated[1], [], dated[3]), dated[2]))
    if len(rows) < 2:
        return
    subject = _subject(lines, people)
    if subject is None and rows[0][0] > 0 and name_score(lines[0].text) >= 0.4:
        subject = lines[0].text.strip()  # a page opening with a name over its talk rows
    for k, (title, event, names, given), date in rows:
        if not names and not subject:
            continue
        used.add(lines[k].index)
        if not given:
            continue
        if names:
            _add_people(people, names, k, 0.75)
            talks.append(_Talk(title, k, list(names), event, date, score=0.75))
        elif subject:  # always, given the check above
            talks.append(_Talk(title, k, [subject], event, date, score=0.75))


def _title_name_tagline(lines: list[Line], kind: list[str], names_at: dict[int, list[str]], head_of: dict[int, str]
                        ) -> set[int]:
    """Title / Name / tagline repeated line after line: the line before each name is its title, the one after its tagline."""
    ps = sorted(k for k in names_at if kind[k] == "P")
    runs: list[list[int]] = []
    for k in ps:
        if runs and k - runs[-1][-1] == 3 and not any(lines[j].after_blank for j in range(runs[-1][-1] + 1, k + 1)):
            runs[-1].append(k)
        else:
            runs.append([k])
    titles: set[int] = set()
    for run in runs:
        if len(run) < 4:
            continue
        for k in run:
            if k > 0 and kind[k - 1] in ("T?", "T", "prose", "other", "H") and len(lines[k - 1].text) <= 150:
                kind[k - 1] = "T"
                titles.add(k - 1)
            j = k + 1
            if j < len(lines) and kind[j] in ("T?", "T", "other", "H", "prose") and j + 1 < len(lines) and \
                    (j + 1 >= len(lines) or kind[j + 1] in ("T", "T?", "prose", "other", "ui") or j + 2 in run) \
                    and len(lines[j].text) <= 150:
                kind[j] = "H"
                head_of[k] = lines[j].text
    return titles


def _sentence_line(text: str) -> bool:
    """A short sentence, not a title: "12 experts spoke.", "This is where you should start."."""
    t = text.strip()
    if not t.endswith(".") or t.endswith(("..", "etc.")):
        return False
    last = re.findall(r"[^\W\d_]+", t)
    return bool(last) and last[-1].islower() and len(last[-1]) > 2 and \
        bool(re.search(r"\b(?:is|are|was|were|spoke|should|will|can|has|have|you|we|i)\b", t, re.I))


def _same(a: str, b: str) -> bool:
    from .mentions import is_same_person

    return fold(a) == fold(b) or (is_same_person(a, b) and (len(a.split()) > 1) == (len(b.split()) > 1))


def _dedupe(names: list[str]) -> list[str]:
    out: list[str] = []
    for nm in names:
        if not any(fold(nm) == fold(x) for x in out):
            out.append(nm)
    return out


def _group_after(k: int, stop: int, kind: list[str], names_at: dict[int, list[str]]) -> list[str]:
    out: list[str] = []
    started = False
    for j in range(k + 1, stop):
        if kind[j] == "P":
            out.extend(names_at[j])
            started = True
        elif kind[j] in ("H", "prose", "ui", "other", "T?") and not started:
            continue
        elif started and kind[j] not in ("H",):
            if kind[j] in ("prose",) and j + 1 < stop and kind[j + 1] == "P":
                continue
            break
    return out


def _group_before(k: int, start: int, kind: list[str], names_at: dict[int, list[str]]) -> list[str]:
    out: list[str] = []
    for j in range(start + 1, k):
        if kind[j] == "P":
            out.extend(names_at[j])
    return out


_TRANSLIT = str.maketrans({"þ": "th", "ð": "d", "æ": "ae", "ø": "o", "ł": "l", "ß": "ss", "œ": "oe", "đ": "d"})


def _tfold(text: str) -> str:
    """``fold`` with letters that have no decomposition spelled out ("Þórður" and "Thordur" agree)."""
    return fold(text).translate(_TRANSLIT)


def _sentences_about(text: list[str], name: str, everyone: list[_Person]) -> list[str]:
    """Sentences of a shared bio that speak of one of several people (by any of their names)."""
    own = {_tfold(w) for w in name.split() if len(w) > 2}
    others = {_tfold(w) for p in everyone if p.name != name for w in p.name.split() if len(w) > 2} - own
    out = []
    current = False
    for para in text:
        for sent in re.split(r"(?<=[.!?])\s+", para):
            words = set(_tfold(sent).split())
            if words & own and not words & others:
                current = True
            elif words & others and not words & own:
                current = False
            elif words & own and words & others:
                current = True
            if current:
                out.append(sent)
    return out


_OPENER = re.compile(r"^(?P<name>(?:[A-ZÀ-ÖØ-Þ][\w’'-]+\.?\s){0,3}[A-ZÀ-ÖØ-Þ][\w’'-]+)\s*(?:\([^)]*\)\s*)?(?:is|was|has|leads|works|joined|lives|runs|founded|currently|'s|’s)\b")


def _bio_openers(lines: list[Line], kind: list[str], people: list[_Person]) -> None:
    """People named at the start of bio paragraphs ("Ada Lovelace is a ...") on pages without name lines."""
    for k, line in enumerate(lines):
        if kind[k] != "prose":
            continue
        m = _OPENER.match(line.text)
        if not m:
            continue
        nm = m["name"].strip()
        score = name_score(nm)
        if score < 0.45:
            continue
        before = len(people)
        _add_people(people, [nm], k, 0.6)
        if len(people) > before:
            people[-1].score = 0.6 if len(nm.split()) > 1 else 0.5
        p = next((p for p in people if _same(p.name, nm) or fold(p.name) == fold(nm)), None)
        if p is not None:
            p.bio.append(line.text)


# ------------------------------------------------------------------------------------ prose announcements

_PERSON_RX = re.compile(r"(?<![\w-])(?P<name>[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:[- ][A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+){1,2})(?![\w-])")
_TALK_NOUN = r"(?:talk|keynote|session|workshop|presentation|tutorial|lecture|masterclass|panel)s?"
_SPEAKER_CUES = [
    re.compile(rf"^\s*(?:'s|’s)\s+(?:[\w-]+\s+){{0,2}}?{_TALK_NOUN}\b"),  # "Ada Quist's keynote"
    re.compile(rf"\b{_TALK_NOUN}\s+(?:by|from|with)\s+$"),  # before the name: "a talk by"
    re.compile(r"\b(?:meet|hear|join)\s+(?:the\s+)?(?:amazing\s+|fabulous\s+|great\s+|renowned\s+)?$", re.I),
]
_EXPLAINS = r"(?:explains?|shows?|talks?|presents?|discusses|shares|walks|covers|demonstrates|introduces|will)"


def _read_prose_speakers(lines: list[Line], people: list[_Person], talks: list[_Talk]) -> None:
    """Speakers named only in an announcement paragraph ("join Ada Quist's talk ..., or hear Bo Lind").

    A paragraph counts when at least two people in it are named with a speaker cue; then every
    full name in it is a speaker of the page. A talk without speakers whose abstract says
    "Ada explains ..." gets that person.
    """
    for k, line in enumerate(lines):
        text = line.text
        if not is_prose(text) or len(text) > 4000:
            continue
        names: list[tuple[str, bool]] = []
        for m in _PERSON_RX.finditer(text):
            nm = m["name"]
            if name_score(nm) < 0.7:
                continue
            cued = bool(_SPEAKER_CUES[0].match(text[m.end():m.end() + 40])) or \
                any(rx.search(text[max(0, m.start() - 40):m.start()]) for rx in _SPEAKER_CUES[1:])
            names.append((nm, cued))
        if sum(c for _, c in names) >= 2:
            for nm, _c in names:
                if not any(_same(nm, p.name) for p in people):
                    people.append(_Person(nm, 0.6, k))
    if not people:
        return
    for t in talks:
        if t.speakers or not t.abstract:
            continue
        body = " ".join(t.abstract)
        hits = [p.name for p in people
                if re.search(rf"\b{re.escape(p.name.split()[0])}(?:\s+{re.escape(' '.join(p.name.split()[1:]))})?\s+{_EXPLAINS}\b", body)]
        if len(hits) == 1:
            t.speakers = hits


_LINK_TALK = re.compile(r"^(?:past|previous|earlier|recent)?\s*talk(?:'s|s'|s)?\s+(?:slides?|videos?|recording)(?:\s*(?:&|and)\s*(?:slides?|videos?))?"
                        r"\s*[-–—:]\s*(?P<title>\S.{2,120}?)(?:\s+at\s+(?P<event>[A-Z][^,;()]{1,60}))?$", re.I)
_PROSE_TALK = re.compile(r"\b(?:my|a|the|his|her|their)\s+(?:talk|presentation|session)\s+at\s+(?P<event>[A-Z][\w.-]+(?:\s+[A-Z0-9][\w.-]+){0,4})"
                         r"\s+\((?P<title>[A-Z][^()]{5,100})\)")


_SPOKE_AT = re.compile(r"\bI\s+(?:spoke|presented|talked|gave\s+(?:a|my)\s+(?:talk|presentation|session))\s+at\s+(?:the\s+)?"
                       r"(?P<event>[A-Z][\w.-]*(?:\s+[A-Z0-9][\w.-]*){0,4})\b[^.\"“]{0,40}?[\"“](?P<title>[^\"”]{4,120})[\"”]")


def _read_first_person_talks(lines: list[Line], talks: list[_Talk]) -> None:
    """A personal post that never names its author: 'I spoke at Event and presented "Title"'.

    The talk takes the place of a heading that repeats its title ("Video: Title")."""
    for k, line in enumerate(lines):
        if not is_prose(line.text):
            continue
        for m in _SPOKE_AT.finditer(line.text):
            title = m["title"].strip()
            talks[:] = [t for t in talks if fold(_clean_title(t.title)[1]) != fold(title)
                        and not fold(t.title).endswith(fold(title))]
            talks.append(_Talk(title, k, [], m["event"].strip(), score=0.6))


def _read_link_talks(lines: list[Line], people: list[_Person], talks: list[_Talk], used: set[int]) -> None:
    """Talks named in link labels under a person ("Past talk slides - Title at Event") and "my talk at
    Event (Title)" in a bio: each is a talk of the person whose block holds it."""
    if not people:
        return
    starts = sorted((p.line, p.name) for p in people)
    for k, line in enumerate(lines):
        if line.index in used:
            continue
        owner = next((nm for pos, nm in reversed(starts) if pos < k), None)
        if owner is None:
            continue
        m = _LINK_TALK.match(line.text) if line.bullet or len(line.text) < 160 else None
        if m:
            talks.append(_Talk(m["title"].strip(), k, [owner], (m["event"] or "").strip() or None, score=0.7))
            used.add(line.index)
            continue
        if is_prose(line.text):
            for m in _PROSE_TALK.finditer(line.text):
                talks.append(_Talk(m["title"].strip(), k, [owner], m["event"].strip(), score=0.6))


# ------------------------------------------------------------------------------------ talk lists

_VENUE = re.compile(r"^(?:&\s*)?(?P<event>[^()&,]{2,80}?)\s*(?:\((?P<place>[^)]{1,60})\))?\s*[,&]?$")
_EVENT_COLON = re.compile(r"^(?P<event>[^:()]{2,80}?)\s*(?:\((?P<paren>[^)]*)\)|\((?P<open>[^):]*))?\s*:\s+(?P<titles>\S.+)$")
_NAME_TOKEN = r"[A-ZÀ-ÖØ-Þ][\w’'-]+\.?"
_PARTICLE = r"(?:de|da|di|del|della|der|den|van|von|la|le|du|dos|das|ten|ter|bin|al)"
_NAME_RX = rf"{_NAME_TOKEN}(?:\s+(?:{_PARTICLE}\s+)*{_NAME_TOKEN})+"
_WITH = re.compile(rf"\s+(?:with|avec|mit)\s+(?P<names>{_NAME_RX}(?:\s*(?:,|and|&|et|y|und)\s+{_NAME_RX})*)\s*$")
_DASH_BY = re.compile(rf"\s+[-–—]\s+[^-–—]{{0,40}}?\b(?:by|par|von|with|avec|mit)\s+"
                      rf"(?P<names>{_NAME_RX}(?:\s*(?:,|and|&|et|y|und)\s+{_NAME_RX})*)\s*$")
_MONTH_DAY = re.compile(r"^(?P<mon>[A-Za-z]{3})-(?P<day>\d{1,2})$")


def _read_talk_list(lines: list[Line], ctx: _PageContext, people: list[_Person], talks: list[_Talk],
                    used: set[int], budget: _Budget) -> None:
    subject = _subject(lines, people)
    found: list[_Talk] = _event_title_pairs(lines, subject, used) if subject else []
    year: int | None = None
    n = len(lines)
    hang: list[int] = []  # for each line, the last line above it that is no bullet (-1: none): what bullets hang from
    last = -1
    for x, line in enumerate(lines):
        hang.append(last)
        if not line.bullet:
            last = x
    k = 0
    while k < n and budget.spend(1):
        line = lines[k]
        t = line.text
        if line.index in used:
            k += 1
            continue
        if re.match(r"^(19|20)\d\d$", t):
            year = int(t)
            k += 1
            continue
        if t.casefold() in {"upcoming", "past", "previous"}:
            year = None
        # table rows: "May-06 <tab> Event <tab> Title"
        if len(line.cells) >= 3 and _MONTH_DAY.match(line.cells[0]) or (len(line.cells) >= 3 and re.match(r"^[A-Za-z]{3}-\d{1,2}/\d{1,2}$", line.cells[0])):
            md = _MONTH_DAY.match(line.cells[0])
            date = None
            if md and year and md["mon"][:3].casefold() in MONTHS:
                try:
                    date = dt.date(year, MONTHS[md["mon"][:3].casefold()], int(md["day"])).isoformat()
                except ValueError:
                    date = None
            title, cos = _with_names(line.cells[2])
            found.append(_Talk(title, k, [*([subject] if subject else []), *cos], line.cells[1], date, score=0.8))
            used.add(line.index)
            k += 1
            continue
        # numbered rows "1 <tab> Title by A & B" (a meetup's line-up)
        if len(line.cells) == 2 and re.fullmatch(r"\d{1,2}\.?", line.cells[0]):
            mb = re.match(r"^(?P<title>.{4,}?)\s+by\s+(?P<names>[^,]+(?:,[^,]+)*)$", line.cells[1])
            names = _by_names(mb["names"]) if mb else None
            if mb and names and is_title_like(mb["title"]):
                found.append(_Talk(mb["title"].strip(), k, names, score=0.7))
                budget.spend(len(names) * len(people))
                _add_people(people, names, k, 0.7)
                used.add(line.index)
                k += 1
                continue
        # bullets "Event (City; joint talk together with X): Title, Title"
        intro = lines[hang[k]] if line.bullet and hang[k] >= 0 else None
        in_description = intro is not None and intro.text.rstrip().endswith(":") and len(intro.text.split()) >= 5
        m = _EVENT_COLON.match(t) if line.bullet and not in_description else None
        if m and _is_event_name(m["event"]) and not is_prose(m["event"]) and not is_ui_text(m["event"] + ":") \
                and not re.match(r"^(?:slides|video|code|recording|blog|twitter|github|website|link)s?$", m["event"].strip(), re.I) \
                and "://" not in m["titles"]:
            paren = m["paren"] or ""
            cos = []
            wm = re.search(r"(?:together )?with\s+(?P<n>.+)$", paren)
            if wm:
                cos = split_names(wm["n"]) or []
            if re.search(r"\bhost\b", m["titles"], re.I) and ";" in m["titles"]:
                titles_text = m["titles"].split(";")[0]
            else:
                titles_text = m["titles"]
            for title in _split_titles(titles_text):
                found.append(_Talk(title.strip().strip('"“”'), k, [*([subject] if subject else []), *cos],
                                   m["event"].strip(), score=0.8))
            used.add(line.index)
            k += 1
            continue
        # a title followed by venue lines ("Event (Place)", "& Event (Place)") and a year line
        if not line.bullet and k + 1 < n and (is_title_like(t) and not is_prose(t) or (
                len(t) <= 110 and not t.endswith((".", ":")) and lines[k + 1].bullet and not is_ui_text(t))):
            # (a title may read like a sentence, "... It's a match!": the venue bullets under it confirm it)
            j = k + 1
            venues: list[str] = []
            dates: list[str] = []
            while j < n:
                v = lines[j].text
                if lines[j].bullet:
                    d = parse_numeric_date(v)
                    if d:
                        dates.append(d)
                        j += 1
                        continue
                    if is_ui_text(v) or re.match(r"^(?:slides|video|code|recording)\s*:", v, re.I):
                        j += 1
                        continue
                    ev = re.sub(r"\s*\(link\)\s*$", "", v, flags=re.I)
                    parts = [p.strip() for p in ev.split(",")]
                    if parts and _is_event_name(parts[0]) and not is_prose(ev):
                        venues.append(parts[-2] if len(parts) >= 3 else parts[0])
                        j += 1
                        continue
                    break
                if v.startswith("&") or (venues and v.endswith(",") is False and _venue_list(v) and lines[j - 1].text.endswith(",")) \
                        or (not venues and _venue_list(v) and j == k + 1 and "(" in v):
                    venues.extend(_venue_list(v) or [])
                    j += 1
                    continue
                if venues and lines[j - 1].text.endswith(",") and _venue_list(v):
                    venues.extend(_venue_list(v) or [])
                    j += 1
                    continue
                break
            if venues:
                if j < n and re.match(r"^(19|20)\d\d(?:,\s*(19|20)\d\d)*$", lines[j].text):
                    j += 1
                for idx, ev in enumerate(venues):
                    found.append(_Talk(_clean_title(t)[1], k, [subject] if subject else [], ev,
                                       dates[idx] if idx < len(dates) else (dates[0] if len(dates) == 1 else None),
                                       score=0.75))
                for x in range(k, j):
                    used.add(lines[x].index)
                k = j
                continue
        k += 1
    talks.extend(found)


def _by_names(text: str) -> list[str] | None:
    """"Ada & Efstratia", "Petros": names after "by" in a row; unknown single given names pass when
    capitalised and no programme word, as long as one of them is a known name."""
    got = split_names(text)
    if got:
        return got
    parts = [p.strip() for p in re.split(r"\s*(?:,|&|\band\b)\s*", text) if p.strip()]
    if not parts or len(parts) > 6:
        return None
    for p in parts:
        if not re.fullmatch(r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+){0,2}", p) or fold(p) in _NOT_NAME:
            return None
    if max(name_score(p) for p in parts) < 0.45:
        return None
    return parts


def _venue_list(text: str) -> list[str] | None:
    """"JavaOne (USA) & J-Fall (Holland)" or "JavaOne (USA)," -> events without their places."""
    if is_prose(text) or len(text) > 200:
        return None
    parts = [p.strip() for p in re.split(r"\s*&\s*|\),\s*", text.strip().strip(",")) if p.strip()]
    out = []
    for p in parts:
        p = p.strip(", ")
        if p and not p.endswith(")") and "(" in p:
            p += ")"
        m = _VENUE.match(p)
        if not m or not _is_event_name(m["event"]):
            return None
        out.append(m["event"].strip())
    return out or None


def _split_titles(text: str) -> list[str]:
    if '"' in text or "“" in text:
        return [text]
    parts = [p.strip() for p in re.split(r",\s{2,}|,\s+(?=[A-Z][a-z]+ [a-z]+.*\b[A-Z])", text) if p.strip()]
    return parts or [text]


def _with_names(title: str) -> tuple[str, list[str]]:
    title = title.strip()
    for rx in (_DASH_BY, _WITH):
        m = rx.search(title)
        if m:
            names = split_names(m["names"].strip()) or _particle_names(m["names"])
            if names:
                return title[: m.start()].strip(), names
    return title, []


def _particle_names(text: str) -> list[str] | None:
    """"María Arias de Reyna Dominguez and Rachel Yordán": names joined by lists, particles kept."""
    parts = [p.strip() for p in re.split(r"\s*(?:,|\band\b|&|\bet\b|\by\b|\bund\b)\s*", text) if p.strip()]
    if not parts or len(parts) > 6:
        return None
    for p in parts:
        core = " ".join(w for w in p.split() if not re.fullmatch(_PARTICLE, w))
        if name_score(core) < 0.4 and name_score(" ".join(core.split()[:2])) < 0.4:
            return None
    return parts


_EVENTISH = re.compile(rf"(?:\b(?:19|20)\d\d\b|\b{_EVENT_WORDS}\b)", re.I)


def _event_title_pairs(lines: list[Line], subject: str, used: set[int]) -> list[_Talk]:
    out: list[_Talk] = []
    start = next((k for k, l in enumerate(lines) if re.match(r"^(?:talks|speaking|conferences|presentations)$", l.text, re.I)), None)
    if start is None:
        return out
    k = start + 1
    while k + 1 < len(lines):
        ev, title = lines[k].text, lines[k + 1].text
        if lines[k].bullet or lines[k + 1].bullet or ":" in ev or lines[k].cells:
            k += 1
            continue
        if _EVENTISH.search(ev) and _is_event_name(ev) and is_title_like(title) and not _EVENTISH.search(title[-4:]) \
                and not title.startswith("&"):
            if title.casefold() not in {"host", "hosted", "mc", "emcee", "organiser", "organizer"}:
                out.append(_Talk(title, k + 1, [subject], ev, score=0.7))
            used.add(lines[k].index)
            used.add(lines[k + 1].index)
            k += 2
            continue
        k += 1
    return out


def _subject(lines: list[Line], people: list[_Person]) -> str | None:
    """The one person a talk-list page is about: a name line at the top, or "Talks by X"."""
    for line in lines[:4]:
        m = re.match(r"^(?:talks|presentations|speaking)\s+by\s+(?P<n>.+?)(?:\s+[-–|].*)?$", line.text, re.I)
        if m and split_names(m["n"]):
            return m["n"].strip()
    for line in lines[:3]:
        if name_score(line.text) >= 0.7:
            return line.text.strip()
    return None


# ------------------------------------------------------------------------------------ the record

def _build_record(src: SourceText, lines: list[Line], ctx: _PageContext, people: list[_Person], talks: list[_Talk],
                  settings: Settings | None, nlp: "Language | None", late: bool = False) -> ExtractionRecord:
    from .career import read_career
    from .mentions import find_mentions, is_same_person

    talks = _merge_talks(talks)
    subject = _subject(lines, people)
    if subject and talks and all(subject in t.speakers for t in talks if t.speakers):
        same = [p for p in people if _same(subject, p.name)]
        if not same:
            people.insert(0, _Person(subject, 0.8, 0))
        for p in same if len(talks) >= 2 else []:
            p.score = max(p.score, 0.8)  # a talk list's subject, whatever a line reading thought of the name
    # speakers of talks are people of the page; on one person's page co-speakers stay in the talks
    one_person = subject is not None and bool(subject) and len(talks) >= 2 and \
        sum(any(_same(subject, s) for s in t.speakers) for t in talks) >= 0.6 * len(talks)
    if one_person and subject is not None:
        people[:] = [p for p in people if _same(p.name, subject) or p.bio]
    for t in ([] if one_person else talks):
        for s in t.speakers:
            if not any(_same(s, p.name) for p in people):
                people.append(_Person(s, 0.6, t.line))
    keep = [p for p in people if p.score >= MIN_CONFIDENCE and any(c.isalpha() for c in p.name)]
    keep = _merge_people(keep)
    keep = _merge_first_names(keep)
    if not late:  # past the work budget the page-wide passes are skipped
        _attach_bio_openers(lines, keep)
    for t in talks:
        t.speakers = [_full_name(s, keep) for s in t.speakers]
    texts = ["\n".join(p.bio)[:_MAX_TEXT] for p in keep] + ["\n".join(t.abstract)[:_MAX_TEXT] for t in talks]
    read = {x for p in keep for x in p.bio} | {x for t in talks for x in t.abstract}
    rest = "" if late else \
        "\n".join(l.text for l in lines if (is_prose(l.text) or _ATTRIBUTION.match(l.text)) and l.text not in read)[:_MAX_TEXT]
    if nlp is None and (any(texts) or keep or rest):
        from .nlp import build_nlp

        nlp = build_nlp(settings)
    docs = list(nlp.pipe(texts)) if nlp is not None else []
    page_docs = list(nlp.pipe([rest])) if nlp is not None and rest and (keep or talks) else []
    for d in page_docs:
        d.user_data["field"] = "page"
    from .career import same_organisation

    out_people = []
    for p, doc in zip(keep, docs):
        doc.user_data["field"] = "bio"
        affs, edu = read_career(p.name, p.headline if p.headline and _headline_has_org(p.headline) else None,
                                "\n".join(p.bio), nlp=nlp, doc=doc)
        if p.headline and not any(a.evidence and a.evidence.text_field == "headline" for a in affs):
            extra = _headline_affiliation(p.headline)
            if extra is not None and not any(same_organisation(a.organization, extra.organization) for a in affs):
                affs.insert(0, extra)
            elif extra is not None:
                for a in affs:
                    if same_organisation(a.organization, extra.organization):
                        a.current = True
        if p.card:
            from ..records.model import Affiliation
            from .career import same_organisation

            affs = [a for a in affs if not same_organisation(a.organization, p.card[1])
                    and not fold(a.organization) in fold(p.card[0])]
            affs.insert(0, Affiliation(p.card[1], p.card[0], True, None, confidence=0.8))
        for t in talks:
            org = next((o for nm, o in t.orgs.items() if _same(nm, p.name)), None)
            if org and not any(same_organisation(a.organization, org) for a in affs):
                from ..records.model import Affiliation

                affs.append(Affiliation(org, None, True, None, confidence=0.7))  # "Title - Name (Company)"
        for a in affs:
            if a.confidence is None:
                a.confidence = round(min(p.score, a.evidence.confidence if a.evidence else 0.6), 3)
        out_people.append(Person(name=p.name, headline=p.headline, affiliations=affs, education=edu,
                                 confidence=round(p.score, 3)))
    if ctx.single_date and talks and not any(t.date for t in talks) and not one_person:
        for t in talks:
            t.date = ctx.single_date  # one evening's page: its date is every talk's date
    if ctx.title_event and not ctx.event and not one_person:
        for t in talks:
            if fold(t.title) != fold(ctx.title_event):
                t.event = t.event or ctx.title_event
    out_talks = []
    last = max((l.index for l in lines), default=-1)
    for t in talks:
        if (t.line < len(lines) and lines[t.line].index == last and _cut_off(t.title)) or \
                re.search(r"\s(?:the|of|a|an)$", t.title.strip(), re.I) or _FULL_DATE.search(t.title) or \
                (not t.speakers and not t.from_schedule and re.fullmatch(r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:19|20)\d\d", t.title)):
            continue  # the page (or a flattened grid) ends inside this title
        if not any(c.isalnum() for c in t.title):
            continue  # punctuation alone ('"' before "- Event") is no title, whichever shape read it
        if t.score < MIN_CONFIDENCE or _NOT_GIVEN.search(t.title) or \
                (t.abstract and _NOT_GIVEN.search(t.abstract[0][:120])):
            continue
        out_talks.append(Talk(title=t.title, event=t.event, date=t.date, start=t.start, end=t.end,
                              speakers=_dedupe(t.speakers), abstract="\n".join(t.abstract) or None, kind=t.kind,
                              confidence=round(t.score, 3)))
    everyone = [p.name for p in out_people] + [s for t in out_talks for s in t.speakers]
    found = find_mentions(docs + page_docs, exclude=everyone) if docs or page_docs else []
    mentions = [nm for nm, _ in found if not any(is_same_person(nm, e) for e in everyone)]
    return ExtractionRecord(source=src.path, people=out_people, talks=out_talks, mentions=mentions,
                            mention_evidence={nm: ev for nm, ev in found if nm in mentions})


_NOT_GIVEN = re.compile(r"\b(?:cancel+ed|withdrawn|not given|did not take place|was not held|never given"
                        r"|abgesagt|annulé|annulée)\b", re.I)


def _cut_off(title: str) -> bool:
    """A title the page's end cut short: a stub of a word, or ending on a joining word."""
    return len(title.strip()) <= 3 or bool(re.search(r"\b(?:the|of|and|a|an|to|in|on|for|with|from|by|or)$", title.strip(), re.I))


def _full_name(name: str, people: list[_Person]) -> str:
    """"Petros" -> "Petros Amiridis" when exactly one person of the page has that first name."""
    if len(name.split()) != 1:
        return name
    hits = [p.name for p in people if len(p.name.split()) > 1 and fold(p.name.split()[0]) == fold(name)]
    return hits[0] if len(hits) == 1 else name


_ROLE_COMMA_ORG = re.compile(r"^(?P<role>[^,@|/]{2,80}?),\s+(?P<org>(?:[A-Z0-9][\w.&'’+-]*|[a-z]{1,3}[A-Z][\w.&'’+-]*)"
                             r"(?:\s+(?:(?:of|de|for|and|the|&)\s+)?[A-Z0-9][\w.&'’+-]*){0,5}(?:\s+\([A-Z][\w.]{1,12}\))?)$")


def _headline_affiliation(headline: str):
    """A current affiliation from a lineup's role line: "Director General, Acme", or a bare "ACME"."""
    from ..records.model import Affiliation, Evidence
    from .nlp import NOT_ORG, PLACE, gazetteer_index

    text = " ".join(headline.split())
    m = _ROLE_COMMA_ORG.match(text)
    if m and is_role_line(m["role"]) and not is_role_line(m["org"]):
        org = m["org"].strip()
        hit = gazetteer_index().get(fold(org))
        if hit is None or hit[0] not in (NOT_ORG, PLACE):
            return Affiliation(org, m["role"].strip(), True, None,
                               evidence=Evidence("headline", m.start("org"), m.end("org"), "role-comma-org", 0.75),
                               confidence=0.75)
    if re.fullmatch(r"[A-Z][A-Z&]{1,7}", text):
        return Affiliation(text, None, True, None, evidence=Evidence("headline", 0, len(text), "acronym-headline", 0.6),
                           confidence=0.6)
    ro = parse_role_org(text)
    if ro:  # "Role | Company"
        at = text.rfind(ro[1])
        return Affiliation(ro[1], ro[0], True, None, evidence=Evidence("headline", at, at + len(ro[1]), "role-bar-org", 0.75),
                           confidence=0.75)
    return None


def _headline_has_org(headline: str) -> bool:
    return bool(re.search(r"@|\bat\b|,|/", headline)) or is_role_line(headline) or len(headline.split()) <= 4


def _merge_people(people: list[_Person]) -> list[_Person]:
    from .mentions import _near

    out: list[_Person] = []
    for p in people:
        same = next((q for q in out if _same(q.name, p.name) or _near(q.name, p.name)), None)
        if same is None:
            out.append(p)
            continue
        same.score = max(same.score, p.score)
        same.headline = same.headline or p.headline
        same.bio.extend(x for x in p.bio if x not in same.bio)
        if len(p.name) > len(same.name) and _same(q_name := same.name, p.name) and len(q_name.split()) == 1:
            same.name = p.name
    return out


def _attach_bio_openers(lines: list[Line], people: list[_Person]) -> None:
    """A paragraph opening with a page person's name ("Efstratia is a student ...", "Ada works at ...")
    is that person's bio, wherever the page put it (under a talk, after another person)."""
    for line in lines:
        if not is_prose(line.text):
            continue
        text = _unglue(line.text, people)
        m = _OPENER.match(text)
        if not m:
            continue
        nm = _tfold(m["name"])
        hits = [p for p in people if _tfold(p.name) == nm or (len(nm.split()) == 1 and _tfold(p.name).split()[:1] == [nm])]
        if len(hits) == 1 and text not in hits[0].bio and line.text not in hits[0].bio:
            hits[0].bio.append(text)
    for p in people:
        p.bio = [_unglue(x, people) for x in p.bio]


def _unglue(text: str, people: list[_Person]) -> str:
    """"Casey Wattsstudied at ..." -> "Casey Watts studied at ...": a page name glued to the next word."""
    for p in people:
        if len(p.name) > 3 and p.name in text:
            text = re.sub(re.escape(p.name) + r"(?=[a-zà-ÿ]{2})", p.name + " ", text)
    return text


def _merge_first_names(people: list[_Person]) -> list[_Person]:
    """"Petros" and "Petros Amiridis" on one page: the first name alone is that person when exactly one
    full name of the page starts with it."""
    out: list[_Person] = []
    for p in people:
        if len(p.name.split()) == 1:
            full = [q for q in people if len(q.name.split()) > 1 and fold(q.name.split()[0]) == fold(p.name)]
            if len(full) == 1:
                full[0].bio.extend(x for x in p.bio if x not in full[0].bio)
                full[0].headline = full[0].headline or p.headline
                continue
        out.append(p)
    return out


def _merge_talks(talks: list[_Talk]) -> list[_Talk]:
    """One entry per occurrence: a title read twice (timetable and details) is merged."""
    out: list[_Talk] = []
    for t in talks:
        same = next((o for o in out if fold(o.title) == fold(t.title) and (o.event or None) == (t.event or None)
                     and (o.date == t.date or not o.date or not t.date) and (o.from_schedule != t.from_schedule)), None)
        if same is None:
            out.append(t)
            continue
        same.speakers = same.speakers or t.speakers
        same.start, same.end = same.start or t.start, same.end or t.end
        same.date = same.date or t.date
        same.abstract = same.abstract or t.abstract
        same.score = max(same.score, t.score)
    return out
