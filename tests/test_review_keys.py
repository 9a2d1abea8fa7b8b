"""`cleantext review` driven by Pilot: files that cannot be reviewed, the help, the footer, the
title, the panels on resize, the undecided hunk, writing on quit and the `--safe` check."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from textual.binding import Binding, BindingType

from cleantext.config import load_config, load_ruleset
from cleantext.options import EXIT_IO, EXIT_OK
from cleantext.review import review_command
from cleantext.review.app import ReviewApp
from cleantext.review.screens import ConfirmQuit, HelpScreen
from cleantext.review.sections import Section
from cleantext.review.state import ACCEPTED, PENDING, REJECTED, FileReview, ReviewState

from .test_review import SEED, SIX, TWO, Gated, _app, _files, _ready, _until
from .test_review_screen import _screen, _text, scrolled_rows


def _lines(app: ReviewApp) -> list[str]:
    return [_text(strip) for strip in _screen(app)]


def _on_screen(app: ReviewApp, text: str) -> bool:
    return any(text in line for line in _lines(app))


def test_files_that_cannot_be_reviewed_are_told_at_once_and_exit_3(tmp_path: Path) -> None:
    asyncio.run(_files_that_cannot_be_reviewed(tmp_path))


async def _files_that_cannot_be_reviewed(tmp_path: Path) -> None:
    (tmp_path / "bin.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    paths = [tmp_path / "nosuch.txt", tmp_path / "bin.png", *_files(tmp_path, a=TWO)]
    app = _app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        assert _on_screen(app, " cannot read: No such file")  # in the diff, no spinner
        assert _on_screen(app, "nosuch.txt ─")
        assert "1 file failed" in app.sub_title
        files = app.query_one("#files")
        labels = [str(files.get_option_at_index(i).prompt) for i in range(3)]
        assert labels[0].startswith("! nosuch.txt") and "binary; skipped" in labels[1]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert _on_screen(app, "binary file")
        await pilot.press("right_square_bracket", "A", "w", "q")
        await pilot.pause()
    assert app.return_value == EXIT_IO  # as the command line: a file failed
    assert paths[2].read_text(encoding="utf-8") == "在2025年\n\n你好，的\n\n第三段\n"


def test_a_missing_file_is_told_while_the_files_before_it_are_still_cleaned(
        tmp_path: Path) -> None:
    asyncio.run(_a_missing_file_is_told_while_others_are_cleaned(tmp_path))


async def _a_missing_file_is_told_while_others_are_cleaned(tmp_path: Path) -> None:
    state = Gated([*_files(tmp_path, a=SIX), tmp_path / "nosuch.txt"])
    app = ReviewApp(state)
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await _until(pilot, lambda: "1 file failed" in app.sub_title)
            assert not state.files[0].done  # a.txt is still being cleaned
            label = str(app.query_one("#files").get_option_at_index(1).prompt)
            assert label.startswith("! nosuch.txt  (cannot read)")
        finally:
            state.gate.set()
        await _ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == EXIT_IO


class Failing(ReviewState):
    """A rule fails on the file named `bad.txt`."""

    def clean_sections(self, review: FileReview) -> Iterator[Section]:
        if review.name.endswith("bad.txt"):
            raise RuntimeError("rule 'x' timed out")  # on the first section asked for
        yield from super().clean_sections(review)


def test_a_file_a_rule_fails_on_is_shown_failed_and_exits_3(tmp_path: Path) -> None:
    asyncio.run(_a_file_a_rule_fails_on(tmp_path))


async def _a_file_a_rule_fails_on(tmp_path: Path) -> None:
    app = ReviewApp(Failing(_files(tmp_path, bad=TWO, good=TWO), load_ruleset()))
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        assert _on_screen(app, "rule 'x' timed out") and "1 file failed" in app.sub_title
        label = str(app.query_one("#files").get_option_at_index(0).prompt)
        assert label.startswith("! bad.txt  (cannot clean)")
        await pilot.press("right_square_bracket", "A", "w", "q")
        await pilot.pause()
    assert app.return_value == EXIT_IO
    assert (tmp_path / "bad.txt").read_text(encoding="utf-8") == TWO
    assert (tmp_path / "good.txt").read_text(encoding="utf-8") != TWO


def test_a_binary_file_alone_is_skipped_and_exits_0(tmp_path: Path) -> None:
    asyncio.run(_a_binary_file_alone(tmp_path))


async def _a_binary_file_alone(tmp_path: Path) -> None:
    (tmp_path / "bin.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4)
    app = _app([tmp_path / "bin.png"])
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        assert _on_screen(app, "binary file; skipped")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == EXIT_OK


async def _help_lines(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    """Every line of the help box, scrolled through."""
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)
    box = pilot.app.screen.query_one("#help")
    lines = await scrolled_rows(pilot, box, lambda: box.virtual_size.height)
    return [line.rstrip() for line in lines]


def test_the_help_scrolls_and_lists_every_binding_of_the_app_one_key_a_row(
        tmp_path: Path) -> None:
    for size in ((80, 24), (120, 40)):
        asyncio.run(_the_help_lists_every_binding(tmp_path, size))


class Extended(ReviewApp):
    """The review app with one more key: the help must show it without being told."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *ReviewApp.BINDINGS, Binding("z", "bell", "Bell", tooltip="ring the bell")]


