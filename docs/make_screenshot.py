"""Regenerate docs/review.svg: the review screen on a copy of seed 000, a few decisions made.

    .venv/bin/python docs/make_screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext.config import load_config  # noqa: E402
from cleantext.review.app import ReviewApp  # noqa: E402
from cleantext.review.state import ReviewState  # noqa: E402


async def shoot(out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        seed = next((ROOT / "seeds").glob("000_*.txt"))
        shutil.copy(seed, Path(folder) / "report.txt")
        os.chdir(folder)
        app = ReviewApp(ReviewState([Path("report.txt")], load_config(cwd=Path(folder)).rules))
        async with app.run_test(size=(120, 34)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("a", "r", "n")
            await pilot.pause()
            out.write_text(app.export_screenshot(title="cleantext review"), encoding="utf-8")


if __name__ == "__main__":
    target = ROOT / "docs" / "review.svg"
    asyncio.run(shoot(target))
    print(target)
