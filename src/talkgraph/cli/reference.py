"""The CLI reference (docs/cli.md): every command's --help, generated so it cannot drift from the code."""
from __future__ import annotations

from typing import Iterator

import click

__all__ = ["cli_reference"]

_WIDTH = 100  # fixed, so the text does not depend on the terminal it was generated in


def _walk(chain: list[tuple[str, click.Command]]) -> Iterator[list[tuple[str, click.Command]]]:
    yield chain
    command = chain[-1][1]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            if sub is not None:
                yield from _walk(chain + [(name, sub)])


def cli_reference() -> str:
    """Markdown: one section per command and subcommand with its ``--help`` text."""
    from . import main

    lines = ["# talkgraph command-line reference", "",
             "Generated from `talkgraph --help` by `scripts/cli-reference`; do not edit by hand "
             "(`tests/test_docs.py` fails when this file is out of date).", ""]
    for chain in _walk([("talkgraph", main)]):
        ctx: click.Context | None = None
        for name, command in chain:
            # As click builds them (context_settings such as -h), at a fixed width.
            settings = {**command.context_settings, "terminal_width": _WIDTH, "max_content_width": _WIDTH}
            ctx = click.Context(command, info_name=name, parent=ctx, **settings)
        assert ctx is not None  # a chain holds at least the group itself
        title = " ".join(name for name, _ in chain)
        lines += [f"{'#' * min(len(chain) + 1, 4)} `{title}`", "", "```text", chain[-1][1].get_help(ctx).rstrip(),
                  "```", ""]
    return "\n".join(lines)
