"""Every notebook runs top to bottom on the bundled data/, from notebooks/ as the working directory.

The notebooks use talkgraph only through ``import talkgraph`` (the analysis and viz entry points
are re-exported there); the ``notebooks`` extra installs JupyterLab and nbconvert, and
``jupyter nbconvert --execute`` runs them as a reader would.

A cell that raises fails the test (nbclient raises CellExecutionError with the cell's traceback).
The committed notebooks carry no outputs, so they diff cleanly.
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

import talkgraph

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# A notebook that runs longer than this is a failure of its own (the budget is < 60 s each).
CELL_TIMEOUT_S = 120


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:3] == ["01-querying.ipynb", "02-related-talks.ipynb",
                                               "03-speaker-network.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nbformat = pytest.importorskip("nbformat")
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs before committing"


# The notebook test_jupyter_nbconvert_executes_a_notebook runs from the command line; test_notebook_runs
# checks that run's output instead of executing the notebook a second time.
NBCONVERT_BOOK = ROOT / "notebooks" / "03-speaker-network.ipynb"


@pytest.fixture(scope="module")
def nbconvert_run(tmp_path_factory):
    """NBCONVERT_BOOK executed once by ``jupyter nbconvert --execute``, as a reader would run it:
    the finished process, the executed notebook's path and the seconds it took."""
    pytest.importorskip("nbconvert", reason="the notebooks (and test) extra installs nbconvert")
    pytest.importorskip("ipykernel")
    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent)) or "jupyter"
    out_dir = tmp_path_factory.mktemp("nbconvert")
    start = time.perf_counter()
    done = subprocess.run([jupyter, "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(out_dir),
                           f"--ExecutePreprocessor.timeout={CELL_TIMEOUT_S}", str(NBCONVERT_BOOK)],
                          capture_output=True, text=True, timeout=300, cwd=NBCONVERT_BOOK.parent)
    return done, out_dir / NBCONVERT_BOOK.name, time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, request):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="nbclient needs the ipykernel kernel in this environment")
    if path == NBCONVERT_BOOK:
        done, out, seconds = request.getfixturevalue("nbconvert_run")
        assert done.returncode == 0, done.stderr[-3000:]
        book = nbformat.read(out, as_version=4)
    else:
        book = nbformat.read(path, as_version=4)
        client = nbclient.NotebookClient(book, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                                         resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    errors = [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not errors
    shown = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    assert shown, "the notebook showed nothing"
    assert seconds < 90, f"{path.name} took {seconds:.0f} s"


def _code(path: Path) -> list[str]:
    import json

    book = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            out.append("\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!"))))
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_use_only_import_talkgraph(path):
    for source in _code(path):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name == "talkgraph" or not alias.name.startswith("talkgraph."), \
                        f"{path.name}: import {alias.name}"
            elif isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("talkgraph"), f"{path.name}: from {node.module} import ..."
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "talkgraph":
                assert node.attr in talkgraph.__all__ or node.attr.startswith("__"), \
                    f"{path.name}: talkgraph.{node.attr} is not public API"


def test_public_api_has_the_analysis_and_viz_entry_points():
    for name in ("speaker_graph", "entity_graph", "centrality", "communities", "speaker_path", "talk_path",
                 "ego_network", "related_index", "RelatedIndex", "network", "network_picture", "path_picture",
                 "ego_picture", "career_timeline", "draw_timeline", "list_queries"):
        assert name in talkgraph.__all__ and callable(getattr(talkgraph, name)), name
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        talkgraph.nothing_here  # noqa: B018
    # the entry points are imported on first use: ``import talkgraph`` stays light
    done = subprocess.run([sys.executable, "-c", "import sys, talkgraph; "
                           "print(any(m.startswith(('talkgraph.viz', 'talkgraph.analysis')) for m in sys.modules))"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_notebooks_extra_installs_jupyterlab_and_nbconvert():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {req.split(">")[0].split("=")[0].split("[")[0].strip().lower() for req in extras["notebooks"]}
    assert {"jupyterlab", "nbconvert", "ipykernel", "pandas", "matplotlib"} <= names


@pytest.fixture(scope="module")
def seeds_store(built_seeds):
    return built_seeds.store


def test_to_pandas_puts_readable_columns_first_and_iris_last(seeds_store):
    table = talkgraph.run_query(seeds_store, "talks-by-speaker", name="Maxim Fedorov")
    iris = table.iri_columns()
    assert iris, table.columns
    frame = table.to_pandas()
    assert len(frame) == len(table)
    readable = [c for c in table.columns if c not in iris]
    assert list(frame.columns) == readable + iris
    assert list(table.to_pandas(iris=False).columns) == readable
    first = frame.iloc[0]
    assert all(str(first[c]).startswith("http") for c in iris)
    assert isinstance(first[readable[0]], str) and not first[readable[0]].startswith("http")


@pytest.mark.slow
def test_jupyter_nbconvert_executes_a_notebook(nbconvert_run):
    done, out, _ = nbconvert_run
    assert done.returncode == 0, done.stderr[-3000:]
    assert '"output_type": "error"' not in out.read_text(encoding="utf-8")
    assert "Ego network" in out.read_text(encoding="utf-8")
