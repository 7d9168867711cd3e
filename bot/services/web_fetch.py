"""Fetching what a member points the bot at (a feed, a blog's API) without letting it reach inside.

Anyone can add a feed in a server they own, so every fetch is treated as hostile: http(s) only; every
address a host name resolves to must be public (no loopback, private, link-local, multicast or
reserved range) unless the operator allows private feeds (REVIEWBOT_ALLOW_PRIVATE_FEEDS=1, which the
tests set) — checked by the connector's own resolver, so a name cannot resolve one way for the check
and another for the connection; redirects are followed by hand a few times, each one checked again;
a time-out, a size cap and the expected content type bound what is read. Conditional requests
(ETag, Last-Modified) make an unchanged feed cost one 304.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.domain.problems import ProblemError
from bot.domain.problems import marked as _

__all__ = ["FetchError", "Fetched", "PublicResolver", "check_url", "fetch", "make_session"]

TIMEOUT = 15.0
MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 3
USER_AGENT = "Reviewbot (a Discord bot for film-review communities; feed reader)"
FEED_TYPES = ("xml", "rss", "atom", "text/plain")
JSON_TYPES = ("json",)


class FetchError(ProblemError):
    """The fetch failed; the message says why in words a reviewer can act on (its ``problem``, in any language)."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 (unchanged since the ETag / Last-Modified given)
    data: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    headers: dict[str, str]


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified)


class PublicResolver(AbstractResolver):
    """Resolves as usual, then refuses the host if any address it names is not public."""

    def __init__(self, *, allow_private: bool = False) -> None:
        self._inner = DefaultResolver()
        self.allow_private = allow_private

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
                      ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if not self.allow_private:
            refused = [r["host"] for r in results if not _public(r["host"])]
            if refused:
                raise OSError(f"{host} is a private or local address ({refused[0]})")
        return results

    async def close(self) -> None:
        await self._inner.close()


def check_url(url: str, *, allow_private: bool = False) -> str:
    """*url* if it is an absolute http(s) URL with a host, else a FetchError saying what is wrong.

    A host written as an address is checked here (a connection to it asks no resolver).
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(_("only http:// and https:// addresses can be followed"))
    if not parts.hostname:
        raise FetchError(_("the address names no host"))
    if parts.username or parts.password:
        raise FetchError(_("addresses with a user name or password are not followed"))
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        literal = None
    if literal is not None and not allow_private and not _public(str(literal)):
        raise FetchError(_("{host} is a private or local address"), host=parts.hostname)
    return url.strip()


def make_session(*, allow_private: bool = False) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(resolver=PublicResolver(allow_private=allow_private), limit=20,
                                     limit_per_host=2, ttl_dns_cache=60)
    return aiohttp.ClientSession(connector=connector, headers={"User-Agent": USER_AGENT})


async def fetch(
    session: aiohttp.ClientSession, url: str, *, accept: tuple[str, ...] = FEED_TYPES, etag: str | None = None,
    last_modified: str | None = None, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES,
    allow_private: bool = False,
) -> Fetched:
    """GET *url* under the rules above; 304 when unchanged since *etag* / *last_modified*."""
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = check_url(url, allow_private=allow_private)
    try:
        async with asyncio.timeout(timeout):
            for _redirect in range(MAX_REDIRECTS + 1):
                async with session.get(current, headers=headers, allow_redirects=False) as response:
                    if response.status in (301, 302, 303, 307, 308):
                        location = response.headers.get("Location")
                        if not location:
                            raise FetchError(_("the server answered {status} without saying where to"),
                                             status=response.status)
                        current = check_url(urljoin(current, location), allow_private=allow_private)
                        continue
                    return await _read(response, current, accept, max_bytes)
            raise FetchError(_("more than {count} redirects"), count=MAX_REDIRECTS)
    except TimeoutError:
        raise FetchError(_("no complete answer within {seconds} seconds"), seconds=f"{timeout:.0f}") from None
    except aiohttp.ClientConnectorError as exc:
        raise _connect_problem(exc) from None
    except aiohttp.ClientError as exc:
        raise FetchError(_("the connection failed ({kind})"), kind=type(exc).__name__) from None


def _connect_problem(exc: aiohttp.ClientConnectorError) -> FetchError:
    cause: Any = exc.os_error
    if "private or local address" in str(cause):  # the resolver's refusal
        return FetchError(_("{host} is a private or local address"), host=exc.host)
    if isinstance(cause, socket.gaierror):
        return FetchError(_("{host} does not resolve"), host=exc.host)
    if isinstance(cause, ConnectionRefusedError):
        return FetchError(_("{host} refused the connection"), host=exc.host)
    return FetchError(_("cannot connect to {host}"), host=exc.host)


async def _read(response: aiohttp.ClientResponse, url: str, accept: tuple[str, ...], max_bytes: int) -> Fetched:
    headers = dict(response.headers.items())
    if response.status == 304:
        return Fetched(url, 304, b"", None, response.headers.get("ETag"), response.headers.get("Last-Modified"),
                       headers)
    if response.status != 200:
        raise FetchError(_("the server answered HTTP {status}"), status=response.status)
    content_type = response.headers.get("Content-Type", "")
    if content_type and not any(kind in content_type.lower() for kind in accept):
        kind = content_type.split(";")[0]
        if accept == FEED_TYPES:
            raise FetchError(_("the server sent {kind}, not a feed"), kind=kind)
        raise FetchError(_("the server sent {kind}, not what was asked for"), kind=kind)
    declared = response.content_length
    if declared is not None and declared > max_bytes:
        raise FetchError(_("the answer is {size} MB, over the {limit} MB limit"), size=f"{declared / 1e6:.1f}",
                         limit=f"{max_bytes / 1e6:.0f}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(_("the answer is over the {limit} MB limit"), limit=f"{max_bytes / 1e6:.0f}")
        chunks.append(chunk)
    return Fetched(url, 200, b"".join(chunks), content_type or None, response.headers.get("ETag"),
                   response.headers.get("Last-Modified"), headers)
