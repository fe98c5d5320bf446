"""What one line of a conference page can be: a person's name, a time slot, a day heading, a title, prose, UI text.

Every test here describes a *shape* of text (capitalised words with a known given name, a
12- or 24-hour clock, a weekday heading), never a site. The page reader
(``extract/page_reader.py``) assembles these line readings into people and talks.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from ..keys import NAME_PARTICLES, fold_key

__all__ = ["Line", "clean_line", "split_lines", "name_score", "split_names", "parse_clock_range",
           "leading_time", "parse_day_heading", "heading_date", "parse_numeric_date", "is_prose", "is_title_like",
           "is_ui_text", "is_generic_slot", "given_names", "strip_label", "MONTHS", "is_role_line"]

# Bidi controls, zero-width characters and other format characters a page may carry.
# Invisible bidi and format controls (Cf): dropped from lines, reported by the pipeline as a repair.
FORMAT_CONTROLS = _FORMAT = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")
_BULLET = re.compile(r"^(?:[-*•·‣◦▪►–—]|\d{1,2}[.)])\s+")
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U0001F1E6-\U0001F1FF\uFE0F\u200d]+")

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_WEEKDAYS = {d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))}
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
             r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"


@dataclass
class Line:
    """One non-blank line of a page: its index, text without bullet/emoji, and whether a blank line precedes it."""

    index: int
    text: str
    bullet: bool = False
    after_blank: bool = False
    cells: tuple[str, ...] = ()
    kind: str = "text"  # what the document tree says the line is ("heading", "item", "row"...): extract.line_hints
    level: int = 0  # heading level 1-6, list depth


def clean_line(raw: str) -> str:
    """Trim and collapse whitespace, drop bidi/format controls and emoji."""
    raw = _FORMAT.sub("", raw)
    raw = _EMOJI.sub(" ", raw)
    return " ".join(raw.split())


def split_lines(text: str, *, max_lines: int, max_line_chars: int) -> list[Line]:
    """The page's non-blank lines (at most ``max_lines``, each cut at ``max_line_chars``)."""
    raw_lines: list[tuple[int, str, bool, bool, tuple[str, ...]]] = []
    blank = True
    for n, raw in enumerate(text.split("\n")):
        if len(raw_lines) >= max_lines * 2:
            break
        raw = raw[:max_line_chars]
        cells = tuple(c for c in (clean_line(c) for c in raw.split("\t")) if c) if "\t" in raw else ()
        text_ = clean_line(raw)
        if not text_:
            blank = True
            continue
        bullet = bool(_BULLET.match(text_)) and not leading_time(text_)
        if bullet:
            text_ = _BULLET.sub("", text_, count=1).strip()
        if not text_:
            blank = True
            continue
        raw_lines.append((n, text_, bullet, blank, cells))
        blank = False
    out: list[Line] = []
    joined_last = False
    for i, (n, text_, bullet, blank, cells) in enumerate(raw_lines):
        if len(out) >= max_lines:
            break
        prev = out[-1] if out else None
        if prev is not None and not blank and not bullet and not cells and not prev.cells and len(prev.text) >= 55 \
                and len(prev.text) < 2000 and not prev.text.endswith((":", ".", "!", "?")) and "://" not in prev.text \
                and (text_[:1].islower() or prev.text[-1:].islower() or prev.text.endswith(",")) and len(text_) >= 20 \
                and not leading_time(text_) and (joined_last or not _in_short_list(raw_lines, i)) \
                and not (len(text_) <= 80 and _only_names(text_)) and not _name_role_line(text_):
            prev.text = f"{prev.text} {text_}"  # a hard-wrapped paragraph
            joined_last = True
            continue
        joined_last = False
        out.append(Line(n, text_, bullet, blank, cells))
    return out


def _name_role_line(text: str) -> bool:
    """A "Name, Role at Org" line: a lineup entry of its own, never a wrapped paragraph's tail."""
    from .page_shapes import parse_name_role

    return len(text) <= 160 and parse_name_role(text) is not None


def _only_names(text: str) -> bool:
    """A line that is only people's names ("Ada Quist and Bo Lind"), never a wrapped paragraph's tail."""
    got = split_names(text)
    return got is not None and bool(got) and max(name_score(n) for n in got) >= 0.7


