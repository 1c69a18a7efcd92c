"""The canonical layout: key order, indentation, list style, and comments kept in place."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from textwrap import dedent

import pytest

from conftest import EXAMPLES
from csjourney.fmt.comments import inventory
from csjourney.fmt.formatter import FormatError, format_text
from csjourney.model import Metric, Stage
from csjourney.yamlsource import build

FIXTURES = Path(__file__).parent / "fixtures"
TESTS = Path(__file__).parents[1]
MAPS = sorted({*EXAMPLES.rglob("*.yaml"), *FIXTURES.glob("*.yaml")})


def _other_fixtures() -> list[tuple[str, str]]:
    """(name, text) of every YAML map the rest of the suite uses that loads cleanly."""
    from csjourney.yamlsource import YamlProblem

    found: list[tuple[str, str]] = []
    for path in sorted((TESTS / "cases").rglob("*.yaml")):
        found.append(
            (path.relative_to(TESTS).as_posix(), path.read_bytes().decode("utf-8", "replace"))
        )
    for path in sorted((TESTS / "lint" / "cases").glob("*.yaml")):
        for number, case in enumerate(build(path.read_text(encoding="utf-8")).data["cases"]):
            for name, text in case.get("files", {}).items():
                found.append((f"{path.stem}[{number}]/{name}", text))
    usable = []
    for name, text in found:
        try:
            document = build(text.removeprefix("\ufeff"))
        except YamlProblem:
            continue
        if isinstance(document.data, dict) and not document.issues:
            usable.append((name, text.removeprefix("\ufeff")))
    return usable


OTHER_FIXTURES = _other_fixtures()


@pytest.mark.parametrize(("name", "text"), OTHER_FIXTURES, ids=[n for n, _ in OTHER_FIXTURES])
def test_every_map_of_the_test_suite_keeps_data_and_comments_and_is_stable(
    name: str, text: str, tmp_path: Path
) -> None:
    try:
        after = format_text(text)
    except FormatError:
        # Only a map with errors may be refused; `fmt` never gets that far with one.
        from csjourney.core import Options, run

        (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
        assert run([tmp_path / "map.yaml"], Options(lint=False)).diagnostics, name
        return
    assert build(after).data == build(text).data
    assert inventory(after) == inventory(text)
    assert format_text(after) == after


def test_the_suite_fixtures_were_found() -> None:
    assert len(OTHER_FIXTURES) >= 50


def fmt(text: str) -> str:
    return format_text(dedent(text))


@pytest.mark.parametrize("path", MAPS, ids=lambda p: p.name if p.parent == FIXTURES else str(p))
def test_every_example_and_fixture_keeps_data_and_comments_and_is_stable(path: Path) -> None:
    before = path.read_text(encoding="utf-8")
    after = format_text(before)
    assert build(after).data == build(before).data
    assert inventory(after) == inventory(before)
    assert format_text(after) == after


def test_the_fixtures_exercise_comments() -> None:
    # The parametrized test above is only as strong as its inputs.
    assert sum(sum(inventory(p.read_text()).values()) for p in FIXTURES.glob("*.yaml")) >= 20


def test_keys_follow_the_model_field_order() -> None:
    out = fmt(
        """\
        journey:
          stages:
            - touchpoints: []
              name: Onboarding
              kind: onboarding
              id: onboarding
          segments: [smb]
          title: T
          id: j
        csjourney: 1
        """
    )
    lines = [line.strip().split(":")[0].lstrip("- ") for line in out.splitlines()]
    assert lines[:5] == ["csjourney", "journey", "id", "title", "segments"]
    stage_keys = lines[lines.index("stages") + 1 :]
    expected = [k for k in Stage.model_fields if k in ("id", "name", "kind", "touchpoints")]
    assert stage_keys == expected


def test_metric_keys_use_the_model_order_not_a_copy_of_it() -> None:
    out = fmt(
        """\
        csjourney: 1
        journey:
          metrics:
            - baseline: 1
              current: 2
              target: 3
              type: nps
              name: NPS
              id: nps
        """
    )
    keys = [line.strip().lstrip("- ").split(":")[0] for line in out.splitlines()[4:]]
    assert keys == [k for k in Metric.model_fields if k in keys]


def test_unknown_keys_go_last_in_their_own_order() -> None:
    out = fmt("zeta: 1\ncsjourney: 1\nalpha: 2\n")
    assert out == "csjourney: 1\nzeta: 1\nalpha: 2\n"


def test_comment_above_a_key_moves_with_the_key() -> None:
    out = fmt(
        """\
        # file header
        journey:
          title: T  # end of title
          # the id never changes once published
          id: j
        csjourney: 1
        """
    )
    assert out == dedent(
        """\
        # file header
        csjourney: 1
        journey:
          # the id never changes once published
          id: j
          title: T  # end of title
        """
    )


def test_comment_is_reindented_to_the_entry_it_stands_above() -> None:
    out = fmt(
        """\
        csjourney: 1
        journey:
            id: j
            stages:
            -   id: a
                name: A
        # about b, written at column 0
            -   id: b
                name: B
        """
    )
    assert "    # about b, written at column 0\n    - id: b\n" in out
    assert "  stages:\n    - id: a\n      name: A\n" in out


def test_blank_lines_between_stages_survive_and_runs_collapse_to_one() -> None:
    out = fmt(
        """\
        csjourney: 1
        journey:
          stages:
            - id: a
              name: A


            - id: b
              name: B

            - id: c
              name: C
        """
    )
    assert "name: A\n\n    - id: b\n" in out
    assert "name: B\n\n    - id: c\n" in out
    assert "\n\n\n" not in out


def test_short_id_lists_are_flow_long_ones_block() -> None:
    many = [f"touchpoint-number-{i}" for i in range(8)]
    block = "\n".join(f"        - {name}" for name in many)
    out = fmt(
        f"""\
        csjourney: 1
        journey:
          segments:
            - smb
            - mid-market
          stages:
            - id: a
              pain_points:
                - id: p
                  touchpoints: [{", ".join(many)}]
        segments:
          - id: smb
            needs: [Fast setup, Clear pricing]
        """
    )
    assert "  segments: [smb, mid-market]\n" in out
    assert "          touchpoints:\n" + "\n".join(f"            - {n}" for n in many) in out
    assert "    needs:\n      - Fast setup\n      - Clear pricing\n" in out
    assert block  # the long list really was long
    assert max(len(line) for line in out.splitlines()) <= 100


def test_a_commented_id_list_stays_one_per_line() -> None:
    text = """\
        csjourney: 1
        journey:
          segments:
            - smb  # the only paying segment today
            - trial
        """
    out = fmt(text)
    assert "    - smb  # the only paying segment today\n    - trial\n" in out


def test_a_comment_above_the_first_id_keeps_the_list_in_block_style() -> None:
    text = """\
        csjourney: 1
        journey:
          segments:
            # the paying one
            - smb
            - trial
        """
    assert fmt(text) == dedent(text)


def test_history_points_are_one_flow_mapping_per_line() -> None:
    out = fmt(
        """\
        csjourney: 1
        journey:
          metrics:
            - id: churn
              history:
                - value: 4.8
                  date: 2026-07-31
                - {date: 2026-08-31, value: 4.5}
        """
    )
    assert (
        "        - {date: 2026-07-31, value: 4.8}\n        - {date: 2026-08-31, value: 4.5}\n"
        in out
    )


def test_a_comment_inside_one_history_point_makes_them_all_blocks() -> None:
    out = fmt(
        """\
        csjourney: 1
        journey:
          metrics:
            - id: churn
              history:
                - {date: 2026-07-31, value: 4.8}  # before the price change
                - date: 2026-08-31
                  # estimated
                  value: 4.5
        """
    )
    assert out.endswith(
        "      history:\n"
        "        - date: 2026-07-31  # before the price change\n"
        "          value: 4.8\n"
        "        - date: 2026-08-31\n"
        "          # estimated\n"
        "          value: 4.5\n"
    )


def test_quoting_and_block_scalars_survive() -> None:
    out = fmt(
        """\
        csjourney: 1
        segments:
          - name: 'yes'
            id: "007"
            description: |
              # not a comment: text
              second line
            attributes: {since: "2026-01-01", plain: x}
        """
    )
    assert "  - id: \"007\"\n    name: 'yes'\n" in out
    assert "    description: |\n      # not a comment: text\n      second line\n" in out
    assert '      since: "2026-01-01"\n' in out
    assert build(out).data["segments"][0]["attributes"]["since"] == "2026-01-01"


def test_long_text_is_not_rewrapped() -> None:
    long = "word " * 60
    out = fmt(f"csjourney: 1\nsegments:\n  - id: s\n    description: {long.strip()}\n")
    assert f"    description: {long.strip()}\n" in out


def test_a_comment_that_cannot_be_kept_stops_formatting() -> None:
    with pytest.raises(FormatError, match="would lose the comment `# the first`"):
        fmt(
            """\
            csjourney: 1
            journey:
              segments: [smb,  # the first
                 mid]
            """
        )


def test_inventory_ignores_hash_signs_inside_values() -> None:
    text = "a: 'x # y'  # real\nb: |\n  # text\n"
    assert inventory(text) == Counter({"# real": 1})
