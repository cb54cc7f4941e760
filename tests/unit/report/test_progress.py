"""The progress bar: only on an interactive terminal, only after a moment, never mixed into the report."""

from __future__ import annotations

import io

from contract.report.progress import Progress, wanted


class Terminal(io.StringIO):
    """A stream that says it is a TTY."""

    def isatty(self) -> bool:
        return True


def test_bar_is_wanted_only_on_a_terminal_outside_ci() -> None:
    """A TTY outside CI gets a bar; a pipe, a CI job or a dumb terminal do not."""
    assert wanted(Terminal(), {})
    assert not wanted(io.StringIO(), {})
    assert not wanted(Terminal(), {"CI": "true"})
    assert not wanted(Terminal(), {"TERM": "dumb"})


def test_nothing_is_drawn_before_the_run_has_taken_a_moment() -> None:
    """Short runs leave stderr untouched; once the delay has passed the bar shows the fraction done."""
    now = [0.0]
    stream = Terminal()
    progress = Progress(stream, 1000, delay=0.5, clock=lambda: now[0])
    progress.advance(100)
    assert stream.getvalue() == ""
    now[0] = 0.6
    progress.advance(400)
    assert stream.getvalue().endswith("[###############---------------]  50%  0.0 MB of 0.0 MB")


def test_report_lines_clear_the_bar_first() -> None:
    """Writing through the guarded stream wipes the bar line, so findings never start after it."""
    terminal = Terminal()
    progress = Progress(terminal, 10, delay=0)
    progress.advance(5)
    guarded = progress.guard(terminal)
    guarded.write("a.json:1:1: error …\n")
    assert terminal.getvalue().endswith("\r\033[Ka.json:1:1: error …\n")
    progress.clear()
    assert terminal.getvalue().endswith("…\n")
