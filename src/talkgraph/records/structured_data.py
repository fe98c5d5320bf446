"""Structured data in an HTML page: schema.org JSON-LD and microdata, hCard and h-event microformats.

Every form is first turned into the same plain JSON-LD-like nodes (``{"@type": "Person",
"name": ...}``), then read into people and talk occurrences by one set of rules:

* ``Person``: ``name`` (or ``givenName`` + ``familyName``), ``jobTitle``, ``worksFor`` (current
  employer) and ``affiliation``, ``alumniOf`` (education);
* any ``*Event`` type (``Event``, ``EducationEvent``...): a talk when it lasts less than a day or
  hangs under another event (``superEvent``, or the ``subEvent`` of one); an event spanning days
  is the conference and names the event of the page's talks. ``performer``/``performers`` are
  the speakers, a person ``organizer`` of a talk its host; ``startDate``/``endDate`` give the
  date, times and UTC offset; ``location`` of a talk is its room.

JSON-LD is parsed with the ``json`` module only: no ``@context`` is ever fetched or expanded
(rdflib's JSON-LD parser would resolve remote and ``file:`` contexts). Terms are read by their
local name, with or without a ``schema:`` or ``http(s)://schema.org/`` prefix. Facts from
structured data carry confidence 1.0.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from bs4 import BeautifulSoup, Tag

from .model import Affiliation, Education, Person, Talk

__all__ = ["StructuredData", "read_structured_data", "jsonld_nodes", "microdata_nodes", "microformat_nodes"]

_PREFIX = re.compile(r"^(?:https?://schema\.org/|schema:|sdo:)", re.I)
_ISO = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?", re.I)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_MAX_NODES = 5_000  # nodes read from one page; a bigger graph is cut, not refused
_PEOPLE_KEYS = ("performer", "performers", "actor", "speaker", "speakers")


@dataclass
class StructuredData:
    """What a page's structured data says; ``forms`` lists which forms were found."""

    people: list[Person] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # names of conference-level events
    forms: list[str] = field(default_factory=list)  # "json-ld", "microdata", "microformats"
    problems: list[str] = field(default_factory=list)  # e.g. a JSON-LD block that is not JSON

    def __bool__(self) -> bool:
        return bool(self.people or self.talks)


# ---- the three forms, as nodes --------------------------------------------------------------

def jsonld_nodes(soup: BeautifulSoup, problems: list[str]) -> list[dict]:
    """The top-level objects of every ``application/ld+json`` script (``@graph`` lists opened)."""
    out: list[dict] = []
    scripts = soup.find_all("script", attrs={"type": re.compile(r"^\s*application/ld\+json\s*(;.*)?$", re.I)})
    for n, script in enumerate(scripts, 1):
        text = script.string if script.string is not None else script.get_text()
        text = text.strip()
        for wrapper in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("/*<![CDATA[*/", "/*]]>*/")):
            if text.startswith(wrapper[0]) and text.endswith(wrapper[1]):
                text = text[len(wrapper[0]):-len(wrapper[1])].strip()
        if not text:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            try:  # the common hand-written slip: a comma before } or ]
                data = json.loads(_TRAILING_COMMA.sub(r"\1", text))
            except ValueError as exc:
                problems.append(f"JSON-LD block {n} is not valid JSON ({exc}); skipped")
                continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                graph = item.get("@graph")
                out.extend(g for g in graph if isinstance(g, dict)) if isinstance(graph, list) else out.append(item)
    return out


def microdata_nodes(soup: BeautifulSoup) -> list[dict]:
    """Top-level ``itemscope`` items as nodes; nested items become nested nodes."""
    return [_microdata_item(el) for el in soup.find_all(itemscope=True)
            if not el.has_attr("itemprop") and el.find_parent(attrs={"itemscope": True}) is None]


def _microdata_item(el: Tag) -> dict:
    node: dict[str, Any] = {}
    types = el.get("itemtype")
    if types:
        node["@type"] = [t.rstrip("/").rsplit("/", 1)[-1] for t in str(types).split()]
    for prop_el in _own_props(el):
        value = _microdata_item(prop_el) if prop_el.has_attr("itemscope") else _microdata_value(prop_el)
        for prop in str(prop_el["itemprop"]).split():
            prop = prop.rstrip("/").rsplit("/", 1)[-1]
            node.setdefault(prop, []).append(value)
    return node


def _own_props(item: Tag) -> Iterator[Tag]:
    """Elements with ``itemprop`` whose nearest item is ``item``."""
    for el in item.find_all(itemprop=True):
        owner = el.find_parent(attrs={"itemscope": True})
        if owner is item:
            yield el


