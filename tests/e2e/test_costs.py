"""What any member can make the bot do to its one event loop, and how much: hostile costs held down.

Anyone can create a server and invite the bot, so a cost one member can cause is a cost every other
server pays. Each test runs the expensive thing in one server while a member of another server runs a
command, and checks that command is answered within Discord's 3 seconds (the loopback server refuses
a later answer with 10062, as Discord does).
"""

from __future__ import annotations

import asyncio

from bot.db.reviews import NewReview
from tests.e2e.helpers import answer, is_ephemeral

DISCORD_ACK_DEADLINE = 3.0


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
    shown = world.drv.invoke(world.guild, world.reviews, world.member, "review show", {"review": str(review_id)})
    await asyncio.sleep(0.05)  # the show is under way
    await bystander_is_answered_in_time(world, bystander)
    await shown.response(timeout=DISCORD_ACK_DEADLINE)
    message = await answer(shown)
    assert is_ephemeral(message)
    assert message["embeds"][0]["description"].endswith("[" * 100)
