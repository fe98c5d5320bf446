"""Settings: one typed object with explicit precedence (defaults < talkgraph.toml < env < overrides)."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Mapping

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "DEFAULT_STORE_DIR", "ENV_PREFIX"]

DEFAULT_STORE_DIR = ".talkgraph/store"
ENV_PREFIX = "TALKGRAPH_"
MAX_RECORD_BYTES = 5 * 1024 * 1024
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Settings:
    """Every option talkgraph reads. Library functions take this, never the environment."""

    store: Path = Path(DEFAULT_STORE_DIR)
    """Directory of the embedded store (created on first build)."""
    max_record_bytes: int = MAX_RECORD_BYTES
    """Records larger than this are refused with a clear message, not read."""
    spacy_model: str | None = None
    """Optional trained spaCy pipeline whose NER adds to the rules (e.g. en_core_web_sm)."""
    strict: bool = False
    """Make WARNING issues fatal for a build."""
    identities: Path | None = None
    """Identity rules (TOML) applied after every build; see talkgraph.rdf.identity."""
    min_confidence: float = MIN_CONFIDENCE
    """People, talks and affiliations read with a lower confidence (0..1) stay out of the graph."""
    encoding: str | None = None
    """Text encoding of the input files that have no byte-order mark [default: UTF-8, strictly]."""
    query_timeout: float = 60.0
    """Seconds a query may run (locally and in 'serve') before it is stopped."""
    topics: bool = True
    """Tag every talk with topics of the scheme (ontology/topics.ttl) while building."""
    topic_candidates: bool = False
    """Also read keyphrases the scheme lacks, as tg:CandidateConcept (slower; for growing the scheme)."""
    build_processes: int = 0
    """Worker processes that tag and map records during a build (0: one per core, for builds of more
    than a few hundred records; 1: map in the building process). The graph is the same either way."""


def _coerce(name: str, value, kind):
    try:
        if kind is Path:
            return None if value in (None, "") else Path(value)
        if kind is int:
            return int(value)
        if kind is float:
            if isinstance(value, bool):
                raise ValueError(value)
            return float(value)
        if kind is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        return None if value in (None, "") else str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: bad value {value!r}; expected {getattr(kind, '__name__', kind)}") from exc


_KINDS = {"store": Path, "max_record_bytes": int, "spacy_model": str, "strict": bool, "identities": Path,
          "min_confidence": float, "query_timeout": float, "topics": bool, "topic_candidates": bool}


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None, **overrides) -> Settings:
    """Build Settings from defaults, an optional TOML file, ``TALKGRAPH_*`` variables and overrides.

    Examples
    --------
    >>> load_settings(env={"TALKGRAPH_STORE": "/tmp/tg"}).store
    PosixPath('/tmp/tg')
    """
    env = os.environ if env is None else env
    values: dict = {}
    toml_path = Path(path) if path else Path("talkgraph.toml")
    if toml_path.is_file():
        try:
            values.update(tomllib.loads(toml_path.read_text(encoding="utf-8")).get("talkgraph", {}))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{toml_path}: not valid TOML: {exc}") from exc
    elif path:
        raise ConfigError(f"config file {toml_path} does not exist")
    for f in fields(Settings):
        key = ENV_PREFIX + f.name.upper()
        if key in env:
            values[f.name] = env[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    unknown = set(values) - set(_KINDS)
    if unknown:
        raise ConfigError(f"unknown setting(s) {sorted(unknown)}; allowed: {sorted(_KINDS)}")
    settings = replace(Settings(), **{k: _coerce(k, v, _KINDS[k]) for k, v in values.items()})
    if settings.max_record_bytes <= 0:
        raise ConfigError(f"setting 'max_record_bytes' must be positive, got {settings.max_record_bytes}")
    if not 0.0 <= settings.min_confidence <= 1.0:  # also refuses nan
        raise ConfigError(f"setting 'min_confidence' must be between 0 and 1, got {settings.min_confidence}")
    if settings.encoding is not None:
        import codecs

        try:
            codecs.lookup(settings.encoding)
        except LookupError as exc:
            raise ConfigError(f"setting 'encoding': unknown encoding {settings.encoding!r}; "
                              "e.g. utf-8, cp1252, latin-1, utf-16") from exc
    if not settings.query_timeout > 0:
        raise ConfigError(f"setting 'query_timeout' must be a positive number of seconds, got {settings.query_timeout}")
    return settings
