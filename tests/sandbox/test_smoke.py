import asyncio

import discord
from discord.ext import commands


def intents(content: bool = True) -> discord.Intents:
    i = discord.Intents.none()
    i.guilds = True
    i.guild_messages = True
    i.message_content = content
    return i


async def test_connect_and_message(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    chan = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    bot = commands.Bot(command_prefix="!", intents=intents())
    got = asyncio.Queue()

    @bot.event
    async def on_message(m):
        await got.put(m)

    await run_bot(bot, app)
    assert bot.user.id == int(app.bot_id)
    assert bot.get_guild(int(guild.id)).name == "Film club"
    drv.post(chan, alice, "hello")
    m = await asyncio.wait_for(got.get(), 5)
    assert m.content == "hello"
    sent = await m.channel.send("hi back")
    m2 = await asyncio.wait_for(got.get(), 5)
    assert m2.id == sent.id and m2.author == bot.user
