"""Line shapes common on conference pages that carry a person's organisation or a talk's event in one line.

Pure parsers of one line of text, used by ``extract/page_reader.py``:

* ``split_speaker_org``: "Maria Quist (Acme)", "Bo Lind, Acme", "A & B (Acme)" -> names and organisation;
* ``parse_name_role``: "Name, Role at Org", "Name - Role @ Org" -> name, headline, role, organisation;
* ``parse_role_org``: "Role | Company", "Role @ Company" -> role, organisation;
* ``parse_talk_row``: '"Title" - Event', '"Title", Event', "Title (Event 2030)", "Title — Event 2030",
  '"Title" by A and B' -> title, event, speakers, and whether the row says the talk was not given;
* ``split_title_byline``: "Title, by Name (Company)", "Title — by A and B" -> title, names, organisation;
* ``parse_name_card``: "Name, Role, Company", "Name · Role · Company" -> name, headline;
* ``parse_dated_row``: 'Oct 2030 · Event · "Title"' -> title, event, date (only with a day), given;
* ``strip_glued_handle``: "Jane Doe@janedoe" -> "Jane Doe";
* ``is_page_heading``: "Meet our 2031 speakers", "Abstract", a navigation row -> never a talk or an event.

Every rule is a shape of text; no site, host or person is named.
"""
from __future__ import annotations

import re

import datetime as dt

from .page_lines import _ROLE_WORDS, MONTHS, is_role_line, is_ui_text, name_score, split_names

__all__ = ["is_org_name", "split_speaker_org", "split_title_byline", "parse_name_card", "parse_dated_row", "parse_name_role", "parse_role_org", "parse_talk_row", "strip_glued_handle",
           "is_page_heading", "is_nav_row", "NOT_GIVEN"]

NOT_GIVEN = re.compile(r"\b(?:cancel+ed|withdrawn|not given|did not take place|was not held|never given|postponed"
                       r"|abgesagt|annulé|annulée)\b", re.I)
_ORG = r"[A-Z0-9À-ÖØ-Þ][\w.&'’+-]*(?:\s+(?:(?:of|de|for|and|the|&)\s+)?[A-Z0-9À-ÖØ-Þ][\w.&'’+-]*){0,4}"
_ORG_RX = re.compile(rf"^{_ORG}$")


def is_org_name(text: str) -> bool:
    """A short capitalised name that is no role, UI text or person: "Ferrous Works", "Acme", "Ferrum GmbH"."""
    t = text.strip()
    return bool(_ORG_RX.match(t)) and not _ROLE_WORDS.search(t) and not is_ui_text(t) and name_score(t) < 0.7 \
        and not split_names(t, floor=0.7)


def split_speaker_org(text: str) -> tuple[list[str], str | None] | None:
    """Names and their organisation in a schedule line's speaker part; None when it is not that shape.

    >>> split_speaker_org("Maria Gonzalez (Ferrous Works)")
    (['Maria Gonzalez'], 'Ferrous Works')
    >>> split_speaker_org("Tom Baker, Streamly")
    (['Tom Baker'], 'Streamly')
    >>> split_speaker_org("Lena Fischer and Omar Haddad")
    """
    t = text.strip()
    m = re.match(r"^(?P<names>[^()]+?)\s*\((?P<org>[^()]{2,60})\)$", t)
    if m is None:
        m = re.match(r"^(?P<names>[^,()]+?),\s+(?P<org>[^,()]{2,60})$", t)
    if m is None or not is_org_name(m["org"]):
        return None
    names = split_names(m["names"])
    if not names or max(name_score(n) for n in names) < 0.7:
        return None
    return names, m["org"].strip()


_BYLINE = re.compile(r"^(?P<title>\S.{3,150}?)(?:\s*,|\s+[-–—])?\s+(?i:by)\s+(?P<who>[^\s,()].*)$")


