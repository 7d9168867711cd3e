"""The layers' import rules hold for the whole tree, and each rule catches a forbidden import."""

from __future__ import annotations

import pytest

from tests import layers


def test_the_tree_keeps_every_import_rule() -> None:
    found = layers.project_violations()
    assert not found, "forbidden imports:\n" + "\n".join(found)


def test_the_loopback_servers_have_no_import_circle() -> None:
    circles = layers.cycles(layers.import_graph("bot.sandbox"))
    assert not circles, "import circles in bot/sandbox/: " + "; ".join(" → ".join(c) for c in circles)


def test_the_rules_see_every_layer_of_the_tree() -> None:
    modules = {module for module, _ in layers.project_modules()}
    for package in ("bot.domain", "bot.db", "bot.services", "bot.ui", "bot.sandbox", "cogs"):
        assert any(m.startswith(package + ".") for m in modules), f"{package} has no modules"
    loose = {m for m in modules if m.count(".") == 1 and m.startswith("bot.")} - layers.FRAME_MODULES
    assert loose == {"bot.db", "bot.domain", "bot.services", "bot.ui", "bot.sandbox"}


@pytest.mark.parametrize(
    ("module", "source", "rule_words"),
    [
        ("bot.domain.leaky", "import discord\n", "the domain is pure"),
        ("bot.domain.leaky", "from bot.db import Store\n", "the domain is pure"),
        ("bot.domain.leaky", "def f():\n    import aiohttp\n", "the domain is pure"),
        ("bot.domain.leaky", "from pathlib import Path\n", "the domain is pure"),
        ("bot.db.leaky", "from discord import Embed\n", "the store imports no Discord"),
        ("bot.db.leaky", "from bot.services.mirror import Mirror\n", "the store imports no Discord"),
        ("bot.services.leaky", "from bot.ui.views import Paginator\n", "services import neither cogs"),
        ("bot.services.leaky", "from cogs.reviews import Reviews\n", "services import neither cogs"),
        (
            "bot.services.leaky",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from bot.core import ReviewBot\n",
            "services import neither cogs",
        ),
        ("bot.ui.leaky", "import aiosqlite\n", "the Discord-facing pieces import no cogs"),
        ("bot.ui.leaky", "from cogs import films\n", "the Discord-facing pieces import no cogs"),
        ("cogs.leaky", "import aiosqlite\n", "cogs talk to services"),
        ("cogs.leaky", "import sqlite3\n", "cogs talk to services"),
        ("cogs.leaky", "from bot.sandbox import LoopbackDiscord\n", "cogs talk to services"),
        ("bot.config", "import sqlite3\n", "only the store speaks to a database driver"),
        ("bot.core", "from bot.sandbox.server import LoopbackDiscord\n", "only tests and the `reviewbot sandbox`"),
        ("bot.core", "from cogs.reviews import Reviews\n", "nothing in bot/ imports a cog"),
    ],
)
def test_a_forbidden_import_is_reported_with_its_file_and_rule(module: str, source: str, rule_words: str) -> None:
    found = layers.violations(source, module, filename="the/file.py")
    assert found, f"{module} importing that should break a rule"
    assert all(line.startswith("the/file.py:") for line in found)
    assert any(rule_words in line for line in found), found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("bot.domain.fine", "import re\nfrom bot.domain.models import Film\n"),
        ("bot.db.fine", "import aiosqlite\nfrom bot.domain.models import Review\n"),
        ("bot.services.fine", "import discord\nfrom bot.db import Store\nfrom bot.mentions import NO_PINGS\n"),
        ("bot.ui.fine", "from bot.services.release_desk import Reply\nfrom bot.ui.tree import report_failure\n"),
        ("cogs.fine", "from bot.db.comments import CommentCreated\nfrom bot.ui.views import Paginator\n"),
        ("bot.cli", "from bot.sandbox.prompt import run_sandbox\n"),
        ("bot.core", "import cogs\n"),
        ("cogs.fine", 'TEXT = "Select a film from the list below."\n'),
    ],
)
def test_allowed_imports_pass(module: str, source: str) -> None:
    assert layers.violations(source, module) == []


def test_sql_in_a_cog_is_reported() -> None:
    source = 'async def f(db):\n    await db.execute("DELETE FROM reviews WHERE id = ?", (1,))\n'
    found = layers.violations(source, "cogs.leaky", filename="cogs/leaky.py")
    assert found == ["cogs/leaky.py:2: holds SQL text — cogs contain no SQL; it belongs in bot/db/"]


def test_a_loose_module_at_the_top_of_bot_is_reported() -> None:
    found = layers.violations("import re\n", "bot.helpers", filename="bot/helpers.py")
    assert len(found) == 1
    assert found[0].startswith("bot/helpers.py: a loose module at the top of bot/")


def test_relative_imports_are_resolved() -> None:
    found = layers.violations("from ..db import Store\n", "bot.domain.leaky")
    assert any("imports bot.db" in line for line in found)


def test_an_import_circle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert layers.cycles(graph) == [["a", "b", "c", "a"]]
    assert layers.cycles({"a": {"b"}, "b": set()}) == []
