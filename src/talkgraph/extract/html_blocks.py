"""People and talks read from an HTML page's blocks: schedule tables, definition-list cards, card grids.

Three shapes of the document tree state who and what without any sentence around them:

* **headed tables**: header cells name the columns (Time, Start, End, Title / Session / Talk,
  Speaker(s), Company, Room, Track, Date); every body row is one talk occurrence. A row whose
  one cell spans the talk columns (a break, lunch) is left out; a time cell spanning rows
  (``rowspan``) holds for each. A grid (Time plus one column per room or track) gives one talk
  per filled cell. The date is the row's Date cell, else the table's caption, else the nearest
  day heading above the table.
* **definition lists of people**: ``<dt>`` names, ``<dd>`` role / company lines and talk titles.
* **card grids**: at least three sibling elements of one shape (same tag and class list,
  whatever the words) each holding a short card: a name (its heading or first line), a role
  line, a company line, perhaps a labelled talk title; or a talk card, a title over its
  speakers and time.

Nothing here looks at which words a site uses for its classes: only at repetition, header
words and the line shapes of ``extract.page_lines``. Readings carry confidences below
structured data's 1.0 (the structure is sure, the words less so). The elements read are
returned so the text reader does not read them a second time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

from ..records.html_tree import HtmlLine, is_junk, read_html_lines
from ..records.model import Affiliation, Person, Talk
from ..records.structured_data import StructuredData
from .page_lines import (fold, is_generic_slot, is_prose, is_role_line, is_title_like, is_ui_text, name_score,
                         heading_date, parse_clock_range, parse_day_heading, parse_numeric_date, split_names, strip_label)

__all__ = ["BlockReading", "read_html_blocks", "parse_speakers", "split_role_org", "COLUMN_SLOTS"]

TALK_CONFIDENCE = 0.9  # a table row or talk card with a time or speakers
TALK_BARE_CONFIDENCE = 0.75  # a title alone in a talk column
AFFILIATION_CONFIDENCE = 0.85
_MIN_CARDS = 3  # sibling elements of one shape before they are a grid
_MAX_CARD_LINES = 8
_MAX_CARD_CHARS = 600
_MAX_ELEMENTS = 50_000  # elements looked at for card grids on one page
_MAX_ROWS = 5_000  # table rows read from one page; the rest is left to the text reader

# Header words -> slot. Compared on the folded header text; the first matching slot wins.
COLUMN_SLOTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((slot, re.compile(rx)) for slot, rx in (
    ("start", r"^(?:start|starts|start time|begin|begins|from)$"),
    ("end", r"^(?:end|ends|end time|finish|until|to)$"),
    ("time", r"^(?:time|times|when|slot|time slot|hour|hours|schedule|uhrzeit|zeit|heure|horaire|hora|orario)$"),
    ("date", r"^(?:date|day|datum|fecha|data|jour|tag)$"),
    ("title", r"^(?:title|titles|talk title|session title|talk|talks|presentation|topic|subject|what|"
              r"session|sessions|programme|program|agenda|activity|content|titel|titre|vortrag)$"),
    ("speaker", r"^(?:speakers?|presenters?|speaker s|who|by|names?|hosts?|panelists?|moderators?|instructors?|"
                r"trainers?|speaker name|referent(?:en|in)?|sprecher(?:in)?|intervenants?|orateurs?|ponentes?)$"),
    ("company", r"^(?:company|companies|affiliation|affiliations|organi[sz]ation|organi[sz]ations|org|employer|"
                r"institution|firma|unternehmen|entreprise|empresa)$"),
    ("role", r"^(?:role|position|job|job title)$"),
    ("room", r"^(?:room|rooms|location|where|venue|hall|stage|place|raum|salle|sala)$"),
    ("track", r"^(?:track|tracks|stream|theme)$"),
    ("kind", r"^(?:type|format|kind|session type|talk type)$"),
    ("audience", r"^(?:level|audience)$"),
    ("skip", r"^(?:duration|length|language|lang|slides|video|links?|details|description|abstract|rating|#|no|nr)$"),
))
_TITLE_RANK = {"title": 0, "titles": 0, "talk title": 0, "session title": 0}  # over "talk", "session"...
_ORG_TAIL = re.compile(r"\b(?:inc|ltd|llc|gmbh|ag|ab|bv|nv|sa|sas|srl|oy|as|plc|corp|co|labs?|systems|software|"
                       r"technologies|tech|group|university|universit[äa]t|institute|foundation|studio|studios|"
                       r"consulting|solutions|media|networks?|cloud|bank|agency|ventures|partners|works|college|"
                       r"school|gov|ministry|council|society|association|team)\.?$", re.I)
_TRACK_HEAD = re.compile(r"^(?:track|stream)\b", re.I)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")


@dataclass
class BlockReading:
    """People and talks the page's blocks state, the forms that stated them, and the elements read."""

    data: StructuredData = field(default_factory=StructuredData)
    elements: list[Tag] = field(default_factory=list)