async def _the_help_lists_every_binding(tmp_path: Path, size: tuple[int, int]) -> None:
    app = Extended(ReviewState(_files(tmp_path, a=TWO), load_ruleset()))
    async with app.run_test(size=size) as pilot:
        await _ready(pilot)
        lines = await _help_lines(pilot)
        box = app.screen.query_one("#help")
        if size == (80, 24):
            assert box.max_scroll_y > 0  # taller than the screen: it scrolls
        assert box.region.bottom <= size[1]
        assert [line for line in lines if line.strip()][-1].strip().startswith(
            "escape, q or ? closes this help")
        rows = [(line.split()[0], " ".join(line.split()[1:])) for line in lines
                if len(line.split()) > 1 and len(line.split()[0]) == 1]
        for binding in Extended.BINDINGS:  # the key alone in its column: `n`, not `n /`
            key = app.get_key_display(binding)
            assert any(shown == key and binding.tooltip.startswith(text) and len(text) > 8
                       for shown, text in rows), (key, binding.tooltip)
        assert ("z", "ring the bell") in rows
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


def test_the_footer_names_the_view_v_switches_to_and_the_title_fits(tmp_path: Path) -> None:
    asyncio.run(_the_footer_names_the_view(tmp_path))


async def _the_footer_names_the_view(tmp_path: Path) -> None:
    long = tmp_path / ("a-rather-long-folder-name-" * 3)
    long.mkdir()
    app = _app(_files(long, paper=TWO))
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        lines = _lines(app)
        assert "v Side by side" in lines[-1] and "v Unified" not in lines[-1]
        assert "q Quit" in lines[-1] and "? Help" in lines[-1]  # the whole footer fits
        assert "cleantext review — 3 hunks: 0 accepted, 0 rejected" in lines[0]
        assert "paper.txt ─" in lines[1]  # the diff's border keeps the file's name
        await pilot.press("v")
        await pilot.pause()
        lines = _lines(app)
        assert "v Unified" in lines[-1] and "v Side by side" not in lines[-1]
        assert app.mode == "split" and "side by side" in "".join(lines)
        await pilot.press("v")
        assert app.mode == "unified"


def test_the_file_panel_is_a_share_of_the_width(tmp_path: Path) -> None:
    asyncio.run(_the_file_panel_is_a_share_of_the_width(tmp_path))


async def _the_file_panel_is_a_share_of_the_width(tmp_path: Path) -> None:
    app = _app(_files(tmp_path, a=TWO))
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        files = app.query_one("#files")
        widths = {}
        for width in (60, 80, 160, 300):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            widths[width] = files.outer_size.width
        assert widths[60] == 22 and widths[300] == 48  # the minimum, the maximum
        assert widths[80] == 22 and widths[160] == 40  # a quarter in between


def test_after_a_resize_the_selected_hunk_is_on_screen(tmp_path: Path) -> None:
    asyncio.run(_after_a_resize_the_selected_hunk_is_on_screen(tmp_path))


