"""Localized commands and the member's language: what the loopback server stores, refuses and sends.

A real discord.py bot with a real ``app_commands.Translator`` (a small table, not Reviewbot's catalogues,
so these tests are about the server) syncs its commands; raw requests show the 400s Discord gives for
localizations that break its rules; interactions carry the member's client locale and the server's.
"""

from __future__ import annotations

import aiohttp
import discord
import pytest
from discord import app_commands

from bot.sandbox import LoopbackDiscord

from .helpers import make_bot

FRENCH = {
    "review": "critique",
    "Reviews": "Critiques",
    "publish": "publier",
    "Publish a review": "Publier une critique",
    "rating": "note",
    "Out of five": "Sur cinq",
    "format": "format",
    "The format": "Le format",
    "cinema": "cinéma",
}


class TableTranslator(app_commands.Translator):
    """French from a table; nothing for any other locale (Discord then shows the default)."""

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        return FRENCH.get(string.message) if locale is discord.Locale.french else None


def build_bot(seen: dict) -> discord.Client:
    bot = make_bot()
    review = app_commands.Group(name="review", description="Reviews")

    @review.command(name="publish", description="Publish a review")
    @app_commands.describe(rating="Out of five", format="The format")
    @app_commands.choices(format=[app_commands.Choice(name="cinema", value="cinema")])
    async def publish(interaction: discord.Interaction, rating: int, format: str = "cinema") -> None:
        seen["publish"] = (interaction.locale, interaction.guild_locale, rating, format)
        await interaction.response.send_message("ok", ephemeral=True)

    bot.tree.add_command(review)

    async def setup_hook() -> None:
        await bot.tree.set_translator(TableTranslator())
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


