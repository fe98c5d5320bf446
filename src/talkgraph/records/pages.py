"""A speaker page as read from its layout, before any language processing."""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Activity", "SpeakerPage"]


@dataclass
class Activity:
    """One block under "Past Activities": a talk, tutorial, workshop or training occurrence."""

    title: str
    speakers: list[str] = field(default_factory=list)
    event: str | None = None
    kind: str | None = None  # "Training", "Tutorial", "Workshop" when the page labels the block
    date: str | None = None  # ISO 8601
    start: str | None = None  # HH:MM
    end: str | None = None
    track: str | None = None
    tags: list[str] = field(default_factory=list)  # every hashtag, track first
    abstract: str = ""  # description text outside the labelled sections
    audience: str | None = None
    objectives: list[str] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)  # other labelled sections, by upper-case label
    line: int | None = None  # 1-based line of the block's first line in the source


@dataclass
class SpeakerPage:
    """The subject of a speaker page, their bio and their activity blocks."""

    source: str
    name: str
    headline: str | None = None
    bio: str = ""  # paragraphs joined with "\n"
    url: str | None = None
    activities: list[Activity] = field(default_factory=list)
    layout: str = ""  # which reader understood it, e.g. "codesync-txt", "codesync-html"
