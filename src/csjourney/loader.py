"""Read journey files from disk: size cap, encoding, journey detection, YAML.

Everything that can go wrong between a path and a Python mapping is turned
into a located diagnostic here; nothing past this module touches raw bytes.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from csjourney import FORMAT_VERSIONS as SUPPORTED_VERSIONS
from csjourney import reading
from csjourney.blocktable import BlockTable
from csjourney.diagnostics import START_OF_FILE, Diagnostic, Span, structural
from csjourney.syntaxhelp import explain as explain_syntax
from csjourney.yamlsource import REJECTED, Document, SourceMap, YamlProblem, build
from csjourney.yamltext import line_at, position, wide_encoding

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
# A directory scan parses only files whose text has a top-level `csjourney:`
# key, wherever it stands; CI configs and other YAML are skipped unparsed.
# Top level means at the start of a line: block content is always indented.
_LINE_START = rb"(?:^|(?<=\r))(?:\xef\xbb\xbf)?"  # `^` alone misses CR-only line ends
_VERSION_KEY = re.compile(_LINE_START + rb"(?:\{\s*)?[\"']?csjourney[\"']?\s*:", re.MULTILINE)
# A journey map that lost its version line: top-level `journey:` and a `stages:`
# below it. Other YAML (CI pipelines have top-level `stages:`) does not match.
_JOURNEY_KEY = re.compile(_LINE_START + rb"journey[ \t]*:", re.MULTILINE)
_STAGES_KEY = re.compile(rb"[\r\n][ \t]+(?:- )?stages[ \t]*:")


@dataclass(slots=True)
class LoadedFile:
    path: Path
    data: dict[str, Any] | None = None
    source: SourceMap = field(default_factory=SourceMap)
    # What loading found. Read them through `diagnostics`: callers re-point
    # `path` at its display form after loading, and the findings must follow.
    problems: list[Diagnostic] = field(default_factory=list)
    # Data paths where the loader already reported a problem; model errors at
    # or below them would only repeat it.
    reported_paths: list[tuple[str | int, ...]] = field(default_factory=list)
    text: str = ""  # kept for suppression comments and formatting
    # False: a scan found YAML that only looks like a journey map; it is warned
    # about, and is no part of the workspace.
    is_journey: bool = True

    @property
    def ok(self) -> bool:
        return self.data is not None

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d if d.path == self.path else replace(d, path=self.path) for d in self.problems]


# Parses by text while `sharing_parses()` is active: `build` is a pure function of the
# text, and `diff` loads two sides whose files are mostly the same bytes.
_shared_parses: BlockTable[str, Document] = BlockTable()


def sharing_parses() -> AbstractContextManager[None]:
    """Within this block, a text loaded twice is parsed once (its data is never mutated)."""
    return _shared_parses.active()


def _build(text: str) -> Document:
    shared = _shared_parses.current
    if shared is None:
        return build(text)
    document = shared.get(text)
    if document is None:
        document = shared[text] = build(text)
    return document


def load_file(
    path: Path,
    *,
    explicit: bool,
    max_bytes: int = DEFAULT_MAX_BYTES,
    content: reading.Content | None = None,
) -> LoadedFile | None:
    """Load one file (from `content`, when its bytes were read already).

    None means: found by a directory scan and not a journey file.
    """
    result = LoadedFile(path)

    def fail(
        name: str, message: str, span: Span = START_OF_FILE, hint: str | None = None
    ) -> LoadedFile:
        result.problems.append(structural(name, message, path, span, hint))
        return result

    try:
        if content is None:
            content = reading.read(path, scanning=not explicit, max_bytes=max_bytes)
    except reading.ChangedWhileRead:
        return fail(
            "unreadable-file",
            "the file changed while it was being read, so it was not checked",
            hint="run the check again once the file is saved",
        )
    except OSError as error:
        return fail("unreadable-file", f"cannot read the file: {error.strerror or error}")
    if content is None:
        return None
    raw = content.data
    if not explicit and not _VERSION_KEY.search(raw):
        over_cap = len(raw) > max_bytes
        if not (over_cap and _found_past(path, len(raw))):
            return _unversioned_journey(result, raw)
    if len(raw) > max_bytes:
        size = f"{content.size:,} bytes" if content.size else f"more than {max_bytes:,} bytes"
        return fail(
            "file-too-large",
            f"the file is {size}; the limit is {max_bytes:,}",
            hint="split the map into several files, or raise `max-file-size` in csjourney.toml",
        )
    text = _decode(raw, fail)
    if text is None:
        return result
    result.text = text
    try:
        document = _build(text)
    except YamlProblem as problem:
        message, hint = problem.message, problem.hint
        if problem.name == "yaml-syntax" and hint is None:
            line = line_at(text, problem.span.line)
            message, hint = explain_syntax(message, line, problem.span.column)
        return fail(problem.name, message, problem.span, hint)
    for issue in document.issues:
        result.problems.append(structural(issue.name, issue.message, path, issue.span, issue.hint))
        result.reported_paths.append(issue.path)
    data = document.data
    if data is None:
        return fail(
            "empty-file", "the file is empty", hint="a journey file starts with `csjourney: 1`"
        )
    if not isinstance(data, dict):
        return fail(
            "not-a-mapping",
            f"the top level is {_kind(data)}; a journey file is a mapping of keys",
            document.source.locate(()),
            hint="start the file with `csjourney: 1`",
        )
    result.source = document.source
    if not _check_version(result, data):
        return result
    result.data = data
    return result


def _found_past(path: Path, offset: int) -> bool:
    try:
        return reading.found_beyond(path, offset, _VERSION_KEY)
    except OSError:
        return False


def _unversioned_journey(result: LoadedFile, raw: bytes) -> LoadedFile | None:
    """A scan's warning for a journey map without `csjourney: 1`; None for other YAML."""
    found = _JOURNEY_KEY.search(raw)
    if found is None or not _STAGES_KEY.search(raw, found.end()):
        return None
    line = len(re.findall(rb"\r\n?|\n", raw[: found.start()])) + 1
    result.is_journey = False
    result.problems.append(
        structural(
            "missing-version-in-scan",
            "this looks like a journey map (`journey:` with `stages:`) but lacks "
            "`csjourney: 1`, so it was not checked",
            result.path,
            Span(line, 1, line, 1 + len("journey")),
            hint="add `csjourney: 1` as the first line; if this is not a journey map, "
            "list it under `exclude` in csjourney.toml",
        )
    )
    return result


