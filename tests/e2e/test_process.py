"""`reviewbot` as a real process: the clear error without a token, and a clean stop on SIGTERM."""

import asyncio
import signal
import sqlite3
import sys

import pytest

from tests.e2e.harness import build_world
from tests.e2e.helpers import bot_env

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
pytestmark = pytest.mark.sqlite_only


async def _run(*args, env, cwd):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=cwd, stdin=asyncio.subprocess.DEVNULL,  # not a terminal
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode, out.decode(), err.decode()


async def test_run_without_a_token_fails_with_one_clear_line(tmp_path):
    code, _out, err = await _run("run", env=bot_env(), cwd=tmp_path)
    assert code != 0
    assert "DISCORD_TOKEN" in err and ".env.example" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


async def test_sigterm_stops_the_bot_cleanly_with_the_database_intact(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    env = bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(world.db_path))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        await world.drv.wait_for_request("PUT", r"/applications/\d+/commands", timeout=20)
        async with asyncio.timeout(20):
            while not world.drv.connected(world.app):
                await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 20)
    finally:
        if proc.returncode is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()
    assert world.app.token not in err.decode()
    assert "Shut down cleanly" in err.decode()
    con = sqlite3.connect(world.db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
