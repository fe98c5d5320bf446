"""The public API: run_query / extract_file, the deprecated call forms, one version source."""
import importlib
import subprocess
import sys
import tomllib

import pytest

import talkgraph

from tests.conftest import ROOT


def test_subpackages_import_after_the_root_package():
    # The old functions ``talkgraph.query`` / ``talkgraph.extract`` shadowed these subpackages.
    catalog = importlib.import_module("talkgraph.query.catalog")
    pipeline = importlib.import_module("talkgraph.extract.pipeline")
    assert catalog.load_query("talks").name == "talks"
    assert callable(pipeline.extract_file)


def test_run_query_takes_a_mapping_and_keywords(built_seeds):
    store = talkgraph.open_store(built_seeds.path, read_only=True)
    by_mapping = talkgraph.run_query(store, "talks-by-speaker", {"name": "Maxim Fedorov"})
    by_keyword = talkgraph.run_query(store, "talks-by-speaker", name="Maxim Fedorov")
    assert len(by_mapping) == len(by_keyword) == 6


def test_old_call_forms_warn_and_still_work(seeds_dir, built_seeds):
    store = talkgraph.open_store(built_seeds.path, read_only=True)
    with pytest.warns(DeprecationWarning, match="run_query"):
        rows = talkgraph.query(store, "talks-by-speaker", name="Maxim Fedorov")
    assert len(rows) == 6
    with pytest.warns(DeprecationWarning, match="extract_file"):
        record = talkgraph.extract(seeds_dir / "001_4a20167095a3194f.txt")
    assert record.people[0].name == "Maxim Fedorov"


def test_version_is_written_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    from importlib.metadata import version

    assert version("talkgraph") == talkgraph.__version__


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "talkgraph", "--version"], capture_output=True, text=True, check=True)
    assert talkgraph.__version__ in out.stdout
