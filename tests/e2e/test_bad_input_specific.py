"""Odd numbers in options and files get the specific, polite refusal, never "something went wrong".

Digits that Python's ``str.isdigit`` accepts but ``int`` does not ("²"), and numbers beyond what
SQLite stores, used to reach the generic error reply.
"""

import pytest

from bot.sandbox.interactions import Attachment
from tests.e2e.helpers import answer, is_ephemeral, published_thread, review_file

GENERIC = "something went wrong"
ODD_NUMBERS = ["99999999999999999999999", "²", "#99999999999999999999999", "9" * 5000]


@pytest.mark.parametrize("value", ODD_NUMBERS, ids=["huge", "superscript", "huge with #", "5000 digits"])
async def test_an_odd_review_option_is_not_found_politely(world, value):
    await published_thread(world)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "review show", {"review": value}))
    assert is_ephemeral(shown) and GENERIC not in shown["content"].lower()
    assert "can't find a review" in shown["content"]


@pytest.mark.parametrize("value", ODD_NUMBERS, ids=["huge", "superscript", "huge with #", "5000 digits"])
async def test_an_odd_film_option_is_not_found_politely(world, value):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info", {"film": value}))
    assert is_ephemeral(shown) and GENERIC not in shown["content"].lower(), shown["content"]


@pytest.mark.parametrize("year", ["²⁰⁰⁰", "9" * 5000])
async def test_an_odd_year_in_a_film_file_names_the_field(world, year):
    data = f"title,year,country,type,date,note\nX,{year},GB,3,2000-01-01,\n".encode()
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film import",
                                          {"file": Attachment("films.csv", data)}))
    assert GENERIC not in shown["content"].lower(), shown["content"]
    assert "Nothing was imported" in shown["content"] and "year" in shown["content"]


@pytest.mark.parametrize("year", ["²⁰¹⁰", "9" * 5000])
async def test_an_odd_year_in_a_review_file_names_the_field(world, year):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                                          {"channel": world.reviews["id"],
                                           "file": review_file("T", "F", "body", year=year)}))
    assert GENERIC not in shown["content"].lower(), shown["content"]
    assert "year" in shown["content"].lower()


async def test_the_reviewer_role_is_named_with_its_markdown_escaped(world):
    role = world.drv.create_role(world.guild, "__Film__ *Crew* ||x||")
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "settings reviewer-role",
                                  {"role": role["id"]}))
    refused = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "review publish",
                                            {"channel": world.reviews["id"]}))
    assert "@\\_\\_Film\\_\\_ \\*Crew\\* \\|\\|x\\|\\|" in refused["content"], refused["content"]
