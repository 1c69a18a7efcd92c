"""What a worker process sends back is what it built: file summaries survive pickling.

`validate` checks files in worker processes and merges their summaries
(`references.References`) in the parent; `Defined` and `Ref` pickle as plain
values and a journey's items cross packed (`csjourney.summarywire`) to keep
that cheap. Each must come back equal, with spans that are still `Span`s
(reports read `span.line`), and the checks across files must find the same
things from the copies.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from csjourney import semantics
from csjourney.deferreditems import DeferredItems
from csjourney.diagnostics import Span
from csjourney.loader import load_file
from csjourney.references import Defined, Ref, References, Uses, resolve
from csjourney.summarywire import unpacked_items

MAP = """\
csjourney: 1
segments:
  - {id: smb, name: Small business}
journey:
  id: j
  title: J
  segments: [smb, mid-market]
  stages:
    - id: onboarding
      name: Onboarding
      touchpoints:
        - {id: wizard, name: Setup wizard, channel: in-app, owner: growth}
        - {id: call, name: Kick-off call, channel: zoom-call}
      metrics:
        - {id: activation, name: Activated, type: activation, target: 60}
      initiatives:
        - {id: tour, name: Product tour, improves: [activaton, onboarding]}
"""


def _summary(tmp_path: Path) -> References:
    path = tmp_path / "journey.yaml"
    path.write_text(MAP, encoding="utf-8")
    loaded = load_file(path, explicit=True)
    assert loaded is not None and loaded.ok
    return semantics.summarize(loaded)[1]


def _round_trip(value: object) -> object:
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def test_defined_and_ref_come_back_equal_with_real_spans(tmp_path: Path) -> None:
    uses = _summary(tmp_path).used()
    assert uses.journey_items and uses.refs
    for original in [*uses.journey_items, *uses.refs]:
        copy = _round_trip(original)
        assert copy == original and type(copy) is type(original)
    for item in uses.journey_items:
        copy = _round_trip(item)
        assert isinstance(copy, Defined) and type(copy.span) is Span
    for ref in uses.refs:
        copy = _round_trip(ref)
        assert isinstance(copy, Ref) and type(copy.span) is Span
        assert copy.fix_span is None or type(copy.fix_span) is Span


def test_a_ref_without_a_fix_span_round_trips(tmp_path: Path) -> None:
    ref = _summary(tmp_path).used().refs[0]
    bare = Ref(ref.field, ref.value, ref.target, ref.span, None, True, False, True, False)
    assert _round_trip(bare) == bare


def test_the_checks_across_files_find_the_same_from_the_copies(tmp_path: Path) -> None:
    summary = _summary(tmp_path)
    found = resolve([summary], [])
    copied = _round_trip(summary)
    assert isinstance(copied, References)
    assert found  # the unknown segment, channel and metric are reported
    assert resolve([copied], []) == found
    assert [d.span for d in resolve([copied], [])] == [d.span for d in found]


def test_a_journeys_items_cross_packed_and_are_made_when_read(tmp_path: Path) -> None:
    uses = _summary(tmp_path).used()
    items = list(uses.journey_items)
    made: list[bytes] = []

    def make(packed: bytes) -> list[Defined]:
        made.append(packed)
        return unpacked_items(packed)

    copy = _round_trip(uses)
    assert isinstance(copy, Uses)
    deferred = copy.journey_items
    assert isinstance(deferred, DeferredItems)
    assert copy.refs == uses.refs and copy.journey_segments == uses.journey_segments
    # What crossed is one `bytes`: made into the items by the function it names.
    watched = DeferredItems(deferred._source, make)
    assert made == [] and watched == items and len(made) == 1
    assert deferred == items and items == deferred  # compares as the list it stands for
    assert len(deferred) == len(items) and deferred[0] == items[0]
    assert deferred[-2:] == items[-2:]
    assert [type(item.span) for item in deferred] == [Span] * len(items)
    assert {item.id for item in deferred} >= {"onboarding", "wizard", "call", "activation", "tour"}


def test_a_summary_crosses_again_unchanged(tmp_path: Path) -> None:
    uses = _summary(tmp_path).used()
    again = _round_trip(_round_trip(uses))
    assert again == uses
    assert _round_trip(Uses()) == Uses()