def split_title_byline(text: str) -> tuple[str, list[str], str | None] | None:
    """(title, names, organisation) of "Title, by Name (Company)", "Title — by A and B"; None otherwise.

    >>> split_title_byline("Lifetimes without fear, by Ada Quist (Ferrous Works)")
    ('Lifetimes without fear', ['Ada Quist'], 'Ferrous Works')
    >>> split_title_byline("Parsing Without Tears — by Bo Lind and Ada Quist")
    ('Parsing Without Tears', ['Bo Lind', 'Ada Quist'], None)
    """
    m = _BYLINE.match(text.strip())
    if m is None:
        return None
    title = m["title"].strip().strip(",;:-–— ").strip().strip("\"“”").strip()
    if len(title) < 4 or not (title[:1].isupper() or title[:1].isdigit()):
        return None
    got = split_speaker_org(m["who"])
    if got:
        return title, got[0], got[1]
    names = split_names(m["who"].strip())
    if not names or max(name_score(n) for n in names) < 0.4:
        return None
    return title, names, None


_CARD_SEP = re.compile(r"\s*,\s+|\s+[·•|]\s+")


def parse_name_card(text: str) -> tuple[str, str, str] | None:
    """(name, headline, organisation) of a "Name, Role, Company" or "Name · Role · Company" line.

    >>> parse_name_card("Ines Moreau, Design Lead, Vellichor")
    ('Ines Moreau', 'Design Lead, Vellichor', 'Vellichor')
    """
    t = text.strip()
    seps = list(_CARD_SEP.finditer(t))
    if len(seps) != 2 or seps[0].group().strip() != seps[1].group().strip():
        return None
    name, role, org = t[:seps[0].start()], t[seps[0].end():seps[1].start()], t[seps[1].end():]
    if not is_role_line(role) or not is_org_name(org) or is_role_line(name):
        return None
    names = split_names(name)
    if not names or len(names) != 1 or name_score(names[0]) < 0.4:
        return None
    return names[0], t[seps[0].end():].strip(), org.strip()


_ROW_SEP = re.compile(r"\s+[·•|]\s+")
_MON = r"(?P<mon>[A-Za-z]{3,9})\.?"
_ROW_DATE = [re.compile(rf"^(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+)?{_MON}\s+(?P<year>(?:19|20)\d\d)$"),
             re.compile(rf"^{_MON}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)$"),
             re.compile(r"^(?P<year>(?:19|20)\d\d)(?:-(?P<mm>\d{2})(?:-(?P<day>\d{2}))?)?$")]


def _row_date(text: str) -> tuple[str | None] | None:
    """(date,) of a row's date part: a full date gives it, "Oct 2030" or "2030" gives (None,); None: no date."""
    for rx in _ROW_DATE:
        m = rx.match(text.strip())
        if m is None:
            continue
        gd = m.groupdict()
        month: int | None
        if gd.get("mon") is not None:
            if gd["mon"][:3].casefold() not in MONTHS:
                return None
            month = MONTHS[gd["mon"][:3].casefold()]
        else:
            month = int(gd["mm"]) if gd.get("mm") else None
        if not gd.get("day") or month is None:
            return (None,)
        try:
            return (dt.date(int(gd["year"]), month, int(gd["day"])).isoformat(),)
        except ValueError:
            return (None,)
    return None


def parse_dated_row(text: str) -> tuple[str, str, str | None, bool] | None:
    """(title, event, date, given) of a 'date · event · "title"' row (in any order; date only with a day).

    >>> parse_dated_row('Oct 2030 · DevWeek Porto · "Caches, explained"')
    ('Caches, explained', 'DevWeek Porto', None, True)
    >>> parse_dated_row('12 May 2031 | Tidewater Summit | Async all the way down')
    ('Async all the way down', 'Tidewater Summit', '2031-05-12', True)
    """
    parts = [p.strip() for p in _ROW_SEP.split(text.strip())]
    if len(parts) != 3:
        return None
    dated = [i for i, p in enumerate(parts) if _row_date(p)]
    if len(dated) != 1:
        return None
    date = _row_date(parts[dated[0]])[0]  # type: ignore[index]
    rest = [p for i, p in enumerate(parts) if i != dated[0]]
    quoted = [i for i, p in enumerate(rest) if re.fullmatch(r"[\"“][^\"”]{3,150}[\"”](?:\s*\([^()]*\))?", p)]
    if len(quoted) == 1:
        title, ev_text = rest[quoted[0]], rest[1 - quoted[0]]
        ev = _event_part(ev_text, strict=False)
    elif not quoted and dated[0] == 0:
        title, ev_text = rest[1], rest[0]
        ev = _event_part(ev_text)
    else:
        return None
    if ev is None:
        return None
    given = ev[1] and not NOT_GIVEN.search(title)
    title = re.sub(r"\s*\([^()]*\)\s*$", "", title).strip().strip("\"“”").strip()
    if len(title) < 3 or is_ui_text(title):
        return None
    return title, ev[0], date, given


