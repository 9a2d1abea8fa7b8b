"""Which core runs the kinds: the native one (`cleantext_native`, Rust) or pure Python.

The native core is its own distribution (`native/` in the repository); without it, or
with `CLEANTEXT_PURE=1` in the environment, every kind runs its Python `apply`, the
reference the native kinds are held equal to (`tests/test_native.py`).

>>> core_name() in ("native", "pure Python")
True
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from types import ModuleType
from typing import Any, Protocol, TypeVar

#: The tuple type `NativeChain.trace` makes changes of.
T = TypeVar("T", bound=tuple[Any, ...])

class NativeKind(Protocol):
    """A kind of the native core: `apply(text, want_edits)` gives `(text, edits)`."""

    def apply(self, text: str, want_edits: bool, /) -> tuple[str, list[tuple[int, int, str]]]:
        ...


class NativeChain(Protocol):
    """Native kinds run one after the other in one call: `apply(text, want_edits)` gives
    the text and each kind's edits of its own input."""

    def apply(self, text: str, want_edits: bool, /
              ) -> tuple[str, list[list[tuple[int, int, str]]]]:
        ...

    def settle(self, text: str, passes: int, /) -> str:
        """The kinds run over `text` until a pass changes nothing, `passes` times at most,
        untraced: the text settled, or what the first pass made when it did not settle."""
        ...

    def settle_utf8(self, text: str, passes: int, /) -> bytes:
        """`settle`, the text given back in UTF-8."""
        ...

    def checked(self, text: str, passes: int, offset: int, ids: list[str], change: type[T], /
                ) -> tuple[str, bool, Any]:
        """`settle` traced: the text, whether a pass changed nothing, and the changes of the
        slice (at `offset` of the input) kept in the core (a `Changes`: `items()` gives them
        as tuples of type `change`)."""
        ...

    def trace(self, text: str, trace: Any, offset: int, ids: list[str], change: type[T], /
              ) -> tuple[str, list[T]]:
        """The text, and the changes of the slice (at `offset` of the input) the kinds
        made, recorded in `trace` (a `Trace` of the core), each named by its kind's id: as
        tuples of type `change` (the engine's `Change`: rule id, start, end, before, after),
        made in the core."""
        ...


#: What a native kind or chain raises to hand a text back to the Python kinds: lone
#: surrogates (no UTF-8 for Rust), or a case its port declines (`NotImplementedError`).
FALLBACK = (UnicodeEncodeError, NotImplementedError)


def _load() -> ModuleType | None:
    if os.environ.get("CLEANTEXT_PURE", "") not in ("", "0"):
        return None
    try:
        import cleantext_native
    except ImportError:
        return None
    return cleantext_native


#: The native module, or None when the pure-Python path runs.
core: ModuleType | None = _load()
_checked = False


def data_version(data: str) -> str:
    """The version of character data the kinds read besides `regex`'s classes: Python's
    `unicodedata` (`str` methods) or `opencc` (its dictionaries: compat's script vote)."""
    if data == "unicodedata":
        import unicodedata

        return unicodedata.unidata_version
    try:  # the library's own version (OpenCC's, compiled into `opencc`): no metadata to read
        return str(importlib.import_module(data).__version__)
    except (ImportError, AttributeError):
        from importlib.metadata import version

        return version(data)


def data_versions() -> dict[str, str]:
    """`data_version` of each data the core's tables are written from."""
    return {data: data_version(data) for data in ("unicodedata", "opencc")}


def matches(data: str) -> bool:
    """The core's tables were written from the `data` (a key of `data_versions`) installed."""
    built = dict(getattr(core, "BUILT_FROM", ()))
    return built.get(data) == data_version(data)


def _usable() -> ModuleType | None:
    """`core`, if its tables were written from this Python's `unicodedata` (else it is
    dropped: the native kinds would not agree with the Python ones on every character)."""
    global core, _checked
    if core is not None and not _checked:
        _checked = True
        if not matches("unicodedata"):
            core = None
    return core


def core_name() -> str:
    """`native` when the native core runs the kinds it has, else `pure Python`."""
    return "native" if _usable() is not None else "pure Python"


def bind(class_name: str, options: Mapping[str, Any]) -> NativeKind | None:
    """The native kind of class `class_name`, set up with the
    kind's checked `options`; None when the core lacks it, declines these options, or was
    built from other character data."""
    native_class = getattr(_usable(), class_name, None) if class_name else None
    if native_class is None:
        return None
    try:
        return native_class(dict(options))  # type: ignore[no-any-return]
    except (ValueError, TypeError, KeyError):
        return None


def chain(kinds: list[NativeKind | None]) -> NativeChain:
    """The native `kinds` (each bound by `bind`) run one after the other in one call."""
    return core.Chain(kinds)  # type: ignore[union-attr,no-any-return]


def core_class(name: str) -> Any:
    """The core's class or function `name` (`Trace`, the engine's `_Trace`, or `Alignment`,
    safety's `_Alignment`, natively), or None when the pure-Python path runs."""
    return getattr(_usable(), name, None)
