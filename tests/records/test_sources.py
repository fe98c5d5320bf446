"""Reading record bytes: every kind of unreadable file gets a clear RecordError naming it."""
import codecs

import pytest

from talkgraph.errors import RecordError
from talkgraph.records.sources import read_source

TEXT = "Ada Lovelace\nAnalyst at Engines Ltd\nAda wrote the first program.\n"


def write(tmp_path, name, data: bytes):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_utf8_is_read_with_hash_and_size(tmp_path):
    p = write(tmp_path, "a.txt", TEXT.encode())
    src = read_source(p, max_bytes=10_000)
    assert src.text == TEXT and src.encoding == "utf-8" and src.size == len(TEXT.encode())
    assert len(src.sha256) == 64


@pytest.mark.parametrize("encoded, given, encoding", [
    (codecs.BOM_UTF8 + TEXT.encode(), None, "utf-8-sig"),
    (TEXT.encode("utf-16"), None, "utf-16"),
    (TEXT.encode("utf-32"), None, "utf-32"),  # BOM of UTF-32-LE begins with UTF-16-LE's: told apart
    (codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"), None, "utf-32"),
    (TEXT.encode("utf-32-le"), "utf-32-le", "utf-32-le"),
    ("Zoë Müller\nIngénieure à Paris\n".encode("cp1252"), "cp1252", "cp1252"),
])
def test_other_encodings_decode(tmp_path, encoded, given, encoding):
    src = read_source(write(tmp_path, "b.txt", encoded), max_bytes=10_000, encoding=given)
    assert src.encoding == encoding
    assert "\ufeff" not in src.text and src.text.strip()


def test_cp1252_keeps_accents_when_given(tmp_path):
    src = read_source(write(tmp_path, "c.txt", "Zoë Müller\n".encode("cp1252")), max_bytes=100, encoding="cp1252")
    assert src.text == "Zoë Müller\n"


def test_cp1252_is_not_guessed(tmp_path):
    """Bytes that are not UTF-8 are an error naming the offset, not silently read as cp1252."""
    with pytest.raises(RecordError, match=r"c.txt:1: not valid utf-8: byte 0xeb at byte offset 2.*--encoding"):
        read_source(write(tmp_path, "c.txt", "Zoë Müller\n".encode("cp1252")), max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_wide_text_without_a_byte_order_mark_is_named(tmp_path, encoding):
    p = write(tmp_path, "wide.txt", TEXT.encode(encoding))
    with pytest.raises(RecordError, match=f"wide.txt: looks like {encoding.upper()} text without a byte-order "
                                          f"mark; read it with --encoding {encoding}"):
        read_source(p, max_bytes=10_000)


@pytest.mark.parametrize("data, fragment", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"Ada\nLovelace\x00\x00bio", "NUL byte"),
    (bytes(range(1, 32)) * 50, "binary"),
])
def test_unreadable_files_are_refused_with_reason(tmp_path, data, fragment):
    p = write(tmp_path, "bad.txt", data)
    with pytest.raises(RecordError) as err:
        read_source(p, max_bytes=10_000)
    assert fragment in str(err.value)
    assert err.value.record == str(p)


def test_nul_byte_error_names_the_line(tmp_path):
    p = write(tmp_path, "nul.txt", b"line one\nline two\nthree\x00")
    with pytest.raises(RecordError) as err:
        read_source(p, max_bytes=10_000)
    assert err.value.line == 3
    assert f"{p}:3" in str(err.value)


def test_huge_file_is_refused_before_reading(tmp_path):
    p = write(tmp_path, "huge.txt", b"x" * 2000)
    with pytest.raises(RecordError, match="over the 1,000-byte cap"):
        read_source(p, max_bytes=1000)


def test_missing_file(tmp_path):
    with pytest.raises(RecordError, match="cannot read"):
        read_source(tmp_path / "nope.txt", max_bytes=10)
