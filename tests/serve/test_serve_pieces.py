"""The preview's pieces without a server: what a served page gets, what a save counts.

The reload script goes into the served copy with a policy widened for it alone; the
error page shows validate's text as text, whatever markup a map's content puts in
it. The watch filter lets through maps, configs and the named exports only, never
the preview's own temporary folder; the folders watched are the fewest that cover
the named paths, the roots and the exports.
"""

from __future__ import annotations

from pathlib import Path

from watchfiles import Change

from conftest import EXAMPLES
from csjourney.serve.live import EVENTS_PATH, missing_page, problems_page, with_live_reload
from csjourney.serve.session import MapFilter, describe, watched_folders

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
PAGE = (
    "<!DOCTYPE html><html><head>"
    f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
    "</head><body><h1>Maps</h1></body></html>"
)


def test_the_served_copy_gets_the_script_and_a_policy_for_it_alone() -> None:
    served = with_live_reload(PAGE, "abc-3", "NONCE")
    assert f"content=\"{POLICY}; script-src 'nonce-NONCE'; connect-src 'self'\"" in served
    assert served.count("<script") == 1
    assert '<script nonce="NONCE">' in served and f'"{EVENTS_PATH}"' in served
    assert 'var shown = "abc-3";' in served
    assert served.index("<script") > served.index("<h1>")
    assert served.endswith("</script>\n</body></html>")
    assert PAGE.count("<script") == 0, "the page given is not changed"


def test_a_page_without_a_body_end_gets_the_script_at_its_end() -> None:
    served = with_live_reload("<p>half a page", "abc-1", "N")
    assert served.startswith('<p>half a page<script nonce="N">')


def test_the_error_page_shows_markup_in_the_findings_as_text() -> None:
    text = 'a.yaml:3:7: error CSJ001 unexpected `<script>alert("x")</script>`\n'
    page = problems_page(text, "abc-2", "N")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert page.count("<script") == 1, "only the reload script"
    assert "a.yaml:3:7: error CSJ001" in page
    assert 'id="csjourney-serve-problems"' in page


def test_a_missing_page_names_what_was_asked_as_text() -> None:
    page = missing_page("<b>x</b>.html", "abc-2", "N")
    assert "&lt;b&gt;x&lt;/b&gt;.html" in page and "<b>" not in page


def test_maps_configs_and_named_exports_count_as_saves(tmp_path: Path) -> None:
    exports = [str(tmp_path / "data" / "stage-history.csv"), str(tmp_path / "data" / "r-*.csv")]
    scratch = tmp_path / "scratch"
    counts = MapFilter(exports, [scratch])
    for name in (
        "journeys/smb.yaml",
        "library.yml",
        "csjourney.toml",
        "sub/pyproject.toml",
        "data/stage-history.csv",
        "data/r-2026.csv",
    ):
        assert counts(Change.modified, str(tmp_path / name)), name
    for name in (
        "notes.txt",
        "data/other.csv",
        "journeys/.smb.yaml.swp",
        "journeys/smb.yaml~",
        ".git/config.yaml",
        "scratch/build-1/x.yaml",
        "scratch",
    ):
        assert not counts(Change.modified, str(tmp_path / name)), name


def test_the_fewest_folders_cover_paths_roots_and_exports(tmp_path: Path) -> None:
    (tmp_path / "ws" / "journeys").mkdir(parents=True)
    (tmp_path / "ws" / "journeys" / "a.yaml").write_text("csjourney: 1\n", encoding="utf-8")
    (tmp_path / "exports" / "2026").mkdir(parents=True)
    folders = watched_folders(
        [tmp_path / "ws" / "journeys" / "a.yaml"],
        [tmp_path / "ws"],
        [str(tmp_path / "exports" / "*" / "history.csv"), str(tmp_path / "ws" / "e.csv")],
    )
    assert folders == [tmp_path / "exports", tmp_path / "ws"]
    assert watched_folders([EXAMPLES / "b2b-saas" / "journeys"], [], []) == [
        (EXAMPLES / "b2b-saas" / "journeys").absolute()
    ]
    assert watched_folders([tmp_path / "gone" / "a.yaml"], [], []) == [], "no such folder"


def test_the_terminal_line_names_one_file_or_counts_them() -> None:
    assert describe([(Change.modified, "/w/journeys/smb.yaml")]) == "smb.yaml"
    two = [(Change.modified, "/w/a.yaml"), (Change.added, "/w/b.yaml")]
    assert describe(two) == "2 files"
