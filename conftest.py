"""Test collection: doctests in the package, but not the `python -m` entry point."""

from importlib.util import find_spec

collect_ignore = ["cleantext/__main__.py", "bench", "examples", "seeds", "tests/fuzz", "docs"]
if find_spec("datatrove") is None:  # an optional extra
    collect_ignore.append("cleantext/dataset/datatrove.py")
