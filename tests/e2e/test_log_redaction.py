"""At DEBUG, the logs name ids, never what people wrote or an interaction's token."""

import logging

from tests.e2e.helpers import answer, comment_rows, published_thread

SECRET_TEXT = "my-unmistakable-comment-text-4242"


def _bot_side_log(caplog) -> str:
    """Everything logged except by the loopback server, which stands in for Discord itself."""
    return "\n".join(
        f"{record.name} {record.getMessage()}" for record in caplog.records if not record.name.startswith("bot.sandbox")
    )


async def test_debug_logs_hold_no_message_content_or_interaction_tokens(stopped_world, caplog):
    caplog.set_level(logging.DEBUG)
    world = stopped_world
    await world.start_bot()
    thread = await published_thread(world)
    world.drv.post(thread, world.member, SECRET_TEXT)
    await comment_rows(world, 1)
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "help")
    await answer(handle)
    token = handle.payload["token"]
    logged = _bot_side_log(caplog)
    assert "WebSocket Event" in logged  # discord.py's DEBUG lines are there, with their payloads redacted
    assert SECRET_TEXT not in logged
    assert token not in logged
