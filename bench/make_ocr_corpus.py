"""Build an OCR development corpus from the dev corpus news articles: scanned-page noise.

    python bench/make_ocr_corpus.py OUT [--seed 777] [--first 0] [--articles 40] [--rapidocr 16]

Typesets the news gold articles as PDFs with the dev corpus's own tool
(`../shared/devcorpus/tools/make_pdfs_news.py`, a fresh layout `--seed`), renders each
page with `pdftoppm` at 150–250 dpi, degrades some pages with Pillow (blur, JPEG,
grey or yellow paper, a slight skew), and reads them with tesseract (`-l chi_sim`,
default layout analysis) and, for some articles, RapidOCR (one box a line, boxes put
in column order). The pages of an article are joined in order as tesseract joins them
(a form feed after each page). `--first` skips the first articles, so that a second
corpus (another `--seed`, other articles) is a held-out part no rule was tuned on.
Articles are split in two halves by their number:

    OUT/tune/{gold,noisy/tesseract,noisy/rapidocr}/NNN.txt      even numbers
    OUT/heldout/{gold,noisy/tesseract,noisy/rapidocr}/NNN.txt   odd numbers

Both halves together are also copied to `OUT/all/`, and those of them whose raw text is
within `--in-order` (0.3) relaxed CER of the gold to `OUT/inorder/` (tesseract's layout
analysis reads the columns of some pages interleaved, which no rule can undo);
`--sort-only` does just that on an OUT made before. Score with `python
bench/devcorpus.py --noisy-dir OUT/heldout/noisy --gold-dir OUT/heldout/gold --ruleset
ocr`. Needs poppler-utils, tesseract-ocr, tesseract-ocr-chi-sim, the devcorpus fonts
(apt), and reportlab, Pillow and rapidocr-onnxruntime (pip; none of them a dependency of
cleantext; `--sort-only` needs none). PDFs and page images stay in OUT/work and can be
deleted.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from score import levenshtein, relaxed

if TYPE_CHECKING:
    from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "devcorpus" / "news"
TOOLS = ROOT.parent / "shared" / "devcorpus" / "tools"


def degrade(image: Image.Image, rng: random.Random) -> tuple[Image.Image, str]:
    """A scanned look for some pages: each of paper, skew, blur and JPEG at random."""
    from PIL import Image, ImageFilter

    done = []
    image = image.convert("L")
    if rng.random() < 0.5:  # grey or yellowed paper: the white goes darker
        paper = rng.randint(170, 225)
        image = image.point(lambda v: v * paper // 255)
        done.append(f"paper{paper}")
    if rng.random() < 0.4:
        angle = rng.uniform(-1.2, 1.2)
        image = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True,
                             fillcolor=255)
        done.append(f"skew{angle:.2f}")
    if rng.random() < 0.4:
        radius = rng.uniform(0.5, 1.1)
        image = image.filter(ImageFilter.GaussianBlur(radius))
        done.append(f"blur{radius:.2f}")
    if rng.random() < 0.5:
        quality = rng.randint(20, 50)
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
        done.append(f"jpeg{quality}")
    return image, "+".join(done)


def tesseract(path: Path) -> str:
    """Tesseract's text of one page image (it ends with a form feed)."""
    run = subprocess.run(["tesseract", str(path), "-", "-l", "chi_sim"], capture_output=True,
                         check=True)
    return run.stdout.decode("utf-8")


def column_order(boxes: list[Any], width: int) -> list[str]:
    """RapidOCR's boxes (top to bottom) put in reading order: column by column, a column
    being the boxes that start within a few per cent of its leftmost box (indents too)."""
    columns: list[tuple[float, list[Any]]] = []
    for box in sorted(boxes, key=lambda b: b[0][0][0]):
        left = box[0][0][0]
        for start, members in columns:
            if start - 0.01 * width <= left <= start + 0.06 * width:
                members.append(box)
                break
        else:
            columns.append((left, [box]))
    return [box[1] for _, members in columns for box in sorted(members, key=lambda b: b[0][0][1])]


