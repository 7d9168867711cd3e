"""A fresh PostgreSQL schema per test, when REVIEWBOT_TEST_POSTGRES names a server (see README, Testing).

Each test gets its own schema (a search_path set through the URL's libpq ``options``), so tests
never see each other's rows and the server needs no database per test; the schema is dropped after.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator
from urllib.parse import urlencode, urlsplit, urlunsplit

import asyncpg

ENV = "REVIEWBOT_TEST_POSTGRES"


def configured() -> str | None:
    return os.environ.get(ENV) or None


def backends() -> list[str]:
    """The store backends a test runs on: SQLite always, PostgreSQL as well when configured."""
    return ["sqlite", "postgresql"] if configured() else ["sqlite"]


def _with_search_path(url: str, schema: str) -> str:
    parts = urlsplit(url)
    # libpq's own spelling (which asyncpg sends on as a startup parameter too), so pg_dump takes the URL as well
    query = "&".join(filter(None, [parts.query, urlencode({"options": f"-csearch_path={schema}"})]))
    return urlunsplit(parts._replace(query=query))


@contextlib.asynccontextmanager
async def fresh_schema(base: str | None = None) -> AsyncIterator[str]:
    """A URL of *base* (default: the configured server) whose tables live in a new, empty schema."""
    base = base or configured()
    assert base, f"{ENV} is not set"
    schema = f"t_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(base)
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield _with_search_path(base, schema)
        finally:
            await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await admin.close()
