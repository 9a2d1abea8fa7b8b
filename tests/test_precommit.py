"""The shipped pre-commit hooks, installed from this checkout's HEAD into a throw-away repository.

pre-commit builds a virtualenv and pip-installs cleantext and its dependencies
(from PyPI) once for the test; `--check` and the fixing hook share it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import clean

from .conftest import ROOT

NOISY = "在 2025 年,创新\n之城\n"
REQUIREMENTS = "# 依赖\nrequests>=2.0\nchardet\n"  # unwrap would join it into one line


def _pre_commit() -> str | None:
    beside = Path(sys.executable).parent / "pre-commit"
    return str(beside) if beside.exists() else shutil.which("pre-commit")


pytestmark = [
    pytest.mark.precommit,
    pytest.mark.skipif(_pre_commit() is None, reason="the pre-commit executable is not installed"),
]


def test_hook_stops_a_noisy_commit_and_fixes_the_file(tmp_path: Path) -> None:
    """Then the next commit passes."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    env.pop("PYTHONPATH", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=600)

    run("git", "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head}\n"
        "    hooks:\n      - id: cleantext\n      - id: cleantext-check\n", encoding="utf-8")
    (repo / "noisy.txt").write_text(NOISY, encoding="utf-8")
    (repo / "notes.md").write_text("# 标题\n\n" + NOISY, encoding="utf-8")  # cleaned as Markdown
    (repo / "notes.rst").write_text(NOISY, encoding="utf-8")  # not matched by the hooks' files
    (repo / "requirements.txt").write_text(REQUIREMENTS, encoding="utf-8")  # not prose
    run("git", "add", ".")

    check = run(_pre_commit() or "", "run", "cleantext-check", "--files", "noisy.txt", "notes.md")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "would fix noisy.txt" in check.stdout
    assert (repo / "noisy.txt").read_text(encoding="utf-8") == NOISY

    assert run(_pre_commit() or "", "install").returncode == 0
    first = run("git", "commit", "-qm", "noisy")
    assert first.returncode != 0, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert (repo / "noisy.txt").read_text(encoding="utf-8") == clean(NOISY)
    assert (repo / "notes.md").read_text(encoding="utf-8") == clean(
        "# 标题\n\n" + NOISY, format="markdown")
    assert (repo / "notes.rst").read_text(encoding="utf-8") == NOISY
    assert (repo / "requirements.txt").read_text(encoding="utf-8") == REQUIREMENTS

    run("git", "add", "noisy.txt", "notes.md")
    second = run("git", "commit", "-qm", "clean")
    assert second.returncode == 0, second.stdout + second.stderr
