"""Finding and running a Graphviz engine: the system `dot`, or graphviz-pure.

graphviz-pure (a dependency of csjourney) is a static port of Graphviz 16 as
one executable: it writes SVG and PNG on a machine without any Graphviz, but
not PDF. The system `dot` is preferred when present because users expect it
and it writes PDF. Running an engine over the diagrams is render/layout.py's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from csjourney.errors import UsageError
from csjourney.render import discovery
from csjourney.render.discovery import BUNDLED_NAME
from csjourney.render.formats import LAYOUT_FORMATS

INSTALL_HINT = (
    "install Graphviz (Debian/Ubuntu: `apt-get install graphviz`; macOS: `brew install graphviz`) "
    "or reinstall csjourney so that its graphviz-pure dependency is present"
)


class EngineError(UsageError):
    """No engine can make what was asked, or the engine failed: exit 2."""


@dataclass(frozen=True, slots=True)
class Engine:
    kind: str  # "system" or "bundled"
    executable: str
    formats: frozenset[str]
    # Whether one process lays out several graphs each exactly as it would alone
    # (render/layout.py). Graphviz 2.43, Debian 12's `dot`, does not: a graph after
    # another gets its clusters and nodes in another order, its group id `page0,1_graph0`.
    batches: bool = False

    @property
    def label(self) -> str:
        name = "Graphviz dot" if self.kind == "system" else "graphviz-pure (bundled)"
        return f"{name} at {self.executable}"


def system_engine() -> Engine | None:
    found = discovery.find_dot()
    return Engine("system", found, frozenset(LAYOUT_FORMATS)) if found else None


def bundled_engine() -> Engine | None:
    found = discovery.find_bundled()
    return Engine("bundled", found, frozenset({"svg", "png"}), batches=True) if found else None


def find_engine(choice: str) -> Engine | None:
    """The engine `--engine CHOICE` names; None when `auto` finds none.

    An engine asked for by name that is missing is an error right away.
    """
    if choice == "system":
        engine = system_engine()
        if engine is None:
            raise EngineError(f"--engine system: Graphviz `dot` is not on PATH; {INSTALL_HINT}")
        return engine
    if choice == "bundled":
        engine = bundled_engine()
        if engine is None:
            raise EngineError(
                f"--engine bundled: the `{BUNDLED_NAME}` program is not installed; "
                f"`pip install {BUNDLED_NAME}` (a csjourney dependency) provides it"
            )
        return engine
    return system_engine() or bundled_engine()


def unsupported(engine: Engine | None, formats: Sequence[str]) -> list[str]:
    """The layout formats among `formats` that `engine` cannot write."""
    return [
        f for f in formats if f in LAYOUT_FORMATS and (engine is None or f not in engine.formats)
    ]


def missing_message(engine: Engine | None, formats: Sequence[str]) -> str:
    """Why `formats` cannot be made, and what to install."""
    listed = ", ".join(formats)
    if engine is None:
        return f"no Graphviz engine found for {listed}: {INSTALL_HINT}"
    return (
        f"{engine.label} cannot write {listed}; PDF needs the system Graphviz `dot` "
        "(Debian/Ubuntu: `apt-get install graphviz`; macOS: `brew install graphviz`)"
    )
