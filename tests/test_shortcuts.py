"""The cheap tests that the pure-Python kinds run before their real ones find exactly what the
real ones would: a shortcut for speed must never change what is cleaned."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.headings import LOSSY_HEAD
from cleantext.kinds.base import Literals
from cleantext.kinds.fakebold import _lossy_head
from cleantext.text import _CODE_HINT, _CODE_HINT_AT

SETTINGS = settings(max_examples=400, deadline=None)

#: What code hints are made of, and text around them.
CODE = st.text(alphabet="$(){}:=!<>&|\"'aF1_.+-/~ 中:", max_size=16)
#: Repeats near a line's start, as fake-bold headings that lost copies have them.
HEADS = st.text(alphabet="标题正文，。——、", min_size=4, max_size=20)


@SETTINGS
@given(CODE)
def test_a_line_holds_a_code_hint_where_the_quick_scan_finds_one(line: str) -> None:
    assert (_CODE_HINT_AT.search(line) is None) == (_CODE_HINT.search(line) is None)


@SETTINGS
@given(HEADS)
def test_lossy_head_is_a_repeat_of_two_characters_near_the_start(p: str) -> None:
    assert _lossy_head(p) == any(
        p.find(p[h : h + 2], h + 2) >= 0 for h in range(1, LOSSY_HEAD + 1))


@SETTINGS
@given(st.text(alphabet="ab.…。\n", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_literals_find_what_an_alternation_of_them_finds(text: str, first: int,
                                                          then: int) -> None:
    find = Literals("...", "。。。", "…").finder(text)
    pattern = re.compile(r"\.\.\.|。。。|…")
    for pos in sorted((first, then)):
        match = pattern.search(text, pos)
        assert find(pos) == (match.start() if match else -1)
