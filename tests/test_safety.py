"""The safety checks `--safe` relies on: they pass sound results and name the rule at fault."""

from __future__ import annotations

import pytest

from cleantext import Change, Cleaner, Result, clean_result
from cleantext.config import load_ruleset
from cleantext.engine import Rule
from cleantext.kinds import Edit, Kind
from cleantext.safety import checked_run, content, lost_content, verify

from .conftest import SEEDS

CLEANER = Cleaner(load_ruleset())


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_pass_both_checks(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert verify(text, CLEANER.run(text), CLEANER) is None


@pytest.mark.parametrize(
    "text",
    [
        "青藏高原青藏高原““科创中心科创中心””\n",  # fake bold removes the copies
        "２０２５年ＡＩ大会⽇本⼈⺠\n",  # width and compat keep content after folding
        "创\u200b新\u00a0之城\r\n第二行\r\n",
        "",
        "\n\n  \n",
    ],
)
def test_sound_results_pass(text: str) -> None:
    assert lost_content(text, clean_result(text)) == []
    assert verify(text, CLEANER.run(text), CLEANER) is None


def test_content_folds_width_and_compat_forms() -> None:
    assert content("在 ２０２５ 年，ＡＩ！⽇⺠") == "在2025年AI日民"


def test_a_rule_that_drops_a_character_is_named() -> None:
    broken = Result("在2025\n", [Change("spacing", 1, 2, " ", ""),
                                 Change("spacing", 6, 8, " 年", "")])
    assert lost_content("在 2025 年\n", broken) == ["1:7: rule 'spacing' changed content: ' 年' → ''"]


def test_untraced_loss_is_found() -> None:
    problems = lost_content("在 2025 年\n", Result("在225年\n", [Change("spacing", 1, 2, " ", ""),
                                                               Change("spacing", 6, 7, " ", "")]))
    assert problems and "no rule naming it" in problems[0] and problems[0].startswith("1:4:")


def test_reordered_paragraphs_are_found() -> None:
    assert lost_content("甲\n\n乙\n", Result("乙\n\n甲\n", [])) != []


def test_dedup_may_only_remove_a_copy_of_what_precedes() -> None:
    text = "科创中心科创中心\n"
    good = Result("科创中心\n", [Change("fake-bold", 4, 8, "科创中心", "")])
    bad = Result("科创\n", [Change("fake-bold", 2, 8, "中心科创中心", "")])
    assert lost_content(text, good) == []
    assert "not a copy" in lost_content(text, bad)[0]


class _Eater(Kind):
    """A broken rule kind: drops every 'x' and reports it."""

    name = "eater"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if edits is not None:
            edits.extend((i, i + 1, "") for i, c in enumerate(text) if c == "x")
        return text.replace("x", "")


class _Grower(Kind):
    """A broken rule kind: appends '。' to every line that lacks one, so it never settles."""

    name = "grower"

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if edits is not None:
            edits.append((len(text), len(text), "。"))
        return text + "。"


def test_verify_names_the_rule_that_lost_content() -> None:
    cleaner = Cleaner([*load_ruleset(), Rule("eat-x", "eater", "", _Eater())])
    text = "box 在这里\n"
    message = verify(text, cleaner.run(text), cleaner)
    assert message is not None and "'eat-x'" in message and "changed content" in message


def test_verify_names_the_rule_that_is_not_idempotent() -> None:
    cleaner = Cleaner([Rule("grow", "grower", "", _Grower())])
    text = "一句话\n"
    message = verify(text, cleaner.run(text), cleaner)
    assert message is not None and message.startswith("not idempotent") and "grow" in message


def test_a_text_of_many_slices_is_checked_slice_by_slice() -> None:
    text = "".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    small = Cleaner(load_ruleset(), target=64)
    assert verify(text, small.run(text), small) is None
    eater = Cleaner([*load_ruleset(), Rule("eat-x", "eater", "", _Eater())], target=64)
    noisy = text + "\n\n最后一段。\n\n第二行 box 在这里。\n"
    line = noisy.count("\n", 0, noisy.index("box")) + 1
    message = verify(noisy, eater.run(noisy), eater)
    assert message is not None and message.startswith(f"content check failed at {line}:7: ")
    assert "'eat-x'" in message


def test_checking_slice_by_slice_finds_what_the_whole_trace_shows() -> None:
    text = "在 2025 年,创新\n\n科创中心科创中心 box\n" * 20
    cleaner = Cleaner([*load_ruleset(), Rule("eat-x", "eater", "", _Eater())], target=16)
    traced = cleaner.run(text)
    checked = checked_run(text, cleaner)
    assert (checked.text, checked.changes, checked.counts()) == (traced.text, [], traced.counts())
    assert checked.problems == lost_content(text, traced, cleaner.rules)
    assert len(checked.problems) == 20 and "'eat-x' changed content" in checked.problems[0]
    assert verify(text, checked, cleaner) == verify(text, traced, cleaner) is not None
    assert checked_run(text, cleaner, check=False).problems is None
