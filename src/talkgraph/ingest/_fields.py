"""Checked access to the fields of untrusted JSON/XML records: wrong types, huge values and junk are reported."""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal, overload

from ..errors import IssueReport, Level, RecordError
from ..records.model import URL_RE

__all__ = ["URL_RE", "Fields", "MAX_TEXT", "MAX_LABEL", "parse_json", "split_speakers", "iso_duration", "hhmm_seconds", "bcp47",
           "split_datetime", "refuse_remote_context"]

MAX_TEXT = 100_000  # characters of an abstract or description; longer text is cut (and reported)
MAX_LABEL = 1_000  # characters of a title, name, room, track...


class Fields:
    """Typed reads from one record's JSON object; a bad field is dropped or cut and reported, never fatal."""

    def __init__(self, obj: dict, *, report: IssueReport, record: str, known: frozenset[str] | None = None):
        self.obj, self.report, self.record = obj, report, record
        if known is not None:
            unknown = sorted(k for k in obj if k not in known)
            if unknown:
                report.add(Level.INFO, "unknown-key", record,
                           f"unknown key(s) ignored: {', '.join(repr(k[:40]) for k in unknown[:8])}")

    def _problem(self, key: str, message: str) -> None:
        self.report.add(Level.WARNING, "repaired", self.record, f"field {key!r}: {message}")

    @overload
    def text(self, key: str, *, max_len: int = MAX_LABEL, required: Literal[True], obj: dict | None = None) -> str: ...
    @overload
    def text(self, key: str, *, max_len: int = MAX_LABEL, required: bool = False,
             obj: dict | None = None) -> str | None: ...
    def text(self, key: str, *, max_len: int = MAX_LABEL, required: bool = False, obj: dict | None = None) -> str | None:
        """The text at ``key`` (of ``obj``, default the record), trimmed and capped; never None when ``required``."""
        value = (self.obj if obj is None else obj).get(key)
        if value is None or value == "":
            if required:
                raise RecordError(f"field {key!r} is missing or empty", record=self.record, field=key)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, dict):  # pretalx i18n strings: {"en": ..., "fr": ...}
            value = value.get("en") or next((v for v in value.values() if isinstance(v, str) and v), None)
        if not isinstance(value, str):
            if required:
                raise RecordError(f"field {key!r} should be text, got {type(value).__name__}",
                                  record=self.record, field=key)
            self._problem(key, f"expected text, got {type(value).__name__}; dropped")
            return None
        value = value.replace("\x00", "")
        if len(value) > max_len:
            self._problem(key, f"{len(value):,} characters, cut to {max_len:,}")
            value = value[:max_len]
        value = value.strip()
        if required and not value:
            raise RecordError(f"field {key!r} is empty", record=self.record, field=key)
        return value or None

    def number(self, key: str) -> float | None:
        value = self.obj.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                return float(str(value))
            except ValueError:
                self._problem(key, f"expected a number, got {str(value)[:40]!r}; dropped")
                return None
        return value

    def items(self, key: str, kind: type | tuple[type, ...] = (str, dict)) -> list:
        value = self.obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self._problem(key, f"expected a list, got {type(value).__name__}; dropped")
            return []
        good = [v for v in value if isinstance(v, kind)]
        if len(good) != len(value):
            self._problem(key, f"{len(value) - len(good)} item(s) of the wrong type dropped")
        return good[:1000]


