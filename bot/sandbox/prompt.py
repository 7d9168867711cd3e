"""``reviewbot sandbox``: try Reviewbot in a terminal, as a member of a pretend server.

A loopback Discord server is started with a guild, a #reviews channel and a few members; the real bot
connects to it; you type as a member and see what the bot posts, embeds rendered as text. No Discord
account, no token, nothing leaves this machine.

Every line is one try: a mistake in it is answered with a message and the prompt goes on, because
a session holds state (reviews, threads, comments) that a crash would throw away.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import signal
import sys
import tempfile
import textwrap
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from bot.config import Settings
from bot.sandbox.blog import LoopbackBlog
from bot.sandbox.completion import Names
from bot.sandbox.driver import Driver, InteractionHandle, User
from bot.sandbox.interactions import Attachment
from bot.sandbox.prompt_parse import (
    ATTACHMENT,
    CHANNEL,
    MENTIONABLE,
    ROLE,
    USER,
    Bang,
    Message,
    PromptInputError,
    Ref,
    Slash,
    command_names,
    localized,
    parse_line,
)
from bot.sandbox.sandbox_bot import BotRunner
from bot.sandbox.server import LoopbackDiscord
from bot.sandbox.terminal import open_reader
from bot.sandbox.tmdb import LoopbackTmdb, StoredMovie

log = logging.getLogger(__name__)

Reader = Callable[[str], Awaitable[str | None]]

#: Discord's default upload limit; a bigger local file is refused before it is read
ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024

HELP = """\
Type a message to post it as the current member in the current channel (@Reviewbot, @ada, #general
become mentions). Slash commands take option:value pairs; values run to the next option, so no quotes:
  /review publish                      opens the form; file:data/reviews/never-let-me-go.md attaches a file
  /release when film:Dune (2021)       booleans read true/false, yes/no, on/off, 1/0
  /release when film:dun?              a value ending in ? lists the choices the bot offers
  !as NAME         act as another member ({members})
  !in #channel     move to a channel or thread by name;  !in thread  the newest thread;  !in  lists them
  !show            list the current channel's last messages
  !reply N text    reply to message N of the last listing;  !edit N text;  !delete N
  !click N         click button N of the bot's messages with buttons
  !offline         stop the bot;  !online  start it again (it catches up on what was said meanwhile)
  !commands        list the bot's slash commands
  !help            this help;  !quit, Ctrl-C or Ctrl-D to leave
"""
BANG_VERBS = ("as", "in", "show", "reply", "edit", "delete", "click", "offline", "online", "commands", "help",
              "quit", "exit")


@dataclass
class Session:
    server: LoopbackDiscord
    drv: Driver
    guild: Any
    app: Any
    members: dict[str, User]
    channels: dict[str, dict[str, Any]]
    me: User
    here: dict[str, Any]
    #: where to write; None: whatever sys.stdout is at the time (prompt_toolkit swaps it while prompting)
    out: TextIO | None = None
    runner: BotRunner | None = None
    listing: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    quiet: float = 0.4

    def say(self, text: str = "") -> None:
        out = self.out or sys.stdout
        out.write(text + "\n")
        out.flush()

    def commands(self) -> list[dict[str, Any]]:
        """The slash commands the bot registered for this guild, named as the current member's client shows them."""
        registered = [c for c in self.app.commands.values() if c.get("guild_id") in (None, self.guild.id)]
        return localized(registered, self.locale)

    @property
    def locale(self) -> str:
        """The language of the current member's Discord client (``--locale``; en-US otherwise)."""
        return self.drv.state.client_locale(self.me.id)

    def places(self) -> list[dict[str, Any]]:
        """Channels, then threads (newest last), that the current member could go to."""
        return list(self.channels.values()) + list(self.drv.threads(self.guild))

    def names(self) -> Names:
        """What Tab completes: places, members (and the bot), roles, ``!`` verbs."""
        return Names(
            channels=[p.get("name", "") for p in self.places()],
            members=[*self.members, self.app.bot_user["username"]],
            roles=[r["name"] for r in self.guild.roles.values() if r["name"] != "@everyone"],
            verbs=BANG_VERBS,
        )


