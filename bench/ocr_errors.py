"""What the CER of cleaned OCR pages is made of: each edit of the relaxed text, by class.

    python bench/ocr_errors.py --noisy-dir DIR/noisy --gold-dir DIR/gold   # --ruleset ocr
    python bench/ocr_errors.py ... --ruleset default      # or raw: the text as the engine gave it

(DIR as `bench/make_ocr_corpus.py` makes it, e.g. `/tmp/fresh/inorder`.)

The cleaned text and the gold are relaxed as `bench/devcorpus.py` scores them, and
aligned by the Levenshtein opcodes of rapidfuzz, whose edits are the CER's numerator.
Each edited character gets one class:

- `order`: a run of four or more characters deleted here that stands inserted elsewhere
  (or the reverse): the engine read the columns in another order;
- `deleted` / `inserted` by character class (`han`, `mark`, `digit`, `latin`, `break`, a
  paragraph break): characters the engine lost, or junk it added;
- `look-alike`: one character replaced by another that `cleantext/data/lookalike.tsv.gz`
  lists as looking like it, `alone` when the rest of the word is right (a rule could
  see it), `in a run` when its neighbours are misread too;
- `other Han alone`: one Han character replaced by another the table does not list;
- `replaced` by class pair (`mark>mark`, `han>han` in a run, ...).

It prints the share of the edits per class and the commonest replaced pairs. Counting
the classes of held-out pages is fine; tuning rules on what it shows there is not.
"""

from __future__ import annotations

import argparse
import gzip
from collections import Counter
from pathlib import Path

from devcorpus import ROOT, _tool
from rapidfuzz.distance import Levenshtein

#: A run this long deleted in one place and inserted in another is reading order.
_MOVED = 4


def char_class(char: str) -> str:
    """`han`, `digit`, `latin`, `break` (a paragraph break) or `mark`.

    >>> [char_class(c) for c in "中1a\\n，"]
    ['han', 'digit', 'latin', 'break', 'mark']
    """
    if char == "\n":
        return "break"
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return "han"
    if char.isdigit():
        return "digit"
    return "latin" if char.isalpha() else "mark"


def lookalikes() -> dict[str, set[str]]:
    """Each character's look-alikes in the corrector's data (whole shape and by parts)."""
    pairs: dict[str, set[str]] = {}
    path = ROOT / "cleantext" / "data" / "lookalike.tsv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as data:
        for line in data:
            fields = line.rstrip("\n").split("\t")
            if fields[0] in ("c", "p"):
                pairs.setdefault(fields[1], set()).update(fields[2])
    return pairs


def classes(gold: str, cleaned: str, near: dict[str, set[str]]) -> tuple[Counter[str],
                                                                          Counter[str]]:
    """(edited characters per class, replaced pairs `gold+cleaned`) of two relaxed texts."""
    found: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    ops = [op for op in Levenshtein.opcodes(gold, cleaned) if op.tag != "equal"]
    inserted = "".join(cleaned[op.dest_start : op.dest_end] for op in ops)
    for op in ops:
        old, new = gold[op.src_start : op.src_end], cleaned[op.dest_start : op.dest_end]
        if op.tag == "delete":
            moved = old.replace("\n", "")
            if len(moved) >= _MOVED and moved in inserted:
                found["order"] += len(old)
            else:
                found.update(f"deleted {char_class(c)}" for c in old)
        elif op.tag == "insert":
            moved = new.replace("\n", "")
            if len(moved) >= _MOVED and moved in gold:
                found["order"] += len(new)
            else:
                found.update(f"inserted {char_class(c)}" for c in new)
        else:
            alone = len(old) == 1
            for a, b in zip(old, new, strict=True):
                pairs[a + b] += 1
                if b in near.get(a, ()) or a in near.get(b, ()):
                    found["look-alike " + ("alone" if alone else "in a run")] += 1
                elif alone and char_class(a) == char_class(b) == "han":
                    found["other Han alone"] += 1
                else:
                    found[f"replaced {char_class(a)}>{char_class(b)}"] += 1
    return found, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--noisy-dir", type=Path, required=True,
                        help="one folder of .txt files per engine")
    parser.add_argument("--gold-dir", type=Path, required=True)
    parser.add_argument("--ruleset", default="ocr", help="a rule set, or raw for no cleaning")
    parser.add_argument("--pairs", type=int, default=30, help="replaced pairs to show")
    args = parser.parse_args()
    import cleantext

    relax = _tool("score").relax
    near = lookalikes()
    total: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    gold_chars = 0
    for path in sorted(args.noisy_dir.glob("*/*.txt")):
        gold = relax((args.gold_dir / path.name).read_text(encoding="utf-8"))
        noisy = path.read_text(encoding="utf-8")
        text = noisy if args.ruleset == "raw" else cleantext.clean(noisy, ruleset=args.ruleset)
        found, replaced = classes(gold, relax(text), near)
        total.update(found)
        pairs.update(replaced)
        gold_chars += len(gold)
    edits = sum(total.values())
    print(f"{gold_chars} relaxed gold characters, {edits} edits, CER {edits / gold_chars:.4f}")
    for name, count in total.most_common():
        print(f"  {name:24} {count:6}  {count / edits:6.1%}")
    print("replaced (gold > cleaned):",
          ", ".join(f"{p[0]}>{p[1]} {n}" for p, n in pairs.most_common(args.pairs)))


if __name__ == "__main__":
    main()
