"""Command-line mistakes in one style: `csjourney: error: <what>`, a "did you mean", a hint.

Click words its parse errors its own way ("Invalid value for '--format' / '-f':
Value error, ...", "No such option: --formt (Possible options: ...)"), and the
commands raise `UsageError` in ours. `describe` turns every click usage error
into our wording, so a user meets one style whichever layer caught the mistake.
Imported only when a run fails, so it may import what it likes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from typer._click import exceptions as click_errors

from csjourney.suggest import did_you_mean

PROGRAM = "csjourney"


def help_hint(argv: Iterable[str], commands: Iterable[str]) -> str:
    """`Run 'csjourney validate -h' for help.`: the command argv names, if any."""
    known, path = set(commands), PROGRAM
    for arg in argv:
        if arg in known:
            path = f"{PROGRAM} {arg}"
        if not arg.startswith("-"):
            break
    return f"Run '{path} -h' for help."


def describe(error: click_errors.UsageError) -> str:
    """The message for a click usage error, without the `csjourney: error:` prefix."""
    try:
        return _describe(error)
    except Exception:  # a wording we did not foresee: click's own words, not a traceback
        return error.format_message()


def _describe(error: click_errors.UsageError) -> str:
    if isinstance(error, click_errors.NoSuchOption):
        return _unknown("option", error.option_name, _option_names(error))
    command = re.match(r"No such command '(.*)'\.", error.message)
    if command:  # Typer raises a plain UsageError for it
        names = _command_names(error)
        listed = f" (commands: {', '.join(names)})" if names else ""
        return _unknown("command", command.group(1), names) + listed
    if isinstance(error, click_errors.MissingParameter):
        return _missing(error)
    if isinstance(error, click_errors.BadParameter):
        return _bad_value(error)
    if isinstance(error, click_errors.BadOptionUsage):
        if "requires an argument" in error.message:
            return f"{error.option_name} needs a value"
        worded = re.fullmatch(r"Option '(.+?)' (.*)", error.message)
        return _plain(" ".join(worded.groups()) if worded else error.message)
    extra = re.fullmatch(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", error.message)
    if extra:
        return f"unexpected argument `{extra.group(1)}`: this command takes no more"
    return _plain(error.message)


def _unknown(kind: str, name: str, known: list[str]) -> str:
    hint = did_you_mean(name, known) if name.startswith("--") or kind != "option" else None
    return f"unknown {kind} `{name}`" + (f"; {hint}" if hint else "")


def _option_names(error: click_errors.UsageError) -> list[str]:
    if error.ctx is None:
        return []
    names: list[str] = []
    for param in error.ctx.command.get_params(error.ctx):
        names += [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
    return [name for name in names if name.startswith("-")]


def _command_names(error: click_errors.UsageError) -> list[str]:
    commands = getattr(error.ctx.command, "commands", {}) if error.ctx else {}
    return sorted(name for name, command in commands.items() if not command.hidden)


def _param_name(param: object) -> str:
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("-")]
    if opts:
        return str(max(opts, key=len))
    return str(getattr(param, "human_readable_name", None) or getattr(param, "name", "value"))


def _missing(error: click_errors.MissingParameter) -> str:
    param = error.param
    if param is None:
        return _plain(error.message) or "a required argument is missing"
    if getattr(param, "param_type_name", "") == "argument":
        what = f"missing {param.metavar or (param.name or 'argument').upper()}"
        help_text = getattr(param, "help", None)
        return what + (f": {_plain(help_text)}" if isinstance(help_text, str) else "")
    return f"missing option {_param_name(param)}"


def _bad_value(error: click_errors.BadParameter) -> str:
    param = error.param
    name = _param_name(param) if param is not None else "value"
    descriptor = getattr(param, "type_descriptor", None)
    cause = error.__cause__
    value = _failed_input(cause)
    if descriptor is not None and descriptor.is_choice and value is not None:
        choices = [str(getattr(c, "value", c)) for c in descriptor.choices or ()]
        hint = did_you_mean(value.lower(), choices)  # `SARIF`: choices are lowercase
        return (
            f"{name}: unknown value `{value}`"
            + (f"; {hint}" if hint else "")
            + f" (choose from: {', '.join(choices)})"
        )
    message = str(cause) if isinstance(cause, ValueError) and not value else error.message
    return f"{name}: {_plain(message)}"


def _failed_input(cause: BaseException | None) -> str | None:
    """The value a pydantic-checked parameter refused (Typer validates with pydantic)."""
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    details = errors()
    value = details[0].get("input") if details else None
    return value if isinstance(value, str) else None


def _plain(message: str) -> str:
    """Click's sentence as one of ours: no `Value error, ` prefix, no final period."""
    text = message.removeprefix("Value error, ").strip().rstrip(".")
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]
