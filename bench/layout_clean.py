"""How cleantext treats text that is already clean: lines joined and content deleted.

    python bench/layout_clean.py PATH...                 # files or folders (*.txt) of clean text
    python bench/layout_clean.py --fortunes /usr/share/games/fortunes/tang300
    python bench/layout_clean.py --devcorpus             # the dev corpus gold (news and tech)

Each text is cleaned with the default rules. A line joined is a line break (or a run of them)
that a traced change removed (verse, dialogue, titles over author lines: none of them
should be); content deleted counts the Han, Latin and digit characters that
traced changes removed, per rule; changed characters are listed per rule. `--fortunes`
splits a fortune file at its `%` lines and drops the terminal colour codes around titles.
`--show N` prints the first N joined lines.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import cleantext

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "devcorpus"
_CONTENT = re.compile(r"[\w]", re.UNICODE)
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


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--fortunes", action="append", default=[])
    parser.add_argument("--devcorpus", action="store_true")
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    lines_in = joined = 0
    deleted: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    shown = 0
    texts = _texts(args)
    for name, text in texts:
        result = cleantext.clean_result(text)
        lines_in += len(_lines(text))
        for change in result.changes:
            if "\n" in change.before and "\n" not in change.after:
                joined += 1
                if shown < args.show:
                    shown += 1
                    before = text[max(0, change.start - 20):change.start].rsplit("\n", 1)[-1]
                    after = text[change.end:change.end + 20].split("\n", 1)[0]
                    print(f"joined by {change.rule}: {name}: {before}⏎{after}")
            changed[change.rule] += max(len(change.before), len(change.after))
            lost = len(_CONTENT.findall(change.before)) - len(_CONTENT.findall(change.after))
            if lost > 0:
                deleted[change.rule] += lost
    print(f"texts {len(texts)}, non-blank lines {lines_in}, lines joined {joined}")
    print("content characters deleted:",
          ", ".join(f"{rule} {n}" for rule, n in deleted.most_common()) or "0")
    print("characters changed, by rule:",
          ", ".join(f"{rule} {n}" for rule, n in changed.most_common()) or "0")


if __name__ == "__main__":
    main()