def parse_json(text: str, *, record: str) -> Any:
    """``json.loads`` with a RecordError naming the line for truncated or malformed JSON."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        end = text.rstrip()[-1:]
        what = "truncated JSON" if end not in ("}", "]") or exc.pos >= len(text.rstrip()) - 1 else "malformed JSON"
        raise RecordError(f"{what}: {exc.msg}", record=record, line=exc.lineno) from exc
    except RecursionError as exc:
        raise RecordError("JSON nested too deeply", record=record) from exc
    if "\\u" in text:  # only an escape can make a lone surrogate (text itself came from strict decoding)
        _refuse_surrogates(obj, record)
    return obj


def _refuse_surrogates(obj: Any, record: str) -> None:
    """A ``\\ud800``-style escape without its pair is no character: it cannot be stored or written."""
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise RecordError(f"JSON string holds a lone surrogate (U+{ord(item[exc.start]):04X}): "
                                  "an escape without its pair", record=record) from exc
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def refuse_remote_context(obj: Any, *, record: str) -> None:
    """JSON-LD: refuse an ``@context`` that names a document (remote or ``file:``): data never makes us fetch."""
    if not isinstance(obj, dict) or "@context" not in obj:
        return
    stack = [obj["@context"]]
    while stack:
        ctx = stack.pop()
        if isinstance(ctx, str):
            raise RecordError(f"JSON-LD @context refers to a document ({ctx[:80]!r}); refused: "
                              "talkgraph does not fetch or open files named by data", record=record, field="@context")
        if isinstance(ctx, list):
            stack.extend(ctx)
        elif isinstance(ctx, dict) and "@import" in ctx:
            stack.append(ctx["@import"])


# ---- speaker strings ---------------------------------------------------------------------------
# Placeholders that name nobody.
_NOBODY = re.compile(r"^(?:various(?:\s+\w+)?|multiple\s+speakers|many\s+speakers|several\s+speakers|"
                     r"tbd|tba|n/?a|none|unknown|anonymous|speaker|speakers|\?+|-+)$", re.I)
_NOT_A_NAME = re.compile(r"lightning\s+talks?|\bday\s+\d|\bpanel\s+discussion|\bkeynote\b|\bworkshop\b", re.I)
_SUFFIX = re.compile(r"^(?:jr|sr|ii|iii|iv|phd|ph\.?\s?d|md|mba|msc|esq|et\s+al)\.?$", re.I)
_CREDENTIAL = re.compile(r",?\s+(?:phd|ph\.d\.|mba|msc|md|esq)\.?$|,?\s+et\s+al\.?$", re.I)


def split_speakers(raw: list[str], *, report: IssueReport, record: str) -> list[str]:
    """The people a list of speaker strings names, in order, once each.

    Rules (each split, cut or rejection is reported):

    - a placeholder that names nobody ("Various speakers", "TBD", "") is rejected, and so is
      a string of talk words ("Lightning Talks, DAY 1"); handles ("L3D", "it4n6") are names;
    - a lead-in up to a colon or " by " is cut ("Fireside Chat with: A and B" -> "A and B");
    - " and ", " & " and "+" split into people ("A and B"); commas split only when every part
      has at least two words, and nothing splits when a part starts in lower case
      ("Andrea Behrendt - read & delete") ("Kim Jong-min, Park Yu-na"), so "Chu, Hua-Rong", "Smith, John"
      and "Richard D. Copeland, Jr." stay one person; nothing splits inside parentheses;
    - credentials and "et al" at the end are cut ("Aaron Hall, MBA" -> "Aaron Hall").
    """
    out: list[str] = []
    for item in raw:
        text = " ".join(item.split())
        if not text or _NOBODY.match(text):
            report.add(Level.WARNING, "rejected-name", record, f"speaker {item!r} names nobody; left out")
            continue
        names = _split_one(text)
        if _NOT_A_NAME.search(text) and not any(n for n in names if not _NOT_A_NAME.search(n)):
            report.add(Level.WARNING, "rejected-name", record, f"speaker {item!r} is not a person's name; left out")
            continue
        names = [n for n in names if not _NOT_A_NAME.search(n) and not _NOBODY.match(n)]
        if names != [text]:
            report.add(Level.INFO, "split-name", record, f"speaker {item!r} read as {names!r}")
        for name in names:
            if len(name) > 200:
                report.add(Level.WARNING, "rejected-name", record, f"speaker name of {len(name)} characters; left out")
            elif name not in out:
                out.append(name)
    return out


def _split_one(text: str) -> list[str]:
    if "(" not in text:
        for cue in (":", " by "):
            if cue in text:
                text = text.rsplit(cue, 1)[1].strip()
        text = _CREDENTIAL.sub("", text).strip(" ,")
    # Split outside parentheses only.
    depth, parts, cur = 0, [], ""
    tokens = re.split(r"(\(|\)|\s+and\s+|\s*&\s*|\s+\+\s+|,\s*and\s+)", text)
    for tok in tokens:
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
        if depth == 0 and tok and re.fullmatch(r"\s+and\s+|\s*&\s*|\s+\+\s+|,\s*and\s+", tok):
            parts.append(cur)
            cur = ""
        else:
            cur += tok
    parts.append(cur)
    if any(p.strip(" ,")[:1].islower() for p in parts if p.strip(" ,")):
        parts = [text]  # "Andrea Behrendt - read & delete": not a list of names
    names: list[str] = []
    for part in (p.strip(" ,") for p in parts):
        if not part:
            continue
        pieces = [c.strip() for c in _split_commas(part)]
        real = [c for c in pieces if c and not _SUFFIX.match(c)]
        if len(real) > 1 and all(len(c.split()) >= 2 for c in real) and len(real) == len(pieces):
            names.extend(real)
        else:
            names.append(part)
    return names


def _split_commas(text: str) -> list[str]:
    depth, parts, cur = 0, [], ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


# ---- values ------------------------------------------------------------------------------------
def iso_duration(seconds: float | None) -> str | None:
    """Seconds as an xsd:duration ("PT1H2M3S"); None for missing, negative or absurd (> 7 days) values."""
    if seconds is None or seconds <= 0 or seconds > 7 * 86400:
        return None
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s or not (h or m) else "")


def hhmm_seconds(text: str | None) -> int | None:
    """A frab duration ("01:30", "0:45", "1:02:00") in seconds, or None."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,3}):(\d{2})(?::(\d{2}))?", text.strip())
    if not m:
        return None
    return int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3] or 0)


