"""`cleantext PATH...` as a user runs it: modes, exit codes, encodings, safety of writes."""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleantext import clean
from cleantext.fileio import TEMP_PREFIX

from .conftest import ROOT, SEEDS, run_cli

NOISY = "在 2025 年,创新\n之城\n"
CLEAN = clean(NOISY)
EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_IO = 0, 1, 2, 3


def seed_lines(count: int = 40) -> list[str]:
    return sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8").splitlines()[:count]


def snippet(codec: str, traditional: bool = False) -> str:
    """Seed lines that `codec` can encode (converted to traditional characters for Big5)."""
    lines = seed_lines()
    if traditional:
        import opencc

        lines = opencc.OpenCC("s2tw").convert("\n".join(lines)).split("\n")
    return "\n".join(line for line in lines if _encodable(line, codec)) + "\n"


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def lines_of(output: bytes) -> list[str]:
    return output.decode("utf-8").splitlines()


def write(folder: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@pytest.fixture
def main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`cli.main` in this process (no interpreter start-up): (exit status, stdout, stderr)."""
    from cleantext import cli

    def run(*args: str, cwd: Path) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        try:
            status = cli.main(["--jobs", "1", *args])
        except SystemExit as exit:  # argparse's own usage errors
            status = int(exit.code or 0)
        out = capsys.readouterr()
        return status, out.out, out.err

    return run


def contents(folder: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in snapshot(folder).items()}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- modes and exit codes ---------------------------------------------------------------


def test_fix_folder_recursively_with_summary_then_idempotent(tmp_path: Path) -> None:
    seeds = {f"seeds/{p.name}": p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    write(tmp_path, {**seeds, "a.txt": NOISY, "sub/b.txt": CLEAN, "sub/c.rst": NOISY})
    done = run_cli(".", "--jobs", "2", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    fixed = sorted(lines_of(done.stdout))
    assert fixed == sorted(["fixed a.txt"] + [f"fixed {name}" for name in seeds])
    summary = lines_of(done.stderr)
    assert summary[0] == f"{len(seeds) + 1} files changed, 1 unchanged, 0 skipped, 0 failed"
    assert summary[1].startswith("changes per rule: ") and "spacing" in summary[1]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "sub/c.rst").read_text(encoding="utf-8") == NOISY  # not *.txt, *.md
    for name, text in seeds.items():
        assert (tmp_path / name).read_text(encoding="utf-8") == clean(text)

    before = snapshot(tmp_path)
    again = run_cli(".", cwd=tmp_path)
    assert again.returncode == EXIT_OK and again.stdout == b""
    summary = f"0 files changed, {len(seeds) + 2} unchanged, 0 skipped, 0 failed"
    assert lines_of(again.stderr) == [summary]
    assert snapshot(tmp_path) == before  # not even rewritten
    assert run_cli("--check", ".", cwd=tmp_path).returncode == EXIT_OK


def test_check_lists_files_that_would_change_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY, "b.txt": CLEAN, "c/d.txt": NOISY})
    before = snapshot(tmp_path)
    done = run_cli("--check", ".", cwd=tmp_path)
    assert done.returncode == EXIT_CHANGED
    assert lines_of(done.stdout) == ["would fix a.txt", "would fix c/d.txt"]
    assert lines_of(done.stderr) == ["2 files would change, 1 unchanged, 0 skipped, 0 failed"]
    assert snapshot(tmp_path) == before
    assert run_cli("--check", "b.txt", cwd=tmp_path).returncode == EXIT_OK


def test_diff_plain_when_piped(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY, "b.txt": CLEAN})
    before = snapshot(tmp_path)
    done = run_cli("--diff", ".", cwd=tmp_path)
    assert done.returncode == EXIT_CHANGED
    assert b"\x1b[" not in done.stdout
    assert lines_of(done.stdout) == ["--- a/a.txt", "+++ b/a.txt", "@@ -1,2 +1,1 @@",
                                     "-在 2025 年,创新", "-之城", "+在2025年，创新之城"]
    assert snapshot(tmp_path) == before
    # the piped diff is a real patch: applying it gives the cleaned file
    subprocess.run(["patch", "-s", "-p1"], input=done.stdout, cwd=tmp_path, check=True)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "在2025年，创新之城\n"
    clean_only = run_cli("--diff", "b.txt", cwd=tmp_path)
    assert clean_only.returncode == EXIT_OK and clean_only.stdout == b""


def test_diff_on_a_terminal_highlights_changed_characters(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": "在 2025 年,创新\n"})
    done = run_cli("--diff", "a.txt", cwd=tmp_path,
                   env={"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "COLUMNS": "200"})
    assert done.returncode == EXIT_CHANGED
    out = done.stdout.decode("utf-8")
    red_on, green_on = "\x1b[1;37;41m", "\x1b[1;30;42m"
    assert f"{red_on},\x1b[0m" in out  # the half-width comma, highlighted in the removed line
    assert f"{green_on}，\x1b[0m" in out  # its full-width replacement in the added line
    assert f"{red_on} \x1b[0m" in out  # a removed space
    assert "\x1b[31m-在" in out and "\x1b[32m+在2025年" in out


def test_quiet_and_verbose(tmp_path: Path, main) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"a.txt": NOISY, "b.txt": CLEAN})
    _, out, _ = main("--check", "-v", ".", cwd=tmp_path)
    assert out.splitlines() == ["would fix a.txt  (utf-8)", "unchanged b.txt  (utf-8)"]
    assert main("--check", "-q", ".", cwd=tmp_path) == (EXIT_CHANGED, "", "")
    _, out, _ = main("-v", ".", cwd=tmp_path)
    assert out.splitlines()[0].startswith("fixed a.txt  (utf-8; 4 changes: ")
    assert main("-q", ".", cwd=tmp_path) == (EXIT_OK, "", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--encoding", "klingon", "x.txt"], "--encoding: unknown text encoding 'klingon'"),
        (["--jobs", "0", "x.txt"], "expected a whole number of at least 1"),
        (["--check"], "--check and --diff work on files"),
        (["--select", "no-such-rule", "x.txt"], "no rule with id 'no-such-rule'"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, main, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {"x.txt": NOISY})
    status, _, err = main(*args, cwd=tmp_path)
    assert status == EXIT_USAGE and message in err
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == NOISY


def test_config_error_exit_2_and_config_include_exclude(tmp_path: Path, main) -> None:  # type: ignore[no-untyped-def]
    write(tmp_path, {".cleantext.yaml": "rules: [{id: x, kind: nope}]\n", "a.txt": NOISY})
    status, out, err = main(".", cwd=tmp_path)
    assert status == EXIT_USAGE and ".cleantext.yaml:1: unknown kind" in err
    write(tmp_path, {".cleantext.yaml": 'include: ["*.md"]\nexclude: ["drafts/"]\n',
                     "b.md": NOISY, "drafts/c.md": NOISY})
    _, out, _ = main("--check", ".", cwd=tmp_path)
    assert out.splitlines() == ["would fix b.md"]
    status, out, _ = main("--check", "--include", "*.txt", "--exclude", "a.*", ".", cwd=tmp_path)
    assert (status, out) == (EXIT_OK, "")


def test_stdin_filter_unchanged(tmp_path: Path) -> None:
    for args in ([], ["-"]):
        done = run_cli(*args, input=NOISY, cwd=tmp_path)
        assert (done.returncode, done.stdout.decode("utf-8")) == (EXIT_OK, CLEAN)


# --- encodings --------------------------------------------------------------------------

ENCODED = {  # name: (text, codec to write with, BOM, newline, codec cleantext should report)
    "gbk.txt": (snippet("gbk"), "gbk", b"", "\r\n", "gbk"),
    "gb18030.txt": (snippet("gbk") + "罕见字：㐀䶵𠀀\n", "gb18030", b"", "\n", "gb18030"),
    "big5.txt": (snippet("big5", traditional=True), "big5", b"", "\r\n", "big5"),
    "utf16.txt": (snippet("utf-8"), "utf-16-le", codecs.BOM_UTF16_LE, "\r\n", "utf-16-le"),
    "utf16be.txt": (snippet("utf-8"), "utf-16-be", codecs.BOM_UTF16_BE, "\n", "utf-16-be"),
    "utf8bom.txt": (snippet("utf-8"), "utf-8", codecs.BOM_UTF8, "\r\n", "utf-8"),
}


def _encoded(text: str, codec: str, bom: bytes, newline: str) -> bytes:
    return bom + text.replace("\n", newline).encode(codec)


def test_encodings_round_trip_keeping_codec_bom_and_line_ends(tmp_path: Path) -> None:
    write(tmp_path, {name: _encoded(*spec[:4]) for name, spec in ENCODED.items()})
    done = run_cli("-v", ".", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    reported = {line.split()[1]: line.split("(")[1].split(";")[0] for line in lines_of(done.stdout)}
    assert reported == {name: spec[4] for name, spec in ENCODED.items()}
    for name, (text, codec, bom, newline, _) in ENCODED.items():
        expected = clean(text)
        assert expected != text
        assert (tmp_path / name).read_bytes() == _encoded(expected, codec, bom, newline), name
    assert run_cli("--check", ".", cwd=tmp_path).returncode == EXIT_OK


def test_to_utf8_and_forced_encoding(tmp_path: Path) -> None:
    text = snippet("gbk")
    write(tmp_path, {"a.txt": _encoded(text, "gbk", b"", "\r\n"),
                     "short.txt": "創新,发展\n".encode("big5hkscs")})
    done = run_cli("--to-utf8", "a.txt", cwd=tmp_path)
    assert done.returncode == EXIT_OK
    assert (tmp_path / "a.txt").read_bytes() == clean(text).replace("\n", "\r\n").encode("utf-8")
    done = run_cli("--encoding", "big5hkscs", "short.txt", cwd=tmp_path)
    assert done.returncode == EXIT_OK, done.stderr
    assert (tmp_path / "short.txt").read_bytes() == "創新，发展\n".encode("big5hkscs")


def test_unencodable_result_is_an_error_and_file_untouched(tmp_path: Path) -> None:
    config = "rules:\n  - {id: smile, kind: charmap, params: {map: {'创': '😀'}}}\n"
    original = _encoded(NOISY, "gbk", b"", "\n")
    write(tmp_path, {".cleantext.yaml": config, "gbk.txt": original, "ok.txt": NOISY})
    done = run_cli(".", cwd=tmp_path)
    assert done.returncode == EXIT_IO
    errors = lines_of(done.stderr)
    assert errors[0] == ("cleantext: error: gbk.txt: cannot encode '😀' (U+1F600) on line 1 as "
                         "gbk; "
                         "file left as it was (try --to-utf8)")
    assert (tmp_path / "gbk.txt").read_bytes() == original
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8") == clean(NOISY).replace("创", "😀")
    assert run_cli("--to-utf8", "gbk.txt", cwd=tmp_path).returncode == EXIT_OK


def test_undecodable_file_is_named_and_left_while_others_are_fixed(tmp_path: Path) -> None:
    bad = b"line one\n\xff\xfe\xfa\xfb\xff broken\n"
    write(tmp_path, {"bad.txt": bad, "good.txt": NOISY})
    done = run_cli(".", cwd=tmp_path)
    assert done.returncode == EXIT_IO
    error = lines_of(done.stderr)[0]
    assert error.startswith("cleantext: error: bad.txt: cannot decode")
    assert "line 2, byte 9" in error
    assert lines_of(done.stderr)[1] == "1 file changed, 0 unchanged, 0 skipped, 1 failed"
    assert (tmp_path / "bad.txt").read_bytes() == bad
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") == CLEAN


def test_binary_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    nul = b"text\x00\x01\x02 in a binary, 2025 , 2026\n"
    write(tmp_path, {"image.txt": png, "nul.txt": nul, "a.txt": NOISY})
    done = run_cli(".", cwd=tmp_path)
    assert done.returncode == EXIT_OK
    assert lines_of(done.stderr) == ["cleantext: image.txt: binary file; skipped",
                                     "cleantext: nul.txt: binary file; skipped",
                                     "1 file changed, 0 unchanged, 2 skipped, 0 failed",
                                     "changes per rule: spacing 2, unwrap 1, punctuation 1"]
    assert (tmp_path / "image.txt").read_bytes() == png


# --- failures, symlinks, permissions, parallelism, interruption -------------------------


def test_fifo_missing_and_not_a_folder_paths_fail_alone(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY, "file": "not a folder"})
    os.mkfifo(tmp_path / "pipe.txt")
    done = run_cli("pipe.txt", "missing.txt", "file/x.txt", "a.txt", cwd=tmp_path, timeout=30)
    assert done.returncode == EXIT_IO
    assert lines_of(done.stderr)[:3] == [
        "cleantext: error: pipe.txt: not a regular file (a FIFO); skipped",
        "cleantext: error: missing.txt: cannot read: No such file or directory",
        "cleantext: error: file/x.txt: cannot read: Not a directory",
    ]
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == CLEAN


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_read_only_folder_fails_alone(tmp_path: Path) -> None:
    write(tmp_path, {"locked/a.txt": NOISY, "b.txt": NOISY})
    (tmp_path / "locked").chmod(0o555)
    try:
        done = run_cli(".", cwd=tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert done.returncode == EXIT_IO
    assert b"locked/a.txt: cannot write a temporary file" in done.stderr
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == CLEAN


def test_write_failures_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Permission denied on rename, and a file edited and one deleted between read and write.

    Tests run as root, which no permission bit stops, so these are simulated in process.
    """
    from cleantext import cli, fileio, runner

    write(tmp_path, {name: NOISY for name in ("denied.txt", "edited.txt", "deleted.txt", "ok.txt")})
    real_replace, real_read = fileio.os.replace, runner.read_with_stat

    def replace(src: str, dst: Path) -> None:
        if os.fspath(dst).endswith("denied.txt"):
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    def read(path: Path, encoding: str | None = None):  # type: ignore[no-untyped-def]
        decoded, info = real_read(path, encoding)
        if path.name == "edited.txt":
            path.write_text("edited meanwhile\n", encoding="utf-8")
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
        elif path.name == "deleted.txt":
            path.unlink()
        return decoded, info

    monkeypatch.setattr(fileio.os, "replace", replace)
    monkeypatch.setattr(runner, "read_with_stat", read)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--jobs", "1", "."]) == EXIT_IO
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == ["cleantext: error: deleted.txt: deleted since it was read; not written",
                       "cleantext: error: denied.txt: cannot write: Permission denied",
                       "cleantext: error: edited.txt: changed since it was read; not overwritten"]
    assert err[3] == "1 file changed, 0 unchanged, 0 skipped, 3 failed"
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "denied.txt").read_text(encoding="utf-8") == NOISY
    assert (tmp_path / "edited.txt").read_text(encoding="utf-8") == "edited meanwhile\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TEMP_PREFIX)]


