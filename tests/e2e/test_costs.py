"""What any member can make the bot do to its one event loop, and how much: hostile costs held down.

Anyone can create a server and invite the bot, so a cost one member can cause is a cost every other
server pays. Each test runs the expensive thing in one server while a member of another server runs a
command, and checks that command is answered within Discord's 3 seconds (the loopback server refuses
a later answer with 10062, as Discord does). The loopback server shares the bot's event loop, so a
stalled loop also stalls the server's clock for new interactions: a :class:`LoopWatch` thread measures
the stall from outside the loop, which is what another server's member would wait.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time

import pytest

from bot.db.comments import CommentCreated
from bot.db.reviews import NewReview
from bot.domain.models import Comment
from bot.sandbox.interactions import Attachment
from tests.e2e.helpers import answer, is_ephemeral, published_thread, query

# Each test measures how the bot's own heavy work delays another server: with another test sharing the
# cores, it would measure that test instead (see tests/conftest.py).
pytestmark = pytest.mark.alone

DISCORD_ACK_DEADLINE = 3.0
#: The longest the event loop may go without running anything while heavy work is under way. Well
#: under Discord's deadline, since a command needs the loop several times before it is answered.
MAX_STALL = 1.0


class LoopWatch:
    """From a thread, asks the event loop to run a no-op every few milliseconds, and keeps the longest wait."""

    def __init__(self, loop: asyncio.AbstractEventLoop, interval: float = 0.02) -> None:
        self.loop, self.interval = loop, interval
        self.longest = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="loop-watch", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            asked = time.monotonic()
            ran = threading.Event()
            self.loop.call_soon_threadsafe(ran.set)
            ran.wait(30)
            self.longest = max(self.longest, time.monotonic() - asked)
            self._stop.wait(self.interval)

    def __enter__(self) -> LoopWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def other_server(world, name: str = "Other Club"):
    """A second server with the bot, a #general channel and a member: the bystander."""
    guild = world.drv.create_guild(name)
    world.drv.add_bot(guild, world.app)
    member = world.drv.create_member(guild, "Bystander")
    channel = world.drv.create_text_channel(guild, "general")
    await world.drv.wait_for_dispatch("CHANNEL_CREATE", lambda d: d["id"] == channel["id"], app=world.app)
    return guild, channel, member


async def bystander_is_answered_in_time(world, bystander) -> None:
    """A member of another server runs /help and is answered within Discord's deadline."""
    guild, channel, member = bystander
    handle = world.drv.invoke(guild, channel, member, "help")
    await handle.response(timeout=DISCORD_ACK_DEADLINE)


async def _store_review(world, body: str) -> int:
    async with await world.store() as store:
        new = NewReview(guild_id=int(world.guild.id), title="Brackets", film_title="Film", film_year=2010,
                        film_id=None, author_id=int(world.reviewer.id), byline="Rita", rating=3.0, body=body)
        review = await store.reviews.create(new, channel_id=int(world.reviews["id"]), message_ids=[10**18],
                                            thread_id=None)
    return review.id


async def test_showing_a_review_of_40000_brackets_keeps_other_servers_answered(world):
    bystander = await other_server(world)
    review_id = await _store_review(world, "[" * 40_000)
    with LoopWatch(asyncio.get_running_loop()) as watch:
        shown = world.drv.invoke(world.guild, world.reviews, world.member, "review show",
                                 {"review": str(review_id)})
        await asyncio.sleep(0.05)  # the show is under way
        await bystander_is_answered_in_time(world, bystander)
        await shown.response(timeout=DISCORD_ACK_DEADLINE)
        message = await answer(shown, timeout=60)
    assert watch.longest < MAX_STALL, f"the event loop stalled for {watch.longest:.1f} s"
    assert is_ephemeral(message)
    assert message["embeds"][0]["description"].endswith("[" * 100)


async def _stored_comments(world, contents: list[str], *, replies: bool = False) -> int:
    """A published review whose thread holds *contents* as comments (written straight to the store).

    With *replies*, every comment after the first replies to the first.
    """
    thread = await published_thread(world)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews WHERE thread_id = ?", int(thread["id"]))
    start = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    ops = [
        CommentCreated(Comment(
            message_id=10**17 + n, review_id=review_id, guild_id=int(world.guild.id), thread_id=int(thread["id"]),
            author_id=int(world.member.id), author_name="Max Member", content=content,
            created_at=start + dt.timedelta(seconds=n), parent_id=10**17 if replies and n else None,
        ))
        for n, content in enumerate(contents)
    ]
    async with await world.store() as store:
        await store.comments.apply(ops)
    return review_id


def _export(world, member, review_id: int, fmt: str):
    return world.drv.invoke(world.guild, world.reviews, member, "comments export",
                            {"review": str(review_id), "format": fmt})


async def test_a_heavy_html_export_keeps_other_servers_answered(world):
    bystander = await other_server(world)
    review_id = await _stored_comments(world, ["[" * 2000] * 150)  # seconds of Markdown rendering
    with LoopWatch(asyncio.get_running_loop()) as watch:
        export = _export(world, world.member, review_id, "html")
        await export.response(timeout=DISCORD_ACK_DEADLINE)  # deferred at once
        await asyncio.sleep(0.3)  # the rendering is under way
        await bystander_is_answered_in_time(world, bystander)
        message = await answer(export, timeout=120)
    assert watch.longest < MAX_STALL, f"the event loop stalled for {watch.longest:.1f} s"
    [attachment] = message["attachments"]
    assert attachment["filename"].endswith(".html") and attachment["size"] > 150 * 2000


