"""The command line on PostgreSQL: `reviewbot db copy` moves a SQLite installation, `db backup` runs
pg_dump, and a PostgreSQL server that cannot be used stops `reviewbot run` with one line and never
the password. Needs REVIEWBOT_TEST_POSTGRES (CI sets it)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests import postgres
from tests.e2e.helpers import bot_env, comment_rows, published_thread, query
from tests.e2e.test_cli import cli

pytestmark = pytest.mark.skipif(not postgres.configured(), reason=f"{postgres.ENV} names no PostgreSQL server")


def _with_netloc(url: str, netloc: str) -> str:
    return urlunsplit(urlsplit(url)._replace(netloc=netloc))


@pytest.mark.sqlite_only  # starts on SQLite, then moves to PostgreSQL
async def test_db_copy_moves_a_running_installations_data_and_the_bot_carries_on_from_it(stopped_world, tmp_path):
    world = stopped_world
    await world.start_bot()
    thread = await published_thread(world)
    for n in range(20):
        world.drv.post(thread, world.member, f"comment {n}")
    await comment_rows(world, 20)
    await world.stop_bot()
    async with postgres.fresh_schema() as url:
        code, out, err = await cli("db", "copy", "--to", url, db=world.db_path, cwd=tmp_path)
        assert code == 0, err
        assert "every table's row count matches" in out
        assert urlsplit(url).password not in out + err
        code, _, err = await cli("db", "copy", "--to", url, db=world.db_path, cwd=tmp_path)
        assert code == 2 and "is not empty" in err and "Traceback" not in err
        world.db_path = url  # the bot now runs on PostgreSQL, with everything it had
        await world.start_bot()
        world.drv.post(thread, world.member, "said after the move")
        rows = await comment_rows(world, 21)
        assert [row[2] for row in rows][-1] == "said after the move"
        assert query(url, "SELECT count(*) FROM reviews") == [(1,)]
        await world.stop_bot()


@pytest.mark.alone  # pg_dump locks every schema of the database, and other tests drop theirs
async def test_db_backup_on_postgresql_is_pg_dumps_job(tmp_path):
    async with postgres.fresh_schema() as url:
        code, _, err = await cli("db", "migrate", db=url, cwd=tmp_path)
        assert code == 0, err
        target = tmp_path / "reviewbot.dump"
        code, out, err = await cli("db", "backup", str(target), db=url, cwd=tmp_path)
        if shutil.which("pg_dump") is None:
            assert code == 2 and "pg_dump" in err
        else:
            assert code == 0, err
            assert target.read_bytes()[:5] == b"PGDMP" and "pg_restore" in out
        assert urlsplit(url).password not in out + err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("case", ["wrong password", "no such database", "unreachable"])
async def test_a_postgresql_server_that_cannot_be_used_is_one_line_at_start_up(server, tmp_path, case):
    base = postgres.configured()
    split = urlsplit(base)
    url = {
        "wrong password": _with_netloc(base, f"{split.username}:hunter2-wrong@{split.hostname}:{split.port}"),
        "no such database": urlsplit(base)._replace(path="/no_such_reviewbot_db").geturl(),
        "unreachable": _with_netloc(base, f"{split.username}:hunter2-wrong@127.0.0.1:{_free_port()}"),
    }[case]
    app = server.driver.create_application("Reviewbot")
    env = bot_env(DISCORD_TOKEN=app.token, REVIEWBOT_DB=url, DISCORD_API_BASE=server.api_base)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path,
                                                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    text = (out + err).decode()
    assert proc.returncode == 2, text
    [line] = [line for line in text.splitlines() if "error" in line.lower()]
    assert line.startswith("reviewbot: error: ") and "REVIEWBOT_DB" in line and "PostgreSQL" in line, text
    assert "Traceback" not in text
    assert "hunter2" not in text and (split.password or "\0") not in text
