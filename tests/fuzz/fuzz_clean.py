"""Coverage-guided fuzzing of the cleaner with atheris (`pip install atheris`).

    python tests/fuzz/fuzz_clean.py -runs=200000 [libFuzzer options] [corpus folder]

Inputs are up to 512 bytes long from the start (`-max_len=512 -len_control=0`
unless given).
Each input is turned into text (arbitrary Unicode, or seed text with the input's
noise spliced in) and cleaned. A crash is an exception from the cleaner or the
checker. Invariant failures are counted, not raised, so one run reports them
all: lost content, invalid output, a second run that changes the text, and
CRLF input cleaning differently. The figures and a first example of each
failure are printed when `-runs` inputs have been tried (libFuzzer leaves
without running exit handlers).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from cleantext import Cleaner
    from cleantext.config import load_ruleset
    from cleantext.safety import lost_content

CLEANER = Cleaner(load_ruleset())
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
FIGURES: Counter[str] = Counter()
EXAMPLES: dict[str, str] = {}
STARTED = time.monotonic()
RUNS = next((int(a.split("=", 1)[1]) for a in sys.argv if a.startswith("-runs=")), 0)


def _text(data: bytes) -> str:
    """Arbitrary Unicode, or a piece of a seed with the fuzzer's text spliced in at places."""
    provider = atheris.FuzzedDataProvider(data)
    if provider.ConsumeBool():
        return provider.ConsumeUnicodeNoSurrogates(len(data))
    seed = SEEDS[provider.ConsumeIntInRange(0, len(SEEDS) - 1)]
    start = provider.ConsumeIntInRange(0, len(seed) - 1)
    text = seed[start : start + provider.ConsumeIntInRange(1, 600)]
    for _ in range(provider.ConsumeIntInRange(0, 8)):
        at = provider.ConsumeIntInRange(0, len(text))
        text = text[:at] + provider.ConsumeUnicodeNoSurrogates(4) + text[at:]
    return text


def _fail(kind: str, text: str) -> None:
    FIGURES[kind] += 1
    if kind not in EXAMPLES or len(text) < len(EXAMPLES[kind]):
        EXAMPLES[kind] = text


def test_one_input(data: bytes) -> None:
    text = _text(data)
    FIGURES["inputs tried"] += 1
    result = CLEANER.run(text, trace=True)  # an exception here is a crash
    try:
        result.text.encode("utf-8")
    except UnicodeEncodeError:
        _fail("invalid output", text)
    if lost_content(text, result, CLEANER.rules):
        _fail("content lost or untraced", text)
    again = CLEANER.run(result.text, trace=False).text
    if again != result.text:
        _fail("not idempotent", text)
    if (
        "\r" not in text
        and CLEANER.run(text.replace("\n", "\r\n"), trace=False).text != result.text
    ):
        _fail("CRLF cleans differently", text)
    if FIGURES["inputs tried"] == RUNS:
        _report()


def _report() -> None:
    print(f"\nfuzz_clean: {time.monotonic() - STARTED:.0f} s", file=sys.stderr)
    for key, value in sorted(FIGURES.items()):
        print(f"  {key}: {value}", file=sys.stderr)
    for key, text in sorted(EXAMPLES.items()):
        print(f"  smallest {key}: {text!r}", file=sys.stderr)
    sys.stderr.flush()


if __name__ == "__main__":
    defaults = [
        f"-{o}"
        for o in ("max_len=512", "len_control=0")
        if not any(a.startswith(f"-{o.split('=')[0]}=") for a in sys.argv)
    ]
    atheris.Setup([*sys.argv, *defaults], test_one_input)
    atheris.Fuzz()
