"""The Bot subclass and how it is started and stopped.

Resources are opened in :func:`run_bot` (the entry point) and handed to the bot, as in discord.py's
``advanced_startup`` example; ``setup_hook`` loads every extension in ``cogs/`` and syncs the command
tree only when its payload changed since the last sync.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import pkgutil
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
from discord.ext import commands

import cogs
from bot.api_base import use_api_base
from bot.config import Settings
from bot.db import Store
from bot.domain.models import Review
from bot.services.film_lookup import FilmLookup
from bot.services.mirror import TrackedThread
from bot.services.publishing import undo_unfinished_publishes
from bot.services.release_desk import ReleaseDesk
from bot.services.tmdb import TmdbClient, TmdbCredentials
from bot.startup import REDACTED_LOGGERS, NoVoiceWarnings, OneLineReconnects, RedactPayloads, explain
from bot.ui.translator import CommandTranslator
from bot.ui.tree import ReviewbotTree

log = logging.getLogger(__name__)

COMMAND_HASH_KEY = "command_sync_hash"
FILMS_SEEDED_KEY = "shipped_films_loaded"
#: Called with every message the bot receives, on the bot's one ``on_message`` task. It does what it can
#: at once and returns None, or returns the coroutine of the rest (a reply to send), which is awaited
#: before the next handler runs; so a handler that has nothing to do for a message costs no task.
MessageHandler = Callable[[discord.Message], Awaitable[None] | None]
#: A message handler's reading of a MESSAGE_CREATE payload, before discord.py builds the Message (see
#: :meth:`ReviewBot.add_message_handler`): False when it needs the Message, True when the message is nothing to it,
#: or the work to do for it from the payload alone, run once every handler has answered without False.
PayloadHandler = Callable[[dict[str, Any], discord.Guild], "Callable[[], object] | bool"]
#: discord.py's channel classes whose ``last_message_id`` its MESSAGE_CREATE parser keeps current
_LAST_MESSAGE_KEPT = (discord.TextChannel, discord.VoiceChannel, discord.Thread, discord.StageChannel)
#: Shipped data lives beside the packages in a checkout (the README installs with ``pip install -e .``).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def reviewbot_intents() -> discord.Intents:
    """Exactly what the features need: guilds (channels, threads), guild messages, their content."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.message_content = True
    return intents


def tmdb_client(settings: Settings) -> TmdbClient | None:
    if not settings.tmdb_enabled:
        return None
    credentials = TmdbCredentials(api_key=settings.tmdb_api_key, read_token=settings.tmdb_read_token)
    return TmdbClient(credentials, api_base=settings.tmdb_api_base)


def extension_names() -> list[str]:
    modules = pkgutil.iter_modules(cogs.__path__)
    return sorted(f"cogs.{module.name}" for module in modules if not module.name.startswith("_"))


