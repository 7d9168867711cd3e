"""Answering release questions asked in plain words: in review threads, or to the bot by mention."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from typing import Any

import discord
from discord.ext import commands

from bot.core import ReviewBot
from bot.domain.help_text import intro
from bot.domain.question_languages import languages_for
from bot.domain.rate_limit import RateLimit, Verdict
from bot.mentions import NO_PINGS
from bot.services.mirror import TrackedThread
from bot.services.release_desk import Asker, Question, Reply
from bot.ui.film_option import reply_view, today
from bot.ui.language import book_of_guild

log = logging.getLogger(__name__)

#: Unprompted answers (in a review thread, without a mention) per member: one per this many seconds.
UNPROMPTED_COOLDOWN_SECONDS = 20.0
MAX_QUESTION_CHARS = 2000
#: Answers to mentions per member (across servers): this many per this many seconds. The first
#: mention over the limit is told so; the rest of that window gets no reply at all.
MENTION_ANSWERS = (5, 60.0)


class Questions(commands.Cog):
    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot
        self._last_unprompted: dict[tuple[int, int], float] = {}
        self._last_intro: dict[tuple[int, int], float] = {}
        self._mention_answers = RateLimit(*MENTION_ANSWERS)

    def _cooling_down(self, guild_id: int, user_id: int, seen: dict[tuple[int, int], float] | None = None) -> bool:
        """Whether this member had an unprompted answer (or, with *seen*, an introduction) too recently."""
        seen = self._last_unprompted if seen is None else seen
        now = time.monotonic()
        key = (guild_id, user_id)
        last = seen.get(key)
        if last is not None and now - last < UNPROMPTED_COOLDOWN_SECONDS:
            return True
        seen[key] = now
        if len(seen) > 10_000:  # forget members who went quiet long ago
            cutoff = now - UNPROMPTED_COOLDOWN_SECONDS
            for stale in [k for k, t in seen.items() if t < cutoff]:
                del seen[stale]
        return False

    async def cog_load(self) -> None:
        self.bot.add_message_handler(self.screen_message, payload=self.screen_payload)

    async def cog_unload(self) -> None:
        self.bot.remove_message_handler(self.screen_message)

    def screen_message(self, message: discord.Message) -> Awaitable[None] | None:
        """Which messages may be questions, decided at once: one of the bot's message handlers.

        Cheap checks first: most messages in a busy thread are not questions, and for them this returns
        None without touching the database or costing a task. A possible question (or any mention of
        the bot) returns the coroutine that answers it, which the bot's ``on_message`` awaits.
        """
        if message.author.bot or message.guild is None or not message.content:
            return None
        me = self.bot.user
        mentioned = me is not None and bool(message.mentions) and any(user.id == me.id for user in message.mentions)
        tracked = self.bot.review_threads.get(message.channel.id)
        if mentioned:
            return self._on_mention(message, tracked)
        if tracked is None:
            return None
        text = message.content[:MAX_QUESTION_CHARS]
        question = self._unprompted_question(text, message.guild)
        if question is None:
            if me is not None and _addressed(message.content, me.id):
                return self._introduce(message, me.display_name)
            return None
        return self._answer(message, question, text, tracked, mentioned=False)

    def screen_payload(self, data: dict[str, Any], guild: discord.Guild) -> bool:
        """:meth:`screen_message` on a message's gateway payload: True when it would turn the message away.

        False (the Message is needed) for a possible question, a message addressing the bot, and any
        message that mentions someone: who is mentioned is read from discord.py's Message.
        """
        content = data["content"]
        if data["author"].get("bot") or not content:
            return True
        if data.get("mentions"):
            return False
        if int(data["channel_id"]) not in self.bot.review_threads:
            return True
        me = self.bot.user
        if me is not None and _addressed(content, me.id):
            return False
        return self._unprompted_question(content[:MAX_QUESTION_CHARS], guild) is None

    def _unprompted_question(self, text: str, guild: discord.Guild) -> Question | None:
        """The question in a message posted without mentioning the bot, in a review thread of *guild*."""
        return self.bot.desk.understand(text, guild.id, mentioned=False, languages=_languages(guild))

    async def _on_mention(self, message: discord.Message, tracked: TrackedThread | None) -> None:
        """A message mentioning the bot: held to the member's mention limit, then answered or introduced."""
        assert message.guild is not None and self.bot.user is not None
        if not await self._mention_allowed(message):
            return
        text = message.content[:MAX_QUESTION_CHARS]
        question = self.bot.desk.understand(text, message.guild.id, mentioned=True,
                                            languages=_languages(message.guild))
        if question is None:
            if _addressed(message.content, self.bot.user.id):
                await self._introduce(message, self.bot.user.display_name)
            return
        await self._answer(message, question, text, tracked, mentioned=True)

    async def _answer(
        self, message: discord.Message, question: Question, text: str, tracked: TrackedThread | None,
        *, mentioned: bool,
    ) -> None:
        assert message.guild is not None
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

    async def _mention_allowed(self, message: discord.Message) -> bool:
        """Whether to answer this mention; the first one over the member's limit is told when to come back."""
        now = time.monotonic()
        verdict = self._mention_answers.hit(message.author.id, now)
        if verdict is Verdict.WARN:
            wait = self._mention_answers.retry_after(message.author.id, now)
            rate, per = MENTION_ANSWERS
            _ = book_of_guild(message.guild)
            await self._send(message, Reply(_.plural(
                "That's a lot of questions at once: I answer up to {rate} mentions from each member every "
                "{per} seconds, so I'll answer you again in {n} second.",
                "That's a lot of questions at once: I answer up to {rate} mentions from each member every "
                "{per} seconds, so I'll answer you again in {n} seconds.",
                max(1, round(wait)), rate=rate, per=f"{per:.0f}",
            )))
        return verdict is Verdict.ALLOW

    async def _introduce(self, message: discord.Message, name: str) -> None:
        """A mention the bot did not understand gets a short, friendly "here is what I do", not silence."""
        assert message.guild is not None
        if self._cooling_down(message.guild.id, message.author.id, self._last_intro):
            return
        await self._send(message, Reply(intro(name, book_of_guild(message.guild))))

    async def _send(self, message: discord.Message, reply: Reply) -> None:
        view = reply_view(self.bot, reply) or discord.utils.MISSING
        try:
            await message.reply(reply.text, view=view, mention_author=False, allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            log.warning("Could not answer a release question in %s", message.channel.id, exc_info=True)


def _languages(guild: discord.Guild) -> tuple[str, ...]:
    """The server's language first, then English: what a question posted there is read in."""
    return languages_for(str(guild.preferred_locale))


def _addressed(content: str, bot_id: int) -> bool:
    """The member wrote the bot's mention into the message, rather than only replying to it."""
    return f"<@{bot_id}>" in content or f"<@!{bot_id}>" in content


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(Questions(bot))
