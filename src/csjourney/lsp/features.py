"""The language server's features, one module each: the explicit registry the server loads.

Each module has `register(server: CsjourneyServer) -> None`, which adds its
handlers with `@server.feature(...)`. pygls keeps one handler per LSP method,
so a method belongs to one module: the document notifications (open, change,
save, close, watched files) and `initialized` to `diagnostics`, which keeps
the sessions current for every other feature.

A registry rather than a scan of the package: a module missing or failing to
import is an error at start-up, never a feature that silently is not there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csjourney.lsp.server import CsjourneyServer

FEATURES: tuple[str, ...] = (
    "csjourney.lsp.diagnostics",
    "csjourney.lsp.navigation",
    "csjourney.lsp.completion",
    "csjourney.lsp.hover",
    "csjourney.lsp.actions",
)


def register_all(server: CsjourneyServer) -> None:
    """Import each feature module and let it add its handlers to `server`."""
    for name in FEATURES:
        importlib.import_module(name).register(server)
