"""User mistakes and failing disks end in one line naming the file and the problem, not a traceback."""
from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import talkgraph
from talkgraph.config import Settings
from talkgraph.store.local import GraphStore

ROOT = Path(__file__).resolve().parents[2]
# Runs the CLI with a file size limit: writes past it fail with EFBIG, as writes to a full disk fail with ENOSPC.
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
sys.argv[0] = "talkgraph"
from talkgraph.cli import main
main()
"""
NO_MATPLOTLIB = """
import sys
sys.modules["matplotlib"] = None  # as if it were not installed
sys.argv[0] = "talkgraph"
from talkgraph.cli import main
main()
"""


@pytest.fixture(scope="module")
def disk_store(built_seeds) -> Path:
    return built_seeds.path


def run(script: str, *args: str, umask: int | None = None) -> subprocess.CompletedProcess:
    def preexec():
        if umask is not None:
            os.umask(umask)
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120,
                          preexec_fn=preexec)


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, done.stderr
    return lines[0]


@contextlib.contextmanager
def read_only_dir(tmp_path: Path):
    """A directory no write can go into: a read-only tmpfs when we are root (root ignores modes), else mode 0555."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)],
                              capture_output=True)
        if done.returncode != 0:
            pytest.skip("root without mount rights: cannot make a read-only directory")
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], capture_output=True)
    else:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            yield folder
        finally:
            folder.chmod(stat.S_IRWXU)


CLI = "import sys; sys.argv[0] = 'talkgraph'; from talkgraph.cli import main; main()"


def test_export_to_a_read_only_dir(disk_store, tmp_path):
    with read_only_dir(tmp_path) as folder:
        done = run(CLI, "--store", str(disk_store), "export", "-o", str(folder / "graph.ttl"), "--format", "ttl")
        assert done.returncode == 1
        line = one_line_error(done)
        assert str(folder / "graph.ttl") in line and ("Read-only" in line or "Permission denied" in line)


def test_export_to_a_full_disk_leaves_no_file(disk_store, tmp_path):
    target = tmp_path / "out" / "graph.nt"
    done = run(LIMITED, "4000", "--store", str(disk_store), "export", "-o", str(target), "--format", "nt")
    assert done.returncode == 1
    line = one_line_error(done)
    assert str(target) in line and "File too large" in line
    assert list((tmp_path / "out").iterdir()) == []  # no half file, no temp file


def test_build_on_a_full_disk(tmp_path):
    done = run(LIMITED, "300000", "--store", str(tmp_path / "store"), "build", "-q", str(ROOT / "data" / "seeds"))
    assert done.returncode == 1
    line = one_line_error(done)
    assert "build stopped" in line and str(tmp_path / "store") in line and "File too large" in line


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_exports_honour_the_umask(disk_store, tmp_path, umask, mode):
    target = tmp_path / "graph.trig"
    done = run(CLI, "--store", str(disk_store), "export", "-o", str(target), umask=umask)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode


@pytest.mark.parametrize("args", [
    ["viz", "network", "-o", "{out}/x.png"],
    ["viz", "timeline", "Maxim Fedorov", "-o", "{out}/t.png"],
], ids=["network", "timeline"])
def test_a_picture_without_matplotlib(disk_store, tmp_path, args):
    done = run(NO_MATPLOTLIB, "--store", str(disk_store), *[a.format(out=tmp_path) for a in args])
    assert done.returncode == 1
    line = one_line_error(done)
    assert ".png needs matplotlib" in line and "pip install" in line



@pytest.mark.parametrize("args, message", [
    (["query", "speakers"], "no store at"),  # raised inside a command
    (["viz", "timeline", "Nobody Here", "-o", "{missing}.png"], "no store at"),  # inside a subgroup's command
    (["--config", "{missing}", "summary"], "does not exist"),  # raised by the group's own callback (settings)
], ids=["command", "subgroup", "settings"])
def test_talkgraph_errors_become_one_error_line_from_the_group(tmp_path, args, message):
    from click.testing import CliRunner

    from talkgraph.cli import TalkgraphGroup, main

    args = [a.format(missing=tmp_path / "missing.toml") for a in args]
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "none"), *args])
    assert isinstance(main, TalkgraphGroup)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and message in result.output.casefold()
    assert isinstance(result.exception, SystemExit)  # click's exit, not an escaped TalkgraphError
