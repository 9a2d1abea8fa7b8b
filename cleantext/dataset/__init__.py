"""Clean corpora: one text column of JSONL or Parquet files (`cleantext dataset`), and the
batch function for your own pipelines.

    from cleantext.dataset import BatchCleaner, clean_batch
    clean_batch(table, field="text")                       # a pyarrow Table or dict of lists
    ds.map_batches(BatchCleaner("text", "zh-hans"), batch_format="pyarrow")   # Ray Data

Modules: `batch` (the batch function), `formats` (JSONL/Parquet in batches),
`storage` (paths, URLs, atomic writes), `jobs` (one file to one output), `local`
and `ray` (the engines), `datatrove` (a pipeline step), `command` (the subcommand).
"""

from .batch import ERROR_COLUMN, STATS_COLUMN, BatchCleaner, clean_batch

__all__ = ["ERROR_COLUMN", "STATS_COLUMN", "BatchCleaner", "clean_batch"]
