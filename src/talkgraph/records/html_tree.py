"""An HTML page as structured text lines: headings, list items, table rows, fields, paragraphs.

The document tree is read, not the markup's text: scripts, styles, navigation, footers, forms,
buttons, hidden elements and cookie or consent banners are dropped; every block becomes one or
more lines that keep what the tree said about them (a heading and its level, a list item and
its depth, a table row with its cells tab-separated, a definition list entry as
``Label: value``). The plain-text page reader consumes the rendered text; the line kinds are
hints it may use.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

__all__ = ["HtmlLine", "HtmlText", "read_html_lines", "is_junk", "LINE_KINDS"]

LINE_KINDS = ("heading", "item", "row", "head-row", "field", "text")

# Elements whose content is never page text.
_DROP = {"script", "style", "noscript", "template", "svg", "canvas", "head", "nav", "footer", "form", "button",
         "input", "select", "option", "textarea", "label", "iframe", "object", "embed", "dialog", "menu",
         "map", "audio", "video", "picture", "img", "meta", "link"}
# ARIA roles of page furniture (a site header is "banner": kept, its navigation is dropped by tag/role).
_DROP_ROLES = {"navigation", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar", "contentinfo",
               "tablist", "button"}
# class/id words of banners and widgets, matched against each class token and the id.
_JUNK_WORD = re.compile(
    r"cookie|consent|gdpr|ccpa|onetrust|newsletter|subscribe|signup|sign-up|breadcrumb|skip-?link|"
    r"share-?(?:bar|buttons?|links?)|social-?(?:share|links|icons)|sr-only|visually-?hidden|screen-?reader|"
    r"^(?:menu|navbar|nav|site-?nav|topbar|site-?footer|footer|modal|popup|banner-?ad|advert|ads?)$", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dt", "fieldset",
          "figcaption", "figure", "header", "hgroup", "hr", "html", "li", "main", "p", "pre", "section", "summary",
          "tbody", "thead", "tfoot", "tr", "td", "th", "caption"}


@dataclass(frozen=True)
class HtmlLine:
    """One line of page text and what the tree says it is.

    ``kind`` is one of ``LINE_KINDS``; ``level`` is the heading level (1-6) for a heading, the
    nesting depth (1 = top list) for an item, else 0.
    """

    text: str
    kind: str = "text"
    level: int = 0


@dataclass(frozen=True)
class HtmlText:
    """The lines of a page, and the text rendering the text reader reads."""

    lines: tuple[HtmlLine, ...]

    @property
    def hints(self) -> list[tuple[str, str, int]]:
        """``(text, kind, level)`` of each line: the text reader's line hints (``extract.line_hints``)."""
        return [(line.text, line.kind, line.level) for line in self.lines]

    @property
    def text(self) -> str:
        """One line per ``HtmlLine``; a blank line before each heading and around lists, tables and fields."""
        out: list[str] = []
        prev = None
        for line in self.lines:
            group = {"heading": "text", "head-row": "row"}.get(line.kind, line.kind)
            if out and (line.kind == "heading" or prev == "heading" or group != prev) and out[-1] != "":
                out.append("")
            out.append(line.text)
            prev = "heading" if line.kind == "heading" else group
        return "\n".join(out) + ("\n" if out else "")


