"""A datatrove pipeline step cleaning each document's text (`pip install 'cleantext[datatrove]'`).

    from datatrove.pipeline.readers import JsonlReader
    from cleantext.dataset.datatrove import CleantextFormatter
    pipeline = [JsonlReader("in/"), CleantextFormatter(ruleset="zh-hans"), JsonlWriter("out/")]

As with `cleantext dataset`, every document comes out: one that cannot be
cleaned keeps its text, and the reason goes in `metadata["cleantext_error"]`;
with `stats`, its changes per rule go in `metadata["cleantext_stats"]` and
into the step's stats.
"""

from __future__ import annotations

from typing import Any

from .batch import ERROR_COLUMN, STATS_COLUMN, BatchCleaner

try:
    from datatrove.pipeline.base import PipelineStep
except ImportError:
    raise ImportError("the datatrove step needs datatrove: pip install 'cleantext[datatrove]'") \
        from None


class CleantextFormatter(PipelineStep):  # type: ignore[misc]
    """Cleans `doc.text` with a shipped rule set (or the configuration `load` builds)."""

    name = "🧹 cleantext"
    type = "✂️ - FORMAT"

    def __init__(self, ruleset: str = "default", *, safe: bool = True, stats: bool = False,
                 load: Any = None) -> None:
        super().__init__()
        self.batch = BatchCleaner("text", ruleset, safe=safe, stats=stats, load=load)

    def run(self, data: Any, rank: int = 0, world_size: int = 1) -> Any:
        """Yield each document of `data` with its text cleaned."""
        documents = self.batch.documents
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                text, error, counts = documents.document(doc.text)
            if error is None:
                doc.text = text
            else:
                doc.metadata[ERROR_COLUMN] = error
                self.stat_update("errors")
            if counts is not None:
                doc.metadata[STATS_COLUMN] = counts
                for rule, count in counts.items():
                    self.stat_update(rule, value=count)
            yield doc
