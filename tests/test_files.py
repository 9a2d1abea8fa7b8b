"""Which files a folder run takes: *.txt by default, globs, hidden paths and .gitignore."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cleantext.files import collect


def make(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("文本\n", encoding="utf-8")


def names(paths: list[Path], root: Path) -> list[str]:
    return sorted(os.path.relpath(p, root) for p in paths)


def test_walk_takes_txt_skips_hidden_and_gitignored(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    make(tmp_path, ["a.txt", "b.md", "sub/c.txt", ".hidden/d.txt", ".e.txt", "out/f.txt",
                    "g.log.txt"])
    (tmp_path / ".gitignore").write_text("out/\n*.log.txt\n", encoding="utf-8")
    found = collect([str(tmp_path)], ["*.txt"], [])
    assert names(found, tmp_path) == ["a.txt", "sub/c.txt"]
    everything = collect([str(tmp_path)], ["*.txt"], [], hidden=True, gitignore=False)
    assert names(everything, tmp_path) == [
        ".e.txt", ".hidden/d.txt", "a.txt", "g.log.txt", "out/f.txt", "sub/c.txt",
    ]


def test_include_exclude_globs_and_named_paths(tmp_path: Path) -> None:
    make(tmp_path, ["a.txt", "b.md", "drafts/c.txt", "notes/d.txt"])
    assert names(collect([str(tmp_path)], ["*.md"], []), tmp_path) == ["b.md"]
    found = collect([str(tmp_path)], ["*.txt"], ["drafts/"])
    assert names(found, tmp_path) == ["a.txt", "notes/d.txt"]
    # a file named on the command line is taken whatever the include globs say
    assert names(collect([str(tmp_path / "b.md")], ["*.txt"], []), tmp_path) == ["b.md"]


def test_a_folder_named_on_the_command_line_is_taken_even_if_git_ignores_it(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    make(tmp_path, ["out/a.txt", "out/deeper/b.txt"])
    (tmp_path / ".gitignore").write_text("out/\n", encoding="utf-8")
    assert collect([str(tmp_path)], ["*.txt"], []) == []
    found = collect([str(tmp_path / "out")], ["*.txt"], [])
    assert names(found, tmp_path) == ["out/a.txt", "out/deeper/b.txt"]


NOT_PROSE = ["requirements.txt", "requirements-dev.txt", "requirements/test.txt",
             "constraints.txt", "CMakeLists.txt", "robots.txt", "LICENSE.txt", "license.txt",
             "COPYING.txt", "data.csv.txt", "pkg.egg-info/SOURCES.txt", "node_modules/x/a.txt",
             "dev-requirements.txt", "test_requirements.txt", "THIRD-PARTY-NOTICES.txt",
             "ThirdPartyNotices.txt"]


def test_a_folder_leaves_out_files_that_are_not_prose(tmp_path: Path) -> None:
    make(tmp_path, ["a.txt", "docs/readme.txt", *NOT_PROSE])
    assert names(collect([str(tmp_path)], ["*.txt"], []), tmp_path) == ["a.txt", "docs/readme.txt"]
    everything = collect([str(tmp_path)], ["*.txt"], [], default_exclude=[])
    assert len(everything) == 2 + len(NOT_PROSE)


def test_a_named_file_is_taken_unless_force_exclude(tmp_path: Path) -> None:
    """As ruff does: the default excludes are for walking; pre-commit names every staged file,
    so its hook passes --force-exclude."""
    make(tmp_path, NOT_PROSE)
    named = [str(tmp_path / name) for name in NOT_PROSE]
    assert len(collect(named, ["*.txt"], [])) == len(NOT_PROSE)
    assert collect(named, ["*.txt"], [], force_exclude=True) == []


def test_requirements_stay_as_they_are_from_the_command_line(tmp_path: Path) -> None:
    from .conftest import run_cli

    requirements = "# 依赖\nrequests>=2.0\nchardet\n"
    make(tmp_path, ["notes.txt"])
    (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("在 2025 年,创新\n", encoding="utf-8")
    assert run_cli(".", cwd=tmp_path).returncode == 0
    assert run_cli("--force-exclude", "requirements.txt", cwd=tmp_path).returncode == 0
    assert (tmp_path / "requirements.txt").read_text(encoding="utf-8") == requirements
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "在2025年，创新\n"


def test_the_configuration_replaces_the_default_excludes(tmp_path: Path) -> None:
    from cleantext.config import load_config

    (tmp_path / ".cleantext.yaml").write_text("default-exclude: ['LICENSE*']\n",
                                              encoding="utf-8")
    config = load_config(None, cwd=tmp_path)
    assert config.default_exclude == ["LICENSE*"]
    make(tmp_path, ["a.txt", "LICENSE.txt", "requirements.txt"])
    found = collect([str(tmp_path)], config.include, config.exclude,
                    default_exclude=config.default_exclude)
    assert names(found, tmp_path) == ["a.txt", "requirements.txt"]
