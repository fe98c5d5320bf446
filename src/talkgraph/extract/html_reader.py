"""Reading an HTML page by its structure: structured data first, then the text of its document tree.

1. Structured data (``records.structured_data``: schema.org JSON-LD and microdata, hCard and
   h-event) gives people and talks with confidence 1.0.
2. The page's blocks (``extract.html_blocks``): headed schedule tables and room grids,
   definition lists of people and grids of repeated cards give people and talks by their
   structure (confidence 0.65-0.9); the elements read are left out of the text below.
3. A page in the speaker-page layout the box reader knows (``records.speaker_html``, chosen
   by markup evidence) is read by it: it measures better there than any general reading.
4. Any other page is turned into structured text lines (``records.html_tree``: furniture
   dropped, headings, list items, table rows and definition lists kept) and read by the
   plain-text page reader (``extract.page_reader``), with each line's kind as a hint
   (``extract.line_hints``: section headings are never people or talks).
5. The readings are merged: what structured data states wins (names, employers, titles,
   dates, times, speakers), then what the blocks state; the text reading adds what they
   lack (a headline, other affiliations, other people and talks, mentions).

A page where neither reading finds a person or a talk gives an empty record and a warning
naming the page and why, never a made-up person.
"""
from __future__ import annotations

import difflib
import logging
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from ..config import Settings
from ..records.html_tree import HtmlText, read_html_lines
from ..records.model import ExtractionRecord, Person, Talk
from ..records.sources import SourceText
from ..records.speaker_html import is_speaker_layout, parse_speaker_html
from ..records.structured_data import StructuredData, read_structured_data
from .html_blocks import read_html_blocks
from ..keys import fold_key

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["PageReading", "read_html_page", "merge_structured", "title_event"]

log = logging.getLogger(__name__)

_TITLE_PARTS = re.compile(r"\s+[|–—·•:»]\s+|\s+-\s+")
_EVENT_HINT = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b|(?:conf(?:erence)?|con|summit|meetup|meet-up|days|camp|fest(?:ival)?"
                         r"|forum|expo|week|symposium|workshop|hackathon|user group)\b", re.I)
_SAME_TITLE = 0.9  # difflib ratio of folded titles for one talk read twice
_TEXT_BESIDE_DATA = 0.8  # a text-read person the structured data does not name is kept from this confidence


@dataclass
class PageReading:
    """One page's extraction record, the layout that read it, and its warnings.

    ``notes`` are ``(kind, message)`` pairs; ``warnings`` are the text reader's (no confident reading).
    """

    record: ExtractionRecord
    layout: str
    notes: list[tuple[str, str]] = field(default_factory=list)
    lines: HtmlText | None = None  # the page's structured text lines (not for the box layout)
    warnings: list[str] = field(default_factory=list)  # the text reader's: why it found nothing


def read_html_page(src: SourceText, settings: Settings | None = None, nlp: "Language | None" = None) -> PageReading:
    """The extraction record of one HTML page (saved file or fetched URL).

    Parameters
    ----------
    src : SourceText
        The decoded page; ``src.path`` names the record.
    settings : Settings, optional
    nlp : spacy.language.Language, optional
        The pipeline to read texts with (``extract.nlp.build_nlp(settings)`` by default).

    Returns
    -------
    PageReading
        Never raises for a page without people or talks: the record is empty and a note says why.

    Examples
    --------
    >>> page = SourceText("lineup.html", '<html><body><nav>Home</nav><div class="cookie-banner">'
    ...                   'We use cookies <button>Accept</button></div></body></html>', "0" * 64, "utf-8", 0)
    >>> reading = read_html_page(page)
    >>> reading.record.people, reading.notes
    ([], [('nothing-read', 'no person or talk found: the page holds only navigation, banners, forms or scripts')])
    """
    soup = BeautifulSoup(src.text, "lxml")
    if is_speaker_layout(soup):  # measured: its JSON-LD adds nothing the boxes lack (and one wrong person)
        from .pipeline import extract_page

        page = parse_speaker_html(src, soup)
        return PageReading(extract_page(page, settings, nlp), page.layout)
    data = read_structured_data(soup)
    notes = [("structured-data", problem) for problem in data.problems]
    lines = read_html_lines(soup)
    blocks = None
    event = None
    if lines.lines:
        from .page_reader import read_page_context

        event, year = read_page_context(lines.text)
        if event is None and len(data.events) == 1:
            event = data.events[0]
        event = event or title_event(soup, lines)
        blocks = read_html_blocks(soup, event=event, year=year)
        if blocks.elements:
            lines = read_html_lines(soup, skip=blocks.elements)
    text_record, warnings = _read_text(src, lines, settings, nlp)
    record = text_record
    forms = list(data.forms)
    if blocks is not None and blocks.data:
        record = merge_structured(blocks.data, text_record, src.path)
        forms += blocks.data.forms
    record = merge_structured(data, record, src.path)
    if event:
        for talk in record.talks:
            talk.event = talk.event or event
    layout = "html+" + "+".join(forms) if forms else "html"
    if record.people or record.talks:
        warnings = []  # the structured data read what the text reader could not
    elif not lines.lines:
        notes.append(("nothing-read", "no person or talk found: the page holds only navigation, banners, "
                                      "forms or scripts"))
    return PageReading(record, layout, notes, lines, warnings)