def _microdata_value(el: Tag) -> str:
    for attr, tags in (("content", None), ("datetime", {"time"}), ("href", {"a", "link", "area"}),
                       ("src", {"img", "audio", "video", "source", "iframe", "embed"}), ("value", {"data", "meter"})):
        if (tags is None or el.name in tags) and el.has_attr(attr):
            return str(el[attr]).strip()
    return _text(el)


def _text(el: Tag) -> str:
    return " ".join(el.get_text(" ").split())


_MF_EVENT = {"h-event", "vevent"}
_MF_CARD = {"h-card", "vcard"}


def microformat_nodes(soup: BeautifulSoup) -> list[dict]:
    """hCard (``h-card``/``vcard``) and h-event (``h-event``/``vevent``) roots as nodes."""
    out = []
    for el in soup.find_all(class_=lambda c: bool(c) and bool(set(str(c).split()) & (_MF_EVENT | _MF_CARD))):
        if el.find_parent(class_=lambda c: bool(c) and bool(set(str(c).split()) & _MF_EVENT)) is not None:
            continue  # a card inside an event is read as its speaker
        if el.find_parent(class_=lambda c: bool(c) and bool(set(str(c).split()) & _MF_CARD)) is not None:
            continue  # a card inside a card is its organisation
        out.append(_mf_node(el))
    return out


def _classes(el: Tag) -> set[str]:
    return set(el.get("class") or [])


def _mf_props(root: Tag, names: set[str]) -> list[Tag]:
    """Descendants carrying one of ``names`` that belong to ``root`` (not to a nested root)."""
    roots = _MF_EVENT | _MF_CARD
    found = []
    for el in root.find_all(class_=lambda c: bool(c) and bool(set(str(c).split()) & names)):
        owner = el.find_parent(class_=lambda c: bool(c) and bool(set(str(c).split()) & roots))
        if owner is root:
            found.append(el)
    return found


def _single_attr(el: Tag, name: str) -> str | None:
    """A single-valued attribute (bs4 gives a list only for multi-valued ones such as ``class``)."""
    value = el.get(name)
    return value if isinstance(value, str) else None


def _mf_value(el: Tag, kind: str) -> str:
    """A property's value: ``dt-`` from ``datetime``/``title``/value-class, ``u-`` from ``href``, else text."""
    if kind == "dt":
        for attr in ("datetime", "title", "content"):
            if el.has_attr(attr):
                return str(el[attr]).strip()
        parts = [p for p in el.find_all(class_="value")]
        if parts:
            return " ".join(_single_attr(p, "title") or _single_attr(p, "datetime") or _text(p) for p in parts)
    if kind == "u" and el.has_attr("href"):
        return str(el["href"]).strip()
    if el.name == "abbr" and el.has_attr("title"):
        return str(el["title"]).strip()
    return _text(el)


def _first(root: Tag, props: tuple[str, ...], kind: str = "p") -> str | None:
    for el in _mf_props(root, set(props)):
        value = _mf_value(el, kind)
        if value:
            return value
    return None


def _mf_node(el: Tag) -> dict:
    classes = _classes(el)
    if classes & _MF_EVENT:
        node: dict[str, Any] = {"@type": "Event",
                                "name": _first(el, ("p-name", "summary")) or None,
                                "startDate": _first(el, ("dt-start", "dtstart"), "dt"),
                                "endDate": _first(el, ("dt-end", "dtend"), "dt"),
                                "location": _first(el, ("p-location", "location")),
                                "superEvent": _first(el, ("p-series",))}
        cards = [c for c in el.find_all(class_=lambda c: bool(c) and bool(set(str(c).split()) & _MF_CARD))
                 if c.find_parent(class_=lambda c: bool(c) and bool(set(str(c).split()) & _MF_EVENT)) is el]
        node["performer"] = [_mf_node(c) for c in cards]
        return node
    orgs = [c for c in _mf_props(el, {"p-org", "org"})]
    org = None
    for o in orgs:
        if _classes(o) & _MF_CARD:  # an embedded h-card for the organisation
            org = _first(o, ("p-name", "fn", "organization-name")) or _text(o)
        else:
            org = _first(o, ("organization-name",)) or _text(o)
        if org:
            break
    name = _first(el, ("p-name", "fn"))
    if not name and not _mf_props(el, {"p-given-name", "p-family-name", "given-name", "family-name"}):
        text = _text(el)
        name = text if 0 < len(text) <= 80 else None  # the implied name of a bare card
    if not name:
        given = _first(el, ("p-given-name", "given-name")) or ""
        family = _first(el, ("p-family-name", "family-name")) or ""
        name = f"{given} {family}".strip() or None
    return {"@type": "Person", "name": name, "jobTitle": _first(el, ("p-job-title", "title", "p-role", "role")),
            "worksFor": org}


