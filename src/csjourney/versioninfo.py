"""What `csjourney --version` reports."""

from __future__ import annotations

from csjourney import FORMAT_VERSIONS, __version__


def describe() -> str:
    from csjourney.render.discovery import describe_engine

    formats = ", ".join(str(v) for v in FORMAT_VERSIONS)
    return f"csjourney {__version__} (journey format {formats})\n{describe_engine()}"
