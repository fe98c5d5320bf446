"""Reading a plain-text speaker page (name, headline, bio, past talks) by its layout."""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TypedDict

from ..errors import RecordError
from ..keys import NAME_PARTICLES, fold_key
from .pages import Activity, SpeakerPage
from .sources import SourceText

__all__ = ["parse_speaker_text", "parse_activity_lines", "fill_description", "parse_when", "parse_date",
           "split_slash_names", "is_name_like", "is_activity_header"]

log = logging.getLogger(__name__)

# --- what a line can be -------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_DATE_FORMS = (
    re.compile(rf"^(?:[A-Za-z]{{3,9}},?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^(?:[A-Za-z]{{3,9}},?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$"),
    re.compile(r"^(?P<year>\d{4})-(?P<num>\d{2})-(?P<day>\d{2})$"),
)
_CLOCK = r"(\d{1,2})[.:h](\d{2})\s*([ap]\.?m\.?)?"
_SLOT = re.compile(rf"(?:^|\s){_CLOCK}\s*(?:-|–|—|to)\s*{_CLOCK}$", re.IGNORECASE)
_WHEN_GLUE = " \t,|·•@-–—"

# "Past Activities", "Past conferences", "Talks", "Upcoming sessions"...
_ACTIVITY_HEADER = re.compile(
    r"^(?:(?:past|previous|recent|upcoming|all|my|featured)\s+)?"
    r"(?:activities|conferences|talks|sessions|events|presentations|appearances|speaking"
    r"|talks\s*(?:&|and)\s*workshops)\s*:?$", re.IGNORECASE)
# Where the talk list ends: a media gallery ("Media", "Articles: 1", "Videos: 2").
_MEDIA = re.compile(r"^(?:media|(?:articles|videos|slides|podcasts|photos)\s*:\s*\d+)$", re.IGNORECASE)
# Link and button texts a scrape leaves behind; "Conference" only right after "Back to".
_NOISE = re.compile(r"^(?:back to|videos?(?:\s*(?:&|and)\s*slides?)?|slides?|show talk|read more|watch(?: video)?"
                    r"|/{2,})$", re.IGNORECASE)
_URL_LINE = re.compile(r"^(?:url\s*:\s*)?(https?://\S+)$", re.IGNORECASE)
_KIND = re.compile(r"^(?P<kind>[A-Za-z][A-Za-z -]{1,30}?)\s*/$")
_KNOWN_KINDS = re.compile(r"^(training|tutorial|workshop|keynote|talk|panel|lightning talk|masterclass)$",
                          re.IGNORECASE)
_HASHTAG = re.compile(r"^#(?P<tag>[^\s#].{0,58})$")

# Section labels inside a talk description.
_KNOWN_LABEL = re.compile(
    r"^(?P<label>(?:(?:talk|training|learning|course|session|key)\s+)?objectives?|(?:target\s+)?audience"
    r"|prerequisites?|(?:key\s+)?takeaways?|outline|level)\s*:?$", re.IGNORECASE)
_INLINE_LABEL = re.compile(
    r"^(?P<label>(?:(?:talk|training|learning|course|session)\s+)?objectives?|(?:target\s+)?audience"
    r"|prerequisites?|(?:talk|session)\s+level|level)\s*:\s*(?P<body>\S.*)$", re.IGNORECASE)
_UPPER_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:]{2,59}?)\s*(?::\s*(?P<body>.*))?$")
_BULLET = re.compile(r"^\s*(?:[-*•·‣◦–]|\d{1,2}[.)])\s+")



def _clean(line: str) -> str:
    """Trim and collapse whitespace (tabs and no-break spaces included)."""
    return " ".join(line.split())


def parse_date(text: str) -> str | None:
    """An ISO date from "28 Feb 2019", "February 28, 2019" or "2019-02-28"; None otherwise."""
    text = _clean(text)
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        groups = m.groupdict()
        month = int(groups["num"]) if groups.get("num") else _MONTHS.get(groups["mon"][:3].casefold())
        day, year = int(m["day"]), int(m["year"])
        if month and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _clock(hour: str, minute: str, meridiem: str | None) -> str | None:
    h, m = int(hour), int(minute)
    if meridiem:
        pm = meridiem.lower().startswith("p")
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if pm else 0)
    if h > 23 or m > 59:
        return None
    return f"{h:02d}:{m:02d}"


