"""Build `cleantext/data/lookalike.tsv.gz`: the look-alikes and words `ocr-lookalike` uses.

    python tools/build_lookalikes.py [--min-similarity 0.7] [--per-char 12]

Sources, all installed locally (nothing is downloaded at run time of cleantext):
- words and their frequencies: jieba's `dict.txt` (PyPI `jieba`, MIT), plus the Chinese
  word list of `wordfreq` (PyPI, data CC BY-SA 4.0) for words jieba lacks (`算力`);
- look-alike characters: every character of GB2312 and of the common words is drawn with
  two Debian CJK fonts (`fonts-noto-cjk`: Noto Serif CJK SC and Noto Sans CJK SC) by
  Pillow; two characters look alike when their blurred bitmaps (less their mean: shape,
  not the amount of ink) have a cosine similarity of at least `--min-similarity` in both
  fonts and one is among the other's `--per-char` nearest. That is done in two views
  (`VIEWS`): the whole shape (coarse bitmaps, among all the characters), and parts
  (finer bitmaps, among the common characters of GB2312 level 1), where a character is
  also compared drawn squeezed to the top, bottom, left or right `SQUEEZE` of its
  square, as a part of another one is (`允` in `充`, under `亠`; `从` in `垒`, over
  `土`): OCR drops or adds such a small part. Pixels still miss look-alikes whose
  strokes move (`同`/`回`): the lists are short of some, never long of strangers.

The file is text, gzipped: a header of `#` lines naming the sources, then
`c<TAB>abc` rows (the look-alikes of `c` by the whole shape, likest first), `p<TAB>abc`
rows (the same by parts), `w<TAB>word<TAB>count` rows (words
of one or two characters, counts per 100 million words) and `x<TAB>word<TAB>` rows (words
of three or four characters seen at least five times in 100 million words). Needs numpy,
Pillow, jieba and wordfreq (pip, not dependencies of cleantext).
"""

from __future__ import annotations

import argparse
import gzip
import io
import math
from collections.abc import Callable
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
#: The share of its square a character is squeezed into, to be compared as a part of
#: another (`允` in `充`).
SQUEEZE = 0.7
#: The two views compared, each (side of the shrunk square, blur before shrinking in pixels
#: of SIZE, whether squeezed characters count): the whole shape, and strokes and parts.
VIEWS = [(18, 1.5, False), (24, 1.0, True)]


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


def drawn(chars: list[str], font_path: str, index: int) -> list[Image.Image]:
    """Each character drawn white on black in a square of `SIZE` (and a margin)."""
    font = ImageFont.truetype(font_path, SIZE, index=index)
    images = []
    for char in chars:
        image = Image.new("L", (SIZE + 4, SIZE + 4), 0)
        ImageDraw.Draw(image).text((2, 2), char, font=font, fill=255)
        images.append(image)
    return images


def squeezed(image: Image.Image, side: str) -> Image.Image:
    """`image` shrunk to the `side` (t, b, l or r) `SQUEEZE` of its square, as a part of
    a character is drawn (`允` under the `亠` of `充`)."""
    width, height = image.size
    out = Image.new("L", image.size, 0)
    if side in "tb":
        part = image.resize((width, round(height * SQUEEZE)), Image.BILINEAR)
        out.paste(part, (0, 0 if side == "t" else height - part.size[1]))
    else:
        part = image.resize((round(width * SQUEEZE), height), Image.BILINEAR)
        out.paste(part, (0 if side == "l" else width - part.size[0], 0))
    return out


def vectors(images: list[Image.Image], grid: int, blur: float) -> np.ndarray:
    """Each image blurred, shrunk to `grid` pixels square and flattened to a unit vector."""
    rows = []
    for image in images:
        image = image.filter(ImageFilter.GaussianBlur(blur)).resize((grid, grid), Image.BILINEAR)
        vector = np.asarray(image, dtype=np.float32).ravel()
        vector -= vector.mean()  # centred: shape, not the amount of ink
        rows.append(vector / (np.linalg.norm(vector) or 1.0))
    return np.stack(rows)


