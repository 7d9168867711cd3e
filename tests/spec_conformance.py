"""The loopback server held to Discord's OpenAPI specification, as the test fixtures apply it.

A test whose exchanges differ from the specification fails at teardown, like one that calls a route
Discord does not have. ``REVIEWBOT_SPEC_RECORD=1`` only counts the mismatches (reported at the end of
the run by ``tests/conftest.py``): a way to survey the server, never the way CI runs.
"""

from __future__ import annotations

import os

from bot.sandbox.server import LoopbackDiscord


def recording() -> bool:
    return os.environ.get("REVIEWBOT_SPEC_RECORD", "") not in ("", "0")


def assert_conforms(server: LoopbackDiscord) -> None:
    """Fail unless the server checked every exchange and found nothing the specification forbids."""
    assert server.spec is not None, "the loopback server must check Discord's specification (install .[test])"
    if recording():
        return
    found = sorted({str(m) for m in server.spec_mismatches})
    assert not found, f"{len(found)} exchanges differ from Discord's OpenAPI specification:\n" + "\n".join(found[:40])