def test_a_folder_run_syncs_each_folder_once_after_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each file written is synced before its rename; the renames are made durable by one
    sync of each folder they are in, once the files are written (not one per file)."""
    from cleantext import cli, fileio

    write(tmp_path, {"a/1.txt": NOISY, "a/2.txt": NOISY, "a/3.txt": CLEAN, "b/4.txt": NOISY})
    synced: list[Path] = []
    monkeypatch.setattr(fileio, "_sync_folder", synced.append)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["-q", "--jobs", "1", "."]) == EXIT_OK
    assert sorted(synced) == [tmp_path / "a", tmp_path / "b"]
    synced.clear()
    assert cli.main(["-q", "--check", "."]) == EXIT_OK  # nothing written: nothing synced
    assert synced == []


def test_a_run_stopped_early_leaves_the_files_it_did_not_report_as_they_were(
        tmp_path: Path) -> None:
    """Files are synced in threads while the next are cleaned; a run stopped after its first
    outcome (Ctrl-C, a closed pipe) renames no other file and leaves no temporary file."""
    from cleantext.options import Settings
    from cleantext.runner import Options, run

    names = [f"{index}.txt" for index in range(8)]
    write(tmp_path, dict.fromkeys(names, NOISY))
    outcomes = run([(tmp_path / name, None) for name in names], Settings(), Options(), 1)
    first = next(outcomes)
    outcomes.close()
    assert (first.path, first.status) == (str(tmp_path / "0.txt"), "changed")
    assert [(tmp_path / name).read_text(encoding="utf-8") for name in names] == \
        [CLEAN] + [NOISY] * 7
    assert sorted(path.name for path in tmp_path.iterdir()) == names


def test_symlinks_are_followed_and_their_target_written_once(tmp_path: Path) -> None:
    write(tmp_path, {"elsewhere/real.txt": NOISY, "docs/own.txt": NOISY})
    (tmp_path / "docs/link.txt").symlink_to(tmp_path / "elsewhere/real.txt")
    (tmp_path / "docs/link2.txt").symlink_to(tmp_path / "elsewhere/real.txt")
    (tmp_path / "docs/dirlink").symlink_to(tmp_path / "elsewhere")  # folders links are not entered
    done = run_cli("docs", cwd=tmp_path)
    assert done.returncode == EXIT_OK
    assert lines_of(done.stdout) == ["fixed docs/link.txt", "fixed docs/own.txt"]
    assert (tmp_path / "docs/link.txt").is_symlink()
    assert (tmp_path / "elsewhere/real.txt").read_text(encoding="utf-8") == CLEAN


def test_permission_bits_kept(tmp_path: Path) -> None:
    write(tmp_path, {"a.txt": NOISY, "b.txt": NOISY})
    (tmp_path / "a.txt").chmod(0o600)
    (tmp_path / "b.txt").chmod(0o754)
    assert run_cli(".", cwd=tmp_path).returncode == EXIT_OK
    assert (tmp_path / "a.txt").stat().st_mode & 0o7777 == 0o600
    assert (tmp_path / "b.txt").stat().st_mode & 0o7777 == 0o754


def test_safe_refuses_a_result_that_is_not_idempotent(tmp_path: Path) -> None:
    config = "rules:\n  - {id: bang, kind: regex, params: {pattern: '新', replacement: '新！'}}\n"
    write(tmp_path, {".cleantext.yaml": config, "a.txt": NOISY})
    done = run_cli("a.txt", cwd=tmp_path)
    assert done.returncode == EXIT_IO
    assert lines_of(done.stderr)[0].startswith(
        "cleantext: error: a.txt: not written (--safe): not idempotent: cleaning the result again "
        "changes it (rules: bang)")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == NOISY
    assert run_cli("--no-safe", "a.txt", cwd=tmp_path).returncode == EXIT_OK
    fixed = (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert "新！" in fixed and "新！！" not in fixed  # rules that never settle run once


def _corpus(folder: Path, copies: int) -> dict[str, bytes]:
    """Seeds and small noisy files, some in GBK with CRLF, in sub-folders."""
    files: dict[str, bytes] = {}
    for index in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            files[f"d{index % 3}/{index}_{seed.name}"] = seed.read_bytes()
        files[f"d{index % 3}/small{index}.txt"] = _encoded(NOISY * (index + 1), "gbk", b"", "\r\n")
    write(folder, files)
    return files


def test_jobs_2_gives_the_same_results_as_jobs_1(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    _corpus(one, 4)
    _corpus(two, 4)
    first = run_cli("-v", "--jobs", "1", ".", cwd=one)
    second = run_cli("-v", "--jobs", "2", ".", cwd=two)
    assert first.returncode == second.returncode == EXIT_OK
    assert first.stdout == second.stdout and first.stderr == second.stderr
    assert contents(one) == contents(two)


def test_killed_run_leaves_each_file_old_or_new_and_next_run_cleans_up(tmp_path: Path) -> None:
    files = _corpus(tmp_path, 12)
    expected = {}
    for name, data in files.items():
        codec = "gbk" if "small" in name else "utf-8"
        newline = "\r\n" if "small" in name else "\n"
        text = data.decode(codec).replace("\r\n", "\n")
        expected[name] = clean(text).replace("\n", newline).encode(codec)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cleantext", "--jobs", "2", "."]
    process = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(1.2)  # imports take ~0.5 s; then files are being written
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for name, data in files.items():
        assert (tmp_path / name).read_bytes() in (data, expected[name]), name
    stale = [p for p in tmp_path.rglob(f"{TEMP_PREFIX}*")]
    done = run_cli(".", cwd=tmp_path)
    assert done.returncode == EXIT_OK
    assert not list(tmp_path.rglob(f"{TEMP_PREFIX}*")), stale
    assert all((tmp_path / name).read_bytes() == expected[name] for name in files)


def test_stale_temp_files_removed_only_when_fixing(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    write(tmp_path, {"a.txt": NOISY, f"{TEMP_PREFIX}{dead}-x1": "half a file"})
    assert run_cli("--check", ".", cwd=tmp_path).returncode == EXIT_CHANGED
    assert (tmp_path / f"{TEMP_PREFIX}{dead}-x1").exists()
    done = run_cli("-v", ".", cwd=tmp_path)
    removed = f"removed {tmp_path}/{TEMP_PREFIX}{dead}-x1, left by an interrupted run"
    assert removed in done.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_dead_worker_process_is_reported_not_a_traceback() -> None:
    from concurrent.futures.process import BrokenProcessPool

    from cleantext.runner import WorkerDied, _drain

    class Executor:
        def shutdown(self, wait: bool, cancel_futures: bool) -> None:
            self.closed = True

    def results():
        raise BrokenProcessPool("killed")
        yield

    executor = Executor()
    with pytest.raises(WorkerDied, match="worker process died"):
        list(_drain(executor, results(), []))
    assert executor.closed