# ---------------------------------------------------------------------------------- speakers, roles

def _looks_org(text: str) -> bool:
    t = text.strip()
    return bool(_ORG_TAIL.search(t)) or bool(re.search(r"\d|&|\.(?:com|io|org|net)\b", t)) or \
        (t.isupper() and len(t) >= 2) or split_names(t) is None


def _is_name(text: str, floor: float = 0.4) -> bool:
    names = split_names(text, floor=floor)
    return names is not None and len(names) == 1 and not is_ui_text(text) and not _looks_org(text) or \
        (floor < 0.4 and _capitalised_name(text))


def _capitalised_name(text: str) -> bool:
    """Two to four capitalised words of letters: a name when the structure says a name stands here."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(re.match(r"^[^\W\d_][^\W\d_'’.-]*$", w) and (w[:1].isupper() or
                                        w in {"de", "da", "van", "von", "der", "den", "di", "du", "la", "le"})
                                        for w in words) and not is_ui_text(text) and not _ORG_TAIL.search(text)


def parse_speakers(text: str, *, column: bool = False) -> list[tuple[str, str | None]]:
    """(name, organisation or None) pairs of a speaker cell or line.

    "A, B and C", "Name, Company", "Name (Company)", "A (X) & B (Y)", "Name @ Company",
    "by A", "Speakers: A, B". With ``column`` (the header says speakers stand here) names of
    unknown given names are accepted on their shape.

    Examples
    --------
    >>> parse_speakers("Greta Holmqvist, Coldstore AB")
    [('Greta Holmqvist', 'Coldstore AB')]
    >>> parse_speakers("Ada Quist, Bo Lind and Cem Ay")
    [('Ada Quist', None), ('Bo Lind', None), ('Cem Ay', None)]
    >>> parse_speakers("Ilse Varga (Quillwork) & Tomas Brandl (Lattice Labs)")
    [('Ilse Varga', 'Quillwork'), ('Tomas Brandl', 'Lattice Labs')]
    """
    t = " ".join(text.split()).strip(" .;")
    t = re.sub(r"^(?:(?:speakers?|presenters?|presented by|hosts?|hosted by|moderators?|panelists?|with|by|"
               r"featuring)\s*:?\s+)", "", t, flags=re.I)
    if not t or len(t) > 300 or is_ui_text(t) or re.fullmatch(r"(?i)tba|tbd|tbc|n/?a|to be announced|-+|–|—", t):
        return []
    floor = 0.0 if column else 0.4
    paren = re.findall(r"([^,;&()]+?)\s*\(([^()]+)\)", t)
    if paren and not re.sub(r"[^,;&()]+?\s*\([^()]+\)|,|;|&|\band\b|\s", "", t):
        pairs = [(n.strip(), o.strip()) for n, o in paren]
        if all(_is_name(n, floor) for n, _ in pairs):
            return pairs
    m = re.match(r"^(?P<name>[^@|]+?)\s*(?:@|\||\s[–—-]\s|\bat\b)\s*(?P<org>[^@|]+)$", t)
    if m and _is_name(m["name"].strip(), floor) and not split_names(m["org"].strip(), floor=0.7):
        return [(m["name"].strip(), _org_of(m["org"].strip()))]
    parts = [p.strip() for p in t.split(",")]
    if len(parts) == 2 and not re.search(r"\s(?:and|&|und|et|y)\s", t) and _is_name(parts[0], floor) and \
            (_looks_org(parts[1]) or len(parts[1].split()) == 1 or name_score(parts[1]) < min(0.7, name_score(parts[0]))):
        return [(parts[0], parts[1])]
    names = split_names(t, floor=0.4)
    if names and all(not _looks_org(n) or name_score(n) >= 0.7 for n in names):
        return [(n, None) for n in names]
    if column:
        pieces = [p for p in re.split(r"\s*(?:,\s*(?:and\s+|&\s*)?|\s+and\s+|\s*&\s*)\s*", t) if p]
        if pieces and all(_capitalised_name(p) or _is_name(p) for p in pieces):
            return [(p, None) for p in pieces]
    return []


def _org_of(text: str) -> str | None:
    org = text.strip(" ,;-–—")
    return org if org and len(org) <= 100 and not is_prose(org) else None


def split_role_org(text: str) -> tuple[str | None, str | None]:
    """(role, organisation) of a card line: "Role at Org", "Role @ Org", "Role, Org", "Role | Org", "Org".

    Examples
    --------
    >>> split_role_org("Staff Engineer at Quillwork")
    ('Staff Engineer', 'Quillwork')
    >>> split_role_org("CTO, Kettle & Pine")
    ('CTO', 'Kettle & Pine')
    >>> split_role_org("Principal Engineer")
    ('Principal Engineer', None)
    """
    t = " ".join(text.split()).strip()
    if not t or len(t) > 140 or is_prose(t):
        return None, None
    for sep in (r"\s+@\s*|\s*@\s+", r"\s+at\s+", r"\s*\|\s*", r"\s+/\s+", r"\s+[–—-]\s+", r",\s+", r"\s+bei\s+|\s+chez\s+"):
        parts = re.split(sep, t, maxsplit=1)
        if len(parts) == 2 and parts[0] and parts[1]:
            role, org = parts[0].strip(), parts[1].strip()
            if sep == r",\s+" and not is_role_line(role):
                continue
            return role, _org_of(org)
    if t.startswith("@") and len(t) > 2:
        return None, _org_of(t[1:])
    if is_role_line(t) and not _ORG_TAIL.search(t):
        return t, None
    return None, _org_of(t)


# ---------------------------------------------------------------------------------- the reader

class _Blocks:
    def __init__(self, soup: BeautifulSoup | Tag, event: str | None, year: int | None):
        self.soup = soup
        self.event = event
        self.year = year
        self.people: dict[str, Person] = {}
        self.talks: list[Talk] = []
        self.forms: list[str] = []
        self.read: list[Tag] = []
        self.read_ids: set[int] = set()

    def person(self, name: str, confidence: float, org: str | None = None, role: str | None = None,
               headline: str | None = None) -> Person:
        key = fold(name)
        p = self.people.get(key)
        if p is None:
            p = self.people[key] = Person(name=name, confidence=round(confidence, 3))
        else:
            p.confidence = max(p.confidence or 0.0, round(confidence, 3))
        p.headline = p.headline or headline
        if org and not any(fold(a.organization) == fold(org) for a in p.affiliations):
            p.affiliations.append(Affiliation(org, role=role, current=True,
                                              confidence=round(min(confidence, AFFILIATION_CONFIDENCE), 3)))
        elif role and not org and p.headline is None:
            p.headline = role
        return p

    def mark(self, el: Tag, form: str) -> None:
        self.read.append(el)
        self.read_ids.add(id(el))
        if form not in self.forms:
            self.forms.append(form)

    def inside_read(self, el: Tag) -> bool:
        return any(id(p) in self.read_ids for p in el.parents)

    # ---- dates
    def date_of(self, text: str) -> str | None:
        text = " ".join(text.split())
        iso = parse_numeric_date(text)
        if iso:
            return iso
        for piece in [text] + re.split(r"\s*[—–:|]\s*|\s+-\s+", text):
            h = parse_day_heading(piece.strip())
            date = heading_date(h, self.year) if h is not None else None
            if date:
                return date
        return None

    def date_above(self, el: Tag) -> str | None:
        caption = el.find("caption") if el.name == "table" else None
        if caption is not None:
            date = self.date_of(caption.get_text(" "))
            if date:
                return date
        for n, heading in enumerate(el.find_all_previous(["h1", "h2", "h3", "h4", "h5", "h6", "caption"], limit=12)):
            if n >= 12:
                break
            if any(is_junk(p) for p in [heading, *heading.parents] if isinstance(p, Tag)):
                continue
            date = self.date_of(heading.get_text(" "))
            if date:
                return date
        return None

    # ---- tables
    def tables(self) -> None:
        for table in self.soup.find_all("table"):
            if self.inside_read(table) or any(is_junk(p) for p in [table, *table.parents] if isinstance(p, Tag)):
                continue
            if table.find("table") is not None:
                continue  # a layout table holding tables: its inner tables are read on their own
            if self.table(table):
                self.mark(table, "table")

    def table(self, table: Tag) -> bool:
        grid = _grid(table)
        if len(grid) < 2:
            return False
        head_at = next((i for i, row in enumerate(grid[:3]) if _is_header_row(row)), None)
        if head_at is None:
            inferred = _infer_slots(grid)
            if inferred is None:
                return False
            self.schedule_rows(table, grid, inferred)
            return True
        header = grid[head_at]
        width = max(c.col + c.span for row in grid for c in row)
        slots: list[str | None] = [None] * width
        heads: list[str] = [""] * width
        ranks: dict[str, int] = {}
        for cell in header:
            text = fold(cell.text)
            slot = next((s for s, rx in COLUMN_SLOTS if rx.match(text)), None)
            if slot == "title":
                rank = _TITLE_RANK.get(text, 1)
                if "title" in ranks:
                    if rank >= ranks["title"]:
                        slot = "kind"  # "Session" beside "Title": the session's label
                    else:
                        slots[:] = ["kind" if s == "title" else s for s in slots]
                if slot == "title":
                    ranks["title"] = rank
            for c in range(cell.col, min(width, cell.col + cell.span)):
                slots[c] = slot if cell.span == 1 or slot in (None, "time") else slots[c] or slot
                heads[c] = " ".join(cell.text.split())
        have = {s for s in slots if s}
        rooms = [c for c in range(width) if slots[c] is None and heads[c]]
        timed = bool(have & {"time", "start"})
        if "title" in have and (timed or "speaker" in have or "date" in have):
            self.schedule_rows(table, grid[head_at + 1:], slots)
            return True
        if "speaker" in have and (timed or "company" in have or "role" in have):
            self.schedule_rows(table, grid[head_at + 1:], slots)
            return True
        if timed and rooms and not have - {"time", "start", "end", "date", "skip"}:
            self.grid_rows(table, grid[head_at + 1:], slots, heads, rooms)
            return True
        return False

    def schedule_rows(self, table: Tag, rows: list[list["_Cell"]], slots: list[str | None]) -> None:
        date = self.date_above(table)
        talk_cols = {c for c, s in enumerate(slots) if s in ("title", "speaker")}
        for row in rows:
            if _is_header_row(row):
                continue
            by_slot: dict[str, "_Cell"] = {}
            spanning = False
            for cell in row:
                kinds = {slots[c] for c in range(cell.col, cell.col + cell.span) if c < len(slots)}
                if cell.span > 1 and len(talk_cols & set(range(cell.col, cell.col + cell.span))) >= 2:
                    spanning = True
                for kind in kinds:
                    if kind and kind not in by_slot:
                        by_slot[kind] = cell
            if spanning:
                continue  # a break, lunch or day line across the talk columns
            start, end = _times(by_slot)
            day = self.date_of(by_slot["date"].text) if "date" in by_slot else None
            title_cell, speaker_cell = by_slot.get("title"), by_slot.get("speaker")
            title = ""
            inline: list[tuple[str, str | None]] = []
            if title_cell is not None and not title_cell.carried:
                title, inline = _title_and_speakers(title_cell.parts)
            speakers = parse_speakers(speaker_cell.text, column=True) if speaker_cell is not None else []
            if speaker_cell is not None and len(speaker_cell.parts) > 1:
                speakers = _speakers_of_parts(speaker_cell.parts) or speakers
            speakers = speakers or inline
            company = by_slot["company"].text if "company" in by_slot else None
            role = by_slot["role"].text if "role" in by_slot else None
            if company and len(speakers) == 1 and not speakers[0][1]:
                speakers = [(speakers[0][0], company)]
            if title and (is_generic_slot(title) or is_ui_text(title)) and not speakers:
                continue
            conf = TALK_CONFIDENCE if (start or speakers) else TALK_BARE_CONFIDENCE
            for name, org in speakers:
                self.person(name, _person_confidence(name), org, role if org else None,
                            headline=role if role and not org else None)
            if not title:
                continue
            label = by_slot["kind"].text if "kind" in by_slot and len(by_slot["kind"].text.split()) <= 3 else None
            kind, title = strip_label(title)
            self.talks.append(Talk(
                title=title, event=self.event, date=day or date, start=start, end=end,
                speakers=[n for n, _ in speakers], track=_cell_text(by_slot.get("track")),
                audience=_cell_text(by_slot.get("audience")), room=_cell_text(by_slot.get("room")),
                kind=(label or kind or None), confidence=conf))

    def grid_rows(self, table: Tag, rows: list[list["_Cell"]], slots: list[str | None], heads: list[str],
                  rooms: list[int]) -> None:
        date = self.date_above(table)
        for row in rows:
            by_slot = {slots[c.col]: c for c in row if c.col < len(slots) and slots[c.col]}
            start, end = _times(by_slot)
            if start is None:
                continue
            day = self.date_of(by_slot["date"].text) if "date" in by_slot else None
            for cell in row:
                if cell.carried or cell.col not in rooms or not cell.text:
                    continue
                title, speakers = _title_and_speakers(cell.parts)
                if not title or ((is_generic_slot(title) or is_ui_text(title)) and not speakers):
                    continue
                head = heads[cell.col] if cell.span == 1 else None
                track, room = (head, None) if head and _TRACK_HEAD.match(head) else (None, head)
                for name, org in speakers:
                    self.person(name, _person_confidence(name), org)
                kind, title = strip_label(title)
                self.talks.append(Talk(title=title, event=self.event, date=day or date, start=start, end=end,
                                       speakers=[n for n, _ in speakers], track=track, room=room, kind=kind,
                                       confidence=TALK_CONFIDENCE if speakers else TALK_BARE_CONFIDENCE))

    # ---- definition lists
    def definitions(self) -> None:
        for dl in self.soup.find_all("dl"):
            if self.inside_read(dl) or any(is_junk(p) for p in [dl, *dl.parents] if isinstance(p, Tag)):
                continue
            entries: list[tuple[str, list[list[str]]]] = []
            for el in dl.find_all(["dt", "dd"]):
                if el.find_parent("dl") is not dl:
                    continue
                if el.name == "dt":
                    entries.append((" ".join(el.get_text(" ").split()), []))
                elif entries:
                    entries[-1][1].append([line.text for line in read_html_lines(el).lines])
            if len(entries) < 2:
                continue
            named = [(t, dds) for t, dds in entries if _is_name(t) and not t.endswith(":")]
            if len(named) < max(2, -(-2 * len(entries) // 3)):
                continue
            for name, dds in named:
                self.card(name, [line for dd in dds for line in dd], 0.0)
            self.mark(dl, "definitions")

    # ---- card grids
    def card(self, name: str, rest: list[str], base: float, title_line: str | None = None) -> None:
        """A person card: the name, then role / company lines, a labelled talk, a bio."""
        role = org = headline = None
        talks: list[str] = []
        short = []
        for line in rest:
            label, value = strip_label(line)
            if label in ("talk", "title", "keynote", "session", "workshop", "tutorial", "presentation",
                         "lightning talk", "panel") and is_title_like(value):
                talks.append(value)
            elif not is_prose(line) and len(line) <= 100 and not is_ui_text(line) and not parse_clock_range(line):
                short.append(line)
        if short:
            headline = short[0]
            role, org = split_role_org(short[0])
            if len(short) >= 2 and org is None and not is_role_line(short[1]) and \
                    (is_role_line(short[0]) or not _is_name(short[1])):  # a role line, then its company
                org = _org_of(short[1])
                headline = f"{short[0]}, {short[1]}" if role else short[0]
                role = role or short[0]
            elif org is None and role is None:
                headline = None
        conf = max(base, _person_confidence(name))
        self.person(name, conf, org, role, headline)
        for title in talks:
            self.talks.append(Talk(title=title, event=self.event, speakers=[name], confidence=TALK_CONFIDENCE))

    def cards(self) -> None:
        seen = 0
        for parent in self.soup.find_all(True):
            seen += 1
            if seen > _MAX_ELEMENTS:
                return
            if is_junk(parent) or id(parent) in self.read_ids or self.inside_read(parent):
                continue
            groups: dict[tuple, list[Tag]] = {}
            for child in parent.find_all(True, recursive=False):
                if child.name in ("div", "li", "figure", "article", "section", "a", "td") and not is_junk(child):
                    groups.setdefault((child.name, tuple(sorted(child.get("class") or []))), []).append(child)
            for members in groups.values():
                if len(members) >= _MIN_CARDS:
                    self.card_group(members)

    def card_group(self, members: list[Tag]) -> None:
        readings: list[tuple | None] = []
        for el in members:
            if any(is_junk(p) for p in el.parents if isinstance(p, Tag)):
                return
            lines = [l for l in read_html_lines(el).lines if l.kind != "row"]
            if not lines or len(lines) > _MAX_CARD_LINES or sum(len(l.text) for l in lines) > _MAX_CARD_CHARS:
                readings.append(None)
                continue
            readings.append(_card_shape(lines))
        good = [r for r in readings if r is not None]
        if len(good) < max(_MIN_CARDS, -(-2 * len(members) // 3)):
            return
        kinds = [r[0] for r in good]
        major = max(set(kinds), key=kinds.count)
        readings = [r if r is not None and r[0] == major else None for r in readings]
        good = [r for r in readings if r is not None]
        if len(good) < max(_MIN_CARDS, -(-2 * len(members) // 3)):
            return  # person and talk cards mixed: no single shape
        names = [fold(r[1]) for r in good]
        if len(set(names)) < len(names) * 0.8:
            return  # repeated headings are labels, not names or titles
        date = self.date_above(members[0])
        for el, reading in zip(members, readings):
            if reading is None:
                continue
            if reading[0] == "person":
                self.card(reading[1], reading[2], 0.0)
            else:
                _kind, title, speakers, start, end = reading
                for name, org in speakers:
                    self.person(name, _person_confidence(name), org)
                label, title = strip_label(title)
                self.talks.append(Talk(title=title, event=self.event, date=date, start=start, end=end,
                                       speakers=[n for n, _ in speakers], kind=label,
                                       confidence=TALK_CONFIDENCE if speakers else TALK_BARE_CONFIDENCE))
        for el in members:
            self.mark(el, "cards")


def _card_shape(lines: list[HtmlLine]) -> tuple | None:
    """("person", name, other lines) or ("talk", title, speakers, start, end) for one card's lines."""
    texts = [l.text for l in lines]
    heading = next((k for k, l in enumerate(lines) if l.kind == "heading"), None)
    first = heading if heading is not None else 0
    if first > 1:
        return None
    lead = texts[first]
    rest = texts[first + 1:]
    if not rest:
        return None
    if (_is_name(lead) or heading is not None and _is_name(lead, 0.0)) and is_role_line(rest[0]):
        return ("person", lead, rest)
    talk = _talk_card(lead, rest) if is_title_like(lead) else None
    if talk is not None and (not _is_name(lead) or max(name_score(n) for n, _ in talk[2]) > name_score(lead)):
        return talk  # a title over its speakers: they are surer names than the title is
    if _is_name(lead):
        return ("person", lead, rest)
    return None


