"""The `csjourney serve` command: parse the options, check the extra, run a session.

Only typer, pathlib and the shared arguments are imported at module level: the CLI
imports this module on every start (`csjourney --version` included), and watchfiles,
the server and the renderer are imported only once `serve` runs, watchfiles first,
so that a missing extra is said before anything is bound or rendered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csjourney.cliargs import ConfigOption, PathsArgument

NEEDS_EXTRA = "the live preview needs the serve extra: pip install 'csjourney[serve]'"
LOOPBACK = "127.0.0.1"


def loopback_host(host: str) -> str:
    """The address to bind: the IPv4 loopback only, since the preview has no login and
    shows every map it reads. `localhost` is 127.0.0.1; anything else is refused."""
    import ipaddress

    from csjourney.errors import UsageError

    if host.strip().lower() == "localhost":
        return LOOPBACK
    try:
        address = ipaddress.ip_address(host.strip())
    except ValueError:
        address = None
    if address is None or address.version != 4 or not address.is_loopback:
        raise UsageError(
            f"--host: `{host}` is not a loopback address; serve listens on this machine "
            f"only (127.0.0.1 to 127.255.255.255, or localhost), as the preview has no "
            "login and shows every map to whoever connects"
        )
    return str(address)


def _require_watchfiles() -> None:
    from csjourney.errors import UsageError

    try:
        import watchfiles  # noqa: F401  (the session imports it again where it watches)
    except ImportError:
        raise UsageError(NEEDS_EXTRA) from None


def _shown(paths: list[Path]) -> str:
    """The workspace as the first line names it: the paths given, `.` as its folder."""
    return ", ".join(str(Path.cwd()) if str(p) == "." else str(p) for p in paths)


def serve(
    paths: PathsArgument = None,
    port: Annotated[
        int,
        typer.Option(
            "--port",
            "-p",
            help="Port to listen on (default: a free one, printed).",
            min=0,
            max=65535,
            show_default=False,
            metavar="N",
        ),
    ] = 0,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Loopback address to listen on; other addresses are refused.",
            metavar="ADDRESS",
        ),
    ] = LOOPBACK,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the index in the default browser.")
    ] = False,
    config: ConfigOption = None,
    no_lint: Annotated[
        bool, typer.Option("--no-lint", help="Do not run or show lint rules.")
    ] = False,
) -> None:
    """Preview the HTML reports, rendered again and reloaded in the browser on every save."""
    from csjourney.errors import UsageError

    bind = loopback_host(host)
    _require_watchfiles()
    if "-" in [str(p) for p in paths or []]:
        raise UsageError("serve reads files it can watch: `-` (standard input) cannot be served")
    chosen = list(paths or [Path(".")])
    for path in chosen:
        if not path.exists():
            raise UsageError(f"{path}: no such file or directory")

    from csjourney.serve.session import run_session
    from csjourney.serve.site import BuildSettings

    settings = BuildSettings(tuple(chosen), config, lint=not no_lint)
    import webbrowser

    run_session(settings, bind, port, _shown(chosen), webbrowser.open if open_browser else None)
