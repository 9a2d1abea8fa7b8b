"""phrasemap: replace whole phrases, longest first, for rules users write in YAML.

Before: ``"本报诵讯员"``  After: ``"本报通讯员"`` (with ``phrases: {"诵讯员": "通讯员"}``)

What it does
------------
Replaces each occurrence of a key of `phrases` by its value; where phrases
overlap, the longest wins::

    - id: ocr-fixes
      kind: phrasemap
      params: {phrases: {诵讯员: 通讯员, 篁力: 算力}}

Leaves alone
------------
Every text that is not one of the phrases.

Params
------
phrases ({})
    Phrases to the strings they become; required, keys not empty.

Content safety
--------------
Maps content: the user says what each phrase becomes; `--safe` accepts the
changes the trace names this rule for.

Known limits
------------
It does not look at context or word boundaries: a phrase inside a longer word
is replaced too.
"""

from __future__ import annotations

from typing import Any

import regex

from .base import Content, Edit, Kind, ParamError, sub


class PhraseMap(Kind):
    name = "phrasemap"
    content = Content.MAPS
    params = {"phrases": {}}

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        phrases = self.options["phrases"]
        if not phrases:
            raise ParamError("param 'phrases' is required")
        for key, value in phrases.items():
            if not isinstance(key, str) or not key or not isinstance(value, str):
                raise ParamError(f"phrases must map non-empty strings to strings: {key!r}")
        ordered = sorted(phrases, key=len, reverse=True)
        self.phrases = dict(phrases)
        self.pattern = regex.compile("|".join(regex.escape(p) for p in ordered))

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return sub(self.pattern, lambda m: self.phrases[m.group()], text, edits)
