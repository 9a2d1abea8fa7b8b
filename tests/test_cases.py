"""The cases of `tests/cases/*.yaml`: what cleaning gives, and why (see its README)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from cleantext.config import load_config
from cleantext.engine import Cleaner
from cleantext.formats import adapt

CASES = Path(__file__).parent / "cases"
FIELDS = {"label", "why", "input", "expected", "ruleset", "select", "format"}
KNOWN_FAILURES = "known-failures.yaml"


def _load(path: Path) -> list[dict[str, Any]]:
    cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for case in cases:
        unknown = set(case) - FIELDS
        assert not unknown, f"{path.name}: {case.get('label')}: unknown fields {sorted(unknown)}"
        assert {"label", "why", "input"} <= set(case), f"{path.name}: {case} lacks a field"
    return cases


def _params(known_failures: bool) -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        if (path.name == KNOWN_FAILURES) != known_failures:
            continue
        params.extend(pytest.param(case, id=case["label"]) for case in _load(path))
    return params


@cache
def _cleaner(ruleset: str, select: tuple[str, ...], format: str) -> Cleaner:
    config = load_config(None, cwd=CASES, ruleset=ruleset, select=list(select))
    return adapt(Cleaner(config.rules), format)


def _clean(case: dict[str, Any], text: str) -> str:
    """The text cleaned, checked to be the same with the trace (as files are) and without."""
    cleaner = _cleaner(case.get("ruleset", "default"), tuple(case.get("select", ())),
                       case.get("format", "text"))
    cleaned = cleaner.run(text, trace=False).text
    assert cleaner.run(text, trace=True).text == cleaned, "tracing changes the text"
    return cleaned


def _check(case: dict[str, Any]) -> None:
    expected = case.get("expected", case["input"])
    assert _clean(case, case["input"]) == expected, case["why"]
    assert _clean(case, expected) == expected, "cleaning the expected text again changes it"


def test_labels_are_unique() -> None:
    labels = [case["label"] for path in CASES.glob("*.yaml") for case in _load(path)]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("case", _params(known_failures=False))
def test_case(case: dict[str, Any]) -> None:
    _check(case)


@pytest.mark.parametrize("case", _params(known_failures=True))
@pytest.mark.xfail(strict=True, reason="a known failure (tests/cases/known-failures.yaml)")
def test_known_failure(case: dict[str, Any]) -> None:
    _check(case)
