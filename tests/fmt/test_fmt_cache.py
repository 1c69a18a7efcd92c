"""`fmt` skips a file whose exact text it has already formatted.

The cache records what formatting made of a text (itself, another text, or a
refusal), keyed by its content, and a text as canonical only after formatting
gave it back unchanged: a file edited since, even with its size and mtime put back,
is formatted again; standard input and files outside a workspace are never
recorded; a cache of garbage changes nothing.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, FULL_EXAMPLE, CliResult
from csjourney.cache import CACHE_DIR

Csj = Callable[..., CliResult]
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = [EXAMPLES / "minimal" / "journey.yaml", FULL_EXAMPLE, *sorted(FIXTURES.glob("*.yaml"))]


@pytest.fixture
def formats(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files whose formatting is worked out, run after run: by
    `format_text`, or by `canonical.verdict` when it can tell (`fmt --check`)."""
    import csjourney.fmt.canonical
    import csjourney.fmt.formatter

    calls: list[str] = []
    real_format, real_verdict = (
        csjourney.fmt.formatter.format_text,
        csjourney.fmt.canonical.verdict,
    )

    def name(text: str) -> str:
        return text.split("id: ", 1)[1].split("\n", 1)[0] if "id: " in text else "?"

    def formatted(text: str) -> str:
        calls.append(name(text))
        return real_format(text)

    def told(text: str) -> csjourney.fmt.canonical.Verdict:
        answer = real_verdict(text)
        if answer is not csjourney.fmt.canonical.Verdict.UNKNOWN:
            calls.append(name(text))
        return answer

    monkeypatch.setattr(csjourney.fmt.formatter, "format_text", formatted)
    monkeypatch.setattr(csjourney.fmt.canonical, "verdict", told)
    return calls


def _workspace(tmp_path: Path, config: str = "", *, root: bool = True) -> Path:
    folder = tmp_path / "ws"
    folder.mkdir()
    if root:
        (folder / "csjourney.toml").write_text(config)
    for source in SOURCES:
        shutil.copy(source, folder / source.name)
    return folder


def _fmt_records(under: Path) -> dict[str, int]:
    """How many texts each cache folder under `under` records as canonical (fmt's entries:
    the checks of a run may keep entries of their own in the same folder)."""
    counts = {
        tag.parent.relative_to(under).as_posix(): len(list((tag.parent / "fmt").rglob("*.json")))
        for tag in under.rglob("CACHEDIR.TAG")
    }
    return {folder: count for folder, count in counts.items() if count}


def _formatted(csj: Csj, folder: Path) -> None:
    """Format the workspace, then forget what that run recorded: each test starts cold."""
    assert csj("fmt", folder).code == 0
    for tag in list(folder.parent.rglob("CACHEDIR.TAG")):
        shutil.rmtree(tag.parent)


def test_a_second_check_of_a_formatted_workspace_formats_nothing(
    csj: Csj, tmp_path: Path, formats: list[str]
) -> None:
    folder = _workspace(tmp_path)
    _formatted(csj, folder)
    formats.clear()
    first = csj("fmt", "--check", folder)
    assert first.code == 0 and len(formats) == len(SOURCES)  # cold: each formatted, recorded
    formats.clear()
    second = csj("fmt", "--check", folder)
    assert (second.code, second.out, formats) == (0, first.out, [])
    assert second.out == f"0 files would be reformatted, {len(SOURCES)} unchanged.\n"
    assert (folder / CACHE_DIR / "fmt").is_dir()


def _swap_same_size(path: Path) -> None:
    """Swap two keys of the journey: not canonical any more, same size, same mtime."""
    before = path.stat()
    lines = path.read_text().splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("  title: "))
    owner = next(i for i, line in enumerate(lines) if line.startswith("  owner: "))
    lines[title], lines[owner] = lines[owner], lines[title]
    text, swapped = path.read_text(), "".join(lines)
    assert swapped != text and len(swapped) == len(text)
    path.write_text(swapped)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_file_edited_with_the_same_size_and_mtime_is_formatted_again(
    csj: Csj, tmp_path: Path, formats: list[str]
) -> None:
    folder = _workspace(tmp_path)
    _formatted(csj, folder)
    assert csj("fmt", "--check", folder).code == 0
    edited = folder / "journey.yaml"
    _swap_same_size(edited)
    formats.clear()
    result = csj("fmt", "--check", folder)
    assert result.code == 1
    assert [line for line in result.out.splitlines() if line.startswith("would reformat ")] == [
        f"would reformat {os.path.relpath(edited)}"
    ]
    assert formats == ["trial-to-paid"]  # the edited file, and only it
    assert csj("fmt", "--check", folder).code == 1  # a change is never recorded as canonical


