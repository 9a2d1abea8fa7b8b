"""Read and write corpus files in batches: JSONL (plain, .gz, .zst) and Parquet.

Memory is bounded by the batch (a number of rows, and at most about
`BATCH_BYTES` of text), not by the file. JSONL rows are read with the
standard `json` module, so a row's other fields come back as they were
(key order, numbers, nested values), and a text field of any JSON type can be
reported rather than refused. Parquet goes through pyarrow, column types and
the schema's metadata kept.

>>> format_of("a/b.jsonl.zst"), format_of("b.parquet"), format_of("b.txt")
(Format(kind='jsonl', compression='zstd'), Format(kind='parquet', compression=None), None)
"""

from __future__ import annotations

import base64
import codecs
import datetime
import decimal
import gzip
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, cast

from .batch import ERROR_COLUMN, STATS_COLUMN, Cleaned, arrow_with, stats_type
from .storage import DatasetError, open_input

JSONL, PARQUET = "jsonl", "parquet"
#: A batch ends after this many bytes of input, whatever its number of rows.
BATCH_BYTES = 8 << 20
#: The key of the Parquet schema metadata that holds the manifest.
METADATA_KEY = b"cleantext"


@dataclass(frozen=True)
class Format:
    """A file format: "jsonl" (compression None, "gzip" or "zstd") or "parquet"."""

    kind: str
    compression: str | None = None

    @property
    def suffix(self) -> str:
        """The file name ending of this format."""
        if self.kind == PARQUET:
            return ".parquet"
        return ".jsonl" + {None: "", "gzip": ".gz", "zstd": ".zst"}[self.compression]


SUFFIXES = {fmt.suffix: fmt for fmt in (Format(JSONL), Format(JSONL, "gzip"),
                                         Format(JSONL, "zstd"), Format(PARQUET))}


def format_of(name: str) -> Format | None:
    """The format a file name says, or None."""
    lower = name.lower()
    for suffix, fmt in SUFFIXES.items():
        if lower.endswith(suffix):
            return fmt
    return None


@dataclass
class Batch:
    """Rows read from a file: JSONL `rows` or a Parquet RecordBatch `arrow`, the text column's
    `values`, and how much of the file has been read (0 to 1)."""

    values: list[Any]
    rows: list[dict[str, Any]] | None = None
    arrow: Any = None
    done: float = 0.0


def read_batches(path: str, fmt: Format, field: str, rows: int) -> Iterator[Batch]:
    """The file's rows in batches of at most `rows` rows (and about BATCH_BYTES)."""
    with open_input(path) as raw:
        if fmt.kind == PARQUET:
            yield from _parquet_batches(raw, path, field, rows)
        else:
            yield from _jsonl_batches(raw, path, fmt.compression, field, rows)


def _size(raw: IO[bytes]) -> int:
    try:
        end = raw.seek(0, io.SEEK_END)
        raw.seek(0)
        return end or 1
    except (OSError, ValueError):
        return 1


