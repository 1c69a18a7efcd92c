"""Mutation testing of the code whose meaning the tests must pin (issue 10, section 5).

A mutant is the source with exactly one AST node changed (`<` for `<=`, `and` for
`or`, a number plus one...). Each is made from the target functions' own source
by the operators in `OPERATORS`, written into a temporary copy of `src/` (only
that node's text is rewritten; the rest of the file stays byte-identical) and
run against the tests that cover it, with the copy first on PYTHONPATH so it
shadows the editable install in the test process and in every `csjourney`
subprocess (checked before the run). A mutant the tests fail on is killed; one
they pass is SURVIVED, unless scripts/mutation_targets.toml lists it as
equivalent (it cannot change behaviour) with the reason. The whole run works on a
snapshot of the project taken at its start (or on `--rev`), so a test or source
file someone edits meanwhile cannot change its verdicts.

Usage (from the repository root):

    .venv/bin/python scripts/mutate.py                 # every target; exit 1 if one survives
    .venv/bin/python scripts/mutate.py --list          # the mutants, without running
    .venv/bin/python scripts/mutate.py --only ID       # one mutant (or every id starting so)
    .venv/bin/python scripts/mutate.py --jobs 2 --markdown mutants.md
    .venv/bin/python scripts/mutate.py --rev HEAD      # the committed project, not the tree

Mutant ids are `module:function:line.column:operator`, the line counted from the
function's `def` so that edits elsewhere in the module leave them alone.
Exit status: 0 when every mutant is killed or listed as equivalent, 1 when one
survives, 2 for usage errors (bad arguments, a bad target file, tests that fail
without any mutant).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

Replacement = tuple[int, int, str]  # byte offsets in the file, new text
Edit = tuple[str, list[Replacement]]  # operator name, the node's replacements
PROBE_VERSION = "0+mutation.probe"


class UsageError(Exception):
    pass


@dataclass(frozen=True)
class Source:
    """One module's bytes, with ast positions (UTF-8 byte columns) turned into offsets."""

    data: bytes
    starts: tuple[int, ...]

    @classmethod
    def of(cls, data: bytes) -> Source:
        starts = [0]
        starts += [i + 1 for i, byte in enumerate(data) if byte == 0x0A]
        return cls(data, tuple(starts))

    def start(self, node: ast.AST) -> int:
        line, column = getattr(node, "lineno"), getattr(node, "col_offset")  # noqa: B009
        return self.starts[int(line) - 1] + int(column)

    def end(self, node: ast.AST) -> int:
        line, column = getattr(node, "end_lineno"), getattr(node, "end_col_offset")  # noqa: B009
        return self.starts[int(line) - 1] + int(column)

    def text(self, start: int, end: int) -> str:
        return self.data[start:end].decode()

    def whole(self, node: ast.AST, new: str) -> list[Replacement]:
        return [(self.start(node), self.end(node), new)]

    def token(self, left: ast.AST, right: ast.AST, pattern: str, new: str) -> list[Replacement]:
        """Replace the operator written between two operands (the gap holds only it)."""
        gap_start = self.end(left)
        gap = self.text(gap_start, self.start(right))
        match = re.search(pattern, gap)
        if match is None:
            return []
        begin = gap_start + len(gap[: match.start()].encode())
        return [(begin, begin + len(match.group().encode()), new)]


# -- the operators: each yields the edits it makes to one node -------------------------

_CMP = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}  # fmt: skip
_CMP_SWAP = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}  # fmt: skip
_ARITH = {ast.Add: ("+", "-"), ast.Sub: ("-", "+"), ast.Mult: ("*", "/"), ast.Div: ("/", "*")}


def _pattern(token: str) -> str:
    if token[0].isalpha():  # `not in`, `is not`: words, any spacing between
        return r"\b" + r"\s+".join(token.split()) + r"\b"
    return re.escape(token) + r"(?![=<>])"


