"""Hostile inputs (tests/hostile/, made by make.py) give a one-line error or a sound result.

Never a traceback, never a file written wrongly: a file is either left byte for
byte or rewritten with text that passes `cleantext.safety.verify`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cleantext import Cleaner
from cleantext.config import load_ruleset
from cleantext.safety import verify

from .conftest import ROOT, run_cli

HOSTILE = ROOT / "tests" / "hostile"
CLEANER = Cleaner(load_ruleset())


def _fix(tmp_path: Path, name: str, *args: str) -> tuple[int, str, bytes, bytes]:
    """Fix a copy of hostile file `name`: (exit status, stderr, bytes before, bytes after)."""
    target = tmp_path / name
    shutil.copyfile(HOSTILE / name, target)
    before = target.read_bytes()
    done = run_cli(*args, target)
    stderr = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr
    assert not list(tmp_path.glob(".cleantext-tmp-*"))
    return done.returncode, stderr, before, target.read_bytes()


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "error" in line]


def test_the_corpus_is_what_make_py_writes(tmp_path: Path) -> None:
    import runpy

    files = runpy.run_path(str(HOSTILE / "make.py"))["FILES"]
    for name, data in files.items():
        assert (HOSTILE / name).read_bytes() == data, f"run tests/hostile/make.py ({name})"


@pytest.mark.parametrize("name", ["invalid_utf8.txt", "mixed_utf8_gbk.txt"])
def test_undecodable_text_is_named_and_left(tmp_path: Path, name: str) -> None:
    status, stderr, before, after = _fix(tmp_path, name)
    assert status == 3 and after == before
    [error] = _errors(stderr)
    assert name in error and "cannot decode" in error and "line 2" in error


@pytest.mark.parametrize("name", ["nul_bytes.txt", "random_bytes.txt"])
def test_binary_looking_files_are_skipped_untouched(tmp_path: Path, name: str) -> None:
    status, stderr, before, after = _fix(tmp_path, name)
    assert status == 0 and after == before
    assert f"{name}: binary file; skipped" in stderr


@pytest.mark.parametrize(("name", "codec"), [("utf16le_no_bom.txt", "utf-16-le"),
                                             ("utf16be_no_bom.txt", "utf-16-be")])
def test_utf16_without_bom_is_cleaned_and_kept_without_bom(
    tmp_path: Path, name: str, codec: str
) -> None:
    status, stderr, before, after = _fix(tmp_path, name)
    assert status == 0, stderr
    text = before.decode(codec)
    assert verify(text, CLEANER.run(text), CLEANER) is None
    assert after == CLEANER.run(text, trace=False).text.encode(codec) != before


def test_utf16_without_bom_is_read_when_named(tmp_path: Path) -> None:
    status, _, _, after = _fix(tmp_path, "utf16le_no_bom.txt", "--encoding", "utf-16-le")
    assert status == 0
    text = (HOSTILE / "utf16le_no_bom.txt").read_bytes().decode("utf-16-le")
    assert after.decode("utf-16-le") == CLEANER.run(text, trace=False).text


@pytest.mark.parametrize(
    "name",
    ["doubled_deep.txt", "rtl_combining.txt", "emoji_astral.txt", "only_noise.txt",
     "crlf_cr_mix.txt", "crlf_cr_wrapped.txt", "empty.txt"],
)
def test_odd_but_valid_text_is_cleaned_soundly(tmp_path: Path, name: str) -> None:
    status, stderr, before, after = _fix(tmp_path, name)
    assert status == 0, stderr
    text = before.decode("utf-8")
    assert verify(text, CLEANER.run(text), CLEANER) is None
    cleaned = CLEANER.run(text, trace=False).text
    if cleaned == text.replace("\r\n", "\n").replace("\r", "\n"):
        assert after == before  # only its line endings would change: the file keeps its own
    else:
        assert after.decode("utf-8") == cleaned.replace(
            "\n", "\r\n" if "\r\n" in text else "\n")


def test_astral_han_emoji_and_marks_survive(tmp_path: Path) -> None:
    *_, after = _fix(tmp_path, "emoji_astral.txt")
    out = after.decode("utf-8")
    for kept in ("𠀀𠀁𪚥", "👨\u200d👩\u200d👧", "🇨🇳", "\U0010ffff"):
        assert kept in out
    *_, after = _fix(tmp_path, "rtl_combining.txt")
    assert "e\u0301\u0302\u0303" in after.decode("utf-8") and "مرحبا" in after.decode("utf-8")


def test_lone_surrogates_from_surrogateescape_pass_through() -> None:
    text = (b"\xe4\xb8\xad \xff\xfe, \xe6\x96\x87\n").decode("utf-8", "surrogateescape")
    result = CLEANER.run(text)
    assert "\udcff\udcfe" in result.text
    assert result.text.encode("utf-8", "surrogateescape") == "中\udcff\udcfe，文\n".encode(
        "utf-8", "surrogateescape")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("malformed.yaml", ":4: invalid YAML"),
        ("unknown_key.yaml", ":4: unknown key 'colour' in rule 'x'"),
        ("unknown_param.yaml", ":2: rule 'x': unknown param 'speed'"),
        ("wrong_type.yaml", ":2: rule 'x': 'enabled' must be true or false"),
        ("wrong_param_type.yaml", ":2: rule 'x': param 'pattern' must be str, got int"),
        ("not_a_mapping.yaml", ": configuration must be a mapping"),
        ("bad_regex.yaml", ":2: rule 'x': pattern does not compile"),
        ("binary_yaml.yaml", ": cannot read"),
    ],
)
def test_bad_rule_files_are_one_line_errors_and_nothing_is_written(
    tmp_path: Path, name: str, message: str
) -> None:
    target = tmp_path / "in.txt"
    target.write_text("在 2025 年,创新\n", encoding="utf-8")
    done = run_cli("--rules", HOSTILE / name, target)
    stderr = done.stderr.decode()
    assert done.returncode == 2
    assert stderr.count("\n") == 1 and f"{name}{message}" in stderr and "Traceback" not in stderr
    assert target.read_text(encoding="utf-8") == "在 2025 年,创新\n"


def test_catastrophic_regex_times_out_naming_the_rule_and_file(tmp_path: Path) -> None:
    status, stderr, before, after = _fix(tmp_path, "catastrophic_input.txt",
                                         "--rules", str(HOSTILE / "catastrophic.yaml"))
    assert status == 3 and after == before
    [error] = _errors(stderr)
    assert "catastrophic_input.txt: rule slow: regex timed out" in error


def test_a_long_single_line_is_fixed_soundly(tmp_path: Path) -> None:
    """1 MB here; tests/fuzz/hostile_big.py does 50 MB."""
    piece = "在 2025 年,创新之城青藏高原科技 ２０２５ 发展\u200b“科创中心”,"
    text = piece * (1_000_000 // len(piece.encode()))
    target = tmp_path / "line.txt"
    target.write_text(text, encoding="utf-8")
    done = run_cli(target)
    assert done.returncode == 0, done.stderr
    assert target.read_text(encoding="utf-8") == CLEANER.run(text, trace=False).text
