"""Clean one text column of a batch of documents: the function every engine calls.

A batch is a pyarrow Table or RecordBatch, or a dict of columns (lists or
arrays), as Ray Data's `map_batches` hands it over. Every row comes out:
null stays null, a value that is not a string is kept and gets the reason in
the `cleantext_error` column, and so does a document that fails (a rule
timeout, or with `safe` a content or idempotence check): it keeps its text.

>>> batch = clean_batch({"id": [1, 2, 3], "text": ["在 2025 年,创新\\n", None, 7]})
>>> batch["text"], batch["cleantext_error"]
(['在2025年，创新\\n', None, 7], [None, None, 'not a string: int'])
>>> clean_batch({"text": ["中 ,文\\n"]}, stats=True)["cleantext_stats"]
[{'punctuation': 1, 'spacing': 1}]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from ..config import Config
    from ..engine import Cleaner

ERROR_COLUMN = "cleantext_error"
STATS_COLUMN = "cleantext_stats"


@dataclass
class Cleaned:
    """A column cleaned: the values, each row's error (or None), if asked its changes per rule."""

    texts: list[Any]
    errors: list[str | None]
    stats: list[dict[str, int] | None] | None = None

    def counts(self) -> dict[str, int]:
        """Changes per rule over the whole column (empty without stats)."""
        total: dict[str, int] = {}
        for row in self.stats or ():
            for rule, count in (row or {}).items():
                total[rule] = total.get(rule, 0) + count
        return total


class DocumentCleaner:
    """Cleans documents one by one with a Cleaner; `safe` checks each like a folder run does."""

    def __init__(self, cleaner: Cleaner, safe: bool = True, stats: bool = False) -> None:
        self.cleaner = cleaner
        self.safe = safe
        self.stats = stats

    def document(self, value: Any) -> tuple[Any, str | None, dict[str, int] | None]:
        """The cleaned value, the reason it was left as it was (or None), its changes per rule."""
        if value is None:
            return None, None, None
        if not isinstance(value, str):
            return value, f"not a string: {type(value).__name__}", None
        from ..kinds import RuleTimeout
        from ..safety import checked_run, verify

        text = str(value)  # a numpy str_ is a str
        try:
            if not self.safe and not self.stats:
                return self.cleaner.run(text, trace=False).text, None, None
            result = checked_run(text, self.cleaner, check=self.safe)
            problem = verify(text, result, self.cleaner) if self.safe else None
        except RuleTimeout as error:
            return value, str(error), None
        except Exception as error:  # noqa: BLE001 - one document must not stop the others
            return value, f"internal error: {type(error).__name__}: {error}", None
        if problem:
            return value, f"not cleaned (safe): {problem}", None
        return result.text, None, dict(result.counts()) if self.stats else None

    def values(self, values: Sequence[Any]) -> Cleaned:
        """Clean a column given as a list of values."""
        texts: list[Any] = []
        errors: list[str | None] = []
        stats: list[dict[str, int] | None] = []
        for value in values:
            text, error, counts = self.document(value)
            texts.append(text)
            errors.append(error)
            stats.append(counts)
        return Cleaned(texts, errors, stats if self.stats else None)


def is_arrow(batch: Any) -> bool:
    """Whether `batch` is a pyarrow Table or RecordBatch (without importing pyarrow)."""
    return type(batch).__module__.startswith("pyarrow") and hasattr(batch, "schema")


def arrow_with(batch: Any, field: str, cleaned: Cleaned) -> Any:
    """A Table or RecordBatch with `field` replaced by the cleaned texts and the error (and
    stats) columns set; a column that is not of strings stays as it was."""
    import pyarrow as pa

    column = batch.column(field)
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        batch = batch.set_column(batch.schema.get_field_index(field), batch.schema.field(field),
                                 pa.array(cleaned.texts, type=column.type))
    batch = _set(batch, ERROR_COLUMN, pa.array(cleaned.errors, type=pa.string()))
    if cleaned.stats is not None:
        batch = _set(batch, STATS_COLUMN, pa.array(cleaned.stats, type=stats_type()))
    return batch


def stats_type() -> pa.DataType:
    """The Arrow type of the stats column: changes per rule id."""
    import pyarrow as pa

    return pa.map_(pa.string(), pa.int64())


def _set(batch: Any, name: str, array: pa.Array) -> Any:
    index = batch.schema.get_field_index(name)
    if index >= 0:
        return batch.set_column(index, name, array)
    return batch.append_column(name, array)


def columns_with(batch: Mapping[str, Any], field: str, cleaned: Cleaned) -> dict[str, Any]:
    """A dict of columns with `field` replaced and the error (and stats) columns set."""
    out = dict(batch)
    out[field] = cleaned.texts
    out[ERROR_COLUMN] = cleaned.errors
    if cleaned.stats is not None:
        out[STATS_COLUMN] = cleaned.stats
    return out


def column_values(batch: Any, field: str) -> list[Any]:
    """The values of column `field` of a batch as a list; KeyError names a missing column."""
    if is_arrow(batch):
        if batch.schema.get_field_index(field) < 0:
            raise KeyError(f"no column {field!r} (columns: {', '.join(batch.schema.names)})")
        return list(batch.column(field).to_pylist())
    if field not in batch:
        raise KeyError(f"no column {field!r} (columns: {', '.join(map(str, batch))})")
    return list(batch[field])


ConfigLoader = Callable[[], "Config"]


class BatchCleaner:
    """A picklable callable cleaning column `field` of a batch, for Ray Data's `map_batches`.

    `load` builds the configuration (default: the shipped rule set `ruleset`);
    the Cleaner is built on first use in each process.

    >>> BatchCleaner(ruleset="zh-hans")({"text": ["開發區"]})["text"]
    ['开发区\\n']
    """

    def __init__(self, field: str = "text", ruleset: str = "default", *, safe: bool = True,
                 stats: bool = False, load: ConfigLoader | None = None) -> None:
        self.field = field
        self.ruleset = ruleset
        self.safe = safe
        self.stats = stats
        self.load = load
        self._documents: DocumentCleaner | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_documents": None}

    @property
    def documents(self) -> DocumentCleaner:
        """The DocumentCleaner, built once."""
        if self._documents is None:
            from ..engine import Cleaner

            if self.load is None:
                cleaner = _shipped(self.ruleset)
            else:
                cleaner = Cleaner(self.load().rules)
            self._documents = DocumentCleaner(cleaner, self.safe, self.stats)
        return self._documents

    def __call__(self, batch: Any) -> Any:
        cleaned = self.documents.values(column_values(batch, self.field))
        if is_arrow(batch):
            return arrow_with(batch, self.field, cleaned)
        return columns_with(batch, self.field, cleaned)


def _shipped(ruleset: str) -> Cleaner:
    from .. import _cleaner

    return _cleaner(ruleset)


@lru_cache(maxsize=8)
def _batch_cleaner(field: str, ruleset: str, safe: bool, stats: bool) -> BatchCleaner:
    return BatchCleaner(field, ruleset, safe=safe, stats=stats)


def clean_batch(batch: Any, field: str = "text", ruleset: str = "default", *, safe: bool = True,
                stats: bool = False) -> Any:
    """Clean column `field` of a Table, RecordBatch or dict of columns with a shipped rule set;
    the same kind of batch comes back. See the module's docstring."""
    return _batch_cleaner(field, ruleset, safe, stats)(batch)