_NAME_ROLE = re.compile(r"^(?P<name>[^,@|–—]{3,60}?)\s*(?:,|\s[-–—|]\s)\s*(?P<head>(?P<role>[^@|]{2,80}?)\s+(?:at|@)\s+(?P<org>\S.{1,60}))$")


def parse_name_role(text: str) -> tuple[str, str, str, str] | None:
    """(name, headline, role, organisation) of a "Name, Role at Org" or "Name - Role @ Org" line.

    >>> parse_name_role("Ines Moreau, Principal Engineer at Vellichor Systems")
    ('Ines Moreau', 'Principal Engineer at Vellichor Systems', 'Principal Engineer', 'Vellichor Systems')
    """
    m = _NAME_ROLE.match(text.strip())
    if m is None or not is_role_line(m["role"]) or not is_org_name(m["org"]):
        return None
    names = split_names(m["name"])
    if not names or len(names) != 1 or name_score(names[0]) < 0.4:
        return None
    return names[0], m["head"].strip(), m["role"].strip(), m["org"].strip()


def parse_role_org(text: str) -> tuple[str, str] | None:
    """(role, organisation) of a "Role | Company" or "Role @ Company" headline.

    >>> parse_role_org("Engineering Manager | Tidewater Analytics")
    ('Engineering Manager', 'Tidewater Analytics')
    """
    m = re.match(r"^(?P<role>[^|@]{2,80}?)\s+[|@]\s+(?P<org>[^|@]{2,60})$", text.strip())
    if m is None or not is_role_line(m["role"]) or not is_org_name(m["org"]):
        return None
    return m["role"].strip(), m["org"].strip()


_EVENTISH = re.compile(r"\b(?:19|20)\d\d\b|\b(?:conf(?:erence)?|con|summit|meetup|days?|camp|fest|festival|forum|expo|week"
                       r"|symposium|workshop|jug|live|devday|user\s*group)\b|[a-z](?:Conf|Con|Days?|Camp|Fest|Week)\b", re.I)
_QUOTED = re.compile(r"^[\"“](?P<title>[^\"”]{3,150})[\"”]\s*(?P<rest>.*)$")


def _event_part(text: str, strict: bool = True) -> tuple[str, bool] | None:
    """The event of a row's tail ("PGDay Lisbon", "StreamConf London (cancelled)") and whether it was given;
    ``strict``: it must read as an event (a year or an event word), else being capitalised is enough."""
    t = text.strip().strip(",;")
    given = not NOT_GIVEN.search(t)
    t = re.sub(r"\s*\([^()]*\)\s*$", "", t).strip()
    if not t or len(t) > 80 or not t[:1].isupper() or is_ui_text(t) or (strict and not _EVENTISH.search(t)):
        return None
    return t, given


