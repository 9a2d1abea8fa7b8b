"""Format adapters: which parts of a document are prose, handed to the rules.

Plain text is all prose, so its adapter is the `Cleaner` itself. Markdown
(`cleantext.formats.markdown`) cleans the prose of paragraphs, headings, list
items, table cells and block quotes and leaves code, link targets, HTML, math
and front matter as they are. A file's format follows from its name:

>>> format_of("notes/a.md"), format_of("b.MARKDOWN"), format_of("c.txt")
('markdown', 'markdown', 'text')
"""

from __future__ import annotations

from functools import lru_cache
from os import PathLike
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine import Cleaner

FORMATS = ("text", "markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")


def format_of(name: str | PathLike[str]) -> str:
    """The format a file name says: "markdown" for `*.md` and `*.markdown`, else "text"."""
    return "markdown" if str(name).lower().endswith(MARKDOWN_SUFFIXES) else "text"


def adapt(cleaner: Cleaner, format: str) -> Cleaner:
    """`cleaner` made to clean text of `format` (one of `FORMATS`); the same one for text."""
    if format == "text":
        return cleaner
    if format == "markdown":
        return _markdown(cleaner)
    raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")


@lru_cache(maxsize=16)
def _markdown(cleaner: Cleaner) -> Cleaner:
    from .markdown import MarkdownCleaner

    return MarkdownCleaner(cleaner.rules, cleaner.target)
