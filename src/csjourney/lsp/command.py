"""The `csjourney lsp` command: the language server over standard input and output.

Imported by the CLI on every start (typer needs its parameters for `--help`),
so only typer and the light argument module load here; pygls and the checks
load when the server starts. Without the `lsp` extra the command says how to
get it and exits 2, as any usage error does.
"""

from __future__ import annotations

from typing import Annotated

import typer

from csjourney.cliargs import CacheDirOption, NoCacheOption, TodayOption, parse_today
from csjourney.errors import UsageError

MISSING_EXTRA = "the language server needs the lsp extra: pip install 'csjourney[lsp]'"


def lsp(
    stdio: Annotated[
        bool,
        typer.Option(
            "--stdio",
            help="Talk over standard input and output (the only transport; default).",
            show_default=False,
        ),
    ] = True,
    today: TodayOption = None,
    no_cache: NoCacheOption = False,
    cache_dir: CacheDirOption = None,
) -> None:
    """Run the language server (LSP over stdio) for editors: diagnostics as you type."""
    try:
        import pygls  # noqa: F401
    except ImportError:
        raise UsageError(MISSING_EXTRA) from None
    from csjourney.lsp.server import build_server

    fixed = parse_today(today) if today is not None else None
    build_server(fixed, cache=not no_cache, cache_dir=cache_dir).serve_stdio()