def compare(node: ast.AST, src: Source) -> Iterator[Edit]:
    if not isinstance(node, ast.Compare):
        return
    operands = [node.left, *node.comparators]
    for i, op in enumerate(node.ops):
        old, new = _CMP[type(op)], _CMP[_CMP_SWAP[type(op)]]
        if replacements := src.token(operands[i], operands[i + 1], _pattern(old), new):
            yield f"compare[{old}->{new}]", replacements


def boolean(node: ast.AST, src: Source) -> Iterator[Edit]:
    if not isinstance(node, ast.BoolOp):
        return
    old, new = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
    pairs = zip(node.values, node.values[1:], strict=False)
    replacements = [r for left, right in pairs for r in src.token(left, right, _pattern(old), new)]
    yield f"boolean[{old}->{new}]", replacements


def drop_not(node: ast.AST, src: Source) -> Iterator[Edit]:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        start = src.start(node)
        written = re.match(r"not\s*", src.text(start, src.start(node.operand)))
        if written:
            yield "drop-not", [(start, start + len(written.group().encode()), "")]


def arithmetic(node: ast.AST, src: Source) -> Iterator[Edit]:
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        old, new = _ARITH[type(node.op)]
        yield f"arith[{old}->{new}]", src.token(node.left, node.right, _pattern(old), new)
    elif isinstance(node, ast.AugAssign) and type(node.op) in _ARITH:
        old, new = _ARITH[type(node.op)]
        yield (
            f"arith[{old}=->{new}=]",
            src.token(node.target, node.value, _pattern(old + "="), new + "="),
        )


def number(node: ast.AST, src: Source) -> Iterator[Edit]:
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return
    value = node.value
    if not isinstance(value, int | float):
        return
    bigger = value + 1 if value + 1 != value else value / 2  # 1e308 + 1 is 1e308
    yield "number[+1]", src.whole(node, repr(bigger))
    if value == 1:
        yield "number[1->0]", src.whole(node, "0")


def string(node: ast.AST, src: Source) -> Iterator[Edit]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield (
            ("string[->XX]", src.whole(node, '"XX"'))
            if node.value == ""
            else (
                "string[->'']",
                src.whole(node, '""'),
            )
        )


def boolean_constant(node: ast.AST, src: Source) -> Iterator[Edit]:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield f"bool[{node.value}->{not node.value}]", src.whole(node, str(not node.value))


def return_none(node: ast.AST, src: Source) -> Iterator[Edit]:
    """`return x` -> `return None`, where that changes the type: not for `None` itself,
    nor for `False`, which callers test for truth alone (`if not check(...)`)."""
    value = node.value if isinstance(node, ast.Return) else None
    constant = value.value if isinstance(value, ast.Constant) else ...
    if value is not None and constant is not None and constant is not False:
        yield "return-None", src.whole(value, "None")


def min_max(node: ast.AST, src: Source) -> Iterator[Edit]:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        swap = {"min": "max", "max": "min"}.get(node.func.id)
        if swap:
            yield f"call[{node.func.id}->{swap}]", src.whole(node.func, swap)


def if_never(node: ast.AST, src: Source) -> Iterator[Edit]:
    """The guarded body never runs (its effect removed); an `else` runs instead."""
    if isinstance(node, ast.If):
        yield "if-never", src.whole(node.test, "False")


OPERATORS: dict[str, Callable[[ast.AST, Source], Iterator[Edit]]] = {
    "compare": compare,
    "boolean": boolean,
    "drop-not": drop_not,
    "arithmetic": arithmetic,
    "number": number,
    "string": string,
    "bool": boolean_constant,
    "return-none": return_none,
    "min-max": min_max,
    "if-never": if_never,
}

# -- targets and mutants ------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    module: str
    functions: tuple[str, ...]
    tests: tuple[str, ...]


@dataclass(frozen=True)
class Equivalent:
    id: str
    snippet: str  # the text the mutant changes, so a moved or rewritten line is noticed
    reason: str


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str  # relative to the source root: csjourney/domain.py
    line: int
    old: str
    new: str
    replacements: tuple[Replacement, ...]
    tests: tuple[str, ...]

    def apply(self, data: bytes) -> bytes:
        for start, end, text in sorted(self.replacements, reverse=True):
            data = data[:start] + text.encode() + data[end:]
        return data


