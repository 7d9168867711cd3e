"""Autocomplete in the member's language, end to end: a French member's ``country:`` choices are named in
French and found by what they type in French or English, and the country they pick answers in French."""

from __future__ import annotations

import pytest

from tests.e2e.helpers import answer

#: Languages are the bot's, not the store's: these run on one store.
pytestmark = pytest.mark.one_store


async def _countries(world, typed: str, locale: str | None) -> list[tuple[str, str]]:
    choices = await world.drv.autocomplete(world.guild, world.reviews, world.member, "release when",
                                           {"film": "Never Let Me Go", "country": typed}, focused="country",
                                           locale=locale)
    return [(c["name"], c["value"]) for c in choices]


@pytest.mark.parametrize(("typed", "first"), [
    ("roy", ("Royaume-Uni", "GB")),  # French
    ("united k", ("Royaume-Uni", "GB")),  # English, still named in French
    ("allem", ("Allemagne", "DE")),
    ("germ", ("Allemagne", "DE")),
    ("", ("Royaume-Uni", "GB")),  # the usual countries first, in French
])
async def test_a_french_members_country_choices_are_in_french(world, typed, first):
    choices = await _countries(world, typed, "fr")
    assert choices[0] == first
    assert all(name != "United Kingdom" and name != "Germany" for name, _ in choices)


async def test_a_german_member_sees_german_names_and_an_english_one_english_names(world):
    assert (await _countries(world, "vereinigtes k", "de"))[0] == ("Vereinigtes Königreich", "GB")
    assert (await _countries(world, "germ", "en-GB"))[0] == ("Germany", "DE")


async def test_a_country_typed_in_french_without_picking_is_understood(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Never Let Me Go", "country": "Royaume-Uni"}, locale="fr"))
    assert "Royaume-Uni" in shown["content"] and "11 février 2011" in shown["content"]
