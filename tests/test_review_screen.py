"""`cleantext review` as it reaches the screen: what the terminal shows, read back from it."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
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


async def _diff_rows(pilot, view) -> list[str]:  # type: ignore[no-untyped-def]
    """Every row of the diff view's text area, scrolled through page by page, as drawn on screen
    (the borders and the scrollbar left out)."""
    region = view.scrollable_content_region
    rows: dict[int, str] = {}
    top = 0
    while top < len(view.screen_rows):
        view.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        shown = int(view.scroll_y)
        screen = _screen(pilot.app)
        for y in range(region.height):
            line = screen[region.y + y].crop(region.x, region.right)
            rows[shown + y] = _text(line)
        top = shown + region.height
    return [rows[y] for y in range(len(view.screen_rows))]


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
        rows = await _diff_rows(pilot, view)
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