class ReviewBot(commands.AutoShardedBot):
    """Reviewbot's client. Cogs reach the store and settings through it.

    Sharded, in one process: Discord closes an unsharded connection (4011) once a bot is in more than
    2,500 guilds. Without REVIEWBOT_SHARDS it runs as many shards as ``GET /gateway/bot`` recommends
    (one below 1,000 guilds, so a small bot sees no difference); with it, exactly the ids and count given.
    """

    store: Store
    settings: Settings
    desk: ReleaseDesk
    #: any film TMDB knows, when TMDB_API_KEY or TMDB_READ_TOKEN is set (otherwise it answers nothing)
    film_lookup: FilmLookup
    #: thread id → review, for every live review thread (kept current by the review events below)
    review_threads: dict[int, TrackedThread]
    #: what every message is offered to, in order (cogs add theirs in ``cog_load``); see :meth:`on_message`
    message_handlers: list[MessageHandler]
    #: the payload readings of :attr:`message_handlers`, by handler; see :meth:`add_message_handler`
    payload_handlers: dict[MessageHandler, PayloadHandler]
    #: whether messages every handler can take from the payload skip discord.py's Message (True but in a test
    #: that compares both ways)
    payload_fast_path: bool = True
    #: messages handled from their payload so far, without a discord.Message
    payload_messages: int = 0
    #: messages given to discord.py's parser whose ``on_message`` has not started yet. While there are any, the
    #: fast path waits its turn (the next message goes discord.py's way too), so that comments still reach the
    #: writer in the order they were sent: its marks say "everything up to here is committed"
    _messages_queued: int = 0

    def __init__(
        self,
        settings: Settings,
        store: Store,
        *,
        sync_commands: str = "auto",
        guild_ready_timeout: float = 2.0,
        identify_delay: float = 5.0,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=reviewbot_intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ReviewbotTree,
            help_command=None,
            guild_ready_timeout=guild_ready_timeout,
            # discord.py keeps the last 1,000 messages by default; Reviewbot never reads them (edits and
            # deletions arrive as raw events), and in a busy thread those survivors are what the
            # garbage collector walks again and again.
            max_messages=None,
            shard_ids=list(settings.shards[0]) if settings.shards else None,
            shard_count=settings.shards[1] if settings.shards else None,
        )
        self.settings = settings
        self.store = store
        self.sync_mode = sync_commands
        self.identify_delay = identify_delay
        self.synced: bool | None = None
        self.closing_hooks: list[Callable[[], Awaitable[None]]] = []
        self.desk = ReleaseDesk(store)
        self.review_threads = {}
        self.film_lookup = FilmLookup(store, tmdb_client(settings))
        self.desk.lookup = self.film_lookup  # a film the store lacks is asked of TMDB, when it is on
        self.closing_hooks.append(self.film_lookup.close)
        self.message_handlers = []
        self.payload_handlers = {}
        # One parser for every shard: each shard's gateway reads this same dict of discord.py's state.
        parsers = self._connection.parsers
        self._parse_message = parsers["MESSAGE_CREATE"]
        parsers["MESSAGE_CREATE"] = self._parse_message_create

    async def setup_hook(self) -> None:
        # Before the extensions: the sync payload (and its hash) is built with every language's names.
        await self.tree.set_translator(CommandTranslator())
        await self.desk.load()
        # A publish cut short by the last stop left an embed without its thread or record: remove it.
        await undo_unfinished_publishes(self, self.store)
        self.review_threads.update(
            {review.thread_id: TrackedThread.of(review) for review in await self.store.reviews.with_threads()}
        )
        for name in extension_names():
            try:
                await self.load_extension(name)
            except Exception:
                log.exception("Failed to load extension %s", name)
                raise
        if self.sync_mode == "force" or (self.sync_mode != "never" and self.syncs_commands):
            self.synced = await self.sync_command_tree(force=self.sync_mode == "force")
        elif self.sync_mode != "never":
            log.info("Slash commands are synced by the process that runs shard 0; not syncing here")

    @property
    def syncs_commands(self) -> bool:
        """Whether this process syncs the slash commands: with several shard processes, only shard 0's does."""
        return self.settings.shards is None or 0 in self.settings.shards[0]

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if not initial and self.identify_delay:
            await asyncio.sleep(self.identify_delay)

    async def command_payload(self) -> list[dict[str, Any]]:
        """What ``tree.sync`` sends, translations included, so that a changed translation resyncs."""
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        commands_ = self.tree.get_commands(guild=guild)
        translator = self.tree.translator
        if translator is None:
            payload = [command.to_dict(self.tree) for command in commands_]
        else:
            payload = [await command.get_translated_payload(self.tree, translator) for command in commands_]
        return sorted(payload, key=lambda c: c["name"])

    async def sync_command_tree(self, *, force: bool = False) -> bool:
        """Sync slash commands when their payload changed since the last sync (or when forced)."""
        payload = await self.command_payload()
        scope = str(self.settings.dev_guild_id or "global")
        digest = hashlib.sha256(json.dumps([scope, payload], sort_keys=True).encode()).hexdigest()
        if not force and await self.store.meta.get(COMMAND_HASH_KEY) == digest:
            log.info("Slash commands unchanged since the last sync; not syncing")
            return False
        guild = discord.Object(self.settings.dev_guild_id) if self.settings.dev_guild_id else None
        synced = await self.tree.sync(guild=guild)
        await self.store.meta.set(COMMAND_HASH_KEY, digest)
        log.info("Synced %d slash commands to %s", len(synced), f"guild {scope}" if guild else "all guilds")
        return True

    def add_message_handler(self, handler: MessageHandler, *, payload: PayloadHandler | None = None) -> None:
        """Offer every message to *handler* (see :meth:`on_message`), and its payload first to *payload*.

        A handler without a payload reading needs discord.py's Message for every message, which turns the
        fast path of :meth:`_parse_message_create` off for all of them.
        """
        self.message_handlers.append(handler)
        if payload is not None:
            self.payload_handlers[handler] = payload

    def remove_message_handler(self, handler: MessageHandler) -> None:
        with contextlib.suppress(ValueError):
            self.message_handlers.remove(handler)
        self.payload_handlers.pop(handler, None)

    def _parse_message_create(self, data: dict[str, Any]) -> None:
        """discord.py's MESSAGE_CREATE parser, unless every handler can do without the Message.

        Building a discord.Message (its author, member, attachments, reference, flags...) and starting the
        ``on_message`` task are most of what a message costs discord.py, and in a busy review thread the
        mirror needs none of it: the comment is built from the payload the same way (see
        ``mirror.comment_from_payload``). So each message is first offered, as its payload, to every
        handler's payload reading; when none asks for the Message, their work runs here, and discord.py's
        one side effect that matters (the channel's ``last_message_id``, which catch-up reads) is kept.
        Anything else, and any handler or listener without a payload reading, goes discord.py's way.
        """
        if not self._handled_from_payload(data):
            self._parse_message(data)
            self._messages_queued += 1  # discord.py has started this message's on_message task

    def _handled_from_payload(self, data: dict[str, Any]) -> bool:
        guild_id = data.get("guild_id")
        if (
            not self.payload_fast_path
            or self._messages_queued
            or guild_id is None
            or len(self.payload_handlers) != len(self.message_handlers)
            or self.extra_events.get("on_message")  # a listener of its own (none in Reviewbot) needs the Message
            or self._listeners.get("message")  # so does a wait_for("message")
        ):
            return False
        guild = self._connection._get_guild(int(guild_id))
        if guild is None:
            return False
        work: list[Callable[[], object]] = []
        try:  # parsers run inside discord.py's gateway reader: an error here must not end the connection
            for handler in self.message_handlers:
                answer = self.payload_handlers[handler](data, guild)
                if answer is False:
                    return False
                if answer is not True:
                    work.append(answer)
        except Exception:
            log.exception("Reading the payload of message %s failed; reading it as a Message", data.get("id"))
            return False
        for one in work:
            try:
                one()
            except Exception:
                log.exception("Handling message %s in channel %s failed", data.get("id"), data.get("channel_id"))
        channel = guild.get_channel_or_thread(int(data["channel_id"]))
        if channel.__class__ in _LAST_MESSAGE_KEPT:  # as discord.py does: these classes exactly
            channel.last_message_id = int(data["id"])
        self.payload_messages += 1
        return True

    async def on_message(self, message: discord.Message) -> None:
        """The bot's one entry point for messages: each of :attr:`message_handlers` in turn, on one task.

        Not ``commands.Bot.on_message``: Reviewbot has slash commands only, and parsing every message
        as a prefix command would be wasted. Not one ``Cog.listener`` per feature either: discord.py
        starts a task per listener per message, and in a busy thread those tasks cost the mirror more
        than its own work (see README, Performance). A handler that fails is logged and the others
        still run, as with listeners.
        """
        if self._messages_queued:
            self._messages_queued -= 1
        for handler in self.message_handlers:
            try:
                pending = handler(message)
                if pending is not None:
                    await pending
            except Exception:
                log.exception("Handling message %s in channel %s failed", message.id, message.channel.id)

    async def on_review_published(self, review: Review) -> None:
        if review.thread_id is not None:
            self.review_threads[review.thread_id] = TrackedThread.of(review)

    async def on_review_edited(self, review: Review) -> None:
        await self.on_review_published(review)

    async def on_review_deleted(self, review: Review) -> None:
        if review.thread_id is not None:
            self.review_threads.pop(review.thread_id, None)

    async def on_ready(self) -> None:
        log.info("Ready as %s in %d guild(s) on %d shard(s) of %s", self.user, len(self.guilds),
                 len(self.shards), self.shard_count)

    async def on_shard_ready(self, shard_id: int) -> None:
        log.info("Shard %d of %s ready", shard_id, self.shard_count)

    async def close(self) -> None:
        for hook in self.closing_hooks:
            try:
                await hook()
            except Exception:
                log.exception("A shutdown hook failed")
        await super().close()


