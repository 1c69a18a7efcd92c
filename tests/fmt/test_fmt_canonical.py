"""`canonical.verdict` never contradicts the formatter it stands in for.

Proof obligations, over every YAML text the repository has (the structural
cases, fmt's fixtures, the examples, generated benchmark maps in both layouts),
the formatted form of each, and mutations of the canonical texts, one kind for
each rule the prover checks: CANONICAL means `format_text` gives the text back,
CHANGES that it gives another text and does not refuse. And it must decide:
nearly every generated or formatted benchmark map gets an answer.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT, Csj, benchmark_generator
from csjourney.fmt.canonical import Verdict, verdict
from csjourney.fmt.formatter import FormatError, format_text
from csjourney.yamlsource import YamlProblem, build
from fmt.yamlwriter import write

FIXTURES = ROOT / "tests" / "fmt" / "fixtures"
LAYOUT_SOURCES = sorted(EXAMPLES.rglob("*.yaml"))


def _files() -> dict[str, Callable[[], str]]:
    found: dict[str, Callable[[], str]] = {}

    def reader(path: Path) -> Callable[[], str]:
        return lambda: path.read_bytes().decode("utf-8")

    for folder in (ROOT / "tests" / "cases", FIXTURES, EXAMPLES):
        for path in sorted([*folder.rglob("*.yaml"), *folder.rglob("*.yml")]):
            try:
                build(path.read_bytes().decode("utf-8"))
            except (UnicodeDecodeError, YamlProblem):
                continue  # never formatted: `fmt` reports it (and ruamel.yaml is slow on bombs)
            if path.stat().st_size < 200_000:
                name = path.relative_to(ROOT).as_posix()
                found[name] = reader(path)
    return found


def _generated() -> dict[str, Callable[[], str]]:
    def journey(index: int, **options: Any) -> Callable[[], str]:
        return lambda: str(benchmark_generator().journey_text(index, **options))

    found = {f"generated/journey-{i}": journey(i) for i in range(6)}
    found["generated/library"] = lambda: str(benchmark_generator().library_text())
    found["generated/scale-2"] = journey(7, scale=2)
    found["generated/standalone"] = journey(8, standalone=True)
    return found


SOURCES = _files()
GENERATED = _generated()


@cache
def _source(name: str) -> str:
    return (SOURCES | GENERATED)[name]()


@cache
def _formatted(name: str) -> str | None:
    try:
        return format_text(_source(name))
    except FormatError:
        return None


# -- mutations of a canonical text, each breaking one rule ---------------------------------


def _lines(text: str) -> list[str]:
    return text.split("\n")[:-1]


def _joined(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _pick(lines: list[str], seed: int, wanted: str = r".") -> int:
    fitting = [i for i, line in enumerate(lines) if re.search(wanted, line)] or [0]
    return random.Random(seed).choice(fitting)


def _swap_keys(lines: list[str], seed: int) -> list[str]:
    i = _pick(lines, seed, r"^\s+[a-z_]+: \S")
    j = i + 1
    while j < len(lines) and lines[j].startswith(" " * (_indent(lines[i]) + 1)):
        j += 1
    if j < len(lines) and _indent(lines[j]) == _indent(lines[i]) and ":" in lines[j]:
        lines[i], lines[j] = lines[j], lines[i]
    return lines


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _reindent(lines: list[str], seed: int) -> list[str]:
    i = _pick(lines, seed, r"^\s+\S")
    lines[i] = " " * random.Random(seed).choice((1, 2, 4)) + lines[i]
    return lines


def _spliced(lines: list[str], at: int, new: list[str], dropped: int = 0) -> list[str]:
    return [*lines[:at], *new, *lines[at + dropped :]]


def _blank(lines: list[str], seed: int) -> list[str]:
    return _spliced(lines, _pick(lines, seed), ["", ""] if seed % 2 else ["   "])


def _comment(lines: list[str], seed: int) -> list[str]:
    return _spliced(lines, _pick(lines, seed), [" " * (seed % 7) + f"# note {seed}"])


def _eol(lines: list[str], seed: int) -> list[str]:
    i = _pick(lines, seed, r": [^\[{>|]+$")
    lines[i] += " " * (1 + seed % 3) + f"# eol {seed}"
    return lines


def _block_list(lines: list[str], seed: int) -> list[str]:
    i = _pick(lines, seed, r": \[[^\]]+\]$")
    if ": [" not in lines[i]:
        return lines
    head, items = lines[i].split(": [", 1)
    column = " " * (_indent(head) + 2)
    block = [f"{column}- {item}" for item in items[:-1].split(", ")]
    return _spliced(lines, i, [head + ":", *block], dropped=1)


def _flow_item(lines: list[str], seed: int) -> list[str]:
    i = _pick(lines, seed, r"^\s+- \{")
    match = re.match(r"^(\s+)- \{(.*)\}$", lines[i])
    if not match:
        return lines
    first, *rest = match[2].split(", ")
    column = match[1]
    block = [f"{column}- {first}", *(f"{column}  {part}" for part in rest)]
    return _spliced(lines, i, block, dropped=1)


def _trailing(lines: list[str], seed: int) -> list[str]:
    lines[_pick(lines, seed)] += " "
    return lines


def _quote(lines: list[str], seed: int) -> list[str]:
    i = _pick(lines, seed, r"^\s+(- )?[a-z_]+: [A-Za-z][^#'\"]*$")
    if ": " not in lines[i]:
        return lines
    key, value = lines[i].split(": ", 1)
    lines[i] = f"{key}: " + (f'"{value}"' if seed % 2 else f"'{value}'")
    return lines


def _endings(text: str, seed: int) -> str:
    if seed % 3 == 0:
        return text.replace("\n", "\r\n")
    if seed % 3 == 1:
        return "\ufeff" + text.replace("\n", "\r\n", 1)  # mixed
    return text.rstrip("\n")  # no final line break


MUTATIONS: dict[str, Callable[[list[str], int], list[str]]] = {
    "swap-keys": _swap_keys,
    "reindent": _reindent,
    "blank": _blank,
    "comment": _comment,
    "eol": _eol,
    "block-list": _block_list,
    "flow-item": _flow_item,
    "trailing-space": _trailing,
    "quote": _quote,
}
CANONICAL_BASES = [  # formatted already: each mutation breaks the layout in one place
    *(f"examples/{name}.yaml" for name in ("b2b-saas/library", "b2b-saas/journeys/smb")),
    *("examples/b2c-subscription/meal-kit.yaml", "examples/minimal/journey.yaml"),
    *("generated/journey-1", "generated/library"),
]


@dataclass(frozen=True)
class Case:
    name: str
    variant: str  # "as is", "formatted", or "<mutation> <seed>"

    def text(self) -> str | None:
        if self.variant == "as is":
            return _source(self.name)
        base = _formatted(self.name)
        if self.variant == "formatted" or base is None:
            return base
        kind, seed = self.variant.split()
        if kind == "endings":
            return _endings(base, int(seed))
        return _joined(MUTATIONS[kind](_lines(base), int(seed)))


CASES = [
    Case(name, variant) for name in [*SOURCES, *GENERATED] for variant in ("as is", "formatted")
]
CASES += [
    Case(name, f"{kind} {seed}")
    for name in CANONICAL_BASES
    for kind in [*MUTATIONS, "endings"]
    for seed in range(3)
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}:{c.variant}")
def test_a_verdict_is_what_the_formatter_does(case: Case) -> None:
    text = case.text()
    if text is None:  # the source cannot be formatted: its formatted form is not a case
        assert _formatted(case.name) is None
        return
    told = verdict(text)
    if told is Verdict.UNKNOWN:
        return
    try:
        result = format_text(text)
    except FormatError as error:
        pytest.fail(f"{told.name}, but the formatter refuses: {error}")
    assert (result == text) == (told is Verdict.CANONICAL), told


def test_the_formatted_and_generated_benchmark_maps_are_decided() -> None:
    texts = [GENERATED[name]() for name in GENERATED]
    texts += [format_text(text) for text in texts]
    told = [verdict(text) for text in texts]
    assert told.count(Verdict.UNKNOWN) == 0
    assert told.count(Verdict.CANONICAL) == len(GENERATED)  # the formatted ones


def test_the_examples_are_proven_canonical_and_most_texts_decided() -> None:
    examples = [name for name in SOURCES if name.startswith("examples/")]
    assert len(examples) >= 5
    assert {verdict(_source(name)) for name in examples} == {Verdict.CANONICAL}
    # The structural cases are odd on purpose (tags, anchors, nested flow): many are not.
    told = [verdict(_source(name)) for name in SOURCES]
    decided = len(told) - told.count(Verdict.UNKNOWN)
    assert decided >= 0.5 * len(told), (decided, len(told))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(range(len(LAYOUT_SOURCES))))
def test_a_verdict_holds_for_any_layout(data: Any, index: int) -> None:
    """Any layout `yamlwriter` writes (comments and all): the verdict is the formatter's."""
    text, _ = write(data.draw, build(LAYOUT_SOURCES[index].read_text(encoding="utf-8")).data)
    # Without the end-of-line comments after `key:` and `]` (never decided), most are.
    text = re.sub(r"^(.*[:\]}])  # eol \d+$", r"\1", text, flags=re.MULTILINE)
    told = verdict(text)
    if told is not Verdict.UNKNOWN:
        assert (format_text(text) == text) == (told is Verdict.CANONICAL), told


