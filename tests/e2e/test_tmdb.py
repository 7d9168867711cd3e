"""TMDB in the running bot: a refused key is one line and the bot carries on; a date TMDB moves reaches
a waiting reminder, as a curator's change does."""

from __future__ import annotations

import datetime as dt
import logging

from bot.sandbox.tmdb import StoredMovie
from tests.e2e.helpers import answer, eventually
from tests.e2e.test_releases import bot_replies


def _upcoming(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


async def test_a_refused_key_is_one_line_and_the_bot_answers_from_its_store(stopped_world, tmdb, caplog):
    world = stopped_world
    world.tmdb, world.tmdb_key = tmdb, "0123456789abcdef0123456789abcdef"  # not the key TMDB knows
    caplog.set_level(logging.INFO)
    await world.start_bot()
    cog = world.bot.get_cog("TmdbFreshness")
    await eventually(lambda: any("TMDB refused" in r.getMessage() for r in caplog.records))
    refused = [r for r in caplog.records if "TMDB refused" in r.getMessage()]
    assert len(refused) == 1 and "TMDB_API_KEY" in refused[0].getMessage()
    assert "0123456789abcdef" not in caplog.text
    assert not cog.refresh.is_running()
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Never Let Me Go", "country": "GB", "format": "dvd"}))
    assert "27 June 2011" in shown["content"]


async def test_a_date_tmdb_moves_reaches_the_waiting_reminder(tmdb_world, tmdb):
    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=5050, title="The Quiet Harbour", release_date=_upcoming(20),
                               releases={"GB": [(3, _upcoming(20), "12A", "")]}))
    [film_id] = (await world.bot.film_lookup.look_up("The Quiet Harbour")).film_ids
    await world.bot.desk.film(film_id, int(world.guild.id))
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release remind",
                                          {"film": str(film_id), "country": "GB", "format": "cinema"}))
    assert "The Quiet Harbour" in shown["content"]
    before = len(bot_replies(world, world.reviews))
    tmdb.change(5050, releases={"GB": [(3, _upcoming(34), "12A", "")]})
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1, minutes=1)  # the next day's round
    moved = await world.bot.get_cog("TmdbFreshness").refresh_once(tomorrow)
    assert moved == [film_id]
    notices = await eventually(lambda: bot_replies(world, world.reviews)[before:] or None)
    assert world.member.id in notices[0]["content"] and "The Quiet Harbour" in notices[0]["content"]


def _in_words(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


async def test_a_film_the_store_lacks_is_asked_of_tmdb_once_and_answered(tmdb_world, tmdb):
    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=6060, title="The Lighthouse Keepers", release_date=_upcoming(40),
                               releases={"GB": [(3, _upcoming(40), "15", "")], "US": [(3, _upcoming(47), "R", "")]}))
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "The Lighthouse Keepers", "country": "GB", "format": "cinema"}))
    assert "The Lighthouse Keepers" in shown["content"] and _in_words(_upcoming(40)) in shown["content"]
    asked = len(tmdb.requests)
    looked_up = [r.path for r in tmdb.requests if r.path != "/3/movie/changes"]  # the refresh task's, at start
    assert looked_up == ["/3/search/movie", "/3/movie/6060"]
    again = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "The Lighthouse Keepers", "country": "US", "format": "cinema"}))
    assert _in_words(_upcoming(47)) in again["content"]
    assert len(tmdb.requests) == asked  # answered from the store: TMDB is not asked twice


async def test_a_question_naming_a_film_the_store_lacks_is_answered_from_tmdb(tmdb_world, tmdb):
    from tests.e2e.helpers import published_thread
    from tests.e2e.test_releases import reply_to

    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=7070, title="Paper Moons", release_date=_upcoming(12),
                               releases={"GB": [(3, _upcoming(12), "12A", "")]}))
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "when is Paper Moons out in the UK?")
    reply = await reply_to(world, thread, question, timeout=10)
    assert "Paper Moons" in reply["content"] and _in_words(_upcoming(12)) in reply["content"]
    assert "Never Let Me Go" not in reply["content"]


async def test_a_tmdb_that_is_down_leaves_the_answer_to_the_store(tmdb_world, tmdb):
    world = tmdb_world
    tmdb.failures = 100
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Some Film Nobody Has", "country": "GB"}))
    assert "Some Film Nobody Has" in shown["content"]  # the store's own "not found" answer, in time
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Never Let Me Go", "country": "GB", "format": "dvd"}))
    assert "27 June 2011" in shown["content"]


async def test_autocomplete_offers_tmdbs_films_when_the_store_has_too_few_and_the_pick_is_answered(tmdb_world, tmdb):
    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=8080, title="Glass Orchard", release_date=_upcoming(25),
                               releases={"GB": [(4, _upcoming(25), "", "")]}))
    choices = await world.drv.autocomplete(world.guild, world.reviews, world.member, "release when",
                                           {"film": "glass orch"}, focused="film")
    assert [c["value"] for c in choices] == ["tmdb:8080"] and "Glass Orchard" in choices[0]["name"]
    searches = tmdb.count("/3/search/movie")
    again = await world.drv.autocomplete(world.guild, world.reviews, world.member, "release when",
                                         {"film": "glass orch"}, focused="film")
    assert again == choices and tmdb.count("/3/search/movie") == searches  # cached
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "tmdb:8080", "country": "GB", "format": "digital"}))
    assert "Glass Orchard" in shown["content"] and _in_words(_upcoming(25)) in shown["content"]
