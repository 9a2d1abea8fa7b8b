"""opencc: convert between Chinese variants with OpenCC, traditional → simplified by default.

Before: ``"開發區的東西"``  After: ``"开发区的东西"``

What it does
------------
Runs OpenCC's converter over each stretch of Han characters and records every
character or phrase it changed. OpenCC is imported only when a rule of this
kind is built, so start-up stays fast.

Leaves alone
------------
Everything OpenCC's dictionaries do not change: text already in the target
variant, punctuation, Latin, digits.

Params
------
config ("t2s")
    The OpenCC configuration: `t2s`, `tw2sp`, `hk2s`, `s2t`, `s2tw`, … (any
    configuration file OpenCC ships, without `.json`).

Content safety
--------------
Maps content: it replaces Han characters and phrases by their equivalents in
another variant, as OpenCC's dictionaries say; `--safe` accepts these changes
because the trace names this rule.

Known limits
------------
OpenCC converts by dictionary, not by meaning: one-to-many characters (`乾`,
`髮/發`) follow its phrase tables and can be wrong in rare contexts.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from ..text import lazy_regex
from .base import Content, Edit, Kind, ParamError, sub

_HAN_RUN = lazy_regex(r"\p{Han}+")


class OpenCC(Kind):
    name = "opencc"
    content = Content.MAPS
    params = {"config": "t2s"}

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        import opencc  # deferred: it loads dictionaries

        config = self.options["config"].removesuffix(".json")
        if config + ".json" not in opencc.CONFIGS:
            known = ", ".join(sorted(c.removesuffix(".json") for c in opencc.CONFIGS))
            raise ParamError(f"unknown OpenCC config {config!r} (known: {known})")
        self.config = config

    @cached_property
    def converter(self) -> Any:
        """OpenCC's converter, made the first time the rule runs: it loads dictionaries,
        and the shipped sets build their opencc rule though it is off."""
        import opencc

        return opencc.OpenCC(self.config)

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        if edits is None:
            try:
                return self.converter.convert(text)
            except UnicodeEncodeError:  # a lone surrogate, which OpenCC cannot take: Han runs
                pass
        return sub(_HAN_RUN, lambda m: self.converter.convert(m.group()), text, edits)
