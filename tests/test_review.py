"""`cleantext review`: the plain state, then the app driven by Pilot, then snapshots."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cleantext import diff
from cleantext.config import load_config, load_ruleset
from cleantext.engine import Cleaner
from cleantext.review.app import ReviewApp
from cleantext.review.rows import SPLIT, UNIFIED, Layout, Screen
from cleantext.review.screens import ConfirmQuit
from cleantext.review.sections import Section, sections
from cleantext.review.state import ACCEPTED, PENDING, REJECTED, FileReview, ReviewState

from .conftest import SEEDS

SEED = next(SEEDS.glob("000_*.txt"))
TWO = "在 2025 年\n\n你好,的\n\n第三 段\n"  # three hunks: spacing, punctuation, spacing


def _files(folder: Path, **texts: str) -> list[Path]:
    paths = []
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _app(paths: list[Path], ruleset: str = "default") -> ReviewApp:
    return ReviewApp(ReviewState(paths, load_ruleset(ruleset)))


async def _ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


#: Six paragraphs, each a slice of its own in small slices, each with one spacing hunk.
PARAGRAPHS = [f"第{i}段 文字。\n" for i in range(6)]
SIX = "\n".join(PARAGRAPHS)


def _fixed(accepted: set[int]) -> str:
    """SIX with the paragraphs in `accepted` cleaned."""
    return "\n".join(p.replace(" ", "") if i in accepted else p for i, p in enumerate(PARAGRAPHS))


class Gated(ReviewState):
    """Cleans in slices of about `target` characters, and holds back all but the first hunks
    until `gate` is set."""

    def __init__(self, paths: list[Path], target: int = 8) -> None:
        super().__init__(paths, load_ruleset())
        self.gate = threading.Event()
        self.target = target

    def cleaner(self) -> Cleaner:
        return Cleaner(super().cleaner().rules, target=self.target)

    def clean_sections(self, review: FileReview) -> Iterator[Section]:
        parts = super().clean_sections(review)
        for part in parts:
            yield part
            if part.hunks:
                break
        self.gate.wait(10)
        yield from parts


async def _until(pilot, check: Callable[[], object]) -> None:  # type: ignore[no-untyped-def]
    for _ in range(500):
        if check():
            return
        await pilot.pause(0.01)
    raise AssertionError("timed out")


# -- the plain state -------------------------------------------------------------------------


def test_a_hunk_names_the_rules_whose_changes_overlap_it(tmp_path: Path) -> None:
    state = ReviewState(_files(tmp_path, a=TWO), load_ruleset())
    review = state.load(0)
    rules = [review.rules_of(i) for i in range(len(review.hunks))]
    assert rules == [["spacing"], ["punctuation"], ["spacing"]]
    for index in range(len(review.hunks)):
        start, end = diff.old_span(review.old, review.hunks[index])
        assert review.old_span(index) == (start, end)


def test_rejecting_a_rule_recleans_without_it_and_keeps_other_decisions(tmp_path: Path) -> None:
    state = ReviewState(_files(tmp_path, a=TWO, b="你好,的\n"), load_ruleset())
    first = state.load(0)
    state.load(1)
    first.decide(0, ACCEPTED)
    assert state.set_rule("punctuation", True) == [0, 1]
    first = state.load(0)
    assert [first.rules_of(i) for i in range(len(first.hunks))] == [["spacing"], ["spacing"]]
    assert first.decisions == [ACCEPTED, PENDING]
    assert state.load(1).hunks == []
    assert state.set_rule("punctuation", False) == [0, 1]
    assert len(state.load(0).hunks) == 3 and state.files[0].decisions[0] == ACCEPTED


def test_sections_give_the_hunks_and_text_of_cleaning_at_once() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        cleaner = Cleaner(load_ruleset(), target=200)
        parts = list(sections(cleaner, text))
        result = cleaner.run(text)
        assert "".join(line for part in parts for line in part.new_lines) == result.text
        assert [h for part in parts for h in part.hunks] == diff.hunks(text, result.text,
                                                                      result.changes)
        assert len(parts) > 2 and [part.done for part in parts].index(True) == len(parts) - 1


def test_a_file_cleaned_in_small_slices_reviews_as_one_cleaned_at_once(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    small = Gated([tmp_path / "seed.txt"], target=200)  # cuts where the default size does
    whole = ReviewState([tmp_path / "seed.txt"], load_ruleset())
    small.gate.set()
    parts, one = small.load(0), whole.load(0)
    assert parts.hunks == one.hunks and parts.new_lines == one.new_lines
    assert parts.result() == one.result() == one.old
    rules = [parts.rules_of(i) for i in range(len(parts.hunks))]
    assert rules == [one.rules_of(i) for i in range(len(one.hunks))]


def test_rows_grown_section_by_section_are_the_rows_of_the_whole_file() -> None:
    text = SEED.read_text(encoding="utf-8")
    parts = list(sections(Cleaner(load_ruleset(), target=200), text))
    found = [h for part in parts for h in part.hunks]
    old_count, heights = len(text.splitlines()), [1 + i % 3 for i in range(len(text))]
    for mode in (UNIFIED, SPLIT):
        layout = Layout([], old_count, mode)
        grown = Screen(layout, lambda row: 1 + (row.old or 0) % 2, (heights, []))
        for part in parts:
            layout.extend(part.hunks)
            grown.extend(heights[grown.new_lines : grown.new_lines + len(part.new_lines)])
            if len(grown):
                grown.at(len(grown) - 1)  # measures the last block, which may change
        whole = Screen(Layout(found, old_count, mode), grown.height, (heights, heights))
        for screen in (whole, grown):
            for index in range(len(found)):
                screen.measure(index)
        assert len(whole) == len(grown)
        assert all(whole.at(y) == grown.at(y) for y in range(len(whole)))


def test_hunks_are_decided_while_more_arrive_and_a_rule_rejected_meanwhile_restarts(
        tmp_path: Path) -> None:
    state = Gated(_files(tmp_path, a=SIX))
    state.gate.set()
    job = state.next_job(0)
    while not job.review.hunks:
        state.add(job, next(job.sections))
    review = job.review
    review.decide(0, ACCEPTED)
    assert not review.done and "still cleaning" in state.write(0)
    state.add(job, next(job.sections))
    assert review.decisions[0] == ACCEPTED  # indices stay as hunks arrive
    assert state.set_rule("punctuation", True) == [0]  # the rest could hold punctuation changes
    assert not state.add(job, next(job.sections))  # the old cleaning is dropped
    fresh = state.load(0)
    assert fresh.done and len(fresh.hunks) == 6 and fresh.decisions[0] == ACCEPTED
    fresh.decisions[5] = ACCEPTED
    state.write(0)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == _fixed({0, 5})


def test_rejecting_everything_writes_nothing(tmp_path: Path) -> None:
    paths = _files(tmp_path, a=TWO)
    state = ReviewState(paths, load_ruleset())
    state.load(0).decide_all(REJECTED)
    before = paths[0].stat()
    assert "left as it is" in state.write(0)
    assert paths[0].read_text(encoding="utf-8") == TWO
    assert paths[0].stat().st_mtime_ns == before.st_mtime_ns


def test_writing_keeps_the_files_encoding_and_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    # long enough to be told from Big5: two characters are not (fileio._plausible)
    path.write_bytes("在 2025 年,创新驱动发展\r\n".encode("gbk"))
    state = ReviewState([path], load_ruleset())
    state.load(0).decide_all(ACCEPTED)
    state.write(0)
    assert path.read_bytes() == "在2025年，创新驱动发展\r\n".encode("gbk")


# -- the app -----------------------------------------------------------------------------------


def test_review_two_files_reject_one_hunk_accept_the_rest_and_write(tmp_path: Path) -> None:
    asyncio.run(_review_two_files_reject_one_hunk_accept_the_rest_and_write(tmp_path))


async def _review_two_files_reject_one_hunk_accept_the_rest_and_write(tmp_path: Path) -> None:
    paths = _files(tmp_path, a=TWO, b="你好,的\n\n在 2025 年\n")
    app = _app(paths)
    async with app.run_test(size=(120, 36)) as pilot:
        await _ready(pilot)
        assert app.query_one("#diff").title == str(paths[0])
        await pilot.press("n")  # to hunk 2 of a (the punctuation one)
        await pilot.press("r")  # reject it; the app moves on to hunk 3
        await pilot.press("a")  # accept hunk 3
        await pilot.press("p", "p", "a")  # back to hunk 1, accept it
        await pilot.press("w")  # write a
        await pilot.press("right_square_bracket")  # next file
        assert app.current == 1
        await pilot.press("A", "w")  # accept all of b, write
        await pilot.press("q")  # nothing unwritten: no question
        await pilot.pause()
    assert app.return_value == 0
    assert paths[0].read_text(encoding="utf-8") == "在2025年\n\n你好,的\n\n第三段\n"
    assert paths[1].read_text(encoding="utf-8") == "你好，的\n\n在2025年\n"


def test_quitting_without_writing_asks_and_changes_nothing(tmp_path: Path) -> None:
    asyncio.run(_quitting_without_writing_asks_and_changes_nothing(tmp_path))


async def _quitting_without_writing_asks_and_changes_nothing(tmp_path: Path) -> None:
    paths = _files(tmp_path, a=TWO)
    app = _app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("A", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")  # stay
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmQuit) and app.is_running
        await pilot.press("q")
        await pilot.pause()
        await pilot.click("#leave")
        await pilot.pause()
    assert paths[0].read_text(encoding="utf-8") == TWO


def test_rejecting_a_rule_from_the_picker_applies_to_every_file(tmp_path: Path) -> None:
    asyncio.run(_rejecting_a_rule_from_the_picker_applies_to_every_file(tmp_path))


async def _rejecting_a_rule_from_the_picker_applies_to_every_file(tmp_path: Path) -> None:
    paths = _files(tmp_path, a=TWO, b="你好,的\n")
    app = _app(paths)
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        await pilot.press("x")
        await pilot.pause()
        options = app.screen.query_one("#rule-list")
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = ids.index("punctuation")
        await pilot.press("enter")
        await _ready(pilot)
        assert app.state.rejected_rules == {"punctuation"}
        await pilot.press("A", "W")
        await pilot.press("q")
        await pilot.pause()
    assert paths[0].read_text(encoding="utf-8") == "在2025年\n\n你好,的\n\n第三段\n"
    assert paths[1].read_text(encoding="utf-8") == "你好,的\n"  # its only change was punctuation


def test_clicking_a_row_selects_its_hunk_and_help_opens(tmp_path: Path) -> None:
    asyncio.run(_clicking_a_row_selects_its_hunk_and_help_opens(tmp_path))


async def _clicking_a_row_selects_its_hunk_and_help_opens(tmp_path: Path) -> None:
    app = _app(_files(tmp_path, a=TWO))
    async with app.run_test(size=(100, 30)) as pilot:
        await _ready(pilot)
        view = app.query_one("#diff")
        row = view.screen_rows.first_row(2)
        await pilot.click("#diff", offset=(5, row + 1))  # +1: the border
        assert app.selected == 2
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


LONG = "".join(f"第{i}项改革推进战略转型，机制体制创新实现从资源依赖到创新引领的关键跨越；"
               for i in range(1, 13)) + "全面完成。"  # 440 characters, 880 cells


def _shown(view) -> str:  # type: ignore[no-untyped-def]
    """The text of the rows on screen, blanks and selection bars dropped; side by side, the right
    half only. Checks that each row is as wide as the view."""
    lines = []
    for y in range(view.size.height):
        strip = view.render_line(y)
        assert strip.cell_length == view.scrollable_content_region.width
        lines.append("".join(segment.text for segment in strip).split("│")[-1])
    return "".join("".join(line.replace("▌", "").split()) for line in lines)


def test_a_long_paragraph_wraps_whole_in_both_views_and_after_a_resize(tmp_path: Path) -> None:
    asyncio.run(_a_long_paragraph_wraps_whole_in_both_views_and_after_a_resize(tmp_path))


async def _a_long_paragraph_wraps_whole_in_both_views_and_after_a_resize(tmp_path: Path) -> None:
    wrapped = "\n".join(LONG[i : i + 40] for i in range(0, len(LONG), 40))
    app = _app(_files(tmp_path, a=f"标题\n\n{wrapped}\n\n结尾。\n"))
    async with app.run_test(size=(120, 60)) as pilot:
        await _ready(pilot)
        view = app.query_one("#diff")
        assert view.virtual_size.width <= view.size.width
        assert f"+{LONG}" in _shown(view)  # the joined paragraph, on rows with no line number
        old = "".join(f"{3 + i // 40}-{LONG[i : i + 40]}⏎" for i in range(0, 400, 40))
        assert old in _shown(view)  # the old lines, their removed line breaks marked
        await pilot.press("v")
        await pilot.pause()
        assert f"3+{LONG}" in _shown(view)
        await pilot.resize_terminal(100, 60)
        await pilot.press("v")
        await pilot.pause()
        assert f"+{LONG}" in _shown(view)


def test_hunks_shown_while_cleaning_can_be_decided(tmp_path: Path) -> None:
    asyncio.run(_hunks_shown_while_cleaning_can_be_decided(tmp_path))


async def _hunks_shown_while_cleaning_can_be_decided(tmp_path: Path) -> None:
    app = ReviewApp(Gated(_files(tmp_path, a=SIX)))
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await _until(pilot, lambda: app.state.files[0] and app.state.files[0].hunks)
            await pilot.pause()
            review = app.state.files[0]
            label = str(app.query_one("#files").get_option_at_index(0).prompt)
            assert not review.done and "cleaning…" in label
            assert "第0段文字" in _shown(app.query_one("#diff"))
            await pilot.press("a")
            assert review.decisions == [ACCEPTED] and "0 rejected" in app.sub_title
        finally:
            app.state.gate.set()
        await _ready(pilot)
        assert review.done and len(review.hunks) == 6 and review.decisions[0] == ACCEPTED
        assert "cleaning" not in str(app.query_one("#files").get_option_at_index(0).prompt)


def test_writing_while_cleaning_writes_nothing_and_then_exactly_the_accepted_hunks(
        tmp_path: Path) -> None:
    asyncio.run(_writing_while_cleaning_writes_nothing_and_then_exactly_the_accepted_hunks(
        tmp_path))


async def _writing_while_cleaning_writes_nothing_and_then_exactly_the_accepted_hunks(
        tmp_path: Path) -> None:
    paths = _files(tmp_path, a=SIX)
    app = ReviewApp(Gated(paths))
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await _until(pilot, lambda: app.state.files[0] and app.state.files[0].hunks)
            notes: list[str] = []
            app.notify = lambda message, **_: notes.append(message)  # type: ignore[method-assign]
            await pilot.press("a", "w", "W")
            await pilot.pause()
            assert paths[0].read_text(encoding="utf-8") == SIX
            assert len(notes) == 2 and all("a.txt: still cleaning" in note for note in notes)
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmQuit)
            assert "still being cleaned" in str(app.screen.query_one("Label").render())
            await pilot.press("n")
        finally:
            app.state.gate.set()
        await _ready(pilot)
        await pilot.press("n", "r", "n", "a", "n", "n", "a")  # hunks 1..5: -, r, a, -, a
        await pilot.press("w", "q")
        await pilot.pause()
    assert app.return_value == 0
    assert paths[0].read_text(encoding="utf-8") == _fixed({0, 3, 5})


def test_rejecting_a_rule_while_cleaning_cleans_the_whole_file_again_without_it(
        tmp_path: Path) -> None:
    asyncio.run(_rejecting_a_rule_while_cleaning_cleans_the_whole_file_again_without_it(
        tmp_path))


async def _rejecting_a_rule_while_cleaning_cleans_the_whole_file_again_without_it(
        tmp_path: Path) -> None:
    paths = _files(tmp_path, a=SIX.replace("文字", "好,字"))
    app = ReviewApp(Gated(paths))
    async with app.run_test(size=(100, 30)) as pilot:
        try:
            await _until(pilot, lambda: app.state.files[0] and app.state.files[0].hunks)
            await pilot.press("A", "x")  # accept every hunk, also those to come; pick a rule
            await pilot.pause()
            options = app.screen.query_one("#rule-list")
            ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
            options.highlighted = ids.index("spacing")
            await pilot.press("enter")
            await pilot.pause()
        finally:
            app.state.gate.set()
        await _ready(pilot)
        review = app.state.files[0]
        assert review.done and len(review.hunks) == 6
        assert {rule for i in range(6) for rule in review.rules_of(i)} == {"punctuation"}
        await pilot.press("w")
    assert paths[0].read_text(encoding="utf-8") == SIX.replace("文字", "好，字")


# -- snapshots ---------------------------------------------------------------------------------


@pytest.fixture
def seed_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewApp:
    """The review of a copy of seed 000 named `seed.txt`, opened from its folder."""
    shutil.copy(SEED, tmp_path / "seed.txt")
    monkeypatch.chdir(tmp_path)
    return ReviewApp(ReviewState([Path("seed.txt")], load_config(cwd=tmp_path).rules))


def test_snapshot_unified(seed_app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, press=["n", "a", "r"], terminal_size=(110, 32), run_before=_ready)


def test_snapshot_side_by_side(seed_app: ReviewApp, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(seed_app, press=["n", "a", "v"], terminal_size=(110, 32), run_before=_ready)
