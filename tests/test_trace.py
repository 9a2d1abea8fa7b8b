"""The engine maps each rule's changes back to the input through the rules before it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.engine import _Stage


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
    stage = _Stage(edits)
    walked = [stage.to_inputs([pos], is_end)[0] for pos in positions]  # one at a time: the walk
    assert stage._between_edits(positions, is_end) == walked
    assert walked == sorted(walked)  # ascending in, ascending out


def test_a_position_inside_an_edit_maps_to_its_start_or_end() -> None:
    stage = _Stage([(2, 4, "X")])  # "ab??ef" → "abXef"
    assert stage.to_inputs([0, 2, 3, 4], False) == [0, 2, 4, 5]
    assert stage.to_inputs([2, 3], True) == [4, 4]