def _talk_card(lead: str, rest: list[str]) -> tuple | None:
    """("talk", title, speakers, start, end) when a card's lines after its title name speakers."""
    start = end = None
    speakers: list[tuple[str, str | None]] = []
    for t in rest:
        got = parse_clock_range(t)
        if got and start is None:
            start, end = got[0], got[1]
            continue
        found = parse_speakers(t)
        if found and not speakers:
            speakers = found
    return ("talk", lead, speakers, start, end) if speakers else None


# ---------------------------------------------------------------------------------- table grid

@dataclass
class _Cell:
    col: int
    span: int
    text: str
    parts: list[str]
    header: bool
    carried: bool = False  # a rowspan cell seen again in a later row


def _cell_parts(cell: Tag) -> list[str]:
    if cell.find(True) is None:  # text only
        text = " ".join(cell.get_text().split())
        return [text] if text else []
    lines = [l.text for l in read_html_lines(cell).lines]
    if len(lines) == 1:
        kids = [k for k in cell.find_all(True, recursive=False) if not is_junk(k)]
        texts = [" ".join(k.get_text(" ").split()) for k in kids]
        texts = [t for t in texts if t]
        if len(texts) >= 2 and len(set(k.name for k in kids)) >= 2 and \
                fold(" ".join(texts)) == fold(lines[0]):
            return texts  # "<strong>Title</strong> <em>Speaker</em>": one line, two parts
    return lines


