"""Mix poems and news prose at random and count the pieces cleantext joins together.

    python bench/verse_mix.py                   # 1000 mixes, seed 0
    python bench/verse_mix.py --mixes 5000 --seed 3 --show 5 --tight

Each mix is clean text: two to five pieces, a poem among them, each a poem of Debian's
`fortunes-zh` (a `tang300` or `song100` entry: title, author line and verse, colour codes
stripped) or a paragraph of the news gold of `../shared/devcorpus` (one line), apart by a
blank line (`--tight`: by a single line break, text one paragraph a line). Clean text
needs no joining; a traced change that removes the line break between two pieces (a verse
line run onto prose, or a paragraph onto a poem) and puts none back is damage. (Breaks
inside a poem are `clean_damage.py`'s to count: some entries hold a wrapped prose preface.)
Prints the mixes with such a join, per 1000, and `--show N` of them (the lines around it).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from clean_damage import FORTUNES, GOLD, fortunes  # noqa: E402

from cleantext import clean_result  # noqa: E402


def pieces() -> tuple[list[str], list[str]]:
    """(poems, news paragraphs): each poem its lines, stripped of blank lines at its ends."""
    poems = [text.strip("\n") for name, text in fortunes() if not name.startswith("chinese")]
    news = [
        line.strip()
        for path in sorted(GOLD.glob("news/gold/*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return poems, news


def mix(rng: random.Random, poems: list[str], news: list[str], gap: str
        ) -> tuple[str, list[int]]:
    """One clean text of two to five pieces, a poem among them, apart by `gap`; and where
    each gap between two pieces starts."""
    count = rng.randint(2, 5)
    chosen = [rng.choice(poems)]
    chosen += [rng.choice(poems if rng.random() < 0.3 else news) for _ in range(count - 1)]
    rng.shuffle(chosen)
    gaps, done = [], 0
    for piece in chosen[:-1]:
        done += len(piece)
        gaps.append(done)
        done += len(gap)
    return gap.join(chosen) + "\n", gaps


def joins(text: str, gaps: list[int]) -> list[str]:
    """The lines around each line break between two pieces (starting at one of `gaps`) that
    the default rules removed, `⏎` where it was."""
    found = []
    for change in clean_result(text).changes:
        if "\n" in change.before and "\n" not in change.after and any(
            change.start <= gap < change.end for gap in gaps
        ):
            start = max(text.rfind("\n", 0, change.start - 1) + 1, change.start - 60)
            end = text.find("\n", change.end)
            end = min(len(text) if end < 0 else end, change.end + 60)
            found.append(f"{change.rule}: " + text[start:end].replace("\n", "⏎"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mixes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=3)
    parser.add_argument("--tight", action="store_true",
                        help="pieces apart by one line break, not a blank line")
    args = parser.parse_args()
    if not FORTUNES.is_dir() or not GOLD.is_dir():
        print("verse_mix: needs fortunes-zh and ../shared/devcorpus", file=sys.stderr)
        return 2
    poems, news = pieces()
    rng = random.Random(args.seed)
    hurt = 0
    for number in range(args.mixes):
        found = joins(*mix(rng, poems, news, "\n" if args.tight else "\n\n"))
        if found:
            hurt += 1
            if hurt <= args.show:
                print(f"mix {number}:", *found[:3], sep="\n  ")
    print(f"{hurt} of {args.mixes} mixes with pieces joined "
          f"({1000 * hurt / max(args.mixes, 1):.1f} per 1000), seed {args.seed}"
          + (", tight" if args.tight else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
