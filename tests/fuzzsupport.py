"""Damage for the fuzz tests (test_fuzz.py): the example workspaces, the ways maps get
damaged, and an in-process CLI run that reports a hang instead of hanging.

Two families of damage. The careless (deleted, duplicated or swapped lines, values of
another type, truncation, garbage bytes, broken indentation) mostly break the map. The
hostile ones of issue 8 (huge numbers, far dates, control and bidi characters, line
breaks in names, @mentions and URLs, ids like `index`, very long text) mostly keep it
valid, so that render, fmt and diff get past loading and work on them.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import strategies as st

from conftest import EXAMPLES

TODAY = "2026-11-22"
SECONDS = 30  # per CLI run: far above any real run, so only a hang reaches it

# Values of every YAML type, and of none: what a slip of the keyboard or a bad merge leaves.
REPLACEMENTS = [
    "", "~", "null", "[]", "{}", "[a, b]", "{id: x}", "- item", "42", "-1", "0.5", "1e309",
    "-.inf", ".nan", "0x1F", "true", "no", "2026-02-30", "2026-13-01", "2026-10-01T10:00:00",
    '"   "', "''", "'unterminated", '"unterminated', "|", ">-", "&anchor value", "*missing",
    "!!python/object/apply:os.system [true]", "!custom x", "? complex", "@reserved", "`tick",
    "%", "#comment", "x" * 300, "sms", "web", "smb", "onboarding", "ÿ", "\t",
]  # fmt: skip
# Well-formed YAML scalars a hostile or unlucky author writes (YAML escapes reach every
# character), by the kind of field they fit: numbers too big for int/str conversion or a
# float, dates and intervals past the calendar; control and bidi characters, line breaks
# of every kind, text GitHub would turn into a mention or a link, markup, and text long
# enough to strain a layout.
NUMBERS = [
    "9" * 5000, "1" + "0" * 400, "1e400", "-1e400", "1e-400", "99999999999999999999",
    "3000000", "-3000000", "0", "0.000001",
]  # fmt: skip
DATES = ["9999-12-31", "0001-01-01", "1970-01-01", "2026-11-23"]
TEXTS = [
    r'"\e[31mred\e[0m and a bell\a"', r'"C1 \x9b31m, NUL \0, DEL \x7f, BS \b"',
    r'"left \u202eevil\u202c and \u2066isolated\u2069"', "raw \u202eoverride\u202c here",
    r'"two\r\nlines"', r'"carriage\rreturn"', r'"\n# heading\n- item\n> quote\n```"',
    r'"line\u2028separator\u2029paragraph\x85next line"', "raw\u2028line separator",
    "@octocat and @acme/cs-team, see #12 and GH-7",
    "https://evil.example/x?a=1#b and www.evil.example",
    '"<script>alert(1)</script> & [link](javascript:alert(1)) <!--"',
    '"| table | cell | %% mermaid: {} ; # "', r'"pair \ud83d\ude00 and combining e\u0301"',
    "index", "x" * 20000, "long " * 3000,
]  # fmt: skip
# Ids that are valid but collide with what the renderer writes or what an OS reserves,
# and ids that are unsafe as a file name.
IDS = ["index", "con", "nul", "lpt1", "a" * 64, "0", "x_y", '"../escape"', '"a/b"', '"."']
FIELDS = {
    "text": (
        ["name", "title", "description", "customer_goal", "customer_feeling", "exit_criteria",
         "owner", "unit"],
        TEXTS,
    ),
    "number": (["current", "target", "baseline", "sample_size", "review_every_days"], NUMBERS),
    "date": (["reviewed", "due", "date", "measured"], DATES),
}  # fmt: skip
CARELESS = (
    "delete", "duplicate", "swap-lines", "swap-values", "replace-value", "truncate", "garbage",
    "indent", "dedent", "tab", "open-and-cut",
)  # fmt: skip
# What an interrupted edit or a bad merge leaves open at the end of a file.
OPENERS = ["[", "{", "[a,", "{id: x,", '"', "'", '"text', "[{", "|", ">"]
# The hostile kinds but the first keep a map valid more often than not.
HOSTILE_KINDS = ("hostile-value", "set-field", "rename-id", "rename-journey")


@dataclass(frozen=True)
class Source:
    workspace: Path  # copied from; the whole directory is the workspace
    file: Path  # the file to damage, relative to the workspace


SOURCES = [
    Source(workspace, file.relative_to(workspace))
    for workspace in sorted(p for p in EXAMPLES.iterdir() if p.is_dir())
    for file in sorted(workspace.rglob("*.yaml"))
]

# -- mutations: each takes the file's lines (bytes, with line ends) ----------------------

Lines = list[bytes]
Mutation = Callable[[Lines], Lines]


def copy_workspaces(factory: pytest.TempPathFactory, prefix: str) -> dict[Path, Path]:
    """A private copy of every source's workspace (only its YAML and config), by original."""
    copies = {}
    for index, workspace in enumerate(sorted({s.workspace for s in SOURCES})):
        copy = factory.mktemp(f"{prefix}{index}")
        for file in [*workspace.rglob("*.yaml"), *workspace.glob("csjourney.toml")]:
            target = copy / file.relative_to(workspace)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
        copies[workspace] = copy
    return copies