def _in_short_list(raw_lines: list[tuple[int, str, bool, bool, tuple[str, ...]]], i: int) -> bool:
    """Line ``i - 1`` stands between short lines with no blank around: a list item, not a wrapped paragraph."""
    before = raw_lines[i - 2] if i >= 2 else None
    after = raw_lines[i + 1] if i + 1 < len(raw_lines) else None
    return before is not None and after is not None and not raw_lines[i - 1][3] and not after[3] \
        and len(before[1]) < 40 and len(after[1]) < 40


# --- names ----------------------------------------------------------------------------------------

_PARTICLES = NAME_PARTICLES
_HONORIFIC = {"dr.", "dr", "prof.", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "mr", "mrs", "ms"}

# Words that are never part of a person's name on a page: headings, navigation, buttons, banners,
# programme vocabulary. Compared case-folded.
_NOT_NAME_WORDS = frozenset("""
home about blog news contact menu login logout sign register registration tickets ticket sponsors sponsor
speakers speaker schedule agenda programme program sessions session talks talk keynote keynotes workshop
workshops tutorial conference conferences summit meetup meetups day days track tracks room lunch break
breakfast dinner coffee tea snacks party welcome opening closing remarks details more info video videos slides
community team code conduct privacy policy cookie cookies accept decline settings terms subscribe newsletter
search share follow email mail download watch next previous loading events event venue
location map faq help support partners partner supported featured hosted other past upcoming archive
category categories tag tags date time title venue year call papers cfp submit proposal proposals
gallery photos media press jobs careers shop store cart checkout account profile dashboard admin
panel panelists panelist moderator host hosts hosted organizers organisers organizer organiser volunteers
keynote lightning open space unconference announcements intro introduction overview summary resources
networking luncheon reception drinks refreshments
bio biography abstract description level beginner intermediate advanced online virtual live stream
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december today tomorrow morning afternoon evening night
the a an of and or for to in on at by with from into over under your our my their his her its this that
these those is are was were be been will can new all any every each no not yes you we they it i
inc ltd llc gmbh corp company university college school institute foundation group labs lab
ruby rails python java javascript rust go golang clojure scala kotlin swift php perl erlang elixir haskell
linux windows android ios cloud data web app apps api software hardware developer developers engineering
devops agile security design test testing performance quarkus camel kafka docker kubernetes
thanks thank sold out free price prices buy now here click learn explore discover join
copyright rights reserved powered built made
engineer engineers architect principal staff senior junior lead head chief officer director manager founder
cofounder co-founder ceo cto cfo coo vp president consultant developer advocate evangelist designer scientist
researcher professor lecturer student author editor chair owner partner fellow analyst specialist maintainer
creator intern freelance freelancer independent general minister member board
systems system solutions technologies technology tech digital media studio studios network networks global local
international national services consulting software ventures capital holdings industries agency works
""".split())


@cache
def given_names() -> frozenset[str]:
    """Given names from the two gazetteers (first_names.json and given_names_more.json)."""
    from .nlp import load_gazetteer

    return frozenset(load_gazetteer("first_names")["names"]) | frozenset(load_gazetteer("given_names_more")["names"])


def _is_given(token: str) -> bool:
    names = given_names()
    core = token.strip("\"'“”‘’()")
    if core in names:
        return True
    folded = core[:1].upper() + core[1:].lower() if core.isupper() and len(core) > 2 else core
    return folded in names or folded.split("-")[0] in names


_TOKEN = re.compile(r"^(?:[^\W\d_][^\W\d_'’.\-]*(?:['’\-][^\W\d_]+)*\.?|[^\W\d_]\.)$")
_NICK = re.compile(r"^[\"“'‘][^\W\d_][^\W\d_ ]*[\"”'’]$")


