"""Append-only records that tests can wait on: the REST request log and the gateway dispatch log."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass
class RequestRecord:
    """One REST call made to the server."""

    method: str
    path: str
    query: dict[str, str]
    #: the JSON body, or the ``payload_json`` part of a multipart body
    json: Any
    #: uploaded files: ``{"field": "files[0]", "filename": ..., "content_type": ..., "size": ...}``
    files: list[dict[str, Any]]
    status: int = 0
    #: the route template that matched, e.g. ``/channels/{channel_id}/messages``; None if unknown
    route: str | None = None
    #: id of the application whose bot token authorised the call (None for webhooks and interactions)
    app_id: str | None = None
    response: Any = None
    #: when the server received it (``time.monotonic()``): how fast a bot sends, seen from Discord's side
    at: float = field(default_factory=time.monotonic)


@dataclass
class DispatchRecord:
    """One gateway dispatch as it was queued for one session."""

    app_id: str
    session_id: str
    event: str
    data: Any
    seq: int


@dataclass
class _Waiter(Generic[T]):
    predicate: Callable[[T], bool]
    future: asyncio.Future[T] = field(repr=False)


class RecordLog(Generic[T]):
    """A list of records with ``await log.wait_for(predicate)``."""

    def __init__(self) -> None:
        self.records: list[T] = []
        self._waiters: list[_Waiter[T]] = []

    def __iter__(self) -> Iterator[T]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, index: int) -> T:
        return self.records[index]

    def append(self, record: T) -> None:
        self.records.append(record)
        for waiter in list(self._waiters):
            if waiter.future.done():
                self._waiters.remove(waiter)
                continue
            try:
                matched = waiter.predicate(record)
            except Exception as exc:  # a broken predicate should fail the waiting test, not the server
                waiter.future.set_exception(exc)
                self._waiters.remove(waiter)
                continue
            if matched:
                waiter.future.set_result(record)
                self._waiters.remove(waiter)

    async def wait_for(self, predicate: Callable[[T], bool], timeout: float = 5.0, *, include_past: bool = True) -> T:
        """The first record (already logged if *include_past*, else future) matching *predicate*."""
        if include_past:
            for record in self.records:
                if predicate(record):
                    return record
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(predicate, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def clear(self) -> None:
        self.records.clear()