def _grid(table: Tag) -> list[list[_Cell]]:
    """The table's rows as cells placed on columns; a ``rowspan`` cell is repeated (``carried``) below."""
    rows: list[list[_Cell]] = []
    pending: dict[int, tuple[int, _Cell]] = {}  # column -> (rows left, cell) from rowspan
    for tr in table.find_all("tr", limit=_MAX_ROWS):
        if tr.find_parent("table") is not table or is_junk(tr):
            continue
        head_row = tr.find_parent("thead") is not None
        tds = [td for td in tr.find_all(["td", "th"], recursive=False) if not is_junk(td)]
        row: list[_Cell] = []
        col, i = 0, 0
        while True:
            if col in pending:
                left, cell = pending.pop(col)
                row.append(_Cell(cell.col, cell.span, cell.text, cell.parts, cell.header, True))
                if left > 1:
                    pending[col] = (left - 1, cell)
                col += cell.span
                continue
            if i < len(tds):
                td = tds[i]
                i += 1
                span = _int_attr(td, "colspan")
                parts = _cell_parts(td)
                cell = _Cell(col, span, " ".join(" ".join(parts).split()), parts, td.name == "th" or head_row)
                row.append(cell)
                down = _int_attr(td, "rowspan")
                if down > 1:
                    pending[col] = (down - 1, cell)
                col += span
                continue
            later = [c for c in pending if c > col]
            if not later:
                break
            col = min(later)
        if row:
            rows.append(row)
    return rows


