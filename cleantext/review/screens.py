"""Modal screens of the review app: help, confirm quitting, and choosing a rule to reject."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from rich import box
from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

INTRO = """\
[b]cleantext review[/b]

Nothing is written until you press [b]w[/b] (this file) or [b]W[/b] (all files), or choose \
"write and quit" when leaving. Hunks you do not accept are left as they were. A file whose \
cleaning fails the check of [b]--safe[/b] (content lost, or cleaning again would change it) \
is not written: the message names the rule, which [b]x[/b] can reject.
"""

OUTRO = """\
[b]tab[/b] moves between the file list and the diff; [b]↑ ↓ PgUp PgDn[/b] scroll (long lines \
wrap). A large file's hunks show while the rest is still being cleaned (the file list shows \
how far it is); they can be decided at once. Click a file to open it, a hunk to select it. \
The line under the diff names the rules that made the selected hunk.

[dim]escape, q or ? closes this help; ↑ ↓ PgUp PgDn scroll it.[/dim]
"""


def key_table(bindings: Iterable[Binding], display: Callable[[Binding], str]) -> Table:
    """The keys (as `display` writes them) and what they do (the tooltip), a row a binding.

    >>> import io
    >>> from rich.console import Console
    >>> out = io.StringIO()
    >>> table = key_table([Binding("right_square_bracket", "file", "Next", tooltip="next file")],
    ...                   lambda binding: "]")
    >>> Console(file=out, width=24).print(table)
    >>> print("\\n".join(line.rstrip() for line in out.getvalue().splitlines()))
     Key   Action
    ────────────────────────
     ]     next file
    """
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
    table.add_column("Key", no_wrap=True, style="bold")
    table.add_column("Action", ratio=1)
    for binding in bindings:
        table.add_row(display(binding), binding.tooltip or binding.description)
    return table


class HelpScreen(ModalScreen[None]):
    """The keys and what they do: the app's bindings, in a box that scrolls."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90%; max-width: 90; height: auto; max-height: 100%;
                                  border: round $accent; background: $panel; padding: 0 1; }
    HelpScreen Static { width: 1fr; margin-bottom: 1; }
    """

    def __init__(self, bindings: Iterable[BindingType]) -> None:
        super().__init__()
        self.bindings = list(Binding.make_bindings(bindings))

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(INTRO)
            yield Static(key_table(self.bindings, self.app.get_key_display))
            yield Static(OUTRO)

    def on_mount(self) -> None:
        self.query_one("#help").focus()


#: What the quit dialog answers: write the files and quit, quit without writing (or stay: None).
WRITE, LEAVE = "write", "leave"


class ConfirmQuit(ModalScreen[str | None]):
    """Ask before quitting with accepted hunks not written: write them and quit, quit without
    writing them, or stay."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("w", f"answer('{WRITE}')", "Write and quit"),
                Binding("y", f"answer('{LEAVE}')", "Quit without writing"),
                Binding("n,escape", "answer(None)", "Stay")]
    DEFAULT_CSS = """
    ConfirmQuit { align: center middle; }
    ConfirmQuit > Vertical { width: 90%; max-width: 72; height: auto; border: thick $warning;
                             background: $panel; padding: 1 2; }
    ConfirmQuit Horizontal { height: auto; margin-top: 1; }
    ConfirmQuit Button { margin-right: 1; min-width: 10; }
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
            yield Label(f"Accepted hunks in {_names(self.files)} are not written.{note}")
            with Horizontal():
                yield Button("Write and quit (w)", variant="success", id=WRITE)
                yield Button("Quit, don't write (y)", variant="error", id=LEAVE)
                yield Button("Stay (n)", variant="primary", id="stay")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id if event.button.id in (WRITE, LEAVE) else None)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


def _names(files: list[str]) -> str:
    """Up to three names, and how many more."""
    more = len(files) - 3
    return ", ".join(files[:3]) + (f" and {more} more" if more > 0 else "")


class RulePicker(ModalScreen[str | None]):
    """Pick a rule to reject everywhere (or a rejected one to take back)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]
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
