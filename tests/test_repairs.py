"""Repairs that need more than a case can say: traces, slices, and the rules' own classes.

The cases themselves (input, expected, why) are data: `tests/cases/*.yaml`.
"""

from __future__ import annotations

from cleantext import clean, clean_result


def test_spaces_between_chinese_go_the_same_way_with_and_without_a_trace() -> None:
    """Without a trace, spacing removes most gaps in one pass over a plain class of common
    Chinese characters; every character of that class must count as Chinese to the rule."""
    import regex

    from cleantext.kinds.spacing import _COMMON_CJK
    from cleantext.text import is_cjk

    common = "".join(regex.findall(_COMMON_CJK, "".join(map(chr, range(0x3000, 0xE000)))))
    assert len(common) > 20_000 and all(map(is_cjk, common))
    text = "项 目 ，总 成 交 额 “ 创 新 ” 在 2025 年 㐀 丽"
    assert clean(text) == clean_result(text).text == "项目，总成交额“创新”在2025年㐀丽\n"
    # a line with kana or Hangul is Japanese or Korean: its spaces are its own
    assert clean("の カ 한 글") == clean_result("の カ 한 글").text == "の カ 한 글\n"


def test_every_change_is_traced_to_a_rule_and_a_span_of_the_input() -> None:
    raw = "在 2025 年,西宁\n开发区““创新””\n"
    result = clean_result(raw)
    assert result.text == "在2025年，西宁开发区“创新”\n"
    assert set(result.counts()) == {"spacing", "punctuation", "unwrap", "doubled-punctuation"}
    for change in result.changes:
        assert 0 <= change.start <= change.end <= len(raw)
    comma = next(c for c in result.changes if c.rule == "punctuation")
    assert raw[comma.start : comma.end] == "," and comma.after == "，"
    joined = next(c for c in result.changes if c.rule == "unwrap" and c.after == "")
    assert raw[joined.start : joined.end] == "\n"


def test_streaming_in_small_slices_gives_the_same_text(tmp_path) -> None:
    from cleantext.config import load_ruleset
    from cleantext.engine import Cleaner

    from .conftest import SEEDS

    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert Cleaner(load_ruleset(), target=2048).run(text).text == clean(text)
