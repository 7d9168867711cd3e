"""Answering release questions asked in plain words: in review threads, or to the bot by mention."""

from __future__ import annotations

import logging
import time

import discord
from discord.ext import commands

from bot.core import ReviewBot
from bot.mentions import NO_PINGS
from bot.services.release_desk import Asker, Reply
from bot.ui.film_option import reply_view, today

log = logging.getLogger(__name__)

#: Unprompted answers (in a review thread, without a mention) per member: one per this many seconds.
UNPROMPTED_COOLDOWN_SECONDS = 20.0
MAX_QUESTION_CHARS = 2000


class Questions(commands.Cog):
    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot
        self._last_unprompted: dict[tuple[int, int], float] = {}

    def _cooling_down(self, guild_id: int, user_id: int) -> bool:
        now = time.monotonic()
        key = (guild_id, user_id)
        last = self._last_unprompted.get(key)
        if last is not None and now - last < UNPROMPTED_COOLDOWN_SECONDS:
            return True
        self._last_unprompted[key] = now
        if len(self._last_unprompted) > 10_000:  # forget members who went quiet long ago
            cutoff = now - UNPROMPTED_COOLDOWN_SECONDS
            self._last_unprompted = {k: t for k, t in self._last_unprompted.items() if t >= cutoff}
        return False

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Cheap checks first: most messages in a busy thread are not questions and touch no database."""
        if message.author.bot or message.guild is None or not message.content:
            return
        me = self.bot.user
        mentioned = me is not None and any(user.id == me.id for user in message.mentions)
        tracked = self.bot.review_threads.get(message.channel.id)
        if not mentioned and tracked is None:
            return
        text = message.content[:MAX_QUESTION_CHARS]
        question = self.bot.desk.understand(text, message.guild.id, mentioned=mentioned)
        if question is None:
            return
        if not mentioned:
            settings = await self.bot.store.settings.get(message.guild.id)
            if not settings.answer_questions:
                return
        asker = Asker(
            guild_id=message.guild.id, user_id=message.author.id, guild_locale=str(message.guild.preferred_locale),
            review_film_id=tracked.film_id if tracked else None,
            review_film_title=tracked.film_title if tracked else None,
        )
        reply = await self.bot.desk.answer_parsed(question, text, asker, mentioned=mentioned, today=today())
        if reply is None:
            return
        if not mentioned and self._cooling_down(message.guild.id, message.author.id):
            return
        await self._send(message, reply)

    async def _send(self, message: discord.Message, reply: Reply) -> None:
        view = reply_view(self.bot, reply) or discord.utils.MISSING
        try:
            await message.reply(reply.text, view=view, mention_author=False, allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            log.warning("Could not answer a release question in %s", message.channel.id, exc_info=True)


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Questions(bot))
