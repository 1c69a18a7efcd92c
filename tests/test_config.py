"""Configuration: csjourney.toml / [tool.csjourney], validated like maps."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Csj

MAP = """\
csjourney: 1
segments:
  - {id: smb, name: Small business, needs: [Fast setup]}
journey:
  id: smb-journey
  title: SMB journey
  segments: [smb]
  reviewed: 2026-11-01
  stages:
    - id: adoption
      name: Adoption
      exit_criteria: Weekly active four weeks running
      metrics:
        - {id: weekly, name: Weekly active, type: adoption, target: 60, current: 61}
"""
TODAY = ("--today", "2026-11-28")


def _workspace(tmp_path: Path, config: str, name: str = "csjourney.toml") -> Path:
    (tmp_path / name).write_text(config, encoding="utf-8")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "smb.yaml").write_text(MAP, encoding="utf-8")
    return tmp_path


def test_unknown_setting_is_a_usage_error_with_a_suggestion(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, "[lint]\nignroe = ['CSJ201']\n")
    result = csj("validate", *TODAY, cwd=root)
    assert result.code == 2
    assert "unknown setting `lint.ignroe`" in result.err and "did you mean `ignore`" in result.err
    assert "Traceback" not in result.err


def test_unknown_rule_in_config_is_a_usage_error(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, "[lint]\nignore = ['stage-mising-touchpoint']\n")
    result = csj("validate", *TODAY, cwd=root)
    assert result.code == 2
    assert "did you mean `stage-missing-touchpoint`" in result.err


def test_invalid_toml_is_a_usage_error(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, "[lint\n")
    result = csj("validate", cwd=root)
    assert result.code == 2 and "not valid TOML" in result.err


def test_ignore_in_config_switches_a_rule_off(csj: Csj, tmp_path: Path) -> None:
    noisy = csj("validate", *TODAY, cwd=_workspace(tmp_path / "a", ""))
    assert "CSJ201" in noisy.out
    quiet = csj("validate", *TODAY, cwd=_workspace(tmp_path / "b", "[lint]\nignore = ['CSJ201']\n"))
    assert "CSJ201" not in quiet.out


@pytest.fixture(autouse=True)
def _dirs(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()


def test_severity_override_and_off(csj: Csj, tmp_path: Path) -> None:
    raised = csj(
        "validate", *TODAY, cwd=_workspace(tmp_path / "a", "[lint.severity]\nCSJ201 = 'error'\n")
    )
    assert raised.code == 1 and "error CSJ201" in raised.out
    off = csj(
        "validate",
        *TODAY,
        cwd=_workspace(tmp_path / "b", "[lint.severity]\nstage-missing-touchpoint = 'off'\n"),
    )
    assert off.code == 0 and "CSJ201" not in off.out


def test_bad_severity_value_is_a_usage_error(csj: Csj, tmp_path: Path) -> None:
    result = csj("validate", cwd=_workspace(tmp_path, "[lint.severity]\nCSJ201 = 'loud'\n"))
    assert result.code == 2
    assert result.err == (
        'csjourney: error: csjourney.toml:2: [lint.severity] CSJ201 = "loud": unknown severity '
        '(choose from: error, warning, info, off); e.g. `CSJ201 = "warning"`\n'
    )


def test_per_file_ignores_by_glob(csj: Csj, tmp_path: Path) -> None:
    config = "[lint.per-file-ignores]\n'maps/*.yaml' = ['stage-missing-touchpoint']\n"
    result = csj("validate", *TODAY, cwd=_workspace(tmp_path, config))
    assert "CSJ201" not in result.out


def test_pyproject_tool_table_marks_the_root_and_configures(csj: Csj, tmp_path: Path) -> None:
    config = "[project]\nname = 'x'\n\n[tool.csjourney.lint]\nignore = ['CSJ201']\n"
    root = _workspace(tmp_path, config, name="pyproject.toml")
    result = csj("validate", "maps/smb.yaml", *TODAY, cwd=root)
    assert result.code == 0 and "CSJ201" not in result.out


def test_explicit_config_file_wins(csj: Csj, tmp_path: Path) -> None:
    root = _workspace(tmp_path, "")
    other = tmp_path / "strict.toml"
    other.write_text("[tool.csjourney.lint.severity]\nCSJ201 = 'error'\n", encoding="utf-8")
    result = csj("validate", "--config", other, *TODAY, cwd=root)
    assert result.code == 1 and "error CSJ201" in result.out


def test_max_file_size_is_configurable(csj: Csj, tmp_path: Path) -> None:
    result = csj("validate", "--no-lint", cwd=_workspace(tmp_path, "max-file-size = 100\n"))
    assert result.code == 1 and "CSJ005" in result.out


NOT_UTF8 = {
    # file name: (content, where the first bad byte is)
    "csjourney.toml": (b"exclude = ['caf\xe9/*.yaml']\n", "1:16"),
    "pyproject.toml": (b"[project]\nname = 'x'\n# \xff\n\n[tool.csjourney]\n", "3:3"),
}


@pytest.mark.parametrize("name", NOT_UTF8)
def test_a_config_that_is_not_utf8_is_a_config_error(name: str, csj: Csj, tmp_path: Path) -> None:
    content, where = NOT_UTF8[name]
    root = _workspace(tmp_path, "")
    (root / "csjourney.toml").unlink()
    (root / name).write_bytes(content)

    for args in (["maps/smb.yaml"], ["--config", name, "maps/smb.yaml"]):
        result = csj("validate", *args, cwd=root)
        assert result.code == 2
        assert "internal error" not in result.err
        assert f"{name}:{where}: byte 0x" in result.err and "UTF-8" in result.err


@pytest.mark.parametrize(
    "config",
    ["max-findings-per-file = 0\n", "max-findings-per-file = 'many'\n"],
)
def test_max_findings_per_file_must_be_a_positive_number(
    csj: Csj, tmp_path: Path, config: str
) -> None:
    result = csj("validate", "--no-lint", cwd=_workspace(tmp_path, config))
    assert result.code == 2 and "max-findings-per-file" in result.err


def test_messages_name_settings_as_they_are_spelled_in_the_config() -> None:
    """`max-file-size`, never `max_file_size`: a user copies the name from the hint."""
    import re

    from conftest import ROOT
    from csjourney.config import Config, LintOptions
    from csjourney.model import Journey

    settings = [*Config.model_fields, *LintOptions.model_fields]
    snake = {s for s in settings if "_" in s} - set(Journey.model_fields)  # map fields keep _
    sources = (ROOT / "src" / "csjourney").rglob("*.py")

    def said(path: Path) -> str:
        """The code but its comment lines: a comment may name an attribute (`cache_dir`)."""
        lines = path.read_text(encoding="utf-8").splitlines()
        return "\n".join(line for line in lines if not line.lstrip().startswith("#"))

    slips = [
        f"{path.name}: `{name}`"
        for path in sources
        for name in snake
        if re.search(rf"`{name}`", said(path))
    ]
    assert not slips


@pytest.mark.parametrize(
    ("config", "spelled"),
    [
        ("max_file_size = 10\n", "max-file-size"),
        ("max_findings_per_file = 10\n", "max-findings-per-file"),
        ("[lint]\nper_file_ignores = {}\n", "per-file-ignores"),
        ("[lint.options]\nmetric_stale_days = 5\n", "metric-stale-days"),
    ],
)
def test_a_setting_written_with_underscores_points_at_its_real_spelling(
    csj: Csj, tmp_path: Path, config: str, spelled: str
) -> None:
    """Taken silently, `max_file_size` would work here and be a typo everywhere else."""
    result = csj("validate", "--no-lint", cwd=_workspace(tmp_path, config))
    assert result.code == 2 and f"did you mean `{spelled}`?" in result.err


THREE_MISTAKES = """\
exclude = "drafts"

