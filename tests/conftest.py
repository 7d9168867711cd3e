"""Session-wide pieces: tests that need the machine to themselves, and the Discord-specification report.

The suite runs in parallel processes (pytest-xdist, ``-n auto`` in pyproject.toml). Most tests wait on
sockets and timers more than they compute, so two processes on two cores take little more than half
the time of one. A few tests measure that the bot stays responsive under heavy work of its own (the
hostile-cost tests, the full-disk tests); sharing the cores with another test would measure the other
test. Those are marked ``alone`` and run while no other test does, across all the processes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_TALLY_KEY = "reviewbot_openapi_tally"


@contextlib.contextmanager
def _flock(path: Path, mode: int) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, mode)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def _machine_share(folder: Path, alone: bool) -> Iterator[None]:
    """A readers-writer lock over the processes of one run, which a waiting ``alone`` test is not starved of.

    Every test holds ``room`` shared, an ``alone`` test holds it exclusively. To enter, a test first
    passes ``gate``, which an ``alone`` test holds for its whole run: once one is waiting, no new test
    enters, and it gets the room as soon as the tests already in it finish.
    """
    gate, room = folder / "machine.gate", folder / "machine.room"
    if alone:
        with _flock(gate, fcntl.LOCK_EX), _flock(room, fcntl.LOCK_EX):
            yield
        return
    with contextlib.ExitStack() as held:
        with _flock(gate, fcntl.LOCK_SH):
            held.enter_context(_flock(room, fcntl.LOCK_SH))
        yield


@pytest.fixture(autouse=True)
def _share_the_machine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Taken before any other fixture of a test (autouse), so a bot started for an ``alone`` test runs alone too."""
    if not hasattr(request.config, "workerinput"):  # one process: nothing runs beside a test anyway
        yield
        return
    # Each worker's base folder is popen-gwN inside the run's own folder, which all workers share.
    folder = tmp_path_factory.getbasetemp().parent
    with _machine_share(folder, alone=request.node.get_closest_marker("alone") is not None):
        yield


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: a process per core, but at most four, which is as many as the store's tests want at once."""
    return max(1, min(4, len(os.sched_getaffinity(0))))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a worker process, hand what the specification checks found to the process that reports."""
    workeroutput = getattr(session.config, "workeroutput", None)
    openapi = sys.modules.get("bot.sandbox.openapi")
    if workeroutput is not None and openapi is not None and openapi.load.cache_info().currsize:
        workeroutput[_TALLY_KEY] = openapi.load().tally.as_plain()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """xdist's hook in the reporting process, once per worker: add the worker's tally to the run's."""
    plain = getattr(node, "workeroutput", {}).get(_TALLY_KEY)
    if plain is None:
        return
    from bot.sandbox.openapi import Tally

    config = node.config
    if not hasattr(config, "_reviewbot_tally"):
        config._reviewbot_tally = Tally()
    config._reviewbot_tally.merge_plain(plain)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print every documented exception with its count, so the list cannot grow unnoticed.

    Only when some test started a loopback server (in this process, or in a worker that reported it).
    """
    tally = getattr(terminalreporter.config, "_reviewbot_tally", None)
    if tally is None:
        openapi = sys.modules.get("bot.sandbox.openapi")
        if openapi is None or not openapi.load.cache_info().currsize:
            return
        tally = openapi.load().tally
    terminalreporter.section("Discord OpenAPI specification")
    for line in tally.report():
        terminalreporter.write_line(line)
