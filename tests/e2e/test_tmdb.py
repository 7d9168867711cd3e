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
