"""Check that two versions of cleantext clean files identically: text and traced changes.

    python bench/equivalence.py [--before REV] [--after REV] [--ruleset NAME] [--cases]
                                [PATH ...]

Cleans every file of PATHs (files, or folders searched for `*.txt`; by default the seeds,
the dev corpus's noisy and gold files and the inputs of `tests/cases`; `--cases` adds those
inputs to PATHs) with the rule set NAME (default `default`), traced and untraced, once with
the code of commit REV (default `HEAD`) and once with the working tree (or another commit),
each in its own process, and lists every file whose text, changes or untraced text differ.
For speed work: the output must not move.
Exit status 1 when anything differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVCORPUS = ROOT.parent / "shared" / "devcorpus"

#: Run in a child with one version's tree first on sys.path: reads the list of inputs
#: (a JSON list of [name, text]) on stdin, writes {name: digest of text, changes, untraced}.
_CHILD = """
import hashlib, json, sys
sys.path.insert(0, sys.argv[1])
import cleantext
assert cleantext.__file__.startswith(sys.argv[1]), cleantext.__file__
ruleset = sys.argv[2]
out = {}
for name, text in json.load(sys.stdin):
    result = cleantext.clean_result(text, ruleset)
    plain = cleantext.clean(text, ruleset)
    out[name] = [hashlib.sha256(part.encode("utf-8", "surrogatepass")).hexdigest() for part in
                 (result.text, repr([tuple(c) for c in result.changes]), plain)]
json.dump(out, sys.stdout)
"""


def _inputs(paths: list[Path], cases: bool) -> list[tuple[str, str]]:
    """(name, text) of every file of `paths` and, if `cases`, of every test case's texts."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.rglob("*.txt")) if path.is_dir() else [path])
    inputs = [(str(file), file.read_text(encoding="utf-8")) for file in files]
    if cases:
        import yaml

        for case_file in sorted((ROOT / "tests" / "cases").glob("*.yaml")):
            for case in yaml.safe_load(case_file.read_text(encoding="utf-8")) or []:
                for key in ("input", "expected"):
                    if isinstance(case.get(key), str):
                        inputs.append((f"{case_file.name}:{case['label']}:{key}", case[key]))
    return inputs


def _tree(rev: str, work: Path) -> Path:
    """The working tree for `rev` == "", else commit `rev` unpacked under `work`."""
    if not rev:
        return ROOT
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "cleantext", "rules"],
                             check=True, capture_output=True).stdout
    target = work / hashlib.sha1(rev.encode()).hexdigest()[:8]
    target.mkdir()
    archive_path = work / "archive.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(target, filter="data")
    return target


def _digests(tree: Path, payload: str, ruleset: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", _CHILD, str(tree), ruleset], input=payload,
                          text=True, capture_output=True, check=True, cwd=tempfile.gettempdir())
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="HEAD", help="commit to compare with (default HEAD)")
    parser.add_argument("--after", default="", help="commit to check (default: working tree)")
    parser.add_argument("--ruleset", default="default",
                        help="shipped rule set (or a rule set file) to clean with")
    parser.add_argument("--cases", action="store_true",
                        help="with PATHs: the inputs of tests/cases too")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.paths or [ROOT / "seeds", *sorted(DEVCORPUS.glob("*/noisy")),
                           *sorted(DEVCORPUS.glob("*/gold"))]
    inputs = _inputs(paths, cases=args.cases or not args.paths)
    payload = json.dumps(inputs)
    with tempfile.TemporaryDirectory() as work:
        before = _digests(_tree(args.before, Path(work)), payload, args.ruleset)
        after = _digests(_tree(args.after, Path(work)), payload, args.ruleset)
    parts = ("text", "changes", "untraced text")
    differ = 0
    for name, _ in inputs:
        diffs = [part for part, a, b in zip(parts, before[name], after[name]) if a != b]
        if diffs:
            differ += 1
            print(f"{name}: {', '.join(diffs)} differ")
    print(f"{len(inputs)} inputs, {differ} differ ({args.before} vs {args.after or 'work tree'},"
          f" rule set {args.ruleset})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