def is_junk(tag: Tag) -> bool:
    """True for page furniture: dropped tags and roles, hidden elements, banner and widget classes."""
    if tag.name in _DROP:
        return True
    attrs = tag.attrs
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("aria-modal") == "true":
        return True
    role = attrs.get("role")
    if isinstance(role, str) and role.strip().casefold() in _DROP_ROLES:
        return True
    style = attrs.get("style")
    if isinstance(style, str) and _HIDDEN_STYLE.search(style):
        return True
    words = list(attrs.get("class") or [])
    ident = attrs.get("id")
    if isinstance(ident, str):
        words.append(ident)
    return any(_JUNK_WORD.search(w) for w in words)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _inline_text(tag: Tag) -> str:
    """The text of an element on one line; blocks and ``<br>`` become spaces; junk is left out."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    parts.append(str(child))
            elif isinstance(child, Tag) and not is_junk(child):
                if child.name == "br" or child.name in _BLOCK:
                    parts.append(" ")
                walk(child)
                if child.name in _BLOCK:
                    parts.append(" ")

    walk(tag)
    return _clean("".join(parts))


class _Reader:
    def __init__(self, skip: frozenset[int] = frozenset()) -> None:
        self.lines: list[HtmlLine] = []
        self.buf: list[str] = []
        self.skip = skip  # ids of elements read elsewhere

    def flush(self, kind: str, level: int) -> None:
        text = _clean("".join(self.buf))
        self.buf = []
        if text:
            self.lines.append(HtmlLine(text, kind, level))

    def walk(self, node: Tag, kind: str = "text", level: int = 0) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                    self.buf.append(str(child))
                continue
            if not isinstance(child, Tag) or is_junk(child) or id(child) in self.skip:
                continue
            name = child.name
            if name == "br":
                self.flush(kind, level)
            elif name in _HEADINGS:
                self.flush(kind, level)
                text = _inline_text(child)
                if text:
                    self.lines.append(HtmlLine(text, "heading", _HEADINGS[name]))
            elif name in ("ul", "ol"):
                self.flush(kind, level)
                depth = level + 1 if kind == "item" else 1
                for li in child.children:  # <li>, or stray content between items: one item each
                    if isinstance(li, Tag) and not is_junk(li):
                        self.walk(li, "item", depth)
                        self.flush("item", depth)
            elif name == "table":
                self.flush(kind, level)
                self.table(child)
            elif name == "dl":
                self.flush(kind, level)
                self.definitions(child)
            elif name in _BLOCK:
                self.flush(kind, level)
                self.walk(child, kind, level)
                self.flush(kind, level)
            else:
                self.walk(child, kind, level)

    def table(self, table: Tag) -> None:
        caption = table.find("caption")
        if caption is not None and caption.find_parent("table") is table and _inline_text(caption):
            self.lines.append(HtmlLine(_inline_text(caption), "heading", 6))
        for row in table.find_all("tr"):
            if row.find_parent("table") is not table or any(is_junk(p) for p in row.parents if p is not table
                                                             and p.find_parent("table") is table):
                continue
            cells = [c for c in row.find_all(["td", "th"], recursive=False) if not is_junk(c)]
            if len(cells) == 1:  # a layout table: the cell is a container, read its blocks
                self.walk(cells[0])
                self.flush("text", 0)
                continue
            texts = [_inline_text(c) for c in cells]
            if any(texts):
                head = all(c.name == "th" for c in cells) or row.find_parent("thead") is not None
                self.lines.append(HtmlLine("\t".join(texts).strip("\t"), "head-row" if head else "row"))

    def definitions(self, dl: Tag) -> None:
        label = ""
        for el in dl.find_all(["dt", "dd"]):
            if el.find_parent("dl") is not dl or any(is_junk(p) for p in el.parents if p is not dl
                                                    and p.find_parent("dl") is dl):
                continue
            text = _inline_text(el)
            if el.name == "dt":
                label = text.rstrip(":").strip()
            elif text:
                self.lines.append(HtmlLine(f"{label}: {text}" if label else text, "field"))


def read_html_lines(page: str | BeautifulSoup | Tag, skip: Iterable[Tag] = ()) -> HtmlText:
    """The structured text lines of an HTML page (or of one element of it), leaving out ``skip`` elements.

    Examples
    --------
    >>> page = read_html_lines("<html><body><nav>Home</nav><h1>Ada Lovelace</h1>"
    ...                        "<dl><dt>Role</dt><dd>Analyst</dd></dl>"
    ...                        "<table><tr><td>10:00</td><td>Engines</td></tr></table></body></html>")
    >>> [(line.kind, line.level, line.text) for line in page.lines]
    [('heading', 1, 'Ada Lovelace'), ('field', 0, 'Role: Analyst'), ('row', 0, '10:00\\tEngines')]
    """
    root = BeautifulSoup(page, "lxml") if isinstance(page, str) else page
    if isinstance(root, BeautifulSoup):
        root = root.body or root
    reader = _Reader(frozenset(id(el) for el in skip))
    reader.walk(root)
    reader.flush("text", 0)
    return HtmlText(tuple(reader.lines))
