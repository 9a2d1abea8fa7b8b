"""Score cleantext on the dev corpus in one process: per extractor and per script.

    python bench/devcorpus.py                       # news and tech, default rules
    python bench/devcorpus.py --corpus tech --ruleset ocr --extractors pymupdf
    python bench/devcorpus.py --noisy-dir DIR --gold-dir DIR   # any corpus laid out the same way
    python bench/devcorpus.py --raw                 # the raw input, as if cleaned by `cat`

The metrics are those of `../shared/devcorpus/tools/score.py` (imported from there):
strict and relaxed CER, paragraph P/R/F1, micro-averaged. Tech is scored with
punctuation conventions folded on both sides (`tools/fold.py`), as its README says.
Cleaning runs in this process (`cleantext.clean`), so a run of both corpora takes about
a minute instead of starting a process per file. Needs rapidfuzz (`pip install '.[bench]'`).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "devcorpus"


def _tool(name: str) -> ModuleType:
    """A module of the dev corpus's tools folder."""
    spec = importlib.util.spec_from_file_location(name, CORPUS / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _script(corpus: str, name: str) -> str:
    """Tech passages 031–040 are Traditional; the rest Simplified."""
    return "Traditional" if corpus == "tech" and int(name[:3]) > 30 else "Simplified"


def score(
    corpus: str, noisy_dir: Path, gold_dir: Path, clean: Any, extractors: list[str], fold: bool
) -> list[dict[str, Any]]:
    """One row per noisy file with the scorer's measures of the raw and the cleaned text."""
    scorer = _tool("score")
    folder = _tool("fold").fold if fold else (lambda text: text)
    rows = []
    for extractor in sorted(d.name for d in noisy_dir.iterdir() if d.is_dir()):
        if extractors and extractor not in extractors:
            continue
        for path in sorted((noisy_dir / extractor).glob("*.txt")):
            gold = folder((gold_dir / path.name).read_text(encoding="utf-8"))
            noisy = path.read_text(encoding="utf-8")
            gold_rel = scorer.relax(gold)
            rows.append(
                {
                    "extractor": extractor,
                    "file": path.name,
                    "rc": 0,
                    "seconds": 0.0,
                    "script": _script(corpus, path.name),
                    "gold_len": len(gold),
                    "gold_relaxed_len": len(gold_rel),
                    "raw": scorer.measure(folder(noisy), gold, gold_rel),
                    "cmd": scorer.measure(folder(clean(noisy)), gold, gold_rel),
                }
            )
    return rows


def table(title: str, groups: dict[str, list[dict[str, Any]]], side: str) -> str:
    """A Markdown table: strict and relaxed CER and paragraph P/R/F1 per group."""
    summarize = _tool("score").summarize
    lines = [
        f"**{title}**",
        "",
        "| group | files | strict CER | relaxed CER | paragraph P / R / F1 |",
        "|---|---|---|---|---|",
    ]
    for name, rows in groups.items():
        s = summarize(rows)[side]
        lines.append(
            f"| {name} | {len(rows)} | {s['strict_cer']:.4f} | {s['relaxed_cer']:.4f} | "
            f"{s['par_precision']:.3f} / {s['par_recall']:.3f} / {s['par_f1']:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=["news", "tech", "both"], default="both")
    parser.add_argument("--noisy-dir", type=Path, help="a corpus of your own (with --gold-dir)")
    parser.add_argument("--gold-dir", type=Path)
    parser.add_argument("--fold", action="store_true", help="fold punctuation (own corpus)")
    parser.add_argument("--ruleset", default="default")
    parser.add_argument("--extractors", default="", help="comma-separated subset")
    parser.add_argument("--raw", action="store_true", help="score the raw input instead")
    args = parser.parse_args()
    import cleantext

    def clean(text: str) -> str:
        return cleantext.clean(text, ruleset=args.ruleset)

    extractors = [e for e in args.extractors.split(",") if e]
    side = "raw" if args.raw else "cmd"
    if args.noisy_dir:
        if not args.gold_dir:
            sys.exit("--noisy-dir needs --gold-dir")
        jobs = [("own", args.noisy_dir, args.gold_dir, args.fold)]
    else:
        names = ["news", "tech"] if args.corpus == "both" else [args.corpus]
        jobs = [(n, CORPUS / n / "noisy", CORPUS / n / "gold", n == "tech") for n in names]
    for corpus, noisy_dir, gold_dir, fold in jobs:
        rows = score(corpus, noisy_dir, gold_dir, clean, extractors, fold)
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(row["extractor"], []).append(row)
        for script in ("Simplified", "Traditional"):
            picked = [row for row in rows if row["script"] == script]
            if picked and len({row["script"] for row in rows}) > 1:
                groups[script] = picked
        groups["**overall**"] = rows
        label = "raw input" if args.raw else f"cleantext --ruleset {args.ruleset}"
        print(table(f"{corpus}{' (folded)' if fold else ''}, {label}", groups, side) + "\n")


if __name__ == "__main__":
    main()