# ---- nodes -> people and talks --------------------------------------------------------------

def _types(node: dict) -> set[str]:
    raw = node.get("@type") or node.get("type") or []
    raw = raw if isinstance(raw, list) else [raw]
    return {_PREFIX.sub("", str(t)) for t in raw if isinstance(t, str)}


def _get(node: dict, key: str) -> Any:
    """A property by its local name, whatever prefix it was written with."""
    if key in node:
        return node[key]
    for k, v in node.items():
        if isinstance(k, str) and _PREFIX.sub("", k) == key:
            return v
    return None


def _many(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _str(value: Any) -> str | None:
    """A plain text value: a string, the first of a list, ``@value``, or a node's ``name``."""
    for v in _many(value):
        if isinstance(v, dict):
            v = v.get("@value", _get(v, "name"))
            if isinstance(v, (list, dict)):
                v = _str(v)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            v = str(v)
        if isinstance(v, str):
            text = " ".join(v.split())
            if text:
                return text
    return None


def _is_event(types: set[str]) -> bool:
    return any(t.endswith("Event") for t in types)


def _when(value: Any) -> tuple[str | None, str | None, str | None]:
    """(date, HH:MM, UTC offset) of an ISO 8601 date or date-time."""
    text = _str(value)
    m = _ISO.match(text) if text else None
    if not m:
        return None, None, None
    date, hh, mm, tz = m.groups()
    start = f"{int(hh):02d}:{mm}" if hh is not None and int(hh) < 24 and int(mm) < 60 else None
    offset = None
    if tz:
        offset = "+00:00" if tz.upper() == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
    return date, start, offset


class _Reader:
    def __init__(self, nodes: list[dict]):
        self.ids: dict[str, dict] = {}
        self.count = 0
        for node in self._all(nodes):
            if isinstance(node.get("@id"), str) and len(node) > 1:
                self.ids.setdefault(node["@id"], node)
        self.people: dict[str, Person] = {}
        self.talks: list[Talk] = []
        self.events: list[str] = []

    def _all(self, nodes: list, depth: int = 0) -> Iterator[dict]:
        for node in nodes:
            if self.count >= _MAX_NODES or depth > 20:
                return
            if isinstance(node, dict):
                self.count += 1
                yield node
                for v in node.values():
                    if isinstance(v, (dict, list)):
                        yield from self._all(_many(v), depth + 1)
            elif isinstance(node, list):
                yield from self._all(node, depth + 1)

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.ids.get(value["@id"], value)
        return value

    def person(self, node: dict) -> Person | None:
        name = _str(_get(node, "name"))
        if not name:
            given, family = _str(_get(node, "givenName")), _str(_get(node, "familyName"))
            name = " ".join(p for p in (given, family) if p) or None
        if not name or len(name) > 200:
            return None
        key = " ".join(name.casefold().split())
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = Person(name=name, confidence=1.0)
        title = _str(_get(node, "jobTitle"))
        employers = [self.resolve(v) for v in _many(_get(node, "worksFor"))]
        others = [self.resolve(v) for v in _many(_get(node, "affiliation")) + _many(_get(node, "memberOf"))]
        for i, org in enumerate(employers):
            self._affiliation(person, _str(org), title if i == 0 else None, True)
        for org in others:
            self._affiliation(person, _str(org), None, None)
        if title and not employers and person.headline is None:
            person.headline = title  # with an employer, the title is the role of that affiliation
        for school in (self.resolve(v) for v in _many(_get(node, "alumniOf"))):
            inst = _str(school)
            if inst and not any(e.institution == inst for e in person.education):
                person.education.append(Education(institution=inst))
        return person

    @staticmethod
    def _affiliation(person: Person, org: str | None, role: str | None, current: bool | None) -> None:
        if not org or len(org) > 200:
            return
        for a in person.affiliations:
            if a.organization.casefold() == org.casefold():
                a.role = a.role or role
                a.current = a.current if a.current is not None else current
                return
        person.affiliations.append(Affiliation(organization=org, role=role, current=current, confidence=1.0))

    def read(self, nodes: list[dict]) -> None:
        everything = list(self._all(nodes))
        events = [n for n in everything if _is_event(_types(n))]
        parent_of: dict[int, str | None] = {}
        for e in events:
            for c in _many(_get(e, "subEvent")):
                parent_of[id(self.resolve(c))] = _str(_get(e, "name"))
        timed = sum(1 for e in events if _when(_get(e, "startDate"))[1])

        def is_conference(e: dict) -> bool:
            if _get(e, "subEvent"):
                return True
            if id(e) in parent_of or _get(e, "superEvent"):
                return False
            if _spans_days(e):
                return True
            return not _when(_get(e, "startDate"))[1] and (timed > 0 or len(self._performers(e)) > 3)

        conferences = [e for e in events if is_conference(e)]
        self.events = [n for n in (_str(_get(e, "name")) for e in conferences) if n]
        page_event = self.events[0] if len(self.events) == 1 else None
        for node in nodes:  # people the page is about: its own Person nodes ...
            for n in ([node] if "@graph" not in node else _many(node["@graph"])):
                if isinstance(n, dict) and "Person" in _types(n):
                    self.person(n)
        for e in events:
            if any(e is c for c in conferences):
                for v in self._performers(e):  # ... a line-up's performers ...
                    self.person(v)
                continue
            event = parent_of.get(id(e)) or _str(self.resolve(_get(e, "superEvent"))) or page_event
            self.talk(e, event)  # ... and the speakers and hosts of its talks

    def _performers(self, node: dict) -> list[dict]:
        out = []
        for key in _PEOPLE_KEYS:
            for v in _many(_get(node, key)):
                v = self.resolve(v)
                v = v if isinstance(v, dict) else {"@type": "Person", "name": v}
                if "Person" in _types(v) or not _types(v):
                    out.append(v)
        return out

    def talk(self, node: dict, event: str | None) -> None:
        title = _str(_get(node, "name"))
        if not title:
            return
        date, start, offset = _when(_get(node, "startDate"))
        end_date, end, _ = _when(_get(node, "endDate"))
        if end_date and date and end_date != date:
            end = None
        speakers, roles = [], {}
        for key, role in [(k, "speaker") for k in _PEOPLE_KEYS] + [("organizer", "host")]:
            for v in _many(_get(node, key)):
                v = self.resolve(v)
                if isinstance(v, dict) and "Person" not in _types(v) and _types(v):
                    continue  # an organisation performs or organises: not a speaker
                person = self.person(v) if isinstance(v, dict) else self.person({"name": v})
                if person is not None and person.name not in speakers:
                    speakers.append(person.name)
                    roles[person.name] = role
        location = self.resolve(_get(node, "location"))
        room = None
        if not (isinstance(location, dict) and "VirtualLocation" in _types(location)):
            room = _str(location)
        talk = Talk(title=title, event=event, date=date, start=start, end=end, speakers=speakers,
                    abstract=_str(_get(node, "description")), room=room, utc_offset=offset,
                    speaker_roles=roles, confidence=1.0)
        types = _types(node) - {"Event"}
        if types and len(types) == 1:
            kind = next(iter(types)).removesuffix("Event")
            talk.kind = kind if kind and kind not in {"Education", "Business", "Social"} else None
        self.talks.append(talk)


def _spans_days(node: dict) -> bool:
    start, _, _ = _when(_get(node, "startDate"))
    end, _, _ = _when(_get(node, "endDate"))
    return bool(start and end and start != end)


def read_structured_data(page: str | BeautifulSoup) -> StructuredData:
    """People and talk occurrences stated by a page's structured data, in document order.

    Examples
    --------
    >>> html = ('<script type="application/ld+json">{"@type": "Event", "name": "Tidy Queues",'
    ...         '"startDate": "2031-04-02T10:00+02:00", "endDate": "2031-04-02T10:40+02:00",'
    ...         '"performer": {"@type": "Person", "name": "Ilse Varga",'
    ...         '"worksFor": {"@type": "Organization", "name": "Quillwork"}}}</script>')
    >>> data = read_structured_data(html)
    >>> [(t.title, t.date, t.start, t.end, t.speakers) for t in data.talks]
    [('Tidy Queues', '2031-04-02', '10:00', '10:40', ['Ilse Varga'])]
    >>> [(a.organization, a.current) for a in data.people[0].affiliations]
    [('Quillwork', True)]
    """
    soup = BeautifulSoup(page, "lxml") if isinstance(page, str) else page
    data = StructuredData()
    forms = (("json-ld", jsonld_nodes(soup, data.problems)), ("microdata", microdata_nodes(soup)),
             ("microformats", microformat_nodes(soup)))
    nodes: list[dict] = []
    for form, found in forms:
        if found:
            data.forms.append(form)
            nodes.extend(found)
    if not nodes:
        return data
    reader = _Reader(nodes)
    reader.read(nodes)
    data.people = list(reader.people.values())
    data.talks = reader.talks
    data.events = reader.events
    return data
