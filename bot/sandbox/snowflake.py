"""Snowflake ids on Discord's epoch (2015-01-01T00:00:00Z)."""

from __future__ import annotations

import datetime
import itertools
import time

DISCORD_EPOCH_MS = 1420070400000


class SnowflakeGenerator:
    """Hands out strictly increasing snowflakes built from the current time, as Discord does.

    Ids are returned as ``str``, the form Discord uses on the wire.
    """

    def __init__(self, worker_id: int = 1, process_id: int = 0) -> None:
        self._worker = worker_id & 0x1F
        self._process = process_id & 0x1F
        self._increment = itertools.count()
        self._last = 0

    def next_int(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = (ms << 22) | (self._worker << 17) | (self._process << 12) | (next(self._increment) & 0xFFF)
        if value <= self._last:
            value = self._last + 1
        self._last = value
        return value

    def next(self) -> str:
        return str(self.next_int())

    def next_on_shard(self, shard_id: int, shard_count: int) -> str:
        """The next snowflake whose guild would go to shard *shard_id* of *shard_count*.

        Discord routes a guild by ``(id >> 22) % shard_count``, the id's milliseconds; this moves
        at most ``shard_count - 1`` ms ahead, so tests can place guilds on the shards they need.
        """
        value = self.next_int()
        ms = value >> 22
        ms += (shard_id - ms) % shard_count
        value = max(value, ms << 22)
        self._last = value
        return str(value)


def snowflake_time(snowflake: int | str) -> datetime.datetime:
    """The creation time encoded in *snowflake*."""
    ms = (int(snowflake) >> 22) + DISCORD_EPOCH_MS
    return datetime.datetime.fromtimestamp(ms / 1000, tz=datetime.UTC)


def iso_now() -> str:
    """The current time as Discord formats timestamps."""
    return datetime.datetime.now(datetime.UTC).isoformat()