def name_score(text: str) -> float:
    """How much ``text`` looks like a person's name alone on a line (0: not at all .. 1).

    A name is one to five capitalised words (particles such as "van", initials, a quoted
    nickname and an honorific allowed), none of them heading, UI or programme vocabulary,
    with no digit or sentence punctuation. A given name from the gazetteer first (or
    second, after an initial) makes it likely; capitalised words alone make it possible.
    """
    text = text.strip()
    if not text or len(text) > 60 or not any(c.isalpha() for c in text):
        return 0.0
    if any(c.isdigit() for c in text) or any(c in text for c in ":;!?@#/|()[]{}<>=+*&,\t…") or "://" in text:
        return 0.0
    if text.endswith((".", ",")) and not re.search(r"\b[A-Z]\.$", text):
        return 0.0
    words = text.split()
    if words and words[0].casefold() in _HONORIFIC:
        words = words[1:]
        if not words:
            return 0.0
        honorific = True
    else:
        honorific = False
    if not 1 <= len(words) <= 5:
        return 0.0
    caps = 0
    for w in words:
        if _NICK.match(w):
            continue
        if w.casefold() in _PARTICLES:
            continue
        if not _TOKEN.match(w) or not w[0].isupper() or re.search(r"[a-z\u00df-\u00ff]{4,}[A-Z]", w):
            return 0.0
        core = w.strip(".")
        if core.casefold() in _NOT_NAME_WORDS or core.casefold().strip("'’s") in _NOT_NAME_WORDS:
            return 0.0
        if len(core) > 2 and core.isupper():  # acronyms: "AT", "NPR", "CEO"
            return 0.0
        caps += 1
    if caps == 0:
        return 0.0
    firsts = [w for w in words if not _NICK.match(w) and not re.match(r"^[^\W\d_]\.$", w)]
    if not firsts:
        return 0.0
    given = _is_given(firsts[0])
    if len(words) == 1:
        return 0.45 if given or honorific else 0.0  # "Harry", "Dr. Opiyo"
    if given:
        return 0.9 if len(words) <= 4 else 0.7
    if honorific:
        return 0.7
    return 0.4 if len(words) <= 3 else 0.2


_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*|\s+y\s+|\s+und\s+|\s+et\s+)\s*")


def split_names(text: str, *, floor: float = 0.4) -> list[str] | None:
    """The names in "A", "A, B and C", "A & B" when every part is a name; else None."""
    text = text.strip().strip(".")
    if not text or len(text) > 300:
        return None
    parts = [p for p in _LIST_SPLIT.split(text) if p]
    if not parts or len(parts) > 12:
        return None
    scores = [name_score(p) for p in parts]
    if min(scores) < min(floor, 0.4) or max(scores) < floor:
        return None
    if len(parts) > 1 and min(scores) < 0.4:
        return None
    return parts


# --- times and dates ------------------------------------------------------------------------------

_CLOCK = r"(?P<{p}h>\d{{1,2}})(?:[:.h](?P<{p}m>\d{{2}}))?\s*(?P<{p}x>[ap]\.?\s?m\.?)?"
_ZONE = r"(?-i:\s*\(?(?:[A-Z]{2,4}T|UTC|GMT|CET|CEST|EET|EEST|WET|WEST|IST|JST|AEST|AEDT|PST|PDT|EST|EDT|CST|CDT|MST|MDT|BST)(?:[+-]\d{1,2})?\)?)?"
_RANGE = re.compile(
    "^" + _CLOCK.format(p="a") + _ZONE + r"(?:\s*(?:-|–|—|to|until|bis)\s*(?:" + _CLOCK.format(p="b") + r"|\.\.\.|\?\?:\?\?)"
    + _ZONE + r")?(?=$|[\s,;)|–—-])", re.IGNORECASE)
_DAY_PREFIX = re.compile(rf"^(?:(?P<dd>\d{{1,2}})[./](?P<mm>\d{{1,2}})\.?\s+)?(?:{_WEEKDAY_RE},?\s+)?", re.IGNORECASE)


def _clock(h: str, m: str | None, mer: str | None) -> str | None:
    hh, mm = int(h), int(m or 0)
    if mer:
        if not 1 <= hh <= 12:
            return None
        hh = hh % 12 + (12 if mer.lower().startswith("p") else 0)
    if hh > 23 or mm > 59:
        return None
    return f"{hh:02d}:{mm:02d}"


