"""Line breaks that cleaning removes from text that is already clean: lines joined.

    python bench/layout_clean.py PATH...                 # files or folders (*.txt) of clean text
    python bench/layout_clean.py --fortunes /usr/share/games/fortunes/tang300 --show 20
    python bench/layout_clean.py --devcorpus             # the dev corpus gold (news and tech)

Each text is cleaned with the default rules; a line joined is a traced change that
removes a line break (or a run of them) and puts none back: verse, dialogue, a title over
its author line should have none. `bench/cleanclean.py` counts the content each rule
deletes and the net change in line breaks; this counts every join, so a join is not
hidden by a blank line added elsewhere. `--fortunes` splits a fortune file at its `%`
lines and drops the terminal colour codes around titles; `--show N` prints the first N
joins with the text around them.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import cleantext

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "devcorpus"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _texts(args: argparse.Namespace) -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    for name in args.fortunes:
        raw = _ANSI.sub("", Path(name).read_text(encoding="utf-8"))
        texts += [(f"{name}#{i}", entry.strip("\n") + "\n")
                  for i, entry in enumerate(re.split(r"\n%\n", raw)) if entry.strip()]
    for name in args.paths:
        path = Path(name)
        files = sorted(path.rglob("*.txt")) if path.is_dir() else [path]
        texts += [(str(f), f.read_text(encoding="utf-8")) for f in files]
    if args.devcorpus:
        for corpus in ("news", "tech"):
            texts += [(str(f), f.read_text(encoding="utf-8"))
                      for f in sorted((CORPUS / corpus / "gold").glob("*.txt"))]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--fortunes", action="append", default=[])
    parser.add_argument("--devcorpus", action="store_true")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    lines = joined = 0
    texts = _texts(args)
    for name, text in texts:
        lines += sum(1 for line in text.split("\n") if line.strip())
        for change in cleantext.clean_result(text).changes:
            if "\n" in change.before and "\n" not in change.after:
                joined += 1
                if joined <= args.show:
                    before = text[max(0, change.start - 20):change.start].rsplit("\n", 1)[-1]
                    after = text[change.end:change.end + 20].split("\n", 1)[0]
                    print(f"joined by {change.rule}: {name}: {before}⏎{after}")
    print(f"texts {len(texts)}, non-blank lines {lines}, lines joined {joined}")


if __name__ == "__main__":
    main()
