"""SIGKILL `cleantext FOLDER` at random moments while it fixes 200 files; check what is left.

    python tests/fuzz/kill_loop.py [--kills 100] [--files 200] [--seed 1]

After each kill every file must be byte-identical to its original or to its
cleaned form; the files are then restored and the next round begins. At the
end one more run must leave every file cleaned and no temporary file behind.
tests/test_faults.py runs `kill_loop` with a small count.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cleantext import Cleaner  # noqa: E402
from cleantext.config import load_ruleset  # noqa: E402
from cleantext.fileio import TEMP_PREFIX  # noqa: E402
from cleantext.safety import verify  # noqa: E402

CLEANER = Cleaner(load_ruleset())

#: Noise that the rules undo in one run (commas, line breaks and brackets can meet rule-order
#: bugs that `--safe` refuses: see tests/test_properties.py), so every file gets written.
NOISE = ["  ", " ", "２０", "\u200b", "Ａ", "\u00a0"]


def make_corpus(folder: Path, count: int, rng: random.Random) -> dict[str, tuple[bytes, bytes]]:
    """`count` noisy files cut from the seeds (some GBK with CRLF): name → (original, cleaned)."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    files: dict[str, tuple[bytes, bytes]] = {}
    while len(files) < count:
        index = len(files)
        seed = rng.choice(seeds)
        start = rng.randrange(len(seed) - 2000)
        text = seed[start : start + rng.randrange(200, 2000)]
        for _ in range(20):
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(NOISE) + text[at:]
        codec, newline = ("gbk", "\r\n") if index % 5 == 0 else ("utf-8", "\n")
        text = text.encode(codec, "ignore").decode(codec)
        result = CLEANER.run(text)
        if verify(text, result, CLEANER) is not None:
            # --safe would refuse it (unwrap at a fragment's cut first line; see the report)
            continue
        name = f"sub{index % 7}/f{index:03}.txt"
        files[name] = (
            text.replace("\n", newline).encode(codec),
            result.text.replace("\n", newline).encode(codec),
        )
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(files[name][0])
    return files


def _start(folder: Path, jobs: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "cleantext", "-q", "--jobs", str(jobs), "."],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill_loop(folder: Path, kills: int, count: int = 200, seed: int = 1) -> Counter[str]:
    """Run the loop in `folder`; return the figures. Raises AssertionError on a broken file."""
    rng = random.Random(seed)
    files = make_corpus(folder, count, rng)
    started = time.monotonic()
    process = _start(folder, 2)
    assert process.wait() == 0, process.stderr.read() if process.stderr else ""
    full = time.monotonic() - started  # how long a whole run takes
    figures: Counter[str] = Counter(kills=0)
    for _ in range(kills):
        for name, (original, _cleaned) in files.items():
            (folder / name).write_bytes(original)
        process = _start(folder, rng.choice([1, 2, 4]))
        time.sleep(rng.uniform(0, full * 1.1))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        figures["kills"] += 1
        figures["finished before the kill"] += process.returncode == 0
        for name, (original, cleaned) in files.items():
            data = (folder / name).read_bytes()
            assert data in (original, cleaned), f"{name} is neither original nor cleaned"
            figures["files left original" if data == original else "files left cleaned"] += 1
        figures["temporary files left by kills"] += len(list(folder.rglob(f"{TEMP_PREFIX}*")))
    process = _start(folder, 2)
    assert process.wait() == 0
    assert not list(folder.rglob(f"{TEMP_PREFIX}*")), "temporary files left after the next run"
    for name, (_original, cleaned) in files.items():
        assert (folder / name).read_bytes() == cleaned, name
    figures["files"] = count
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        figures = kill_loop(Path(folder), args.kills, args.files, args.seed)
    for key, value in figures.items():
        print(f"{key}: {value}")
    print(
        f"all files original or cleaned after every kill; next run cleaned up "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
