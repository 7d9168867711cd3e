"""A first `reviewbot run` without a token: in a terminal it asks, checks with Discord and saves .env.

The terminal is a real pseudo-terminal (pexpect), so getpass's hidden input is exercised as a person
meets it: whatever the child echoes comes back through the terminal, and the token must not. The wizard
speaks the terminal's language (LANG and the rest, as gettext reads them): English unless a test says.
"""

import asyncio
import io
import signal
import socket
import stat
import sys

import pexpect
import pytest

from tests.e2e.harness import build_world
from tests.e2e.helpers import bot_env, eventually

EXAMPLE_ENV = "# Copy this file to .env and fill it in.\nDISCORD_TOKEN=\n\n# How much to log.\nLOG_LEVEL=INFO\n"


#: The variables gettext reads for the language of messages (bot.first_run.LANGUAGE_VARIABLES).
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def spawn(env, cwd, **language: str) -> tuple[pexpect.spawn, io.StringIO]:
    """`reviewbot run` in a pseudo-terminal whose language is *language* (``LANG="fr_FR.UTF-8"``), else C
    (English), whatever the language of the terminal running the tests."""
    env = {k: v for k, v in env.items() if k not in LANGUAGE_VARIABLES} | (language or {"LANG": "C.UTF-8"})
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


@pytest.mark.one_store
async def test_a_french_terminal_is_asked_in_french(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    env = bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(world.db_path))
    child, transcript = spawn(env, tmp_path, LANG="fr_FR.UTF-8")
    try:
        await child.expect("Collez le jeton de votre bot", async_=True)
        await child.expect("Jeton du bot : ", async_=True)
        child.sendline("MTIz.not-this-one.at-all")
        await child.expect("Discord a refusé ce jeton ; réessayez \\(encore 2 essais\\)", async_=True)
        await child.expect("Jeton du bot : ", async_=True)
        child.sendline(world.app.token)
        await child.expect("Discord reconnaît ce jeton : c’est celui de Reviewbot. Enregistré dans", async_=True)
        await eventually(lambda: world.drv.connected(world.app), timeout=30)
        child.kill(signal.SIGTERM)
        code = await finished(child)
    finally:
        child.terminate(force=True)
    text = transcript.getvalue()
    assert code == 0, text
    assert "Paste your bot's token" not in text and "Bot token: " not in text
    assert world.app.token not in text


@pytest.mark.one_store
async def test_a_german_terminal_hears_its_refusals_in_german(server, tmp_path):
    env = bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(tmp_path / "bot.db"))
    child, transcript = spawn(env, tmp_path, LANG="fr_FR.UTF-8", LC_ALL="de_DE.UTF-8")  # LC_ALL decides
    try:
        await child.expect("Füge den Token deines Bots ein", async_=True)
        await child.expect("Bot-Token: ", async_=True)
        child.sendline("Bot MTIz.abc.def")
        await child.expect("Das sieht fehlerhaft aus", async_=True)
        await child.expect("Bot-Token: ", async_=True)
        child.sendeof()
        code = await finished(child)
    finally:
        child.terminate(force=True)
    text = transcript.getvalue()
    assert code == 2, text
    assert "reviewbot: error: kein Token eingegeben; es wurde nichts geschrieben." in text
    assert "Traceback" not in text and "Collez" not in text
    assert not (tmp_path / ".env").exists()


@pytest.mark.one_store
async def test_three_refused_tokens_in_a_brazilian_terminal_end_in_portuguese(server, tmp_path):
    build_world(server, tmp_path / "bot.db")
    env = bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(tmp_path / "bot.db"))
    child, transcript = spawn(env, tmp_path, LANG="pt_BR.UTF-8")
    try:
        for attempt in range(3):
            await child.expect("Token do bot: ", async_=True)
            child.sendline(f"MTIz.wrong.{attempt}")
        code = await finished(child)
    finally:
        child.terminate(force=True)
    text = transcript.getvalue()
    assert code == 2, text
    assert "resta 1 tentativa" in text and "restam 2 tentativas" in text
    assert "nenhum token aceito pelo Discord após 3 tentativas; nada foi gravado." in text
    assert not (tmp_path / ".env").exists()


@pytest.mark.one_store
async def test_a_terminal_in_a_language_reviewbot_does_not_speak_is_asked_in_us_english(server, tmp_path):
    env = bot_env(DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(tmp_path / "bot.db"))
    child, transcript = spawn(env, tmp_path, LANG="it_IT.UTF-8")
    try:
        await child.expect("Paste your bot's token", async_=True)
        await child.expect("Bot token: ", async_=True)
        child.sendintr()
        code = await finished(child)
    finally:
        child.terminate(force=True)
    assert code == 130 and "cancelled; nothing was written" in transcript.getvalue()
