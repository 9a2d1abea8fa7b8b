"""The registry of rule kinds: the code a YAML `kind:` names."""

from __future__ import annotations

from .base import Content, Edit, Kind, ParamError, RuleTimeout, Scope
from .charmap import CharMap
from .compat import Compat
from .doubled import Doubled
from .ellipsis import Ellipsis
from .fakebold import FakeBold
from .invisible import Invisible
from .lookalike import Lookalike
from .ocrdash import OcrDash
from .ocrlines import OcrLines
from .ocrmarks import OcrMarks
from .ocrquotes import OcrQuotes
from .opencc import OpenCC
from .phrasemap import PhraseMap
from .punctuation import Punctuation
from .quotes import Quotes
from .regex import Regex
from .spacing import Spacing
from .unwrap import Unwrap
from .width import Width

KINDS: dict[str, type[Kind]] = {
    kind.name: kind
    for kind in (
        Invisible, Compat, Width, Unwrap, FakeBold, Doubled, Ellipsis, Punctuation, Quotes,
        Spacing, OpenCC, Regex, CharMap, PhraseMap, OcrLines, OcrMarks, OcrDash, Lookalike,
        OcrQuotes,
    )
}

__all__ = ["KINDS", "Content", "Edit", "Kind", "ParamError", "RuleTimeout", "Scope"]
