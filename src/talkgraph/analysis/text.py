"""Words of a talk for "similar wording": tokens, per-language stop words, and the talk's own speakers' names left out.

Stop words come from spaCy's ``spacy.lang.<xx>.stop_words`` (no model needed) for each language
of :data:`STOP_LANGUAGES`. A talk's stop words are those of the language its record states
(``schema:inLanguage``) and of the one whose own stop words (those no other listed language
shares) its text uses most: schedules often state one language for every talk. English stop words and a few words every
conference text uses ("talk", "session") are left out of every talk, whatever its language.
"""
from __future__ import annotations

import functools
import importlib
import re
from typing import Iterable

__all__ = ["STOP_LANGUAGES", "stop_words", "guess_language", "tokenize", "name_tokens", "talk_tokens"]

STOP_LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pt")
# A guess needs at least this many of a language's own stop words in the text.
_MIN_HITS = 2

_TOKEN = re.compile(r"[^\W\d_][\w+#.-]*[\w+#]|[^\W\d_]", re.UNICODE)

# Words every conference text uses ("talk", "Vortrag"), beyond spaCy's lists: they say nothing about a talk.
_CONFERENCE = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each even every few for from further get gets getting had has
have having he her here hers herself him himself his how however i if in into is it its itself just let like
make makes many me more most much must my myself new no nor not now of off on once one only or other our ours
ourselves out over own per really same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up upon us use used uses using very via was way ways we
well were what when where which while who whom why will with within without would yet you your yours yourself
yourselves talk talks session speaker want wants going go see learn look show talking
vortrag vorträge vortrags referent referentin conférence conférences présentation exposé intervenant intervenante
""".split())


@functools.lru_cache(maxsize=None)
def _spacy_stop(lang: str) -> frozenset[str]:
    module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    return frozenset(w.lower() for w in module.STOP_WORDS)


@functools.lru_cache(maxsize=None)
def stop_words(lang: str | None = "en") -> frozenset[str]:
    """The words left out of a talk in ``lang`` (a BCP 47 tag; its primary subtag is used).

    English's and the conference words always; another language of :data:`STOP_LANGUAGES`
    adds its own. An unknown language gets the English set.

    >>> {"und", "die"} <= stop_words("de-AT") and "und" not in stop_words("en")
    True
    """
    base = _CONFERENCE | _spacy_stop("en")
    primary = (lang or "en").split("-")[0].lower()
    if primary == "en" or primary not in STOP_LANGUAGES:
        return base
    return base | _spacy_stop(primary)


@functools.lru_cache(maxsize=1)
def _own_stop_words() -> dict[str, frozenset[str]]:
    """Each language's stop words that no other language of :data:`STOP_LANGUAGES` has."""
    sets = {lang: _spacy_stop(lang) for lang in STOP_LANGUAGES}
    own = {}
    for lang, words in sets.items():
        others = frozenset().union(*(s for other, s in sets.items() if other != lang))
        own[lang] = words - others
    return own


def _words(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if len(t) > 1]


def guess_language(text: str) -> str:
    """The language of :data:`STOP_LANGUAGES` whose own stop words ``text`` uses most; "en" when unsure.

    >>> guess_language("Warum wir gegen die Überwachung und bei der Arbeit kämpfen")
    'de'
    >>> guess_language("Pourquoi nous avons choisi Python pour notre équipe")
    'fr'
    >>> guess_language("Scaling Erlang clusters")
    'en'
    """
    counts = {lang: 0 for lang in STOP_LANGUAGES}
    own = _own_stop_words()
    for word in _words(text):
        for lang, words in own.items():
            if word in words:
                counts[lang] += 1
    best = max(STOP_LANGUAGES, key=lambda lang: (counts[lang], lang == "en"))
    if counts[best] < _MIN_HITS or counts[best] <= counts["en"]:
        return "en"
    return best


def tokenize(text: str, stop: frozenset[str]) -> list[str]:
    """Lower-cased word tokens (keeping ``c++``, ``c#``, ``node.js``), stop words and 1-letter words out."""
    return [t for t in _TOKEN.findall(text.lower()) if len(t) > 1 and t not in stop]


def name_tokens(names: Iterable[str]) -> frozenset[str]:
    """The words of people's names, as :func:`tokenize` spells them (``"Bram Verburg"`` -> bram, verburg)."""
    return frozenset(t for name in names for t in _words(name))


def talk_tokens(text: str, *, language: str | None = None, speakers: Iterable[str] = ()) -> list[str]:
    """The words of a talk's text for "similar wording": its language's stop words and its speakers' names out.

    ``language`` is the language the record states; the one guessed from ``text`` counts too
    (schedules often state their default language for every talk, whatever it is in).

    >>> talk_tokens("Fireside chat with Bram Verburg and Maxim Fedorov on BEAM security",
    ...             speakers=["Bram Verburg", "Maxim Fedorov"])
    ['fireside', 'chat', 'beam', 'security']
    >>> talk_tokens("Die Welt gegen das Internet und die Zukunft bei uns")
    ['welt', 'internet', 'zukunft']
    """
    guessed = guess_language(text)
    stop = stop_words(guessed) | name_tokens(speakers)
    if language:
        stop |= stop_words(language)
    return tokenize(text, stop)
