"""The command line's conventions (those of ruff and black), run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import clean

from .conftest import ROOT, run_cli

NOISY = "在 2025 年,创新\n之城\n"
CLEAN = clean(NOISY)
EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def one_error_line(done: subprocess.CompletedProcess[bytes]) -> str:
    err = done.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err.strip()


# --- --diff is a patch ------------------------------------------------------------------

PATCH_CASES: dict[str, bytes] = {
    "no-final-newline.txt": NOISY.rstrip("\n").encode(),
    "crlf.txt": NOISY.replace("\n", "\r\n").encode(),
    "crlf-no-final.txt": "正文\r\n\r\n在 2025 年,创新\r\n之城".encode(),
    "gbk.txt": NOISY.replace("\n", "\r\n").encode("gbk"),
    "big5.txt": ("這是一段繁體中文的文字 ,用來測試差異輸出是否可以套用。\n"
                 "我們希望每一個檔案都能保持原來的編碼與換行。\n").encode("big5"),
    "bom.txt": b"\xef\xbb\xbf" + NOISY.encode(),
    "formfeed.txt": "第一页\f在 2025 年,创新\n之城\n".encode(),
}


def test_diff_applies_with_patch_on_any_file_as_fixing_it_would(tmp_path: Path) -> None:
    """Final newline missing, CRLF, GBK and Big5, a BOM, a form feed inside a line."""
    patched, fixed = tmp_path / "patched", tmp_path / "fixed"
    write(patched, PATCH_CASES)
    write(fixed, PATCH_CASES)
    diff = run_cli("--diff", ".", cwd=patched)
    assert diff.returncode == EXIT_CHANGED, diff.stderr
    assert diff.stdout.count(b"\\ No newline at end of file\n") == 2
    assert run_cli(".", cwd=fixed).returncode == EXIT_OK
    applied = subprocess.run(["patch", "-p1", "--batch"], input=diff.stdout, cwd=patched,
                             capture_output=True)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    for name, original in PATCH_CASES.items():
        after = (patched / name).read_bytes()
        assert after == (fixed / name).read_bytes() != original, name
    assert run_cli("--check", ".", cwd=patched).returncode == EXIT_OK


def test_check_and_diff_together_print_the_diff_and_exit_1(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY})
    both = run_cli("--check", "--diff", "a.txt", cwd=tmp_path)
    assert both.returncode == EXIT_CHANGED
    assert both.stdout == run_cli("--diff", "a.txt", cwd=tmp_path).stdout
    assert both.stdout.startswith(b"--- a/a.txt\n+++ b/a.txt\n")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == NOISY


def test_output_format_json_lists_every_change_with_its_place(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY, "sub/b.txt": "好\n\n在 2025 年\n", "c.txt": CLEAN})
    done = run_cli("--check", "--output-format", "json", ".", cwd=tmp_path)
    assert done.returncode == EXIT_CHANGED
    changes = json.loads(done.stdout)
    assert {"file": "a.txt", "line": 1, "column": 9, "rule": "punctuation", "before": ",",
            "after": "，"} in changes
    assert {"file": "sub/b.txt", "line": 3, "column": 2, "rule": "spacing", "before": " ",
            "after": ""} in changes
    assert {change["file"] for change in changes} == {"a.txt", "sub/b.txt"}
    assert all(set(change) == {"file", "line", "column", "rule", "before", "after"}
               for change in changes)
    clean_run = run_cli("--diff", "--output-format", "json", "c.txt", cwd=tmp_path)
    assert (clean_run.returncode, json.loads(clean_run.stdout)) == (EXIT_OK, [])


def test_output_format_github_prints_workflow_annotations(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY})
    done = run_cli("--check", "--output-format", "github", "a.txt", cwd=tmp_path)
    assert done.returncode == EXIT_CHANGED
    lines = done.stdout.decode("utf-8").splitlines()
    assert "::warning file=a.txt,line=1,col=9,title=cleantext punctuation::punctuation: "\
           "',' → '，'" in lines
    assert all(line.startswith("::warning file=a.txt,line=") for line in lines)
    misuse = run_cli("--output-format", "json", "a.txt", cwd=tmp_path)
    assert misuse.returncode == EXIT_USAGE and "--check or --diff" in one_error_line(misuse)


# --- configuration: found per file, --config, --stdin-filename ------------------------------


def test_config_is_found_from_each_files_folder_upward(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(project, {"pyproject.toml": '[tool.cleantext]\nignore = ["spacing"]\n'
                                      'exclude = ["drafts/"]\n',
                    "docs/a.txt": NOISY, "docs/drafts/d.txt": NOISY})
    write(tmp_path, {"other/b.txt": NOISY})
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    done = run_cli(project / "docs", tmp_path / "other", cwd=elsewhere)
    assert done.returncode == EXIT_OK, done.stderr
    assert (project / "docs/a.txt").read_text(encoding="utf-8") == "在 2025 年，创新之城\n"
    assert (project / "docs/drafts/d.txt").read_text(encoding="utf-8") == NOISY
    assert (tmp_path / "other/b.txt").read_text(encoding="utf-8") == CLEAN


def test_config_is_another_name_for_rules(tmp_path: Path) -> None:
    write(tmp_path, {"only.yaml": "select: [punctuation]\n"})
    done = run_cli("--config", tmp_path / "only.yaml", input=NOISY, cwd=tmp_path)
    assert done.stdout.decode("utf-8") == "在 2025 年，创新\n之城\n"


def test_stdin_filename_takes_that_paths_config_and_excludes(tmp_path: Path) -> None:
    write(tmp_path, {"book/.cleantext.yaml": "select: [punctuation]\nexclude: [drafts/]\n"})
    done = run_cli("--stdin-filename", "book/ch1.txt", input=NOISY, cwd=tmp_path)
    assert (done.returncode, done.stdout.decode("utf-8")) == (EXIT_OK, "在 2025 年，创新\n之城\n")
    raw = NOISY.replace("\n", "\r\n").encode()
    excluded = run_cli("--stdin-filename", "book/drafts/ch2.txt", input=raw, cwd=tmp_path)
    assert (excluded.returncode, excluded.stdout) == (EXIT_OK, raw)
    assert run_cli("--stdin-filename", "x.txt", input=NOISY, cwd=tmp_path).stdout.decode() == CLEAN


def test_stdin_filename_says_the_format_unless_format_does(tmp_path: Path) -> None:
    document = "在 2025 年,创新\n\n```\n代码 , 不 动\n```\n"
    as_markdown = run_cli("--stdin-filename", "notes.md", input=document, cwd=tmp_path)
    assert as_markdown.stdout.decode() == "在2025年，创新\n\n```\n代码 , 不 动\n```\n"
    forced = run_cli("--stdin-filename", "notes.md", "--format", "text", input=document,
                     cwd=tmp_path)
    assert forced.stdout == run_cli("--stdin-filename", "notes.txt", input=document,
                                    cwd=tmp_path).stdout != as_markdown.stdout


@pytest.mark.parametrize(
    ("files", "where", "words"),
    [
        ({".cleantext.yaml": "rules:\n  - id: x\n    kind: regex\n"
                             "    params: {pattern: 'a(b)', replacement: '\\9'}\n"},
         ".cleantext.yaml:2:", "refers to group 9"),
        ({".cleantext.yaml": "# house rules\nextends: nosuch\n"},
         ".cleantext.yaml:2:", "no rule set 'nosuch'"),
        ({"pyproject.toml": '[project]\nname = "x"\n\n[tool.cleantext]\nignore = []\n'
                            'colour = "red"\n'},
         "pyproject.toml:6:", "unknown key 'colour'"),
    ],
)
def test_config_errors_name_file_and_line(tmp_path: Path, files: dict[str, str], where: str,
                                          words: str) -> None:
    write(tmp_path, {**files, "a.txt": "a (b)\n"})
    for args in (["a.txt"], []):
        done = run_cli(*args, input="a (b)\n", cwd=tmp_path)
        error = one_error_line(done)
        assert done.returncode == EXIT_USAGE
        assert error.startswith("cleantext: error: ") and where in error and words in error
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "a (b)\n"


# --- cleantext: off / on, .cleantextignore, excluded files ------------------------------------

SWITCHED = ("在 2025 年,创新\n之城\n\n"
            "<!-- cleantext: off -->\n表 格 , 原 样\n保 留\n<!-- cleantext: on -->\n\n"
            "在 2025 年,创新\n之城\n\n# cleantext: off\n到 结 尾 ,\n都 不 动")


def test_off_and_on_comments_leave_a_part_of_a_file_alone(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": SWITCHED})
    assert run_cli("a.txt", cwd=tmp_path).returncode == EXIT_OK
    after = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert after == (f"{CLEAN}\n<!-- cleantext: off -->\n表 格 , 原 样\n保 留\n"
                     f"<!-- cleantext: on -->\n\n{CLEAN}\n# cleantext: off\n到 结 尾 ,\n都 不 动")
    assert run_cli("--check", "a.txt", cwd=tmp_path).returncode == EXIT_OK
    assert run_cli(input=SWITCHED).stdout.decode("utf-8") == after


def test_cleantextignore_leaves_paths_out_in_gitignore_syntax(tmp_path: Path) -> None:
    write(tmp_path, {
        ".cleantextignore": "# not ours\ndrafts/\n*.raw.txt\n!keep.raw.txt\n/top.txt\n",
        "a.txt": NOISY, "top.txt": NOISY, "sub/top.txt": NOISY, "drafts/b.txt": NOISY,
        "x.raw.txt": NOISY, "sub/keep.raw.txt": NOISY,
        "sub/.cleantextignore": "c.txt\n", "sub/c.txt": NOISY,
    })
    done = run_cli("--check", ".", cwd=tmp_path)
    assert done.stdout.decode().splitlines() == [
        "would fix a.txt", "would fix sub/keep.raw.txt", "would fix sub/top.txt"]
    named = run_cli("--check", "drafts/b.txt", "sub/c.txt", "a.txt", cwd=tmp_path)
    assert named.stdout.decode().splitlines() == ["would fix a.txt"]
    notes = named.stderr.decode().splitlines()
    assert notes[:2] == ["cleantext: drafts/b.txt: ignored by a .cleantextignore; not cleaned",
                         "cleantext: sub/c.txt: ignored by a .cleantextignore; not cleaned"]
    everything = run_cli("--check", "--no-ignore", ".", cwd=tmp_path)
    assert len(everything.stdout.decode().splitlines()) == 7


def test_a_named_file_excluded_by_config_says_so(tmp_path: Path) -> None:
    write(tmp_path, {".cleantext.yaml": "exclude: [vendor/]\n", "vendor/a.txt": NOISY})
    done = run_cli("vendor/a.txt", cwd=tmp_path)
    assert done.returncode == EXIT_OK
    assert done.stderr.decode().splitlines()[0] == (
        "cleantext: vendor/a.txt: excluded by an exclude glob (--exclude or the configuration's "
        "exclude:); not cleaned")
    assert (tmp_path / "vendor/a.txt").read_text(encoding="utf-8") == NOISY


# --- stdin, pipes, usage ---------------------------------------------------------------------


def test_encoding_applies_to_stdin_and_stdout() -> None:
    done = run_cli("--encoding", "gbk", input=NOISY.replace("\n", "\r\n").encode("gbk"))
    assert (done.returncode, done.stdout) == (EXIT_OK, CLEAN.encode("gbk"))
    explained = run_cli("--explain", "--encoding", "gb18030", input=NOISY.encode("gb18030"))
    assert "1:9  ',' → '，'" in explained.stdout.decode()


def test_dash_among_paths_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY})
    done = run_cli("a.txt", "-", input=NOISY, cwd=tmp_path)
    assert done.returncode == EXIT_USAGE and "'-'" in one_error_line(done)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == NOISY


def test_diff_into_a_closed_pipe_keeps_exit_status_1(tmp_path: Path) -> None:
    write(tmp_path, {f"f{index:03}.txt": NOISY * 40 for index in range(120)})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = f"{sys.executable} -m cleantext --diff --jobs 2 . | head -1; " \
              "echo \"status ${PIPESTATUS[0]}\""
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True,
                          timeout=60)
    assert done.stdout.decode().splitlines() == ["--- a/f000.txt", "status 1"]
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr


def test_a_mistyped_flag_gets_one_line_with_a_suggestion(tmp_path: Path) -> None:
    for args, suggestion in ((["--chek", "a.txt"], "did you mean --check?"),
                             (["rules", "--alll"], "did you mean --all?"),
                             (["review", "--hiden", "a.txt"], "did you mean --hidden?"),
                             (["--ouput-format=json"], "did you mean --output-format?")):
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == EXIT_USAGE
        assert suggestion in one_error_line(done), args


def test_review_takes_hidden_and_no_ignore_and_refuses_unreadable_files(tmp_path: Path) -> None:
    from cleantext.review import build_parser

    args = build_parser().parse_args(["--hidden", "--no-ignore", "x.txt"])
    assert args.hidden and args.no_ignore
    write(tmp_path, {"bin.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"})
    done = run_cli("review", "nosuch.txt", "bin.png", cwd=tmp_path, timeout=30)
    assert done.returncode == EXIT_IO
    assert done.stderr.decode().splitlines() == [
        "cleantext: nosuch.txt: cannot read: No such file or directory",
        "cleantext: bin.png: binary file; skipped"]


# --- explain and rules -------------------------------------------------------------------------


def test_explain_columns_stay_aligned_for_long_rule_ids(tmp_path: Path) -> None:
    long_id = "a-rule-with-a-much-longer-id-than-any-shipped-one"
    write(tmp_path, {".cleantext.yaml": f"rules:\n  - id: {long_id}\n    kind: charmap\n"
                                        "    params: {map: {'丶': '、'}}\n"})
    done = run_cli("--explain", input="甲丶乙 丙,丁\n", cwd=tmp_path)
    rows = [line for line in done.stdout.decode().splitlines()[1:] if not line.startswith(" ")]
    assert len(rows) == 3 and rows[-1].startswith(long_id)
    count_ends = {re.search(r" (\d+)(?:  |$)", row).end(1) for row in rows}  # type: ignore[union-attr]
    assert len(count_ends) == 1, rows


def test_rules_shows_each_rules_real_state_for_the_ruleset() -> None:
    def state(args: list[str], rule_id: str) -> str | None:
        for line in run_cli("rules", *args).stdout.decode().splitlines():
            if line.split()[0] == rule_id:
                return line.split()[2]
        return None

    assert state(["--ruleset", "zh-hans"], "opencc-t2s") == "on"
    assert state([], "opencc-t2s") is None
    assert state(["--all"], "opencc-t2s") == "off"
    listing = run_cli("rules", "--ruleset", "zh-hans").stdout.decode()
    assert "Off here" not in listing


def test_rules_show_prints_a_path_a_user_can_open(tmp_path: Path) -> None:
    shown = run_cli("rules", "show", "spacing", cwd=tmp_path).stdout.decode()
    header = shown.splitlines()[0]
    path, line = re.search(r"(\S+):(\d+)$", header).groups()  # type: ignore[union-attr]
    lines = (tmp_path / path).read_text(encoding="utf-8").splitlines()  # absolute, or from cwd
    assert "id: spacing" in lines[int(line) - 1]
    write(tmp_path, {".cleantext.yaml": "rules:\n  - id: mine\n    kind: charmap\n"
                                        "    description: mine\n    params: {map: {a: b}}\n"})
    mine = run_cli("rules", "show", "mine", cwd=tmp_path).stdout.decode().splitlines()[0]
    path, line = re.search(r"(\S+):(\d+)$", mine).groups()  # type: ignore[union-attr]
    assert Path(path).is_absolute() or (tmp_path / path).is_file()
    assert (tmp_path / path).read_text().splitlines()[int(line) - 1] == "  - id: mine"


def test_rules_show_prints_the_kinds_documentation_and_the_examples() -> None:
    shown = run_cli("rules", "show", "unwrap").stdout.decode("utf-8")
    headings = ["What it does", "Leaves alone", "Params", "Content safety", "Known limits"]
    places = [shown.find(heading) for heading in headings]
    assert -1 not in places and places == sorted(places), places
    assert "before: '在西宁国家级经济技术开发区拔节\\n" in shown
    assert "unchanged: '辉煌十四五 改革谱新篇" in shown
    assert "Params of this rule:" in shown


# --- files: hard links, extended attributes and ACLs -------------------------------------


def test_a_hard_linked_file_is_skipped_with_a_note_and_both_names_keep_one_text(
        tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY})
    os.link(tmp_path / "a.txt", tmp_path / "b.txt")
    done = run_cli("a.txt", cwd=tmp_path)
    assert done.returncode == EXIT_OK
    assert done.stderr.decode().splitlines()[0] == (
        "cleantext: a.txt: has 2 hard links; not written, as replacing it would split them")
    assert os.path.samefile(tmp_path / "a.txt", tmp_path / "b.txt")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == NOISY
    assert run_cli("--check", "a.txt", cwd=tmp_path).returncode == EXIT_CHANGED


def _acl(*entries: tuple[int, int, int]) -> bytes:
    """A POSIX ACL as the `system.posix_acl_access` attribute holds it."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="extended attributes are Linux's")
def test_extended_attributes_and_acls_are_kept(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY})
    path = tmp_path / "a.txt"
    anyone = 0xFFFFFFFF
    acl = _acl((0x01, 6, anyone), (0x02, 4, 4321), (0x04, 4, anyone), (0x10, 4, anyone),
               (0x20, 0, anyone))
    try:
        os.setxattr(path, "user.origin", b"scan-0042")
        os.setxattr(path, "system.posix_acl_access", acl)
    except OSError as error:
        pytest.skip(f"this file system keeps no extended attributes or ACLs: {error}")
    assert run_cli("a.txt", cwd=tmp_path).returncode == EXIT_OK
    assert path.read_text(encoding="utf-8") == CLEAN
    assert os.getxattr(path, "user.origin") == b"scan-0042"
    assert os.getxattr(path, "system.posix_acl_access") == acl