@pytest.fixture
async def world(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Club de cinéma", preferred_locale="fr")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(guild, "critiques")
    seen: dict = {}
    bot = await run_bot(build_bot(seen), app)
    return app, guild, channel, bot, seen


async def _put_commands(loopback: LoopbackDiscord, app, body) -> tuple[int, dict]:
    url = f"{loopback.api_base}/applications/{app.application_id}/commands"
    headers = {"Authorization": f"Bot {app.token}"}
    async with aiohttp.ClientSession() as session, session.put(url, json=body, headers=headers) as resp:
        return resp.status, await resp.json()


async def _get_commands(loopback: LoopbackDiscord, app, query: str = "") -> list[dict]:
    url = f"{loopback.api_base}/applications/{app.application_id}/commands{query}"
    headers = {"Authorization": f"Bot {app.token}"}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as resp:
        assert resp.status == 200
        return await resp.json()


def _command(name: str = "review", **extra) -> dict:
    return {"name": name, "description": "Reviews", "type": 1, **extra}


async def test_synced_localizations_are_stored_on_commands_options_and_choices(world):
    app, *_ = world
    (command,) = app.commands.values()
    assert command["name_localizations"] == {"fr": "critique"}
    assert command["description_localizations"] == {"fr": "Critiques"}
    publish = command["options"][0]
    assert publish["name_localizations"] == {"fr": "publier"}
    rating, fmt = publish["options"]
    assert rating["name_localizations"] == {"fr": "note"} and rating["description_localizations"] == {"fr": "Sur cinq"}
    assert fmt["choices"][0]["name_localizations"] == {"fr": "cinéma"}


async def test_listing_commands_gives_the_dictionaries_only_when_asked(loopback, world):
    app, _, _, bot, _ = world
    plain = await _get_commands(loopback, app)
    assert "name_localizations" not in plain[0] and "description_localizations" not in plain[0]
    full = await _get_commands(loopback, app, "?with_localizations=true")
    assert full[0]["name_localizations"] == {"fr": "critique"}
    fetched = await bot.tree.fetch_commands()  # discord.py asks without them
    assert fetched[0].name == "review" and fetched[0].name_localizations == {}


@pytest.mark.parametrize(("body", "path", "code"), [
    (_command(name_localizations={"fr-FR": "critique"}), ["0", "name_localizations", "fr-FR"], "BASE_TYPE_CHOICES"),
    (_command(name_localizations={"fr": "Critique"}), ["0", "name_localizations", "fr"],
     "APPLICATION_COMMAND_INVALID_NAME"),
    (_command(name_localizations={"de": "kritik schreiben"}), ["0", "name_localizations", "de"],
     "APPLICATION_COMMAND_INVALID_NAME"),
    (_command(name_localizations={"de": "k" * 33}), ["0", "name_localizations", "de"],
     "APPLICATION_COMMAND_INVALID_NAME"),
    (_command(description_localizations={"es-ES": "x" * 101}), ["0", "description_localizations", "es-ES"],
     "BASE_TYPE_BAD_LENGTH"),
    (_command(description_localizations={"pt-BR": ""}), ["0", "description_localizations", "pt-BR"],
     "BASE_TYPE_BAD_LENGTH"),
    (_command(options=[{"type": 3, "name": "film", "description": "The film",
                        "name_localizations": {"xx": "filme"}}]),
     ["0", "options", "0", "name_localizations", "xx"], "BASE_TYPE_CHOICES"),
    (_command(options=[{"type": 3, "name": "format", "description": "The format",
                        "choices": [{"name": "cinema", "value": "c", "name_localizations": {"fr": "c" * 101}}]}]),
     ["0", "options", "0", "choices", "0", "name_localizations", "fr"], "BASE_TYPE_BAD_LENGTH"),
    # two options a French member would see under the same name
    (_command(options=[{"type": 3, "name": "film", "description": "The film", "name_localizations": {"fr": "titre"}},
                       {"type": 3, "name": "title", "description": "Title", "name_localizations": {"fr": "titre"}}]),
     ["0", "options", "1", "name_localizations", "fr"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS"),
    (_command(options=[{"type": 3, "name": "film", "description": "The film", "name_localizations": {"de": "titel"}},
                       {"type": 3, "name": "titel", "description": "Its title"}]),
     ["0", "options", "1", "name_localizations", "de"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS"),
])
async def test_localizations_breaking_discords_rules_are_refused_with_its_error_body(
    loopback, drv, body, path, code
):
    app = drv.create_application("Reviewbot")
    status, answer = await _put_commands(loopback, app, [body])
    assert status == 400 and answer["code"] == 50035 and answer["message"] == "Invalid Form Body"
    node = answer["errors"]
    for part in path:
        node = node[part]
    assert [e["code"] for e in node["_errors"]] == [code]
    assert app.commands == {}  # nothing of a refused sync is kept


async def test_valid_localizations_in_every_script_discord_allows_are_accepted(loopback, drv):
    app = drv.create_application("Reviewbot")
    names = {"hi": "समीक्षा", "th": "รีวิว", "ja": "レビュー", "ru": "рецензия", "el": "κριτική", "de": "straße"}
    status, answer = await _put_commands(loopback, app, [_command(name_localizations=names)])
    assert status == 200 and answer[0]["name_localizations"] == names


async def test_an_interaction_carries_the_members_locale_and_the_servers(drv, world):
    _, guild, channel, _, seen = world
    member = drv.create_member(guild, "amelie", locale="fr")
    handle = drv.invoke(guild, channel, member, "review publish", {"rating": 4})
    await handle.response()
    assert handle.payload["locale"] == "fr" and handle.payload["guild_locale"] == "fr"
    assert seen["publish"] == (discord.Locale.french, discord.Locale.french, 4, "cinema")


async def test_a_member_uses_the_names_their_client_shows_and_the_bot_gets_the_default_ones(drv, world):
    _, guild, channel, _, seen = world
    member = drv.create_member(guild, "amelie", locale="fr")
    handle = drv.invoke(guild, channel, member, "critique publier", {"note": 5, "format": "cinema"})
    await handle.response()
    data = handle.payload["data"]
    assert data["name"] == "review" and data["options"][0]["name"] == "publish"
    assert {o["name"] for o in data["options"][0]["options"]} == {"rating", "format"}
    assert seen["publish"][2:] == (5, "cinema")


async def test_the_locale_can_be_chosen_per_interaction_and_per_member(drv, world):
    _, guild, channel, _, seen = world
    member = drv.create_member(guild, "ben")
    first = drv.invoke(guild, channel, member, "review publish", {"rating": 3})
    await first.response()
    assert first.payload["locale"] == "en-US"
    once = drv.invoke(guild, channel, member, "review publish", {"rating": 3}, locale="pt-BR")
    await once.response()
    assert once.payload["locale"] == "pt-BR" and seen["publish"][0] is discord.Locale.brazil_portuguese
    drv.set_locale(member, "de")
    later = drv.invoke(guild, channel, member, "review publish", {"rating": 3})
    await later.response()
    assert later.payload["locale"] == "de"


async def test_a_name_of_another_language_is_not_offered(drv, world):
    _, guild, channel, _, _ = world
    english = drv.create_member(guild, "ed", locale="en-GB")
    with pytest.raises(LookupError):
        drv.invoke(guild, channel, english, "critique publier", {"rating": 1})


async def test_a_locale_discord_does_not_have_is_refused_by_the_driver(drv, world):
    _, guild, _, _, _ = world
    member = drv.create_member(guild, "zed")
    with pytest.raises(ValueError, match="Discord's locales"):
        drv.set_locale(member, "fr-FR")
