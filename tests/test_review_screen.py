"""`cleantext review` as it reaches the screen: what the terminal shows, read back from it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.events import Key
from textual.strip import Strip

from cleantext.config import load_ruleset
from cleantext.review.app import ReviewApp
from cleantext.review.state import ReviewState

from .conftest import SEEDS
from .test_review import _ready

SEED_002 = next(SEEDS.glob("002_*.txt"))


def _screen(app: ReviewApp) -> list[Strip]:
    """The whole terminal as the app last drew it, one strip a row."""
    return app.screen._compositor.render_strips()


def _text(strip: Strip) -> str:
    return "".join(segment.text for segment in strip)


def _squash(text: str) -> str:
    """Text with the spaces and the selection bar left out (rows are compared without them)."""
    return "".join(text.replace("▌", "").split())


async def scrolled_rows(pilot, widget, count: Callable[[], int]) -> list[str]:  # type: ignore[no-untyped-def]
    """The rows of a scrolling widget's content (`count()` of them: rows are measured as they
    are drawn, so the count may change) as drawn on screen, scrolled through a page at a time,
    its borders and scrollbar left out."""
    region = widget.scrollable_content_region
    rows: dict[int, str] = {}
    top = 0
    while top < count():
        widget.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        shown = int(widget.scroll_y)
        screen = _screen(pilot.app)
        for y in range(region.height):
            rows[shown + y] = _text(screen[region.y + y].crop(region.x, region.right))
        top = shown + region.height
    return [rows[y] for y in range(count())]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 45)])
@pytest.mark.parametrize("mode", ["unified", "side by side"])
def test_every_character_of_every_changed_line_reaches_the_screen(
        tmp_path: Path, size: tuple[int, int], mode: str) -> None:
    asyncio.run(_every_character_reaches_the_screen(tmp_path, size, mode))


async def _every_character_reaches_the_screen(tmp_path: Path, size: tuple[int, int],
                                              mode: str) -> None:
    path = tmp_path / "002.txt"
    shutil.copy(SEED_002, path)
    app = ReviewApp(ReviewState([path], load_ruleset()))
    async with app.run_test(size=size) as pilot:
        await _ready(pilot)
        if mode == "side by side":
            await pilot.press("v")
            await pilot.pause()
        view = app.query_one("#diff")
        rows = await scrolled_rows(pilot, view, lambda: len(view.screen_rows))
        if mode == "unified":
            old = new = "".join(map(_squash, rows))
        else:
            halves = [row.split("│", 1) for row in rows if "│" in row]
            old = "".join(_squash(left) for left, _ in halves)
            new = "".join(_squash(right) for _, right in halves)
        review = app.state.files[0]
        assert len(review.hunks) > 20
        wrapped = 0
        for hunk in review.hunks:
            for number in range(hunk.old_start, hunk.old_end):
                line = _squash(review.old_lines[number])
                assert f"{number + 1}-{line}" in old, (number, line)
            for number in range(hunk.new_start, hunk.new_end):
                line = _squash(review.new_lines[number])
                assert f"{number + 1}+{line}" in new, (number, line)
                wrapped += len(line) * 2 > view.scrollable_content_region.width
        assert wrapped > 5  # the check covers lines that wrap


def test_fast_next_file_presses_keep_the_list_and_the_shown_file_together(tmp_path: Path) -> None:
    asyncio.run(_fast_next_file_presses(tmp_path))


async def _press_fast(app: ReviewApp, key: str, character: str, times: int, gap: float) -> None:
    """Send a key `times` times, `gap` seconds apart, as a held key does: without waiting for
    the screen to follow."""
    for _ in range(times):
        app.post_message(Key(key, character))
        await asyncio.sleep(gap)


async def _fast_next_file_presses(tmp_path: Path) -> None:
    paths = []
    for index in range(60):
        paths.append(tmp_path / f"f{index:02}.txt")
        paths[-1].write_text(f"第{index}段 文字,的\n", encoding="utf-8")
    app = ReviewApp(ReviewState(paths, load_ruleset()))
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        view, files = app.query_one("#diff"), app.query_one("#files")
        expected = 0
        for gap, times in ((0, 20), (0.0005, 15), (0.02, 10), (0, -5)):
            if times > 0:
                await _press_fast(app, "right_square_bracket", "]", times, gap)
            else:
                await _press_fast(app, "left_square_bracket", "[", -times, gap)
            expected += times
            await _ready(pilot)
            assert (app.current, files.highlighted) == (expected, expected)
            assert view.review is app.state.files[expected]
            assert view.title == app.state.name(expected)
            assert view.border_title.endswith(f"f{expected:02}.txt")
        await pilot.press("tab", "down", "down")  # moving in the file list opens the file
        await _ready(pilot)
        assert app.current == expected + 2 and view.review is app.state.files[expected + 2]