_ISO639_3 = {"eng": "en", "spa": "es", "por": "pt", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de",
             "ita": "it", "jpn": "ja", "rus": "ru", "pol": "pl", "zho": "zh", "chi": "zh", "kor": "ko",
             "nld": "nl", "dut": "nl", "ces": "cs", "cze": "cs", "swe": "sv", "fin": "fi", "nor": "no",
             "dan": "da", "ukr": "uk", "tur": "tr", "heb": "he", "ara": "ar", "hin": "hi", "ind": "id",
             "vie": "vi", "tha": "th", "ell": "el", "gre": "el", "hun": "hu", "ron": "ro", "rum": "ro",
             "cat": "ca", "eus": "eu", "baq": "eu", "glg": "gl", "lit": "lt", "lav": "lv", "est": "et",
             "slk": "sk", "slo": "sk", "slv": "sl", "hrv": "hr", "srp": "sr", "bul": "bg", "fas": "fa",
             "per": "fa", "msa": "ms", "may": "ms", "tgl": "tl", "ben": "bn", "tam": "ta"}
_NAMES = {"english": "en", "german": "de", "deutsch": "de", "french": "fr", "français": "fr", "spanish": "es",
          "español": "es", "portuguese": "pt", "italian": "it", "japanese": "ja", "russian": "ru", "polish": "pl"}


def bcp47(text: str | None) -> str | None:
    """A language tag: ISO 639-3 codes and common names become their BCP 47 form ("eng" -> "en")."""
    if not text:
        return None
    t = text.strip().replace("_", "-")
    low = t.casefold()
    if low in _ISO639_3:
        return _ISO639_3[low]
    if low in _NAMES:
        return _NAMES[low]
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", t):
        return low.split("-")[0] if len(low.split("-")[0]) == 2 else low
    return None


def split_datetime(value: str | None) -> tuple[str | None, str | None, str | None]:
    """An ISO 8601 date or datetime as (date, HH:MM or None, UTC offset "+01:00" or None)."""
    if not value:
        return None, None, None
    text = value.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat(), None, None
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None, None, None
    offset = None
    utc_offset = stamp.utcoffset()
    if utc_offset is not None:
        total = int(utc_offset.total_seconds() // 60)
        sign = "-" if total < 0 else "+"
        offset = f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"
    return stamp.date().isoformat(), stamp.strftime("%H:%M"), offset