def _decode(raw: bytes, fail: Any) -> str | None:
    wide = wide_encoding(raw)
    if wide is not None:
        fail(
            "bad-encoding",
            f"the file is {wide} text; journey maps are UTF-8",
            hint="save the file as UTF-8",
        )
        return None
    if b"\x00" in raw:
        fail("bad-encoding", "this is a binary file, not YAML text")
        return None
    body = raw.removeprefix(b"\xef\xbb\xbf")  # the UTF-8 BOM, which editors do not show
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start].decode("utf-8")
        fail(
            "bad-encoding",
            f"byte 0x{body[error.start]:02x} is not valid UTF-8",
            Span.point(*position(before, len(before))),
            hint="save the file as UTF-8",
        )
        return None


def _check_version(result: LoadedFile, data: dict[str, Any]) -> bool:
    path, source = result.path, result.source
    if "csjourney" not in data:
        result.problems.append(
            structural(
                "missing-version",
                "not a journey file: missing `csjourney: 1`",
                path,
                START_OF_FILE,
                hint="add `csjourney: 1` as the first line",
            )
        )
        return False
    version = data["csjourney"]
    if version is REJECTED:
        return False  # the value's own problem (a tag, a number out of range) is reported
    # `type is int`: 1.0 == 1 and True == 1 in Python, but the format wants the integer.
    if type(version) is int and version in SUPPORTED_VERSIONS:
        return True
    readable = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
    if type(version) is int:
        message = (
            f"unknown format version `csjourney: {version}`; this release reads version {readable}"
        )
        hint = "upgrade csjourney, or set `csjourney: 1`"
    else:
        shown = f'the text "{version}"' if isinstance(version, str) else _kind(version)
        message = (
            f"`csjourney:` must be the format version as a whole number ({readable}), not {shown}"
        )
        hint = "write `csjourney: 1`"
    result.problems.append(
        structural("unknown-version", message, path, source.locate(("csjourney",)), hint)
    )
    return False


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "a text value"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int | float):
        return f"the number `{value}`"
    return "a date" if hasattr(value, "isoformat") else "a value"
