"""Test collection: doctests in the package, but not the `python -m` entry point."""

collect_ignore = ["cleantext/__main__.py", "bench", "examples", "seeds", "tests/fuzz", "docs"]