def _infer_slots(grid: list[list[_Cell]]) -> list[str | None] | None:
    """Columns of a table without a header row: a clock column, a speakers column, a title column.

    Only rows of single-column cells are looked at; at least three of them, times in 80% of the
    time column, names in 60% of the speaker column, titles (not names) in 60% of the title one.
    """
    full = [row for row in grid if len(row) >= 2 and all(c.span == 1 and not c.carried for c in row)]
    if len(full) < 3:
        return None
    width = max(c.col + 1 for row in full for c in row)
    columns = [[c.text for row in full for c in row if c.col == k] for k in range(width)]

    def share(values: list[str], test) -> float:
        return sum(1 for v in values if v and test(v)) / max(1, len(full))

    slots: list[str | None] = [None] * width
    clock = [share(v, lambda t: parse_clock_range(t.lstrip("-–• ")) is not None) for v in columns]
    if max(clock) < 0.8:
        return None
    slots[clock.index(max(clock))] = "time"
    free = [k for k in range(width) if slots[k] is None]
    names = {k: share(columns[k], lambda t: bool(parse_speakers(t))) for k in free}
    speaker = max(names, key=lambda k: names[k], default=None)
    if speaker is not None and names[speaker] >= 0.6:
        slots[speaker] = "speaker"
    free = [k for k in range(width) if slots[k] is None]
    titles = {k: share(columns[k], lambda t: is_title_like(t) and not parse_speakers(t)) for k in free}
    title = max(titles, key=lambda k: titles[k], default=None)
    if title is None or titles[title] < 0.6:
        return None
    slots[title] = "title"
    return slots