def _value_split(line: bytes) -> tuple[bytes, bytes] | None:
    """`  name: Onboarding\n` -> (b"  name: ", b"Onboarding\n")."""
    match = re.match(rb"^(\s*(?:- )?[\w-]+:\s)(.*\n?)$", line)
    return (match[1], match[2]) if match else None


@st.composite
def mutations(draw: st.DrawFn, size: int, kinds: tuple[str, ...]) -> Mutation:
    index = st.integers(0, max(size - 1, 0))
    kind = draw(st.sampled_from(kinds))
    i, j = draw(index), draw(index)
    if kind in HOSTILE_KINDS:
        return _hostile(draw, kind, i)
    if kind == "delete":
        return lambda lines: lines[:i] + lines[i + 1 :]
    if kind == "duplicate":
        return lambda lines: lines[: i + 1] + lines[i:]
    if kind == "swap-lines":
        return lambda lines: _swapped(lines, i, j)
    if kind == "swap-values":
        return lambda lines: _values_swapped(lines, i, j)
    if kind == "replace-value":
        text = draw(st.sampled_from(REPLACEMENTS) | st.text(max_size=12))
        return lambda lines: _value_replaced(lines, i, _bytes(text))
    if kind == "open-and-cut":
        opener = draw(st.sampled_from(OPENERS)).encode()
        ending = draw(st.sampled_from([b"", b"\n", b"\n\n", b"\n  "]))
        return lambda lines: lines[:i] + _cut(lines, i, opener, ending)
    if kind == "truncate":
        fraction = draw(st.floats(0, 1))
        return lambda lines: _truncated(lines, fraction)
    if kind == "garbage":
        junk, at = draw(st.binary(min_size=1, max_size=8)), draw(st.integers(0, 200))
        return lambda lines: _garbage_inserted(lines, i, at, junk)
    shift = draw(st.integers(1, 4))
    return lambda lines: _reindented(lines, i, kind, shift)


def _hostile(draw: st.DrawFn, kind: str, i: int) -> Mutation:
    if kind == "hostile-value":  # on any line, whatever it holds
        value = _bytes(draw(st.sampled_from(NUMBERS + DATES + TEXTS + IDS)))
        return lambda lines: _value_replaced(lines, i, value)
    if kind == "set-field":  # a value that fits the field's type
        keys, values = FIELDS[draw(st.sampled_from(sorted(FIELDS)))]
        key, value = draw(st.sampled_from(keys)), _bytes(draw(st.sampled_from(values)))
        pattern = re.compile(rb"^(\s*(?:- )?" + key.encode() + rb":[ \t]+)(.*\n?)$")
        return lambda lines: _nth_set(lines, pattern, i, value)
    new_id = _bytes(draw(st.sampled_from(IDS)))
    if kind == "rename-journey":
        return lambda lines: _renamed(
            lines, re.compile(rb"^  id:[ \t]+([a-z0-9][\w-]*)"), 0, new_id
        )
    return lambda lines: _renamed(
        lines, re.compile(rb"^\s*(?:- )?id:[ \t]+([a-z0-9][\w-]*)"), i, new_id
    )


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _swapped(lines: Lines, i: int, j: int) -> Lines:
    out = list(lines)
    if i < len(out) and j < len(out):
        out[i], out[j] = out[j], out[i]
    return out


def _values_swapped(lines: Lines, i: int, j: int) -> Lines:
    out = list(lines)
    if i < len(out) and j < len(out):
        a, b = _value_split(out[i]), _value_split(out[j])
        if a and b:
            out[i], out[j] = a[0] + b[1], b[0] + a[1]
    return out


def _cut(lines: Lines, i: int, opener: bytes, ending: bytes) -> Lines:
    """Line i with its value replaced by an unclosed opener; the rest of the file gone."""
    if i >= len(lines):
        return []
    split = _value_split(lines[i])
    return [(split[0] if split else b"") + opener + ending]