def build_world(server: LoopbackDiscord, *, locale: str | None = None) -> Session:
    """The pretend server; *locale*: the language of your Discord client (Ada's and Ben's are en-US)."""
    drv = server.driver
    app = drv.create_application("Reviewbot")
    you = drv.create_user("you", locale=locale)
    guild = drv.create_guild("Sandbox Film Club", preferred_locale="en-GB", owner=you)
    drv.add_member(guild, you)
    drv.add_bot(guild, app)
    reviewer = drv.create_role(guild, "Reviewer")
    members = {
        "you": you,
        "ada": drv.create_member(guild, "Ada", roles=[reviewer]),
        "ben": drv.create_member(guild, "Ben"),
    }
    reviews = drv.create_text_channel(guild, "reviews")
    general = drv.create_text_channel(guild, "general")
    return Session(server, drv, guild, app, members, {"reviews": reviews, "general": general}, you, reviews)


# ---------------------------------------------------------------------------------------- rendering
def readable(text: str, state: Any) -> str:
    """Channel, user and role mentions as names, as a Discord client shows them."""

    def channel(match: re.Match[str]) -> str:
        return "#" + state.channels.get(match.group(1), {}).get("name", match.group(1))

    def user(match: re.Match[str]) -> str:
        return "@" + state.users.get(match.group(1), {}).get("username", match.group(1))

    text = re.sub(r"<#(\d+)>", channel, text)
    return re.sub(r"<@!?(\d+)>", user, text)


def render_message(
    message: dict[str, Any], *, number: int | None = None, ephemeral: bool = False, state: Any = None
) -> str:
    author = (message.get("author") or {}).get("username", "?")
    head = f"[{number}] " if number is not None else ""
    tag = " (only you can see this)" if ephemeral else ""
    lines = [f"{head}{author}{tag}:"]
    if message.get("content"):
        lines += textwrap.indent(message["content"], "  ").splitlines()
    for embed in message.get("embeds") or []:
        lines.append("  ┌─ " + (embed.get("title") or ""))
        for line in (embed.get("description") or "").splitlines():
            lines.append("  │ " + line)
        if embed.get("footer"):
            lines.append("  └─ " + embed["footer"].get("text", ""))
    for attachment in message.get("attachments") or []:
        lines.append(f"  📎 {attachment.get('filename')} ({attachment.get('size')} bytes) {attachment.get('url')}")
    for row in message.get("components") or []:
        labels = [c.get("label") or c.get("placeholder") or c.get("custom_id") for c in row.get("components") or []]
        lines.append("  buttons: " + " | ".join(str(label) for label in labels))
    text = "\n".join(lines)
    return readable(text, state) if state is not None else text


def _all_bot_messages(session: Session) -> list[tuple[dict[str, Any], bool]]:
    found: list[tuple[dict[str, Any], bool]] = []
    for channel_id, messages in session.server.state.messages.items():
        for message in messages.values():
            if (message.get("author") or {}).get("id") == session.app.bot_id:
                found.append(({**message, "channel_id": channel_id}, False))
    for record in session.server.interactions:
        user = (record.payload.get("member") or {}).get("user", {}).get("id")
        if user == session.me.id:
            found.extend((m, True) for m in record.ephemeral_messages.values())
    return found


def show_new_bot_output(session: Session) -> None:
    for message, ephemeral in sorted(_all_bot_messages(session), key=lambda pair: int(pair[0]["id"])):
        version = str(message.get("edited_timestamp") or "") + str(len(message.get("components") or []))
        if session.seen.get(message["id"]) == version:
            continue
        edited = message["id"] in session.seen
        session.seen[message["id"]] = version
        where = session.server.state.channels.get(str(message.get("channel_id")), {}).get("name", "")
        session.say(f"── in #{where}{' (edited)' if edited else ''}")
        session.say(render_message(message, ephemeral=ephemeral, state=session.server.state))
        for row in message.get("components") or []:
            for component in row.get("components") or []:
                if component.get("custom_id"):
                    session.buttons.append((message, component))
        if message.get("components"):
            session.say(
                "  (use !click N: "
                + ", ".join(
                    f"{i} = {c.get('label') or c.get('placeholder')}" for i, (_, c) in enumerate(session.buttons, 1)
                )
                + ")"
            )