def load_targets(path: Path) -> tuple[str, list[Target], dict[str, Equivalent]]:
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        targets = [
            Target(t["module"], tuple(t["functions"]), tuple(t["tests"])) for t in spec["target"]
        ]
        equivalents = {
            e["id"]: Equivalent(e["id"], e.get("snippet", ""), e["reason"])
            for e in spec.get("equivalent", [])
        }
        return str(spec.get("package", "")), targets, equivalents
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise UsageError(f"{path}: cannot read the targets ({error!r})") from None


def module_file(src_root: Path, module: str) -> str:
    relative = module.replace(".", "/")
    for candidate in (f"{relative}.py", f"{relative}/__init__.py"):
        if (src_root / candidate).is_file():
            return candidate
    raise UsageError(f"target module {module} has no file under {src_root}")


def _find(tree: ast.Module, qualname: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    body: list[ast.stmt] = tree.body
    found: ast.AST | None = None
    for part in qualname.split("."):
        found = next(
            (n for n in body if getattr(n, "name", None) == part and hasattr(n, "body")), None
        )
        if found is None:
            return None
        body = found.body
    return found if isinstance(found, ast.FunctionDef | ast.AsyncFunctionDef) else None


_SKIPPED_FIELDS = {"annotation", "returns", "decorator_list", "type_comment"}


def _nodes(node: ast.AST) -> Iterator[ast.AST]:
    """Every node of a function's body: no docstrings, annotations or f-string parts
    (Python 3.11 gives the parts of an f-string the whole string's position)."""
    body = getattr(node, "body", None)
    for name, value in ast.iter_fields(node):
        if name in _SKIPPED_FIELDS:
            continue
        children = value if isinstance(value, list) else [value]
        for index, child in enumerate(children):
            if not isinstance(child, ast.AST) or isinstance(child, ast.JoinedStr):
                continue
            docstring = (
                name == "body"
                and children is body
                and index == 0
                and isinstance(child, ast.Expr)
                and isinstance(child.value, ast.Constant)
                and isinstance(child.value.value, str)
            )
            if not docstring:
                yield child
                yield from _nodes(child)


def mutants_of(src_root: Path, targets: list[Target]) -> list[Mutant]:
    found: list[Mutant] = []
    for target in targets:
        file = module_file(src_root, target.module)
        data = (src_root / file).read_bytes()
        src = Source.of(data)
        tree = ast.parse(data)
        for qualname in target.functions:
            function = _find(tree, qualname)
            if function is None:
                raise UsageError(f"{target.module} has no function {qualname}")
            for node in _nodes(function):
                for operator in OPERATORS.values():
                    for name, replacements in operator(node, src):
                        mutant = _mutant(src, function, node, name, replacements, target, file)
                        if mutant is not None:
                            found.append(mutant)
    return _unique(found)


def _mutant(
    src: Source,
    function: ast.AST,
    node: ast.AST,
    name: str,
    replacements: list[Replacement],
    target: Target,
    file: str,
) -> Mutant | None:
    if not replacements:
        return None
    first = min(start for start, _, _ in replacements)
    line = src.data.count(b"\n", 0, first) + 1
    column = len(src.text(src.starts[line - 1], first)) + 1
    relative = line - function.lineno  # type: ignore[attr-defined]
    qualname = getattr(function, "name", "?")
    qualname = next((q for q in target.functions if q.split(".")[-1] == qualname), qualname)
    # Shown and matched as the lines it changes, before and after.
    last = max(end for _, end, _ in replacements)
    begin = src.starts[line - 1]
    finish = src.data.find(b"\n", last)
    finish = len(src.data) if finish == -1 else finish
    new_data = Mutant("", file, line, "", "", tuple(replacements), ()).apply(src.data)
    old = src.text(begin, finish).strip()
    new_text = new_data[begin : finish + len(new_data) - len(src.data)].decode().strip()
    try:  # a mutant must compile and differ from the original's meaning as Python reads it
        if ast.dump(ast.parse(new_data)) == ast.dump(ast.parse(src.data)):
            return None
    except SyntaxError:
        return None
    ident = f"{target.module}:{qualname}:{relative}.{column}:{name}"
    return Mutant(ident, file, line, old, new_text, tuple(replacements), target.tests)


def _unique(mutants: list[Mutant]) -> list[Mutant]:
    seen: dict[str, int] = {}
    result = []
    for mutant in mutants:
        count = seen.get(mutant.id, 0) + 1
        seen[mutant.id] = count
        # Two edits of one name at one place (rare): number the later ones.
        result.append(mutant if count == 1 else replace(mutant, id=f"{mutant.id}#{count}"))
    return result


# -- running ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    verdict: str  # killed, timeout, survived, equivalent
    detail: str  # the killing test, the equivalence reason, or the diff line
    seconds: float


@dataclass(frozen=True)
class Runner:
    root: Path  # the project's snapshot: tests are run from here
    pristine: Path  # its unmutated source root
    python: str
    timeout: float | None

    def copy(self, workdir: Path) -> Path:
        copied = workdir / "src"
        shutil.copytree(self.pristine, copied, ignore=shutil.ignore_patterns("__pycache__"))
        return copied

    def pytest(self, src: Path, tests: tuple[str, ...], timeout: float | None) -> tuple[int, str]:
        """pytest's exit status and output; -1 on a timeout."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
        command = [self.python, "-m", "pytest", "-x", "-q", "-p", "no:randomly"]
        command += ["-p", "no:cacheprovider", *tests]
        process = subprocess.Popen(
            command,
            cwd=self.root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # a timeout ends the tests' own subprocesses too
        )
        try:
            out, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.communicate()
            return -1, ""
        return process.returncode, out

    def run(self, mutant: Mutant, timeout: float | None) -> tuple[str, str, float]:
        began = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="mutant-") as workdir:
            src = self.copy(Path(workdir))
            path = src / mutant.file
            path.write_bytes(mutant.apply(path.read_bytes()))
            code, out = self.pytest(src, mutant.tests, timeout)
        seconds = time.monotonic() - began
        if code == -1:
            return "timeout", f"no result within {timeout:.0f} s", seconds
        if code == 0:
            return (
                "survived",
                f"{mutant.file}:{mutant.line}: {mutant.old!r} -> {mutant.new!r}",
                seconds,
            )
        return "killed", first_failure(out, code), seconds


_FAILURE = re.compile(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", re.M)


def first_failure(out: str, code: int) -> str:
    found = _FAILURE.search(out)
    if found:
        return found[1]
    last = next((line for line in reversed(out.splitlines()) if line.strip()), "")
    return f"pytest exit {code}: {last.strip()}"


_PROBE = """\
import subprocess
import sys
from pathlib import Path

import {package}

SRC = {src!r}


def test_the_copy_shadows_the_install() -> None:
    assert {package}.__file__.startswith(SRC), {package}.__file__
    child = [sys.executable, "-c", "import {package}; print({package}.__file__)"]
    out = subprocess.run(child, capture_output=True, text=True, check=False).stdout
    assert out.startswith(SRC), out
    script = Path(sys.executable).parent / "{package}"
    if {versioned!r} and script.exists():
        module = [sys.executable, "-m", "{package}", "--version"]
        for command in ([str(script), "--version"], module):
            run = subprocess.run(command, capture_output=True, text=True, check=False)
            assert {version!r} in run.stdout, (command, run.stdout, run.stderr)
"""


def check_shadow(runner: Runner, package: str) -> str:
    """Prove that a copy on PYTHONPATH is what the tests, and programs they start, import."""
    with tempfile.TemporaryDirectory(prefix="mutant-probe-") as workdir:
        src = runner.copy(Path(workdir))
        init = src / package / "__init__.py"
        text = init.read_text(encoding="utf-8")
        versioned = re.search(r'^__version__ = "[^"]*"', text, re.M) is not None
        if versioned:
            text = re.sub(
                r'^__version__ = "[^"]*"',
                f'__version__ = "{PROBE_VERSION}"',
                text,
                count=1,
                flags=re.M,
            )
            init.write_text(text, encoding="utf-8")
        probe = Path(workdir) / "probe" / "test_probe.py"
        probe.parent.mkdir()
        values = {"package": package, "src": str(src), "versioned": versioned}
        probe.write_text(_PROBE.format(**values, version=PROBE_VERSION), encoding="utf-8")
        code, out = runner.pytest(src, (str(probe),), runner.timeout or 120)
    if code != 0:
        raise UsageError(f"the mutated copy does not shadow the installed {package}:\n{out}")
    checked = "the test process, a subprocess" + (" and the console script" if versioned else "")
    return f"shadow check: {checked} import {package} from the mutated copy"


def baselines(runner: Runner, mutants: list[Mutant]) -> dict[tuple[str, ...], float]:
    """Each set of covering tests passes unmutated; how long it takes sets the timeout."""
    times: dict[tuple[str, ...], float] = {}
    for tests in dict.fromkeys(m.tests for m in mutants):
        began = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="mutant-base-") as workdir:
            code, out = runner.pytest(runner.copy(Path(workdir)), tests, None)
        if code != 0:
            raise UsageError(
                f"{' '.join(tests)} fail without any mutant: {first_failure(out, code)}"
            )
        times[tests] = time.monotonic() - began
    return times


def judge(
    outcome: tuple[str, str, float], mutant: Mutant, equivalents: dict[str, Equivalent]
) -> Outcome:
    verdict, detail, seconds = outcome
    listed = equivalents.get(mutant.id)
    if verdict == "survived" and listed is not None:
        return Outcome(mutant, "equivalent", listed.reason, seconds)
    if listed is not None:
        detail += " (listed as equivalent: remove it from the list)"
    return Outcome(mutant, verdict, detail, seconds)


def stale_equivalents(mutants: list[Mutant], equivalents: dict[str, Equivalent]) -> list[str]:
    ids = {m.id: m for m in mutants}
    problems = []
    for ident, listed in equivalents.items():
        mutant = ids.get(ident)
        if mutant is None:
            problems.append(f"equivalent {ident}: no such mutant now (the code moved?)")
        elif listed.snippet and listed.snippet not in mutant.old:
            problems.append(
                f"equivalent {ident}: the code there no longer reads {listed.snippet!r}"
            )
    return problems


def line_of(outcome: Outcome) -> str:
    verdict = {
        "killed": f"killed by {outcome.detail}",
        "timeout": f"killed (timeout: {outcome.detail})",
        "equivalent": f"equivalent: {outcome.detail}",
        "survived": f"SURVIVED {outcome.detail}",
    }[outcome.verdict]
    return f"{outcome.mutant.id}  {verdict}"


def _code(text: str, limit: int = 70) -> str:
    """One line of source as Markdown code in a table cell."""
    line = text.split("\n", 1)[0].strip()
    line = (line[: limit - 1] + "…" if len(line) > limit or "\n" in text else line).replace(
        "|", "\\|"
    )
    fence = "``" if "`" in line else "`"
    return f"{fence} {line} {fence}" if fence == "``" else f"`{line}`"


def markdown(outcomes: list[Outcome], heading: str) -> str:
    rows = [
        heading,
        "",
        "| Mutant | Location | Original → mutant | Verdict | Killed by / reason |",
        "|---|---|---|---|---|",
    ]
    for o in outcomes:
        m = o.mutant
        detail = o.detail.replace("|", "\\|") if o.verdict != "survived" else ""
        rows.append(
            f"| `{m.id}` | {m.file}:{m.line} | {_code(m.old)} → {_code(m.new)} | {o.verdict}"
            f" | {detail} |"
        )
    return "\n".join(rows) + "\n"


def summary(outcomes: list[Outcome], seconds: float) -> str:
    count = {
        v: sum(o.verdict == v for o in outcomes)
        for v in ("killed", "timeout", "equivalent", "survived")
    }
    return (
        f"{len(outcomes)} mutants: {count['killed'] + count['timeout']} killed"
        f" ({count['timeout']} by timeout), {count['equivalent']} equivalent,"
        f" {count['survived']} survived in {seconds:.0f} s"
    )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the project (holds src/ and the tests)",
    )
    parser.add_argument(
        "--targets",
        type=Path,
        help="target file (default: scripts/mutation_targets.toml beside this script)",
    )
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument(
        "--only",
        action="append",
        metavar="ID",
        help="run this mutant, or those whose id starts so (repeatable)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (default 1)")
    parser.add_argument(
        "--timeout",
        type=float,
        help="seconds per mutant (default: 4x the tests' unmutated time, at least 60)",
    )
    parser.add_argument(
        "--markdown", type=Path, metavar="FILE", help="also write a table of the results"
    )
    parser.add_argument("--rev", help="run on the project as committed at this git revision")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


# Not part of the project: version control, the environment, caches, build output.
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", ".cache", ".*_cache", ".hypothesis", "__pycache__", "dist", "node_modules"
)


def _export(root: Path, rev: str, into: Path) -> None:
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", rev],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        raise UsageError(f"git archive {rev}: {archive.stderr.decode(errors='replace').strip()}")
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    root: Path = args.root.resolve()
    targets_file = args.targets or Path(__file__).resolve().with_name("mutation_targets.toml")
    with tempfile.TemporaryDirectory(prefix="mutant-project-") as exported:
        # The run works on a snapshot of the project, sources and tests alike, so edits
        # made to the tree meanwhile (a test added by someone else) cannot reach it.
        snapshot = Path(exported) / "project"
        try:
            if args.rev:
                snapshot.mkdir()
                _export(root, args.rev, snapshot)
            else:
                shutil.copytree(root, snapshot, ignore=_NOT_COPIED, symlinks=True)
            return _main(args, snapshot, snapshot / "src", targets_file)
        except UsageError as error:
            print(f"mutate: {error}", file=sys.stderr)
            return 2


def _main(args: argparse.Namespace, root: Path, pristine: Path, targets_file: Path) -> int:
    package, targets, equivalents = load_targets(targets_file)
    mutants = mutants_of(pristine, targets)
    if args.only:
        mutants = [m for m in mutants if any(m.id.startswith(key) for key in args.only)]
        if not mutants:
            raise UsageError(f"no mutant id starts with {' or '.join(args.only)} (see --list)")
    for problem in stale_equivalents(mutants, equivalents) if not args.only else []:
        print(f"warning: {problem}", file=sys.stderr)
    if args.list:
        for m in mutants:
            listed = equivalents.get(m.id)
            note = f"  [equivalent: {listed.reason}]" if listed else ""
            print(f"{m.id}  {m.file}:{m.line}  {m.old!r} -> {m.new!r}{note}")
        print(f"{len(mutants)} mutants")
        return 0
    began = time.monotonic()
    runner = Runner(root, pristine, sys.executable, args.timeout)
    print(check_shadow(runner, package or targets[0].module.split(".")[0]), flush=True)
    times = baselines(runner, mutants)

    def one(mutant: Mutant) -> Outcome:
        timeout = args.timeout or max(60.0, 4 * times[mutant.tests])
        return judge(runner.run(mutant, timeout), mutant, equivalents)

    outcomes = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for outcome in pool.map(one, mutants):
            print(line_of(outcome), flush=True)
            outcomes.append(outcome)
    totals = summary(outcomes, time.monotonic() - began)
    print(totals)
    if args.markdown:
        command = " ".join(["scripts/mutate.py", *sys.argv[1:]])
        heading = f"{totals}, with {args.jobs} job(s): `{command}`"
        args.markdown.write_text(markdown(outcomes, heading), encoding="utf-8")
    return 1 if any(o.verdict == "survived" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
