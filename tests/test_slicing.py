"""The pipe filter's own path: where the slicer cuts, and the UTF-8 the filter writes.

The slicer's search for a safe cut (`chunks._last_safe`) must find what the regex it
replaced (`chunks._SAFE`, searched from the end) finds, and the UTF-8 stream the filter
writes (`Cleaner.stream_utf8`) must be `Cleaner.stream`'s text encoded, slice by slice,
parts left alone, gaps and all.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleantext import Cleaner
from cleantext.chunks import _SAFE, SPACE, TextReader, _last, _last_safe, split
from cleantext.config import load_ruleset
from cleantext.formats import adapt

#: White space of every kind, sentence ends, closers after them, and other text.
CUT_ALPHABET = ["\n", "\n", "\n", " ", "\r", "\u3000", "\t", "。", "」", "文", "a", "!", "”", "."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CUT_ALPHABET), max_size=40).map("".join), st.integers(0, 42))
@example("一。\n\n二\n\n三。\n \n", 0)  # the last run ends the buffer: the one before
@example("文。\n\n\nx", 2)  # a run that starts at `start`, after a sentence end before it
@example("文。\n\n\nx", 3)  # one that starts before `start`: no cut
def test_safe_cut_is_the_regex_one(text: str, start: int) -> None:
    assert _last_safe(text, start) == _last(_SAFE, text, start)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CUT_ALPHABET + ["文字。\n\n", "\n" * 40]), max_size=60)
       .map("".join), st.sampled_from([4, 16, 64]))
def test_slices_put_together_are_the_text(text: str, target: int) -> None:
    pieces = list(split(text, target))
    assert "".join(gap + piece for gap, piece in pieces) == text
    assert pieces[-1][1] == "" and all(piece for _, piece in pieces[:-1])
    assert all(piece == piece.rstrip(SPACE) for _, piece in pieces)
    assert all(gap.strip(SPACE) == "" for gap, _ in pieces)


STREAM_PIECES = [
    "在 2025 年,创新。", "中国\n", "。\n\n", "\n", "  ", "\u3000", "“引文”", "...",
    "# cleantext: off\n", "<!-- cleantext: on -->\n", "A  b\n", "\r\n", "１２",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(STREAM_PIECES), max_size=40).map("".join),
       st.sampled_from([16, 64, 1 << 17]), st.sampled_from(["text", "markdown"]))
@example("一。\n\n" * 20 + "# cleantext: off\nx  y\n# cleantext: on\n\n二。\n", 16, "text")
def test_utf8_stream_is_the_text_stream_encoded(text: str, target: int, format: str) -> None:
    rules = load_ruleset()
    expected = "".join(adapt(Cleaner(rules, target), format).stream(TextReader(text)))
    utf8 = adapt(Cleaner(rules, target), format).stream_utf8(io.StringIO(text, newline=""))
    assert b"".join(utf8) == expected.encode("utf-8")


class _Trickle:
    """A stream whose reads give as many characters as `sizes` says in turn, more or fewer
    than asked (`StreamText` decodes a block of bytes: a third as many Chinese characters,
    as many ASCII ones)."""

    def __init__(self, text: str, sizes: list[int]) -> None:
        self.text, self.sizes, self.at, self.turn = text, sizes, 0, 0

    def read(self, size: int = -1, /) -> str:
        step = self.sizes[self.turn % len(self.sizes)]
        self.turn += 1
        start, self.at = self.at, min(len(self.text), self.at + step)
        return self.text[start : self.at]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(CUT_ALPHABET + ["文字。\n\n", "\n" * 40]), max_size=80)
       .map("".join), st.sampled_from([4, 16, 64]),
       st.lists(st.integers(1, 200), min_size=1, max_size=5))
def test_slices_are_the_texts_not_the_reads(text: str, target: int, sizes: list[int]) -> None:
    """`cleantext -` (a file read by bytes) and `clean()` (a string) cut the same text in
    the same places, so they clean it alike: the slices depend on the text alone."""
    from cleantext.chunks import slices

    assert list(slices(_Trickle(text, sizes), target)) == list(split(text, target))



class _Refusing:
    """A `Cleaner` step that fails the test if the rules run."""

    @property
    def chain(self) -> None:
        raise AssertionError("the rules ran")

    def run(self, text: str) -> str:
        raise AssertionError("the rules ran")

    def traced(self, *args: object) -> str:
        raise AssertionError("the rules ran")


def test_a_slice_found_settled_comes_back_without_the_rules_and_only_it() -> None:
    """A slice a `Cleaner` found settled (one of the last few) is given back without running
    the rules again, traced or not; a slice of the same length and ends but another middle
    is cleaned as any other."""
    cleaner = Cleaner(load_ruleset())
    head = "近年来，西宁开发区始终将科技创新作为推动本地区经济高质量发展的核心引擎，"
    tail = "，为传统产业升级、新兴产业发展壮大注入源源不断的科技活水和发展动力。\n"
    settled, other = f"{head}锚定培育创新主体{tail}", f"{head}锚定培育创新平台{tail}"
    assert cleaner.run(settled).text == settled
    cleaner.steps = [_Refusing()]  # type: ignore[list-item]
    assert cleaner.run(settled).text == cleaner.run(settled, trace=False).text == settled
    with pytest.raises(AssertionError, match="the rules ran"):
        cleaner.run(other)