def parse_clock_range(text: str) -> tuple[str, str | None, int] | None:
    """(start, end or None, characters used) for a clock or clock range at the start of ``text``.

    "9:00", "09.30", "9am", "1:30pm - 5:00pm", "8:00-8:50", "06:00 PM CEST", "9am-12pm".
    A bare number is not a time: it needs minutes or am/pm.
    """
    m = _RANGE.match(text)
    if not m:
        return None
    if m["am"] is None and m["ax"] is None:
        return None
    if m["bh"] is not None and m["bm"] is None and m["bx"] is None:
        return None
    a_mer, b_mer = m["ax"], m["bx"]
    start = _clock(m["ah"], m["am"], a_mer or (b_mer if m["bh"] is not None and int(m["ah"]) <= 12 else None))
    if a_mer is None and b_mer is not None and m["bh"] is not None and start is not None:
        # "11:30 - 1:00pm": start takes the end's half of the day unless that puts it after the end.
        end_guess = _clock(m["bh"], m["bm"], b_mer)
        if end_guess and start > end_guess:
            start = _clock(m["ah"], m["am"], "am")
    end = _clock(m["bh"], m["bm"], b_mer) if m["bh"] is not None else None
    if start is None:
        return None
    return start, end, m.end()


def leading_time(text: str) -> tuple[str, str | None, str, str | None] | None:
    """(start, end, rest of line, "DD.MM" prefix or None) when a line opens with a clock or range."""
    body = text.lstrip("-–•* ").strip()
    pre = _DAY_PREFIX.match(body)
    day = None
    if pre and pre.group(0):
        if pre["dd"]:
            day = f"{int(pre['dd']):02d}.{int(pre['mm']):02d}"
        body = body[pre.end():]
    got = parse_clock_range(body)
    if got is None and day is not None:
        # "08.00 Room": the "DD.MM" prefix was the clock itself
        day, body = None, text.lstrip("-–•* ").strip()
        got = parse_clock_range(body)
    if got is None:
        return None
    start, end, used = got
    rest = body[used:].strip()
    rest = re.sub(r"^(?:[-–—|:,]\s*)+", "", rest).strip()
    return start, end, rest, day


_DAY_HEADING = re.compile(
    rf"^(?P<wd>{_WEEKDAY_RE})(?:,?\s+(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?P<m1>{_MONTH_RE})|(?P<m2>{_MONTH_RE})\s+"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d3>\d{{1,2}})(?:st|nd|rd|th)))?,?(?:\s+(?P<y>\d{{4}}))?"
    r"(?:\s*[-–:@]\s*.{0,40})?$", re.IGNORECASE)
_DATE_HEADING = re.compile(
    rf"^(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?P<m1>{_MONTH_RE})|(?P<m2>{_MONTH_RE})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?),?"
    r"\s+(?P<y>\d{4})$", re.IGNORECASE)


def parse_day_heading(text: str) -> tuple[int | None, int | None, int | None, int | None] | None:
    """(weekday 0-6 or None, day, month, year) for "Monday", "Friday, May 8", "Friday 25th January 2019",
    "Monday 14th", "15 October 2020"; None when the line is not a day heading."""
    if len(text) > 60:
        return None
    m = _DAY_HEADING.match(text)
    if m:
        wd = _WEEKDAYS.get(m["wd"][:3].casefold())
        day = m["d1"] or m["d2"] or m["d3"]
        mon = m["m1"] or m["m2"]
        return (wd, int(day) if day else None, MONTHS.get(mon[:3].casefold()) if mon else None,
                int(m["y"]) if m["y"] else None)
    m = _DATE_HEADING.match(text)
    if m:
        mon = m["m1"] or m["m2"]
        return None, int(m["d1"] or m["d2"]), MONTHS[mon[:3].casefold()], int(m["y"])
    return None


def heading_date(heading: tuple[int | None, int | None, int | None, int | None], year: int | None) -> str | None:
    """The ISO date of a :func:`parse_day_heading` result, ``year`` standing in for a missing one.

    None when day, month or year is missing, the date does not exist, or it is not the weekday
    the heading names ("Tuesday 5 March 2030" where 5 March is a Wednesday).
    """
    wd, day, month, heading_year = heading
    year = heading_year or year
    if not (day and month and year):
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date.isoformat() if wd is None or date.weekday() == wd else None


_NUMERIC_DATE = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$|^(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2})$")


