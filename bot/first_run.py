"""A first `reviewbot run` in a terminal: ask for the bot token, check it with Discord, save it in .env.

The README's install command ends in `reviewbot run` before anyone has put a token in .env. Rather
than fail, `run` in a terminal asks for it (hidden, with getpass), asks Discord whose token it is
(``GET /users/@me`` at the configured API base), and only when Discord accepts it writes it into
.env, readable by its owner alone. Without a terminal nothing is asked and the one-line error stands.
The token is never printed, logged or echoed.

It speaks the operator's language, read from the environment the way gettext reads it (``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``fr_FR.UTF-8`` is French), in US English for any other, so a
French operator's first meeting with the bot is in French. Network failures shared with every start
(:func:`bot.startup.unreachable`) stay in English, like the rest of the command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import getpass
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aiohttp
import discord

from bot import __version__
from bot.config import ConfigError, Settings, token_problem
from bot.domain.locales import DEFAULT, LANGUAGES, Language
from bot.domain.translations import Phrasebook, phrasebook
from bot.startup import CONFIGURATION, PORTAL, StartupError, network_problem, unreachable

DISCORD_API = "https://discord.com/api/v10"
MAX_TRIES = 3
TOKEN_LINE = re.compile(r"^\s*(?:export\s+)?DISCORD_TOKEN\s*=")
#: exit status after Ctrl-C, as a shell reports a process ended by SIGINT
INTERRUPTED = 130


class TokenRefused(Exception):
    """Discord answered 401: it knows no bot by this token."""


#: The variables gettext reads for the language of messages, most specific first.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def operator_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language the operator's terminal asks for, as gettext finds it: the first of
    :data:`LANGUAGE_VARIABLES` that is set (``LANGUAGE`` may list several, ``fr:de``), each entry a POSIX
    locale name (``fr_FR.UTF-8``, ``pt_BR``, ``es_MX``) matched to one Reviewbot speaks; else US English.
    """
    environ = os.environ if environ is None else environ
    value = next((environ[name] for name in LANGUAGE_VARIABLES if environ.get(name)), "")
    for entry in value.split(":"):
        lang = _posix_language(entry)
        if lang is not None:
            return lang
    return DEFAULT


def _posix_language(name: str) -> Language | None:
    """``fr_FR.UTF-8@euro`` → French; ``es_MX`` → Latin American Spanish; ``C``, ``POSIX`` → US English."""
    name = name.split(".", 1)[0].split("@", 1)[0].strip()
    if name in ("C", "POSIX"):
        return DEFAULT
    language, _, region = name.replace("-", "_").partition("_")
    language = language.casefold()
    by_code = {code.casefold(): lang for code, lang in LANGUAGES.items()}
    if region and (lang := by_code.get(f"{language}-{region.casefold()}")):
        return lang
    if language == "es" and region:  # Spanish outside Spain: Discord's Latin American Spanish
        return LANGUAGES["es-419"]
    # Otherwise the language's first variety: "fr_BE" → fr, "en_AU" → en-US, "pt_PT" → pt-BR.
    return by_code.get(language) or next(
        (lang for code, lang in LANGUAGES.items() if code.split("-", 1)[0].casefold() == language), None)


def ensure_token(settings: Settings, *, book: Phrasebook | None = None) -> Settings:
    """*settings* with a token: as given, or asked for in a terminal, checked, and saved in .env.

    Raises :class:`ConfigError` (no terminal, or refused too often) or :class:`StartupError`
    (cancelled, Discord unreachable, .env not writable); nothing is written unless Discord accepted.
    *book* is the language to speak (default: the operator's, :func:`operator_language`).
    """
    if settings.token:
        return settings
    if sys.stdin is None or not sys.stdin.isatty():
        settings.require_token()  # raises the one-line error
    _ = book or phrasebook(operator_language())
    env_file = Path.cwd() / ".env"  # where load_settings reads it
    out = sys.stderr
    print(_("DISCORD_TOKEN is not set yet. Paste your bot's token: on the Developer Portal ({portal}) open your "
            "application's Bot page and press Reset Token. What you type is not shown.", portal=PORTAL),
          file=out, flush=True)
    prompt = _("Bot token: ")
    for attempt in range(1, MAX_TRIES + 1):
        try:
            token = getpass.getpass(prompt).strip()
        except EOFError:
            raise StartupError(_("no token entered; nothing was written."), exit_code=CONFIGURATION) from None
        except KeyboardInterrupt:
            print(file=out)
            raise StartupError(_("cancelled; nothing was written."), exit_code=INTERRUPTED) from None
        if not token:
            print(_("Nothing was entered."), file=out, flush=True)
            continue
        if token_problem(token):  # the one slip token_problem knows, said as a whole sentence here
            print(_("That looks malformed: give the bare token from the Developer Portal's Bot page, without "
                    "quotes, spaces or a 'Bot ' prefix."), file=out, flush=True)
            continue
        try:
            me = asyncio.run(fetch_bot_user(settings.api_base or DISCORD_API, token, book=_))
        except TokenRefused:
            left = MAX_TRIES - attempt
            refused = (_.plural("Discord refused that token; try again ({n} try left).",
                                "Discord refused that token; try again ({n} tries left).", left)
                       if left else _("Discord refused that token."))
            print(refused, file=out, flush=True)
            continue
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise unreachable(network_problem(exc) or str(exc), settings) from None
        save_token(env_file, token, book=_)
        name = me.get("username")
        saved = (_("Discord knows this token: it is {name}'s. Saved it in {path} (readable only by you).",
                   name=name, path=env_file) if name else
                 _("Discord knows this token. Saved it in {path} (readable only by you).", path=env_file))
        print(saved, file=out, flush=True)
        return dataclasses.replace(settings, token=token)
    raise ConfigError(_.plural(
        "no token Discord accepts after {n} try; nothing was written. Press Reset Token on the Bot page for a "
        "fresh one, then run again.",
        "no token Discord accepts after {n} tries; nothing was written. Press Reset Token on the Bot page for a "
        "fresh one, then run again.", MAX_TRIES))


async def fetch_bot_user(
    api_base: str, token: str, *, timeout: float = 15.0, book: Phrasebook | None = None,
) -> dict[str, Any]:
    """The bot user *token* belongs to, from ``GET /users/@me``; raises :class:`TokenRefused` on 401."""
    _ = book or phrasebook(DEFAULT)
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
            raise StartupError(_("Discord answered HTTP {status} to GET /users/@me while checking the token; "
                                 "nothing was written. Try again later.", status=response.status))
        payload = await response.json(content_type=None)
    return payload if isinstance(payload, dict) else {}


def save_token(path: Path, token: str, *, book: Phrasebook | None = None) -> None:
    """Set the DISCORD_TOKEN line of the .env at *path* (created if missing), keeping every other line.

    The file is written beside itself and renamed over it, so a crash leaves the old one whole, and it
    is created with mode 0600 from the start, so the token is never readable by others, not even briefly.
    """
    _ = book or phrasebook(DEFAULT)
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    except (OSError, UnicodeDecodeError) as exc:
        raise StartupError(_("cannot read {path}: {problem}; nothing was written.", path=path, problem=exc)) from None
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
        raise StartupError(_("cannot write {path}: {problem}; put the token in it yourself as DISCORD_TOKEN=…",
                             path=path, problem=exc.strerror)) from None