async def settle(session: Session, *, limit: float = 8.0) -> None:
    """Wait until the bot has been quiet for ``session.quiet`` seconds (or *limit* passed), then show its output."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    count = -1
    while loop.time() < deadline:
        now = len(session.drv.requests)
        if now == count:
            break
        count = now
        await asyncio.sleep(session.quiet)
    show_new_bot_output(session)


# ---------------------------------------------------------------------------------------- input
def resolve(session: Session, name: str, ref: Ref) -> Any:
    """A channel, member, role or file named at the prompt, as the loopback driver takes it."""
    text = ref.text.strip()
    if ref.kind == ATTACHMENT:
        return _read_file(name, text)
    if ref.kind == CHANNEL:
        place = _find_place(session, text)
        if place is None:
            raise PromptInputError(f"{name}: there is no channel {text!r}; try " + _place_names(session) + ".")
        return place["id"]
    plain = text.lstrip("@").strip().lower()
    if ref.kind in (USER, MENTIONABLE):
        member = _find_member(session, plain)
        if member is not None:
            return member
    if ref.kind in (ROLE, MENTIONABLE):
        role = next((r for r in session.guild.roles.values() if r["name"].lower().lstrip("@") == plain), None)
        if role is not None:
            return role["id"]
    kinds = {USER: "member", ROLE: "role", MENTIONABLE: "member or role"}[ref.kind]
    names = ", ".join("@" + key for key in session.members)
    roles = ", ".join("@" + r["name"] for r in session.guild.roles.values() if r["name"] != "@everyone")
    choices = names if ref.kind == USER else roles if ref.kind == ROLE else f"{names}, {roles}"
    raise PromptInputError(f"{name}: there is no {kinds} {text!r}; choose from {choices}.")


def _read_file(name: str, text: str) -> Attachment:
    path = Path(text.strip("\"'")).expanduser()
    try:
        if not path.is_file():
            where = "" if path.is_absolute() else f" (relative to {Path.cwd()})"
            raise PromptInputError(f"{name}: there is no file {str(path)!r}{where}.")
        if path.stat().st_size > ATTACHMENT_MAX_BYTES:
            raise PromptInputError(f"{name}: {path.name} is larger than Discord's 25 MB upload limit.")
        data = path.read_bytes()
    except OSError as exc:
        raise PromptInputError(f"{name}: cannot read {str(path)!r}: {exc.strerror or exc}.") from None
    content_type = "text/markdown" if path.suffix.lower() in (".md", ".markdown") else None
    return Attachment(path.name, data, content_type)


def _find_member(session: Session, plain: str) -> User | None:
    if plain in session.members:
        return session.members[plain]
    return next((m for m in session.members.values() if m.name.lower() == plain), None)


def _find_place(session: Session, text: str) -> dict[str, Any] | None:
    """A channel or thread by mention, id, or name (exactly, then by its start, then anywhere in it)."""
    places = session.places()
    mention = re.fullmatch(r"<#(\d+)>|(\d+)", text)
    if mention:
        wanted = mention.group(1) or mention.group(2)
        return next((p for p in places if p["id"] == wanted), None)
    name = text.lstrip("#").strip().lower()
    if not name:
        return None
    for test in (lambda n: n == name, lambda n: n.startswith(name), lambda n: name in n):
        found = [p for p in places if test(p.get("name", "").lower())]
        if found:
            return found[-1]  # the newest thread of that name
    return None


def _place_names(session: Session) -> str:
    return ", ".join("#" + p.get("name", "?") for p in session.places())


def with_mentions(session: Session, text: str) -> str:
    """``@Reviewbot``, ``@ada``, ``@Reviewer`` and ``#general`` as the mentions a Discord client would send."""
    bot_name = session.app.bot_user["username"].lower()

    def user(match: re.Match[str]) -> str:
        word = match.group(1).lower()
        if word == bot_name:
            return f"<@{session.app.bot_id}>"
        member = _find_member(session, word)
        if member is not None:
            return member.mention
        role = next((r for r in session.guild.roles.values() if r["name"].lower() == word), None)
        return f"<@&{role['id']}>" if role is not None else match.group(0)

    def channel(match: re.Match[str]) -> str:
        found = session.channels.get(match.group(1).lower())
        return f"<#{found['id']}>" if found is not None else match.group(0)

    text = re.sub(r"(?<![\w<])@([\w-]+)", user, text)
    return re.sub(r"(?<![\w<])#([\w-]+)", channel, text)


