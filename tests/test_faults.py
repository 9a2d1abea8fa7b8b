"""Faults while fixing files in place: a killed run, a full disk, no permission, files that
change, vanish or are not files. Whatever happens, a file is its old bytes or its cleaned
bytes, the error names it, and no temporary file stays behind.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cleantext import clean
from cleantext.fileio import TEMP_PREFIX

from .conftest import ROOT, run_cli

NOISY = (
    "在 2025 年,创新之城\u200b青藏高原\n科技 ２０２５ 发展。\n" * 400
)  # ~14 KB, cleans to ~11 KB
CLEANED = clean(NOISY)


def _kill_loop_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "kill_loop", ROOT / "tests" / "fuzz" / "kill_loop.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _temps(folder: Path) -> list[Path]:
    return list(folder.rglob(f"{TEMP_PREFIX}*"))


def test_sigkill_at_random_moments_leaves_each_file_old_or_cleaned(tmp_path: Path) -> None:
    """5 kills of a run over 200 files here; `python tests/fuzz/kill_loop.py` does 100."""
    figures = _kill_loop_module().kill_loop(tmp_path, kills=5, count=200, seed=7)
    assert figures["kills"] == 5
    assert figures["files left original"] + figures["files left cleaned"] == 5 * 200


def _run_limited(
    args: list[str | Path], limit: Callable[[], None]
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "cleantext", "--jobs", "1", *map(str, args)],
        capture_output=True,
        env=env,
        preexec_fn=limit,
        timeout=120,
    )


def _small_file_limit() -> None:
    """Files may grow to 4 KB only (a full disk for anything bigger); EFBIG, not SIGXFSZ."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_disk_full_leaves_the_file_untouched_and_names_it(tmp_path: Path) -> None:
    """On a 64 KB tmpfs that the file nearly fills; where mounting is not allowed, a file size
    limit."""
    mount = tmp_path / "small"
    mount.mkdir()
    mounted = (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
        ).returncode
        == 0
    )
    try:
        target = mount / "full.txt"
        if mounted:
            target.write_text(NOISY * 2, encoding="utf-8")  # ~55 KB of 64: no room for the temp
            original = target.read_bytes()
            done = run_cli("--jobs", "1", target)
        else:
            target.write_text(NOISY, encoding="utf-8")
            original = target.read_bytes()
            done = _run_limited([target], _small_file_limit)
        stderr = done.stderr.decode()
        assert done.returncode == 3, stderr
        assert f"{target}: " in stderr and "Traceback" not in stderr
        assert target.read_bytes() == original
        assert not _temps(mount)
    finally:
        if mounted:
            subprocess.run(["umount", str(mount)], check=True)


def _without_permission_override() -> None:
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so even root meets file permissions."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(99)


def test_permission_denied_file_and_folder_fail_alone(tmp_path: Path) -> None:
    unreadable = tmp_path / "secret.txt"
    unreadable.write_text(NOISY, encoding="utf-8")
    unreadable.chmod(0o000)
    locked = tmp_path / "locked"
    locked.mkdir()
    readonly = locked / "ro.txt"
    readonly.write_text(NOISY, encoding="utf-8")
    locked.chmod(0o555)  # the file is readable, but no temporary file can be made beside it
    ok = tmp_path / "ok.txt"
    ok.write_text(NOISY, encoding="utf-8")
    if os.geteuid() == 0:
        done = _run_limited([unreadable, readonly, ok], _without_permission_override)
        if done.returncode == 99:
            pytest.skip("cannot drop CAP_DAC_OVERRIDE here")
    else:
        done = _run_limited([unreadable, readonly, ok], lambda: None)
    locked.chmod(0o755)
    unreadable.chmod(0o644)
    stderr = done.stderr.decode()
    assert done.returncode == 3 and "Traceback" not in stderr
    assert f"{unreadable}: " in stderr and "ermission denied" in stderr
    assert f"{readonly}: " in stderr
    assert unreadable.read_text(encoding="utf-8") == readonly.read_text(encoding="utf-8") == NOISY
    assert ok.read_text(encoding="utf-8") == CLEANED
    assert not _temps(tmp_path)


@pytest.mark.parametrize("what", ["changed", "deleted"])
def test_a_file_that_changes_or_vanishes_between_read_and_write_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    """The file is touched while it is being cleaned (during the --safe check)."""
    import cleantext.safety
    from cleantext.cli import main

    target = tmp_path / "busy.txt"
    target.write_text(NOISY, encoding="utf-8")
    other = tmp_path / "calm.txt"
    other.write_text(NOISY, encoding="utf-8")
    real_verify = cleantext.safety.verify

    def meddle(original: str, result, cleaner):  # type: ignore[no-untyped-def]
        if target.exists() and original == NOISY and not meddle.done:  # type: ignore[attr-defined]
            meddle.done = True  # type: ignore[attr-defined]
            if what == "changed":
                target.write_text("someone else's edit\n", encoding="utf-8")
            else:
                target.unlink()
        return real_verify(original, result, cleaner)

    meddle.done = False  # type: ignore[attr-defined]
    monkeypatch.setattr(cleantext.safety, "verify", meddle)
    status = main(["--jobs", "1", str(target), str(other)])
    stderr = capsys.readouterr().err
    assert status == 3
    assert f"{target}: " in stderr and "Traceback" not in stderr
    if what == "changed":
        assert target.read_text(encoding="utf-8") == "someone else's edit\n"
    else:
        assert not target.exists()
    assert other.read_text(encoding="utf-8") == CLEANED
    assert not _temps(tmp_path)


def test_fifo_and_device_paths_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    ok = tmp_path / "ok.txt"
    ok.write_text(NOISY, encoding="utf-8")
    done = run_cli(fifo, "/dev/null", "/dev/zero", ok, timeout=60)
    stderr = done.stderr.decode()
    assert done.returncode == 3 and "Traceback" not in stderr
    for path in (fifo, "/dev/null", "/dev/zero"):
        assert f"{path}: " in stderr
    assert ok.read_text(encoding="utf-8") == CLEANED
    assert os.path.exists("/dev/null") and Path("/dev/null").is_char_device()


def test_a_file_size_limit_hit_while_writing_leaves_the_file_untouched(tmp_path: Path) -> None:
    """The same as a full disk, by RLIMIT_FSIZE: writing the temporary file fails with EFBIG."""
    target = tmp_path / "big.txt"
    target.write_text(NOISY, encoding="utf-8")
    original = target.read_bytes()
    done = _run_limited([target], _small_file_limit)
    stderr = done.stderr.decode()
    assert done.returncode == 3 and "Traceback" not in stderr
    assert f"{target}: cannot write: File too large" in stderr
    assert target.read_bytes() == original and not _temps(tmp_path)
