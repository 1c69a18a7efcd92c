"""The bundled examples are what `csjourney fmt` would write: users copy them."""

from __future__ import annotations

from conftest import EXAMPLES, Csj


def test_examples_are_in_canonical_layout(csj: Csj) -> None:
    result = csj("fmt", "--check", EXAMPLES)
    assert result.code == 0, result.out + result.err
