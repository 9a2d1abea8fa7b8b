"""Sort the dev corpus's remaining character errors (relaxed CER) into classes.

    python bench/cer_classes.py                     # news and tech, per extractor
    python bench/cer_classes.py --corpus tech --show hyphen   # list one class's edits

Aligns the relaxed cleaned text with the relaxed gold (tech folded, as `bench/devcorpus.py`
scores it), takes every edit that is not only line breaks (paragraph breaks are the layout
kinds' business) and counts its characters under the first class that fits:

- `moved`: four or more characters that stand elsewhere in the other text (reading order:
  a block the extractor put in the wrong place; no text cleaner can put it back);
- `doubled`: the cleaned text has a copy of gold text that stands right beside it (a fake-bold
  heading or line left doubled);
- `hyphen`: a hyphen of the gold missing (pdftotext drops the hyphen when a line ends in one);
- `width`: the two sides are the same character in another width (`３`/`3`, `％`/`%`);
- `compat`: compatibility characters (Kangxi radicals, ligatures) on either side;
- `quotes`: one quote mark for another (a straight quote turned the wrong way);
- `marks`: one punctuation mark for another (`.`/`。`) or a mark missing or extra;
- `other`: the rest (mostly characters moved a short way by reading order).
"""

from __future__ import annotations

import argparse
import collections
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devcorpus import CORPUS, _tool  # noqa: E402

CLASSES = ("moved", "doubled", "hyphen", "width", "compat", "quotes", "marks", "other")
QUOTES = set("\"'“”‘’「」『』")


def _found(piece: str, text: str) -> bool:
    """Whether most of piece's 3-grams (or piece itself, if shorter) stand in text."""
    grams = [piece[i : i + 3] for i in range(max(1, len(piece) - 2))]
    return sum(gram in text for gram in grams) * 2 > len(grams)


def _compat(char: str) -> bool:
    """A Kangxi radical, a radicals-supplement character or a Latin ligature."""
    return 0x2E80 <= ord(char) <= 0x2FDF or 0xFB00 <= ord(char) <= 0xFB06


def classify(hyp: str, gold: str, h: str, g: str, b1: int) -> str:
    """The class of one edit: `h` of the cleaned text stands where gold has `g` (at b1)."""
    h, g = h.replace("\n", ""), g.replace("\n", "")
    if len(h + g) >= 4:
        near = gold[max(0, b1 - 2 * len(h) - 24) : b1 + len(g) + 2 * len(h) + 24]
        if h and not g and _found(h, near.replace("\n", "")):
            return "doubled"
        if (h and _found(h, gold.replace("\n", ""))) or (g and _found(g, hyp.replace("\n", ""))):
            return "moved"
    elif h and not g and h in gold[max(0, b1 - 2 * len(h) - 4) : b1 + 2 * len(h) + 4]:
        return "doubled"
    if g == "-" and not h:
        return "hyphen"
    if (
        h
        and g
        and len(h) == len(g)
        and unicodedata.normalize("NFKC", h) == unicodedata.normalize("NFKC", g)
    ):
        return "compat" if any(_compat(c) for c in h + g) else "width"
    if set(h + g) <= QUOTES:
        return "quotes"
    if all(unicodedata.category(c)[0] == "P" or unicodedata.category(c) == "So" for c in h + g):
        return "marks"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=["news", "tech", "both"], default="both")
    parser.add_argument("--ruleset", default="default")
    parser.add_argument("--show", choices=CLASSES, help="print every edit of this class")
    args = parser.parse_args()
    from rapidfuzz.distance import Levenshtein

    import cleantext

    scorer, folder = _tool("score"), _tool("fold").fold
    for corpus in ["news", "tech"] if args.corpus == "both" else [args.corpus]:
        fold = folder if corpus == "tech" else (lambda text: text)
        counts: dict[str, collections.Counter[str]] = {}
        for noisy_dir in sorted(d for d in (CORPUS / corpus / "noisy").iterdir() if d.is_dir()):
            count = counts.setdefault(noisy_dir.name, collections.Counter())
            for path in sorted(noisy_dir.glob("*.txt")):
                gold = scorer.relax(fold((CORPUS / corpus / "gold" / path.name).read_text()))
                hyp = scorer.relax(fold(cleantext.clean(path.read_text(), ruleset=args.ruleset)))
                for tag, a1, a2, b1, b2 in Levenshtein.opcodes(hyp, gold):
                    h, g = hyp[a1:a2], gold[b1:b2]
                    if tag == "equal" or not (h + g).replace("\n", ""):
                        continue
                    kind = classify(hyp, gold, h, g, b1)
                    count[kind] += max(len(h.replace("\n", "")), len(g.replace("\n", "")))
                    if kind == args.show:
                        where = f"{gold[max(0, b1 - 10) : b1]}[{h}|{g}]{gold[b2 : b2 + 10]}"
                        print(f"{corpus} {noisy_dir.name}/{path.name} {where!r}")
        print(f"\n**{corpus}: characters in edits, by class**\n")
        print("| extractor | " + " | ".join(CLASSES) + " | all |")
        print("|---" * (len(CLASSES) + 2) + "|")
        total: collections.Counter[str] = collections.Counter()
        for name, count in counts.items():
            total.update(count)
            cells = " | ".join(str(count[c]) for c in CLASSES)
            print(f"| {name} | {cells} | {sum(count.values())} |")
        cells = " | ".join(str(total[c]) for c in CLASSES)
        print(f"| **all** | {cells} | {sum(total.values())} |")


if __name__ == "__main__":
    main()
