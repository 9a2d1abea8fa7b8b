"""Unwrapping generalises beyond the seeds' layouts.

The gold paragraphs are wrapped again at other column widths, with blank
lines between paragraphs or only indentation, and with page breaks (blank
lines) dropped into the middle of sentences. Cleaning must give the gold
back (up to the few paragraph ends that fall exactly at a line end) and be
idempotent.
"""

from __future__ import annotations

import random

import pytest

from cleantext import clean
from cleantext.text import display_width

from .conftest import GOLD
from .test_seeds import score

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/seeds-gold is absent")


def wrap(paragraph: str, columns: int, indent: bool) -> list[str]:
    """Wrap at `columns` full-width characters, as a newspaper column does."""
    lines: list[str] = []
    current = "\u3000\u3000" if indent else ""
    for char in paragraph:
        if display_width(current + char) > 2 * columns:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current]


def cer(out: str, gold: str) -> float:
    return score.levenshtein(score.relaxed(out), score.relaxed(gold)) / len(score.relaxed(gold))


def golds() -> list[str]:
    return [
        p.read_text(encoding="utf-8")
        for p in sorted(GOLD.glob("*.txt"))
        if p.name[:3] in {"000", "002"}
    ]


@pytest.mark.parametrize("columns", [12, 17, 24, 32])
@pytest.mark.parametrize("layout", ["blank-lines", "indented"])
def test_rewrapped_gold_comes_back(columns: int, layout: str) -> None:
    for gold in golds():
        paragraphs = gold.strip("\n").split("\n\n")
        separator = "\n\n" if layout == "blank-lines" else "\n"
        raw = separator.join("\n".join(wrap(p, columns, layout == "indented")) for p in paragraphs)
        out = clean(raw + "\n")
        assert cer(out, gold) <= 0.002
        assert clean(out) == out


@pytest.mark.parametrize("seed", range(3))
def test_page_breaks_inside_sentences_are_rejoined(seed: int) -> None:
    chance = random.Random(seed)
    for gold in golds():
        blocks = []
        for paragraph in gold.strip("\n").split("\n\n"):
            lines = wrap(paragraph, 16, False)
            broken = [
                line
                + (
                    "\n" * chance.randint(1, 2)
                    if i < len(lines) - 1 and chance.random() < 0.15
                    else ""
                )
                for i, line in enumerate(lines)
            ]
            blocks.append("\n".join(broken))
        out = clean("\n\n".join(blocks) + "\n")
        assert cer(out, gold) <= 0.003
        assert clean(out) == out
