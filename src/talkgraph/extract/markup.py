"""Reduce descriptions written in HTML, Markdown or reStructuredText to plain text before tagging."""
from __future__ import annotations

import html
import re

__all__ = ["plain_text", "is_degenerate"]

# Markup is recognised by its shape, whatever the source: pyvideo descriptions hold all three.
_SCRIPT = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_BLOCK_TAG = re.compile(r"</?(p|br|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|section|dd|dt)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:-]*(\s[^<>]*)?/?>")
_URL = re.compile(r"\b(?:https?|ftp)://\S+|\bwww\.\S+", re.I)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|`+)(?=\S)(.+?)(?<=\S)\1", re.S)
_RST_LINK = re.compile(r"`([^`<]+?)\s*<[^>]*>`_{1,2}")
_RST_ROLE = re.compile(r":[a-zA-Z][\w.+-]*:`([^`]*)`")
_RST_DIRECTIVE = re.compile(r"^\s*\.\.\s+[\w:-]+::.*$|^\s*\.\.\s+_[^:]+:.*$|^\s*\.\.\s*$", re.M)
_RST_TARGET_REF = re.compile(r"`([^`]+)`_{1,2}|\|([^|\s][^|]*)\|")
_UNDERLINE = re.compile(r"^\s*([=\-~^\"'`#*+_.:])\1{2,}\s*$", re.M)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANKS = re.compile(r"\n\s*\n\s*")
_WORD = re.compile(r"\w+")


def plain_text(text: str, *, max_chars: int = 200_000) -> str:
    """The readable words of ``text``: tags, link targets, directives and emphasis marks removed.

    Text longer than ``max_chars`` is cut first (a 5 MB description costs no more than its head).

    Examples
    --------
    >>> plain_text("<p>Intro to <b>asyncio</b></p><script>var x = 'Rust';</script>")
    'Intro to asyncio'
    >>> plain_text("See [the docs](https://example.org/docs) and `pytest <https://example.org>`_.")
    'See the docs and pytest.'
    >>> plain_text("Title\\n=====\\n\\n.. image:: x.png\\n\\nUse :func:`map` **now**")
    'Title\\nUse map now'
    """
    if not text:
        return ""
    text = text[:max_chars]
    if "<" in text:
        text = _SCRIPT.sub(" ", text)
        text = _COMMENT.sub(" ", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _RST_LINK.sub(r"\1", text)
    text = _RST_ROLE.sub(r"\1", text)
    text = _RST_DIRECTIVE.sub("", text)
    text = _MD_REF.sub("", text)
    text = _URL.sub(" ", text)
    text = _RST_TARGET_REF.sub(lambda m: m.group(1) or m.group(2), text)
    text = _UNDERLINE.sub("", text)
    text = _MD_HEADING.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    text = _BULLET.sub("", text)
    text = _SPACES.sub(" ", text)
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    return _BLANKS.sub("\n", text).strip()


def is_degenerate(text: str, *, min_words: int = 40, min_distinct_share: float = 0.05) -> bool:
    """True for text that is one word (or a handful) repeated: filler, not a description.

    Examples
    --------
    >>> is_degenerate("python " * 5000)
    True
    >>> is_degenerate("A short abstract about Python and its packaging tools.")
    False
    """
    words = _WORD.findall(text[:20_000].casefold())
    if len(words) < min_words:
        return False
    return len(set(words)) / len(words) < min_distinct_share
