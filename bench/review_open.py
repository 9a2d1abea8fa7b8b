"""How fast `cleantext review` opens and scrolls a large file (10 MB, ~150 000 lines of the seeds).

    .venv/bin/python bench/review_open.py [MEGABYTES]

Prints, from the app's start: time until the screen is up (the first frame
sent to the terminal: file list, loading indicator), until the first frame
with hunks in it (the file is cleaned a slice at a time in a worker
thread), and until it is fully cleaned. Then, in a second run, the time to
draw a full screen of diff rows at random places while the file is being
cleaned, and once it is (scrolling; this includes wrapping the rows drawn,
and measuring the blocks they are in the first time).
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rich.console import RenderableType  # noqa: E402
from textual.screen import Screen  # noqa: E402

from cleantext.config import load_ruleset  # noqa: E402
from cleantext.review.app import ReviewApp  # noqa: E402
from cleantext.review.state import ReviewState  # noqa: E402
from cleantext.review.widgets import DiffView  # noqa: E402


def big_text(megabytes: float) -> str:
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        parts.append(seeds[len(parts) % len(seeds)])
        size += len(parts[-1].encode("utf-8"))
    return "".join(parts)


def watch(stamps: dict[str, float]) -> None:
    """Note when the app first sends a frame to the terminal, and the first frame with hunks in
    the diff view (seconds since `stamps["start"]`)."""
    display = ReviewApp._display

    def _display(app: ReviewApp, screen: Screen[Any], renderable: RenderableType | None) -> None:
        if renderable is not None:
            now = time.perf_counter() - stamps["start"]
            stamps.setdefault("screen up", now)
            view = app.query(DiffView)
            if view and view.first().screen_rows and not view.first().loading:
                stamps.setdefault("first hunks shown", now)
        display(app, screen, renderable)

    ReviewApp._display = _display  # type: ignore[method-assign]


async def opening(path: Path) -> None:
    """How long until the screen, the first hunks and the whole file are there."""
    stamps = {"start": time.perf_counter()}
    watch(stamps)
    app = ReviewApp(ReviewState([path], load_ruleset()))
    async with app.run_test(size=(160, 50)):
        while "first hunks shown" not in stamps and app.state.jobs or app.state.files[0] is None:
            await asyncio.sleep(0.01)
        await app.workers.wait_for_complete()
        stamps["fully cleaned"] = time.perf_counter() - stamps["start"]
        review = app.state.files[0]
        assert review is not None
    for name in ("screen up", "first hunks shown", "fully cleaned"):
        print(f"{name + ':':<20}{stamps[name]:6.2f} s")
    print(f"({len(review.old_lines)} lines, {len(review.hunks)} hunks, "
          f"{len(review.changes)} changes)")


async def scrolling(path: Path) -> None:
    """How long drawing a screen takes while the file is cleaned, and once it is."""
    app = ReviewApp(ReviewState([path], load_ruleset()))
    async with app.run_test(size=(160, 50)) as pilot:
        view = app.query_one(DiffView)
        while view.screen_rows is None or not len(view.screen_rows):
            await asyncio.sleep(0.01)
        timings = await draws(view, 200, app.workers.wait_for_complete())
        print(f"draw a screen while cleaning: median {1000 * timings[len(timings) // 2]:5.1f} ms, "
              f"worst {1000 * timings[-1]:5.1f} ms over {len(timings)} draws")
        await pilot.pause()
        for mode in ("unified", "split"):
            if mode == "split":
                await pilot.press("v")
                await pilot.pause()
            rows = len(view.screen_rows)
            timings = await draws(view, 200)
            print(f"draw a screen ({mode:>7}): median {1000 * timings[100]:5.1f} ms, "
                  f"worst {1000 * timings[-1]:5.1f} ms over {rows} rows "
                  f"(now {len(view.screen_rows)} measured in part)")


async def draws(view: DiffView, count: int,
                until: Coroutine[Any, Any, None] | None = None) -> list[float]:
    """Times (sorted) to draw a screen at `count` random places; with `until`, only until it
    finishes, a draw every 50 ms, letting the app run between draws."""
    waiting = asyncio.ensure_future(until) if until is not None else None
    random.seed(1)
    timings = []
    for _ in range(count):
        if waiting is not None and waiting.done():
            break
        view.scroll_to(y=random.randrange(len(view.screen_rows)), animate=False, immediate=True)
        tick = time.perf_counter()
        for y in range(view.size.height):
            view.render_line(y)
        timings.append(time.perf_counter() - tick)
        if waiting is not None:
            await asyncio.sleep(0.05)
    if waiting is not None:
        await waiting
    return sorted(timings)


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    text = big_text(megabytes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.txt"
        path.write_text(text, encoding="utf-8")
        print(f"{path.stat().st_size / 1e6:.1f} MB, {text.count(chr(10))} lines")
        asyncio.run(opening(path))
        asyncio.run(scrolling(path))


if __name__ == "__main__":
    main()
