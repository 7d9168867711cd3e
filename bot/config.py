"""Configuration, read once from the environment (with ``.env`` in the working directory loaded first).

The environment wins over ``.env``. Every problem becomes a :class:`ConfigError` whose message is one
line saying what is wrong and how to fix it; the CLI prints that line instead of a traceback.
The token is kept out of ``repr`` so that it can never end up in a log line by accident.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlparse, urlsplit

from dotenv import load_dotenv

from bot.db.database import redact_url

DEFAULT_DB_PATH = Path("data/reviewbot.db")
DEFAULT_TMDB_API_BASE = "https://api.themoviedb.org/3"
_TMDB_KEY = re.compile(r"[0-9a-f]{32}")
_JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
#: REVIEWBOT_SHARDS: ``FIRST-LAST/COUNT`` or ``ID/COUNT`` (ids count from 0)
_SHARDS = re.compile(r"(\d+)(?:-(\d+))?/(\d+)")


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    token: str | None = field(repr=False)
    db_path: Path = DEFAULT_DB_PATH
    api_base: str | None = None
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    #: (shard ids, shard count) from REVIEWBOT_SHARDS; None: as many shards as Discord recommends
    shards: tuple[tuple[int, ...], int] | None = None
    #: REVIEWBOT_DB as a PostgreSQL URL (it holds the password: kept out of ``repr``); None: SQLite at db_path
    db_url: str | None = field(default=None, repr=False)
    #: TMDB_API_KEY (v3) and TMDB_READ_TOKEN (v4): either turns TMDB on; both secrets, kept out of ``repr``
    tmdb_api_key: str | None = field(default=None, repr=False)
    tmdb_read_token: str | None = field(default=None, repr=False)
    tmdb_api_base: str = DEFAULT_TMDB_API_BASE

    @property
    def tmdb_enabled(self) -> bool:
        return bool(self.tmdb_api_key or self.tmdb_read_token)
    #: REVIEWBOT_TITLE_INDEX: the shared catalogue's title index file; None: beside a SQLite database,
    #: and for PostgreSQL none (the catalogue is indexed in memory at each start)
    title_index_path: Path | None = None
    #: REVIEWBOT_ALLOW_PRIVATE_FEEDS=1: feeds on loopback and private addresses may be followed (tests, a LAN)
    allow_private_feeds: bool = False

    @property
    def db_target(self) -> Path | str:
        """What :meth:`bot.db.Store.open` takes: the PostgreSQL URL, else the SQLite file."""
        return self.db_url or self.db_path

    @property
    def db_label(self) -> str:
        """The database as messages and logs may name it: never with its password."""
        return redact_url(self.db_url) if self.db_url else str(self.db_path)

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "DISCORD_TOKEN is not set: put your bot token in the environment or in a .env file "
                "(copy .env.example to .env and fill it in)."
            )
        return self.token


def token_problem(token: str) -> str | None:
    """Why *token* cannot be a bot token as pasted (the words follow "DISCORD_TOKEN"), or None.

    Shared by the settings and the first-run prompt, so both refuse the same slips the same way.
    """
    if any(ch.isspace() for ch in token) or token.lower().startswith("bot ") or token.startswith(("'", '"')):
        return ("looks malformed: give the bare token from the Developer Portal's Bot page, "
                "without quotes, spaces or a 'Bot ' prefix")
    return None


def load_settings(environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Build the settings from *environ* (default: ``os.environ`` after loading ``.env``)."""
    if environ is None:
        if dotenv:
            load_dotenv(Path.cwd() / ".env", override=False)
        environ = os.environ

    token = (environ.get("DISCORD_TOKEN") or "").strip() or None
    if token is not None and (problem := token_problem(token)):
        raise ConfigError(f"DISCORD_TOKEN {problem}.")

    db_raw = (environ.get("REVIEWBOT_DB") or "").strip()
    db_url: str | None = None
    if db_raw.lower().startswith(POSTGRES_SCHEMES):
        db_url = check_db_url(db_raw)
        db_path = DEFAULT_DB_PATH
    else:
        db_path = Path(db_raw).expanduser() if db_raw else DEFAULT_DB_PATH
        if db_path.exists() and db_path.is_dir():
            raise ConfigError(f"REVIEWBOT_DB={db_raw} is a directory: give the path of a database file.")

    api_base = (environ.get("DISCORD_API_BASE") or "").strip() or None
    if api_base is not None:
        parsed = urlparse(api_base)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigError(
                f"DISCORD_API_BASE={api_base!r} is not an http(s) URL: use something like "
                "http://127.0.0.1:8123/api/v10, or leave it unset to talk to Discord."
            )
        api_base = api_base.rstrip("/")

    guild_raw = (environ.get("REVIEWBOT_DEV_GUILD") or "").strip()
    dev_guild_id: int | None = None
    if guild_raw:
        if not guild_raw.isdigit() or not 15 <= len(guild_raw) <= 21:
            raise ConfigError(
                f"REVIEWBOT_DEV_GUILD={guild_raw!r} is not a guild id: right-click the server in Discord "
                "(with Developer Mode on), choose Copy Server ID, or leave it unset to sync globally."
            )
        dev_guild_id = int(guild_raw)

    level = (environ.get("LOG_LEVEL") or "INFO").strip().upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={level!r} is not one of {', '.join(LOG_LEVELS)}.")

    index_raw = (environ.get("REVIEWBOT_TITLE_INDEX") or "").strip()
    title_index_path = Path(index_raw).expanduser() if index_raw else None
    if title_index_path is not None and title_index_path.is_dir():
        raise ConfigError(f"REVIEWBOT_TITLE_INDEX={index_raw} is a directory: give the path of a file "
                          "(it is created at the first start).")
    if title_index_path is not None and not db_url and title_index_path.resolve() == db_path.resolve():
        raise ConfigError(f"REVIEWBOT_TITLE_INDEX={index_raw} is the database itself: give another file.")

    shards = parse_shards((environ.get("REVIEWBOT_SHARDS") or "").strip())
    tmdb_api_key, tmdb_read_token, tmdb_api_base = parse_tmdb(environ)
    private_raw = (environ.get("REVIEWBOT_ALLOW_PRIVATE_FEEDS") or "0").strip().lower()
    if private_raw not in ("0", "1", "false", "true", "no", "yes"):
        raise ConfigError(f"REVIEWBOT_ALLOW_PRIVATE_FEEDS={private_raw!r} is not 0 or 1.")
    allow_private_feeds = private_raw in ("1", "true", "yes")

    return Settings(token=token, db_path=db_path, api_base=api_base, dev_guild_id=dev_guild_id, log_level=level,
                    shards=shards, db_url=db_url, tmdb_api_key=tmdb_api_key, tmdb_read_token=tmdb_read_token,
                    tmdb_api_base=tmdb_api_base, allow_private_feeds=allow_private_feeds,
                    title_index_path=title_index_path)