def test_a_file_proven_to_change_is_told_from_the_cache_until_a_diff_is_asked(
    csj: Csj, tmp_path: Path, formats: list[str]
) -> None:
    folder = _workspace(tmp_path)
    _formatted(csj, folder)
    _swap_same_size(folder / "journey.yaml")
    assert csj("fmt", "--check", folder).code == 1
    formats.clear()
    again = csj("fmt", "--check", folder)
    assert (again.code, formats) == (1, [])  # the proof that it changes was recorded
    assert again.out.count("would reformat ") == 1
    # The record says only that it changes: a diff needs the formatter's text.
    shown = csj("fmt", "--check", "--diff", folder)
    assert (shown.code, formats) == (1, ["trial-to-paid"])
    assert "+  title: " in shown.out and "-  title: " in shown.out


def test_a_file_that_would_change_is_formatted_once_and_its_result_kept(
    csj: Csj, tmp_path: Path, formats: list[str]
) -> None:
    folder = _workspace(tmp_path)
    # The examples are canonical already, the commented fixtures not: the first run
    # formats each, later runs take what each text became from the cache.
    outputs = []
    for expected in (len(SOURCES), 0, 0):
        formats.clear()
        result = csj("fmt", "--check", "--diff", folder)
        assert result.code == 1 and len(formats) == expected
        assert result.out.count("would reformat ") == len(SOURCES) - 2
        outputs.append(result.out)
    assert outputs[1:] == outputs[:2]  # the same diffs, from the cache
    # Written, the formatted text is new: formatted once more, then known canonical.
    assert csj("fmt", folder).code == 0
    for expected in (len(SOURCES) - 2, 0):
        formats.clear()
        assert csj("fmt", "--check", folder).code == 0 and len(formats) == expected


def _plan(folder: Path, **cache: Any) -> list[str]:
    from csjourney.fmt.files import plan

    return [
        o.status.value for o in plan([folder], config_file=None, only_journey_files=False, **cache)
    ]


# (case, config, plan()'s cache settings, where the records go: None for nowhere)
WHERE: list[tuple[str, str, dict[str, Any], str | None]] = [
    ("default", "", {}, f"ws/{CACHE_DIR}"),
    ("config cache-dir", 'cache-dir = "build/fmt-cache"\n', {}, "ws/build/fmt-cache"),
    ("--cache-dir beats the config", 'cache-dir = "x"\n', {"cache_dir": "{tmp}/o"}, "o"),
    ("--no-cache", "", {"cache": False}, None),
    ("--no-cache with --cache-dir", "", {"cache": False, "cache_dir": "{tmp}/o"}, None),
]


@pytest.mark.parametrize(
    ("config", "settings", "where"), [c[1:] for c in WHERE], ids=[c[0] for c in WHERE]
)
def test_the_records_go_where_the_settings_say(
    csj: Csj,
    tmp_path: Path,
    formats: list[str],
    config: str,
    settings: dict[str, Any],
    where: str | None,
) -> None:
    folder = _workspace(tmp_path, config)
    _formatted(csj, folder)
    given = {
        k: Path(v.replace("{tmp}", str(tmp_path))) if isinstance(v, str) else v
        for k, v in settings.items()
    }
    statuses = _plan(folder, **given)
    formats.clear()
    assert _plan(folder, **given) == statuses == ["unchanged"] * len(SOURCES)
    caches = sorted(_fmt_records(tmp_path))
    if where is None:
        assert (caches, len(formats)) == ([], len(SOURCES))
    else:
        assert (caches, formats) == ([where], [])


def test_files_outside_any_workspace_are_never_recorded(
    csj: Csj, tmp_path: Path, formats: list[str]
) -> None:
    folder = _workspace(tmp_path, root=False)
    _formatted(csj, folder)
    for _ in range(2):
        formats.clear()
        assert csj("fmt", "--check", folder).code == 0 and len(formats) == len(SOURCES)
    assert _fmt_records(tmp_path) == {} and not list(tmp_path.rglob("CACHEDIR.TAG"))