def title_event(soup: BeautifulSoup, lines: HtmlText | None = None) -> str | None:
    """The event a page's ``<title>`` names beside the page's own heading ("Talk title – Some Conf 2031").

    Only a part of a title with separators counts, one that reads as an event (a year or an
    event word) and is neither the page's first heading nor a section word.

    Examples
    --------
    >>> title_event(BeautifulSoup("<title>Speakers | Tidewater Summit 2031</title>", "lxml"))
    'Tidewater Summit 2031'
    >>> title_event(BeautifulSoup("<title>Ada Lovelace</title>", "lxml")) is None
    True
    """
    from .line_hints import is_furniture_heading

    title = soup.find("title")
    text = " ".join(title.get_text(" ").split()) if title is not None else ""
    parts = [p.strip() for p in _TITLE_PARTS.split(text) if p.strip()]
    if len(parts) < 2 or len(text) > 200:
        return None
    heading = next((line.text for line in (lines.lines if lines else ()) if line.kind == "heading"), None)
    found = [p for p in parts if _EVENT_HINT.search(p) and not is_furniture_heading(p) and len(p.split()) <= 8
             and (heading is None or fold_key(p) != fold_key(heading))]
    return found[-1] if found else None


def _read_text(src: SourceText, lines: HtmlText, settings: Settings | None,
               nlp: "Language | None") -> tuple[ExtractionRecord, list[str]]:
    """The plain-text page reader over the page's lines, and its warnings."""
    from .page_reader import read_text_reading

    if not lines.lines:
        return ExtractionRecord(source=src.path), []
    reading = read_text_reading(SourceText(src.path, lines.text, src.sha256, src.encoding, src.size), settings, nlp,
                                lines.hints)
    reading.record.source = src.path
    return reading.record, list(reading.warnings)


def _same_name(a: str, b: str) -> bool:
    from .mentions import is_same_person

    return fold_key(a) == fold_key(b) or is_same_person(a, b)


def _same_title(a: str, b: str) -> bool:
    fa, fb = fold_key(a), fold_key(b)
    return fa == fb or difflib.SequenceMatcher(None, fa, fb).ratio() >= _SAME_TITLE


def merge_structured(data: StructuredData, record: ExtractionRecord, source: str) -> ExtractionRecord:
    """Structured facts over the text reading: structured values win, the text fills what they lack.

    A person of both readings (same name) keeps the structured name, employers and education,
    plus the text's headline when structured data gave none and the text's other
    affiliations; a talk of both (same title) keeps the structured title, event, date, times
    and speakers, plus whatever else the text read. People and talks only the text found
    follow, then the text's mentions that are not people of the page. A text-read talk whose
    title holds the full name of a person of the data is a card line misread, and is left out.
    """
    if not data:
        return replace(record, source=source)
    people: list[Person] = [replace(p, affiliations=list(p.affiliations), education=list(p.education))
                            for p in data.people]
    for person in record.people:
        twin = next((p for p in people if _same_name(p.name, person.name)), None)
        if twin is None:
            if not people or (person.confidence is not None and person.confidence >= _TEXT_BESIDE_DATA):
                people.append(person)  # else: the page's data names its people, and not this one
            continue
        twin.headline = person.headline or twin.headline  # the line the page shows under the name
        known = {fold_key(a.organization) for a in twin.affiliations}
        twin.affiliations.extend(a for a in person.affiliations if fold_key(a.organization) not in known)
        schools = {fold_key(e.institution or "") for e in twin.education}
        twin.education.extend(e for e in person.education if fold_key(e.institution or "") not in schools)
    talks: list[Talk] = [replace(t, speakers=list(t.speakers), speaker_roles=dict(t.speaker_roles)) for t in data.talks]
    _tag_topics(talks)
    known_names = [fold_key(p.name) for p in data.people if len(p.name.split()) >= 2]
    for talk in record.talks:
        title_key = f" {fold_key(talk.title)} "
        if any(f" {name} " in title_key for name in known_names) and not any(
                _same_title(t.title, talk.title) for t in talks):
            continue  # a card's "Name Role Company" line read as a title: the data says who that is
        same = next((t for t in talks if _same_title(t.title, talk.title) and (t.date is None or talk.date is None
                                                                            or t.date == talk.date)), None)
        if same is None:
            talks.append(talk)
            continue
        for name in ("event", "date", "start", "end", "track", "audience", "abstract", "kind", "room", "language"):
            if getattr(same, name) is None and getattr(talk, name) is not None:
                setattr(same, name, getattr(talk, name))
        if not same.speakers:
            same.speakers, same.speaker_roles = list(talk.speakers), dict(talk.speaker_roles)
        same.objectives = same.objectives or list(talk.objectives)
        same.topics, same.topic_hits = talk.topics or same.topics, talk.topic_hits or same.topic_hits
    names = [p.name for p in people] + [s for t in talks for s in t.speakers]
    mentions = [m for m in record.mentions if not any(_same_name(m, n) for n in names)]
    return ExtractionRecord(source=source, people=people, talks=talks, mentions=mentions,
                            mention_evidence={m: e for m, e in record.mention_evidence.items() if m in mentions})


def _tag_topics(talks: list[Talk]) -> None:
    from .topics import find_topics_many, topic_labels

    if not talks:
        return
    records = [{"title": t.title, "abstract": (t.abstract or "")[:200_000], "objectives": ""} for t in talks]
    for talk, hits in zip(talks, find_topics_many(records, tags=[[] for _ in talks])):
        talk.topic_hits = hits
        talk.topics = topic_labels(hits)