POSTGRES_SCHEMES = ("postgresql://", "postgres://")
#: libpq's sslmode values, which asyncpg takes as well
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def check_db_url(raw: str) -> str:
    """A PostgreSQL URL in REVIEWBOT_DB, checked well enough that a slip is one clear line, not a traceback.

    The message names the URL without its password.
    """
    shown = redact_url(raw)
    how = "use postgresql://USER:PASSWORD@HOST:5432/DATABASE (optionally ?sslmode=require)"
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise ConfigError(f"REVIEWBOT_DB={shown} is not a valid PostgreSQL URL ({exc}): {how}.") from None
    if not parts.hostname:
        raise ConfigError(f"REVIEWBOT_DB={shown} names no server: {how}.")
    if port is not None and not 0 < port < 65536:
        raise ConfigError(f"REVIEWBOT_DB={shown} has port {port}, which is not a TCP port: {how}.")
    if not parts.path.strip("/"):
        raise ConfigError(f"REVIEWBOT_DB={shown} names no database: {how}.")
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "sslmode" and value not in SSL_MODES:
            raise ConfigError(f"REVIEWBOT_DB={shown} has sslmode={value!r}; use one of {', '.join(SSL_MODES)}.")
    return raw


def parse_tmdb(environ: Mapping[str, str]) -> tuple[str | None, str | None, str]:
    """TMDB_API_KEY, TMDB_READ_TOKEN and TMDB_API_BASE, each checked; the messages never echo a secret."""
    key = (environ.get("TMDB_API_KEY") or "").strip() or None
    token = (environ.get("TMDB_READ_TOKEN") or "").strip() or None
    where = "TMDB's API settings page (themoviedb.org → Settings → API)"
    if key is not None and not _TMDB_KEY.fullmatch(key):
        raise ConfigError(f"TMDB_API_KEY is not a TMDB v3 API key (32 hexadecimal digits): copy the \"API Key\" "
                          f"from {where}, or unset it.")
    if token is not None and (not _JWT.fullmatch(token.removeprefix("Bearer ")) or token.startswith("Bearer ")):
        raise ConfigError(f"TMDB_READ_TOKEN is not a TMDB v4 read access token (a long eyJ… token, without "
                          f"\"Bearer \"): copy the \"API Read Access Token\" from {where}, or unset it.")
    base = (environ.get("TMDB_API_BASE") or "").strip() or DEFAULT_TMDB_API_BASE
    parsed = urlparse(base)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"TMDB_API_BASE={base!r} is not an http(s) URL: use something like "
                          f"{DEFAULT_TMDB_API_BASE}, or leave it unset.")
    return key, token, base.rstrip("/")


def parse_shards(raw: str) -> tuple[tuple[int, ...], int] | None:
    """REVIEWBOT_SHARDS as (shard ids, shard count), or None when unset.

    Several processes can split one bot's shards between them (``0-3/8`` here, ``4-7/8`` on another
    machine), so the count is always given with the ids: Discord routes each guild to shard
    ``(guild_id >> 22) % count``, and every process must agree on the count.
    """
    if not raw:
        return None
    how = "use FIRST-LAST/COUNT or ID/COUNT, for example 0-3/8 (shards 0 to 3 of 8), or leave it unset"
    match = _SHARDS.fullmatch(raw)
    if match is None:
        raise ConfigError(f"REVIEWBOT_SHARDS={raw!r} is not a shard range: {how}.")
    first, last, count = int(match[1]), int(match[2] if match[2] is not None else match[1]), int(match[3])
    if count < 1 or first > last or last >= count:
        raise ConfigError(
            f"REVIEWBOT_SHARDS={raw!r} names shards outside 0 to {max(count - 1, 0)} of {count} "
            f"(ids count from 0 and the first must not exceed the last): {how}."
        )
    return tuple(range(first, last + 1)), count
