"""docs/: the extraction record contract and a CLI reference that matches the commands' --help."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from click.testing import CliRunner

import talkgraph
from talkgraph.cli import main
from talkgraph.cli.reference import cli_reference

from tests.conftest import store_copy

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert text == cli_reference(), "docs/cli.md is stale: run scripts/cli-reference"
    for command in ("talkgraph build", "talkgraph query", "talkgraph identities", "talkgraph network ego"):
        assert f"`{command}`" in text


def test_the_extraction_record_contract_is_in_the_repo_and_pointed_to():
    doc = (ROOT / "docs" / "extraction-record.md").read_text(encoding="utf-8")
    record = talkgraph.extract_file(sorted((ROOT / "data" / "seeds").glob("*.txt"))[0]).to_json()
    for key in list(record) + list(record["people"][0]) + list(record["talks"][0]):
        assert f"`{key}`" in doc, key  # every field the CLI prints is documented
    help_text = CliRunner().invoke(main, ["extract", "--help"]).output
    assert "docs/extraction-record.md" in help_text and "eval/SCHEMA.md" not in help_text


def test_exported_files_get_normal_permissions(tmp_path, built_seeds):
    store = store_copy(built_seeds, path=tmp_path / "store")
    old = os.umask(0o022)
    try:
        path = store.export(tmp_path / "graph.trig", "trig")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
