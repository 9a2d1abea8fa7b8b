"""Data files the rule kinds read: `lookalike.tsv.gz` (built by `tools/build_lookalikes.py`)."""
