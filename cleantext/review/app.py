"""The review app: files on the left, the selected file's diff on the right, rules below it.

All decisions live in `state.ReviewState`; this module only shows them and
turns keys and clicks into calls on it. Where the review is, `current` file
and `selected` hunk, is the app's alone: the file list and the diff follow
it. The keys are `BINDINGS`, which the footer and the help (`?`) are made
from. Files are read and cleaned a slice
at a time in a worker thread, the file being looked at first, so the screen
is up at once and a large file's first hunks show (and can be decided)
while the rest is cleaned.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_right
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..fileio import FileError
from ..options import EXIT_IO, EXIT_OK
from .rows import SPLIT, UNIFIED
from .screens import LEAVE, WRITE, ConfirmQuit, HelpScreen, RulePicker
from .sections import Section
from .state import ACCEPTED, PENDING, REJECTED, Cleaning, FileReview, ReviewState
from .widgets import DiffView


class ReviewApp(App[int]):
    """See every change before anything is written, and decide."""

    TITLE = "cleantext review"
    CSS = """
    #files { width: 25%; min-width: 22; max-width: 48; height: 1fr;
             border: round $primary-muted; }
    #files:focus { border: round $primary; }
    #main { width: 1fr; }
    #diff { height: 1fr; border: round $primary-muted; }
    #diff:focus { border: round $primary; }
    #rules { height: auto; max-height: 5; padding: 0 1; color: $text-muted; }
    """
    ENABLE_COMMAND_PALETTE = False
    #: The keys: the footer shows the description, the help screen (`?`) the tooltip.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "hunk(1)", "Next", tooltip="next hunk (on to the next file at the end)"),
        Binding("p", "hunk(-1)", "Previous", show=False, tooltip="previous hunk"),
        Binding("u", "undecided", "Pending",
                tooltip="next hunk neither accepted nor rejected, in this file or the next"),
        Binding("right_square_bracket", "file(1)", "Next file", show=False, tooltip="next file"),
        Binding("left_square_bracket", "file(-1)", "Previous file", show=False,
                tooltip="previous file"),
        Binding("a", "decide('accepted')", "Accept",
                tooltip="accept this hunk, then go to the next"),
        Binding("r", "decide('rejected')", "Reject",
                tooltip="reject this hunk, then go to the next"),
        Binding("A", "decide_file('accepted')", "Accept file", show=False,
                tooltip="accept every hunk of this file (also those still to come)"),
        Binding("R", "decide_file('rejected')", "Reject file", show=False,
                tooltip="reject every hunk of this file (also those still to come)"),
        Binding("x", "rules", "Rules", tooltip="reject (or take back) every change of one rule, "
                                               "in all files"),
        Binding("v", f"view('{SPLIT}')", "Side by side",
                tooltip="side-by-side view: old text on the left, new on the right"),
        Binding("v", f"view('{UNIFIED}')", "Unified",
                tooltip="unified view: old lines above the new ones"),
        Binding("w", "write", "Write",
                tooltip="write this file's accepted hunks (once it is fully cleaned)"),
        Binding("W", "write_all", "Write all", show=False,
                tooltip="write every file with accepted hunks"),
        Binding("s", "skip", "Skip", show=False,
                tooltip="skip this file (write nothing to it); again to take back"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
        Binding("q", "quit_review", "Quit",
                tooltip="quit (asks first if accepted hunks are not written)"),
    ]

    def __init__(self, state: ReviewState) -> None:
        super().__init__()
        self.state = state
        self.current = 0
        self.selected = 0
        self.mode = UNIFIED
        self.cleaning = False  # whether the cleaning worker runs
        self.resume: int | None = None  # the old line to select once a re-cleaned file has it
        self.reported: set[int] = set()  # files whose failure (or binary content) was told
        self.short = short_names([state.name(i) for i in range(len(state.paths))])

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*[Option(self._file_label(i)) for i in range(len(self.state.paths))],
                             id="files")
            with Vertical(id="main"):
                yield DiffView(id="diff")
                yield Static(id="rules")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        files = self.query_one("#files", OptionList)
        files.border_title = "Files"
        if self.state.paths:
            files.highlighted = 0
        self.query_one(DiffView).focus()
        self._show()
        self._clean()

    # -- cleaning ------------------------------------------------------------------------

    def _clean(self) -> None:
        """Start the cleaning worker unless it runs."""
        if not self.cleaning:
            self.cleaning = True
            self.clean_files()

    @work(thread=True, exit_on_error=False, group="clean")
    def clean_files(self) -> None:
        """Read and clean every file a slice at a time, the one on screen first."""
        worker = get_current_worker()
        self.state.check()  # files that cannot even be opened are told at once
        try:
            while not worker.is_cancelled:
                job = self.state.next_job(self.current)
                if self._unreported():
                    self.call_from_thread(self._report)
                if job is None:
                    return
                try:
                    section = next(job.sections)
                except Exception as error:  # a rule failed: this file cannot be reviewed
                    self.call_from_thread(self._failed, job, str(error))
                else:
                    self.call_from_thread(self._cleaned, job, section)
        finally:
            if not worker.is_cancelled:
                self.call_from_thread(self._idle)

    def _cleaned(self, job: Cleaning, section: Section) -> None:
        if not self.state.add(job, section):
            return
        self._refresh_file(job.index)
        if job.index == self.current:
            self._show(scroll=self._resumed(job.review))

    def _resumed(self, review: FileReview) -> bool:
        """Select the first hunk at or after the `resume` line if it is here now."""
        if self.resume is None:
            return False
        index = bisect_right(review.hunks, self.resume, key=lambda hunk: hunk.old_end)
        if index == len(review.hunks) and not review.done:
            return False
        self.selected, self.resume = min(index, max(len(review.hunks) - 1, 0)), None
        return True

    def _failed(self, job: Cleaning, message: str) -> None:
        self.state.fail(job, message)
        self._report()

    def _unreported(self) -> set[int]:
        """Files found unreadable, binary or failing to clean, not yet told."""
        with self.state.lock:
            return {*self.state.errors, *self.state.binary} - self.reported

    def _report(self) -> None:
        """Tell of each file that cannot be reviewed, once, as soon as it is found."""
        for index in sorted(self._unreported()):
            self.reported.add(index)
            self._refresh_file(index)
            error = self.state.errors.get(index)
            self.notify(error or self.state.binary[index],
                        severity="error" if error else "warning", timeout=10)
            if index == self.current:
                self._show()

    def _idle(self) -> None:
        """The worker found nothing to clean; a rule rejected since may have given it more."""
        self.cleaning = False
        if self.state.jobs:
            self._clean()

    # -- showing -------------------------------------------------------------------------

    def _file_label(self, index: int) -> str:
        state = self.state
        review = state.files[index]
        name = self.short[index]
        if index in state.errors:
            return f"! {name}  (cannot {'read' if review is None else 'clean'})"
        if index in state.binary:
            return f"– {name}  (binary; skipped)"
        if review is None:
            return f"  {name}  …"
        decided = len(review.hunks) - review.count(PENDING)
        mark = "✓" if review.written else "–" if review.skipped else "●" if decided else " "
        cleaning = "" if review.done else f"  cleaning… {review.percent}%"
        return f"{mark} {name}  {decided}/{len(review.hunks)}{cleaning}"

    def _refresh_file(self, index: int) -> None:
        files = self.query_one("#files", OptionList)
        files.replace_option_prompt_at_index(index, self._file_label(index))

    def _review(self) -> FileReview | None:
        return self.state.files[self.current] if self.state.paths else None

    def _show(self, scroll: bool = False) -> None:
        """Redraw the diff, the rules line and the title for the current file and hunk."""
        view = self.query_one(DiffView)
        review = self._review()
        state = self.state
        failed = state.errors.get(self.current) or state.binary.get(self.current)
        name = state.name(self.current) if state.paths else "no files"
        note = failed.removeprefix(f"{name}: ") if failed else (
            "Reading…" if state.paths else "No files to review.")
        view.show(None if failed else review, self.mode, self.selected, note, name)
        view.border_subtitle = "side by side" if self.mode == SPLIT else "unified"
        if review is not None and not review.done and not failed:
            view.border_subtitle += f" — cleaning… {review.percent}%"
        if scroll:
            view.scroll_to_hunk(self.selected)
        self.query_one("#rules", Static).update(self._rules_text(None if failed else review))
        self.sub_title = self._summary(None if failed else review)

    def _summary(self, review: FileReview | None) -> str:
        """The title's second half: this file's hunks and decisions, and files that failed."""
        parts = []
        if review is not None:
            so_far = "" if review.done else " so far"
            done = " (written)" if review.written else " (skipped)" if review.skipped else ""
            parts.append(f"{len(review.hunks)} hunks{so_far}: {review.count(ACCEPTED)} accepted, "
                         f"{review.count(REJECTED)} rejected{done}")
        if self.state.errors:
            count = len(self.state.errors)
            parts.append(f"{count} file{'s' if count != 1 else ''} failed")
        return " · ".join(parts)

    def _rules_text(self, review: FileReview | None) -> str:
        if review is None or not review.hunks:
            return ""
        rules = review.rules_of(self.selected)
        so_far = "" if review.done else " so far"
        lines = [(f"Hunk {self.selected + 1}/{len(review.hunks)}{so_far}  "
                  f"{review.decisions[self.selected]}")]
        lines += [f"  {rule}: {self.state.descriptions.get(rule, '')}" for rule in rules]
        return "\n".join(lines)

    # -- moving --------------------------------------------------------------------------

    def _open(self, index: int, hunk: int = 0) -> None:
        """Show file `index`: `current` is where the review is, the file list only follows it
        (moving the list's highlight here sends no message that could come back stale)."""
        self.current, self.selected, self.resume = index, hunk, None
        files = self.query_one("#files", OptionList)
        with files.prevent(OptionList.OptionHighlighted):
            files.highlighted = index
        self.query_one(DiffView).scroll_to(0, 0, animate=False)
        self._show(scroll=True)

    @on(OptionList.OptionHighlighted, "#files")
    def _file_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The user moved in the file list."""
        if event.option_index != self.current:
            self._open(event.option_index)

    @on(DiffView.HunkClicked)
    def _hunk_clicked(self, event: DiffView.HunkClicked) -> None:
        self.selected, self.resume = event.index, None
        self._show()

    def action_hunk(self, step: int) -> None:
        review = self._review()
        count = len(review.hunks) if review else 0
        if 0 <= self.selected + step < count:
            self._select(self.selected + step)
        elif step > 0 and review is not None and not review.done:
            self.notify(f"more hunks to come: {review.name} is {review.percent}% cleaned")
        elif step > 0 and self.current + 1 < len(self.state.paths):
            self._open(self.current + 1)
        elif step < 0 and self.current > 0:
            previous = self.state.files[self.current - 1]
            self._open(self.current - 1, max(len(previous.hunks) - 1, 0) if previous else 0)

    def action_file(self, step: int) -> None:
        if 0 <= self.current + step < len(self.state.paths):
            self._open(self.current + step)

    def action_undecided(self) -> None:
        """Go to the next hunk neither accepted nor rejected: after the selected one in this
        file, else in the next file that has one (or may: not cleaned yet), round to this one."""
        state, count = self.state, len(self.state.paths)
        others = [(self.current + step) % count for step in range(1, count)]
        places = [(self.current, self.selected + 1, None), *[(i, 0, None) for i in others],
                  (self.current, 0, self.selected)]
        for index, start, stop in places:
            review = state.files[index]
            if index in state.errors or index in state.binary or review and review.closed:
                continue
            if review is None:  # not read yet: all its hunks are undecided
                self._open(index)
                return
            decisions = review.decisions[start:stop]
            if PENDING in decisions:
                hunk = start + decisions.index(PENDING)
                self._select(hunk) if index == self.current else self._open(index, hunk)
                return
            if not review.done and index != self.current:  # hunks still to come
                self._open(index)
                return
        self.notify("no undecided hunks left")

    def _select(self, hunk: int) -> None:
        self.selected, self.resume = hunk, None
        self._show(scroll=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`v` names the view it switches to: only the binding to the other view is active."""
        if action == "view":
            return parameters[0] != self.mode
        return True

    def action_view(self, mode: str) -> None:
        self.mode = mode
        self.refresh_bindings()
        self._show(scroll=True)

    # -- deciding ------------------------------------------------------------------------

    def _open_review(self) -> FileReview | None:
        """The current file if decisions can be made on it now, else None (with a note why)."""
        review = self._review()
        if review is None:
            return None
        if review.closed:
            self.notify(f"{review.name} is {'written' if review.written else 'skipped'}",
                        severity="warning")
            return None
        return review

    def action_decide(self, decision: str) -> None:
        review = self._open_review()
        if review is None or not review.hunks:
            return
        review.decide(self.selected, decision)
        self._refresh_file(self.current)
        if self.selected + 1 < len(review.hunks):
            self.selected += 1
        self._show(scroll=True)

    def action_decide_file(self, decision: str) -> None:
        review = self._open_review()
        if review is not None:
            review.decide_all(decision)
            self._refresh_file(self.current)
            self._show()

    def action_rules(self) -> None:
        review = self._review()
        rules = review.rules_of(self.selected) if review and review.hunks else []
        self.push_screen(RulePicker(dict(self.state.rule_counts()), set(self.state.rejected_rules),
                                    self.state.descriptions, rules[0] if rules else None),
                         self._rule_picked)

    def _rule_picked(self, rule: str | None) -> None:
        """Reject (or take back) a rule; the files it may touch are cleaned again."""
        if rule is None:
            return
        rejected = rule not in self.state.rejected_rules
        review = self._review()
        redone = self.state.set_rule(rule, rejected)
        for index in redone:
            self._refresh_file(index)
        if self.current in redone and review is not None and review.hunks:
            self.resume, self.selected = review.hunks[self.selected].old_start, 0
        self.notify(f"{'rejected' if rejected else 'took back'} {rule}: "
                    f"{len(redone)} file{'s' if len(redone) != 1 else ''} to clean again")
        self._show(scroll=True)
        self._clean()

    # -- writing and leaving -------------------------------------------------------------

    def _write(self, index: int) -> bool:
        """Write a file (not one still being cleaned: that is refused, with a warning)."""
        review = self.state.files[index]
        if review is not None and not review.done:
            self.notify(self.state.write(index), severity="warning")
            return False
        try:
            self.notify(self.state.write(index))
        except FileError as error:
            self.notify(str(error), severity="error", timeout=10)
            return False
        self._refresh_file(index)
        return True

    def action_write(self) -> None:
        if self._open_review() is not None and self._write(self.current):
            self._show()

    def action_write_all(self) -> None:
        for index in self.state.unwritten():
            self._write(index)
        self._show()

    def action_skip(self) -> None:
        review = self._review()
        if review is None:
            return
        self.state.skip(self.current)
        self._refresh_file(self.current)
        if review.skipped and self.current + 1 < len(self.state.paths):
            self._open(self.current + 1)
        else:
            self._show()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.BINDINGS))

    def action_quit_review(self) -> None:
        unwritten = self.state.unwritten()
        if not unwritten:
            self._leave()
            return
        names = [self.state.name(i) for i in unwritten]
        cleaning = [self.state.name(i) for i in unwritten if i in self.state.jobs]
        self.push_screen(ConfirmQuit(names, cleaning), self._quit_answered)

    def _quit_answered(self, answer: str | None) -> None:
        if answer == WRITE:
            self.action_write_all()
            if self.state.unwritten():
                self.notify("not every file could be written: still here", severity="warning")
                return
        if answer in (WRITE, LEAVE):
            self._leave()

    def _leave(self) -> None:
        """Quit; exit status 3 if a file could not be read or cleaned, as the command line."""
        self.exit(EXIT_IO if self.state.errors else EXIT_OK)


def short_names(names: list[str]) -> list[str]:
    """The names as the file list shows them: without the folder they all share (the diff's
    border shows the whole name).

    >>> short_names(["seeds/a.txt", "seeds/sub/b.txt"]), short_names(["/tmp/a.txt"])
    (['a.txt', 'sub/b.txt'], ['a.txt'])
    >>> short_names(["a.txt", "/tmp/b.txt"])
    ['a.txt', '/tmp/b.txt']
    """
    try:
        common = posixpath.commonpath([posixpath.dirname(name) for name in names])
    except ValueError:  # absolute and relative names, or none
        return names
    return [name[len(common) :].lstrip("/") if common else name for name in names]
