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
            "--all", help="Also list the structural checks (CSJ0xx-CSJ1xx), which are always on."
        ),
    ] = False,
) -> None:
    """List every lint rule: code, name, default severity, what it reports."""
    from csjourney.rulesinfo import catalogue

    shown = [info for info in catalogue() if include_structural or info.code >= "CSJ2"]
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
    from csjourney.lint.registry import find_rule, resolve
    from csjourney.rulesinfo import structural_code

    check = structural_code(key)
    if check is not None:
        from csjourney.errortexts import for_terminal, texts

        typer.echo(
            f"{check.code} {check.name} (structural check, severity: {check.severity.label})\n"
        )
        typer.echo(for_terminal(texts()[check.code]).rstrip("\n"))
        return
    rule = find_rule(key) or resolve(key, "csjourney rule")
    typer.echo(f"{rule.code} {rule.name} (default severity: {rule.severity.label})\n")
    typer.echo(rule.doc())
