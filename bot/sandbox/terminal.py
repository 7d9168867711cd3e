"""Where the sandbox reads lines and where its logs go.

In a terminal, prompt_toolkit reads (line editing, history, Tab completion) asynchronously, so the
bot keeps running while you type. From a pipe (scripts, tests), a plain reader takes one line at a
time on a daemon thread: a thread blocked on input must never keep the process alive after Ctrl-C.
The bot's log goes to a file, so it does not interleave with what you type.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from bot.sandbox.completion import Names, suggestions

Reader = Callable[[str], Awaitable[str | None]]

#: discord.py's warnings that voice needs PyNaCl/davey: Reviewbot has no voice, so they only confuse
VOICE_WARNING = "voice will NOT be supported"


def plain_reader(stream: TextIO | None = None, out: TextIO | None = None) -> Reader:
    """Lines from *stream* (standard input), ``None`` at its end."""

    async def read(prompt: str) -> str | None:
        output = out or sys.stdout
        output.write(prompt)
        output.flush()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str] = loop.create_future()

        def deliver(line: str) -> None:
            if not future.done():
                future.set_result(line)

        def work() -> None:
            try:
                line = (stream or sys.stdin).readline()
            except (OSError, ValueError):
                line = ""
            with contextlib.suppress(RuntimeError):  # the loop closed while we waited
                loop.call_soon_threadsafe(deliver, line)

        threading.Thread(target=work, name="sandbox-stdin", daemon=True).start()
        line = await future
        return None if line == "" else line.rstrip("\r\n")

    return read


def is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@contextlib.contextmanager
def open_reader(
    commands: Callable[[], list[dict[str, Any]]],
    names: Callable[[], Names],
    *,
    terminal: bool | None = None,
    history_file: Path | None = None,
) -> Iterator[Reader]:
    """prompt_toolkit in a terminal, completing from *commands* and *names*; the plain reader otherwise.

    *terminal* overrides the check of standard input and output (tests hand prompt_toolkit a pipe).
    """
    if not (is_terminal() if terminal is None else terminal):
        yield plain_reader()
        return
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import Completer, Completion
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    from prompt_toolkit.patch_stdout import patch_stdout

    class SandboxCompleter(Completer):
        def get_completions(self, document, complete_event):  # type: ignore[no-untyped-def]
            word, found = suggestions(document.text_before_cursor, commands(), names())
            for candidate in found:
                yield Completion(candidate, start_position=-len(word))

    history_file = history_file or history_path()
    try:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        history: FileHistory | InMemoryHistory = FileHistory(str(history_file))
    except OSError:
        history = InMemoryHistory()
    prompt = PromptSession(history=history, completer=SandboxCompleter(), complete_while_typing=False)

    async def read(text: str) -> str | None:
        try:
            return await prompt.prompt_async(text)
        except (EOFError, KeyboardInterrupt):
            return None

    with patch_stdout(raw=True):
        yield read


def history_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "reviewbot" / "sandbox-history"


class _NoVoiceWarnings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return VOICE_WARNING not in record.getMessage()


@contextlib.contextmanager
def sandbox_logging(log_file: Path, level: int = logging.INFO) -> Iterator[None]:
    """Send every log record to *log_file* instead of the terminal, without voice warnings; undone after."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s: %(message)s"))
    quiet = _NoVoiceWarnings()
    client_log = logging.getLogger("discord.client")
    root.handlers = [handler]
    root.setLevel(level)
    client_log.addFilter(quiet)
    try:
        yield
    finally:
        client_log.removeFilter(quiet)
        root.handlers = saved_handlers
        root.setLevel(saved_level)
        handler.close()