[lint]
ignroe = ["CSJ201"]

[lint.severity]
CSJ211 = "loud"
"""


def test_a_config_with_three_mistakes_lists_all_three_at_their_lines(
    csj: Csj, tmp_path: Path
) -> None:
    result = csj("validate", "--no-lint", cwd=_workspace(tmp_path, THREE_MISTAKES))
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        "csjourney: error: csjourney.toml: 3 mistakes; nothing was checked",
        'csjourney.toml:1: `exclude` must be a list; write it as `exclude = ["drafts", '
        '"archive/old.yaml"]`',
        "csjourney.toml:4: unknown setting `lint.ignroe`; did you mean `ignore`? "
        "(settings here: select, ignore, severity, options, per-file-ignores)",
        'csjourney.toml:7: [lint.severity] CSJ211 = "loud": unknown severity '
        '(choose from: error, warning, info, off); e.g. `CSJ211 = "warning"`',
    ]


# (config text, the one line the user reads after `csjourney: error: `). Each mistake
# is located at its line, says the right form, and lists the accepted values.
ONE_MISTAKE = [
    ('[lint]\nignore = "CSJ211"\n',
     'csjourney.toml:2: `lint.ignore` must be a list; write it as `ignore = ["CSJ211"]`'),
    ("[lint]\nselect = [\n  'CSJ201',\n  'stage-mising-metric',\n]\n",
     "csjourney.toml:4: [lint] select: unknown rule `stage-mising-metric`; "
     "did you mean `stage-missing-metric`?"),
    ("[lint]\nignore = ['CSJ2O1']\n",
     "csjourney.toml:2: [lint] ignore: unknown rule `CSJ2O1`; did you mean `CSJ201`?"),
    ("[lint]\nignore = ['nothing-like-it']\n",
     "csjourney.toml:2: [lint] ignore: unknown rule `nothing-like-it`; "
     "`csjourney rules` lists them"),
    ("[lint.severity]\nCSJ201 = 'of'\n",
     'csjourney.toml:2: [lint.severity] CSJ201 = "of": unknown severity; did you mean `off`? '
     '(choose from: error, warning, info, off); e.g. `CSJ201 = "warning"`'),
    ("max-file-size = 0\n",
     "csjourney.toml:1: `max-file-size` must be a whole number above 0; "
     "write it as `max-file-size = 8388608`"),
    ("\n[lint.options]\nmetric-stale-days = '30'\n",
     "csjourney.toml:3: `lint.options.metric-stale-days` must be a whole number; "
     "write it as `metric-stale-days = 120`"),
    ("[lint.per-file-ignores]\n'drafts/*' = ['CSJ2011']\n",
     "csjourney.toml:2: [lint.per-file-ignores]: unknown rule `CSJ2011`; "
     "`csjourney rules` lists them"),
    ("[lint\n",
     "csjourney.toml:1:6: not valid TOML: Expected ']' at the end of a table declaration"),
]  # fmt: skip


@pytest.mark.parametrize(("config", "message"), ONE_MISTAKE)
def test_one_mistake_is_one_located_line(
    csj: Csj, tmp_path: Path, config: str, message: str
) -> None:
    result = csj("validate", "--no-lint", cwd=_workspace(tmp_path, config))
    assert result.code == 2
    assert result.err == f"csjourney: error: {message}\n"


def test_a_pyproject_mistake_is_located_in_its_tool_table(csj: Csj, tmp_path: Path) -> None:
    config = "[project]\nname = 'x'\n\n[tool.csjourney.lint]\nignore = 'CSJ211'\n"
    result = csj("validate", "--no-lint", cwd=_workspace(tmp_path, config, name="pyproject.toml"))
    assert result.code == 2
    assert result.err.startswith("csjourney: error: pyproject.toml:5: `lint.ignore` must be a list")