async def ask(prompt: str, reader: Reader) -> str | None:
    return await reader(prompt)


async def run_command(session: Session, command: Slash, reader: Reader) -> None:
    options = {name: resolve(session, name, value) if isinstance(value, Ref) else value
               for name, value in command.options.items()}
    if command.positional:
        typed = {name: value.text if isinstance(value, Ref) else value for name, value in command.options.items()}
        shown = " ".join(f"{name}:{value}" for name, value in typed.items())
        session.say(f"(as /{command.name} {shown})")
    if not _bot_is_up(session):
        return
    if command.focused is not None:
        await show_choices(session, command, options)
        return
    handle = session.drv.invoke(session.guild, session.here, session.me, command.name, options)
    await answer_modals(session, handle, reader)


async def show_choices(session: Session, command: Slash, options: dict[str, Any]) -> None:
    """The choices for ``name:text?``: the option's fixed choices, or what the bot's autocomplete offers."""
    assert command.focused is not None and command.focused_spec is not None
    typed = str(options[command.focused]).lower()
    fixed = command.focused_spec.get("choices")
    if fixed:
        choices = [c for c in fixed if typed in str(c["name"]).lower()] or fixed
    else:
        try:
            choices = await session.drv.autocomplete(session.guild, session.here, session.me, command.name,
                                                     options, command.focused, timeout=5)
        except TimeoutError:
            session.say("(the bot offered no choices in time)")
            return
    if not choices:
        session.say(f"No choices for {command.focused}:{options[command.focused]}.")
        return
    session.say(f"Choices for {command.focused}: (type one after {command.focused}:)")
    for number, choice in enumerate(choices, 1):
        value = f"  [{choice['value']}]" if str(choice["value"]) != str(choice["name"]) else ""
        session.say(f"  {number}. {choice['name']}{value}")


def _bot_is_up(session: Session) -> bool:
    if session.runner is not None and not session.runner.running:
        session.say("Reviewbot is offline, so nothing answers (Discord would say the application did not "
                    "respond). !online starts it again.")
        return False
    return True


async def answer_modals(session: Session, handle: InteractionHandle, reader: Reader) -> None:
    try:
        response = await handle.response(timeout=10)
    except TimeoutError:
        session.say("(the bot did not answer)")
        return
    if response.get("type") == 9:
        modal = response["data"]
        session.say(f"── form: {modal.get('title')}  (an empty line keeps the default; \\n is a line break)")
        values = {}
        for row in modal.get("components") or []:
            for field_ in row.get("components") or []:
                hint = " (optional)" if not field_.get("required", True) else ""
                default = field_.get("value")
                shown = f" [{default[:40]}]" if default else ""
                text = await ask(f"  {field_.get('label')}{hint}{shown}: ", reader)
                if text is None:
                    return
                values[field_["custom_id"]] = text.replace("\\n", "\n") if text else (default or "")
                limit = field_.get("max_length")
                if limit is not None and len(values[field_["custom_id"]]) > limit:
                    session.say(f"That is longer than the form allows ({limit} characters); the form was not sent.")
                    return
        try:
            submitted = session.drv.submit_modal(handle, values, member=session.me)
        except ValueError as exc:
            session.say(f"The form was not sent: {exc}.")
            return
        await settle(session)
        with contextlib.suppress(TimeoutError):
            await submitted.response(timeout=5)
    await settle(session)


