"""Every CLI command runs once on the bundled data/ (a store built once for the session).

A new command fails ``test_every_command_has_a_case`` until it gets a case here, or names the test
that runs it against a real server (push, serve).
"""
from __future__ import annotations

import warnings
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from talkgraph.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPEAKER, OTHER = "Cheuk Ting Ho", "Georgi Ker"  # two speakers of data/ who spoke together
TALK = "A low latency deepdive of Python with Cython"

# command -> (arguments, a piece of the output that shows it did its work); {out} is a temp folder
CASES: dict[str, tuple[list[str], str]] = {
    "build": (["{data}/seeds", "--quiet"], "records:"),
    "export": (["-o", "{out}/graph.ttl", "--format", "ttl"], "wrote"),
    "extract": (["{data}/seeds"], '"source"'),
    "identities": ([], ""),
    "network centrality": ([], SPEAKER.split()[0]),
    "network communities": ([], ""),
    "network ego": ([SPEAKER], OTHER),
    "network path": ([SPEAKER, OTHER], OTHER),
    "queries": ([], "talks-by-speaker"),
    "query": (["talks-by-speaker", "--param", f"name={SPEAKER}", "--format", "csv"], "PyO3 101"),
    "related": ([TALK], ""),
    "related-speakers": ([SPEAKER, "--format", "json"], "spoke together"),
    "summary": ([], "talks"),
    "topics candidates": ([], "candidate"),  # on a store built with --candidates (below)
    "topics list": ([], ""),
    "topics trends": ([], ""),
    "validate": ([], "Conforms: True"),
    "viz ego": ([SPEAKER, "-o", "{out}/ego.html"], "wrote"),
    "viz network": (["-o", "{out}/network.html"], "wrote"),
    "viz path": ([SPEAKER, OTHER, "-o", "{out}/path.html"], "wrote"),
    "viz timeline": ([SPEAKER, "-o", "{out}/timeline.svg"], "wrote"),
}
ELSEWHERE = {  # commands that need a real server, run by these tests
    "push": "tests/store/test_remote.py (oxigraph serve, Virtuoso)",
    "serve": "tests/store/test_serve_security.py (a real server process)",
}


def _leaf_commands(group: click.Group, prefix: str = "") -> list[str]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out += _leaf_commands(command, f"{full} ") if isinstance(command, click.Group) else [full]
    return out


def test_every_command_has_a_case():
    assert not set(CASES) & set(ELSEWHERE)
    assert set(_leaf_commands(main)) == set(CASES) | set(ELSEWHERE)


@pytest.mark.parametrize("command", sorted(CASES))
def test_command_runs_on_the_bundled_data(command, built_data, tmp_path):
    args, expected = CASES[command]
    store = built_data.path
    if command == "build":
        store = tmp_path / "new-store"
    elif command == "topics candidates":  # keyphrase candidates are only read on request
        store = tmp_path / "candidates-store"
        built = CliRunner().invoke(main, ["--store", str(store), "build", "--candidates", "--quiet",
                                          str(ROOT / "data" / "pyvideo" / "djangocon-us-2023")])
        assert built.exit_code == 0, built.output
    argv = ["--store", str(store), *command.split(), *[a.format(out=tmp_path, data=ROOT / "data") for a in args]]
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0, f"{argv}\n{result.output}"
    assert expected in result.output, result.output[-2000:]


@pytest.mark.parametrize("command", ["extract", "query"])
def test_command_uses_no_deprecated_click_api(command, built_data):
    """Both write their answer to stdout; click.get_text_stream, deprecated in click 8.5 and gone in 9, is not used."""
    args, expected = CASES[command]
    argv = ["--store", str(built_data.path), command, *[a.format(data=ROOT / "data") for a in args]]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(main, argv)
    assert result.exit_code == 0 and expected in result.output, result.output[-2000:]
    assert not [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)
                and "Click" in str(w.message)]
