"""The live preview: `csjourney serve` (watchfiles, the `serve` extra)."""