def list_channel(session: Session) -> None:
    session.listing = session.drv.messages(session.here)[-15:]
    session.say(f"── #{session.here.get('name')} (last {len(session.listing)} messages)")
    for number, message in enumerate(session.listing, 1):
        session.say(render_message(message, number=number, state=session.server.state))


async def handle_line(session: Session, line: str, reader: Reader) -> bool:
    """Act on one line; False to leave. A mistake is answered with a message, never raised."""
    try:
        return await _act(session, line, reader)
    except PromptInputError as exc:
        session.say(str(exc))
    except PermissionError as exc:
        session.say(f"Discord would not let you: {exc}.")
    except (LookupError, ValueError, TypeError) as exc:
        session.say(f"That did not work: {exc}.")
    except Exception:
        log.exception("The sandbox could not act on %r", line)
        session.say("Something went wrong with that line (the log file has the details); carry on.")
    return True


async def _act(session: Session, line: str, reader: Reader) -> bool:
    parsed = parse_line(line, session.commands())
    if parsed is None:
        return True
    if isinstance(parsed, Slash):
        await run_command(session, parsed, reader)
        return True
    if isinstance(parsed, Message):
        session.drv.post(session.here, session.me, with_mentions(session, parsed.text))
        if session.runner is None or session.runner.running:
            await settle(session)
        return True
    return await bang(session, parsed, reader)


async def bang(session: Session, command: Bang, reader: Reader) -> bool:
    verb, rest = command.verb, command.rest
    match verb:
        case "quit" | "exit":
            return False
        case "help":
            session.say(HELP.format(members=", ".join(session.members)))
        case "commands":
            session.say("Commands: " + ", ".join("/" + name for name in command_names(session.commands())))
        case "as":
            member = _find_member(session, rest.strip().lstrip("@").lower())
            if member is None:
                session.say(f"No member called {rest!r}; choose from {', '.join(session.members)}.")
            else:
                session.me = member
                session.say(f"You are now {member.name}.")
        case "in":
            go_to(session, rest.strip())
        case "show":
            list_channel(session)
        case "reply" | "edit" | "delete":
            await change_message(session, verb, rest)
        case "click":
            await click(session, rest.strip(), reader)
        case "offline" | "online":
            await switch_bot(session, online=verb == "online")
        case _:
            session.say(f"There is no !{verb[:20]}; !help lists what there is.")
    return True


def go_to(session: Session, target: str) -> None:
    if not target:
        session.say("Channels and threads: " + _place_names(session) + ".")
        return
    if target.lower() == "thread":
        threads = list(session.drv.threads(session.guild))
        if not threads:
            session.say("There is no thread yet.")
            return
        place: dict[str, Any] | None = threads[-1]
    else:
        place = _find_place(session, target)
    if place is None:
        session.say(f"No channel or thread {target!r}; there are " + _place_names(session) + ".")
        return
    session.here = session.drv.get_channel(place["id"])
    session.say(f"You are in #{session.here.get('name')}.")


async def change_message(session: Session, verb: str, rest: str) -> None:
    number, _, text = rest.partition(" ")
    if not number.isdigit() or not 1 <= int(number) <= len(session.listing):
        session.say("Give a message number from !show.")
        return
    message = session.listing[int(number) - 1]
    if message["channel_id"] != session.here["id"]:
        session.say("That listing was of another channel; !show lists this one.")
        return
    mine = (message.get("author") or {}).get("id") == session.me.id
    if verb == "reply":
        if not text.strip():
            session.say("Say what to reply: !reply N text.")
            return
        session.drv.post(session.here, session.me, with_mentions(session, text), reply_to=message)
    elif verb == "edit":
        if not mine or not text.strip():
            session.say("You can edit only your own messages, with new text: !edit N text.")
            return
        session.drv.edit(session.here, message, with_mentions(session, text))
    else:
        if not mine:
            session.say("You can delete only your own messages.")
            return
        session.drv.delete(session.here, message)
    if session.runner is None or session.runner.running:
        await settle(session)


