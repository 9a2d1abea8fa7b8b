"""The engine maps each rule's changes back to the input through the rules before it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.engine import Stage, _Trace


@st.composite
def stage_and_positions(draw: st.DrawFn) -> tuple[list[tuple[int, int, str]], list[int], int]:
    """Non-overlapping edits of a text of `size` characters, and ascending output positions."""
    size = draw(st.integers(0, 60))
    cuts = sorted(draw(st.lists(st.integers(0, size), max_size=12)))
    edits = [(a, b, draw(st.text("xy", max_size=3))) for a, b in zip(cuts[::2], cuts[1::2])]
    out_size = size + sum(len(new) - (b - a) for a, b, new in edits)
    positions = sorted(draw(st.lists(st.integers(0, out_size), max_size=80)))
    return edits, positions, out_size


@settings(max_examples=300, deadline=None)
@given(stage_and_positions(), st.booleans())
def test_positions_between_few_edits_map_as_the_walk_over_every_edit_does(
    case: tuple[list[tuple[int, int, str]], list[int], int], is_end: bool
) -> None:
    edits, positions, _ = case
    stage = Stage(edits)
    walked = [stage.to_inputs([pos], is_end)[0] for pos in positions]  # one at a time: the walk
    assert stage._between_edits(positions, is_end) == walked
    assert walked == sorted(walked)  # ascending in, ascending out


def test_a_position_inside_an_edit_maps_to_its_start_or_end() -> None:
    stage = Stage([(2, 4, "X")])  # "ab??ef" → "abXef"
    assert stage.to_inputs([0, 2, 3, 4], False) == [0, 2, 4, 5]
    assert stage.to_inputs([2, 3], True) == [2, 4]  # a span that ends at X takes none of it


def test_a_later_change_takes_in_no_edit_it_only_touches() -> None:
    """A heading drawn twice on two lines: unwrap deletes the break between the copies, then
    fake-bold the second copy. The removal is the copy's place, not the break with it
    (`--safe` reads what a span covers as the rule's), and neither rule claims the other's
    characters; an insertion where a rule deleted is a point, not the deleted text."""
    trace = _Trace()
    assert [c[1:3] for c in trace.record("unwrap", "标题\n标题", [(2, 3, "")], 0)] == [(2, 3)]
    (removal,) = trace.record("fake-bold", "标题标题", [(2, 4, "")], 0)
    assert (removal.start, removal.end, removal.before) == (3, 5, "标题")
    trace = _Trace()
    list(trace.record("b", "ab", [(1, 2, "B")], 0))
    (change,) = trace.record("a", "aB", [(0, 1, "")], 0)
    assert (change.start, change.end) == (0, 1)
    (insertion,) = _Trace().record("c", "ab", [(1, 1, "x")], 0)
    trace = _Trace()
    list(trace.record("d", "a\nb", [(1, 2, "")], 0))
    (insertion,) = trace.record("c", "ab", [(1, 1, "x")], 0)
    assert insertion.start == insertion.end == 1