def parse_when(text: str) -> tuple[str | None, str | None, str | None] | None:
    """(date, start, end) from a line that holds only a date, a time slot, or both; else None."""
    text = _clean(text)
    if not text:
        return None
    start = end = None
    m = _SLOT.search(text)
    if m:
        a_mer, b_mer = m.group(3), m.group(6)
        start = _clock(m.group(1), m.group(2), a_mer or b_mer)
        end = _clock(m.group(4), m.group(5), b_mer)
        if start is None or end is None:
            return None
        text = text[: m.start()].strip(_WHEN_GLUE)
        if not text:
            return None, start, end
    date = parse_date(text)
    if date is None:
        return None
    return date, start, end


def split_slash_names(line: str) -> list[str]:
    """Names from a "A / B" line: split on "/", whitespace collapsed, empties dropped."""
    return [n for n in (_clean(part) for part in line.split("/")) if n]


def is_name_like(text: str) -> bool:
    """A person's (or organisation's) name: a few capitalised words, no sentence punctuation."""
    words = _clean(text).split()
    if not 1 <= len(words) <= 7 or text.rstrip()[-1:] in ".,;:!?" or any(c.isdigit() for c in text):
        return False
    if "://" in text or "@" in text:
        return False
    capitalised = 0
    for w in words:
        core = w.strip("\"'“”‘’()")
        if not core:
            return False
        if core[0].isupper():
            capitalised += 1
        elif core.casefold() not in NAME_PARTICLES:
            return False
    return capitalised >= 1


def _label_of(line: str) -> tuple[str, str | None] | None:
    """(upper-case label, inline body or None) when ``line`` opens a labelled section."""
    m = _KNOWN_LABEL.match(line)
    if m:
        return _clean(m["label"]).upper(), None
    m = _INLINE_LABEL.match(line)
    if m:
        return _clean(m["label"]).upper(), m["body"].strip()
    m = _UPPER_LABEL.match(line)
    if m is None:
        return None
    label = m["label"]
    # An upper-case heading: "PREREQUISITES", "THIS TALK IN THREE WORDS", "TALK LEVEL: Intermediate".
    if (any(c.islower() for c in label) or sum(c.isalpha() for c in label) < 4 or len(label.split()) > 8
            or label.endswith((".", ",", ";"))):
        return None
    return _clean(label).upper(), (m["body"] or "").strip() or None


# --- the page -----------------------------------------------------------------------------------

def parse_speaker_text(src: SourceText) -> SpeakerPage:
    """Read a plain-text speaker page: name, headline, bio, then its list of talks.

    The page is read by layout, not by site: an optional ``URL:`` line, a name line, a short
    headline line, bio paragraphs, an optional "Past Activities"-style heading, then activity
    blocks anchored on their date/time lines (``[speakers] / event / [kind/] / date / time / title
    / description``). A media gallery ("Media", "Articles: 1") ends the list.

    Parameters
    ----------
    src : SourceText
        The decoded file.

    Returns
    -------
    SpeakerPage

    Raises
    ------
    RecordError
        When no name line can be found, naming the file and the line looked at.
    """
    lines = src.text.split("\n")
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if not nonblank:
        raise RecordError("no text on the page", record=src.path)
    pos = 0
    url = None
    m = _URL_LINE.match(lines[nonblank[0]].strip())
    if m:
        url, pos = m.group(1), 1
    if pos >= len(nonblank):
        raise RecordError("no name line found: the page holds only a URL", record=src.path, line=nonblank[0] + 1)
    name_idx = nonblank[pos]
    name = _clean(lines[name_idx])
    if not is_name_like(name) or parse_when(name) or _ACTIVITY_HEADER.match(name):
        shown = name if len(name) <= 60 else name[:57] + "..."
        raise RecordError(f"no name line found: the first line {shown!r} does not look like a person's name",
                          record=src.path, line=name_idx + 1)
    if pos + 1 >= len(nonblank):
        raise RecordError(f"nothing follows the name line {name!r}: no headline, bio or talks",
                          record=src.path, line=name_idx + 1)

    header = next((i for i in nonblank[pos + 1:] if _ACTIVITY_HEADER.match(_clean(lines[i]))), None)
    region_start = header + 1 if header is not None else name_idx + 1
    activities, first_block = parse_activity_lines(lines, region_start, name=name, record=src.path)
    bio_end = header if header is not None else (first_block if first_block is not None else len(lines))
    if header is None and first_block is None:
        bio_end = next((i for i in nonblank if i > name_idx and _MEDIA.match(_clean(lines[i]))), len(lines))

    intro = [i for i in nonblank if name_idx < i < bio_end]
    headline = None
    if intro and _is_headline(lines[intro[0]], name):
        headline = _clean(lines[intro[0]])
        intro = intro[1:]
    bio = "\n".join(_clean(lines[i]) for i in intro)
    if headline is None and not bio and not activities:
        raise RecordError(f"nothing recognisable follows the name line {name!r}", record=src.path,
                          line=name_idx + 1)
    return SpeakerPage(source=src.path, name=name, headline=headline, bio=bio, url=url,
                       activities=activities, layout="text")


