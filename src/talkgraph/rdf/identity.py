"""Identity rules: merges and splits a user adds on top of automatic key matching, and their evidence.

Automatic matching is the IRI minting itself (`rdf/iris.py`): people whose names fold to the same
key (case, diacritics, spacing, punctuation) are one person, editions with the same series, year and
place are one edition. Every node keeps the key it was minted from (``tg:nameKey``) in each record's
graph, so those merges are explained by data. Rules in an identities file go further or undo:

.. code-block:: toml

    [[person.same]]                 # these names are one person (the first is canonical)
    names = ["Bob Smith", "Robert Smith"]

    [[person.apart]]                # this name in these records is somebody else
    name = "John Smith"
    sources = ["*/pycon-us-2019/*"] # globs on the record's source path or URL
    as = "John Smith (PyCon US)"

    [[event.same]]
    names = ["PyCon US 2019", "PyCon 2019"]

Rules rewrite record graphs already in the store (`store.identity.apply_identities`), so a merge is
made or undone without reading or extracting any source again.
"""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SDO

from ..errors import ConfigError
from ..extract.events import parse_event_name
from ..keys import fold_key
from . import iris
from ..vocab import TG

__all__ = ["IdentityRules", "load_identities", "rewrite_record", "would_change"]


@dataclass(frozen=True)
class _Apart:
    key: str
    sources: tuple[str, ...]
    label: str


@dataclass(frozen=True)
class IdentityRules:
    """Parsed identity rules; ``digest`` changes whenever the rules do."""

    person_same: dict[str, str] = field(default_factory=dict)  # folded name -> canonical name
    person_apart: tuple[_Apart, ...] = ()
    event_same: dict[str, str] = field(default_factory=dict)  # folded edition key -> canonical label
    digest: str = ""

    def person_target(self, key: str, source: str) -> tuple[str, str | None]:
        """The name a person with folded ``key`` in record ``source`` should be minted from, and the rule."""
        for rule in self.person_apart:
            if rule.key == key and any(fnmatch(source, pattern) for pattern in rule.sources):
                return rule.label, f"apart: {rule.label!r} in records matching {', '.join(rule.sources)}"
        if key in self.person_same:
            canonical = self.person_same[key]
            if fold_key(canonical) != key:
                return canonical, f"same: {key!r} is {canonical!r}"
        return key, None

    def event_target(self, key: str) -> tuple[str | None, str | None]:
        canonical = self.event_same.get(key)
        if canonical and parse_event_name(canonical).key != key:
            return canonical, f"same event: {key!r} is {canonical!r}"
        return None, None


def load_identities(path: str | Path | None) -> IdentityRules:
    """Read an identities TOML file; no file means no rules.

    Raises
    ------
    ConfigError
        When the file is not valid TOML or a rule lacks what it needs; the message names the rule.
    """
    if path is None:
        return IdentityRules()
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"identities file {p} does not exist")
    data = p.read_bytes()
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from exc
    person, event = doc.get("person", {}), doc.get("event", {})
    same: dict[str, str] = {}
    for i, rule in enumerate(person.get("same", []), 1):
        names = rule.get("names") or []
        if len(names) < 2 or not all(isinstance(n, str) and n.strip() for n in names):
            raise ConfigError(f"{p}: person.same rule {i} needs 'names', a list of two or more names")
        for name in names:
            same[fold_key(name)] = names[0]
    apart = []
    for i, rule in enumerate(person.get("apart", []), 1):
        if not (isinstance(rule.get("name"), str) and isinstance(rule.get("as"), str) and rule.get("sources")):
            raise ConfigError(f"{p}: person.apart rule {i} needs 'name', 'as' and 'sources' (globs)")
        apart.append(_Apart(fold_key(rule["name"]), tuple(rule["sources"]), rule["as"]))
    events: dict[str, str] = {}
    for i, rule in enumerate(event.get("same", []), 1):
        names = rule.get("names") or []
        if len(names) < 2:
            raise ConfigError(f"{p}: event.same rule {i} needs 'names', a list of two or more event names")
        for name in names:
            events[parse_event_name(name).key] = names[0]
    return IdentityRules(same, tuple(apart), events, hashlib.sha256(data).hexdigest())


def would_change(nodes: Iterable[tuple], source: str, rules: IdentityRules) -> bool:
    """Whether any (node, key, type) of one record gets another IRI or rule evidence under ``rules``."""
    for node, key, kind in nodes:
        if kind == SDO.Person and rules.person_target(key, source)[1] is not None:
            return True
        if kind == SDO.Event and rules.event_target(key)[0] is not None:
            return True
    return False


def rewrite_record(triples: Iterable[tuple], source: str, rules: IdentityRules) -> tuple[list[tuple], bool]:
    """Re-mint the people and editions of one record graph, as extracted, under ``rules``.

    Returns the new triples and whether they differ from the input. Works from the ``tg:nameKey``
    each node carries; rule evidence is stated as ``tg:identityRule`` on the node in this graph.
    """
    triples = [t for t in triples]
    persons, events = set(), set()
    for s, p, o in triples:
        if p == RDF.type and o == SDO.Person:
            persons.add(s)
        elif p == RDF.type and o == SDO.Event:
            events.add(s)
    rename: dict[URIRef, URIRef] = {}
    evidence: list[tuple] = []
    for s, p, o in triples:
        if p != TG.nameKey:
            continue
        if s in persons:
            target_name, rule = rules.person_target(str(o), source)
            target = iris.person(target_name)
            if rule and rule.startswith("apart"):
                # Split off: found by its new name, no longer by the name its records spell.
                evidence.append((target, TG.identityKey, Literal(fold_key(target_name))))
        elif s in events:
            canonical, rule = rules.event_target(str(o))
            if canonical is None:
                continue
            target = iris.edition(parse_event_name(canonical))
        else:
            continue
        if rule:
            evidence.append((target, TG.identityRule, Literal(rule)))
        if target != s:
            rename[s] = target
    kept = [t for t in triples if t[1] not in (TG.identityRule, TG.identityKey)]
    out = [(rename.get(s, s), p, rename.get(o, o) if isinstance(o, URIRef) else o) for s, p, o in kept]
    out += evidence
    changed = bool(rename) or len(kept) != len(triples) or bool(evidence)
    # Unchanged means the same set of triples: rules already applied give changed=False.
    return out, changed and set(out) != set(triples)
