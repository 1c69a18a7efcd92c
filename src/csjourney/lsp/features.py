"""The language server's features, one module each: the explicit registry the server loads.

Each module has `register(server: CsjourneyServer) -> None`, which adds its
handlers with `@server.feature(...)`. pygls keeps one handler per LSP method,
so a method belongs to one module: the document notifications (open, change,
save, close, watched files) to `diagnostics`, which keeps the sessions current
for every other feature.
"""

from __future__ import annotations

FEATURES: tuple[str, ...] = (
    "csjourney.lsp.diagnostics",
    "csjourney.lsp.navigation",
    "csjourney.lsp.completion",
    "csjourney.lsp.hover",
    "csjourney.lsp.actions",
)