async def click(session: Session, number: str, reader: Reader) -> None:
    if not number.isdigit() or not 1 <= int(number) <= len(session.buttons):
        session.say(f"Give a button number (1 to {len(session.buttons)})." if session.buttons
                    else "There are no buttons to click yet.")
        return
    message, component = session.buttons[int(number) - 1]
    if not _bot_is_up(session):
        return
    try:
        handle = session.drv.click(message, component["custom_id"], session.me)
    except (LookupError, ValueError):
        session.say("That button is no longer there (its message changed or went); run the command again.")
        return
    await answer_modals(session, handle, reader)


async def switch_bot(session: Session, *, online: bool) -> None:
    runner = session.runner
    if runner is None:
        session.say("This session cannot stop or start the bot.")
        return
    if online == runner.running:
        session.say(f"Reviewbot is already {'online' if online else 'offline'}.")
        return
    if not online:
        await runner.stop()
        session.say("Reviewbot is offline. Post in a thread, then !online to watch it catch up.")
        return
    session.say("Starting Reviewbot…")
    await runner.start()
    await settle(session)
    caught = runner.caught_up or 0
    session.say(f"Reviewbot is online; it caught up {caught} message{'s' if caught != 1 else ''} "
                "posted while it was away.")


# ---------------------------------------------------------------------------------------- the loop
async def run_sandbox(
    settings: Settings,
    *,
    reader: Reader | None = None,
    out: TextIO | None = None,
    db_path: Path | None = None,
    handle_sigint: bool = False,
    blog: bool = False,
    locale: str | None = None,
    tmdb: bool = False,
) -> None:
    """Start the loopback server and the bot, then read lines until !quit, Ctrl-C or end of input.

    *db_path*: keep the database there (so ``reviewbot comments export`` can read it afterwards);
    by default it lives in a temporary directory that goes when the sandbox ends. *blog*: also start a
    loopback WordPress blog with a sample post and comments, for trying ``/feeds``. *locale*: the
    language of your Discord client (``fr``, ``de``, ``es-ES``…): your interactions carry it, and the
    commands are offered by the names the bot gave them in that language. *tmdb*: also start the
    loopback TMDB with sample films of its own, with TMDB turned on against it.
    """
    with tempfile.TemporaryDirectory(prefix="reviewbot-sandbox-") as tmp:
        async with LoopbackDiscord() as server, contextlib.AsyncExitStack() as extras:
            sample_blog = await extras.enter_async_context(sample_wordpress_blog()) if blog else None
            sample_tmdb = await extras.enter_async_context(sample_tmdb_films()) if tmdb else None
            session = build_world(server, locale=locale)
            session.out = out
            bot_settings = replace(
                settings,
                token=session.app.token,
                api_base=server.api_base,
                db_path=db_path if db_path is not None else Path(tmp) / "sandbox.db",
                dev_guild_id=None,
                allow_private_feeds=settings.allow_private_feeds or blog,  # the sample blog is on 127.0.0.1
            )
            if sample_tmdb is not None:
                bot_settings = replace(bot_settings, tmdb_api_key=sample_tmdb.api_key, tmdb_read_token=None,
                                       tmdb_api_base=sample_tmdb.api_base)
            session.runner = BotRunner(bot_settings)
            try:
                await session.runner.start()
                await settle(session)
                session.say("Reviewbot sandbox: a pretend server “Sandbox Film Club” on this machine.")
                session.say(HELP.format(members=", ".join(session.members)))
                if db_path is not None:
                    session.say(f"The database is kept at {db_path}.")
                session.say(f"You are {session.me.name} (server owner) in #{session.here['name']}.")
                if locale:
                    names = command_names(session.commands())
                    session.say(f"Your Discord client is in {locale}: the commands are offered by their {locale} "
                                f"names ({', '.join('/' + name for name in names[:3])}…; !commands lists them).")
                if sample_blog is not None:
                    session.say(f"A sample WordPress blog runs at {sample_blog.base}: try /feeds add "
                                f"url:{sample_blog.feed_url} channel:#reviews backfill:1 — its post's comments "
                                "join the review's discussion (/comments show).")
                if sample_tmdb is not None:
                    names = ", ".join(movie.title for movie in sample_tmdb.movies.values())
                    session.say(f"A sample TMDB runs at {sample_tmdb.api_base} with films the store lacks ({names}): "
                                "try /release when film:The Quiet Harbour country:GB, or ask “when is Paper Moons "
                                "out in the US?” — the first ask goes to TMDB, the next is answered from the store.")
                if reader is not None:
                    await _loop(session, reader, handle_sigint=handle_sigint)
                else:
                    with open_reader(session.commands, session.names) as terminal:
                        await _loop(session, terminal, handle_sigint=handle_sigint)
            finally:
                await session.runner.stop()
            if db_path is not None:
                session.say(f"The database stays at {db_path}: REVIEWBOT_DB={db_path} reviewbot reviews list "
                            "shows its reviews, and reviewbot comments export ID their discussions.")
            session.say("Bye.")


