"""What cleaning does to text that is already clean, and what `--safe` refuses.

    python bench/cleanclean.py                          # the dev corpus gold and noisy, the seeds
    python bench/cleanclean.py DIR_OR_FILE ... [--split '%'] [--ruleset zh-hans]

For each folder (its `*.txt` files) or file given, prints the documents cleaned,
the changes per rule, the Han, Latin and digit characters each rule deleted, the
line breaks lost, and the documents `--safe` would not write, by rule (with the
first message). `--split SEP` cuts a file into documents at lines that are only
SEP (fortune files). On clean text every figure but the changes should be 0;
on extractor output the refusals are what `--safe` keeps from being written.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext.config import load_ruleset  # noqa: E402
from cleantext.engine import Cleaner  # noqa: E402
from cleantext.safety import verify  # noqa: E402

CORPUS = ROOT.parent / "shared" / "devcorpus"
CONTENT = regex.compile(r"[\p{Han}\p{Latin}\p{Nd}]")
DEFAULT = [*sorted(CORPUS.glob("*/gold")), *sorted(CORPUS.glob("*/noisy/*")), ROOT / "seeds"]


def documents(path: Path, split: str | None) -> list[str]:
    """The documents of a folder's `*.txt` files or of one file, cut at `split` lines."""
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    texts = [file.read_text(encoding="utf-8") for file in files]
    if split is None:
        return texts
    marker = f"\n{split}\n"
    return [piece.strip("\n") + "\n" for text in texts for piece in text.split(marker)
            if piece.strip()]


def measure(texts: list[str], cleaner: Cleaner) -> str:
    changes: Counter[str] = Counter()
    deleted: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    first: dict[str, str] = {}
    breaks = 0
    for text in texts:
        result = cleaner.run(text)
        for change in result.changes:
            changes[change.rule] += 1
            lost = len(CONTENT.findall(change.before)) - len(CONTENT.findall(change.after))
            if lost > 0:
                deleted[change.rule] += lost
        breaks += max(0, text.strip().count("\n") - result.text.strip().count("\n"))
        problem = verify(text, result, cleaner)
        if problem:
            rule = problem.split("rule '", 1)[1].split("'", 1)[0] if "rule '" in problem else "?"
            refused[rule] += 1
            first.setdefault(rule, problem)
    lines = [f"  documents {len(texts)}, line breaks lost {breaks}",
             f"  changes per rule: {dict(changes.most_common())}",
             f"  Han/Latin/digit characters deleted per rule: {dict(deleted.most_common())}",
             f"  --safe refuses {sum(refused.values())}: {dict(refused.most_common())}"]
    lines += [f"    {rule}: {message[:200]}" for rule, message in first.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--split", help="cut files into documents at lines that are only this")
    parser.add_argument("--ruleset", default="default")
    args = parser.parse_args()
    cleaner = Cleaner(load_ruleset(args.ruleset))
    for path in args.paths:
        print(f"{path}:")
        print(measure(documents(path, args.split), cleaner))


if __name__ == "__main__":
    main()
