"""Score cleantext on the seeds against the gold: character error rate, strict and relaxed.

    python bench/score.py [--gold DIR] [--seeds DIR] [--cleaned DIR] [--ruleset NAME]

CER = Levenshtein distance / gold length. *Strict* compares the texts as they
are; *relaxed* removes all white space except paragraph breaks and counts a
run of newlines as one. The last lines are meant for scripts:
`score 000_…: strict X% relaxed Y%` and `score mean: strict X% relaxed Y%`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext import clean  # noqa: E402


def levenshtein(a: str, b: str) -> int:
    """Edit distance by Myers' bit-parallel algorithm (Python ints as bit vectors).

    >>> levenshtein("kitten", "sitting")
    3
    """
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    masks: dict[str, int] = {}
    for i, char in enumerate(b):
        masks[char] = masks.get(char, 0) | (1 << i)
    full = (1 << len(b)) - 1
    high = 1 << (len(b) - 1)
    vp, vn, score = full, 0, len(b)
    for char in a:
        eq = masks.get(char, 0)
        xv = eq | vn
        xh = (((eq & vp) + vp) ^ vp) | eq
        hp = vn | ~(xh | vp) & full
        hn = vp & xh
        if hp & high:
            score += 1
        elif hn & high:
            score -= 1
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = hn | ~(xv | hp) & full
        vn = hp & xv
    return score


_SPACE = regex.compile(r"[^\S\n]+")
_NEWLINES = regex.compile(r"\n+")


def relaxed(text: str) -> str:
    """All white space removed except paragraph breaks; a run of newlines counts as one."""
    return _NEWLINES.sub("\n", _SPACE.sub("", text)).strip("\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "seeds-gold")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--cleaned", type=Path, metavar="DIR",
                        help="score the files already cleaned into DIR instead of cleaning "
                             "the seeds")
    parser.add_argument("--ruleset", default="default",
                        help="shipped rule set or file (default: default)")
    args = parser.parse_args()
    golds = sorted(args.gold.glob("*.txt"))
    if not golds:
        print(f"score: no gold files in {args.gold}", file=sys.stderr)
        return 2
    print(f"{'seed':<26} {'gold chars':>10} {'raw relaxed':>12} {'strict':>8} {'relaxed':>8}")
    totals = [0.0, 0.0]
    for gold_path in golds:
        gold = gold_path.read_text(encoding="utf-8")
        raw = (args.seeds / gold_path.name).read_text(encoding="utf-8")
        if args.cleaned:
            out = (args.cleaned / gold_path.name).read_text(encoding="utf-8")
        else:
            out = clean(raw, args.ruleset)
        raw_relaxed = levenshtein(relaxed(raw), relaxed(gold)) / len(relaxed(gold))
        strict = levenshtein(out, gold) / len(gold)
        loose = levenshtein(relaxed(out), relaxed(gold)) / len(relaxed(gold))
        totals[0] += strict
        totals[1] += loose
        print(f"{gold_path.stem:<26} {len(gold):>10} {raw_relaxed:>11.2%} "
              f"{strict:>8.2%} {loose:>8.2%}")
    count = len(golds)
    print(f"score mean: strict {totals[0] / count:.2%} relaxed {totals[1] / count:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
