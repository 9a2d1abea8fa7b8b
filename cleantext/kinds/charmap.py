"""charmap: replace single characters, for rules users write in YAML.

Before: ``"一丶总体要求"``  After: ``"一、总体要求"`` (with ``map: {"丶": "、"}``)

What it does
------------
Replaces each character that is a key of `map` by its value (any string, empty
to delete)::

    - id: dun-hao
      kind: charmap
      params: {map: {"丶": "、"}}

Leaves alone
------------
Every character that is not a key of `map`.

Params
------
map ({})
    Single characters to the strings they become; required.

Content safety
--------------
Maps content: the user says what each character becomes; `--safe` accepts the
changes the trace names this rule for.

Known limits
------------
It does not look at context: a key is replaced everywhere, in every script.
"""

from __future__ import annotations

from typing import Any

from .base import Content, Edit, Kind, ParamError, translate


class CharMap(Kind):
    name = "charmap"
    content = Content.MAPS
    params = {"map": {}}

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        table: dict[int, str] = {}
        for key, value in self.options["map"].items():
            if not isinstance(key, str) or len(key) != 1 or not isinstance(value, str):
                raise ParamError(f"map keys must be single characters and values strings: {key!r}")
            table[ord(key)] = value
        if not table:
            raise ParamError("param 'map' is required")
        self.table = table

    def apply(self, text: str, edits: list[Edit] | None) -> str:
        return translate(self.table, text, edits)
