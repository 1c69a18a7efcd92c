"""`render --clean`: files an earlier render wrote and this one did not are removed,
as recorded in DIR/.csjourney-manifest.json; nothing else ever is, whatever the
manifest says."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import Csj

MANIFEST = ".csjourney-manifest.json"
FORMATS = "md,html,mermaid,dot"


def _journey(journey_id: str) -> str:
    document = {
        "csjourney": 1,
        "journey": {
            "id": journey_id,
            "title": f"Journey {journey_id}",
            "owner": "cs",
            "segments": ["smb"],
            "stages": [
                {
                    "id": "onboarding",
                    "name": "Onboarding",
                    "exit_criteria": "Live",
                    "touchpoints": [{"id": "call", "name": "Kick-off call", "channel": "phone"}],
                }
            ],
        },
    }
    return json.dumps(document, indent=1)


def _workspace(root: Path, *journeys: str) -> Path:
    maps = root / "maps"
    maps.mkdir(parents=True, exist_ok=True)
    (maps / "csjourney.toml").touch()
    library = {"csjourney": 1, "segments": [{"id": "smb", "name": "Small businesses"}]}
    (maps / "library.yaml").write_text(json.dumps(library), encoding="utf-8")
    for journey in journeys:
        (maps / f"{journey}.yaml").write_text(_journey(journey), encoding="utf-8")
    return maps


def _render(csj: Csj, maps: Path, out: Path, *extra: str) -> tuple[str, str]:
    result = csj("render", maps, "--out", out, "-f", FORMATS, "--view", "flow", *extra)
    assert result.code == 0, result.err
    return result.out, result.err


def _files(out: Path) -> set[str]:
    return {p.name for p in out.iterdir()}


def _ours(journey: str) -> set[str]:
    return {f"{journey}.{suffix}" for suffix in ("md", "html", "mmd", "flow.dot")}


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def test_clean_removes_the_files_of_a_deleted_journey_and_keeps_a_users_file(
    csj: Csj, tmp_path: Path
) -> None:
    maps, out = _workspace(tmp_path, "alpha", "beta"), tmp_path / "out"
    _render(csj, maps, out)
    (out / "notes.md").write_text("my own notes", encoding="utf-8")
    (maps / "beta.yaml").unlink()

    said, err = _render(csj, maps, out, "--clean")

    assert _files(out) == _ours("alpha") | {"index.html", "notes.md", MANIFEST}
    assert (out / "notes.md").read_text(encoding="utf-8") == "my own notes"
    assert "Removed 4 files an earlier render wrote: " in said
    assert "beta.md" in said and "notes.md" not in said and not err


def test_without_clean_nothing_is_removed_and_the_files_stay_recorded(
    csj: Csj, tmp_path: Path
) -> None:
    maps, out = _workspace(tmp_path, "alpha", "beta"), tmp_path / "out"
    _render(csj, maps, out)
    (maps / "beta.yaml").unlink()
    said, _ = _render(csj, maps, out)
    assert _ours("beta") <= _files(out) and "Removed" not in said
    # A later --clean still knows beta's files were ours.
    _render(csj, maps, out, "--clean")
    assert not _ours("beta") & _files(out)


def test_a_file_changed_since_we_wrote_it_is_kept_with_a_warning(csj: Csj, tmp_path: Path) -> None:
    maps, out = _workspace(tmp_path, "alpha", "beta"), tmp_path / "out"
    _render(csj, maps, out)
    (out / "beta.md").write_text("edited by hand", encoding="utf-8")
    (maps / "beta.yaml").unlink()
    _, err = _render(csj, maps, out, "--clean")
    assert (out / "beta.md").read_text(encoding="utf-8") == "edited by hand"
    assert not (out / "beta.html").exists()
    assert f"warning: kept {out / 'beta.md'}: it changed since csjourney wrote it" in err
    # Kept means forgotten: the next --clean neither removes it nor warns again.
    _, err = _render(csj, maps, out, "--clean")
    assert (out / "beta.md").exists() and not err


def test_the_manifest_is_deterministic_and_records_each_files_digest(
    csj: Csj, tmp_path: Path
) -> None:
    maps = _workspace(tmp_path, "alpha", "beta")
    first, second = tmp_path / "one", tmp_path / "two"
    _render(csj, maps, first)
    _render(csj, maps, second, "--clean")
    _render(csj, maps, second)  # a second render over the first: the same record
    manifest = (first / MANIFEST).read_bytes()
    assert manifest == (second / MANIFEST).read_bytes()
    document = json.loads(manifest)
    assert list(document["files"]) == sorted(_files(first) - {MANIFEST})
    for name, digest in document["files"].items():
        assert digest == _sha((first / name).read_bytes()), name


@dataclass(frozen=True)
class Hostile:
    """A manifest someone else wrote; `setup` gets (out, outside file) and writes it."""

    name: str
    setup: Callable[[Path, Path], object]
    warning: str


def _write(out: Path, document: object) -> None:
    (out / MANIFEST).write_text(json.dumps(document), encoding="utf-8")


def _files_entry(entries: dict[str, object]) -> dict[str, object]:
    return {"kind": "csjourney render manifest", "version": 1, "files": entries}


def _symlink_to_outside(out: Path, outside: Path) -> None:
    (out / "linked.md").symlink_to(outside)
    _write(out, _files_entry({"linked.md": _sha(outside.read_bytes())}))


def _manifest_is_a_symlink(out: Path, outside: Path) -> None:
    target = outside.with_name("other-manifest.json")
    target.write_text(json.dumps(_files_entry({"victim.md": "x"})), encoding="utf-8")
    (out / MANIFEST).unlink()
    (out / MANIFEST).symlink_to(target)


def _entry_is_a_folder(out: Path, outside: Path) -> None:
    (out / "folder.md").mkdir()
    _write(out, _files_entry({"folder.md": _sha(b"")}))


HOSTILE = [
    Hostile(
        "not-json",
        lambda out, _: (out / MANIFEST).write_text("{not json", encoding="utf-8"),
        "cannot be read",
    ),
    Hostile(
        "deeply-nested",
        lambda out, _: (out / MANIFEST).write_text("[" * 100_000, encoding="utf-8"),
        "cannot be read",
    ),
    Hostile(
        "not-utf8",
        lambda out, _: (out / MANIFEST).write_bytes(b"\xff\xfe{}"),
        "cannot be read",
    ),
    Hostile("a-list", lambda out, _: _write(out, ["victim.md"]), "is not a csjourney"),
    Hostile(
        "another-tools-manifest",
        lambda out, _: _write(out, {"files": {"victim.md": "x"}}),
        "is not a csjourney",
    ),
    Hostile(
        "dot-dot",
        lambda out, outside: _write(
            out, _files_entry({"../outside.txt": _sha(outside.read_bytes())})
        ),
        "entry '../outside.txt' is not a file render writes",
    ),
    Hostile(
        "absolute-path",
        lambda out, outside: _write(out, _files_entry({str(outside): _sha(outside.read_bytes())})),
        "is not a file render writes",
    ),
    Hostile(
        "sub-folder",
        lambda out, _: _write(out, _files_entry({"sub/victim.md": "x"})),
        "is not a file render writes",
    ),
    Hostile(
        "the-manifest-itself",
        lambda out, _: _write(out, _files_entry({MANIFEST: "x"})),
        "is not a file render writes",
    ),
    Hostile(
        "bad-digest",
        lambda out, _: _write(out, _files_entry({"victim.md": "sha256:0"})),
        "has no valid sha256",
    ),
    Hostile(
        "digest-not-a-string",
        lambda out, _: _write(out, _files_entry({"victim.md": 1})),
        "is not a file render writes",
    ),
    Hostile("symlink-to-outside", _symlink_to_outside, "no longer a file csjourney wrote"),
    Hostile("manifest-is-a-symlink", _manifest_is_a_symlink, "is not a regular file"),
    Hostile("entry-is-a-folder", _entry_is_a_folder, "no longer a file csjourney wrote"),
]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda case: case.name)
def test_a_hostile_or_broken_manifest_never_removes_anything_but_our_files(
    case: Hostile, csj: Csj, tmp_path: Path
) -> None:
    """Ignored with a warning and the render goes on (exit 0): the manifest is our
    bookkeeping, like a cache, and a bad one must cost neither a file nor the render."""
    maps, out = _workspace(tmp_path, "alpha"), tmp_path / "out"
    _render(csj, maps, out)
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours", encoding="utf-8")
    (out / "victim.md").write_text("a user's file with a name like ours", encoding="utf-8")
    case.setup(out, outside)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.parent != out}

    _, err = _render(csj, maps, out, "--clean")

    assert case.warning in err, err
    assert "Traceback" not in err
    assert outside.read_text(encoding="utf-8") == "not yours"
    assert (out / "victim.md").exists()
    assert {p: p.read_bytes() for p in before} == before, "a file outside --out changed"
    assert not (out / MANIFEST).is_symlink()
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(_ours("alpha") | {"index.html"})
    assert os.path.lexists(out / "linked.md") == (case.name == "symlink-to-outside")
