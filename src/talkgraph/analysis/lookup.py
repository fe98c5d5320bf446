"""Finding a talk or a person by IRI, exact title or name; unknown ones fail with the closest matches."""
from __future__ import annotations

import difflib
from typing import Mapping

from ..errors import TalkgraphError
from ..keys import fold_key

__all__ = ["UnknownEntityError", "UnknownTalkError", "UnknownPersonError", "Lookup"]


class UnknownEntityError(TalkgraphError):
    """No talk or person of that title, name or IRI; ``matches`` holds the closest labels."""

    kind = "entity"

    def __init__(self, given: str, matches: list[str], *, ambiguous: bool = False):
        self.given, self.matches = given, matches
        if ambiguous:
            msg = f"{given!r} names several {self.kind}s: {', '.join(matches)}; give an IRI."
        elif matches:
            msg = (f"No {self.kind} {given!r} in the graph; closest: "
                   f"{'; '.join(repr(m) for m in matches)}. Give an exact {self._what} or an IRI.")
        else:
            msg = f"No {self.kind} {given!r} in the graph, and none with a similar {self._what}."
        super().__init__(msg)

    _what = "label"


class UnknownTalkError(UnknownEntityError):
    """No talk of that title or IRI."""

    kind = "talk"
    _what = "title"


class UnknownPersonError(UnknownEntityError):
    """No person of that name or IRI."""

    kind = "person"
    _what = "name"


class Lookup:
    """Resolve text to one IRI among ``labels`` (IRI -> label).

    Accepts the IRI (bare or in ``<...>``), the exact label, or the label up to case, accents
    and punctuation (:func:`talkgraph.keys.fold_key`).
    """

    def __init__(self, labels: Mapping[str, str], error: type[UnknownEntityError]):
        self.labels = dict(labels)
        self.error = error
        self._by_key: dict[str, list[str]] = {}
        for iri, label in self.labels.items():
            self._by_key.setdefault(fold_key(label or ""), []).append(iri)
        self._keys = list(self._by_key)

    def resolve(self, text: str) -> str:
        """The IRI ``text`` names.

        Raises
        ------
        UnknownEntityError
            (the subclass given) with up to five closest labels, when nothing matches or
            when several entities share the label.
        """
        given = text.strip()
        bare = given[1:-1] if given.startswith("<") and given.endswith(">") else given
        if bare in self.labels:
            return bare
        key = fold_key(given)
        hits = self._by_key.get(key, [])
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise self.error(given, sorted(hits), ambiguous=True)
        raise self.error(given, self.closest(given))

    def closest(self, text: str, n: int = 5) -> list[str]:
        """Labels most like ``text``: those containing it first, then difflib's closest."""
        key = fold_key(text)
        if not key:
            return []
        contains = [k for k in self._keys if key in k][:n]
        close = difflib.get_close_matches(key, self._keys, n=n, cutoff=0.6)
        keys = list(dict.fromkeys(contains + close))[:n]
        return [self.labels[self._by_key[k][0]] for k in keys]
