"""Point discord.py at a Discord-compatible API instead of discord.com.

discord.py builds every REST URL from ``Route.BASE`` and, for a plain ``Client`` or ``Bot``,
dials ``DiscordWebSocket.DEFAULT_GATEWAY`` without ever asking ``GET /gateway``. Redirecting a bot
therefore means changing both: the REST base, and the gateway URL that the server's own
``GET /gateway`` names. Both are class attributes, so this is process-wide, which is what a bot
process wants.
"""

from __future__ import annotations

import logging

import aiohttp
import discord.gateway
import discord.http
import yarl

log = logging.getLogger(__name__)


class ApiBaseError(RuntimeError):
    """The configured API base could not be used."""


async def discover_gateway(api_base: str, *, timeout: float = 10.0) -> str:
    """Ask the server at *api_base* which gateway URL to connect to."""
    url = api_base.rstrip("/") + "/gateway"
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session,
            session.get(url) as response,
        ):
            if response.status != 200:
                raise ApiBaseError(f"GET {url} answered HTTP {response.status}")
            payload = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError) as exc:
        raise ApiBaseError(f"cannot reach {url}: {exc}") from exc
    gateway = payload.get("url") if isinstance(payload, dict) else None
    if not isinstance(gateway, str) or not gateway.startswith(("ws://", "wss://")):
        raise ApiBaseError(f"GET {url} did not name a ws:// or wss:// gateway URL")
    return gateway


async def use_api_base(api_base: str) -> str:
    """Redirect discord.py's REST and gateway traffic to *api_base*; return the gateway URL."""
    gateway = await discover_gateway(api_base)
    discord.http.Route.BASE = api_base.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    log.info("Using the Discord-compatible API at %s (gateway %s)", api_base, gateway)
    return gateway
