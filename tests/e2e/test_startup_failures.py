"""Every way `reviewbot run` can fail to start ends in one line saying what failed and what to do.

Each case runs `python -m bot run` as a real process. Log records at INFO (progress: "Using the
Discord-compatible API at …") may come before the failure; the failure itself is one line, with no
traceback, and the exit status is 2 for something to fix in the configuration (settings, the token,
the Developer Portal, the database path) and 1 for everything else (network, a locked or damaged
database).
"""

import asyncio
import re
import socket
import sqlite3
import sys

import pytest

from tests.e2e.harness import build_world
from tests.e2e.helpers import bot_env

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
pytestmark = pytest.mark.sqlite_only

#: a log record as discord.utils.setup_logging formats it, at a level that is progress, not failure
PROGRESS_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (INFO|DEBUG) ")
#: setup_logging colours its records when it thinks the stream can show colour (in Docker, always)
COLOUR = re.compile(r"\x1b\[[0-9;]*m")


async def run_reviewbot(env, cwd, timeout=40.0):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=cwd, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    finally:
        if proc.returncode is None:
            proc.kill()
    return proc.returncode, out.decode(), err.decode()


def the_failure(err: str) -> str:
    """The one line that is not progress logging; fails unless there is exactly one, without a traceback."""
    assert "Traceback" not in err, err
    assert "Shut down cleanly" not in err, err
    lines = [line for line in COLOUR.sub("", err).splitlines() if line.strip() and not PROGRESS_RECORD.match(line)]
    assert len(lines) == 1, err
    return lines[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_an_api_base_that_refuses_connections_is_one_line_and_exit_1(tmp_path):
    base = f"http://127.0.0.1:{free_port()}/api/v10"
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN="abc.def.ghi", DISCORD_API_BASE=base,
                                               REVIEWBOT_DB=str(tmp_path / "bot.db")), tmp_path)
    line = the_failure(err)
    assert code == 1
    assert "refused" in line and base in line and "DISCORD_API_BASE" in line


async def test_an_api_base_whose_host_does_not_resolve_is_one_line_and_exit_1(tmp_path):
    base = "http://reviewbot-no-such-host.invalid/api/v10"
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN="abc.def.ghi", DISCORD_API_BASE=base,
                                               REVIEWBOT_DB=str(tmp_path / "bot.db")), tmp_path)
    line = the_failure(err)
    assert code == 1
    assert "reviewbot-no-such-host.invalid" in line and "resolve" in line and "DISCORD_API_BASE" in line


async def test_a_token_discord_refuses_is_one_line_and_exit_2(server, tmp_path):
    build_world(server, tmp_path / "bot.db")
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN="MTIz.refused.token", DISCORD_API_BASE=server.api_base,
                                               REVIEWBOT_DB=str(tmp_path / "bot.db")), tmp_path)
    line = the_failure(err)
    assert code == 2
    assert "Discord refused the token" in line and "Reset Token" in line
    assert "MTIz.refused.token" not in err
    assert [r.status for r in server.driver.requests if r.path == "/users/@me"] == [401]


async def test_a_privileged_intent_not_enabled_names_it_and_where_to_switch_it_on(server, tmp_path):
    drv = server.driver
    app = drv.create_application("Reviewbot", message_content=False)
    guild = drv.create_guild("Film Club")
    drv.add_bot(guild, app)
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN=app.token, DISCORD_API_BASE=server.api_base,
                                               REVIEWBOT_DB=str(tmp_path / "bot.db")), tmp_path)
    line = the_failure(err)
    assert code == 2
    assert "Message Content Intent" in line
    assert f"https://discord.com/developers/applications/{app.application_id}/bot" in line
    assert app.token not in err


async def test_a_dev_guild_the_bot_is_not_in_is_one_line_naming_the_setting(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    elsewhere = server.driver.create_guild("Some Other Server")  # the bot was never added here
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base,
                                               REVIEWBOT_DB=str(world.db_path),
                                               REVIEWBOT_DEV_GUILD=str(elsewhere.id)), tmp_path)
    line = the_failure(err)
    assert code == 2
    assert f"REVIEWBOT_DEV_GUILD={elsewhere.id}" in line and "invite-url" in line


async def test_a_database_path_that_cannot_be_created_is_one_line_and_exit_2(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    (tmp_path / "a-file").write_text("not a folder")
    db = tmp_path / "a-file" / "bot.db"
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base,
                                               REVIEWBOT_DB=str(db)), tmp_path)
    line = the_failure(err)
    assert code == 2
    assert str(db) in line and "REVIEWBOT_DB" in line


async def test_a_title_index_path_that_cannot_be_created_is_one_line_and_exit_2(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    (tmp_path / "a-file").write_text("not a folder")
    index = tmp_path / "a-file" / "titles.db"
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base,
                                               REVIEWBOT_DB=str(world.db_path), REVIEWBOT_TITLE_INDEX=str(index)),
                                       tmp_path)
    line = the_failure(err)
    assert code == 2
    assert str(index) in line and "REVIEWBOT_TITLE_INDEX" in line


async def test_a_damaged_database_is_one_line_and_exit_1_and_is_left_as_it_was(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    garbage = bytes(range(256)) * 16
    world.db_path.write_bytes(garbage)
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base,
                                               REVIEWBOT_DB=str(world.db_path)), tmp_path)
    line = the_failure(err)
    assert code == 1
    assert str(world.db_path) in line and "not a database" in line and "backup" in line
    assert world.db_path.read_bytes() == garbage


async def test_a_database_locked_by_another_program_is_one_line_and_exit_1(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    locker = sqlite3.connect(world.db_path, isolation_level=None)
    locker.execute("CREATE TABLE other_program (x)")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base,
                                                   REVIEWBOT_DB=str(world.db_path)), tmp_path)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    line = the_failure(err)
    assert code == 1
    assert str(world.db_path) in line and "locked" in line


@pytest.mark.parametrize(("name", "value", "named"), [
    ("LOG_LEVEL", "LOUD", "LOG_LEVEL"),
    ("DISCORD_API_BASE", "ftp://127.0.0.1/api", "DISCORD_API_BASE"),
    ("REVIEWBOT_DEV_GUILD", "my-server", "REVIEWBOT_DEV_GUILD"),
    ("DISCORD_TOKEN", "Bot abc.def", "DISCORD_TOKEN"),
])
async def test_a_bad_configuration_value_is_one_line_and_exit_2(tmp_path, name, value, named):
    env = bot_env(DISCORD_TOKEN="abc.def.ghi", REVIEWBOT_DB=str(tmp_path / "bot.db"))
    env[name] = value
    code, _, err = await run_reviewbot(env, tmp_path)
    line = the_failure(err)
    assert code == 2
    assert named in line
    assert not (tmp_path / "bot.db").exists()


async def test_a_database_with_a_newer_schema_is_one_line_and_exit_1_without_hanging(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    con = sqlite3.connect(tmp_path / "bot.db")
    con.execute("PRAGMA user_version = 999")
    con.commit()
    con.close()
    code, _, err = await run_reviewbot(bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base,
                                               REVIEWBOT_DB=str(tmp_path / "bot.db")), tmp_path, timeout=20)
    line = the_failure(err)
    assert code == 1
    assert "schema version 999" in line and "upgrade Reviewbot" in line
    con = sqlite3.connect(tmp_path / "bot.db")
    assert con.execute("PRAGMA user_version").fetchone() == (999,)  # left as it was
    con.close()
