"""Every example declared in a shipped rule set runs as a test of its rule."""

from __future__ import annotations

import pytest

from cleantext.config import load_ruleset, shipped_sets

CASES = [
    pytest.param(rule, example, id=f"{name}:{rule.id}:{index}")
    for name in shipped_sets()
    for rule in load_ruleset(name)
    for index, example in enumerate(rule.examples)
]


def test_every_shipped_rule_documents_itself() -> None:
    for name in shipped_sets():
        for rule in load_ruleset(name):
            assert rule.description, f"{rule.id} has no description"
            assert rule.examples, f"{rule.id} has no examples"
            assert any(e.before != e.after for e in rule.examples), f"{rule.id} shows no change"


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example(rule, example) -> None:
    assert rule.impl.apply(example.before, None) == example.after