def _truncated(lines: Lines, fraction: float) -> Lines:
    text = b"".join(lines)
    return [text[: int(len(text) * fraction)]]


def _value_replaced(lines: Lines, i: int, value: bytes) -> Lines:
    out = list(lines)
    if i < len(out):
        split = _value_split(out[i])
        out[i] = (split[0] if split else b"") + value + b"\n"
    return out


def _nth_set(lines: Lines, pattern: re.Pattern[bytes], n: int, value: bytes) -> Lines:
    """The value of the n-th (modulo) line that sets this key replaced."""
    hits = [k for k, line in enumerate(lines) if pattern.match(line)]
    out = list(lines)
    if hits:
        k = hits[n % len(hits)]
        out[k] = pattern.sub(lambda m: m[1] + value + b"\n", out[k], count=1)
    return out


def _renamed(lines: Lines, pattern: re.Pattern[bytes], n: int, new_id: bytes) -> Lines:
    """The n-th (modulo) id renamed everywhere in the file, references included."""
    ids = [m[1] for line in lines if (m := pattern.match(line))]
    if not ids:
        return lines
    word = re.compile(rb"(?<![\w-])" + re.escape(ids[n % len(ids)]) + rb"(?![\w-])")
    return [word.sub(new_id.replace(b"\\", b"\\\\"), line) for line in lines]


def _garbage_inserted(lines: Lines, i: int, at: int, junk: bytes) -> Lines:
    out = list(lines)
    if i < len(out):
        line = out[i]
        at = min(at, len(line))
        out[i] = line[:at] + junk + line[at:]
    return out


def _reindented(lines: Lines, i: int, kind: str, shift: int) -> Lines:
    out = list(lines)
    if i < len(out):
        if kind == "indent":
            out[i] = b" " * shift + out[i]
        elif kind == "dedent":
            out[i] = re.sub(rb"^ {1,%d}" % shift, b"", out[i])
        else:
            out[i] = b"\t" + out[i]
    return out


@dataclass(frozen=True)
class Damaged:
    source: Source
    workspace: Path  # the private copy, with the damaged file in place
    text: bytes  # what the damaged file holds


@contextlib.contextmanager
def damage(
    data: st.DataObject, workspaces: dict[Path, Path], kinds: tuple[str, ...]
) -> Iterator[Damaged]:
    """One to three mutations of one example file, in its workspace copy, for the
    duration of the block; the file is restored afterwards."""
    source = data.draw(st.sampled_from(SOURCES), label="source")
    workspace = workspaces[source.workspace]
    target = workspace / source.file
    original = target.read_bytes()
    lines = original.splitlines(keepends=True)
    damage = data.draw(st.lists(mutations(len(lines), kinds), min_size=1, max_size=3))
    for mutate in damage:
        lines = mutate(lines)
    text = b"".join(lines)
    target.write_bytes(text)
    try:
        yield Damaged(source, workspace, text)
    finally:
        target.write_bytes(original)


# -- running the CLI ---------------------------------------------------------------------


class Hang(BaseException):
    """A run outlived SECONDS. Not an Exception, so the CLI cannot report it as exit 2."""


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def cli(cwd: Path, *args: str | Path) -> Run:
    """`csjourney ARGS` in-process in `cwd`, stopped with Hang after SECONDS."""
    from csjourney.cli import main

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"csjourney {' '.join(map(str, args))} ran for more than {SECONDS} s")

    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(SECONDS)
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            contextlib.chdir(cwd),
        ):
            try:
                main([str(a) for a in args])
                code = 0
            except SystemExit as exit_:
                status = exit_.code
                code = status if isinstance(status, int) else (0 if status is None else 2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return Run(code, out.getvalue(), err.getvalue())


# What a terminal acts on instead of showing: C0 but tab and newline, DEL, C1, the
# bidi embeddings, overrides and isolates, and the line and paragraph separators.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")


def assert_no_crash(run: Run, *, terminal_out: bool) -> None:
    """Exit 0 or 1, no traceback or internal error, nothing raw reaching a terminal
    (stderr always; stdout when it is meant for one, not JSON or a report)."""
    shown = run.out + run.err
    assert run.code in (0, 1), f"exit {run.code}: {run.err[-2000:]}"
    assert "Traceback" not in shown and "internal error" not in shown.lower(), shown[-2000:]
    for name, text in (("stderr", run.err), ("stdout", run.out if terminal_out else "")):
        raw = RAW_CONTROL.search(text)
        assert raw is None, f"raw {raw and raw.group()!r} on {name}: {text[-1000:]!r}"
