"""Every notebook runs top to bottom on the bundled data/, from notebooks/ as the working directory.

A cell that raises fails the test (nbclient raises CellExecutionError with the cell's traceback).
The committed notebooks carry no outputs, so they diff cleanly.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

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


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="nbclient needs the ipykernel kernel in this environment")
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
