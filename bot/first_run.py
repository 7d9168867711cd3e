"""A first `reviewbot run` in a terminal: ask for the bot token, check it with Discord, save it in .env.

The README's install command ends in `reviewbot run` before anyone has put a token in .env. Rather
than fail, `run` in a terminal asks for it (hidden, with getpass), asks Discord whose token it is
(``GET /users/@me`` at the configured API base), and only when Discord accepts it writes it into
.env, readable by its owner alone. Without a terminal nothing is asked and the one-line error stands.
The token is never printed, logged or echoed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import getpass
import os
import re
import sys
from pathlib import Path
from typing import Any

import aiohttp
import discord

from bot import __version__
from bot.config import ConfigError, Settings, token_problem
from bot.startup import CONFIGURATION, PORTAL, StartupError, network_problem, unreachable

DISCORD_API = "https://discord.com/api/v10"
MAX_TRIES = 3
TOKEN_LINE = re.compile(r"^\s*(?:export\s+)?DISCORD_TOKEN\s*=")
#: exit status after Ctrl-C, as a shell reports a process ended by SIGINT
INTERRUPTED = 130


class TokenRefused(Exception):
    """Discord answered 401: it knows no bot by this token."""


def ensure_token(settings: Settings) -> Settings:
    """*settings* with a token: as given, or asked for in a terminal, checked, and saved in .env.

    Raises :class:`ConfigError` (no terminal, or refused too often) or :class:`StartupError`
    (cancelled, Discord unreachable, .env not writable); nothing is written unless Discord accepted.
    """
    if settings.token:
        return settings
    if sys.stdin is None or not sys.stdin.isatty():
        settings.require_token()  # raises the one-line error
    env_file = Path.cwd() / ".env"  # where load_settings reads it
    out = sys.stderr
    print("DISCORD_TOKEN is not set yet. Paste your bot's token: on the Developer Portal "
          f"({PORTAL}) open your application's Bot page and press Reset Token. "
          "What you type is not shown.", file=out, flush=True)
    for attempt in range(1, MAX_TRIES + 1):
        try:
            token = getpass.getpass("Bot token: ").strip()
        except EOFError:
            raise StartupError("no token entered; nothing was written.", exit_code=CONFIGURATION) from None
        except KeyboardInterrupt:
            print(file=out)
            raise StartupError("cancelled; nothing was written.", exit_code=INTERRUPTED) from None
        if not token:
            print("Nothing was entered.", file=out, flush=True)
            continue
        if problem := token_problem(token):
            print(f"That {problem}.", file=out, flush=True)
            continue
        try:
            me = asyncio.run(fetch_bot_user(settings.api_base or DISCORD_API, token))
        except TokenRefused:
            left = MAX_TRIES - attempt
            print("Discord refused that token" + (f"; try again ({left} left)." if left else "."),
                  file=out, flush=True)
            continue
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise unreachable(network_problem(exc) or str(exc), settings) from None
        save_token(env_file, token)
        name = me.get("username") or "your bot"
        print(f"Discord knows this token: it is {name}'s. Saved it in {env_file} (readable only by you).",
              file=out, flush=True)
        return dataclasses.replace(settings, token=token)
    raise ConfigError(f"no token Discord accepts after {MAX_TRIES} tries; nothing was written. Press Reset Token "
                      "on the Bot page for a fresh one, then run again.")


async def fetch_bot_user(api_base: str, token: str, *, timeout: float = 15.0) -> dict[str, Any]:
    """The bot user *token* belongs to, from ``GET /users/@me``; raises :class:`TokenRefused` on 401."""
    headers = {"Authorization": f"Bot {token}",  # Discord asks bots for a User-Agent of this shape
               "User-Agent": f"DiscordBot (https://github.com/Rapptz/discord.py, {discord.__version__}) "
                             f"Reviewbot/{__version__}"}
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
        session.get(api_base.rstrip("/") + "/users/@me", headers=headers) as response,
    ):
        if response.status == 401:
            raise TokenRefused
        if response.status != 200:
            raise StartupError(f"Discord answered HTTP {response.status} to GET /users/@me while checking the "
                               "token; nothing was written. Try again later.")
        payload = await response.json(content_type=None)
    return payload if isinstance(payload, dict) else {}


def save_token(path: Path, token: str) -> None:
    """Set the DISCORD_TOKEN line of the .env at *path* (created if missing), keeping every other line.

    The file is written beside itself and renamed over it, so a crash leaves the old one whole, and it
    is created with mode 0600 from the start, so the token is never readable by others, not even briefly.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    except (OSError, UnicodeDecodeError) as exc:
        raise StartupError(f"cannot read {path}: {exc}; nothing was written.") from None
    kept, replaced = [], False
    for line in lines:
        if TOKEN_LINE.match(line):
            if not replaced:  # a second DISCORD_TOKEN line would be ambiguous; keep one
                kept.append(f"DISCORD_TOKEN={token}\n")
                replaced = True
            continue
        kept.append(line)
    if not replaced:
        if kept and not kept[-1].endswith("\n"):
            kept[-1] += "\n"
        kept.append(f"DISCORD_TOKEN={token}\n")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # in case a leftover file had other modes, before a byte is written
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("".join(kept))
        temporary.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise StartupError(f"cannot write {path}: {exc.strerror}; put the token in it yourself as "
                           "DISCORD_TOKEN=…") from None
