"""How fast Markdown is cleaned, against the same prose cleaned as text.

    python bench/markdown.py [--size-mb 1]

Builds a Markdown document from the throughput corpus (its paragraphs as
paragraphs, list items, block quotes and headings, with links, inline code
and fenced code among them) and prints, per CPU second, the rate of
`clean(format="markdown")` and of `clean()` on the same document, traced as
file runs are: `markdown MB/s: X (text Y, ratio Z)`. MB are 10**6 bytes of
UTF-8 input.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import MB, corpus_text  # noqa: E402

import cleantext  # noqa: E402


def document(size: int, seed: int = 0) -> str:
    """Markdown of about `size` bytes, its prose the throughput corpus's paragraphs."""
    chance = random.Random(seed)
    paragraphs = [p for p in corpus_text(size, seed).split("\n\n") if p.strip()]
    blocks: list[str] = []
    for paragraph in paragraphs:
        kind = chance.random()
        if kind < 0.1:
            blocks.append("## " + paragraph.split("\n")[0][:30])
        elif kind < 0.2:
            blocks.append('```python\nx = "中文, 测试"\nprint(x)\n```')
        elif kind < 0.3:
            blocks.append("- " + paragraph.replace("\n", "\n  "))
        elif kind < 0.4:
            blocks.append("> " + paragraph.replace("\n", "\n> "))
        else:
            blocks.append(paragraph.replace("。", "。见[文档](https://a.cn/x?a=1,2) `code`", 1))
    return "\n\n".join(blocks) + "\n"


def rate(text: str, format: str) -> float:
    """MB/s per CPU second of a traced cleaning, the better of two runs."""
    size = len(text.encode("utf-8")) / MB
    best = float("inf")
    for _ in range(2):
        start = time.process_time()
        cleantext.clean_result(text, format=format)
        best = min(best, time.process_time() - start)
    return size / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    args = parser.parse_args()
    text = document(int(args.size_mb * MB))
    markdown, plain = rate(text, "markdown"), rate(text, "text")
    print(f"markdown MB/s: {markdown:.2f} (text {plain:.2f}, ratio {markdown / plain:.2f})")


if __name__ == "__main__":
    main()