TARGETED = {
    "canonical": ("csjourney: 1\njourney:\n  id: j\n  title: T\n", Verdict.CANONICAL),
    "key out of order": ("journey:\n  id: j\n  title: T\ncsjourney: 1\n", Verdict.CHANGES),
    "wrong indent": ("csjourney: 1\njourney:\n   id: j\n   title: T\n", Verdict.CHANGES),
    "double blank line": ("csjourney: 1\n\n\njourney:\n  id: j\n", Verdict.CHANGES),
    "comment at an odd column": (
        "csjourney: 1\njourney:\n  id: j\n# c\n  title: T\n",
        Verdict.CHANGES,
    ),
    "comment opening a nested block": ("csjourney: 1\njourney:\n# c\n  id: j\n", Verdict.UNKNOWN),
    "comment in its place": ("# h\ncsjourney: 1\njourney:\n  # c\n  id: j\n", Verdict.CANONICAL),
    "one space before a comment": ("csjourney: 1 # c\n", Verdict.CHANGES),
    "flow list that fits written as block": (
        "csjourney: 1\njourney:\n  id: j\n  segments:\n    - a\n    - b\n",
        Verdict.CHANGES,
    ),
    "flow list too long": (
        "csjourney: 1\njourney:\n  id: j\n  segments: [" + ", ".join(["segment"] * 14) + "]\n",
        Verdict.CHANGES,
    ),
    "block scalar then a blank line": (
        "csjourney: 1\njourney:\n  description: |\n    x\n\n  id: j\n",
        Verdict.UNKNOWN,
    ),
    "comment above a flow list": (
        "csjourney: 1\njourney:\n  id: j\n  # c\n  segments: [b, a]\n",
        Verdict.CANONICAL,
    ),
    "comment above a flow list, a change elsewhere": (
        "journey:\n  id: j\n  # c\n  segments: [b, a]\ncsjourney: 1\n",
        Verdict.UNKNOWN,
    ),
    "anchor": ("csjourney: 1\njourney: &a\n  id: j\n", Verdict.UNKNOWN),
    "crlf": ("csjourney: 1\r\njourney:\r\n  id: j\r\n", Verdict.CANONICAL),
    "mixed line endings": ("csjourney: 1\r\njourney:\n  id: j\r\n", Verdict.UNKNOWN),
    "byte-order mark": ("\ufeffcsjourney: 1\n", Verdict.CANONICAL),
}


