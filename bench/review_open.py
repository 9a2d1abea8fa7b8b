"""How fast `cleantext review` opens and scrolls a large file (10 MB, ~150 000 lines of the seeds).

    .venv/bin/python bench/review_open.py [MEGABYTES]

Prints: time until the screen is up (file list, loading indicator), time until
the file is cleaned and its diff shown (engine + hunks, in a worker thread),
and the time to draw a full screen of diff rows at random places (scrolling;
this includes wrapping the rows drawn, and measuring the blocks they are in
the first time).
"""

from __future__ import annotations

import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


async def measure(path: Path) -> None:
    start = time.perf_counter()
    app = ReviewApp(ReviewState([path], load_ruleset()))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        print(f"screen up:        {time.perf_counter() - start:6.2f} s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        review = app.state.files[0]
        assert review is not None
        print(f"diff shown:       {time.perf_counter() - start:6.2f} s  "
              f"({len(review.old_lines)} lines, {len(review.hunks)} hunks, {len(review.changes)} changes)")
        view = app.query_one(DiffView)
        for mode in ("unified", "split"):
            if mode == "split":
                await pilot.press("v")
                await pilot.pause()
            rows = len(view.screen_rows)
            random.seed(1)
            timings = []
            for _ in range(200):
                view.scroll_to(y=random.randrange(rows), animate=False, immediate=True)
                tick = time.perf_counter()
                for y in range(view.size.height):
                    view.render_line(y)
                timings.append(time.perf_counter() - tick)
            timings.sort()
            print(f"draw a screen ({mode:>7}): median {1000 * timings[100]:5.1f} ms, "
                  f"worst {1000 * timings[-1]:5.1f} ms over {rows} rows "
                  f"(now {len(view.screen_rows)} measured in part)")


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    text = big_text(megabytes)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.txt"
        path.write_text(text, encoding="utf-8")
        print(f"{path.stat().st_size / 1e6:.1f} MB, {text.count(chr(10))} lines")
        asyncio.run(measure(path))


if __name__ == "__main__":
    main()