def parse_talk_row(text: str) -> tuple[str, str | None, list[str], bool] | None:
    """(title, event, speakers, given) of one talk-list row; None when the line is not such a row.

    >>> parse_talk_row('"Kafka in Anger", StreamConf London (cancelled)')
    ('Kafka in Anger', 'StreamConf London', [], False)
    >>> parse_talk_row("Profiling Go in Production (GoLab 2029)")
    ('Profiling Go in Production', 'GoLab 2029', [], True)
    """
    t = text.strip()
    m = _QUOTED.match(t)
    if m:
        title, rest = m["title"].strip(), m["rest"].strip()
        if not rest:
            return None
        by = re.match(r"^(?:[-–—]\s*)?by\s+(?P<names>.+)$", rest, re.I)
        if by:
            names = split_names(by["names"])
            return (title, None, names, True) if names else None
        tail = re.match(r"^(?:[-–—,:]|at\b)\s*(?P<ev>.+)$", rest)
        ev = _event_part(tail["ev"]) if tail else None
        return (title, ev[0], [], ev[1]) if ev else None
    m = re.match(r"^(?P<title>[^()]{4,150}?)\s+\((?P<ev>[^()]{3,80})\)\s*(?P<note>\([^()]*\))?$", t)
    if m and m["title"][:1].isupper():
        ev = _event_part(m["ev"])
        if ev and re.search(r"\b(?:19|20)\d\d\b", ev[0]):
            event = ev[0]
            head = event.split(",")[0].strip()
            if head != event and _event_part(head, strict=False):
                event = head  # "(BuildCon, Oslo, 2031)": the event, then its place and year
            return m["title"].strip(), event, [], ev[1] and not (m["note"] and NOT_GIVEN.search(m["note"]))
    m = re.match(r"^(?P<title>.{4,150}?)\s+[–—]\s+(?P<ev>[^–—]{3,100})$", t)
    if m and m["title"][:1].isupper():
        ev = _event_part(m["ev"])
        if ev and re.search(r"\b(?:19|20)\d\d\b", ev[0]) and not split_names(m["ev"]):
            return m["title"].strip(), ev[0], [], ev[1]
    return None


def strip_glued_handle(text: str) -> str:
    """"Jane Doe@janedoe" -> "Jane Doe" when what stands before the handle is a name; else the text."""
    m = re.match(r"^(?P<name>[^@]{3,60}?)\s*@[A-Za-z0-9_]{2,30}$", text.strip())
    if m and name_score(m["name"]) >= 0.4:
        return m["name"].strip()
    return text


_HEADING_NOUNS = r"(?:speakers?|line-?up|schedule|agenda|programme|program|sessions|talks|keynotes|presenters)"
_HEADING_FILLER = {"meet", "our", "the", "this", "year", "years", "year's", "featured", "confirmed", "all", "amazing",
                   "keynote", "invited", "guest", "full", "main", "of", "and", "for", "see", "who", "is", "are",
                   "speaking", "past", "upcoming"}
_SECTION_LABELS = {"abstract", "summary", "bio", "biography", "description", "speaking", "talks", "past talks",
                   "upcoming talks", "presentations", "details", "overview"}


_SPONSOR = re.compile(r"^(?:(?:platinum|gold|silver|bronze|our)\s+)?(?:sponsored|supported|powered|brought to you|kindly provided)\s+by\b", re.I)


_MENU_WORDS = frozenset("""home about blog news contact menu login register tickets ticket speakers schedule agenda
programme program sessions talks workshops venue location faq sponsors partners search team cfp archive jobs
videos travel""".split())


def is_nav_row(text: str) -> bool:
    """A navigation row: three or more words, each a menu item ("Home Tickets Speakers Schedule Venue")."""
    words = text.casefold().split()
    if not 3 <= len(words) <= 12:
        return False
    menu = sum(w.strip("|·•»›") in _MENU_WORDS for w in words)
    return menu >= 3 and menu >= len(words) - 1


def is_page_heading(text: str) -> bool:
    """A heading of the page or a section ("Meet our 2031 speakers", "Abstract") or a navigation row."""
    t = text.strip().strip(":").strip()
    if t.casefold() in _SECTION_LABELS or is_nav_row(t) or _SPONSOR.match(t):
        return True
    parts = re.split(r"\s+[—–|:-]\s+", t)
    if len(parts) == 2 and len(parts[1].split()) <= 4 and is_page_heading(parts[1]):
        return True  # "Acme Conf 2031 — Line-up"
    if not re.search(rf"\b{_HEADING_NOUNS}\b", t, re.I):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", t.casefold()) if not re.fullmatch(_HEADING_NOUNS, w)]
    return all(w.replace("’", "'") in _HEADING_FILLER for w in words)
