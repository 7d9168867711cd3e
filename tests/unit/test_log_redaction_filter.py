"""RedactPayloads, record by record: what discord.py and aiosqlite log keeps ids and drops the rest."""

from __future__ import annotations

import functools
import logging
import sqlite3

import pytest

from bot.startup import RedactPayloads

TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQ"
URL = f"https://discord.com/api/v10/interactions/123/{TOKEN}/callback"
SECRET = "a comment's own words"


def _record(name: str, level: int, msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, args, None)


@pytest.mark.parametrize("record", [
    _record("discord.gateway", logging.DEBUG, "For Shard ID %s: WebSocket Event: %s", None,
            {"op": 0, "t": "INTERACTION_CREATE", "s": 3, "d": {"id": "9", "token": TOKEN, "data": {"x": SECRET}}}),
    _record("discord.gateway", logging.DEBUG, "For Shard ID %s: WebSocket Event: %s", None,
            {"op": 0, "t": "MESSAGE_CREATE", "s": 4, "d": {"id": "9", "channel_id": "8", "content": SECRET}}),
    _record("discord.http", logging.DEBUG, "%s %s with %s has returned %s", "POST", URL,
            f'{{"content": "{SECRET}"}}', 204),
    _record("discord.http", logging.DEBUG, "%s %s has received %s", "GET", URL, {"content": SECRET}),
    _record("discord.http", logging.WARNING,
            "We are being rate limited. %s %s responded with 429. Retrying in %.2f seconds.", "POST", URL, 1.5),
    _record("discord.webhook.async_", logging.DEBUG, "Webhook ID %s with %s %s has returned status code %s",
            123, "POST", f"https://discord.com/api/v10/webhooks/123/{TOKEN}", 200),
    _record("aiosqlite", logging.DEBUG, "executing %s",
            functools.partial(sqlite3.Connection.execute, "INSERT INTO comments (content) VALUES (?)", (SECRET,))),
])
def test_a_record_keeps_no_token_and_no_content(record: logging.LogRecord) -> None:
    assert RedactPayloads().filter(record)
    message = record.getMessage()
    assert TOKEN not in message and SECRET not in message
    assert "123" in message or "9" in message or "INSERT INTO comments" in message  # the ids (or SQL) stay
