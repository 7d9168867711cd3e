"""The operator's command line: films import, reviews list, comments export, backup, invite URL, help."""

import asyncio
import json
import sqlite3
import sys

import pytest

from tests.e2e.helpers import answer, bot_env, comment_rows, published_thread, query

# Opens the SQLite file itself (to lock, damage or inspect it): the PostgreSQL store has its own tests.
pytestmark = pytest.mark.sqlite_only


async def cli(*args, db, cwd):
    env = bot_env(REVIEWBOT_DB=str(db), LOG_LEVEL="WARNING")
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, env=env, cwd=cwd,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode, out.decode(), err.decode()


async def test_films_import_reports_counts_and_updates_instead_of_duplicating(tmp_path):
    csv = tmp_path / "releases.csv"
    csv.write_text("title,year,country,type,date,note\nNew Film,2030,GB,theatrical,2030-05,\n"
                   "New Film,2030,US,limited,2030-04-12,Four cities\n")
    code, out, err = await cli("films", "import", str(csv), db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 0, err
    assert "1 film(s) added" in out and "2 release(s) added" in out
    code, out, _ = await cli("films", "import", str(csv), db=tmp_path / "x.db", cwd=tmp_path)
    assert "0 film(s) added" in out and "1 unchanged" in out


async def test_a_bad_film_file_names_the_line_and_imports_nothing(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("title,year,country,type,date,note\nGood,2000,GB,3,2000-01-01,\nBad,2000,XX,3,2000-01-01,\n")
    code, _, err = await cli("films", "import", str(bad), db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 2 and "line 3" in err and "XX" in err and "Nothing was imported" in err
    assert "Traceback" not in err
    con = sqlite3.connect(tmp_path / "x.db")
    assert con.execute("SELECT count(*) FROM films").fetchone() == (0,)
    con.close()


async def test_reviews_list_and_comments_export_work_while_the_bot_runs(world, tmp_path):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "Exported <b>safely</b>")
    await comment_rows(world, 1)
    code, out, _ = await cli("reviews", "list", db=world.db_path, cwd=tmp_path)
    assert code == 0 and "Film Review: Never Let Me Go" in out
    review_id = out.splitlines()[1].split("\t", 1)[0]  # under the header row
    code, out, err = await cli("comments", "export", review_id, "--format", "json", db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    data = json.loads(out)
    assert data["comments"][0]["content"] == "Exported <b>safely</b>"
    target = tmp_path / "page.html"
    code, _, _ = await cli("comments", "export", review_id, "--format", "html", "-o", str(target),
                           db=world.db_path, cwd=tmp_path)
    assert code == 0 and "&lt;b&gt;safely&lt;/b&gt;" in target.read_text()
    code, _, err = await cli("comments", "export", "999", db=world.db_path, cwd=tmp_path)
    assert code == 2 and "no review 999" in err


async def test_backup_while_the_bot_runs_is_a_consistent_copy(world, tmp_path):
    await published_thread(world)
    copy = tmp_path / "copy.db"
    code, _out, err = await cli("db", "backup", str(copy), db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT count(*) FROM reviews").fetchone() == (1,)
    con.close()


async def test_invite_url_asks_for_exactly_the_needed_permissions(tmp_path):
    code, out, _ = await cli("invite-url", "--client-id", "123456789012345678", db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 0
    assert "client_id=123456789012345678" in out and "scope=bot+applications.commands" in out
    assert "permissions=326417632256" in out


@pytest.mark.parametrize("command", [[], ["run"], ["db"], ["db", "backup"], ["films", "import"], ["comments", "export"],
                                     ["reviews", "list"], ["sandbox"], ["sync-commands"], ["invite-url"]])
async def test_every_command_has_help(tmp_path, command):
    code, out, _ = await cli(*command, "--help", db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 0 and "usage: reviewbot" in out


async def test_a_catalogue_imported_by_another_process_is_answered_from_within_seconds(world, tmp_path):
    csv = tmp_path / "heat.csv"
    csv.write_text("title,year,country,type,date,note\n"
                   "Heat,1995,GB,physical,1999-05-03,\nBrand New Film,2031,GB,3,2031-01-10,\n")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Heat", "country": "GB", "format": "dvd"}))
    assert "3 May 1999" not in shown["content"]
    code, _, err = await cli("films", "import", str(csv), db=world.db_path, cwd=tmp_path)
    assert code == 0, err

    async def asked(film):
        return (await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                              {"film": film, "country": "GB"})))["content"]

    for _ in range(40):
        if "3 May 1999" in await asked("Heat") and "10 January 2031" in await asked("Brand New Film"):
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the bot never saw the imported releases")


TERMINAL_ATTACK = "look \x1b]0;owned\x07\x1b[2J\x1b[31mred\x9b0m \u202eesrever\r done"


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
async def test_exports_on_standard_output_carry_no_terminal_control_codes(world, tmp_path, fmt):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, TERMINAL_ATTACK)
    await comment_rows(world, 1)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    code, out, err = await cli("comments", "export", str(review_id), "--format", fmt, db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    assert not [ch for ch in out if ch in "\x1b\x07\x9b\r\u202e"], "control codes reach the terminal"
    assert "\\u001b" in out and "owned" in out  # shown, escaped, rather than dropped
    if fmt == "json":  # the escapes are JSON's own: the text is still exactly what was posted
        assert json.loads(out)["comments"][0]["content"] == TERMINAL_ATTACK


def one_error_line(err: str) -> str:
    """Usage lines may precede it; the failure itself is one ``error:`` line and no traceback."""
    assert "Traceback" not in err, err
    [line] = [line for line in err.splitlines() if "error:" in line]
    return line


@pytest.mark.parametrize(("args", "says"), [
    (["comments", "export", "99999999999999999999999"], "is not a review id"),
    (["comments", "export", "abc"], "is not a review id"),
    (["comments", "export", "0"], "is not a review id"),
    (["invite-url", "--client-id", "99999999999999999999999"], "is not an application id"),
])
async def test_bad_arguments_are_a_usage_error_not_a_traceback(tmp_path, args, says):
    code, _, err = await cli(*args, db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 2 and says in one_error_line(err)


async def test_backup_onto_a_folder_or_an_unwritable_export_path_is_one_line(tmp_path):
    code, _, err = await cli("db", "migrate", db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 0, err
    code, _, err = await cli("db", "backup", str(tmp_path), db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 2 and "is a folder" in one_error_line(err)
    con = sqlite3.connect(tmp_path / "x.db")
    con.execute("INSERT INTO reviews (guild_id, title, film_title, author_id, byline, body, created_at, updated_at)"
                " VALUES (1, 't', 'f', 1, 'b', '', '2026-01-01', '2026-01-01')")
    con.commit()
    con.close()
    code, _, err = await cli("comments", "export", "1", "-o", str(tmp_path), db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 2 and f"cannot write {tmp_path}" in one_error_line(err)


@pytest.mark.parametrize("version", [0, 999])
async def test_exporting_from_a_database_of_another_schema_is_one_line(tmp_path, version):
    con = sqlite3.connect(tmp_path / "x.db")
    con.execute(f"PRAGMA user_version = {version}")
    con.commit()
    con.close()
    code, _, err = await cli("comments", "export", "1", db=tmp_path / "x.db", cwd=tmp_path)
    line = one_error_line(err)
    assert code == 2 and ("newer than this Reviewbot" in line if version else "reviewbot db migrate" in line)