def _int_attr(td: Tag, name: str) -> int:
    try:
        return max(1, min(50, int(str(td.get(name) or "1").strip())))
    except ValueError:
        return 1


def _is_header_row(row: list[_Cell]) -> bool:
    texts = [fold(c.text) for c in row if c.text]
    if len(texts) < 2:
        return False
    mapped = sum(1 for t in texts if any(rx.match(t) for _, rx in COLUMN_SLOTS))
    if all(c.header for c in row if not c.carried) and mapped >= 1:
        return True
    return mapped >= 2 and mapped >= len(texts) - 1 and all(len(t.split()) <= 3 for t in texts)


# ---------------------------------------------------------------------------------- cells

def _times(by_slot: dict) -> tuple[str | None, str | None]:
    start = end = None
    if "time" in by_slot:
        got = parse_clock_range(by_slot["time"].text.lstrip("-–• "))
        if got:
            start, end = got[0], got[1]
    if "start" in by_slot and start is None:
        got = parse_clock_range(by_slot["start"].text)
        start = got[0] if got else None
    if "end" in by_slot and end is None:
        got = parse_clock_range(by_slot["end"].text)
        end = got[0] if got else None
    return start, end


def _cell_text(cell: "_Cell | None") -> str | None:
    if cell is None or not cell.text or is_ui_text(cell.text) and len(cell.text) > 40:
        return None
    return cell.text


