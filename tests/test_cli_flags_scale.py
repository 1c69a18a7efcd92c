"""--no-cache, --cache-dir (or CSJOURNEY_CACHE_DIR) and --jobs on validate and fmt:
what each sets in core.Options, and the mistakes refused before anything is read."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import EXAMPLES, Csj
from csjourney import core

MINIMAL = EXAMPLES / "minimal"
COMMANDS = {"validate": ["validate"], "fmt": ["fmt", "--check"]}


class Setting(NamedTuple):
    args: list[str]
    environ: dict[str, str]
    cache: bool
    cache_dir: str | None  # relative to the test's folder
    jobs: int | None


SETTINGS: dict[str, Setting] = {
    "defaults": Setting([], {}, True, None, None),
    "--no-cache": Setting(["--no-cache"], {}, False, None, None),
    "--cache-dir": Setting(["--cache-dir", "c"], {}, True, "c", None),
    "--cache-dir=": Setting(["--cache-dir=c"], {}, True, "c", None),
    "CSJOURNEY_CACHE_DIR": Setting([], {"CSJOURNEY_CACHE_DIR": "env"}, True, "env", None),
    "--cache-dir beats CSJOURNEY_CACHE_DIR": Setting(
        ["--cache-dir", "c"], {"CSJOURNEY_CACHE_DIR": "env"}, True, "c", None
    ),
    "an empty CSJOURNEY_CACHE_DIR is unset": Setting(
        [], {"CSJOURNEY_CACHE_DIR": ""}, True, None, None
    ),
    "-j 1": Setting(["-j", "1"], {}, True, None, 1),
    "--jobs 3": Setting(["--jobs", "3"], {}, True, None, 3),
    "--jobs=2": Setting(["--jobs=2"], {}, True, None, 2),
    "-j4": Setting(["-j4"], {}, True, None, 4),
    "all three": Setting(["--no-cache", "--cache-dir", "c", "-j", "2"], {}, False, "c", 2),
}


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[core.Options]:
    """Every Options core.run is called with; the run itself is the real one."""
    seen: list[core.Options] = []
    real = core.run

    def run(paths: list[Path], options: core.Options) -> core.Report:
        seen.append(options)
        return real(paths, options)

    monkeypatch.setattr(core, "run", run)
    return seen


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("setting", SETTINGS.values(), ids=list(SETTINGS))
def test_the_flags_reach_the_core(
    command: str,
    setting: Setting,
    csj: Csj,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CSJOURNEY_CACHE_DIR", raising=False)
    for name, value in setting.environ.items():
        monkeypatch.setenv(name, value)
    shutil.copytree(MINIMAL, tmp_path / "maps")
    seen = _recording(monkeypatch)
    result = csj(*COMMANDS[command], *setting.args, "maps", cwd=tmp_path)
    assert result.code in (0, 1), result.err
    assert "error" not in result.err
    (options,) = seen
    assert options.cache is setting.cache
    assert options.cache_dir == (None if setting.cache_dir is None else Path(setting.cache_dir))
    assert options.jobs == setting.jobs
    assert options.keep_models is False  # neither command reads the models
    assert options.progress is None  # stderr is no terminal here


# (arguments after the command, what the one error line says).
MISTAKES: dict[str, tuple[list[str], str]] = {
    "-j 0": (["-j", "0"], "--jobs: expects a whole number, 1 or more, not '0'"),
    "--jobs=-1": (["--jobs=-1"], "--jobs: expects a whole number, 1 or more, not '-1'"),
    "--jobs x": (["--jobs", "x"], "--jobs: expects a whole number, 1 or more, not 'x'"),
    "--jobs 1.5": (["--jobs", "1.5"], "--jobs: expects a whole number, 1 or more, not '1.5'"),
    "--jobs ''": (["--jobs", ""], "--jobs: expects a whole number, 1 or more, not ''"),
    "--jobs with no value": (["--jobs"], "--jobs needs a value"),
    "--jobs with a control character": (
        ["--jobs", "2\x1b[2J"],
        "--jobs: expects a whole number, 1 or more, not '2\\x1b[2J'",
    ),
    "--cache-dir naming a file": (
        ["--cache-dir", "a-file"],
        "--cache-dir (or CSJOURNEY_CACHE_DIR): a-file is a file, not a folder",
    ),
    "--cache-dir with no value": (["--cache-dir"], "--cache-dir needs a value"),
    "--no-cache=yes": (["--no-cache=yes"], "--no-cache"),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(("args", "said"), MISTAKES.values(), ids=list(MISTAKES))
def test_a_mistake_is_a_usage_error_before_anything_runs(
    command: str,
    args: list[str],
    said: str,
    csj: Csj,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a-file").write_text("not a folder\n")
    seen = _recording(monkeypatch)
    result = csj(*COMMANDS[command], *args, cwd=tmp_path)
    assert result.code == 2
    first, hint = result.err.splitlines()
    assert first.startswith(f"csjourney: error: {said}"), result.err
    assert hint == f"Run 'csjourney {command} -h' for help."
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert seen == []  # refused before a file was read
    assert result.out == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_the_flags(command: str, csj: Csj) -> None:
    out = " ".join(csj(command, "-h").out.split())
    for shown in (
        "--no-cache Check every file afresh",
        "--cache-dir DIR Keep the cache in this folder",
        "[env var: CSJOURNEY_CACHE_DIR]",
        "-j, --jobs N Check files in up to N processes",
    ):
        assert shown in out, out


def test_the_documented_flags_are_the_ones_the_help_shows(csj: Csj) -> None:
    doc = (EXAMPLES.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        out = csj(command, "-h").out
        for flag in ("--no-cache", "--cache-dir DIR", "--jobs N", "CSJOURNEY_CACHE_DIR"):
            assert flag in out
            assert f"`{flag}`" in doc
