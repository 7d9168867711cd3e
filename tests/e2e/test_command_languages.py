"""The slash commands in every language Reviewbot speaks, end to end through the loopback server.

The real bot syncs its commands; the payload must carry every name, description and choice in all seven
locales, within Discord's rules and without two names a member would confuse; members whose client is
in another language use the commands by the names they see; and a changed translation resyncs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from babel.messages.pofile import read_po

import bot.ui.translator as translator_module
from bot.domain.command_rules import valid_choice_name, valid_description, valid_name
from bot.domain.locales import LANGUAGES
from tests.command_catalogues import catalogue_file, strings
from tests.e2e.helpers import answer, is_ephemeral

#: Languages are the bot's, not the store's: these run on one store (PostgreSQL gives the same words).
pytestmark = pytest.mark.one_store

LOCALES = list(LANGUAGES)
#: /help in each language, and /release when with its options, as each language's members see them
HELP = {"en-US": "help", "en-GB": "help", "fr": "aide", "de": "hilfe", "es-ES": "ayuda", "es-419": "ayuda",
        "pt-BR": "ajuda"}
RELEASE_WHEN = {
    "fr": ("sortie quand", "film", "pays"),
    "de": ("termine wann", "film", "land"),
    "es-ES": ("estreno cuándo", "película", "país"),
    "es-419": ("estreno cuándo", "película", "país"),
    "pt-BR": ("estreia quando", "filme", "país"),
}


def synced(world) -> list[dict[str, Any]]:
    puts = [r for r in world.drv.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert puts, "the bot synced its commands"
    return puts[-1].json


def walk(items: list[dict[str, Any]], path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], dict, list]]:
    """Every command, group, subcommand and option, with its path and its siblings."""
    for item in items:
        here = (*path, item["name"])
        yield here, item, items
        yield from walk(item.get("options") or [], here)


async def test_the_synced_commands_carry_every_string_in_all_seven_locales(world):
    payload = synced(world)
    strings = 0
    for path, item, _ in walk(payload):
        assert set(item.get("name_localizations") or {}) == set(LOCALES), path
        assert set(item.get("description_localizations") or {}) == set(LOCALES), path
        for choice in item.get("choices") or []:
            assert set(choice.get("name_localizations") or {}) == set(LOCALES), (path, choice["name"])
            strings += 1
        strings += 2
    assert strings > 150  # the whole tree, not one command
    by_name = {c["name"]: c for c in payload}
    assert by_name["release"]["name_localizations"]["fr"] == "sortie"
    assert by_name["settings"]["description_localizations"]["de"] == "Die Einstellungen von Reviewbot für diesen Server"
    assert by_name["release"]["name_localizations"]["en-US"] == by_name["release"]["name"]


async def test_every_synced_string_keeps_discords_rules_in_every_locale(world):
    broken = []
    for path, item, _ in walk(synced(world)):
        for locale, name in (item.get("name_localizations") or {}).items():
            if not valid_name(name):
                broken.append((path, locale, name))
        for locale, text in (item.get("description_localizations") or {}).items():
            if not valid_description(text):
                broken.append((path, locale, text))
        for choice in item.get("choices") or []:
            for locale, name in (choice.get("name_localizations") or {}).items():
                if not valid_choice_name(name):
                    broken.append((path, locale, name))
    assert broken == []


@pytest.mark.parametrize("locale", LOCALES)
async def test_no_two_names_clash_within_a_command_in_any_locale(world, locale):
    payload = synced(world)
    groups = [payload] + [item.get("options") or [] for _, item, _ in walk(payload)]
    for siblings in groups:
        shown = [(s.get("name_localizations") or {}).get(locale, s["name"]) for s in siblings]
        assert len(shown) == len(set(shown)), shown
        choices_shown = [[(c.get("name_localizations") or {}).get(locale, c["name"]) for c in s.get("choices") or []]
                         for s in siblings]
        for names in choices_shown:
            assert len(names) == len(set(names)), names


@pytest.mark.parametrize("locale", LOCALES)
async def test_a_member_runs_help_by_its_name_in_their_language(world, locale):
    member = world.drv.create_member(world.guild, f"member {locale}", locale=locale)
    handle = world.drv.invoke(world.guild, world.reviews, member, HELP[locale])
    shown = await answer(handle)
    assert handle.payload["locale"] == locale and handle.payload["guild_locale"] == "en-GB"
    assert handle.payload["data"]["name"] == "help"  # Discord sends the default name whatever the member saw
    assert is_ephemeral(shown) and (shown.get("embeds") or shown.get("content"))  # answered


@pytest.mark.parametrize("locale", list(RELEASE_WHEN))
async def test_a_member_asks_when_a_film_comes_out_with_the_command_in_their_language(world, locale):
    command, film, country = RELEASE_WHEN[locale]
    member = world.drv.create_member(world.guild, f"member {locale}", locale=locale)
    choices = await world.drv.autocomplete(world.guild, world.reviews, member, command, {film: "never let"},
                                           focused=film)
    assert choices and choices[0]["name"] == "Never Let Me Go (2010)"
    handle = world.drv.invoke(world.guild, world.reviews, member, command,
                              {film: choices[0]["value"], country: "US", "format": "dvd"})
    shown = await answer(handle)
    data = handle.payload["data"]
    assert data["name"] == "release" and data["options"][0]["name"] == "when"
    assert {o["name"] for o in data["options"][0]["options"]} == {"film", "country", "format"}
    assert "Never Let Me Go" in shown["content"] and "2011" in shown["content"]


async def test_a_french_guild_with_a_french_member_gets_fr_in_both_locales(world):
    world.drv.update_guild(world.guild, preferred_locale="fr")
    member = world.drv.create_member(world.guild, "Amélie", locale="fr")
    handle = world.drv.invoke(world.guild, world.reviews, member, "aide")
    await answer(handle)
    assert (handle.payload["locale"], handle.payload["guild_locale"]) == ("fr", "fr")


async def test_a_changed_translation_resyncs_and_an_unchanged_one_does_not(stopped_world, monkeypatch):
    w = stopped_world
    await w.start_bot()
    await w.stop_bot()
    await w.start_bot()
    puts = [r for r in w.drv.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 1 and w.bot.synced is False  # same translations: no second sync
    await w.stop_bot()

    original = translator_module.load_catalogues

    def reworded() -> dict[str, translator_module.CommandCatalogue]:
        catalogues = original()
        french = catalogues["fr"]
        catalogues["fr"] = replace(french, entries={**french.entries, ("name", "help"): "aider"})
        return catalogues

    monkeypatch.setattr(translator_module, "load_catalogues", reworded)
    await w.start_bot()
    puts = [r for r in w.drv.requests if r.method == "PUT" and r.path.endswith("/commands")]
    assert len(puts) == 2 and w.bot.synced is True
    help_command = next(c for c in puts[-1].json if c["name"] == "help")
    assert help_command["name_localizations"]["fr"] == "aider"
    member = w.drv.create_member(w.guild, "Amélie", locale="fr")
    await answer(w.drv.invoke(w.guild, w.reviews, member, "aider"))


async def test_the_catalogues_hold_exactly_the_strings_of_the_commands(world):
    """A new or reworded command fails here until `python -m tests.command_catalogues` adds it (then translate it)."""
    wanted = set(strings(synced(world)))
    for code in LOCALES:
        with catalogue_file(code).open("rb") as handle:
            held = {(m.context, m.id) for m in read_po(handle) if m.id}
        assert held == wanted, (code, sorted(wanted - held, key=str), sorted(held - wanted, key=str))


async def test_a_stale_french_client_in_a_dm_is_answered_and_its_locale_carried(world):
    amelie = world.drv.create_member(world.guild, "Amélie", locale="fr")
    with pytest.raises(PermissionError):
        world.drv.invoke_in_dm(world.app, amelie, "aide")  # not offered in DMs, in any language
    handle = world.drv.invoke_in_dm(world.app, amelie, "aide", stale_client=True)
    reply = await answer(handle)
    assert handle.payload["locale"] == "fr" and handle.payload["data"]["name"] == "help"
    assert is_ephemeral(reply)
