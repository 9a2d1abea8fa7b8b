"""The pipe filter, --explain and the `rules` listing, run as a user would."""

from __future__ import annotations

import pytest

from cleantext import clean

from .conftest import SEEDS


def test_pipe_filter_cleans_stdin_to_stdout(cli) -> None:
    raw = (SEEDS / "000_2379cdc364cfba97.txt").read_bytes()
    done = cli(input=raw)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8") == clean(raw.decode("utf-8"))
    assert cli("-", input=raw).stdout == done.stdout


def test_filter_reads_crlf_and_bom(cli) -> None:
    done = cli(input="\ufeff在 2025 年,\r\n创新\r\n".encode())
    assert done.stdout.decode("utf-8") == "在2025年，创新\n"


def test_invalid_utf8_on_stdin_is_one_line_error_exit_3(cli) -> None:
    done = cli(input=b"\xe5\x9c\xa8\xff\xfe")
    assert done.returncode == 3
    err = done.stderr.decode()
    assert err.count("\n") == 1 and "<stdin>" in err and "Traceback" not in err


@pytest.mark.parametrize("args", [[], ["--explain"]])
def test_a_bad_byte_deep_in_stdin_is_named_by_line_and_byte(cli, args: list[str]) -> None:
    """The stream is decoded piece by piece; the place is counted from its start."""
    head = ("中文，" * 100_000 + "\n").encode() + b"x\n" * 50_000  # past the first pieces
    done = cli(*args, input=head + b"\xff\n")
    assert done.returncode == 3
    assert done.stderr.decode() == (f"cleantext: error: <stdin>: cannot decode as utf-8: "
                                    f"invalid byte 0xff at line 50002, byte {len(head)}\n")


def test_explain_names_each_rule_with_counts_and_places(cli) -> None:
    done = cli("--explain", input="在 2025 年,创新\n之城\n")
    out = done.stdout.decode()
    assert done.returncode == 0
    assert "spacing" in out and "punctuation" in out and "unwrap" in out
    assert "1:9  ',' → '，'" in out


def test_select_and_ignore_on_the_command_line(cli) -> None:
    raw = "在 2025 年,创新\n"
    assert cli("--select", "punctuation", input=raw).stdout.decode() == "在 2025 年，创新\n"
    assert cli("--ignore", "punctuation,spacing", input=raw).stdout.decode() == "在 2025 年,创新\n"
    done = cli("--select", "nope", input=raw)
    assert done.returncode == 2 and b"no rule with id 'nope'" in done.stderr


def test_rules_lists_active_rules_and_shows_one(cli) -> None:
    listing = cli("rules").stdout.decode()
    assert "fake-bold" in listing and "opencc-t2s" not in listing
    assert "opencc-t2s" in cli("rules", "--all").stdout.decode()
    assert "opencc-t2s" in cli("rules", "--ruleset", "zh-hans").stdout.decode()
    shown = cli("rules", "show", "fake-bold").stdout.decode()
    assert "青藏高原青藏高原" in shown and "unchanged" in shown
    missing = cli("rules", "show", "nope")
    assert missing.returncode == 2 and b"no rule with id" in missing.stderr


def test_version_is_printed(cli) -> None:
    done = cli("--version")
    assert done.returncode == 0 and done.stdout.startswith(b"cleantext ")