async def test_eight_exports_of_a_10000_reply_thread_keep_other_servers_answered(world):
    bystander = await other_server(world)
    review_id = await _stored_comments(world, [f"Reply {n}: the *ending* [stays] with me `{n}`" for n in range(10_000)],
                                       replies=True)
    members = [world.member, world.reviewer, world.owner]
    with LoopWatch(asyncio.get_running_loop()) as watch:
        exports = [_export(world, members[n % 3], review_id, "html" if n % 2 else "json") for n in range(8)]
        for handle in exports:
            await handle.response(timeout=DISCORD_ACK_DEADLINE)
        await bystander_is_answered_in_time(world, bystander)
        files = [await answer(handle, timeout=180) for handle in exports]
    assert all(len(message["attachments"]) == 1 for message in files), [m.get("content") for m in files]
    assert watch.longest < MAX_STALL, f"the event loop stalled for {watch.longest:.1f} s"


async def test_a_member_may_export_three_times_a_minute(world):
    review_id = await _stored_comments(world, ["a short comment"])
    for _ in range(3):
        assert (await answer(_export(world, world.member, review_id, "json")))["attachments"]
    refused = await answer(_export(world, world.member, review_id, "json"))
    assert is_ephemeral(refused) and not refused.get("attachments")
    assert "try again in" in refused["content"]
    # Someone else in the server is not held up by that member.
    assert (await answer(_export(world, world.reviewer, review_id, "json")))["attachments"]


async def test_a_server_may_export_ten_times_a_minute(world):
    review_id = await _stored_comments(world, ["a short comment"])
    members = [world.drv.create_member(world.guild, f"Member {n}") for n in range(11)]
    for member in members[:10]:
        assert (await answer(_export(world, member, review_id, "markdown")))["attachments"]
    refused = await answer(_export(world, members[10], review_id, "markdown"))
    assert is_ephemeral(refused) and not refused.get("attachments") and "try again in" in refused["content"]
    bystander = await other_server(world)  # another server's exports are its own
    guild, channel, member = bystander
    other_review = await answer(world.drv.invoke(guild, channel, member, "comments export",
                                                 {"review": str(review_id), "format": "json"}))
    assert "try again in" not in other_review["content"]


async def test_an_export_over_the_servers_upload_limit_is_refused_naming_the_cli(world):
    review_id = await _stored_comments(world, ["x" * 2000] * 5_400)  # about 11 MB of JSON
    refused = await answer(_export(world, world.member, review_id, "json"), timeout=60)
    assert is_ephemeral(refused) and not refused.get("attachments")
    assert "10.0 MB" in refused["content"]
    assert f"reviewbot comments export {review_id} --format json" in refused["content"]


def _csv_films(count: int, releases_each: int = 1, prefix: str = "Film") -> Attachment:
    """A CSV film file: *count* films of *releases_each* releases (one country each)."""
    countries = ["GB", "US", "FR", "DE", "IT", "ES", "JP", "CA", "AU", "NL"][:releases_each]
    rows = ["title,year,country,type,date,note"]
    rows += [f"{prefix} {n},2001,{country},3,2001-02-03," for n in range(count) for country in countries]
    return Attachment("films.csv", ("\n".join(rows) + "\n").encode(), "text/csv")


def _import(world, file: Attachment, member=None):
    return world.drv.invoke(world.guild, world.reviews, member or world.owner, "film import", {"file": file})


def _own_films(world) -> int:
    [(count,)] = query(world.db_path, "SELECT count(*) FROM films WHERE guild_id = ?", int(world.guild.id))
    return count


async def test_the_largest_import_a_server_may_make_keeps_other_servers_answered(world):
    bystander = await other_server(world)
    file = _csv_films(5_000, releases_each=10)  # 50,000 releases: the most one import may hold
    with LoopWatch(asyncio.get_running_loop()) as watch:
        handle = _import(world, file)
        await handle.response(timeout=DISCORD_ACK_DEADLINE)
        await asyncio.sleep(0.2)
        await bystander_is_answered_in_time(world, bystander)
        imported = await answer(handle, timeout=120)
    assert "5000 films added" in imported["content"], imported["content"]
    assert watch.longest < MAX_STALL, f"the event loop stalled for {watch.longest:.1f} s"


async def test_a_film_file_over_2_mb_is_refused_before_it_is_read(world):
    refused = await answer(_import(world, _csv_films(90_000)))  # about 3 MB
    assert is_ephemeral(refused) and "at most 2 MB" in refused["content"], refused["content"]
    assert _own_films(world) == 0


async def test_an_import_of_more_than_5000_films_is_refused_and_writes_nothing(world):
    refused = await answer(_import(world, _csv_films(6_000)), timeout=60)
    assert is_ephemeral(refused) and "at most 5,000 films" in refused["content"], refused["content"]
    assert _own_films(world) == 0


async def test_a_servers_own_catalogue_holds_at_most_5000_films(world):
    assert "3000 films added" in (await answer(_import(world, _csv_films(3_000)), timeout=60))["content"]
    refused = await answer(_import(world, _csv_films(3_000, prefix="More")), timeout=60)
    assert "over the 5,000 a server may hold" in refused["content"], refused["content"]
    assert _own_films(world) == 3_000


async def test_a_server_may_import_twice_a_minute(world):
    for _ in range(2):
        await answer(_import(world, _csv_films(1)))
    refused = await answer(_import(world, _csv_films(1)))
    assert is_ephemeral(refused) and "try again in" in refused["content"]
    # A member who may not import does not use up the server's imports.
    denied = await answer(_import(world, _csv_films(1), member=world.member))
    assert "try again in" not in denied["content"]
