"""The GitHub workflow's comment step updates its own previous comment, found by the hidden
marker it ends its comments with, and never another comment.

The step's script is taken from docs/ci.md and run by node the way actions/github-script
runs it (an async function of `require`, `github` and `context`), against a stand-in for
GitHub's REST API that records each call; the comment body is a real diff's Markdown.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult
from test_ci_recipes import load, recipe

Csj = Callable[..., CliResult]
MARKER = "<!-- csjourney-diff -->"

HARNESS = """
const fs = require("node:fs");
const [script, comments] = [fs.readFileSync(process.argv[2], "utf8"), JSON.parse(process.argv[3])];
const calls = [];
const record = (name, result) => async (params) => { calls.push({ name, params }); return result; };
const listComments = record("listComments", { data: comments });
const github = {
  paginate: async (method, params) => { await method(params); return comments; },
  rest: { issues: {
    listComments,
    updateComment: record("updateComment", { data: {} }),
    createComment: record("createComment", { data: {} }),
  } },
};
const context = { repo: { owner: "acme", repo: "maps" }, issue: { number: 42 } };
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
new AsyncFunction("require", "github", "context", script)(require, github, context)
  .then(() => process.stdout.write(JSON.stringify(calls)));
"""


def comment_script() -> str:
    steps = load(recipe("github"))["jobs"]["diff"]["steps"]
    (step,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/github-script@")]
    script: str = step["with"]["script"]
    return script


@pytest.fixture
def diff_markdown(csj: Csj, tmp_path: Path) -> str:
    """What `csjourney diff --format markdown` writes for a renamed stage."""
    old, new = tmp_path / "old", tmp_path / "new"
    for root, name in ((old, "Onboarding"), (new, "Getting started")):
        assert csj("init", str(root), "--template", "minimal").code == 0
        journey = root / "journeys" / "customer-journey.yaml"
        text = journey.read_text(encoding="utf-8")
        journey.write_text(text.replace("name: Onboarding\n", f"name: {name}\n"))
    result = csj("diff", str(old), str(new), "--format", "markdown")
    assert result.code == 0, result.err
    return result.out


def post(tmp_path: Path, body: str, comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The API calls the comment step makes when the pull request has `comments`."""
    (tmp_path / "csjourney-diff.md").write_text(body, encoding="utf-8")
    (tmp_path / "script.js").write_text(comment_script(), encoding="utf-8")
    (tmp_path / "harness.cjs").write_text(HARNESS, encoding="utf-8")
    done = subprocess.run(
        ["node", "harness.cjs", "script.js", json.dumps(comments)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    calls: list[dict[str, Any]] = json.loads(done.stdout)
    assert calls[0]["params"]["issue_number"] == 42
    return calls[1:]


def posted(markdown: str) -> str:
    """The comment the step makes of the diff's Markdown."""
    return f"{markdown}\n{MARKER}\n"


def ours(comment_id: int, markdown: str) -> dict[str, Any]:
    return {"id": comment_id, "user": {"login": "github-actions[bot]"}, "body": posted(markdown)}


def others(comment_id: int, body: str | None) -> dict[str, Any]:
    return {"id": comment_id, "user": {"login": "alice"}, "body": body}


# The pull request's comments before the step runs, and the comment it must edit
# (None: it must post a new one).
CASES: dict[str, tuple[Callable[[str], list[dict[str, Any]]], int | None]] = {
    "no comment yet": (lambda md: [], None),
    "only other comments": (lambda md: [others(1, "LGTM"), others(2, None)], None),
    "ours is the last": (lambda md: [others(1, "LGTM"), ours(7, md)], 7),
    "others came after ours": (lambda md: [ours(7, md), others(8, "nit"), others(9, "ok")], 7),
    "ours from an older push": (
        lambda md: [others(3, "first"), ours(5, "### csjourney diff: `a` → `b`\n\n**1 change**\n")],
        5,
    ),
    "a comment mentions csjourney diff": (
        lambda md: [others(4, "### csjourney diff: `a` → `b` looks off"), ours(6, md)],
        6,
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_step_updates_its_own_comment_or_posts_one(
    tmp_path: Path, diff_markdown: str, case: str
) -> None:
    comments, edited = CASES[case]
    calls = post(tmp_path, diff_markdown, comments(diff_markdown))
    (call,) = calls
    if edited is None:
        assert call["name"] == "createComment"
        assert call["params"] == {
            "owner": "acme",
            "repo": "maps",
            "issue_number": 42,
            "body": posted(diff_markdown),
        }
    else:
        assert call["name"] == "updateComment"
        assert call["params"] == {
            "owner": "acme",
            "repo": "maps",
            "comment_id": edited,
            "body": posted(diff_markdown),
        }


def test_the_marker_is_hidden_and_only_the_step_adds_it(diff_markdown: str) -> None:
    assert f'const marker = "{MARKER}";' in comment_script()
    assert "<!--" not in diff_markdown  # the diff itself has no HTML comment
    assert "renamed stage `onboarding`: **Onboarding** → **Getting started**" in diff_markdown
