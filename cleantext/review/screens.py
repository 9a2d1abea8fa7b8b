"""Modal screens of the review app: help, confirm quitting, and choosing a rule to reject."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Markdown, OptionList
from textual.widgets.option_list import Option

HELP = """\
# cleantext review

Nothing is written until you press **w** (this file) or **W** (all files).
Hunks you do not accept are left as they were.

| Key | Action |
|---|---|
| `n` / `p` | next / previous hunk (on to the next file at the end) |
| `]` / `[` | next / previous file |
| `a` / `r` | accept / reject this hunk, then go to the next |
| `A` / `R` | accept / reject every hunk of this file (also those still to come) |
| `x` | reject (or take back) every change of one rule, in all files |
| `v` | unified or side-by-side view |
| `w` / `W` | write this file / all files with accepted hunks (once fully cleaned) |
| `s` | skip this file (write nothing to it); again to take back |
| `tab` | move between the file list and the diff |
| `↑ ↓ PgUp PgDn` | scroll the diff (long lines wrap) |
| `q` | quit (asks first if accepted hunks are not written) |
| `?` | this help |

A large file's hunks show while the rest is still being cleaned (the file
list shows how far it is); they can be decided at once.
Click a file to open it, a hunk to select it. The line under the diff names
the rules that made the selected hunk, with their descriptions.
"""


class HelpScreen(ModalScreen[None]):
    """The keys and what they do."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Markdown { width: 80; height: auto; max-height: 90%; border: round $accent;
                            background: $panel; }
    """

    def compose(self) -> ComposeResult:
        yield Markdown(HELP)


class ConfirmQuit(ModalScreen[bool]):
    """Ask before quitting with accepted hunks not written."""

    BINDINGS = [Binding("y", "answer(True)", "Quit"), Binding("n,escape", "answer(False)", "Stay")]
    DEFAULT_CSS = """
    ConfirmQuit { align: center middle; }
    ConfirmQuit > Vertical { width: 64; height: auto; border: thick $warning; background: $panel;
                             padding: 1 2; }
    ConfirmQuit Horizontal { height: auto; margin-top: 1; }
    ConfirmQuit Button { margin-right: 2; }
    """

    def __init__(self, files: list[str], cleaning: list[str]) -> None:
        super().__init__()
        self.files = files
        self.cleaning = cleaning

    def compose(self) -> ComposeResult:
        note = ""
        if self.cleaning:
            verb = "is" if len(self.cleaning) == 1 else "are"
            note = f"\n{_names(self.cleaning)} {verb} still being cleaned: not writable yet."
        with Vertical():
            yield Label(f"Accepted hunks in {_names(self.files)} are not written.{note}\n"
                        "Quit without writing them?")
            with Horizontal():
                yield Button("Quit without writing (y)", variant="error", id="quit")
                yield Button("Stay (n)", variant="primary", id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def _names(files: list[str]) -> str:
    """Up to three names, and how many more."""
    more = len(files) - 3
    return ", ".join(files[:3]) + (f" and {more} more" if more > 0 else "")


class RulePicker(ModalScreen[str | None]):
    """Pick a rule to reject everywhere (or a rejected one to take back)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    RulePicker { align: center middle; }
    RulePicker > Vertical { width: 90%; max-width: 100; height: auto; max-height: 80%;
                            border: round $accent; background: $panel; padding: 0 1; }
    RulePicker OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, counts: dict[str, int], rejected: set[str], descriptions: dict[str, str],
                 current: str | None) -> None:
        super().__init__()
        self.rows = [(rule, counts.get(rule, 0)) for rule in descriptions
                     if counts.get(rule) or rule in rejected]
        self.rejected = rejected
        self.descriptions = descriptions
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(f"{'✗' if rule in self.rejected else ' '} {rule:<22} "
                   f"{'rejected' if rule in self.rejected else f'{count:>6} changes'}  "
                   f"{self.descriptions.get(rule, '')}", id=rule)
            for rule, count in self.rows
        ]
        with Vertical():
            yield Label("Enter: reject every change of this rule in all files (✗: take it back)")
            yield OptionList(*options, id="rule-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [rule for rule, _ in self.rows]
        if self.current in ids:
            options.highlighted = ids.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
