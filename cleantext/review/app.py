"""The review app: files on the left, the selected file's diff on the right, rules below it.

All decisions live in `state.ReviewState`; this module only shows them and
turns keys and clicks into calls on it. Files are read and cleaned in a
worker thread, the file being looked at first, so the screen is up at once.
"""

from __future__ import annotations

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ..fileio import FileError
from .rows import SPLIT, UNIFIED
from .screens import ConfirmQuit, HelpScreen, RulePicker
from .state import ACCEPTED, PENDING, REJECTED, FileReview, ReviewState
from .widgets import DiffView


class ReviewApp(App[int]):
    """See every change before anything is written, and decide."""

    TITLE = "cleantext review"
    CSS = """
    #files { width: 34; height: 1fr; border: round $primary-muted; }
    #files:focus { border: round $primary; }
    #main { width: 1fr; }
    #diff { height: 1fr; border: round $primary-muted; }
    #diff:focus { border: round $primary; }
    #rules { height: auto; max-height: 5; padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("n", "hunk(1)", "Next hunk"),
        Binding("p", "hunk(-1)", "Prev hunk", show=False),
        Binding("a", "decide('accepted')", "Accept"),
        Binding("r", "decide('rejected')", "Reject"),
        Binding("A", "decide_file('accepted')", "Accept file", show=False),
        Binding("R", "decide_file('rejected')", "Reject file", show=False),
        Binding("x", "rules", "Rules…"),
        Binding("v", "toggle_view", "Side by side"),
        Binding("w", "write", "Write"),
        Binding("W", "write_all", "Write all", show=False),
        Binding("s", "skip", "Skip file"),
        Binding("right_square_bracket", "file(1)", "Next file", show=False),
        Binding("left_square_bracket", "file(-1)", "Prev file", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit_review", "Quit"),
    ]

    def __init__(self, state: ReviewState) -> None:
        super().__init__()
        self.state = state
        self.current = 0
        self.selected = 0
        self.mode = UNIFIED
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(*[Option(self._file_label(i)) for i in range(len(self.state.paths))],
                             id="files")
            with Vertical(id="main"):
                yield DiffView(id="diff")
                yield Static(id="rules")
        yield Footer()

    def on_mount(self) -> None:
        files = self.query_one("#files", OptionList)
        files.border_title = "Files"
        if self.state.paths:
            files.highlighted = 0
        self.query_one(DiffView).focus()
        self._show()
        self.load_files()

    # -- loading -------------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="load")
    def load_files(self) -> None:
        """Read and clean every file, the one on screen first."""
        state = self.state
        while True:
            waiting = [i for i, r in enumerate(state.files) if r is None and i not in state.errors]
            if not waiting:
                return
            index = self.current if self.current in waiting else waiting[0]
            state.load(index)
            self.call_from_thread(self._loaded, index)

    def _loaded(self, index: int) -> None:
        self._refresh_file(index)
        if index == self.current:
            self._show()

    # -- showing -------------------------------------------------------------------------

    def _file_label(self, index: int) -> str:
        state = self.state
        review = state.files[index]
        name = state.name(index)
        if index in state.errors:
            return f"! {name}  (cannot read)"
        if review is None:
            return f"  {name}  …"
        decided = len(review.hunks) - review.count(PENDING)
        mark = "✓" if review.written else "–" if review.skipped else "●" if decided else " "
        return f"{mark} {name}  {decided}/{len(review.hunks)}"

    def _refresh_file(self, index: int) -> None:
        files = self.query_one("#files", OptionList)
        files.replace_option_prompt_at_index(index, self._file_label(index))

    def _review(self) -> FileReview | None:
        return self.state.files[self.current] if self.state.paths else None

    def _show(self, scroll: bool = False) -> None:
        """Redraw the diff, the rules line and the title for the current file and hunk."""
        view = self.query_one(DiffView)
        review = self._review()
        errors = self.state.errors
        loading = bool(self.state.paths) and review is None and self.current not in errors
        view.loading = loading or self.busy
        view.show(review, self.mode, self.selected)
        view.border_title = self.state.name(self.current) if self.state.paths else "no files"
        view.border_subtitle = "side by side" if self.mode == SPLIT else "unified"
        if scroll:
            view.scroll_to_hunk(self.selected)
        self.query_one("#rules", Static).update(self._rules_text(review))
        if review is not None:
            done = " — written" if review.written else " — skipped" if review.skipped else ""
            self.sub_title = (f"{review.name}: {len(review.hunks)} hunks, "
                              f"{review.count(ACCEPTED)} accepted, "
                              f"{review.count(REJECTED)} rejected{done}")
        else:
            self.sub_title = errors.get(self.current, "")

    def _rules_text(self, review: FileReview | None) -> str:
        if review is None or not review.hunks:
            return ""
        rules = review.rules_of(self.selected)
        lines = [f"Hunk {self.selected + 1}/{len(review.hunks)}  {review.decisions[self.selected]}"]
        lines += [f"  {rule}: {self.state.descriptions.get(rule, '')}" for rule in rules]
        return "\n".join(lines)

    # -- moving --------------------------------------------------------------------------

    def _open(self, index: int, hunk: int = 0) -> None:
        self.current, self.selected = index, hunk
        files = self.query_one("#files", OptionList)
        if files.highlighted != index:
            files.highlighted = index
        self.query_one(DiffView).scroll_to(0, 0, animate=False)
        self._show(scroll=True)

    @on(OptionList.OptionHighlighted, "#files")
    def _file_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current:
            self._open(event.option_index)

    @on(DiffView.HunkClicked)
    def _hunk_clicked(self, event: DiffView.HunkClicked) -> None:
        self.selected = event.index
        self._show()

    def action_hunk(self, step: int) -> None:
        review = self._review()
        count = len(review.hunks) if review else 0
        if 0 <= self.selected + step < count:
            self.selected += step
            self._show(scroll=True)
        elif step > 0 and self.current + 1 < len(self.state.paths):
            self._open(self.current + 1)
        elif step < 0 and self.current > 0:
            previous = self.state.files[self.current - 1]
            self._open(self.current - 1, max(len(previous.hunks) - 1, 0) if previous else 0)

    def action_file(self, step: int) -> None:
        if 0 <= self.current + step < len(self.state.paths):
            self._open(self.current + step)

    def action_toggle_view(self) -> None:
        self.mode = UNIFIED if self.mode == SPLIT else SPLIT
        self._show(scroll=True)

    # -- deciding ------------------------------------------------------------------------

    def _open_review(self) -> FileReview | None:
        """The current file if decisions can be made on it now, else None (with a note why)."""
        review = self._review()
        if self.busy or review is None:
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
        if self.busy:
            return
        review = self._review()
        rules = review.rules_of(self.selected) if review and review.hunks else []
        self.push_screen(RulePicker(dict(self.state.rule_counts()), set(self.state.rejected_rules),
                                    self.state.descriptions, rules[0] if rules else None),
                         self._rule_picked)

    def _rule_picked(self, rule: str | None) -> None:
        if rule is not None:
            self.busy = True
            self._show()
            self.toggle_rule(rule, rule not in self.state.rejected_rules)

    @work(thread=True, exit_on_error=False, group="rules")
    def toggle_rule(self, rule: str, rejected: bool) -> None:
        """Re-clean the open files without (or again with) a rule."""
        redone = self.state.set_rule(rule, rejected)
        self.call_from_thread(self._rule_done, rule, rejected, redone)

    def _rule_done(self, rule: str, rejected: bool, redone: list[int]) -> None:
        self.busy = False
        for index in redone:
            self._refresh_file(index)
        review = self._review()
        if review is not None:
            self.selected = min(self.selected, max(len(review.hunks) - 1, 0))
        self.notify(f"{'rejected' if rejected else 'took back'} {rule}: "
                    f"{len(redone)} file{'s' if len(redone) != 1 else ''} re-cleaned")
        self._show(scroll=True)

    # -- writing and leaving -------------------------------------------------------------

    def _write(self, index: int) -> bool:
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
        if self.busy:
            return
        for index in self.state.unwritten():
            self._write(index)
        self._show()

    def action_skip(self) -> None:
        review = self._review()
        if self.busy or review is None:
            return
        self.state.skip(self.current)
        self._refresh_file(self.current)
        if review.skipped and self.current + 1 < len(self.state.paths):
            self._open(self.current + 1)
        else:
            self._show()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_quit_review(self) -> None:
        unwritten = self.state.unwritten()
        if not unwritten:
            self.exit(0)
            return
        names = [self.state.name(i) for i in unwritten]
        self.push_screen(ConfirmQuit(names), lambda leave: self.exit(0) if leave else None)