def _title_and_speakers(parts: list[str]) -> tuple[str, list[tuple[str, str | None]]]:
    """A talk cell: title on its first line, speakers on the next ("by A", "A, Company"), or inline."""
    parts = [p for p in parts if p and not is_ui_text(p)]
    if not parts:
        return "", []
    title = parts[0]
    speakers = _speakers_of_parts(parts[1:]) if len(parts) > 1 else []
    if not speakers:
        m = re.match(r"^(?P<title>.+?)\s+(?:by|with|[–—-])\s+(?P<names>[^–—-]+)$", title)
        if m:
            found = parse_speakers(m["names"])
            if found:
                title, speakers = m["title"].strip(" :–—-"), found
        else:
            m = re.match(r"^(?P<title>.+?)\s*\((?P<names>[^()]+)\)$", title)
            found = parse_speakers(m["names"]) if m else []
            if m and found:
                title, speakers = m["title"].strip(), found
    title = title.strip().strip("\"“”").strip()
    return title, speakers


def _speakers_of_parts(parts: list[str]) -> list[tuple[str, str | None]]:
    """Speakers over several lines: "Name" / "Company" pairs, or a names line per speaker."""
    out: list[tuple[str, str | None]] = []
    for part in parts:
        found = parse_speakers(part, column=True)
        if found:
            out.extend(found)
        elif out and out[-1][1] is None and not is_prose(part) and len(part) <= 80:
            role, org = split_role_org(part)
            out[-1] = (out[-1][0], org or (part if role is None else None))
    return out


