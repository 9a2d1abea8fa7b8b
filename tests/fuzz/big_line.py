"""Fix a file that is one 50 MB line in place, as a user would; report time, peak memory, result.

    python tests/fuzz/big_line.py [--mb 50]

The file must come out as `clean()` of its text (the run does the --safe
checks too). tests/test_hostile.py does the same with 1 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cleantext import clean  # noqa: E402

PIECE = "在 2025 年,创新之城青藏高原科技 ２０２５ 发展\u200b“科创中心”,"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    text = PIECE * (args.mb * 1_000_000 // len(PIECE.encode()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "line.txt"
        path.write_text(text, encoding="utf-8")
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "cleantext", str(path)], capture_output=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        seconds = time.monotonic() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        same = path.read_text(encoding="utf-8") == clean(text)
    print(f"big_line: {len(text.encode()) / 1e6:.0f} MB on one line: exit {done.returncode}, "
          f"{seconds:.0f} s, peak {peak:.0f} MB, output equals clean(): {same}")
    print(done.stderr.decode().strip())
    return 0 if done.returncode == 0 and same else 1


if __name__ == "__main__":
    sys.exit(main())
