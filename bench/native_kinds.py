"""Measure each rule kind that has a native twin: its Python `apply` against its native `run`.

    python bench/native_kinds.py [--kinds spacing,ellipsis] [--size-mb 5] [--times 3] [--trace]

Two texts: the dev corpus's extractor output (`../shared/devcorpus/*/noisy`) one file after
another, and the mix `bench/throughput.py` times (`--size-mb`). Each kind gets a text as the
earlier rules of the first shipped rule set that has it (default, then ocr, zh-hans) leave
it, and runs with that rule's params. Rates are MB (10**6 bytes of UTF-8 of the kind's
input) per CPU second, the best of `--times` runs, each on a new copy of the text (so the
native core converts it to UTF-8 each time, as in the engine); `--trace` records edits, as
`--diff` and `--safe` do. The `same` column says whether both gave the same text (and edits).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from devcorpus import CORPUS  # noqa: E402
from throughput import MB, _rate, corpus_text  # noqa: E402

from cleantext import native  # noqa: E402
from cleantext.config import load_ruleset  # noqa: E402
from cleantext.engine import Rule  # noqa: E402
from cleantext.kinds import KINDS, Edit  # noqa: E402

RULESETS = ("default", "ocr", "zh-hans")


def native_kinds() -> list[str]:
    """The kinds that name a native class, by name."""
    return sorted(name for name, kind in KINDS.items() if kind.native)


def staged(text: str, kinds: list[str]) -> dict[str, tuple[Rule, str]]:
    """For each of `kinds`, the first rule of that kind in the shipped sets and `text` as
    the rules before it in its set leave it (each rule's Python `apply`, the reference)."""
    found: dict[str, tuple[Rule, str]] = {}
    for ruleset in RULESETS:
        stage = text
        for rule in load_ruleset(ruleset):
            if rule.kind in kinds and rule.kind not in found:
                found[rule.kind] = (rule, stage)
            stage = rule.impl.apply(stage, None)
    return found


def timed(call_of: Callable[[], Callable[[str, list[Edit] | None], str]], text: str,
          times: int, trace: bool) -> tuple[float, tuple[str, list[Edit] | None]]:
    """(MB/s, (text, edits)) of the call `call_of` gives on `text`, edits recorded when
    `trace`: the best of `times` runs, each on a new copy of `text`, as a kind gets a new
    string from the rule before it (the native core pays for its UTF-8 each time, as in the
    engine), each by a new call (a kind that remembers the text it last made, as lookalike
    does, would not look at that text again)."""
    best = float("inf")
    for _ in range(times):
        call = call_of()
        fresh = text[:1] + text[1:]
        edits: list[Edit] | None = [] if trace else None
        start = time.process_time()
        result = call(fresh, edits)
        best = min(best, time.process_time() - start)
    return _rate(len(text.encode("utf-8")), best), (result, edits)


def _new(rule: Rule, method: str) -> Callable[[], Callable[[str, list[Edit] | None], str]]:
    """What gives `method` (`apply` or `run`) of a new object of `rule`'s kind and params."""
    return lambda: getattr(type(rule.impl)(**rule.impl.options), method)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kinds", help="comma-separated kinds (default: all with a native twin)")
    parser.add_argument("--size-mb", type=float, default=5.0, help="size of the mix (default 5)")
    parser.add_argument("--times", type=int, default=3, help="runs of each, the best counts")
    parser.add_argument("--trace", action="store_true", help="record edits (as --diff does)")
    args = parser.parse_args(argv)
    if native.core is None:
        print("native_kinds: the native core is not in use (pip install ./native; "
              "CLEANTEXT_PURE unset)", file=sys.stderr)
        return 1
    available = native_kinds()
    kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else available
    unknown = [kind for kind in kinds if kind not in available]
    if unknown:
        print(f"native_kinds: no native twin for {', '.join(unknown)} "
              f"(those with one: {', '.join(available)})", file=sys.stderr)
        return 2
    texts = {"mix": corpus_text(int(args.size_mb * MB))}
    noisy = sorted(CORPUS.glob("*/noisy/*/*.txt"))
    if noisy:
        texts = {"dev corpus": "\n".join(p.read_text(encoding="utf-8") for p in noisy), **texts}
    else:
        print(f"(no dev corpus at {CORPUS}: the mix only)")
    stages = {name: staged(text, kinds) for name, text in texts.items()}
    print(f"{'kind':<14}{'text':<12}{'MB':>6}{'Python MB/s':>13}{'native MB/s':>13}"
          f"{'speed-up':>10}  same")
    for kind in kinds:
        for name in texts:
            if kind not in stages[name]:
                print(f"{kind:<14}(in no shipped rule set: not measured)")
                break
            rule, stage = stages[name][kind]
            python, reference = timed(_new(rule, "apply"), stage, args.times, args.trace)
            fast, result = timed(_new(rule, "run"), stage, args.times, args.trace)
            print(f"{kind:<14}{name:<12}{len(stage.encode('utf-8')) / MB:>6.1f}{python:>13.1f}"
                  f"{fast:>13.1f}{fast / python:>9.1f}×  {'yes' if result == reference else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
