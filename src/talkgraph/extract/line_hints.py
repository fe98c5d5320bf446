"""What a page's document tree says about its lines, handed to the text reader as hints.

A hint is ``(text, kind, level)``: the line's text, its kind (``"heading"``, ``"item"``,
``"row"``, ``"head-row"``, ``"field"``, ``"text"``, as ``records.html_tree`` names them) and
its level (heading 1-6, list depth). The text reader (``extract.page_reader``) takes an
optional list of them; ``apply_hints`` lays them on its lines by their text, in order.

What the reader does with them: a heading that is page furniture (a section word such as
"Speakers", "Schedule", "Our line-up", a day or track heading such as "Day 1", "Track B",
a date) is never a person, a talk title or a speaker, though a day heading still dates the
slots under it; any other heading is read as the text reader decides (a title over its
abstract, a name over a bio).
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from .page_lines import Line, clean_line, is_ui_text, parse_day_heading, parse_numeric_date

__all__ = ["LineHint", "apply_hints", "is_furniture_heading", "furniture_lines"]

LineHint = tuple[str, str, int]

_LOOKAHEAD = 8  # hints looked at for each line (the reader drops blank and joins wrapped lines)

# Words of section headings: what a page calls its parts, never who or what is on it.
_SECTION_WORDS = frozenset("""
speakers speaker schedule schedules agenda agendas programme programmes program programs sessions session talks talk
keynotes keynote workshops workshop tutorials tutorial panels panel lightning sponsors sponsor partners partner
venue venues tickets ticket about contact contacts home lineup line-up line up featured main our the a an of and
for to in at on with by all full whole this that these previous past upcoming next latest more other overview
day days morning afternoon evening night week weekend track tracks room rooms stage stages hall halls floor
conference conferences event events meetup meetups summit information info practical details detail faq
news team organizers organisers organizer organiser volunteers call papers proposals cfp code conduct
register registration get touch involved location map travel hotel hotels accommodation getting there
videos slides photos gallery archive resources related recommended popular timetable calendar dates
opening closing remarks break breaks lunch coffee party social networking hosts host moderators moderator
presenters presenter panelists panelist instructors trainers attendees people who what when where why how
amazing awesome great inspiring world class invited special guest guests confirmed announced
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december
""".split())
_NUMBERED = re.compile(r"^(?:day|track|room|stage|hall|part|week|session|block|slot|level|floor)\s*[-#]?\s*"
                       r"(?:\d{1,2}|[ivx]{1,4}|[a-h]|one|two|three|four|five)\b(?:\s*[-–—:|,]\s*.{0,40})?$", re.I)


def is_furniture_heading(text: str) -> bool:
    """A heading naming a part of the page, not a person or a talk: "Speakers", "Day 1", "Track B", a date.

    Examples
    --------
    >>> [is_furniture_heading(t) for t in ("Speakers", "Our amazing line-up", "Day 2 — Friday", "Thursday, 9 March 2028")]
    [True, True, True, True]
    >>> [is_furniture_heading(t) for t in ("Ada Lovelace", "Sharding by Accident")]
    [False, False]
    """
    t = clean_line(text).strip(" :·|-–—")
    if not t or is_ui_text(t) or parse_day_heading(t) or parse_numeric_date(t) or _NUMBERED.match(t):
        return True
    words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", t.casefold())
    if not words or len(words) > 8:
        return not words
    return all(w in _SECTION_WORDS for w in words) and not re.search(r"[.!?]\s*\S", t)


def apply_hints(lines: Sequence[Line], hints: Iterable[LineHint]) -> None:
    """Set ``kind`` and ``level`` on the reader's lines from hints of the same texts, in order.

    A line matches a hint of the same text, or one it starts or ends with (a bullet the
    reader strips, a wrapped paragraph it joins). Lines without a matching hint keep
    ``"text"``.
    """
    keyed = [(clean_line(text), kind, level) for text, kind, level in hints]
    keyed = [h for h in keyed if h[0]]
    at = 0
    for line in lines:
        for j in range(at, min(len(keyed), at + _LOOKAHEAD)):
            text = keyed[j][0]
            if text == line.text or line.text.startswith(text) or text.endswith(line.text):
                line.kind, line.level = keyed[j][1], keyed[j][2]
                at = j + 1
                break


def furniture_lines(lines: Sequence[Line]) -> set[int]:
    """Indices (``Line.index``) of the headings that are page furniture."""
    return {line.index for line in lines if line.kind == "heading" and is_furniture_heading(line.text)}