def _decompressed(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    if compression == "gzip":
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    if compression == "zstd":
        import zstandard

        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
        return io.BufferedReader(reader, 1 << 20)  # type: ignore[arg-type]
    return raw


def _jsonl_batches(raw: IO[bytes], path: str, compression: str | None, field: str,
                   limit: int) -> Iterator[Batch]:
    size = _size(raw)
    rows: list[dict[str, Any]] = []
    held = 0
    for row in _jsonl_rows(raw, path, compression):
        rows.append(row)
        held += row.pop("\0size")
        if len(rows) >= limit or held >= BATCH_BYTES:
            yield _batch(rows, field, raw.tell() / size)
            rows, held = [], 0
    if rows:
        yield _batch(rows, field, 1.0)


def _batch(rows: list[dict[str, Any]], field: str, done: float) -> Batch:
    return Batch([row.get(field) for row in rows], rows, done=done)


def _jsonl_rows(raw: IO[bytes], path: str, compression: str | None) -> Iterator[dict[str, Any]]:
    """The row of each non-blank line; a row carries its line's size under "\\0size"."""
    number = 0
    try:
        for number, line in enumerate(_decompressed(raw, compression), 1):
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[len(codecs.BOM_UTF8):]
            if line.isspace() or not line:
                continue
            row = _parse(line, path, number)
            row["\0size"] = len(line)
            yield row
    except (OSError, EOFError) as error:  # a damaged .gz: OSError/EOFError
        raise DatasetError(f"{path}: cannot decompress after line {number}: {error}") from None
    except Exception as error:
        if type(error).__name__ != "ZstdError":
            raise
        raise DatasetError(f"{path}: cannot decompress after line {number}: {error}") from None


def _parse(line: bytes, path: str, number: int) -> dict[str, Any]:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DatasetError(f"{path}:{number}: not UTF-8: invalid byte "
                           f"0x{line[error.start]:02x} at byte {error.start + 1}") from None
    try:
        row = json.loads(text)
    except json.JSONDecodeError as error:
        raise DatasetError(f"{path}:{number}: invalid JSON: {error.msg} "
                           f"at column {error.colno}") from None
    except RecursionError:
        raise DatasetError(f"{path}:{number}: JSON nested too deeply") from None
    if not isinstance(row, dict):
        raise DatasetError(f"{path}:{number}: not a JSON object")
    return row


def _parquet_file(raw: IO[bytes], path: str) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(raw)
    except (pa.ArrowException, OSError) as error:
        raise DatasetError(f"{path}: not a readable Parquet file: {error}") from None


def _parquet_batches(raw: IO[bytes], path: str, field: str, limit: int) -> Iterator[Batch]:
    import pyarrow as pa

    parquet = _parquet_file(raw, path)
    schema = parquet.schema_arrow
    if schema.get_field_index(field) < 0:
        raise DatasetError(f"{path}: no column {field!r} (columns: {', '.join(schema.names)})")
    total = parquet.metadata.num_rows or 1
    average = sum(parquet.metadata.row_group(i).total_byte_size
                  for i in range(parquet.metadata.num_row_groups)) / total
    limit = max(1, min(limit, int(BATCH_BYTES / max(average, 1))))
    read = 0
    try:
        for batch in parquet.iter_batches(batch_size=limit):
            read += batch.num_rows
            yield Batch(batch.column(field).to_pylist(), arrow=batch, done=read / total)
    except (pa.ArrowException, OSError) as error:
        raise DatasetError(f"{path}: cannot read Parquet after row {read}: {error}") from None


def parquet_schema(path: str) -> Any:
    """A Parquet file's Arrow schema (its metadata included)."""
    with open_input(path) as raw:
        return _parquet_file(raw, path).schema_arrow


def jsonl_schema(path: str, fmt: Format, field: str) -> Any:
    """One Arrow schema for all rows of a JSONL file, for writing it as Parquet: a first pass
    over the file. A field whose rows mix types that do not promote is an error."""
    import pyarrow as pa

    schema = pa.schema([])
    for batch in read_batches(path, fmt, field, 10_000):
        try:  # an array of dicts takes the fields of all rows, a table only the first's
            rows = pa.array([_strings_only(row, field) for row in batch.rows or ()])
            schema = pa.unify_schemas([schema, pa.schema(list(rows.type))],
                                      promote_options="permissive")
        except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
            raise DatasetError(f"{path}: cannot be written as Parquet, a field mixes types "
                               f"({error}); use --out-format jsonl") from None
    index = schema.get_field_index(field)
    if index < 0:
        return schema.append(pa.field(field, pa.string()))
    return schema.set(index, pa.field(field, pa.string()))  # a column of nulls, or of non-strings


def _strings_only(row: dict[str, Any], field: str) -> dict[str, Any]:
    """The row with a text that is not a string as null (the error column says what it was)."""
    text = row.get(field)
    if isinstance(text, str) and _utf8(text):
        return row
    return {**row, field: None}


def rows_with(rows: list[dict[str, Any]], field: str, cleaned: Cleaned) -> list[dict[str, Any]]:
    """JSONL rows with the cleaned text and the error (and stats) fields set; a row without
    the field gets none, and an error saying so."""
    stats = cleaned.stats or [None] * len(rows)
    for index, (row, text, counts) in enumerate(zip(rows, cleaned.texts, stats)):
        if field in row:
            row[field] = text
        else:
            cleaned.errors[index] = f"no {field!r} field"
        row[ERROR_COLUMN] = cleaned.errors[index]
        if cleaned.stats is not None:
            row[STATS_COLUMN] = counts
    return rows


def _parquet_rows(rows: list[dict[str, Any]], field: str, cleaned: Cleaned) \
        -> list[dict[str, Any]]:
    """`rows_with`, and a text Parquet cannot hold (not a string, or with a lone surrogate,
    which is not UTF-8) written as null, the error column saying why."""
    out = []
    for index, row in enumerate(rows_with(rows, field, cleaned)):
        text = row.get(field)
        if isinstance(text, str) and not _utf8(text):
            cleaned.errors[index] = "a lone surrogate (not UTF-8): Parquet cannot hold this text"
            row[ERROR_COLUMN] = cleaned.errors[index]
        out.append(_strings_only(row, field))
    return out


def _utf8(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def output_schema(schema: Any, stats: bool, manifest: dict[str, Any]) -> Any:
    """The input's Arrow schema with the error (and stats) columns and the manifest."""
    import pyarrow as pa

    for name, kind in [(ERROR_COLUMN, pa.string())] + ([(STATS_COLUMN, stats_type())] * stats):
        index = schema.get_field_index(name)
        schema = schema.set(index, pa.field(name, kind)) if index >= 0 else \
            schema.append(pa.field(name, kind))
    meta = dict(schema.metadata or {})
    meta[METADATA_KEY] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    return schema.with_metadata(meta)


def write_jsonl(stream: IO[bytes], compression: str | None,
                batches: Iterable[tuple[Batch, Cleaned]], field: str) -> None:
    """Write the cleaned rows as JSON lines, compressed as asked."""
    if compression == "gzip":
        with gzip.GzipFile(fileobj=stream, mode="wb", compresslevel=6, mtime=0) as packed:
            _write_lines(cast(IO[bytes], packed), batches, field)
    elif compression == "zstd":
        import zstandard

        with zstandard.ZstdCompressor(level=3).stream_writer(stream, closefd=False) as packed:
            _write_lines(packed, batches, field)  # type: ignore[arg-type]
    else:
        _write_lines(stream, batches, field)


def _write_lines(stream: IO[bytes], batches: Iterable[tuple[Batch, Cleaned]], field: str) -> None:
    for batch, cleaned in batches:
        if batch.rows is not None:
            rows = rows_with(batch.rows, field, cleaned)
        else:
            rows = arrow_with(batch.arrow, field, cleaned).to_pylist(maps_as_pydicts="strict")
        stream.write(b"".join(map(_json_line, rows)))


def _json_line(row: dict[str, Any]) -> bytes:
    """One row as a line of UTF-8 JSON; a row with a lone surrogate is written with escapes."""
    try:
        return (json.dumps(row, ensure_ascii=False, default=_jsonable) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(row, default=_jsonable) + "\n").encode("ascii")


def _jsonable(value: Any) -> Any:
    """A Parquet value JSON has no type for: dates as ISO text, bytes base64, decimals as text."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"cannot write a {type(value).__name__} as JSON")


def write_parquet(stream: IO[bytes], schema: Any, batches: Iterable[tuple[Batch, Cleaned]],
                  field: str, name: str) -> None:
    """Write the cleaned rows as Parquet with `schema` (from `output_schema`); `name` is the
    input's, for messages."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetWriter(stream, schema) as writer:
        for batch, cleaned in batches:
            if batch.arrow is not None:
                table = pa.Table.from_batches([arrow_with(batch.arrow, field, cleaned)])
            else:
                rows = _parquet_rows(batch.rows or [], field, cleaned)
                try:
                    table = pa.Table.from_pylist(rows, schema=schema)
                except (pa.ArrowException, UnicodeEncodeError) as error:
                    raise DatasetError(f"{name}: cannot be written as Parquet: {error}") from None
            writer.write_table(table.replace_schema_metadata(schema.metadata))
