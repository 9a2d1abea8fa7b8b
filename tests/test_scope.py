"""What a kind declares as its `Scope` holds, and the passes that lean on it change nothing.

A `Scope.LINE` kind cleans each line on its own: run on every other line of a text, it
gives those lines' part of its output and edits on the whole text. The engine's later
passes skip what cannot come out otherwise (`kinds.base.Known`, `settled` rules), so a
second pass over a slice with the memory of the first cleans as a fresh run would.
"""

from __future__ import annotations

import inspect
import re
import sys
from bisect import bisect_right
from functools import cache
from itertools import accumulate
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.config import load_ruleset
from cleantext.engine import Cleaner, Rule
from cleantext.kinds import KINDS, Edit, Kind, Scope

ROOT = Path(__file__).resolve().parent.parent
DEVCORPUS = ROOT.parent / "shared" / "devcorpus"


@cache
def _rules() -> tuple[Rule, ...]:
    """Every rule of the shipped sets, and each kind with each boolean param flipped."""
    rules = [r for name in ("default", "ocr") for r in load_ruleset(name)]
    for name, kind in sorted(KINDS.items()):
        for key, default in kind.params.items():
            if isinstance(default, bool):
                rules.append(Rule(f"{name}[{key}]", name, "", kind(**{key: not default})))
    return tuple({rule.id: rule for rule in rules}.values())


def _line_rules() -> tuple[Rule, ...]:
    """`_rules` whose kind sees one line at a time."""
    return tuple(rule for rule in _rules() if rule.impl.scope is Scope.LINE)


#: Lines that kinds seeing more than a line judge by the lines around them: justified
#: prose beside table rows, a line end in CRLF, a short doubled heading that another
#: vouches for, radicals in Traditional text.
_ACROSS_LINES = [
    "Name  Size  Date  Owner\nfoo   big   May   root\nMessage  Of  The  Day is shown\n",
    "Message  Of  The  Day is shown\nSomeone  Is  Her  Here xx\n",  # a table: not justified
    "Message  Of  The  Day is shown\n",  # alone: justified
    "第一行\r\n第二行\r\n",
    "链接链接\n\n正文说了一些话。\n\n实时实时\n\n标题标题标题\n",
    "⽤⼾設定\n\n傳統的文字裡\n",
]


@cache
def _texts() -> tuple[str, ...]:
    """The seeds, a sample of the dev corpus, the test cases' texts and `_ACROSS_LINES`,
    each as it comes and as the default set's layout rule leaves it (one paragraph a line)."""
    files = sorted((ROOT / "seeds").glob("*.txt"))
    files += sorted(DEVCORPUS.rglob("*.txt"))[::23] if DEVCORPUS.is_dir() else []
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files] + _ACROSS_LINES
    for case_file in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
        cases = yaml.safe_load(case_file.read_text(encoding="utf-8")) or []
        texts.append("\n".join(c["input"] for c in cases if isinstance(c.get("input"), str)))
    rules = list(load_ruleset("default"))
    layout = next(at for at, rule in enumerate(rules) if rule.impl.layout)
    return tuple(texts + [_through(text, rules[: layout + 1]) for text in texts])


def _through(text: str, rules: list[Rule]) -> str:
    for rule in rules:
        text = rule.impl.apply(text, None)
    return text


def _starts(lines: list[str]) -> list[int]:
    return list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))


def _line_by_line(kind: Kind, text: str) -> tuple[str, list[Edit]]:
    """The output and edits of `kind` on `text`, made from its runs on the even and on the
    odd lines apart (their lines put back in turn, their edits moved to their places)."""
    lines = text.split("\n")
    starts = _starts(lines)
    outs: list[str] = list(lines)
    placed: list[Edit] = []
    for parity in (0, 1):
        picked = lines[parity::2]
        if not picked:
            continue
        edits: list[Edit] = []
        outs[parity::2] = kind.apply("\n".join(picked), edits).split("\n")
        picked_starts = _starts(picked)
        for start, end, new in edits:
            index = bisect_right(picked_starts, start) - 1
            shift = starts[parity + 2 * index] - picked_starts[index]
            placed.append((start + shift, end + shift, new))
    return "\n".join(outs), sorted(placed)


def _assert_line_by_line(rule: Rule, text: str) -> None:
    edits: list[Edit] = []
    whole = rule.impl.apply(text, edits)
    assert _line_by_line(rule.impl, text) == (whole, sorted(edits)), (rule.id, text[:200])


@pytest.mark.parametrize("rule", _line_rules(), ids=lambda r: r.id)
def test_a_line_kind_cleans_each_line_on_its_own(rule: Rule) -> None:
    for text in _texts():
        _assert_line_by_line(rule, text)


#: Characters the line kinds act on, and line breaks among them.
_ALPHABET = st.sampled_from(
    list("中文字一二的。，、；：？！“”‘’（）《》【】—…·０１２ＡＢ％．|‖=~*[/")
    + list("abcXYZ019 .,;:?!'\"()-\t\u3000") + ["\n"] * 6 + ["...", "。。。", "一一", "丶"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=50).map("".join))
def test_line_kinds_clean_generated_lines_on_their_own(text: str) -> None:
    for rule in _line_rules():
        _assert_line_by_line(rule, text)


@pytest.mark.parametrize("rule", [r for r in _rules() if r.impl.known is not None],
                         ids=lambda r: r.id)
def test_a_kind_that_remembers_lines_cleans_as_a_fresh_one(rule: Rule) -> None:
    """Lines a kind left alone are skipped on its next runs: a kind that has cleaned the
    texts, traced and not, cleans them changed (as a later pass sees them) as a fresh one."""
    kind = type(rule.impl)(**rule.impl.options)
    for text in _texts():
        kind.apply(text, None)
        kind.apply(text, [])
    for text in _texts():
        changed = re.sub(r"(?m)^(.)", r"\1\1", text)  # some lines known, some not
        for later in (text, changed):
            fresh = type(rule.impl)(**rule.impl.options)
            for traced in (False, True):
                mine: list[Edit] | None = [] if traced else None
                theirs: list[Edit] | None = [] if traced else None
                assert kind.apply(later, mine) == fresh.apply(later, theirs), rule.id
                assert mine == theirs, rule.id


def test_a_rule_that_changed_nothing_is_not_run_on_the_same_text_again() -> None:
    """Passes repeat while one changes the text; a rule that left the text alone is run
    again only once a later rule (or pass) changed it."""
    seen: list[str] = []

    class Watch(Kind):
        name = "test-watch"

        def apply(self, text: str, edits: list[Edit] | None) -> str:
            seen.append(text)
            return text

    rules = [*load_ruleset("default"), Rule("watch", "test-watch", "", Watch())]
    for trace in (False, True):
        seen.clear()
        assert Cleaner(rules).run("在 2025 年,创新\n", trace).text == "在2025年，创新\n"
        assert seen == ["在2025年，创新"]  # pass 2, which changes nothing, sees it again


def test_the_docs_of_a_kind_say_whether_it_sees_one_line_at_a_time() -> None:
    """`cleantext rules show ID` tells a user what a rule looks at."""
    for name, kind in sorted(KINDS.items()):
        doc = inspect.getdoc(sys.modules[kind.__module__]) or ""
        does = doc.split("\nLeaves alone\n")[0]
        says = "sees one line at a time" in " ".join(does.split())
        assert says == (kind.scope is Scope.LINE), name
