"""Guards against hangs and super-linear cost; no wall-clock assertions.

A user regex with catastrophic backtracking must stop with one error line
(exit 3); pathological inputs must come through the filter at all (a generous
subprocess timeout catches a hang), agree with `clean()`, and cost work in
proportion to their size, counted as Python function calls.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from cleantext import clean

from .conftest import run_cli

EVIL_RULES = """\
rules:
  - id: evil
    kind: regex
    description: catastrophic backtracking on a run of a's with no c
    params: {pattern: '(a|aa)+c', replacement: x, timeout: 0.2}
"""

#: Inputs that once were, or could be, slow: each takes its size in characters.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "one line, no newline": lambda n: ("在西宁国家级经济技术开发区, 2025 年。" * n)[:n],
    "Han run with a comma": lambda n: "中" * n + ",",
    "doubled characters": lambda n: ("青青藏藏高高原原““科创””\n" * n)[:n],
    "doubled, no newline": lambda n: "青青藏藏" * (n // 4),
    "blank lines": lambda n: ("\n" * 1000 + "文。") * (n // 1000),
    "dense marks": lambda n: ("中, ;中 : (中) 'a' \"中\" " * n)[:n],
    "url-like run": lambda n: "a@b" + "中" * n + ",x@y.cn",
}


def test_indentation_longer_than_half_a_slice_keeps_the_text() -> None:
    """A forced cut inside the indentation once made an empty slice, and everything was lost."""
    from cleantext.chunks import split

    text = " " * 700 + "文字" * 300
    pieces = list(split(text, target=256))
    assert "".join(gap + piece for gap, piece in pieces) == text
    assert all(piece for _, piece in pieces[:-1])


def test_catastrophic_regex_is_one_error_line_and_exit_3(tmp_path) -> None:
    rules = tmp_path / "evil.yaml"
    rules.write_text(EVIL_RULES, encoding="utf-8")
    result = run_cli("--rules", rules, input="a" * 60 + "b\n", timeout=60)
    assert result.returncode == 3
    lines = result.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1
    assert "evil" in lines[0] and "timed out" in lines[0] and "<stdin>" in lines[0]


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_pathological_input_passes_the_filter(case: str) -> None:
    text = PATHOLOGICAL[case](100_000)
    result = run_cli(input=text, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == clean(text)


def _calls(function: Callable[[], object]) -> int:
    """Python function calls made while running `function`."""
    count = 0

    def profile(frame, event, arg):  # type: ignore[no-untyped-def]
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_work_grows_linearly(case: str) -> None:
    clean("warm up")
    make = PATHOLOGICAL[case]
    small, large = make(20_000), make(80_000)
    ratio = _calls(lambda: clean(large)) / max(1, _calls(lambda: clean(small)))
    assert ratio < 4 * 1.25, f"{case}: 4x the input made {ratio:.1f}x the calls"