async def seed_shipped_films(store: Store) -> None:
    """Load data/films.json into the shared catalogue the first time the database is used."""
    if await store.meta.get(FILMS_SEEDED_KEY):
        return
    from bot.domain.film_import import parse_films_json

    shipped = DATA_DIR / "films.json"
    try:
        data = shipped.read_bytes()
    except OSError:
        log.warning("No shipped film data found at %s; starting with an empty catalogue", shipped)
        return
    report = await store.films.import_films(parse_films_json(data))
    await store.meta.set(FILMS_SEEDED_KEY, "1")
    log.info("Loaded the shipped film data: %s", report.summary())


async def run_bot(
    settings: Settings,
    *,
    sync_commands: str = "auto",
    install_signal_handlers: bool = True,
    bot_factory: Callable[..., ReviewBot] = ReviewBot,
    **bot_options: Any,
) -> None:
    """Open the store, connect, serve until closed or signalled, then flush and close everything.

    A known start-up failure (unreachable API, refused token, missing intent, unusable database)
    raises :class:`~bot.startup.StartupError` with the one line to show; later losses of the
    network are retried by discord.py, logged one line per attempt.
    """
    token = settings.require_token()
    client_log, shard_log = logging.getLogger("discord.client"), logging.getLogger("discord.shard")
    filters = (OneLineReconnects(), NoVoiceWarnings())
    for one in filters:
        client_log.addFilter(one)
    shard_log.addFilter(filters[0])
    redact = RedactPayloads()  # unless the CLI installed one already: redacting twice would lose the ids
    redacted = [logger for logger in map(logging.getLogger, REDACTED_LOGGERS)
                if not any(isinstance(one, RedactPayloads) for one in logger.filters)]
    for logger in redacted:
        logger.addFilter(redact)
    bot: ReviewBot | None = None
    try:
        if settings.api_base:
            await use_api_base(settings.api_base)
        async with Store.open(settings.db_target, title_index=settings.title_index_path) as store:
            await seed_shipped_films(store)
            bot = bot_factory(settings, store, sync_commands=sync_commands, **bot_options)
            await _serve(bot, token, install_signal_handlers=install_signal_handlers)
    except Exception as exc:
        failure = explain(exc, settings, intents=reviewbot_intents(),
                          application_id=bot.application_id if bot is not None else None)
        if failure is None:
            raise
        raise failure from None
    finally:
        for one in filters:
            client_log.removeFilter(one)
        shard_log.removeFilter(filters[0])
        for logger in redacted:
            logger.removeFilter(redact)
    log.info("Shut down cleanly")


async def _serve(bot: ReviewBot, token: str, *, install_signal_handlers: bool) -> None:
    loop = asyncio.get_running_loop()
    if install_signal_handlers:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, lambda s=sig: _request_close(bot, s))
    try:
        async with bot:
            await bot.start(token)
    finally:
        if install_signal_handlers:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with contextlib.suppress(Exception):
                    loop.remove_signal_handler(sig)


def _request_close(bot: ReviewBot, sig: signal.Signals) -> None:
    log.info("Received %s; shutting down", sig.name)
    asyncio.get_running_loop().create_task(bot.close())