def parse_numeric_date(text: str) -> str | None:
    """ISO date from "08.10.2020" or "2020-10-08" standing alone; None otherwise."""
    m = _NUMERIC_DATE.match(text.strip())
    if not m:
        return None
    y, mo, d = (int(m["y"]), int(m["m"]), int(m["d"])) if m["y"] else (int(m["y2"]), int(m["m2"]), int(m["d2"]))
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


# --- titles, prose, UI text -------------------------------------------------------------------------

def is_prose(text: str) -> bool:
    """Running text: a long line, or sentences (a full stop inside or at the end of many words)."""
    if re.match(r"^(?:description |abstract |details |bio )?(?:coming soon|tba|tbd|to be announced)[.!]*$", text.strip(), re.I):
        return True
    words = text.split()
    if len(text) > 160 or len(words) > 24:
        return True
    if len(words) >= 8 and text.endswith((".", "…")) and not text.endswith("..."):
        return True
    if len(words) >= 12 and text.endswith("!"):  # shorter exclamations are often titles ("... Your Code!")
        return True
    if len(words) >= 10 and text.endswith("?"):
        return True
    if len(words) >= 12 and re.search(r"[a-z]{2}[.!] [A-Z]", text):
        return True
    return False


_UI = re.compile(
    r"^(?:home|about(?: us)?|blog|news|contact(?: us)?|menu|log ?in|log ?out|sign (?:in|up)|register(?: now)?|tickets?"
    r"|buy tickets?|get tickets?|sponsors?|partners?|speakers?|schedule|agenda|program(?:me)?|sessions?|talks?"
    r"|workshops?|venue|location|faq|code of conduct|privacy(?: policy)?|terms.*|imprint|impressum|legal"
    r"|cookie.*|accept.*|decline|reject.*|settings|subscribe.*|newsletter|search|share|follow us.*|email me"
    r"|read more|more info.*|learn more|see more|show more|watch(?: video)?|video|slides|download.*|view.*"
    r"|next|previous|back(?: to.*)?|top|loading.*|other events|details|supported by|in partnership with"
    r"|featured speakers|keynote speakers|hosted by|wtf\?*!*|archive|tags?:?|categories|category|podcasts?"
    r"|articles|bio|resources|description|more info & register|link|\(link\)|pdf|\[pdf.*\]|slides?,?|video.*"
    r"|\(no slides available\)|actions?:.*|post information:.*|posted (?:by|on):.*|technorati tags:.*"
    r"|currently rated.*|excited\? share it!|tweets by.*|view archive by:?|featured articles:?|date|event|year"
    r"|title|venue|time|content|room|track \d+|upcoming|past|conference schedule|download schedule"
    r"|tickets?(?: for)? (?:19|20)\d\d|my (?:twitter|github|blog|website|homepage|linkedin)|reviews|testimonials"
    r"|references|links|past talks' slides & video|past talks)$",
    re.IGNORECASE)


_HEADER_WORDS = {"time", "content", "talk", "talks", "speaker", "speakers", "room", "track", "title", "date", "event",
                 "details", "venue", "year", "duration", "action", "session", "sessions", "description", "level",
                 "location", "topic", "slides", "video", "when", "where", "what", "who"}


def is_ui_text(text: str) -> bool:
    """Navigation, button, banner or table-header text."""
    t = text.strip().strip("»«›‹→←|·•").strip()
    if not t:
        return True
    words = re.findall(r"[^\W\d_]+", t.casefold())
    if 2 <= len(words) <= 5 and all(w in _HEADER_WORDS or re.match(r"^track$", w) for w in words) and \
            not re.search(r"[.!?]", t):
        return True
    if _UI.match(t):
        return True
    if re.match(r"^[\d\s.,/%★☆*]+$", t):  # counters, ratings
        return True
    if t.startswith(("http://", "https://", "www.")) or re.match(r"^[\w.-]+\.(?:com|org|net|io|dev|codes|de|fr)(?:/\S*)?$", t):
        return True
    if re.match(r"^@\w+(?:\s*[•|·]\s*\S+)*$", t):
        return True
    if re.match(r"^(?:blog|twitter|github|linkedin|website|slides|video)\s*:", t, re.IGNORECASE):
        return True
    return False


