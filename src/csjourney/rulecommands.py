"""`csjourney rules` and `csjourney rule CODE`: what each code means, from one catalogue.

Only typer and typing at module level: the CLI imports this on every start.
"""

from __future__ import annotations

from typing import Annotated

import typer


def list_rules(
    include_structural: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also list the structural and data checks (CSJ0xx-CSJ1xx, CSJ4xx), always on.",
        ),
    ] = False,
) -> None:
    """List every lint rule and measure finding: code, name, default severity, what it reports."""
    from csjourney.rulesinfo import catalogue

    shown = [info for info in catalogue() if include_structural or info.configurable]
    width = max(len(info.name) for info in shown)
    for info in shown:
        typer.echo(
            f"{info.code}  {info.name.ljust(width)}  {info.severity.label:<7}  {info.summary}"
        )


def explain_rule(
    key: Annotated[
        str,
        typer.Argument(
            help="A code (CSJ201, CSJ101) or name (stage-missing-touchpoint, unknown-key).",
            metavar="RULE",
        ),
    ],
) -> None:
    """Explain one code, lint rule or structural check: what it means, how to fix it."""
    from csjourney.rulesinfo import explanation

    typer.echo(explanation(key))
