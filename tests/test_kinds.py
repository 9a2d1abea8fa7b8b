"""Every registered kind: documented in the house template, and traced exactly."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import pytest

from cleantext.config import load_ruleset
from cleantext.kinds import KINDS, Content, Edit, Kind

from .conftest import SEEDS

SECTIONS = ["What it does", "Leaves alone", "Params", "Content safety", "Known limits"]

#: Params a kind needs to be built at all (the generic kinds have no useful defaults).
REQUIRED = {
    "regex": {"pattern": r"(\p{Han}) +(\p{Han})", "replacement": r"\1\2"},
    "charmap": {"map": {"丶": "、", "，": ","}},
    "phrasemap": {"phrases": {"通讯员": "通讯人员", "西宁": "西宁市"}},
}


def _doc(kind: type[Kind]) -> str:
    return inspect.getdoc(sys.modules[kind.__module__]) or ""


def _section(doc: str, title: str) -> str:
    """The body of one `Title\\n-----` section of a kind's docs."""
    match = re.search(rf"^{title}\n-+\n(.*?)(?=^\S[^\n]*\n-+\n|\Z)", doc, re.M | re.S)
    assert match, f"no section {title!r}"
    return match.group(1)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_kind_is_documented_in_the_five_sections_in_order(name: str) -> None:
    doc = _doc(KINDS[name])
    assert doc.startswith(f"{name}: "), "the first line names the kind and says what it does"
    titles = re.findall(r"^(\S[^\n]*)\n-+$", doc, re.M)
    assert titles == SECTIONS


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_param_is_documented_with_its_default(name: str) -> None:
    kind = KINDS[name]
    params = _section(_doc(kind), "Params")
    if not kind.params:
        assert params.strip() == "None."
    for key in kind.params:
        assert re.search(rf"^{key} \(", params, re.M), f"param {key!r} is not documented"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_content_safety_says_what_the_kind_declares(name: str) -> None:
    kind = KINDS[name]
    first_words = {Content.KEEPS: "Keeps content", Content.MAPS: "Maps content",
                   Content.REMOVES_DUPLICATES: "Removes duplicates"}
    assert _section(_doc(kind), "Content safety").startswith(first_words[kind.content])


def _texts() -> list[str]:
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    tricky = "創新 之城\r\n開發區的東西，西宁 ２０２５ 年\u200b丶通讯员\n\n“好”“好”\t表  格\n"
    return [*seeds, tricky]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_replaying_a_kinds_edits_on_its_input_gives_its_output(name: str) -> None:
    """Each kind's edits, in its input's coordinates, rebuild its output exactly, and the
    traced run gives the same text as the untraced one."""
    kind = KINDS[name](**REQUIRED.get(name, {}))
    for text in _texts():
        edits: list[Edit] = []
        out = kind.apply(text, edits)
        assert out == kind.apply(text, None)
        rebuilt, done = [], 0
        for start, end, new in sorted(edits):
            assert done <= start <= end <= len(text)
            rebuilt.append(text[done:start] + new)
            done = end
        assert "".join(rebuilt) + text[done:] == out


def test_a_new_kind_needs_its_module_the_registry_and_a_rule_set(tmp_path: Path) -> None:
    """A kind defined here, registered, and named in a rule file runs through the engine and
    the `--safe` check with nothing else changed: it declares what it does to content."""
    from cleantext.engine import Cleaner
    from cleantext.kinds.base import sub
    from cleantext.safety import verify

    class Dunhao(Kind):
        """dunhao: `丶` misread for `、` between Chinese characters."""

        name = "test-dunhao"
        content = Content.MAPS

        def apply(self, text: str, edits: list[Edit] | None) -> str:
            return sub(re.compile(r"(?<=[\u4e00-\u9fff])丶(?=[\u4e00-\u9fff])"), "、", text, edits)

    rules = tmp_path / "rules.yaml"
    rules.write_text("extends: default\nrules:\n  - id: dunhao\n    kind: test-dunhao\n"
                     "    description: 丶 for 、\n", encoding="utf-8")
    KINDS[Dunhao.name] = Dunhao
    try:
        cleaner = Cleaner(load_ruleset(str(rules)))
        text = "苹果丶香蕉丶梨\n"
        result = cleaner.run(text)
        assert result.text == "苹果、香蕉、梨\n"
        assert [change.rule for change in result.changes] == ["dunhao", "dunhao"]
        assert verify(text, result, cleaner) is None
        Dunhao.content = Content.KEEPS  # a kind that says it keeps content but maps it
        message = verify(text, cleaner.run(text), cleaner)
        assert message and "rule 'dunhao' changed content" in message
    finally:
        del KINDS[Dunhao.name]