def is_activity_header(line: str) -> bool:
    """True for a talk-list heading such as "Past Activities" or "Past conferences"."""
    return _ACTIVITY_HEADER.match(_clean(line)) is not None


def _is_headline(line: str, name: str) -> bool:
    """A short line under the name; not the bio's first sentence about the person."""
    text = _clean(line)
    if not text or len(text) > 160 or parse_when(text) or _MEDIA.match(text):
        return False
    words = [w.strip(",.;:").casefold() for w in text.split()]
    first = name.split()[0].casefold()
    # "Maxim is a software engineer ..." or "She has ..." opens a bio; it is not a headline.
    return not (words[0] in (first, fold_key(name), "he", "she", "they") and len(words) > 4
                and (text.endswith((".", "!")) or len(text) > 100))


# --- the talk list ------------------------------------------------------------------------------

class _HeaderFields(TypedDict):
    """The :class:`Activity` fields an activity's header lines give (the title and line come apart)."""

    date: str | None
    start: str | None
    end: str | None
    kind: str | None
    event: str | None
    speakers: list[str]


def parse_activity_lines(lines: Sequence[str], start: int = 0, *, name: str,
                         record: str) -> tuple[list[Activity], int | None]:
    """Find activity blocks in ``lines[start:]`` by their date/time lines.

    Returns the activities and the index of the first block's first line (None if no block).
    Blocks end where the next one starts; a media gallery ("Media", "Videos: 2") ends the list.
    """
    clean = [_clean(line) for line in lines]
    end = next((i for i in range(start, len(clean)) if _MEDIA.match(clean[i])), len(clean))
    nonblank = [i for i in range(start, end) if clean[i]]

    headers: list[tuple[int, int, _HeaderFields]] = []  # (first line, title line, fields)
    k = 0
    floor = start  # a header may not reach back over the previous block's title
    while k < len(nonblank):
        i = nonblank[k]
        when = parse_when(clean[i])
        if when is None:
            k += 1
            continue
        date, t0, t1 = when
        last = k  # absorb a second when-line ("28 Feb 2019" then "13.50 - 14.35")
        while last + 1 < len(nonblank) and (more := parse_when(clean[nonblank[last + 1]])) is not None:
            date = date or more[0]
            t0, t1 = t0 or more[1], t1 or more[2]
            last += 1
        after = last + 1
        while after < len(nonblank) and _NOISE.match(clean[nonblank[after]]):
            after += 1
        if after >= len(nonblank):
            log.info("%s:%d: date/time line with no title after it", record, i + 1)
            break
        fields: _HeaderFields = {"date": date, "start": t0, "end": t1, "kind": None, "event": None, "speakers": []}
        back = [j for j in nonblank[:k] if j >= floor]
        if back and (kind := _KIND.match(clean[back[-1]])) and _KNOWN_KINDS.match(kind["kind"]):
            fields["kind"] = kind["kind"].strip().capitalize()
            back.pop()
        first = i if fields["kind"] is None else nonblank[nonblank.index(i) - 1]
        if back and not _ACTIVITY_HEADER.match(clean[back[-1]]):
            fields["event"] = clean[back[-1]]
            first = back.pop()
            if back and _is_speakers_line(clean, back[-1], name, start):
                fields["speakers"] = split_slash_names(clean[back[-1]])
                first = back.pop()
        title_idx = nonblank[after]
        headers.append((first, title_idx, fields))
        floor = title_idx + 1
        k = after + 1

    activities = []
    for n, (first, title_idx, fields) in enumerate(headers):
        body_end = headers[n + 1][0] if n + 1 < len(headers) else end
        act = Activity(title=clean[title_idx], line=first + 1, **fields)
        fill_description(act, lines[title_idx + 1: body_end])
        activities.append(act)
    return activities, (headers[0][0] if headers else None)


