"""`diff.hunks` and `diff.unified` given the engine's trace: hunks that rebuild both texts, fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import diff
from cleantext.config import load_ruleset
from cleantext.engine import Change, Cleaner

from .conftest import SEEDS

SEED_PATHS = sorted(SEEDS.glob("*.txt"))


def _rebuilds(old: str, new: str, found: list[diff.Hunk]) -> bool:
    """Accepting every hunk gives `new`, accepting none gives `old`."""
    return (diff.apply(old, new, found, range(len(found))) == new
            and diff.apply(old, new, found, []) == old)


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda p: p.name[:3])
def test_traced_hunks_agree_with_difflib_on_the_seeds(path: Path) -> None:
    old = path.read_text(encoding="utf-8")
    result = Cleaner(load_ruleset()).run(old)
    assert _rebuilds(old, result.text, diff.hunks(old, result.text, result.changes))
    assert _rebuilds(old, result.text, diff.hunks(old, result.text))


def test_traced_hunks_of_two_megabytes_rebuild_both_texts() -> None:
    seeds = [path.read_text(encoding="utf-8") for path in SEED_PATHS]
    size = sum(len(seed.encode("utf-8")) for seed in seeds)
    old = "".join(seeds) * (2_000_000 // size + 1)
    result = Cleaner(load_ruleset()).run(old)
    found = diff.hunks(old, result.text, result.changes)
    assert len(found) > 1000
    assert _rebuilds(old, result.text, found)


def test_a_trace_that_does_not_account_for_the_output_falls_back_to_difflib() -> None:
    old, new = "a\nb\nc\n", "a\nB\nc\n"
    assert diff.hunks(old, new, []) == diff.hunks(old, new) == [diff.Hunk(1, 2, 1, 2)]
    assert list(diff.unified(old, new, "x", changes=[])) == list(diff.unified(old, new, "x"))
    wrong = [Change("upper", 0, 1, "a", "A")]
    assert diff.hunks(old, new, wrong) == diff.hunks(old, new)


def test_traced_unified_marks_only_the_changed_lines() -> None:
    old = "".join(f"行{i}\n" for i in range(20)).replace("行7\n", "在 2025 年\n")
    new = old.replace("在 2025 年", "在2025年")
    changes = [Change("spacing", old.index(" 2025"), old.index(" 2025") + 1, " ", ""),
               Change("spacing", old.index(" 年"), old.index(" 年") + 1, " ", "")]
    rows = list(diff.unified(old, new, "x.txt", changes=changes))
    assert rows == list(diff.unified(old, new, "x.txt"))
    assert [marker for marker, _, _ in rows] == ["---", "+++", "@@", " ", " ", " ", "-", "+",
                                                 " ", " ", " "]
