"""Ctrl-C as a terminal sends it: SIGINT to the whole process group, once or many times."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleantext import clean
from cleantext.fileio import TEMP_PREFIX

from .conftest import ROOT, SEEDS

EXIT_INTERRUPTED = 130


def _group_members(group: int) -> list[int]:
    """Processes still in a process group (zombies aside), from /proc."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] not in (b"Z", b"X"):
            members.append(int(entry))
    return members


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "cleantext", *args], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


@pytest.fixture(scope="module")
def seed_texts() -> list[bytes]:
    return [path.read_bytes() for path in sorted(SEEDS.glob("*.txt"))]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to find orphans")
@pytest.mark.parametrize(("presses", "jobs"), [(1, "2"), (2, "2"), (3, "2"), (1, "1")])
def test_ctrl_c_during_a_folder_run_exits_130_at_once_leaving_nothing_behind(
        tmp_path: Path, seed_texts: list[bytes], presses: int, jobs: str) -> None:
    """With workers, or in the one process (its files synced by threads meanwhile)."""
    # (enough text that the run outlasts its first writes with every default kind native)
    originals = {f"d{i % 4}/{i:03}.txt": seed_texts[i % len(seed_texts)] * 6 for i in range(480)}
    for name, data in originals.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    process = _start(["--jobs", jobs, "."], tmp_path)
    _wait_for_a_write(tmp_path, process)  # started up, the workers writing files
    assert process.poll() is None, "the run ended before it could be interrupted"
    pressed = time.monotonic()
    for _ in range(presses):
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.15)
    try:
        _, err = process.communicate(timeout=10)
    finally:
        leftover = _group_members(process.pid)
        for pid in leftover:
            os.kill(pid, signal.SIGKILL)
    took = time.monotonic() - pressed
    assert process.returncode == EXIT_INTERRUPTED, err
    assert took < 3, f"took {took:.1f} s to stop"
    assert not leftover, "worker processes outlived the run"
    assert b"Traceback" not in err and err.decode().splitlines()[-1] == "cleantext: interrupted"
    assert not list(tmp_path.rglob(f"{TEMP_PREFIX}*"))
    cleaned = {data: clean(data.decode()).encode() for data in set(originals.values())}
    for name, data in originals.items():  # each file wholly old or wholly new
        assert (tmp_path / name).read_bytes() in (data, cleaned[data]), name


def _wait_for_a_write(folder: Path, process: subprocess.Popen[bytes]) -> None:
    """Return once the run has rewritten a file of `folder` (or ended, or 10 s passed)."""
    began = time.time_ns()
    deadline = time.monotonic() + 10
    while process.poll() is None and time.monotonic() < deadline:
        if any(_changed_since(entry, began)
               for sub in folder.iterdir() for entry in os.scandir(sub)):
            return
        time.sleep(0.02)


def _changed_since(entry: os.DirEntry[str], began: int) -> bool:
    """Whether the file of `entry` was modified after `began` (False if it is gone: a
    temporary file renamed meanwhile)."""
    try:
        return entry.stat().st_mtime_ns > began
    except FileNotFoundError:
        return False


@pytest.fixture(scope="module")
def python_start() -> float:
    """How long the bare interpreter takes to start here: SIGINT before that is Python's."""
    began = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.monotonic() - began


@pytest.mark.parametrize("after", [0.01, 0.08, 0.2])
def test_ctrl_c_during_start_up_prints_no_traceback(tmp_path: Path, python_start: float,
                                                    after: float) -> None:
    (tmp_path / "a.txt").write_text("在 2025 年,创新\n", encoding="utf-8")
    process = _start(["--jobs", "2", "."], tmp_path)
    time.sleep(python_start + after)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=10)
    # a Ctrl-C while the interpreter itself starts (before any of cleantext runs) is Python's
    assert b"/cleantext/" not in err, err.decode()
    if err.startswith((b"Fatal Python error", b"Could not import runpy module")):
        return  # Python's own, before cleantext was imported
    # 0: on a busy machine the run may end before the signal comes (the file is fixed then)
    assert process.returncode in (EXIT_INTERRUPTED, -signal.SIGINT, 0), err