def test_standard_input_is_never_recorded(
    csj: Csj, tmp_path: Path, formats: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _workspace(tmp_path)
    _formatted(csj, folder)
    text = (folder / "journey.yaml").read_text()
    for _ in range(2):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        formats.clear()
        result = csj("fmt", "-", "--stdin-filename", folder / "journey.yaml")
        assert (result.code, result.out, len(formats)) == (0, text, 1)
    assert _fmt_records(tmp_path) == {}


def test_a_cache_of_garbage_changes_nothing(csj: Csj, tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    expected = csj("fmt", "--check", folder, "--only-journey-files")
    cache = folder / CACHE_DIR / "fmt"
    for shard in ("00", "7f", "ff"):
        (cache / shard).mkdir(parents=True)
        (cache / shard / f"{shard * 20}.json").write_text("true")
    for entry in (folder / CACHE_DIR).rglob("*.json"):
        entry.write_text('{"value": true}')  # an entry of no version, for any key
    for _ in range(2):
        assert csj("fmt", "--check", folder, "--only-journey-files") == expected


def test_a_broken_file_is_reported_however_warm_the_cache(csj: Csj, tmp_path: Path) -> None:
    folder = _workspace(tmp_path)
    _formatted(csj, folder)
    assert csj("fmt", "--check", folder).code == 0
    broken = folder / "journey.yaml"
    broken.write_text(broken.read_text().replace("csjourney: 1", "csjourney: 1\ncsjourney: 1"))
    for _ in range(2):
        result = csj("fmt", "--check", folder)
        assert result.code == 1 and "journey.yaml: not formatted" in result.err


@pytest.mark.parametrize("told", [True, False], ids=["report says", "nearest root"])
def test_each_workspace_of_a_run_keeps_its_own_records(
    csj: Csj, tmp_path: Path, formats: list[str], monkeypatch: pytest.MonkeyPatch, told: bool
) -> None:
    """A nested workspace is one of its own: its files are recorded in its cache, also
    when the report does not say which config each file was checked with."""
    import csjourney.core

    if not told:
        real = csjourney.core.run

        def untold(*args: Any, **kwargs: Any) -> Any:
            report = real(*args, **kwargs)
            report.config_of.clear()
            return report

        monkeypatch.setattr(csjourney.core, "run", untold)
    outer = tmp_path / "ws"
    inner = outer / "team" / "inner"
    inner.mkdir(parents=True)
    (outer / "csjourney.toml").write_text("")
    (inner / "csjourney.toml").write_text('cache-dir = "own-cache"\n')
    shutil.copy(EXAMPLES / "minimal" / "journey.yaml", outer / "journey.yaml")
    shutil.copy(FULL_EXAMPLE, inner / "meal-kit.yaml")
    assert csj("fmt", "--check", outer).code == 0 and len(formats) == 2
    records = _fmt_records(tmp_path)
    assert records == {f"ws/{CACHE_DIR}": 1, "ws/team/inner/own-cache": 1}
    formats.clear()
    assert csj("fmt", "--check", outer).code == 0 and formats == []


def test_a_refusal_is_kept_like_a_result(
    csj: Csj, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csjourney.fmt.canonical
    import csjourney.fmt.formatter
    from csjourney.fmt.canonical import Verdict
    from csjourney.fmt.formatter import FormatError

    folder = _workspace(tmp_path)
    calls: list[str] = []

    def refusing(text: str) -> str:
        calls.append(text)
        raise FormatError("formatting would change the data; please report this file as a bug")

    monkeypatch.setattr(csjourney.fmt.formatter, "format_text", refusing)
    # Every text to the formatter: the prover of `fmt --check` would answer for most.
    monkeypatch.setattr(csjourney.fmt.canonical, "verdict", lambda text: Verdict.UNKNOWN)
    first = csj("fmt", "--check", folder)
    assert first.code == 1 and "please report this file as a bug" in first.err
    assert len(calls) == len(SOURCES)
    second = csj("fmt", "--check", folder)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert len(calls) == len(SOURCES)  # the same texts: the refusals came from the cache