@pytest.mark.parametrize("name", sorted(TARGETED))
def test_each_rule_gives_its_verdict(name: str) -> None:
    text, expected = TARGETED[name]
    assert verdict(text) is expected
    if expected is not Verdict.UNKNOWN:
        assert (format_text(text) == text) == (expected is Verdict.CANONICAL)


def test_fmt_check_says_and_exits_the_same_with_the_prover_as_without(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csjourney.fmt.canonical

    folder = tmp_path / "ws"
    files = benchmark_generator().generate_workspace(folder, 5)
    for index, path in enumerate(files[2:]):  # the library and one journey as generated
        text = format_text(path.read_text())
        if index == 1:
            text = text.replace("csjourney: 1\n", "") + "csjourney: 1\n"  # a key out of order
        elif index == 2:
            text = text.replace("\n  stages:\n", "\n  stages:  # an odd comment\n")
        path.write_bytes(text.encode() if index != 3 else text.replace("\n", "\r\n").encode())
    told = [verdict(path.read_bytes().decode()) for path in files]
    assert {Verdict.CANONICAL, Verdict.CHANGES, Verdict.UNKNOWN} <= set(told)
    with_prover = csj("fmt", "--check", folder, "--no-cache")
    monkeypatch.setattr(csjourney.fmt.canonical, "verdict", lambda text: Verdict.UNKNOWN)
    without = csj("fmt", "--check", folder, "--no-cache")
    assert with_prover == without
    assert with_prover.code == 1 and with_prover.out.count("would reformat") == 3
