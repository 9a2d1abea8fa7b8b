"""Measure `cleantext dataset` on a JSONL corpus against the folder run, and Ray's overhead.

    python bench/dataset.py [--size-mb 100] [--shards 8] [--folder-mb 100] [--no-ray]

Builds a JSONL corpus of about `--size-mb` MB in `--shards` files: documents
of 5–50 KB made of the seeds' paragraphs, each with a bit of extraction noise
(`bench/throughput.py`'s corpus, as its folder run makes its files), each row
with an id and a url beside the text. Then measures, wall-clock, with --safe
on as in a folder run:

- the local engine, `cleantext dataset IN OUT --jobs 2`, its MB/s and the
  peak RSS of its largest process;
- the folder run, `cleantext --jobs 2 DIR`, on the first `--folder-mb` MB of
  the same documents written one .txt file each;
- the Ray engine, `--engine ray` (a local Ray started by the command, one task
  per shard), the same way.

MB are 10**6 bytes of UTF-8 text: the text column for the dataset runs (the
JSONL files are a little larger: JSON escapes, ids, urls), the .txt files for
the folder run. The closing lines are
for scripts: `dataset MB/s: X`, `folder MB/s: Y`, `dataset/folder: R`, `per CPU second: …`
(all processes' CPU time, which a loaded machine does not inflate as it does wall time),
`dataset peak RSS MB: N`, `ray MB/s: Z`, `ray overhead: P%`.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import MB, _child, _rate, corpus


def write_corpus(folder: Path, size: int, shards: int) -> tuple[int, int, list[str]]:
    """JSONL shards of about `size` bytes in all: (bytes written, bytes of text, the first
    documents' texts up to 100 MB, for the folder run)."""
    rng = random.Random(1)
    pieces = corpus(size + 100_000, seed=2)
    outs = [(folder / f"part-{i:03d}.jsonl").open("w", encoding="utf-8") for i in range(shards)]
    written = text_size = 0
    kept: list[str] = []
    kept_size = 0
    index = 0
    try:
        while written < size:
            wanted, parts, got = rng.randrange(5_000, 50_000), [], 0
            while got < wanted:
                parts.append(next(pieces))
                got += len(parts[-1].encode("utf-8"))
            text = "".join(parts)
            line = json.dumps({"id": index, "url": f"https://example.org/{index}", "text": text},
                              ensure_ascii=False) + "\n"
            outs[index % shards].write(line)
            written += len(line.encode("utf-8"))
            text_size += got
            if kept_size < 100 * MB:
                kept.append(text)
                kept_size += got
            index += 1
    finally:
        for out in outs:
            out.close()
    return written, text_size, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=100.0, help="JSONL corpus size (MB)")
    parser.add_argument("--shards", type=int, default=8, help="JSONL files the corpus is cut in")
    parser.add_argument("--folder-mb", type=float, default=100.0,
                        help="size of the folder run's corpus (at most 100)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-ray", action="store_true", help="skip the Ray engine")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as temp:
        work = Path(temp)
        (work / "in").mkdir()
        jsonl, size, texts = write_corpus(work / "in", int(args.size_mb * MB), args.shards)
        print(f"corpus: {jsonl / MB:.1f} MB of JSONL in {args.shards} files, "
              f"{size / MB:.1f} MB of text", file=sys.stderr)

        _, wall, cpu, rss = _child(["dataset", "-q", "--jobs", str(args.jobs), str(work / "in"),
                                    str(work / "out")])
        local, local_cpu = _rate(size, wall), _rate(size, cpu)
        shutil.rmtree(work / "out")
        print(f"local engine: {wall:.1f} s", file=sys.stderr)

        (work / "folder").mkdir()
        folder_size = 0
        for index, text in enumerate(texts):
            data = text.encode("utf-8")
            (work / "folder" / f"{index:05d}.txt").write_bytes(data)
            folder_size += len(data)
            if folder_size >= args.folder_mb * MB:
                break
        refused, folder_wall, cpu, _ = _child(["-q", "--jobs", str(args.jobs),
                                                str(work / "folder")], ok=(0, 3))
        folder, folder_cpu = _rate(folder_size, folder_wall), _rate(folder_size, cpu)
        shutil.rmtree(work / "folder")
        print(f"folder run: {folder_size / MB:.1f} MB in {folder_wall:.1f} s"
              + (" (--safe refused some files)" if refused else ""), file=sys.stderr)

        ray = None
        if not args.no_ray:
            _, ray_wall, _, _ = _child(["dataset", "-q", "--engine", "ray", str(work / "in"),
                                        str(work / "ray")])
            ray = _rate(size, ray_wall)
            print(f"ray engine: {ray_wall:.1f} s", file=sys.stderr)

    print(f"dataset MB/s: {local:.2f}")
    print(f"folder MB/s: {folder:.2f}")
    print(f"dataset/folder: {local / folder:.2f}")
    print(f"per CPU second: dataset {local_cpu:.2f} MB/s, folder {folder_cpu:.2f} MB/s, "
          f"ratio {local_cpu / folder_cpu:.2f}")
    print(f"dataset peak RSS MB: {rss:.0f}")
    if ray is not None:
        print(f"ray MB/s: {ray:.2f}")
        print(f"ray overhead: {(local / ray - 1) * 100:.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
