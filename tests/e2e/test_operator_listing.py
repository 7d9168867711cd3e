"""`reviewbot reviews list` shows every review, retired ones too, with the server's name; `invite-url` errors."""

import asyncio
import base64
import sys

from bot.db import Store
from bot.db.reviews import NewReview
from tests.e2e.helpers import answer, bot_env, eventually, publish_by_modal, query

HEADER = "id\tstatus\tserver_id\tserver\tfilm\ttitle"


async def cli(*args, env, cwd):
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, env=env, cwd=cwd,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode, out.decode(), err.decode()


def rows(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


async def delete_review(world, review_id: int) -> None:
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review delete", {"review": str(review_id)})
    prompt = await answer(handle)
    confirm = next(c for row in prompt["components"] for c in row["components"] if c["label"] == "Delete review")
    await world.drv.click(handle.message, confirm["custom_id"], world.owner).response()
    await eventually(lambda: query(world.db_path, "SELECT deleted_at FROM reviews WHERE id = ?", review_id)[0][0])


async def test_reviews_list_shows_retired_reviews_and_server_names_under_a_header(world, tmp_path):
    await publish_by_modal(world, world.owner, world.reviews, title="Kept Review")
    await publish_by_modal(world, world.owner, world.reviews, title="Retired Review")
    [(kept,), (retired,)] = query(world.db_path, "SELECT id FROM reviews ORDER BY id")
    await delete_review(world, retired)
    async with Store.open(world.db_path) as store:  # a server the bot has not seen since names were kept
        await store.reviews.create(NewReview(424242, "Elsewhere Review", "Heat", 1995, None, None, "Ann", None, "Hm."),
                                   channel_id=1, message_ids=[2], thread_id=None)

    code, out, err = await cli("reviews", "list", env=bot_env(REVIEWBOT_DB=str(world.db_path)), cwd=tmp_path)
    assert code == 0, err
    listed = rows(out)
    assert listed[0] == HEADER.split("\t")
    by_title = {row[5]: row for row in listed[1:]}
    guild = world.guild.id
    assert by_title["Kept Review"] == [str(kept), "live", guild, "Film Club", "Never Let Me Go (2010)", "Kept Review"]
    assert by_title["Retired Review"][:4] == [str(retired), by_title["Retired Review"][1], guild, "Film Club"]
    assert by_title["Retired Review"][1].startswith("retired 20")
    assert by_title["Elsewhere Review"][1:4] == ["live", "424242", "unknown"]

    env = bot_env(REVIEWBOT_DB=str(world.db_path))
    code, out, err = await cli("comments", "export", str(retired), "--format", "json", env=env, cwd=tmp_path)
    assert code == 0 and '"Retired Review"' in out, err  # what the list offers can be exported


async def test_a_renamed_server_and_a_newly_joined_one_are_listed_by_their_names(world, tmp_path):
    assert await eventually(lambda: query(world.db_path, "SELECT name FROM guilds")) == [("Film Club",)]
    world.drv.update_guild(world.guild, name="Cinema Society")
    other = world.drv.create_guild("Second Club")
    world.drv.add_bot(other, world.app)
    names = await eventually(lambda: dict(r for r in query(world.db_path, "SELECT guild_id, name FROM guilds")
                                          if len(query(world.db_path, "SELECT 1 FROM guilds")) == 2
                                          and r[1] != "Film Club") or None)
    assert names == {int(world.guild.id): "Cinema Society", int(other.id): "Second Club"}
    await publish_by_modal(world, world.owner, world.reviews, title="After The Rename")
    code, out, _ = await cli("reviews", "list", env=bot_env(REVIEWBOT_DB=str(world.db_path)), cwd=tmp_path)
    assert code == 0 and rows(out)[1][3] == "Cinema Society"


async def test_invite_url_with_an_unreadable_token_says_so_instead_of_asking_to_set_it(tmp_path):
    env = bot_env(REVIEWBOT_DB=str(tmp_path / "x.db"), DISCORD_TOKEN="not-a-bot-token")
    code, out, err = await cli("invite-url", env=env, cwd=tmp_path)
    assert code == 2 and out == ""
    assert "cannot be read from DISCORD_TOKEN" in err and "--client-id" in err
    assert "set DISCORD_TOKEN" not in err
    assert "not-a-bot-token" not in err  # the token is never printed


async def test_invite_url_without_a_token_asks_for_a_client_id_or_the_token(tmp_path):
    code, _, err = await cli("invite-url", env=bot_env(REVIEWBOT_DB=str(tmp_path / "x.db")), cwd=tmp_path)
    assert code == 2 and "--client-id" in err and "or set DISCORD_TOKEN" in err


async def test_invite_url_reads_the_application_id_from_a_discord_shaped_token(tmp_path):
    # A bot token's first part is the application's id in base64; the rest is opaque.
    token = base64.b64encode(b"123456789012345678").decode().rstrip("=") + ".GhIjKl.abcdefghijklmnopqrstuvwxyz0123"
    env = bot_env(REVIEWBOT_DB=str(tmp_path / "x.db"), DISCORD_TOKEN=token)
    code, out, err = await cli("invite-url", env=env, cwd=tmp_path)
    assert code == 0, err
    assert "client_id=123456789012345678" in out