def similarity(chars: list[str], pool: list[str], font_path: str, index: int,
               view: tuple[int, float, bool]) -> Callable[[int, int], np.ndarray]:
    """(start, end) → the similarity of `chars[start:end]` to each character of `pool` in
    one font and view (`VIEWS`): the cosine of their bitmaps, and with `squeeze` also of
    one drawn squeezed (`squeezed`) and the other, when that is more."""
    grid, blur, squeeze = view
    images = drawn(chars, font_path, index)
    at = {char: row for row, char in enumerate(chars)}
    columns = [at[char] for char in pool]
    plain = vectors(images, grid, blur)
    parts = [vectors([squeezed(image, side) for image in images], grid, blur)
             for side in ("tblr" if squeeze else "")]

    def rows(start: int, end: int) -> np.ndarray:
        block = plain[start:end] @ plain[columns].T
        for part in parts:
            np.maximum(block, part[start:end] @ plain[columns].T, out=block)
            np.maximum(block, plain[start:end] @ part[columns].T, out=block)
        return block

    return rows


def lookalikes(chars: list[str], pool: list[str], least: float, per_char: int,
               view: tuple[int, float, bool]) -> dict[str, str]:
    """Each character's nearest look-alikes among `pool` in one view, similar in every
    font."""
    fonts = [similarity(chars, pool, path, index, view) for path, index in FONTS]
    found: dict[str, str] = {}
    for start in range(0, len(chars), 1000):
        end = min(start + 1000, len(chars))
        block = np.minimum(*[rows(start, end) for rows in fonts])
        for row, char in enumerate(chars[start:end]):
            best = [i for i in np.argsort(-block[row])[: per_char + 1] if pool[i] != char]
            near = "".join(pool[i] for i in best[:per_char] if block[row, i] >= least)
            if near:
                found[char] = near
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-similarity", type=float, default=0.7)
    parser.add_argument("--per-char", type=int, default=12)
    args = parser.parse_args()
    counts = words()
    gb = {bytes([a, b]).decode("gb2312"): a < 0xD8 for a in range(0xB0, 0xF8)
          for b in range(0xA1, 0xFF) if not (a == 0xD7 and b > 0xF9)}
    chars = sorted({c for c in gb if han(c)} | {w for w in counts if len(w) == 1 and counts[w] > 1})
    common = sorted(char for char, first in gb.items() if first)  # GB2312 level 1
    whole = lookalikes(chars, chars, args.min_similarity, args.per_char, VIEWS[0])
    parts = lookalikes(chars, common, args.min_similarity, args.per_char, VIEWS[1])
    near = len(set(whole) | set(parts))
    OUT.parent.mkdir(exist_ok=True)
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as raw, \
            io.TextIOWrapper(raw, encoding="utf-8") as out:
        out.write("# look-alike characters (Noto Serif/Sans CJK SC, fonts-noto-cjk; cosine >= "
                  f"{args.min_similarity}, also squeezed to {SQUEEZE}, {args.per_char} nearest)"
                  " and word counts per 1e8\n")
        out.write("# words: jieba 0.42.1 dict.txt (MIT); wordfreq Chinese list (CC BY-SA 4.0)\n")
        for char in chars:
            if char in whole:
                out.write(f"c\t{char}\t{whole[char]}\n")
            if char in parts:
                out.write(f"p\t{char}\t{parts[char]}\n")
        for word, count in sorted(counts.items()):
            if len(word) <= 2:
                out.write(f"w\t{word}\t{max(1, math.ceil(count))}\n")
            elif count >= 5:
                out.write(f"x\t{word}\t\n")
    print(f"{near} characters with look-alikes, {len(counts)} words → {OUT}")


if __name__ == "__main__":
    main()
