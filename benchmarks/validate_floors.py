"""The floors a Python tool can reach when it reads YAML files, for bench_validate.py.

    python benchmarks/validate_floors.py events|csafe|ruamel FILE...

- `events`: PyYAML's C event stream (`yaml.parse` with `CLoader`, libyaml) consumed
  to the end: every byte is scanned and parsed, no Python object is built;
- `csafe`: `yaml.load` with `CSafeLoader`: libyaml events composed and constructed
  into plain Python data by PyYAML's Python code;
- `ruamel`: ruamel.yaml's safe loader on its C parser (the benchmark's older floor;
  its composer is pure Python, so it is slower than csjourney and hides nothing).

None of them checks anything. Each refuses to run on a pure-Python parser (exit 2),
and prints how many YAML documents it read, so the benchmark can check that the
floor did read every file rather than look fast by reading nothing. Each imports
only the library it times: start-up counts, as it does for csjourney.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

NO_LIBYAML = "PyYAML has no libyaml here: pip install pyyaml with a libyaml wheel"


Reader = Callable[[bytes], int]  # one file's bytes -> documents read (0 or 1)


def _libyaml() -> Any:
    import yaml  # type: ignore[import-untyped]  # the floor imports only what it times

    if not yaml.__with_libyaml__:
        sys.exit(NO_LIBYAML)
    return yaml


def pyyaml_events() -> Reader:
    yaml = _libyaml()

    def read(data: bytes) -> int:
        events: deque[Any] = deque(yaml.parse(data, Loader=yaml.CLoader), maxlen=1)
        return int(bool(events))  # the last event is StreamEnd: read to the end

    return read


def pyyaml_csafe() -> Reader:
    yaml = _libyaml()
    return lambda data: int(yaml.load(data, Loader=yaml.CSafeLoader) is not None)


def ruamel_safe() -> Reader:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)  # one loader for every file, as a tool would
    if yaml.Parser.__name__ != "CParser":  # from ruamel.yaml.clib or ruamel.yaml.clibz
        sys.exit(f"ruamel.yaml uses {yaml.Parser!r}, not the C parser")
    return lambda data: int(yaml.load(data.decode("utf-8")) is not None)


FLOORS: dict[str, Callable[[], Reader]] = {
    "events": pyyaml_events,
    "csafe": pyyaml_csafe,
    "ruamel": ruamel_safe,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in FLOORS:
        print(f"usage: validate_floors.py {'|'.join(FLOORS)} FILE...", file=sys.stderr)
        return 2
    reader = FLOORS[argv[0]]()
    read = sum(reader(Path(name).read_bytes()) for name in argv[1:])
    print(read)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
