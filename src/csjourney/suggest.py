"""'Did you mean' suggestions, shared by the model, references and config."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like `word`, or None when nothing is close enough."""
    pool = sorted(set(candidates))
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    if matches:
        return matches[0]
    # Prefix typos ("stage" for "stages") fall below difflib's ratio on short words.
    lowered = word.lower()
    for candidate in pool:
        if candidate.lower() == lowered or (candidate.startswith(lowered) and len(lowered) >= 4):
            return candidate
    return None


def slugify(text: str) -> str:
    """The id a human most likely meant: `Onboarding Call` -> `onboarding-call`."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.strip().lower()).strip("-_")[:64]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A ready-made hint sentence, or None."""
    match = closest(word, candidates)
    return f"did you mean `{match}`?" if match else None
