"""The exceptions talkgraph raises on purpose, and the issue report a batch collects."""
from __future__ import annotations

import enum
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

__all__ = [
    "TalkgraphError", "RecordError", "ConfigError", "QueryError", "UnknownQueryError",
    "MissingParameterError", "UnknownParameterError", "QuerySyntaxError", "ServiceRefusedError", "ParameterValueError",
    "QueryTimeoutError", "MissingDependencyError", "EndpointError", "StoreError",
    "Level", "Issue", "IssueReport",
]


class TalkgraphError(Exception):
    """Base class for every error talkgraph raises on purpose."""


class RecordError(TalkgraphError):
    """One input record cannot be read or mapped; carries the record and where."""

    def __init__(self, message: str, *, record: str, line: int | None = None, field: str | None = None):
        self.record, self.line, self.field = record, line, field
        where = f"{record}:{line}" if line else record
        super().__init__(f"{where}: {message}")
        self.reason = message


class ConfigError(TalkgraphError):
    """A setting has a value that is not allowed."""


class StoreError(TalkgraphError):
    """The store directory cannot be opened or written."""


class QueryError(TalkgraphError):
    """A named query cannot be found, or its parameters do not fit."""


class UnknownQueryError(QueryError):
    """No query of that name or path."""


class MissingParameterError(QueryError):
    """A query's declared parameter was not given."""


class UnknownParameterError(QueryError):
    """A parameter was given that the query does not declare."""


class ParameterValueError(QueryError):
    """A parameter value is not a valid term of the declared kind (e.g. an IRI with a space)."""


class QuerySyntaxError(QueryError):
    """The query text is not SPARQL 1.1 (names the line and column)."""


class ServiceRefusedError(QueryError):
    """The query would make talkgraph send a request elsewhere (SERVICE, LOAD) without permission."""


class QueryTimeoutError(QueryError):
    """A query ran past its time limit and was stopped."""


class MissingDependencyError(TalkgraphError):
    """An optional package needed for what was asked is not installed."""


class EndpointError(TalkgraphError):
    """A remote SPARQL endpoint failed; always chained from the transport error."""


class Level(enum.IntEnum):
    INFO = 10
    WARNING = 20
    ERROR = 30


@dataclass(frozen=True)
class Issue:
    """One problem found while reading or mapping a record.

    ``record`` names the record as the user gave it (for messages); ``key`` is the store key of
    the input being read when the issue was found (an absolute path, ``path#id`` or a URL), or
    None outside a build.
    """

    level: Level
    kind: str
    record: str
    message: str
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = f"{self.record}:{self.line}" if self.line else self.record
        return f"{self.level.name} {where}: {self.message} [{self.kind}]"


@dataclass
class IssueReport:
    """Issues collected over a batch; a batch goes on past bad records."""

    issues: list[Issue] = field(default_factory=list)
    _key: str | None = field(default=None, repr=False, compare=False)

    def add(self, level: Level, kind: str, record: str, message: str, line: int | None = None, *,
            key: str | None = None) -> Issue:
        issue = Issue(level, kind, record, message, line, key or self._key)
        self.issues.append(issue)
        return issue

    def add_error(self, exc: RecordError, kind: str = "unreadable", *, key: str | None = None) -> Issue:
        return self.add(Level.ERROR, kind, exc.record, exc.reason, exc.line, key=key)

    @contextmanager
    def keyed(self, key: str) -> Iterator["IssueReport"]:
        """Within the block, issues added without a key carry ``key`` (the input being read)."""
        outer, self._key = self._key, key
        try:
            yield self
        finally:
            self._key = outer

    def extend(self, other: "IssueReport") -> None:
        self.issues.extend(other.issues)

    def at_least(self, level: Level) -> list[Issue]:
        return [i for i in self.issues if i.level >= level]

    def __len__(self) -> int:
        return len(self.issues)

    def __iter__(self):
        return iter(self.issues)