def sort(out: Path, in_order: float) -> None:
    """Copy both halves' files to OUT/all, and those read in order to OUT/inorder."""
    for name in ("all", "inorder"):
        shutil.rmtree(out / name, ignore_errors=True)
    for noisy in sorted(out.glob("*/noisy/*/*.txt")):
        half, engine = noisy.parent.parent.parent.name, noisy.parent.name
        if half not in ("tune", "heldout"):
            continue
        gold_path = out / half / "gold" / noisy.name
        gold = relaxed(gold_path.read_text(encoding="utf-8"))
        cer = levenshtein(relaxed(noisy.read_text(encoding="utf-8")), gold) / max(1, len(gold))
        for name in ("all", "inorder") if cer <= in_order else ("all",):
            (out / name / "noisy" / engine).mkdir(parents=True, exist_ok=True)
            (out / name / "gold").mkdir(parents=True, exist_ok=True)
            shutil.copy(noisy, out / name / "noisy" / engine / noisy.name)
            shutil.copy(gold_path, out / name / "gold" / noisy.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=777)
    parser.add_argument("--first", type=int, default=0, help="how many articles to skip")
    parser.add_argument("--articles", type=int, default=40, help="how many articles (after those)")
    parser.add_argument("--rapidocr", type=int, default=16, help="how many also by RapidOCR")
    parser.add_argument("--in-order", type=float, default=0.3,
                        help="the most raw relaxed CER of a file put in OUT/inorder")
    parser.add_argument("--sort-only", action="store_true",
                        help="only fill OUT/all and OUT/inorder from an OUT made before")
    args = parser.parse_args()
    if args.sort_only:
        sort(args.out, args.in_order)
        return 0
    work = args.out / "work"
    (work / "src").mkdir(parents=True, exist_ok=True)
    shutil.copy(NEWS / "articles.json", work / "src" / "articles.json")
    shutil.copytree(NEWS / "gold", work / "src" / "gold", dirs_exist_ok=True)
    ids = [a["id"] for a in json.loads((NEWS / "articles.json").read_text())]
    ids = ids[args.first : args.first + args.articles]
    subprocess.run([sys.executable, str(TOOLS / "make_pdfs_news.py"), "--dir", str(work / "src"),
                    "--out", str(work / "pdf"), "--seed", str(args.seed), "--only", ",".join(ids)],
                   check=True, cwd=TOOLS)
    from PIL import Image

    rng = random.Random(args.seed)
    engine = None
    log = []
    for number, art in enumerate(ids):
        half = "tune" if int(art) % 2 == 0 else "heldout"
        dpi = rng.choice([150, 200, 250])
        prefix = work / "pages" / art
        prefix.parent.mkdir(exist_ok=True)
        pdf = work / "pdf" / f"{art}.pdf"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(prefix)],
                       check=True)
        pages = sorted(prefix.parent.glob(f"{art}-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        tess, rapid = [], []
        for page in pages:
            image, how = degrade(Image.open(page), rng)
            image.save(page)
            log.append(f"{art} {page.name} {dpi}dpi {how or 'clean'}")
            tess.append(tesseract(page))
            if number < args.rapidocr:
                if engine is None:
                    from rapidocr_onnxruntime import RapidOCR
                    engine = RapidOCR()
                result, _ = engine(str(page))
                rapid.append("\n".join(column_order(result or [], image.width)) + "\n")
        for name, text in (("tesseract", "".join(tess)), ("rapidocr", "".join(rapid))):
            if text:
                folder = args.out / half / "noisy" / name
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{art}.txt").write_text(text, encoding="utf-8")
        (args.out / half / "gold").mkdir(parents=True, exist_ok=True)
        shutil.copy(NEWS / "gold" / f"{art}.txt", args.out / half / "gold" / f"{art}.txt")
        print(f"{art}: {len(pages)} pages, {dpi} dpi", flush=True)
    (args.out / "pages.log").write_text("\n".join(log) + "\n", encoding="utf-8")
    sort(args.out, args.in_order)
    return 0


if __name__ == "__main__":
    sys.exit(main())
