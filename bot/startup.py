"""Start-up failures and reconnects, each told in one line the operator can act on.

Before it serves, `reviewbot run` opens the database, reaches the API, logs in and connects, and each
step fails in a few well-known ways: a refused connection, a name that does not resolve, a refused
token, a privileged intent left off, a damaged or locked database. :func:`explain` turns those
exceptions into a :class:`StartupError` that says what failed and what to do, so the CLI prints one
line instead of a traceback. Anything not recognised here is a bug and keeps its traceback.

Once the bot is up, losing the network is not a failure: discord.py reconnects with exponential
back-off, but logs every attempt with a full traceback. :class:`OneLineReconnects` rewrites those
records into one line with the reason and the delay.
"""

from __future__ import annotations

import errno
import logging
from urllib.parse import urlparse

import aiohttp
import discord

from bot.api_base import ApiBaseError
from bot.config import Settings
from bot.db import DatabaseError

#: Exit statuses. 2: something to fix in the settings, the token, the Developer Portal or the database
#: path. 1: something was not available (the network, Discord, a database that is locked or damaged).
CONFIGURATION = 2
UNAVAILABLE = 1

PORTAL = "https://discord.com/developers/applications"

#: discord.Intents flag → its name on the Developer Portal's Bot page
PRIVILEGED_INTENTS = {
    "message_content": "Message Content Intent",
    "members": "Server Members Intent",
    "presences": "Presence Intent",
}


class StartupError(Exception):
    """Start-up failed in a way the operator can fix; the message is the one line to show."""

    def __init__(self, message: str, *, exit_code: int = UNAVAILABLE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def network_problem(exc: BaseException) -> str | None:
    """What went wrong on the network, in a few words ("127.0.0.1:9 refused the connection"), or None."""
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return f"the host name {exc.host} does not resolve"
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return f"the TLS certificate of {exc.host} was not accepted"
    if isinstance(exc, aiohttp.ClientConnectorError):
        if exc.os_error.errno == errno.ECONNREFUSED:
            return f"{exc.host}:{exc.port} refused the connection"
        return f"cannot connect to {exc.host}:{exc.port} ({exc.os_error.strerror or exc.os_error})"
    if isinstance(exc, TimeoutError):
        return "no answer in time"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the server closed the connection"
    if isinstance(exc, aiohttp.ClientError | OSError):
        return str(exc) or type(exc).__name__
    return None


def unreachable(problem: str, settings: Settings) -> StartupError:
    if settings.api_base:
        return StartupError(
            f"cannot reach the Discord-compatible API at {settings.api_base} ({problem}): start that server, "
            "or correct DISCORD_API_BASE (unset it to use Discord)."
        )
    return StartupError(
        f"cannot reach Discord ({problem}): check this machine's network connection and DNS, then run again."
    )


def privileged_intents_asked(intents: discord.Intents) -> list[str]:
    return [label for flag, label in PRIVILEGED_INTENTS.items() if getattr(intents, flag)]


def explain(
    exc: BaseException, settings: Settings, *, intents: discord.Intents, application_id: int | None = None
) -> StartupError | None:
    """The one line for a known start-up failure, or None when *exc* is not one (a bug)."""
    if isinstance(exc, StartupError):
        return exc
    if isinstance(exc, DatabaseError):
        return _database(exc)
    if isinstance(exc, discord.LoginFailure) or (isinstance(exc, discord.ConnectionClosed) and exc.code == 4004):
        return StartupError(
            "Discord refused the token in DISCORD_TOKEN: press Reset Token on your "
            f"application's Bot page at {PORTAL} and put the new token in .env.",
            exit_code=CONFIGURATION,
        )
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        asked = " and the ".join(privileged_intents_asked(intents)) or "a privileged intent"
        page = f"{PORTAL}/{application_id}/bot" if application_id else f"{PORTAL} (your application → Bot)"
        return StartupError(
            f"Discord refused the connection because the {asked} is not switched on for this bot: switch it "
            f"on under Privileged Gateway Intents at {page}, save, then run again.",
            exit_code=CONFIGURATION,
        )
    if isinstance(exc, discord.ConnectionClosed):
        reason = exc.reason or "no reason given"
        return StartupError(f"Discord closed the gateway connection with code {exc.code} ({reason}).")
    if isinstance(exc, discord.HTTPException):
        return _http(exc, settings)
    if isinstance(exc, ApiBaseError):
        problem = network_problem(exc.__cause__) if exc.__cause__ is not None else None
        if problem is not None:
            return unreachable(problem, settings)
        return StartupError(f"{exc}: check DISCORD_API_BASE (it should end in /api/v10), or unset it to use Discord.")
    # Only the network's own errors: an OSError from elsewhere (a file, say) is not "Discord unreachable".
    if isinstance(exc, aiohttp.ClientError | ConnectionError) and (problem := network_problem(exc)):
        return unreachable(problem, settings)
    return None


def _database(exc: DatabaseError) -> StartupError:
    match exc.kind:
        case "unopenable":
            return StartupError(f"{exc}; check that this user may create and write it, or set REVIEWBOT_DB to "
                                "another path.", exit_code=CONFIGURATION)
        case "locked":
            return StartupError(f"{exc}; another program (another Reviewbot, or an SQLite tool) holds a lock on it: "
                                "close it, then run again.")
        case "damaged":
            return StartupError(f"{exc}; it is damaged or not a Reviewbot database, and was left as it is: restore "
                                "a copy made with `reviewbot db backup`, or set REVIEWBOT_DB to a new path.")
    return StartupError(str(exc))


def _http(exc: discord.HTTPException, settings: Settings) -> StartupError:
    said = exc.text or (exc.response.reason if exc.response is not None else "") or "no details"
    route = urlparse(str(exc.response.url)).path if exc.response is not None else "a request"
    if exc.status in (403, 404) and settings.dev_guild_id and f"/guilds/{settings.dev_guild_id}/" in route:
        return StartupError(
            f"Discord answered HTTP {exc.status} ({said}) when syncing commands to REVIEWBOT_DEV_GUILD="
            f"{settings.dev_guild_id}: add the bot to that server (`reviewbot invite-url`), or correct or unset it.",
            exit_code=CONFIGURATION,
        )
    return StartupError(f"Discord answered HTTP {exc.status} ({said}) to {route} while starting.")


class OneLineReconnects(logging.Filter):
    """Turns discord.py's "Attempting a reconnect in 1.23s" record and its traceback into one line.

    A lost connection is expected now and then and is retried with back-off, so each attempt is worth a
    line (why, and when the next try is) at WARNING, not an ERROR with a traceback. Install it on the
    ``discord.client`` logger, which is where discord.py's connect loop logs.
    """

    RECORD = "Attempting a reconnect in %.2fs"

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg != self.RECORD or not record.exc_info:
            return True
        exc = record.exc_info[1]
        reason = None if exc is None else network_problem(exc)
        if reason is None and isinstance(exc, discord.ConnectionClosed):
            reason = f"the gateway closed with code {exc.code}"
        if reason is None:
            reason = type(exc).__name__ if exc is not None else "unknown"
        record.msg = "Lost the connection to Discord (%s); reconnecting in %.2fs"
        record.args = (reason, *(record.args or ()))
        record.exc_info = None
        record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class NoVoiceWarnings(logging.Filter):
    """Drops discord.py's start-up warnings that the voice libraries (PyNaCl, davey) are missing.

    Reviewbot never joins a voice channel, so those two WARNING lines on every start would only teach
    operators to ignore warnings. Install it on the ``discord.client`` logger.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in str(record.msg)