_GENERIC = re.compile(
    r"^(?:.{0,30}\b)?(?:registration|registrations|check-?in|doors? open|breakfast|lunch|luncheon|dinner|coffee|tea"
    r"|snacks?|break|breaks|refreshments?|opening|closing|welcome|kick-?off|introduction|intro|announcements?"
    r"|lightning talks?|lightning sessions?|ignite(?: talks)?|open space.*|unconference.*|party|after ?party"
    r"|social event|networking|get together|q ?& ?a|.*\barrive|venue closing|drinks|reception"
    r"|closing remarks|keynote|tba|tbd|to be announced|wrap[- ]up|hallway track|.*\bbreak)\b.{0,40}$"
    r"|^(?:workshop|tutorial|training|conference|main|hack|community) days?$", re.IGNORECASE)


def is_generic_slot(text: str) -> bool:
    """A programme slot that is not a talk: registration, meals, breaks, opening, parties, open space."""
    t = text.strip()
    if len(t) > 70:
        return False
    if re.match(r"^(?:welcome(?: address| note)?|registration(?: open| opens)?|doors open|check-?in)\s*:", t, re.I):
        return True  # "Welcome Address: Maiden Conference", "Registration Open: Room 1"
    return bool(_GENERIC.match(t)) and not re.search(r":\s+\S", t)


_LABEL = re.compile(
    r"^(?P<label>(?:opening |closing |closing day |day \d+ )?keynote|talk|title|session|workshop(?: [ivx\d]+)?"
    r"|tutorial|panel(?: discussion)?|lightning talk|presentation|hands-on lab|masterclass)\s*[:\-–]\s*(?P<rest>\S.*)$",
    re.IGNORECASE)


_NUMBERED_LABEL = re.compile(r"^(?P<label>(?i:workshop|session|tutorial|track)\s+(?:[IVX]{1,4}|\d{1,2}))\s+(?P<rest>[A-Z\d].{3,})$")


def strip_label(text: str) -> tuple[str | None, str]:
    """("keynote", "The JSON Saga") for "Opening Keynote: The JSON Saga"; (None, text) without a label."""
    m = _LABEL.match(text)
    if m and not m["rest"].startswith("//"):
        return m["label"].casefold(), m["rest"].strip()
    m = _NUMBERED_LABEL.match(text)
    if m:
        return m["label"].casefold(), m["rest"].strip()
    return None, text


def is_title_like(text: str) -> bool:
    """A line that can be a talk title: a few words, not prose, UI text, a time or a bare name."""
    t = text.strip()
    if not t or len(t) > 150 or is_prose(t) or is_ui_text(t):
        return False
    if not any(c.isalpha() for c in t):
        return False
    if leading_time(t) or parse_day_heading(t) or parse_numeric_date(t) or re.match(r"^\d{4}$", t):
        return False
    dated = re.match(r"^(?P<date>[^,]{3,30}?\d{4})\s*,\s", t)
    if dated and parse_day_heading(dated["date"]):
        return False  # "Wednesday 12 March 2030, The Granary": a date and a place
    words = t.split()
    if len(words) > 22:
        return False
    if t.endswith(":"):
        return False
    return True


_ROLE_WORDS = re.compile(
    r"\b(?:engineer|developer|programmer|architect|ceo|cto|cio|coo|cfo|vp|founder|co-?founder|manager|director"
    r"|head|lead|consultant|advocate|evangelist|designer|scientist|researcher|professor|lecturer|student"
    r"|author|editor|president|chair|officer|owner|partner|principal|fellow|analyst|specialist|maintainer"
    r"|creator|team|staff|senior|junior|intern|freelancer?|independent|general manager|minister)\b", re.IGNORECASE)


def is_role_line(text: str) -> bool:
    """A job line: "Senior Engineer @ Acme", "CTO, Acme", "Director of Engineering / Acme"."""
    t = text.strip()
    if len(t) > 120 or is_prose(t):
        return False
    return bool(_ROLE_WORDS.search(t)) or " @ " in t or bool(re.search(r"\b(?:GmbH|Inc\.?|Ltd\.?|LLC|AB|BV|SA)$", t))


fold = fold_key  # names and lines compared folded (case, diacritics, punctuation)
