"""Sort the dev corpus's remaining character errors (relaxed CER) into classes.

    python bench/cer_classes.py                     # news and tech, per extractor
    python bench/cer_classes.py --corpus tech --show hyphen   # list one class's edits
    python bench/cer_classes.py --dir /tmp/news7 [--fold]     # a corpus laid out the same way

Aligns the relaxed cleaned text with the relaxed gold (tech folded, as `bench/devcorpus.py`
scores it), takes every edit that is not only line breaks (paragraph breaks are the layout
kinds' business) and counts its characters under the first class that fits:

- `moved`: four or more characters that stand elsewhere in the other text (reading order:
  a block the extractor put in the wrong place; no text cleaner can put it back);
- `doubled`: the cleaned text has a copy of gold text that stands right beside it (a fake-bold
  heading or line left doubled);
- `hyphen`: a hyphen of the gold missing (pdftotext drops the hyphen when a line ends in one);
- `convention`: the gold keeps a form the clean form writes otherwise (a translator's `３` or
  `验证.`, which cleantext writes `3`, `验证。`): no error by the clean form;
- `width`: the two sides are the same character in another width (`％`/`%`);
- `compat`: compatibility characters (Kangxi radicals, ligatures) on either side;
- `quotes`: one quote mark for another (a straight quote turned the wrong way);
- `marks`: one punctuation mark for another (`.`/`。`) or a mark missing or extra;
- `other`: the rest (mostly characters moved a short way by reading order);
- `breaks`: edits of line breaks only (paragraph breaks missing or extra; not sorted further).

The last row gives each class's share of the relaxed CER (its characters over the gold's).
Edits are counted as the longer of their two sides, so the sum is close to, not exactly,
the Levenshtein distance the scorer divides.
"""

from __future__ import annotations

import argparse
import collections
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devcorpus import CORPUS, _tool  # noqa: E402

CLASSES = (
    "moved", "doubled", "hyphen", "convention", "width", "compat", "quotes", "marks", "other",
    "breaks",
)  # fmt: skip
QUOTES = set("\"'“”‘’「」『』")


def _found(piece: str, text: str) -> bool:
    """Whether most of piece's 3-grams (or piece itself, if shorter) stand in text."""
    grams = [piece[i : i + 3] for i in range(max(1, len(piece) - 2))]
    return sum(gram in text for gram in grams) * 2 > len(grams)


def _compat(char: str) -> bool:
    """A Kangxi radical, a radicals-supplement character or a Latin ligature."""
    return 0x2E80 <= ord(char) <= 0x2FDF or 0xFB00 <= ord(char) <= 0xFB06


def _clean_form(cleaned: str, gold: str) -> bool:
    """`cleaned` is what the clean form writes for the gold's `gold`: a full-width digit
    half-width, a `.` after Chinese `。` (`TARGET_FORM.md` 5, 6)."""
    return (gold, cleaned) == (".", "。") or (
        "０" <= gold <= "９" and ord(cleaned) == ord(gold) - 0xFEE0
    )


def classify(hyp: str, gold: str, h: str, g: str, b1: int) -> str:
    """The class of one edit: `h` of the cleaned text stands where gold has `g` (at b1)."""
    h, g = h.replace("\n", ""), g.replace("\n", "")
    if len(h + g) >= 4:
        near = gold[max(0, b1 - len(h) - 8) : b1 + len(g) + len(h) + 8]
        if h and not g and _found(h, near.replace("\n", "")):
            return "doubled"
        if (h and _found(h, gold.replace("\n", ""))) or (g and _found(g, hyp.replace("\n", ""))):
            return "moved"
    elif h and not g and h in gold[max(0, b1 - 2 * len(h) - 4) : b1 + 2 * len(h) + 4]:
        return "doubled"
    if g == "-" and not h:
        return "hyphen"
    if h and len(h) == len(g) and all(_clean_form(a, b) for a, b in zip(h, g)):
        return "convention"
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
    parser.add_argument("--dir", type=Path, help="a corpus of your own: gold/, noisy/EXTRACTOR/")
    parser.add_argument("--fold", action="store_true", help="fold punctuation (with --dir)")
    args = parser.parse_args()
    from rapidfuzz.distance import Levenshtein

    import cleantext

    scorer, folder = _tool("score"), _tool("fold").fold
    if args.dir:
        jobs = [(args.dir.name, args.dir, args.fold)]
    else:
        names = ["news", "tech"] if args.corpus == "both" else [args.corpus]
        jobs = [(name, CORPUS / name, name == "tech") for name in names]
    for corpus, where, folded in jobs:
        fold = folder if folded else (lambda text: text)
        counts: dict[str, collections.Counter[str]] = {}
        gold_length = 0
        for noisy_dir in sorted(d for d in (where / "noisy").iterdir() if d.is_dir()):
            count = counts.setdefault(noisy_dir.name, collections.Counter())
            for path in sorted(noisy_dir.glob("*.txt")):
                gold = scorer.relax(fold((where / "gold" / path.name).read_text()))
                hyp = scorer.relax(fold(cleantext.clean(path.read_text(), ruleset=args.ruleset)))
                gold_length += len(gold)
                for tag, a1, a2, b1, b2 in Levenshtein.opcodes(hyp, gold):
                    h, g = hyp[a1:a2], gold[b1:b2]
                    if tag == "equal":
                        continue
                    if not (h + g).replace("\n", ""):
                        count["breaks"] += max(len(h), len(g))
                        continue
                    kind = classify(hyp, gold, h, g, b1)
                    count[kind] += max(len(h.replace("\n", "")), len(g.replace("\n", "")))
                    if kind == args.show:
                        context = f"{gold[max(0, b1 - 10) : b1]}[{h}|{g}]{gold[b2 : b2 + 10]}"
                        print(f"{corpus} {noisy_dir.name}/{path.name} {context!r}")
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
        cells = " | ".join(f"{total[c] / gold_length:.4f}" for c in CLASSES)
        print(f"| **CER share** | {cells} | {sum(total.values()) / gold_length:.4f} |")


if __name__ == "__main__":
    main()
