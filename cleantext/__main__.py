"""`python -m cleantext` and the `cleantext` command: Ctrl-C is handled from the first moment,
so one pressed while the program starts ends it with status 130 and no traceback."""

import _signal as signal  # the C module: `signal`'s enums take a while to build at start-up
import gc
import sys


def _interrupted(_signum: int, _frame: object) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # any more are ignored while it stops
    raise KeyboardInterrupt


def entry() -> int:
    """Run the command; the exit status."""
    signal.signal(signal.SIGINT, _interrupted)
    gc.disable()  # importing makes many objects that live to the end and hardly any garbage
    try:
        try:
            from .cli import main
        finally:  # what the imports made is not scanned by the collections that follow
            gc.freeze()
            gc.enable()
        return main()
    except KeyboardInterrupt:  # before `main` could take it (while importing)
        pass
    except Exception as error:  # a Ctrl-C inside a C extension's import becomes an ImportError
        if not _interrupt_behind(error):
            raise
    print("cleantext: interrupted", file=sys.stderr)
    return 130


def _interrupt_behind(error: BaseException | None) -> bool:
    """Whether a KeyboardInterrupt is among the exceptions that led to `error`."""
    seen = 0
    while error is not None and seen < 32:
        if isinstance(error, KeyboardInterrupt):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


if __name__ == "__main__":
    raise SystemExit(entry())