def _is_speakers_line(clean: Sequence[str], idx: int, name: str, start: int) -> bool:
    """The line above an event line lists the speakers when it names the subject, or when it is a
    list of names standing on its own (after a blank line, a button text or the list heading)."""
    parts = split_slash_names(clean[idx])
    if not parts:
        return False
    subject = fold_key(name)
    if any(fold_key(p) == subject for p in parts):
        return True
    if not all(is_name_like(p) for p in parts):
        return False
    prev = idx - 1
    return (prev < start or not clean[prev] or _NOISE.match(clean[prev]) is not None
            or clean[prev].casefold() == "conference" or _ACTIVITY_HEADER.match(clean[prev]) is not None)


def fill_description(act: Activity, raw: Sequence[str]) -> None:
    """Fill abstract, audience, objectives, sections and tags from the lines under a title.

    Hashtag lines ("#Tools") are added to ``act.tags``; the first tag is the track.
    """
    kept: list[str] = []  # cleaned lines, "" for blank
    previous = ""
    for line in raw:
        text = _clean(line)
        if _NOISE.match(text) or (text.casefold() == "conference" and previous.casefold() == "back to"):
            previous = text
            continue
        previous = text
        m = _HASHTAG.match(text)
        if m:
            act.tags.append(m["tag"].strip())
            continue
        kept.append(text)
    act.track = act.tags[0] if act.tags else None
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)

    abstract: list[str] = []
    current: str | None = None
    bodies: dict[str, list[str]] = {}
    order: list[str] = []
    for text in kept:
        label = _label_of(text) if text else None
        if label is not None:
            current, inline = label
            if current not in bodies:
                bodies[current] = []
                order.append(current)
            if inline:
                bodies[current].append(inline)
            continue
        if current is None:
            abstract.append(text)
        elif text:
            bodies[current].append(text)

    if not order:  # no labels: sections may be paragraph groups split by two or more blank lines
        groups = _blank_groups(abstract)
        abstract = groups[0] if groups else []
        rest = groups[1:]
        if len(rest) >= 2:
            for group in rest[:-1]:
                bodies.setdefault("OBJECTIVES", []).extend(group)
            bodies["AUDIENCE"] = list(rest[-1])
            order = list(bodies)
        elif rest:
            bodies["UNLABELLED"] = list(rest[0])
            order = ["UNLABELLED"]

    act.abstract = "\n".join(t for t in abstract if t)
    audience: list[str] = []
    for heading in order:
        body = bodies[heading]
        if "OBJECTIVE" in heading:
            act.objectives.extend(_BULLET.sub("", t).strip() for t in body if _BULLET.sub("", t).strip())
        elif "AUDIENCE" in heading:
            audience.extend(body)
        else:
            act.sections[heading] = "\n".join(body)
    act.audience = "\n".join(audience) or None


def _blank_groups(lines: Sequence[str]) -> list[list[str]]:
    """Split at runs of two or more blank lines (single blanks only separate paragraphs)."""
    groups: list[list[str]] = [[]]
    blanks = 0
    for text in lines:
        if not text:
            blanks += 1
            continue
        if blanks >= 2 and groups[-1]:
            groups.append([])
        blanks = 0
        groups[-1].append(text)
    return [g for g in groups if g]
