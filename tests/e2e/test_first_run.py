"""A first `reviewbot run` without a token: in a terminal it asks, checks with Discord and saves .env.

The terminal is a real pseudo-terminal (pexpect), so getpass's hidden input is exercised as a person
meets it: whatever the child echoes comes back through the terminal, and the token must not.
"""

import asyncio
import io
import signal
import socket
import stat
import sys

import pexpect

from tests.e2e.harness import build_world
from tests.e2e.helpers import bot_env, eventually

EXAMPLE_ENV = "# Copy this file to .env and fill it in.\nDISCORD_TOKEN=\n\n# How much to log.\nLOG_LEVEL=INFO\n"


def spawn(env, cwd) -> tuple[pexpect.spawn, io.StringIO]:
    transcript = io.StringIO()
    child = pexpect.spawn(sys.executable, ["-m", "bot", "run"], env=env, cwd=str(cwd), encoding="utf-8",
                          timeout=30, dimensions=(40, 200))
    child.logfile_read = transcript
    return child, transcript


async def finished(child: pexpect.spawn) -> int:
    await child.expect(pexpect.EOF, async_=True)
    await asyncio.to_thread(child.wait)
    child.close()
    return child.exitstatus if child.exitstatus is not None else 128 + child.signalstatus


async def test_a_first_run_in_a_terminal_asks_for_the_token_checks_it_and_saves_it_privately(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    env_file = tmp_path / ".env"
    env_file.write_text(EXAMPLE_ENV)  # what `cp -n .env.example .env` leaves
    env_file.chmod(0o644)
    child, transcript = spawn(bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(world.db_path)), tmp_path)
    try:
        await child.expect("Reset Token", async_=True)
        await child.expect("Bot token: ", async_=True)
        child.sendline("MTIz.not-this-one.at-all")
        await child.expect("Discord refused that token; try again", async_=True)
        assert env_file.read_text() == EXAMPLE_ENV  # nothing written for a refused token
        await child.expect("Bot token: ", async_=True)
        child.sendline(world.app.token)
        await child.expect("Saved it in", async_=True)
        await eventually(lambda: world.drv.connected(world.app), timeout=30)  # and it goes on to run
        child.kill(signal.SIGTERM)
        code = await finished(child)
    finally:
        child.terminate(force=True)
    assert code == 0, transcript.getvalue()
    assert world.app.token not in transcript.getvalue()  # hidden while typed, never printed or logged
    assert "Reviewbot" in transcript.getvalue()  # the name Discord gave for the token
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert env_file.read_text() == EXAMPLE_ENV.replace("DISCORD_TOKEN=\n", f"DISCORD_TOKEN={world.app.token}\n")
    checks = [r for r in server.driver.requests if r.path == "/users/@me"]
    assert [r.status for r in checks][:2] == [401, 200]


async def test_three_refused_tokens_end_the_run_and_write_nothing(server, tmp_path):
    build_world(server, tmp_path / "bot.db")
    child, transcript = spawn(bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(tmp_path / "bot.db")),
                              tmp_path)
    try:
        for attempt in range(3):
            await child.expect("Bot token: ", async_=True)
            child.sendline(f"MTIz.wrong.{attempt}")
        code = await finished(child)
    finally:
        child.terminate(force=True)
    text = transcript.getvalue()
    assert code == 2, text
    assert "after 3 tries; nothing was written" in text and "Traceback" not in text
    assert not (tmp_path / ".env").exists()
    assert not (tmp_path / "bot.db").exists()  # it never got as far as starting


async def test_a_malformed_token_is_refused_before_asking_discord_and_end_of_input_quits_cleanly(server, tmp_path):
    child, transcript = spawn(bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(tmp_path / "bot.db")),
                              tmp_path)
    try:
        await child.expect("Bot token: ", async_=True)
        child.sendline("Bot MTIz.abc.def")
        await child.expect("That looks malformed", async_=True)
        await child.expect("Bot token: ", async_=True)
        child.sendeof()
        code = await finished(child)
    finally:
        child.terminate(force=True)
    text = transcript.getvalue()
    assert code == 2, text
    assert "no token entered; nothing was written" in text and "Traceback" not in text
    assert not (tmp_path / ".env").exists()
    assert not [r for r in server.driver.requests if r.path == "/users/@me"]


async def test_ctrl_c_at_the_prompt_quits_cleanly(server, tmp_path):
    child, transcript = spawn(bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(tmp_path / "bot.db")),
                              tmp_path)
    try:
        await child.expect("Bot token: ", async_=True)
        child.sendintr()
        code = await finished(child)
    finally:
        child.terminate(force=True)
    text = transcript.getvalue()
    assert code == 130, text
    assert "cancelled; nothing was written" in text and "Traceback" not in text
    assert not (tmp_path / ".env").exists()


async def test_an_unreachable_discord_while_checking_is_one_line_and_writes_nothing(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    child, transcript = spawn(bot_env(DISCORD_API_BASE=f"http://127.0.0.1:{port}/api/v10"), tmp_path)
    try:
        await child.expect("Bot token: ", async_=True)
        child.sendline("MTIz.abc.def")
        code = await finished(child)
    finally:
        child.terminate(force=True)
    text = transcript.getvalue()
    assert code == 1, text
    assert f"127.0.0.1:{port} refused the connection" in text and "Traceback" not in text
    assert not (tmp_path / ".env").exists()


async def test_without_a_terminal_nothing_is_asked_and_the_one_line_error_stands(tmp_path):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=bot_env(), cwd=tmp_path, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert out == b""
    assert err.decode().count("\n") == 1 and "DISCORD_TOKEN is not set" in err.decode()
    assert "Bot token" not in err.decode()
    assert not (tmp_path / ".env").exists()
