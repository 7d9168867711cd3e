"""Session-wide reporting: what the Discord-specification checks used and found in this run."""

from __future__ import annotations

import sys

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print every documented exception with its count, so the list cannot grow unnoticed.

    Only when some test started a loopback server (the checker module is then loaded).
    """
    openapi = sys.modules.get("bot.sandbox.openapi")
    if openapi is None or not openapi.load.cache_info().currsize:
        return
    terminalreporter.section("Discord OpenAPI specification")
    for line in openapi.load().tally.report():
        terminalreporter.write_line(line)
