"""The language server: `csjourney lsp`, over stdio (pygls, the `lsp` extra)."""
