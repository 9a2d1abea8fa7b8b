"""The `ocr` rule set: its rules run where they must, and a rule set can place a rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext.config import ConfigError, load_ruleset


def test_ocr_extends_default_and_joins_columns_before_unwrap() -> None:
    ids = [rule.id for rule in load_ruleset("ocr")]
    default = [rule.id for rule in load_ruleset("default")]
    assert [i for i in ids if i in default] == default
    assert ids.index("ocr-lines") == ids.index("unwrap") - 1
    assert ids[-1] == "ocr-lookalike"


def test_a_rule_placed_before_a_missing_rule_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("extends: default\nrules:\n  - id: mine\n    kind: ocrmarks\n"
                    "    before: no-such-rule\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"set\.yaml:3: 'before': no rule with id 'no-such-rule'"):
        load_ruleset(str(path))


@pytest.mark.parametrize("params", [{}, {"margin": 5.0, "min_han": 4, "orphans": 0.6, "span": 15}])
def test_lookalike_gives_what_a_fresh_one_gives_whatever_it_met_before(params: dict) -> None:
    """The corrector remembers what it made, to look at less when the rules pass a text
    again; what it gives must not depend on that: a line it met before without fixing it
    may now have a misread near it (`span`) that vouches for its own."""
    from cleantext.kinds.lookalike import Lookalike

    first = "本报讯（诵讯员王小明）本报讯（诵讯员王小明）"
    kind = Lookalike(**params)
    again = kind.apply(first, None) + "\n" + "本报讯（诵讯员王小明）\n" * 2 + "自我约東水平"
    fresh = Lookalike(**params).apply(again, None)
    assert kind.apply(again, None) == kind.apply(again, None) == fresh


@pytest.mark.parametrize("way", ["apply", "run"])  # the Python kind, and its native twin
def test_lookalike_judges_a_line_after_one_it_found_quiet_as_a_fresh_one_does(way: str) -> None:
    """A line the last call found no candidate in is skipped, but the line after it is
    judged as it would be the first time: its first pair (`诵讯`) is still an orphan."""
    from cleantext.kinds.lookalike import Lookalike

    text = ("今天天气很好，我们一起去公园散步。\n"
            "诵讯员王小明报道，为深入学习贯彻党的二十届四中全会精神，提高自我管理、自我约東水平。\n")
    kind = Lookalike()
    fixed = getattr(kind, way)(text, None)
    assert fixed.startswith("今天天气很好，我们一起去公园散步。\n通讯员")
    assert getattr(kind, way)(text, None) == fixed == getattr(Lookalike(), way)(text, None)


@pytest.mark.parametrize("way", ["apply", "run"])
def test_lookalike_fixes_a_pair_at_the_end_of_a_text_as_before_a_line_break(way: str) -> None:
    """A slice's text ends with no line break: its last pair (`约東`) has no pair after it,
    as before a break, and is judged the same."""
    from cleantext.kinds.lookalike import Lookalike

    text = "本报讯（诵讯员王小明）为深入学习贯彻党的二十届四中全会精神，提高自我管理、自我约東"
    fixed = getattr(Lookalike(), way)(text, None)
    assert fixed == getattr(Lookalike(), way)(text + "\n", None)[:-1]
    assert fixed.endswith("自我约束") and "通讯员" in fixed
