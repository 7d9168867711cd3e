"""Talking to the bot: a mention it does not understand gets a friendly introduction, and /help lists
the commands the asking member may use, with examples, privately."""

import asyncio

import pytest

from tests.e2e.helpers import answer, is_ephemeral
from tests.e2e.test_releases import bot_replies, reply_to


@pytest.mark.parametrize("words", ["hi", "help", "what can you do?", "is it any good?"])
async def test_a_mention_the_bot_does_not_understand_gets_a_friendly_introduction(world, words):
    question = world.drv.post(world.reviews, world.member, f"<@{world.app.bot_id}> {words}")
    reply = await reply_to(world, world.reviews, question)
    text = reply["content"]
    assert text.startswith("Hi! I'm Reviewbot.")
    assert "when films come out" in text and "when is Never Let Me Go out on DVD in the UK?" in text
    assert "`/help`" in text and "`/release when`" in text
    assert not reply["mentions"] and not reply["mention_roles"]


async def test_the_introduction_does_not_repeat_for_a_member_saying_hi_again_and_again(world):
    first = world.drv.post(world.reviews, world.member, f"<@{world.app.bot_id}> hi")
    await reply_to(world, world.reviews, first)
    again = world.drv.post(world.reviews, world.member, f"<@{world.app.bot_id}> hi")
    probe = world.drv.post(world.reviews, world.member, f"<@{world.app.bot_id}> is Heat out on DVD in the US?")
    await reply_to(world, world.reviews, probe)  # answered: the bot read the message before it
    assert not [m for m in bot_replies(world, world.reviews)
                if (m.get("message_reference") or {}).get("message_id") == again["id"]]


async def test_chatter_that_does_not_mention_the_bot_gets_no_introduction(world):
    chatter = world.drv.post(world.reviews, world.member, "hi everyone")
    probe = world.drv.post(world.reviews, world.member, f"<@{world.app.bot_id}> hello")
    await reply_to(world, world.reviews, probe)
    await asyncio.sleep(0.1)
    assert not [m for m in bot_replies(world, world.reviews)
                if (m.get("message_reference") or {}).get("message_id") == chatter["id"]]


async def help_text(world, member):
    """Every page of /help as *member* sees it, turning the pages with the Next button."""
    handle = world.drv.invoke(world.guild, world.reviews, member, "help")
    shown = await answer(handle)
    assert is_ephemeral(shown)
    pages = [shown["content"]]
    message = handle.message
    while True:
        buttons = [c for row in message.get("components") or [] for c in row["components"]]
        following = next((b for b in buttons if b.get("label") == "Next" and not b.get("disabled")), None)
        if following is None:
            return "\n".join(pages)
        click = world.drv.click(message, following["custom_id"], member)
        pages.append((await click.response())["data"]["content"])
        message = handle.message


async def test_help_lists_a_members_commands_with_examples_privately(world):
    text = await help_text(world, world.member)
    for line in ("`/release when`", "e.g. `/release when film:Never Let Me Go country:UK format:dvd`",
                 "`/review list`", "`/comments export`", "`/film info`", "`/settings my-country`", "`/help`"):
        assert line in text, line
    for reviewer_only in ("/review publish", "/film add", "/film release set", "/comments resync"):
        assert f"`{reviewer_only}`" not in text, reviewer_only
    assert "`/settings channel`" not in text  # Manage Server only


async def test_help_shows_reviewers_their_commands_but_not_the_admins(world):
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "settings reviewer-role",
                                  {"role": world.reviewer_role["id"]}))
    text = await help_text(world, world.reviewer)
    for line in ("`/review publish` *(reviewers)*", "`/film release set` *(reviewers)*", "`/release when`",
                 "e.g. `/film release set film:Heat country:GB type:physical date:2031-05`"):
        assert line in text, line
    assert "`/settings channel`" not in text


async def test_help_shows_an_admin_everything(world):
    text = await help_text(world, world.owner)
    for line in ("`/settings channel` *(Manage Server)*", "`/settings answer-questions`", "`/review delete`",
                 "`/film import`", "`/release reminders`"):
        assert line in text, line
