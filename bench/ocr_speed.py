"""Throughput of `--ruleset ocr` against the default set, on the same text, one core.

    python bench/ocr_speed.py [--size-mb 4] [--ocr-dir DIR]

The text is `bench/throughput.py`'s corpus (the seeds' paragraphs in random order with
extraction noise), and, with `--ocr-dir`, the OCR pages that `bench/make_ocr_corpus.py`
made (all `*.txt` below DIR, repeated to the same size). Each rate is the better of two
untraced runs in this process, in MB of UTF-8 per CPU second; the look-alike data is
loaded before timing (it is loaded once per process). The last line is for scripts:
`ocr/default: X`.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleantext import clean  # noqa: E402
from cleantext.data import lookalike_data  # noqa: E402


def _throughput_corpus(size: int) -> str:
    spec = importlib.util.spec_from_file_location("throughput", ROOT / "bench" / "throughput.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.corpus_text(size))


def rate(text: str, ruleset: str) -> float:
    """MB/s of `clean(text, ruleset)`, the better of two runs."""
    clean(text[:10000], ruleset)  # rules loaded
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        clean(text, ruleset)
        best = min(best, time.process_time() - start)
    return len(text.encode("utf-8")) / 1e6 / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=4.0)
    parser.add_argument("--ocr-dir", type=Path)
    args = parser.parse_args()
    size = int(args.size_mb * 1e6)
    lookalike_data()
    texts = {"seeds corpus": _throughput_corpus(size)}
    if args.ocr_dir:
        paths = sorted(args.ocr_dir.rglob("*.txt"))
        pages = "\n\n".join(p.read_text(encoding="utf-8") for p in paths)
        texts["OCR pages"] = (pages * (1 + size // max(1, len(pages.encode("utf-8")))))
    ratios = []
    for name, text in texts.items():
        default, ocr = rate(text, "default"), rate(text, "ocr")
        ratios.append(ocr / default)
        print(f"{name}: default {default:.1f} MB/s, ocr {ocr:.1f} MB/s, "
              f"ocr/default {ocr / default:.2f}")
    print(f"ocr/default: {min(ratios):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
