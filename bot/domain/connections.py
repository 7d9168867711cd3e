"""When each gateway shard was last known connected, so a fresh session knows how far back to look.

Posting in an archived thread unarchives it, so a thread archived before a shard was last connected has
had nothing said in it since: catch-up reads each channel's archived listing only back to that moment.
The log is kept per shard, because one shard can be away while the others stay connected.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

__all__ = ["ConnectionLog"]


@dataclass(frozen=True)
class ConnectionLog:
    """shard id → the last moment that shard was connected and caught up, for one shard count."""

    times: dict[int, dt.datetime] = field(default_factory=dict)
    shard_count: int | None = None

    @classmethod
    def parse(cls, raw: str | None) -> ConnectionLog:
        """Read what :meth:`dumps` wrote; anything unreadable is an empty log (catch-up then asks more)."""
        if not raw:
            return cls()
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):  # an older single timestamp, or junk
                raise ValueError(raw)
            times = {int(shard): _aware(dt.datetime.fromisoformat(when)) for shard, when in data["times"].items()}
            count = data.get("shard_count")
            return cls(times, int(count) if count is not None else None)
        except (ValueError, TypeError, KeyError, AttributeError, json.JSONDecodeError):
            return cls._legacy(raw)

    @classmethod
    def _legacy(cls, raw: str) -> ConnectionLog:
        """A bare timestamp (one connection for the whole bot) counts for every shard."""
        try:
            when = _aware(dt.datetime.fromisoformat(raw))
        except (ValueError, TypeError):
            return cls()
        return cls({-1: when}, None)

    def since(self, shard_id: int, shard_count: int) -> dt.datetime | None:
        """When *shard_id* was last connected; None when unknown (then every unknown thread is asked for).

        With another shard count the guilds were spread differently, so the oldest time of any shard is
        the only safe answer.
        """
        if self.shard_count == shard_count:
            return self.times.get(shard_id)  # a shard never seen connected: unknown
        return min(self.times.values()) if self.times else None

    def connected(self, shards: set[int], shard_count: int, when: dt.datetime) -> ConnectionLog:
        """The log after *shards* were seen connected at *when*; the others keep their older times."""
        if self.shard_count == shard_count:
            times = dict(self.times)
        else:  # a new spread of guilds: every shard not yet seen inherits the oldest known time
            oldest = min(self.times.values()) if self.times else None
            times = dict.fromkeys(range(shard_count), oldest) if oldest is not None else {}
        for shard in shards:
            times[shard] = when
        return ConnectionLog(times, shard_count)

    def dumps(self) -> str:
        return json.dumps({"shard_count": self.shard_count,
                           "times": {str(shard): when.isoformat() for shard, when in sorted(self.times.items())}})


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