def _person_confidence(name: str) -> float:
    score = name_score(name)
    return 0.9 if score >= 0.7 else 0.8 if score >= 0.4 else 0.65


# ---------------------------------------------------------------------------------- entry point

def read_html_blocks(soup: BeautifulSoup | Tag, *, event: str | None = None, year: int | None = None) -> BlockReading:
    """People and talks stated by the page's headed tables, definition-list cards and card grids.

    Parameters
    ----------
    soup : BeautifulSoup or Tag
        The parsed page.
    event : str, optional
        The page's event (read from its headings by the text reader): the event of every talk.
    year : int, optional
        The year for day headings without one ("Friday, 10 March"); else a year of the page title.

    Examples
    --------
    >>> page = BeautifulSoup("<h2>Friday, 2 May 2031</h2><table><tr><th>Time</th><th>Talk</th><th>Speaker</th></tr>"
    ...                      "<tr><td>9:00-9:45</td><td>Tidy Queues</td><td>Ilse Varga, Quillwork</td></tr>"
    ...                      "<tr><td>10:00</td><td colspan='2'>Coffee</td></tr></table>", "lxml")
    >>> reading = read_html_blocks(page)
    >>> [(t.title, t.date, t.start, t.end, t.speakers) for t in reading.data.talks]
    [('Tidy Queues', '2031-05-02', '09:00', '09:45', ['Ilse Varga'])]
    >>> [(a.organization, a.current) for a in reading.data.people[0].affiliations]
    [('Quillwork', True)]
    """
    if year is None:
        title = soup.find("title") if isinstance(soup, (BeautifulSoup, Tag)) else None
        m = _YEAR.search(title.get_text(" ")) if title is not None else None
        year = int(m.group(1)) if m else None
    blocks = _Blocks(soup, event, year)
    blocks.tables()
    blocks.definitions()
    blocks.cards()
    data = StructuredData(people=list(blocks.people.values()), talks=blocks.talks, forms=blocks.forms)
    return BlockReading(data, blocks.read)
