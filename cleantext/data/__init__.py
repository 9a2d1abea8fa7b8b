"""Data files the rule kinds read: `lookalike.tsv.gz` (built by `tools/build_lookalikes.py`)."""

from __future__ import annotations

from functools import lru_cache


def lookalike_text() -> str:
    """The text of `lookalike.tsv.gz`: a line `kind<TAB>key<TAB>value` each (`w` a word and
    its count, `x` a longer word, `c` and `p` a character and its look-alikes by the whole
    shape and by parts), `#` before a comment. The native `lookalike` reads it too.

    >>> lookalike_text().startswith("#")
    True
    """
    import gzip  # here: every run imports the kinds, few read the data
    from importlib import resources

    raw = resources.files("cleantext").joinpath("data", "lookalike.tsv.gz").read_bytes()
    return gzip.decompress(raw).decode("utf-8")


@lru_cache(maxsize=1)
def lookalike_data() -> tuple[dict[str, int], frozenset[str], dict[str, tuple[str, str]]]:
    """(word of one or two characters → count per 1e8 words, words of three or four
    characters, character → its look-alikes in order of likeness by the whole shape and
    by parts), loaded once.

    >>> words, longer, near = lookalike_data()
    >>> words["通讯"] > 1000, "魁北克" in longer, near["诵"][0].index("通"), near["允"][1][0]
    (True, True, 3, '充')
    """
    words: dict[str, int] = {}
    longer: list[str] = []
    near: dict[str, tuple[str, str]] = {}
    for line in lookalike_text().splitlines():
        kind, key, value = line.split("\t") if line[0] != "#" else ("#", "", "")
        if kind == "w":
            words[key] = int(value)
        elif kind == "x":
            longer.append(key)
        elif kind == "c":
            near[key] = (value, near.get(key, ("", ""))[1])
        elif kind == "p":
            near[key] = (near.get(key, ("", ""))[0], value)
    return words, frozenset(longer), near
