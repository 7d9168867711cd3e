"""``reviewbot sandbox``: try Reviewbot in a terminal, as a member of a pretend server.

A loopback Discord server is started with a guild, a #reviews channel and a few members; the real bot
connects to it; you type as a member and see what the bot posts, embeds rendered as text. No Discord
account, no token, nothing leaves this machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shlex
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from bot.config import Settings
from bot.sandbox.driver import Driver, InteractionHandle, User
from bot.sandbox.interactions import Attachment
from bot.sandbox.server import LoopbackDiscord

HELP = """\
Type a message to post it as the current member in the current channel. Commands:
  /review publish channel:#reviews            run a slash command (option:value, quote values with spaces)
  /review publish file:data/reviews/never-let-me-go.md   attach a local file
  !as NAME         act as another member ({members})
  !in #channel     move to a channel;  !in thread  moves into the newest thread
  !reply N text    reply to message N of the last listing
  !click N         click button N of the bot's last message with buttons
  !edit N text     edit your message N;  !delete N  deletes it
  !show            list the current channel's last messages
  !help            this help;  !quit (or Ctrl-D) to leave
"""


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
    out: TextIO = sys.stdout
    listing: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()


def build_world(server: LoopbackDiscord) -> Session:
    drv = server.driver
    app = drv.create_application("Reviewbot")
    you = drv.create_user("you")
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


async def settle(session: Session, *, quiet: float = 0.4, limit: float = 8.0) -> None:
    """Wait until the bot has been quiet for *quiet* seconds (or *limit* passed), then show its output."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    count = -1
    while loop.time() < deadline:
        now = len(session.drv.requests)
        if now == count:
            break
        count = now
        await asyncio.sleep(quiet)
    show_new_bot_output(session)


# ---------------------------------------------------------------------------------------- input
def parse_options(session: Session, words: list[str]) -> tuple[list[str], dict[str, Any]]:
    path: list[str] = []
    options: dict[str, Any] = {}
    for word in words:
        if ":" not in word:
            path.append(word)
            continue
        name, value = word.split(":", 1)
        options[name] = resolve_value(session, name, value)
    return path, options


def resolve_value(session: Session, name: str, value: str) -> Any:
    if value.startswith("#") and value[1:] in session.channels:
        return session.channels[value[1:]]["id"]
    if value.startswith("@"):
        member = session.members.get(value[1:].lower())
        if member is not None:
            return member.id
        role = next((r for r in session.guild.roles.values() if r["name"].lower() == value[1:].lower()), None)
        if role is not None:
            return role["id"]
    if name in ("file", "attachment") and Path(value).is_file():
        data = Path(value).read_bytes()
        return Attachment(Path(value).name, data, "text/markdown" if value.endswith(".md") else None)
    return value


async def ask(prompt: str, reader) -> str | None:
    return await reader(prompt)


async def run_command(session: Session, line: str, reader) -> None:
    words = shlex.split(line[1:])
    path, options = parse_options(session, words)
    if not path:
        session.say("Which command? Try /review publish")
        return
    handle = session.drv.invoke(session.guild, session.here, session.me, " ".join(path), options)
    await answer_modals(session, handle, reader)


async def answer_modals(session: Session, handle: InteractionHandle, reader) -> None:
    try:
        response = await handle.response(timeout=10)
    except TimeoutError:
        session.say("(the bot did not answer)")
        return
    if response.get("type") == 9:
        modal = response["data"]
        session.say(f"── form: {modal.get('title')}")
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
        submitted = session.drv.submit_modal(handle, values, member=session.me)
        await settle(session)
        with contextlib.suppress(TimeoutError):
            await submitted.response(timeout=5)
    await settle(session)


def list_channel(session: Session) -> None:
    session.listing = session.drv.messages(session.here)[-15:]
    session.say(f"── #{session.here.get('name')} (last {len(session.listing)} messages)")
    for number, message in enumerate(session.listing, 1):
        session.say(render_message(message, number=number, state=session.server.state))


async def handle_line(session: Session, line: str, reader) -> bool:
    """Act on one line; False to leave."""
    line = line.strip()
    if not line:
        return True
    if line.startswith("/"):
        await run_command(session, line, reader)
        return True
    if not line.startswith("!"):
        session.drv.post(session.here, session.me, line)
        await settle(session)
        return True
    verb, _, rest = line[1:].partition(" ")
    match verb:
        case "quit" | "exit":
            return False
        case "help":
            session.say(HELP.format(members=", ".join(session.members)))
        case "as":
            member = session.members.get(rest.strip().lower())
            if member is None:
                session.say(f"No member called {rest!r}; choose from {', '.join(session.members)}.")
            else:
                session.me = member
                session.say(f"You are now {member.name}.")
        case "in":
            target = rest.strip().lstrip("#")
            if target == "thread":
                threads = list(session.drv.threads(session.guild))
                if not threads:
                    session.say("There is no thread yet.")
                    return True
                session.here = threads[-1]
            elif target in session.channels:
                session.here = session.channels[target]
            else:
                session.say(f"No channel #{target}.")
                return True
            session.say(f"You are in #{session.here.get('name')}.")
        case "show":
            list_channel(session)
        case "reply" | "edit" | "delete":
            number, _, text = rest.partition(" ")
            if not number.isdigit() or not 1 <= int(number) <= len(session.listing):
                session.say("Give a message number from !show.")
                return True
            message = session.listing[int(number) - 1]
            if verb == "reply":
                session.drv.post(session.here, session.me, text, reply_to=message)
            elif verb == "edit":
                session.drv.edit(session.here, message, text)
            else:
                session.drv.delete(session.here, message)
            await settle(session)
        case "click":
            if not rest.strip().isdigit() or not 1 <= int(rest) <= len(session.buttons):
                session.say("Give a button number.")
                return True
            message, component = session.buttons[int(rest) - 1]
            handle = session.drv.click(message, component["custom_id"], session.me)
            await answer_modals(session, handle, reader)
        case _:
            session.say("Unknown command; !help lists them.")
    return True


async def stdin_reader(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except EOFError:
        return None


async def run_sandbox(settings: Settings, *, reader=stdin_reader, out: TextIO = sys.stdout) -> None:
    """Start the loopback server and the bot, then read lines until !quit or end of input."""
    from bot.core import run_bot

    with tempfile.TemporaryDirectory(prefix="reviewbot-sandbox-") as tmp:
        async with LoopbackDiscord() as server:
            session = build_world(server)
            session.out = out
            bot_settings = replace(
                settings,
                token=session.app.token,
                api_base=server.api_base,
                db_path=Path(tmp) / "sandbox.db",
                dev_guild_id=None,
            )
            task = asyncio.create_task(
                run_bot(bot_settings, install_signal_handlers=False, guild_ready_timeout=0.1, identify_delay=0.0)
            )
            await session.drv.wait_for_request("PUT", r"/applications/\d+/commands", timeout=30)
            await settle(session)
            session.say("Reviewbot sandbox: a pretend server “Sandbox Film Club” on this machine.")
            session.say(HELP.format(members=", ".join(session.members)))
            session.say(f"You are {session.me.name} (server owner) in #{session.here['name']}.")
            try:
                while True:
                    line = await reader(f"{session.me.name} in #{session.here.get('name')}> ")
                    if line is None or not await handle_line(session, line, reader):
                        break
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
