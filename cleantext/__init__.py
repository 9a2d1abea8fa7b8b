"""cleantext: repair and normalise text extracted from PDFs and scans, Chinese first.

>>> clean("在 2025 年,创新\\n之城")
'在2025年，创新之城\\n'

The engine (and the `regex` module) is imported on first use, so that
`cleantext --version` and `import cleantext` stay fast.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
def _cleaner(ruleset: str) -> Cleaner:
    from .config import load_ruleset
    from .engine import Cleaner

    return Cleaner(load_ruleset(ruleset))


def clean(text: str, ruleset: str = "default") -> str:
    """Clean `text` with a shipped rule set (or a rule set file path)."""
    return _cleaner(ruleset).run(text, trace=False).text


def clean_result(text: str, ruleset: str = "default") -> Result:
    """Clean `text` and say which rule changed what."""
    return _cleaner(ruleset).run(text, trace=True)
