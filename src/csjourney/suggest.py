"""'Did you mean' suggestions, shared by the model, references and config.

Bounded for pathological maps: a pool of candidates is sorted once (`Pool`)
when many look-ups share it, a large pool is narrowed to the candidates
nearest the word before difflib compares, and checks compute hints for at
most `HINTS_PER_FILE` findings of a file (a report shows fewer than that).
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable

from csjourney.diagnostics import MAX_FINDINGS_PER_FILE

# Past this many findings in one file, checks give their plain hint, not a 'did you mean'.
HINTS_PER_FILE = 2 * MAX_FINDINGS_PER_FILE
# difflib compares a word with at most this many candidates: those next to it in sort order.
MAX_COMPARED = 500


class Pool(tuple[str, ...]):
    """Candidates sorted and without repeats, built once for many look-ups."""

    __slots__ = ()

    def __new__(cls, candidates: Iterable[str]) -> Pool:
        return super().__new__(cls, sorted(set(candidates)))


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most like `word`, or None when nothing is close enough."""
    pool: tuple[str, ...] = candidates if isinstance(candidates, Pool) else Pool(candidates)
    if len(pool) > MAX_COMPARED:
        at = bisect.bisect_left(pool, word)
        start = max(0, at - MAX_COMPARED // 2)
        pool = pool[start : start + MAX_COMPARED]
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
