"""Talking to a SPARQL endpoint: credentials, redacted URLs and retries with backoff (shared by push and remote queries)."""
from __future__ import annotations

import base64
import email.utils
import http.client
import json
import logging
import time
import urllib.error
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable, Mapping, TypeVar

from ..errors import EndpointError

__all__ = ["RetryPolicy", "Credentials", "credentials_from_env", "redact_url", "call_with_retries",
           "AUTH_SCHEMES"]

log = logging.getLogger(__name__)

T = TypeVar("T")
AUTH_SCHEMES = ("basic", "digest")
_RETRY_STATUS = {429, 503}
_MAX_REASON = 1500


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a call that failed for a reason worth retrying.

    Connection errors (refused, reset), HTTP 429 and HTTP 503 are retried, and only for reads and
    idempotent writes. Waits double from ``backoff`` up to ``max_backoff``; a ``Retry-After`` header
    is honoured up to ``max_retry_after`` seconds (asking for longer fails at once, clearly).
    """

    attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def wait(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))


@dataclass(frozen=True)
class Credentials:
    """A user and password for an endpoint; the password never appears in ``repr`` or messages."""

    user: str
    password: str = field(repr=False)
    scheme: str = "digest"

    def __post_init__(self):
        if self.scheme not in AUTH_SCHEMES:
            raise EndpointError(f"TALKGRAPH_ENDPOINT_AUTH={self.scheme!r} is not allowed; use one of: "
                                f"{', '.join(AUTH_SCHEMES)}")

    def scrub(self, text: str) -> str:
        """``text`` with the password, and the Basic token that encodes it, replaced by ``***``."""
        if not self.password:
            return text
        token = base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")
        return text.replace(token, "***").replace(self.password, "***")


def credentials_from_env(env: Mapping[str, str]) -> Credentials | None:
    """Credentials from ``TALKGRAPH_ENDPOINT_USER``, ``_PASSWORD`` and ``_AUTH`` (basic|digest, default digest).

    The CLI passes ``os.environ``; library code never reads the environment itself.
    """
    user = env.get("TALKGRAPH_ENDPOINT_USER")
    if not user:
        return None
    password = env.get("TALKGRAPH_ENDPOINT_PASSWORD")
    if password is None:
        raise EndpointError("TALKGRAPH_ENDPOINT_USER is set but TALKGRAPH_ENDPOINT_PASSWORD is not")
    return Credentials(user, password, (env.get("TALKGRAPH_ENDPOINT_AUTH") or "digest").lower())


def redact_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages and logs."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def call_with_retries(call: Callable[[], T], *, what: str, endpoint: str, idempotent: bool,
                      retry: RetryPolicy | None = None, credentials: Credentials | None = None,
                      catch: tuple[type[BaseException], ...] = (OSError, http.client.HTTPException),
                      sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``call``; retry connection errors, 429 and 503 (idempotent calls only); wrap failures.

    Every failure becomes ``EndpointError("<endpoint>: <what> failed: <reason>")`` chained from the
    original exception, with the endpoint's userinfo and the password removed from the text.
    A read timeout is not retried: the same query would most likely time out again.
    """
    retry = retry or RetryPolicy()
    where = redact_url(endpoint)
    attempt = 0
    while True:
        attempt += 1
        try:
            return call()
        except catch as exc:
            wait, reason = _retry_wait(exc, attempt, retry, idempotent)
            if credentials is not None:
                reason = credentials.scrub(reason)
            if wait is None:
                if len(reason) > _MAX_REASON:
                    reason = reason[:_MAX_REASON] + " [...]"
                message = f"{where}: {what} failed: {reason}"
                if attempt > 1:
                    message += f" (after {attempt} attempts)"
                raise EndpointError(message) from exc
            log.warning("%s: %s: %s; retrying in %.1f s (attempt %d of %d)",
                        where, what, reason, wait, attempt + 1, retry.attempts)
            sleep(wait)


def _retry_wait(exc: BaseException, attempt: int, retry: RetryPolicy, idempotent: bool) -> tuple[float | None, str]:
    """(seconds to wait before the next attempt, or None to give up; the reason in words)."""
    if isinstance(exc, urllib.error.HTTPError):
        reason = f"HTTP {exc.code} {exc.reason}{_body_excerpt(exc)}"
        if exc.code not in _RETRY_STATUS:
            return None, reason
        if not idempotent or attempt >= retry.attempts:
            return None, reason
        asked = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
        if asked is None:
            return retry.wait(attempt), reason
        if asked > retry.max_retry_after:
            return None, f"{reason}; the server asks to retry after {asked:.0f} s, over the {retry.max_retry_after:.0f} s limit"
        return asked, reason
    if isinstance(exc, TimeoutError) or (isinstance(exc, urllib.error.URLError)
                                         and isinstance(exc.reason, TimeoutError)):
        return None, f"timed out ({exc})"
    connection = isinstance(exc, (ConnectionError, http.client.RemoteDisconnected)) or (
        isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, OSError))
    reason = str(exc) or type(exc).__name__
    if connection and idempotent and attempt < retry.attempts:
        return retry.wait(attempt), reason
    return None, reason


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _body_excerpt(exc: urllib.error.HTTPError) -> str:
    try:
        body = exc.read()
    except (OSError, http.client.HTTPException, AttributeError):
        return ""
    text = (body or b"").decode("utf-8", "replace").strip()
    return f": {text[:300]}" if text else ""
