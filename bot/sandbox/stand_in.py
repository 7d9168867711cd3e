"""What the loopback stand-ins for outside services share: an aiohttp app on a local port, as a context.

``async with`` starts the app on *host*:*port* (port 0: a free one, read back once listening) and
stops it on exit, so a test or the sandbox never leaves a server behind.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from aiohttp import web


class HttpStandIn:
    """An HTTP service on this machine; a subclass builds its routes in :meth:`build_app`."""

    host: str
    port: int

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    def build_app(self) -> web.Application:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        self._runner = web.AppRunner(self.build_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