@contextlib.asynccontextmanager
async def sample_wordpress_blog() -> AsyncIterator[LoopbackBlog]:
    """The loopback blog with one review post and a short nested discussion, for ``--blog``."""
    async with LoopbackBlog(title="Reels and Reviews (sample blog)") as site:
        post = site.add_post("Film Review: Never Let Me Go",
                             "<p>A quiet, devastating film about three friends who know what waits for them.</p>"
                             "<p><strong>Verdict:</strong> see it, then read the novel.</p>",
                             categories=("Reviews", "Never Let Me Go"))
        first = site.add_comment(post, "Bea", "<p>I read the book first. The ending still got me.</p>")
        site.add_comment(post, "Cal", "<p>Same. Carey Mulligan is <em>perfect</em> as Kathy.</p>", parent=first)
        site.add_comment(post, "Dee", "<p>Is it on DVD in the UK?</p>")
        yield site


@contextlib.asynccontextmanager
async def sample_tmdb_films() -> AsyncIterator[LoopbackTmdb]:
    """The loopback TMDB with a few films of its own, dated from today so they stay upcoming, for ``--tmdb``."""

    def day(offset: int) -> str:
        return (dt.date.today() + dt.timedelta(days=offset)).isoformat()

    async with LoopbackTmdb() as tmdb:
        tmdb.add_movie(StoredMovie(
            id=900001, title="The Quiet Harbour", release_date=day(40), runtime=112, popularity=40.0,
            releases={"GB": [(3, day(40), "12A", ""), (4, day(95), "", "")],
                      "US": [(2, day(33), "PG-13", "New York and Los Angeles"), (3, day(47), "PG-13", "")]},
            providers={"GB": {"flatrate": ["Netflix"]}}))
        tmdb.add_movie(StoredMovie(
            id=900002, title="Paper Moons", release_date=day(12), runtime=98, popularity=25.0,
            releases={"US": [(3, day(12), "PG", "")], "DE": [(3, day(26), "6", "")]}))
        tmdb.add_movie(StoredMovie(
            id=900003, title="Lanterns at Dusk", release_date=day(-200), runtime=121, popularity=12.0,
            releases={"GB": [(3, day(-200), "15", ""), (5, day(-110), "15", "Blu-ray")]},
            providers={"GB": {"rent": ["Apple TV"], "buy": ["Apple TV"]}}))
        yield tmdb


async def _loop(session: Session, reader: Reader, *, handle_sigint: bool) -> None:
    """Read and act until the reader ends, !quit, or (with *handle_sigint*) Ctrl-C."""
    loop = asyncio.get_running_loop()
    interrupted = asyncio.Event()
    if handle_sigint:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, interrupted.set)
    try:
        while True:
            current = asyncio.ensure_future(_one_line(session, reader))
            stop = asyncio.ensure_future(interrupted.wait())
            done, _ = await asyncio.wait({current, stop}, return_when=asyncio.FIRST_COMPLETED)
            if stop in done:
                current.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await current
                session.say("")
                return
            stop.cancel()
            if not current.result():
                return
    finally:
        if handle_sigint:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signal.SIGINT)


async def _one_line(session: Session, reader: Reader) -> bool:
    here = session.here.get("name")
    line = await reader(f"{session.me.name} in #{here}> ")
    if line is None:
        return False
    return await handle_line(session, line, reader)
