"""cleantext: repair and normalise text extracted from PDFs and scans, Chinese first.

>>> clean("在 2025 年,创新\\n之城")
'在2025年，创新之城\\n'
>>> clean("# 在 2025 年,创新\\n\\n`a, b` 之城\\n", format="markdown")
'# 在2025年，创新\\n\\n`a, b`之城\\n'

The engine (and the `regex` module) is imported on first use, so that
`cleantext --version` and `import cleantext` stay fast.
"""

from __future__ import annotations

from functools import lru_cache

#: `typing` is not imported at run time: the command starts on this module, and a Ctrl-C
#: before `__main__` installs its handler would show a traceback.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .engine import Change, Cleaner, Result, Rule

__version__ = "0.1.0"
__all__ = ["Change", "Cleaner", "Result", "Rule", "clean", "clean_result", "__version__"]

_ENGINE_NAMES = {"Change", "Cleaner", "Result", "Rule"}


def __getattr__(name: str) -> Any:
    """Import the engine's classes on first access."""
    if name in _ENGINE_NAMES:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@lru_cache(maxsize=8)
def _cleaner(ruleset: str, format: str = "text") -> Cleaner:
    from .config import load_ruleset
    from .engine import Cleaner
    from .formats import adapt

    return adapt(Cleaner(load_ruleset(ruleset)), format)


def clean(text: str, ruleset: str = "default", format: str = "text") -> str:
    """Clean `text` with a shipped rule set (or a rule set file path); `format` is "text"
    (all of it is prose) or "markdown" (only the prose of a Markdown document)."""
    return _cleaner(ruleset, format).run(text, trace=False).text


def clean_result(text: str, ruleset: str = "default", format: str = "text") -> Result:
    """Clean `text` and say which rule changed what (in `text`'s positions)."""
    return _cleaner(ruleset, format).run(text, trace=True)
