"""Likely same people: one name a prefix or an extension of the other, backed by what they share.

Nothing here merges anyone. :func:`suggest_identities` lists candidate pairs with their evidence;
:func:`suggestions_toml` writes them as an identities file (the format
:func:`talkgraph.rdf.identity.load_identities` reads) for a person to review and apply.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..keys import fold_key
from ..store.local import GraphStore
from .projection import query_rows

__all__ = ["Suggestion", "suggest_identities", "suggestions_toml"]


@dataclass(frozen=True)
class Suggestion:
    """Two people who are probably one: ``names`` fullest first, and why."""

    names: tuple[str, str]
    name_evidence: str
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> what both have

    @property
    def strength(self) -> int:
        return sum(len(v) for v in self.shared.values())


def _name_relation(short: list[str], long: list[str]) -> str | None:
    """How the shorter folded name stands to the longer one, or None when it is not part of it."""
    if len(short) >= len(long) or not short or short[0] != long[0]:
        return None
    if long[: len(short)] == short:
        return "prefix"  # "pablo galindo" / "pablo galindo salgado", "mariatta" / "mariatta wijaya"
    it = iter(long)
    if len(short) > 1 and all(tok in it for tok in short) and short[-1] == long[-1]:
        return "extension"  # "reuven lerner" / "reuven m lerner"
    return None


def suggest_identities(store: GraphStore) -> list[Suggestion]:
    """Pairs of people whose names nest, with the talks, events, employers and co-speakers they share.

    A pair is suggested when the names nest and the two share something; when the shorter name
    nests in several names, only a shared talk, employer or co-speaker counts; a shorter name of
    two or more words that nests in exactly one other is suggested on the name alone. Strongest first.
    """
    names: dict[str, str] = {}
    for r in query_rows(store, "labels-people"):
        if r["person"] and r["name"]:
            names[r["person"]] = r["name"]
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    occupants: dict[str, set[str]] = defaultdict(set)
    for r in query_rows(store, "projection-performances"):
        p, occurrence, talk = r["person"], r["occurrence"], r["talk"]
        if p is None or occurrence is None or talk is None:
            continue
        occupants[occurrence].add(p)
        facts[p]["talk"].add(talk)
        if r["edition_name"]:
            facts[p]["event"].add(r["edition_name"])
    for people in occupants.values():
        for p in people:
            facts[p]["co-speaker"].update(names.get(o, o) for o in people if o != p)
    for r in query_rows(store, "projection-memberships"):
        person, org = r["person"], r["organization_name"]
        if person and org:
            facts[person]["employer"].add(org)
    talk_titles = {r["talk"]: r["title"] for r in query_rows(store, "labels-talks") if r["talk"] and r["title"]}

    tokens = {p: fold_key(n).split() for p, n in names.items()}
    by_first: dict[str, list[str]] = defaultdict(list)
    for p, toks in tokens.items():
        if toks:
            by_first[toks[0]].append(p)
    found: list[Suggestion] = []
    for group in by_first.values():
        for a in group:
            nested = [(b, rel) for b in group if b != a and (rel := _name_relation(tokens[a], tokens[b]))]
            for b, rel in nested:
                shared = {}
                for kind in ("talk", "event", "employer", "co-speaker"):
                    both = facts[a][kind] & facts[b][kind]
                    if kind == "co-speaker":
                        both -= {names[a], names[b]}
                    if both:
                        labels = [talk_titles.get(x, x) for x in both] if kind == "talk" else list(both)
                        shared[kind] = tuple(sorted(labels))
                strong = any(k in shared for k in ("talk", "employer", "co-speaker"))
                if len(nested) > 1 and not strong:
                    continue  # "Jules" nests in several names: a shared event does not say which one
                if not shared and len(tokens[a]) < 2:
                    continue  # one given name alone, nothing shared: too weak to ask about
                evidence = (f"{names[a]!r} is {'the start' if rel == 'prefix' else 'a shortening'} of "
                            f"{names[b]!r}" + ("" if shared else "; name only, nothing else shared"))
                found.append(Suggestion((names[b], names[a]), evidence, shared))
    found.sort(key=lambda s: (-s.strength, fold_key(s.names[0])))
    return found


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def suggestions_toml(suggestions: list[Suggestion]) -> str:
    """An identities file: one ``[[person.same]]`` rule per suggestion, its evidence in comments above it."""
    lines = [
        "# Suggested identities (talkgraph identities --suggest). Nothing is merged yet.",
        "# Review each rule: delete those that are two different people, then apply the file:",
        "#     talkgraph identities --apply --rules THIS_FILE",
        "# The first name of each rule is the one kept.",
        "",
    ]
    for s in suggestions:
        lines.append(f"# {s.name_evidence}")
        for kind, items in s.shared.items():
            shown = "; ".join(items[:5]) + (f"; … {len(items) - 5} more" if len(items) > 5 else "")
            lines.append(f"# shared {kind}{'s' if len(items) != 1 else ''}: {shown}")
        lines.append("[[person.same]]")
        lines.append(f"names = [{', '.join(_toml_string(n) for n in s.names)}]")
        lines.append("")
    return "\n".join(lines)
