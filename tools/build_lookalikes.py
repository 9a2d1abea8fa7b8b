"""Build `cleantext/data/lookalike.tsv.gz`: the look-alikes and words `ocr-lookalike` uses.

    python tools/build_lookalikes.py [--min-similarity 0.8] [--per-char 4]

Sources, all installed locally (nothing is downloaded at run time of cleantext):
- words and their frequencies: jieba's `dict.txt` (PyPI `jieba`, MIT), plus the Chinese
  word list of `wordfreq` (PyPI, data CC BY-SA 4.0) for words jieba lacks (`算力`);
- look-alike characters: every character of GB2312 and of the common words is drawn with
  two Debian CJK fonts (`fonts-noto-cjk`: Noto Serif CJK SC and Noto Sans CJK SC) by
  Pillow; two characters look alike when their blurred bitmaps (less their mean: shape,
  not the amount of ink) have a cosine similarity of at least `--min-similarity` in both
  fonts and one is among the other's `--per-char` nearest. Pixels miss look-alikes whose
  parts move (`允`/`充`): the list is short of some, never long of strangers.

The file is text, gzipped: a header of `#` lines naming the sources, then
`c<TAB>abc` rows (the look-alikes of `c`, likest first), `w<TAB>word<TAB>count` rows (words
of one or two characters, counts per 100 million words) and `x<TAB>word<TAB>` rows (words
of three or four characters seen at least five times in 100 million words). Needs numpy,
Pillow, jieba and wordfreq (pip, not dependencies of cleantext).
"""

from __future__ import annotations

import argparse
import gzip
import io
import math
from pathlib import Path

import jieba
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from wordfreq import get_frequency_dict

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "cleantext" / "data" / "lookalike.tsv.gz"
FONTS = [("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
         ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)]
SIZE = 32


def han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def words() -> dict[str, float]:
    """Words of one to four Han characters → count per 100 million words."""
    counts: dict[str, float] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    rows = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
    total = sum(int(row[1]) for row in rows)
    for word, count, *_ in rows:
        if len(word) <= 4 and all(han(c) for c in word):
            counts[word] = int(count) * 1e8 / total
    for word, share in get_frequency_dict("zh").items():
        if 2 <= len(word) <= 4 and all(han(c) for c in word) and word not in counts:
            counts[word] = share * 1e8
    return counts


def bitmaps(chars: list[str], font_path: str, index: int) -> np.ndarray:
    """Each character drawn, blurred and flattened to a unit vector."""
    font = ImageFont.truetype(font_path, SIZE, index=index)
    rows = []
    for char in chars:
        image = Image.new("L", (SIZE + 4, SIZE + 4), 0)
        ImageDraw.Draw(image).text((2, 2), char, font=font, fill=255)
        image = image.filter(ImageFilter.GaussianBlur(1.5)).resize((18, 18), Image.BILINEAR)
        vector = np.asarray(image, dtype=np.float32).ravel()
        vector -= vector.mean()  # centred: shape, not the amount of ink
        rows.append(vector / (np.linalg.norm(vector) or 1.0))
    return np.stack(rows)


def lookalikes(chars: list[str], least: float, per_char: int) -> dict[str, str]:
    """Each character's nearest look-alikes, similar in every font."""
    sims = [bitmaps(chars, path, index) for path, index in FONTS]
    found: dict[str, str] = {}
    for start in range(0, len(chars), 1000):
        block = np.minimum(*[s[start:start + 1000] @ s.T for s in sims])
        for row, char in enumerate(chars[start:start + 1000]):
            block[row, start + row] = -1
            best = np.argsort(-block[row])[:per_char]
            near = "".join(chars[i] for i in best if block[row, i] >= least)
            if near:
                found[char] = near
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-similarity", type=float, default=0.7)
    parser.add_argument("--per-char", type=int, default=12)
    args = parser.parse_args()
    counts = words()
    gb = {bytes([a, b]).decode("gb2312") for a in range(0xB0, 0xF8) for b in range(0xA1, 0xFF)
          if not (a == 0xD7 and b > 0xF9)}
    chars = sorted({c for c in gb if han(c)} | {w for w in counts if len(w) == 1 and counts[w] > 1})
    near = lookalikes(chars, args.min_similarity, args.per_char)
    OUT.parent.mkdir(exist_ok=True)
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as out:
        out.write("# look-alike characters (Noto Serif/Sans CJK SC, fonts-noto-cjk; cosine >= "
                  f"{args.min_similarity}, {args.per_char} nearest) and word counts per 1e8\n")
        out.write("# words: jieba 0.42.1 dict.txt (MIT); wordfreq Chinese list (CC BY-SA 4.0)\n")
        for char in chars:
            if char in near:
                out.write(f"c\t{char}\t{near[char]}\n")
        for word, count in sorted(counts.items()):
            if len(word) <= 2:
                out.write(f"w\t{word}\t{max(1, math.ceil(count))}\n")
            elif count >= 5:
                out.write(f"x\t{word}\t\n")
    print(f"{len(near)} characters with look-alikes, {len(counts)} words → {OUT}")


if __name__ == "__main__":
    main()
