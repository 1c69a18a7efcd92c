"""'Did you mean' suggestions, shared by the model, references and config.

A suggestion knows whether it is the one answer (`Suggestion.unique`): only
then may `validate --fix` apply it; two candidates equally close are both
named in the hint and fixed by no one.

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
from typing import NamedTuple

from csjourney.diagnostics import MAX_FINDINGS_PER_FILE

# Past this many findings in one file, checks give their plain hint, not a 'did you mean'.
HINTS_PER_FILE = 2 * MAX_FINDINGS_PER_FILE
# difflib compares a word with at most this many candidates: those next to it in sort order.
MAX_COMPARED = 500
# A hint names at most this many equally close candidates.
MAX_TIES = 3
_CUTOFF = 0.6


class Pool(tuple[str, ...]):
    """Candidates sorted and without repeats, built once for many look-ups."""

    __slots__ = ()

    def __new__(cls, candidates: Iterable[str]) -> Pool:
        return super().__new__(cls, sorted(set(candidates)))


class Suggestion(NamedTuple):
    """The closest candidates: one when it is the answer, several when they tie."""

    words: tuple[str, ...]

    @property
    def word(self) -> str:
        return self.words[0]

    @property
    def unique(self) -> bool:
        return len(self.words) == 1

    def hint(self) -> str:
        return "did you mean " + " or ".join(f"`{word}`" for word in self.words) + "?"


def best(word: str, candidates: Iterable[str], cutoff: float = _CUTOFF) -> Suggestion | None:
    """The candidates most like `word` (ties included), or None when nothing is close enough."""
    pool: tuple[str, ...] = candidates if isinstance(candidates, Pool) else Pool(candidates)
    if len(pool) > MAX_COMPARED:
        at = bisect.bisect_left(pool, word)
        start = max(0, at - MAX_COMPARED // 2)
        pool = pool[start : start + MAX_COMPARED]
    lowered = word.lower()
    same = tuple(candidate for candidate in pool if candidate.lower() == lowered)
    if same:  # `Name` for `name`: closer than any difflib ratio says
        return Suggestion(same)
    scored = _ratios(word, pool, cutoff)
    if scored:
        top = max(score for score, _ in scored)
        tied = tuple(c for score, c in scored if abs(score - top) < 1e-9)
        # Past a few equally close candidates none is the answer (`CSJ299` is as
        # close to CSJ209 as to CSJ219...): a list of them would only be noise.
        return Suggestion(tied) if len(tied) <= MAX_TIES else None
    # Prefix typos ("stage" for "stages") fall below difflib's ratio on short words.
    if len(lowered) >= 4:
        longer = tuple(candidate for candidate in pool if candidate.startswith(lowered))
        if longer:
            return Suggestion(longer)
    return None


def _ratios(word: str, pool: tuple[str, ...], cutoff: float) -> list[tuple[float, str]]:
    """difflib.get_close_matches, keeping every score: ties must be seen to be refused."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    scored = []
    for candidate in pool:
        matcher.set_seq1(candidate)
        if (
            matcher.real_quick_ratio() >= cutoff
            and matcher.quick_ratio() >= cutoff
            and (score := matcher.ratio()) >= cutoff
        ):
            scored.append((score, candidate))
    return scored


def closest(word: str, candidates: Iterable[str], cutoff: float = _CUTOFF) -> str | None:
    """The candidate most like `word`, or None when nothing is close enough."""
    found = best(word, candidates, cutoff)
    return found.word if found else None


class Names:
    """Items' names, as people retype them (any case, any spacing), with their ids."""

    def __init__(self, named: Iterable[tuple[str, str]]) -> None:
        self.ids: dict[str, set[str]] = {}
        for name, item_id in named:
            self.ids.setdefault(normal_name(name), set()).add(item_id)
        self.pool = Pool(self.ids)


def by_name(text: str, names: Names, *, close: bool = True) -> Suggestion | None:
    """The ids of the items named `text`, or (`close`) of the closest name."""
    wanted = normal_name(text)
    if wanted in names.ids:
        found: Suggestion | None = Suggestion((wanted,))
    else:
        found = best(wanted, names.pool, cutoff=0.8) if close else None
    if found is None:
        return None
    return Suggestion(tuple(sorted({i for name in found.words for i in names.ids[name]})))


def reference(ref: str, ids: Pool, names: Names) -> Suggestion | None:
    """The id a reference that matches none most likely meant.

    People write an item's name where its id belongs (`[Mid-market ops teams]`), so an
    exact name comes first, then the id its slug is, the closest id, the closest name.
    """
    slug = slugify(ref)
    at = bisect.bisect_left(ids, slug)
    is_id = slug != ref and at < len(ids) and ids[at] == slug
    return (
        by_name(ref, names, close=False)
        or (Suggestion((slug,)) if is_id else None)
        or best(slug or ref, ids)
        or by_name(ref, names)
    )


def normal_name(name: str) -> str:
    """A name as compared: case and spacing do not count."""
    return " ".join(name.casefold().split())


def slugify(text: str) -> str:
    """The id a human most likely meant: `Onboarding Call` -> `onboarding-call`."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.strip().lower()).strip("-_")[:64]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A ready-made hint sentence, or None."""
    found = best(word, candidates)
    return found.hint() if found else None
