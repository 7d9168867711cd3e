"""``LoopbackDiscord``: the aiohttp server that ties state, gateway, REST and interactions together.

Usage::

    async with LoopbackDiscord() as server:
        drv = server.driver
        app = drv.create_application("Reviewbot")
        guild = drv.create_guild("Film club")
        await drv.add_bot(guild, app)
        await use_api_base(server.api_base)   # bot.api_base
        await bot.start(app.token)
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import TYPE_CHECKING

from aiohttp import web

from .driver import Driver
from .gateway import Gateway
from .interactions import Interactions
from .log import DispatchRecord, RecordLog, RequestRecord
from .messages import Messages
from .ratelimits import RateLimits, env_enabled
from .rest import Rest, json_response
from .state import State

if TYPE_CHECKING:
    from .openapi import Mismatch, Spec

log = logging.getLogger(__name__)


class LoopbackDiscord:
    """A Discord-compatible server on 127.0.0.1 for discord.py bots under test."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        heartbeat_interval: int = 41250,
        ack_deadline: float = 3.0,
        token_lifetime: float = 15 * 60,
        check_spec: bool | None = None,
        rate_limits: bool | RateLimits | None = None,
    ) -> None:
        """*check_spec*: hold every exchange to Discord's OpenAPI specification (:mod:`.openapi`).

        ``None`` checks when jsonschema (a test dependency) is installed, so that ``reviewbot
        sandbox`` runs without it; the test fixtures insist that :attr:`spec` is set.

        *rate_limits*: answer as Discord does past its rate limits (:mod:`.ratelimits`): True for
        Discord's, a :class:`RateLimits` for others, None for what ``REVIEWBOT_SANDBOX_RATE_LIMITS``
        says (off unless it is ``1``). Off, every request is answered at once.
        """
        self.host = host
        self.port = port
        self.state = State()
        self.gateway = Gateway(self.state, heartbeat_interval=heartbeat_interval)
        self.messages = Messages(self.state, self.gateway)
        self.interactions = Interactions(
            self.state, self.messages, ack_deadline=ack_deadline, token_lifetime=token_lifetime
        )
        self.rest = Rest(self.state, self.gateway, self.messages, self.interactions)
        if rate_limits is None:
            rate_limits = env_enabled()
        if rate_limits is not False:
            self.rest.rate_limits = rate_limits if isinstance(rate_limits, RateLimits) else RateLimits()
        self.driver = Driver(self.state, self.gateway, self.messages, self.rest, self.interactions)
        self.spec: Spec | None = None
        if check_spec is not False:
            try:
                from . import openapi  # lazily: jsonschema is a test dependency
            except ImportError:
                if check_spec:
                    raise
                log.debug("jsonschema is not installed: exchanges are not checked against Discord's spec")
            else:
                self.spec = openapi.load()
        self.rest.spec = self.gateway.spec = self.spec
        self.gateway.spec_mismatches = self.rest.spec_mismatches  # one list: REST answers and dispatches
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> LoopbackDiscord:
        app = web.Application(client_max_size=100 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._attachment)
        app.router.add_route("*", "/{tail:.*}", self.rest.handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self._site = site
        sockets = site._server.sockets if site._server else []  # type: ignore[union-attr]
        self.port = sockets[0].getsockname()[1]
        self.state.public_base = self.base_url
        self.gateway.url = f"ws://{self.host}:{self.port}/gateway"
        return self

    async def go_offline(self) -> None:
        """The network to this server goes down: new connections are refused, open ones are cut.

        REST keep-alive connections and gateway websockets are closed without a close frame, the way
        a lost network looks to a client (discord.py sees code 1006 and tries to RESUME). Sessions are
        kept, as Discord keeps them for a while, so after :meth:`go_online` a bot RESUMEs its session.
        """
        if self._site is not None:
            await self._site.stop()
            self._site = None
        if self._runner is not None and self._runner.server is not None:
            for handler in self._runner.server.connections:
                handler.force_close()

    async def go_online(self) -> None:
        """The network is back: listen again, on the same port."""
        if self._site is None and self._runner is not None:
            site = web.TCPSite(self._runner, self.host, self.port)
            await site.start()
            self._site = site

    async def stop(self) -> None:
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LoopbackDiscord:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # -- addresses and logs ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """What ``bot.api_base.use_api_base`` takes, e.g. ``http://127.0.0.1:PORT/api/v10``."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.gateway.url

    @property
    def requests(self) -> RecordLog[RequestRecord]:
        return self.rest.requests

    @property
    def dispatches(self) -> RecordLog[DispatchRecord]:
        return self.gateway.dispatches

    @property
    def rate_limits(self) -> RateLimits | None:
        """The rate limits in force, or None when they are off."""
        return self.rest.rate_limits

    @rate_limits.setter
    def rate_limits(self, limits: RateLimits | None) -> None:
        """Turn the limits on (or off, with None) while running, e.g. after a fixture started the server."""
        self.rest.rate_limits = limits

    @property
    def rate_limited(self) -> list[tuple[str, str, str]]:
        """(method, path, scope) of every 429 this server sent: benchmarks and tests count them."""
        return self.rest.rate_limited

    @property
    def unknown_routes(self) -> list[tuple[str, str]]:
        return self.rest.unknown_routes

    @property
    def spec_mismatches(self) -> list[Mismatch]:
        """How accepted requests, the answers and the dispatches differ from Discord's specification."""
        return self.rest.spec_mismatches

    @property
    def errors(self) -> list[tuple[str, str, str]]:
        """Requests the server could not make sense of: (method, path, traceback); answered 400."""
        return self.rest.errors

    async def _attachment(self, request: web.Request) -> web.StreamResponse:
        found = self.state.files.get(request.match_info["attachment_id"])
        if found is None or found[0] != request.match_info["filename"]:
            return json_response({"message": "404: Not Found", "code": 0}, 404)
        _, content_type, data = found
        return web.Response(body=data, headers={"Content-Type": content_type})
