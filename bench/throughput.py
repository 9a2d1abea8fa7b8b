"""Measure how fast cleantext runs and how much memory the filter needs.

    python bench/throughput.py [--size-mb 10] [--filter-mb 100] [--files 2000]
                               [--pathological-mb 4] [--corpus-only OUT]
                               [--ruleset NAME] [--pages DIR]

Builds a corpus from the seeds (paragraphs in random order, each with one
small random edit so no two are the same) and measures, in one run:
`cleantext.clean()` on one core with the default rules, overall and per
rule as the engine runs them, with the share of rule time in the passes after a
slice's first (with the native core when it is installed, then again in pure
Python); autocorrect-py's `format()` on the same text; the pipe filter
(`cleantext < big.txt > out.txt`) and its peak RSS; the folder run with
`--jobs 1` and `--jobs 2` (and the files `--safe` refused in it); start-up;
and pathological inputs at two sizes.

MB are 10**6 bytes of UTF-8 input. Library, autocorrect and filter rates
are per CPU second, the library and autocorrect the better of two runs (the
machine may be shared; on an idle one CPU and wall agree); the folder run and
start-up are wall-clock. The closing lines are
meant for scripts: `throughput MB/s: X (autocorrect Y, ratio Z)`,
`filter MB/s: X`, `filter peak RSS MB: N`, `jobs2/jobs1 speed-up: S`,
`folder MB/s: X (CPU Y, --jobs 1)`,
`startup ms: N`, `linearity CASE: …` and `worst case: CASE X MB/s`.

`--ruleset NAME` (a shipped rule set or a path) is used for every measure, and
`clean()` with the default rules is timed on the same text too, for the line
`NAME/default: R` (with `--pages DIR`, also on the `*.txt` files below DIR,
repeated to `--size-mb`, e.g. the OCR pages `bench/make_ocr_corpus.py` makes; R
is the lower of the two ratios).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1_000_000
#: Small edits that give each paragraph copy its own text and exercise the rules.
_NOISE = [
    " ",
    "，",
    ",",
    ":",
    "２０２５",
    "“",
    '"',
    "...",
    "。",
    "⼈",
    "\u200b",
    "(注)",
    "ＡＩ",
    "  ",
]


def _paragraphs(seeds: Path) -> list[str]:
    paragraphs: list[str] = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs.extend(p for p in text.split("\n\n") if p.strip())
    return paragraphs


def corpus(size: int, seed: int = 0, seeds: Path = ROOT / "seeds") -> Iterator[str]:
    """Yield pieces of a varied corpus of about `size` bytes of UTF-8, deterministically."""
    rng = random.Random(seed)
    paragraphs = _paragraphs(seeds)
    done = 0
    while done < size:
        paragraph = rng.choice(paragraphs)
        cut = rng.randrange(len(paragraph))
        piece = paragraph[:cut] + rng.choice(_NOISE) + paragraph[cut:] + "\n\n"
        done += len(piece.encode("utf-8"))
        yield piece


def corpus_text(size: int, seed: int = 0) -> str:
    """The corpus as one string."""
    return "".join(corpus(size, seed))


def write_corpus(path: Path, size: int, seed: int = 0) -> None:
    """Write the corpus to `path` in UTF-8 without holding it all in memory."""
    with path.open("w", encoding="utf-8", newline="") as out:
        batch: list[str] = []
        for piece in corpus(size, seed):
            batch.append(piece)
            if len(batch) >= 4096:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))


def pathological(case: str, size: int) -> str:
    """Inputs that stress one rule or the slicer, about `size` bytes of UTF-8."""
    if case == "one-line":  # the corpus with no line break at all
        return corpus_text(size, seed=5).replace("\n", "")
    if case == "doubled":  # fake-bold headings of doubled characters, one per line
        line = "青青藏藏高高原原““科科创创中中心心””" * 6 + "\n"
        return line * (size // len(line.encode("utf-8")))
    if case == "doubled-line":  # doubled characters, no line break
        return "青青藏藏高高原原" * (size // 24)
    if case == "blank-lines":  # mostly blank lines, a sentence now and then
        return ("\n" * 100_000 + "文。\n") * max(1, size // 100_004)
    if case == "han-run":  # one run of Han with no mark but a comma at the end
        return "中" * (size // 3) + ","
    if case == "marks":  # half-width marks and spaces between Han characters
        return "中, ;中 : (中) 'a' \"中\" " * (size // 40)
    raise ValueError(case)


PATHOLOGICAL = ["one-line", "doubled", "doubled-line", "blank-lines", "han-run", "marks"]


def _rate(nbytes: int, seconds: float) -> float:
    return nbytes / MB / max(seconds, 1e-9)


def library(text: str, ruleset: str = "default") -> tuple[float, float, dict[str, float], float]:
    """(CPU MB/s, wall MB/s, CPU MB/s of each rule, the share of rule time in the passes
    after a slice's first) of `clean(text, ruleset)`."""
    from cleantext import clean

    nbytes = len(text.encode("utf-8"))
    clean(text[:10_000], ruleset)  # rules and their data loaded before timing
    cpu, wall = _best(lambda: clean(text, ruleset))
    spent, later = rule_times(text, ruleset)
    rates = {k: _rate(nbytes, v) for k, v in spent.items()}
    return _rate(nbytes, cpu), _rate(nbytes, wall), rates, later / max(sum(spent.values()), 1e-9)


def rule_times(text: str, ruleset: str = "default") -> tuple[dict[str, float], float]:
    """CPU seconds of each step (a rule, or native rules run as one chain, named `a+b`) in
    an untraced run of the engine (every pass, but what it skips), and how many of them
    went to passes after a slice's first."""
    from cleantext import engine
    from cleantext.config import load_ruleset

    cleaner = engine.Cleaner(load_ruleset(ruleset))
    cleaner.one_chain = lambda: None  # type: ignore[method-assign]  # passes step by step
    names = {id(step): "+".join(rule.id for rule in step.rules) for step in cleaner.steps}
    spent = dict.fromkeys(names.values(), 0.0)
    ran: set[int] = set()  # the steps that have run on the slice being cleaned
    later = 0.0
    run, clean_piece = engine._Step.run, engine.Cleaner._clean_piece

    def timed(step: engine._Step, piece: str) -> str:
        nonlocal later
        start = time.process_time()
        try:
            return run(step, piece)
        finally:
            took = time.process_time() - start
            spent[names[id(step)]] += took
            later += took if id(step) in ran else 0.0
            ran.add(id(step))

    def one_slice(self: engine.Cleaner, *args: Any) -> str:
        ran.clear()
        return clean_piece(self, *args)

    engine._Step.run, engine.Cleaner._clean_piece = timed, one_slice  # type: ignore[method-assign]
    try:
        cleaner.run(text, trace=False)
    finally:
        engine._Step.run, engine.Cleaner._clean_piece = run, clean_piece  # type: ignore[method-assign]
    return spent, later


def pure_python(text: str, ruleset: str = "default") -> float:
    """CPU MB/s of `clean(text, ruleset)` with every kind in Python (`CLEANTEXT_PURE=1`)."""
    from cleantext import native
    from cleantext.config import load_ruleset
    from cleantext.engine import Cleaner

    core, native.core = native.core, None
    try:
        cleaner = Cleaner(load_ruleset(ruleset))
    finally:
        native.core = core
    cpu, _ = _best(lambda: cleaner.run(text, trace=False))
    return _rate(len(text.encode("utf-8")), cpu)


def autocorrect(text: str) -> float:
    """CPU MB/s of autocorrect-py's `format()` on `text` (0 when it is not installed)."""
    try:
        import autocorrect_py
    except ImportError:
        return 0.0
    cpu, _ = _best(lambda: autocorrect_py.format(text))
    return _rate(len(text.encode("utf-8")), cpu)


def _best(run: Callable[[], object], times: int = 2) -> tuple[float, float]:
    """The least (CPU s, wall s) of `times` runs: a shared machine only ever slows one down."""
    best_cpu = best_wall = float("inf")
    for _ in range(times):
        cpu, wall = time.process_time(), time.perf_counter()
        run()
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return best_cpu, best_wall


def _env() -> dict[str, str]:
    """Run the checkout's cleantext, not an installed copy, its bytecode cached as an
    installed copy's is (where the environment turns the cache off, every run would time
    Python compiling cleantext's modules again: ~80 ms of the folder run)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


#: Runs its arguments and writes their peak RSS (KB) to the file named first. The kernel
#: counts a child's memory from before its exec too, so cleantext is started from this
#: small process rather than straight from the benchmark, whose own memory would count.
_PEAK = (
    "import resource, subprocess, sys; status = subprocess.call(sys.argv[2:]); "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss));"
    " sys.exit(status)"
)


def _child(
    args: list[str], stdin: Path | None = None, stdout: Path | None = None, cwd: Path | None = None,
    ok: tuple[int, ...] = (0, 1), errors_out: list[str] | None = None,
) -> tuple[int, float, float, float]:
    """Run `python -m cleantext ARGS`: (exit status, wall s, CPU s, peak RSS MB); an exit
    status not in `ok` is an error. The lines it wrote to stderr go to `errors_out`."""
    with (
        open(stdin or os.devnull, "rb") as source,
        open(stdout or os.devnull, "wb") as sink,
        tempfile.NamedTemporaryFile("r") as peak,
        tempfile.TemporaryFile() as stderr,  # a pipe would fill up and stall a run with many errors
    ):
        start = time.perf_counter()
        command = [sys.executable, "-c", _PEAK, peak.name, sys.executable, "-m", "cleantext", *args]
        process = subprocess.Popen(
            command, stdin=source, stdout=sink, stderr=stderr, env=_env(), cwd=cwd
        )
        _, status, usage = os.wait4(process.pid, 0)  # CPU includes the waited-for cleantext
        wall = time.perf_counter() - start
        rss_kb = int(peak.read() or 0)
        stderr.seek(0)
        errors = stderr.read().decode("utf-8", "replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if errors_out is not None:
        errors_out.extend(errors.splitlines())
    if process.returncode not in ok:
        raise RuntimeError(f"cleantext {' '.join(args)} failed ({process.returncode}): {errors}")
    return process.returncode, wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024


def filter_run(source: Path, work: Path, ruleset: str = "default") -> tuple[float, float, float]:
    """(CPU MB/s, wall MB/s, peak RSS MB) of `cleantext --ruleset R < source > out.txt`."""
    _, wall, cpu, rss = _child(["--ruleset", ruleset], stdin=source, stdout=work / "out.txt")
    (work / "out.txt").unlink()
    size = source.stat().st_size
    return _rate(size, cpu), _rate(size, wall), rss


def folder_run(files: int, work: Path, ruleset: str = "default"
               ) -> tuple[float, float, int, float] | None:
    """Wall MB/s of `cleantext --jobs 1 DIR` and `--jobs 2 DIR` on `files` files of 5–50 KB,
    how many files `--safe` refused to write (exit status 3, one line each; the
    inserted noise of the corpus is repaired, so that is 0 on 300 files, 1 on 2000), and
    the CPU MB/s of `--jobs 1` (what a busy machine leaves of a core shows less in it)."""
    help_text = subprocess.run(
        [sys.executable, "-m", "cleantext", "--help"], env=_env(), capture_output=True, text=True
    ).stdout
    if "--jobs" not in help_text:
        return None
    os.sync()  # the filter run's files on disk first: their write-back is not this run's
    rng = random.Random(1)
    source = work / "folder"
    source.mkdir()
    pieces = corpus(files * 60_000, seed=2)
    size = 0
    for index in range(files):
        wanted, parts = rng.randrange(5_000, 50_000), []
        while sum(len(p.encode("utf-8")) for p in parts) < wanted:
            parts.append(next(pieces))
        data = "".join(parts).encode("utf-8")
        (source / f"{index:04d}.txt").write_bytes(data)
        size += len(data)
    rates = []
    refused: list[str] = []
    cpus: list[float] = []
    for jobs in (1, 2):
        walls = []
        for _ in range(2):  # the better of two: wall time on a shared machine
            copy = work / f"jobs{jobs}"
            shutil.copytree(source, copy)
            # --safe is on: files it refuses (exit status 3) are checked, not written
            refused.clear()
            _, wall, cpu, _ = _child(["-q", "--ruleset", ruleset, "--jobs", str(jobs), str(copy)],
                                     ok=(0, 3), errors_out=refused)
            walls.append(wall)
            cpus.extend([cpu] if jobs == 1 else [])
            shutil.rmtree(copy)
        rates.append(_rate(size, min(walls)))
    return rates[0], rates[1], len(refused), _rate(size, min(cpus))


def startup_ms(runs: int = 15) -> tuple[float, float, float]:
    """Median wall ms and CPU ms of `cleantext --version`, and wall ms of `python -c pass`."""

    def median(command: list[str]) -> tuple[float, float]:
        walls, cpus = [], []
        for _ in range(runs):
            start = time.perf_counter()
            process = subprocess.Popen(command, env=_env(), stdout=subprocess.DEVNULL)
            _, _, usage = os.wait4(process.pid, 0)
            walls.append(time.perf_counter() - start)
            cpus.append(usage.ru_utime + usage.ru_stime)
        return sorted(walls)[runs // 2] * 1000, sorted(cpus)[runs // 2] * 1000

    wall, cpu = median([sys.executable, "-m", "cleantext", "--version"])
    return wall, cpu, median([sys.executable, "-c", "pass"])[0]


def _clean_rate(text: str, ruleset: str = "default") -> float:
    """CPU MB/s of `clean()` on `text`, the better of two runs (a 1 MB run is short)."""
    from cleantext import clean

    clean(text[:10_000], ruleset)  # rules and their data loaded before timing
    cpu, _ = _best(lambda: clean(text, ruleset))
    return _rate(len(text.encode("utf-8")), cpu)


def pages_text(folder: Path, size: int) -> str:
    """The `*.txt` files below `folder`, one after another, repeated to about `size` bytes."""
    pages = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt")))
    return pages * (1 + size // max(1, len(pages.encode("utf-8"))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size-mb", type=float, default=10.0, help="library corpus size (default 10)"
    )
    parser.add_argument(
        "--filter-mb",
        type=float,
        default=100.0,
        help="pipe filter input size (default 100; the target is stated for 1000)",
    )
    parser.add_argument("--files", type=int, default=2000, help="files in the folder run (0: skip)")
    parser.add_argument(
        "--pathological-mb",
        type=float,
        default=4.0,
        help="large size of each pathological input; the small one is a quarter",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--corpus-only",
        type=Path,
        metavar="OUT",
        help="write the corpus (of --size-mb) to OUT and stop",
    )
    parser.add_argument("--ruleset", default="default", help="shipped rule set or path")
    parser.add_argument(
        "--pages", type=Path, metavar="DIR", help="also compare with the default on DIR's *.txt"
    )
    args = parser.parse_args(argv)
    if args.corpus_only:
        write_corpus(args.corpus_only, int(args.size_mb * MB), args.seed)
        return 0

    rows: list[tuple[str, str]] = []
    text = corpus_text(int(args.size_mb * MB), args.seed)
    cpu_rate, wall_rate, per_rule, later = library(text, args.ruleset)
    rows.append(
        (f"clean(), {args.size_mb:g} MB, one core", f"{cpu_rate:.2f} MB/s (wall {wall_rate:.2f})")
    )
    from cleantext.native import core_name

    rows.append(("  core", core_name()))
    if core_name() == "native":
        pure = pure_python(text, args.ruleset)
        rows.append(("  the same, pure Python", f"{pure:.2f} MB/s"))
    ratios: list[float] = []
    if args.ruleset != "default":
        texts = {"seeds corpus": text}
        if args.pages:
            texts["pages"] = pages_text(args.pages, int(args.size_mb * MB))
        for name, sample in texts.items():
            rate = cpu_rate if sample is text else _clean_rate(sample, args.ruleset)
            default = _clean_rate(sample)
            ratios.append(rate / default)
            rows.append((f"  {name}, --ruleset {args.ruleset} / default",
                         f"{rate:.2f} / {default:.2f} MB/s = {rate / default:.2f}"))
    total = sum(1 / rate for rate in per_rule.values())
    rows.append(("  passes after a slice's first", f"{100 * later:.0f}% of rule time"))
    for rule, rate in sorted(per_rule.items(), key=lambda item: item[1]):
        rows.append((f"  rule {rule}", f"{rate:.1f} MB/s ({100 / rate / total:.0f}% of rule time)"))
    ac_rate = autocorrect(text)
    rows.append(("autocorrect_py.format()", f"{ac_rate:.2f} MB/s"))
    del text

    with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as tmp:
        work = Path(tmp)
        big = work / "big.txt"
        write_corpus(big, int(args.filter_mb * MB), args.seed + 1)
        f_cpu, f_wall, rss = filter_run(big, work, args.ruleset)
        big.unlink()
        rows.append(
            (
                f"filter, {args.filter_mb:g} MB",
                f"{f_cpu:.2f} MB/s (wall {f_wall:.2f}), peak RSS {rss:.0f} MB",
            )
        )
        folder = folder_run(args.files, work, args.ruleset) if args.files else None
        if folder:
            rows.append((f"folder, {args.files} files, --jobs 1",
                         f"{folder[0]:.2f} MB/s wall ({folder[3]:.2f} MB/s CPU)"))
            rows.append((f"folder, {args.files} files, --jobs 2", f"{folder[1]:.2f} MB/s wall"))
            rows.append((f"folder, {args.files} files, refused by --safe", f"{folder[2]}"))
    start, start_cpu, python = startup_ms()
    rows.append(
        (
            "startup, cleantext --version",
            f"{start:.0f} ms wall, {start_cpu:.0f} ms CPU (python alone {python:.0f} ms wall)",
        )
    )

    large = int(args.pathological_mb * MB)
    patho: dict[str, tuple[float, float]] = {}
    for case in PATHOLOGICAL:
        patho[case] = (
            _clean_rate(pathological(case, large // 4), args.ruleset),
            _clean_rate(pathological(case, large), args.ruleset),
        )
        small_rate, large_rate = patho[case]
        rows.append(
            (
                f"pathological {case}",
                f"{small_rate:.2f} MB/s at {large / MB / 4:g} MB, "
                f"{large_rate:.2f} at {large / MB:g} MB",
            )
        )

    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print()
    ratio = cpu_rate / ac_rate if ac_rate else float("nan")
    print(f"throughput MB/s: {cpu_rate:.2f} (autocorrect {ac_rate:.2f}, ratio {ratio:.2f})")
    print(f"filter MB/s: {f_cpu:.2f} ({f_cpu / cpu_rate:.0%} of the library)")
    print(f"filter peak RSS MB: {rss:.0f}")
    print(
        f"jobs2/jobs1 speed-up: {folder[1] / folder[0]:.2f}"
        if folder
        else "jobs2/jobs1 speed-up: n/a"
    )
    if folder:
        print(f"folder MB/s: {folder[0]:.2f} (CPU {folder[3]:.2f}, --jobs 1)")
    print(f"startup ms: {start:.0f} (CPU {start_cpu:.0f})")
    if ratios:
        print(f"{args.ruleset}/default: {min(ratios):.2f}")
    print(
        f"linearity corpus: {cpu_rate:.2f} MB/s at {args.size_mb:g} MB, "
        f"{f_cpu:.2f} at {args.filter_mb:g} MB"
    )
    for case, (small_rate, large_rate) in patho.items():
        print(f"linearity {case}: {small_rate:.2f} MB/s at small, {large_rate:.2f} MB/s at large")
    worst = min(patho, key=lambda case: patho[case][1])
    print(f"worst case: {worst} {patho[worst][1]:.2f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