async def _after_a_resize_the_selected_hunk_is_on_screen(tmp_path: Path) -> None:
    app = _app([SEED])
    async with app.run_test(size=(160, 45)) as pilot:
        await _ready(pilot)
        await pilot.press(*["n"] * 20)
        await pilot.pause()
        header = f"▌@@ -{app.state.files[0].hunks[20].old_start + 1},"
        assert _on_screen(app, header)
        for size in ((80, 24), (160, 45)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert _on_screen(app, header), size
        await pilot.press("v")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert _on_screen(app, header)


def test_u_goes_to_the_next_undecided_hunk_in_this_file_or_the_next(tmp_path: Path) -> None:
    asyncio.run(_u_goes_to_the_next_undecided_hunk(tmp_path))


async def _u_goes_to_the_next_undecided_hunk(tmp_path: Path) -> None:
    app = _app(_files(tmp_path, a=TWO, b="你好,的\n\n在 2025 年\n"))
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        first = app.state.files[0]
        await pilot.press("n", "a", "p", "p")  # hunk 2 accepted; back on hunk 1
        assert (app.selected, first.decisions[1]) == (0, ACCEPTED)
        await pilot.press("u")
        assert (app.current, app.selected) == (0, 2)  # hunk 2 is decided: skipped
        await pilot.press("r", "u")  # hunk 3 rejected; u: on to the next file
        assert (app.current, app.selected) == (1, 0)
        second = app.state.files[1]
        await pilot.press("A", "u")  # b all decided; back round to a's first hunk
        assert (app.current, app.selected) == (0, 0) and first.decisions[0] == PENDING
        notes: list[str] = []
        app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("a", "u")
        assert notes == ["no undecided hunks left"]
        assert first.decisions == [ACCEPTED, ACCEPTED, REJECTED] and PENDING not in (
            second.decisions)


def test_write_and_quit_writes_the_accepted_hunks(tmp_path: Path) -> None:
    asyncio.run(_write_and_quit(tmp_path))


async def _write_and_quit(tmp_path: Path) -> None:
    paths = _files(tmp_path, a=TWO, b="你好,的\n")
    app = _app(paths)
    async with app.run_test(size=(80, 24)) as pilot:
        await _ready(pilot)
        await pilot.press("A", "right_square_bracket", "A", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        assert _on_screen(app, "Write and quit (w)")
        await pilot.press("w")
        await pilot.pause()
    assert app.return_value == EXIT_OK
    assert paths[0].read_text(encoding="utf-8") == "在2025年\n\n你好，的\n\n第三段\n"
    assert paths[1].read_text(encoding="utf-8") == "你好，的\n"


def test_a_write_failing_the_safe_check_is_refused_with_the_reason(tmp_path: Path) -> None:
    asyncio.run(_a_write_failing_the_safe_check(tmp_path))


async def _a_write_failing_the_safe_check(tmp_path: Path) -> None:
    config = tmp_path / "bang.yaml"
    config.write_text("rules:\n  - {id: bang, kind: regex, params: {pattern: '新', "
                      "replacement: '新！'}}\n", encoding="utf-8")
    paths = _files(tmp_path, a="新年好\n", b="在 2025 年\n")
    app = ReviewApp(ReviewState(paths, load_config(config, cwd=tmp_path).rules))
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        notes: list[tuple[str, str]] = []
        app.notify = (  # type: ignore[method-assign]
            lambda message, severity="information", **_: notes.append((message, severity)))
        await pilot.press("A", "w")
        message = (f"{paths[0]}: not written (--safe): not idempotent: cleaning the result "
                   "again changes it (rules: bang): '新' → '新！' at 1:1 of the output")
        assert notes == [(message, "error")]
        assert paths[0].read_text(encoding="utf-8") == "新年好\n"
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("w")  # write and quit: a is still refused, so the app stays
        await pilot.pause()
        assert app.is_running and paths[0].read_text(encoding="utf-8") == "新年好\n"
        assert notes[-1][0].startswith("not every file could be written")


def test_no_safe_writes_what_the_check_refuses(tmp_path: Path) -> None:
    config = tmp_path / "bang.yaml"
    config.write_text("rules:\n  - {id: bang, kind: regex, params: {pattern: '新', "
                      "replacement: '新！'}}\n", encoding="utf-8")
    paths = _files(tmp_path, a="新年好\n")
    state = ReviewState(paths, load_config(config, cwd=tmp_path).rules, safe=False)
    state.load(0).decide_all(ACCEPTED)
    assert state.write(0).endswith("a.txt: wrote 1 change")
    assert paths[0].read_text(encoding="utf-8") == "新！年好\n"


def test_review_takes_hidden_git_ignored_files_and_no_safe_as_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("ignored.txt\n", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    for name in ("seen.txt", "ignored.txt", ".hidden/inside.txt"):
        (tmp_path / name).write_text(TWO, encoding="utf-8")
    reviewed: list[list[str]] = []
    safe: list[bool] = []

    def run(app: ReviewApp) -> int:
        reviewed.append(sorted(path.name for path in app.state.paths))
        safe.append(app.state.safe)
        return EXIT_OK

    monkeypatch.setattr(ReviewApp, "run", run)
    monkeypatch.chdir(tmp_path)
    for flags in ([], ["--hidden"], ["--no-ignore"], ["--hidden", "--no-ignore"]):
        assert review_command([*flags, "."]) == EXIT_OK
    assert reviewed == [["seen.txt"], ["inside.txt", "seen.txt"], ["ignored.txt", "seen.txt"],
                        ["ignored.txt", "inside.txt", "seen.txt"]]
    assert review_command(["--no-safe", "."]) == EXIT_OK
    assert safe == [True] * 4 + [False]
