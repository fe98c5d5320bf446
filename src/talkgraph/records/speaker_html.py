"""Reading a saved HTML speaker page (name, headline, bio, past talks) from its markup."""
from __future__ import annotations

import logging

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from ..errors import RecordError
from ..keys import fold_key
from .pages import Activity, SpeakerPage
from .sources import SourceText
from .speaker_text import (
    fill_description, is_activity_header, is_name_like, parse_activity_lines, parse_when, split_slash_names,
)

__all__ = ["parse_speaker_html", "visual_lines", "is_speaker_layout"]

log = logging.getLogger(__name__)

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "button", "form", "iframe"}
_BLOCK = {"address", "article", "aside", "blockquote", "dd", "details", "dialog", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
          "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"}
_KINDS = {"training", "tutorial", "workshop", "keynote", "talk", "panel", "lightning talk", "masterclass"}


def _clean(text: str) -> str:
    return " ".join(text.split())


def visual_lines(element: Tag) -> list[str]:
    """The element's text as a reader sees it: block elements and ``<br>`` break lines.

    Whitespace inside a line is collapsed; empty lines are dropped; scripts and styles are skipped.
    """
    lines: list[list[str]] = [[]]

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                    lines[-1].append(str(child))
            elif not isinstance(child, Tag) or child.name in _SKIP:
                continue
            elif child.name == "br":
                lines.append([])
            elif child.name in _BLOCK:
                lines.append([])
                walk(child)
                lines.append([])
            else:
                walk(child)

    walk(element)
    return [text for text in (_clean("".join(parts)) for parts in lines) if text]


def parse_speaker_html(src: SourceText, soup: BeautifulSoup | None = None) -> SpeakerPage:
    """Read a saved HTML speaker page.

    On codesync-style markup the person is ``section#Speaker`` (``h1`` name, ``h2`` headline,
    ``div.speaker-description`` bio) and each activity is a ``div.conference--box`` with its
    sibling column (``h3`` title, ``div.desc``, ``div.hashtags``). Other pages degrade to the
    first ``h1`` as the name, the first ``h2`` after it as the headline, the paragraphs beside
    them as the bio, and the plain-text block rules over the page's visual lines for talks.

    Parameters
    ----------
    src : SourceText
        The decoded file.
    soup : BeautifulSoup, optional
        The file already parsed (by the caller, with lxml), so it is not parsed twice.

    Returns
    -------
    SpeakerPage

    Raises
    ------
    RecordError
        When no person can be found (no ``h1``/title that reads as a name).

    Notes
    -----
    ``Activity.line`` is None: the lxml tree builder keeps no source positions.
    """
    soup = soup if soup is not None else BeautifulSoup(src.text, "lxml")
    url = _canonical_url(soup)
    person = soup.select_one("section#Speaker") or soup.body or soup
    h1 = _first_with_text(person, "h1") or _first_with_text(soup, "h1")
    name = _clean(h1.get_text()) if h1 is not None else ""
    if not is_name_like(name):
        title = soup.title.get_text() if soup.title else ""
        fallback = _clean(title.replace("|", "\n").replace(" – ", "\n").replace(" - ", "\n").split("\n")[0])
        if not is_name_like(fallback):
            what = f"<h1> {name!r} does not read as a name" if name else "no <h1> or <title> naming a person"
            raise RecordError(f"no person found: {what}", record=src.path)
        name, h1 = fallback, None

    headline = None
    if h1 is not None:
        h2 = h1.find_next("h2")
        if h2 is not None and (person is soup or any(p is person for p in h2.parents)):
            text = _clean(h2.get_text())
            if text and not is_activity_header(text):
                headline = text

    boxes = soup.select("div.conference--box")
    known = bool(boxes) or person.name == "section"
    if known:
        activities = [a for a in (_read_box(box, src.path) for box in boxes) if a is not None]
        loose_bio = ""
    else:
        activities, loose_bio = _read_loose(soup, name, headline, src.path)
    layout = "codesync-html" if known else "html"
    bio_box = person.select_one(".speaker-description")
    bio = "\n".join(visual_lines(bio_box)) if bio_box is not None else loose_bio
    return SpeakerPage(source=src.path, name=name, headline=headline, bio=bio, url=url,
                       activities=activities, layout=layout)


def is_speaker_layout(soup: BeautifulSoup) -> bool:
    """True when the markup is the speaker-page layout this reader knows box by box.

    Evidence: a ``section#Speaker`` holding the person, or ``div.conference--box`` activity rows.
    """
    return soup.select_one("section#Speaker") is not None or soup.select_one("div.conference--box") is not None


def _first_with_text(root: Tag, tag: str) -> Tag | None:
    return next((el for el in root.find_all(tag) if _clean(el.get_text())), None)


def _canonical_url(soup: BeautifulSoup) -> str | None:
    link = soup.find("link", rel="canonical")
    if link is not None and link.get("href"):
        return str(link["href"])
    meta = soup.find("meta", property="og:url")
    if meta is not None and meta.get("content"):
        return str(meta["content"])
    return None


def _read_box(box: Tag, record: str) -> Activity | None:
    """One activity row: the box holds speakers/event/kind/date/time, the next column the talk."""
    heading = box.select_one(".heading--medium")
    head = visual_lines(heading) if heading is not None else []
    event = head[-1] if head else None
    speakers = split_slash_names(" / ".join(head[:-1]))

    kind = date = start = end = None
    small = box.select_one(".heading--small") or box
    # Each span is its own visual block there ("Training/" above "24 May 2021<br>10.00 - 14.30").
    parts = small.find_all("span") or [small]
    for line in (line for part in parts for line in visual_lines(part)):
        if line.endswith("/") and line[:-1].strip().casefold() in _KINDS:
            kind = line[:-1].strip().capitalize()
            continue
        when = parse_when(line)
        if when is not None:
            date, start, end = date or when[0], start or when[1], end or when[2]

    column = next((s for s in box.find_next_siblings() if isinstance(s, Tag) and s.find("h3")), None)
    title_el = column.find("h3") if column is not None else None
    title = _clean(title_el.get_text()) if title_el is not None else ""
    if column is None or not title:
        log.info("%s: activity box %r at %s has no title; skipped", record, event, date)
        return None
    act = Activity(title=title, speakers=speakers, event=event, kind=kind, date=date, start=start, end=end)
    act.tags = [t for t in (_clean(a.get_text()).lstrip("#").strip() for a in column.select(".hashtags a")) if t]
    desc = column.select_one(".desc")
    fill_description(act, visual_lines(desc) if desc is not None else [])
    return act


def _read_loose(soup: BeautifulSoup, name: str, headline: str | None,
                record: str) -> tuple[list[Activity], str]:
    """Talks and bio on a page without the known markup: the text rules over its visual lines.

    The bio is what stands between the name (and headline) and the talk list.
    """
    lines = visual_lines(soup.body or soup)
    key = fold_key(name)
    after = next((i + 1 for i, line in enumerate(lines) if fold_key(line) == key), 0)
    if headline and after < len(lines) and lines[after] == headline:
        after += 1
    header = next((i for i in range(after, len(lines)) if is_activity_header(lines[i])), None)
    activities, first_block = parse_activity_lines(lines, header + 1 if header is not None else after,
                                                   name=name, record=record)
    for act in activities:
        act.line = None  # positions in the flattened text, not in the file
    bio_end = header if header is not None else (first_block if first_block is not None else len(lines))
    return activities, "\n".join(lines[after:bio_end])


