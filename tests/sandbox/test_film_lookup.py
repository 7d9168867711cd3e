"""Looking a film up on TMDB through the loopback TMDB into a real store: asked once, stored, exact
titles only, autocomplete bounded in time and in requests, and refreshes that notice a moved date."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.db import Store
from bot.domain.models import PartialDate, ReleaseType
from bot.sandbox.tmdb import LoopbackTmdb, StoredMovie
from bot.services.film_lookup import FilmLookup
from bot.services.tmdb import TmdbClient, TmdbCredentials


@pytest.fixture
async def tmdb():
    async with LoopbackTmdb() as server:
        server.add_movie(StoredMovie(id=693134, title="Dune: Part Two", release_date="2024-02-27", popularity=90,
                                     releases={"GB": [(3, "2024-03-01", "12A", "")]}))
        server.add_movie(StoredMovie(id=438631, title="Dune", release_date="2021-09-15", popularity=80,
                                     releases={"GB": [(3, "2021-10-21", "12A", "")]}))
        server.add_movie(StoredMovie(id=841, title="Dune", release_date="1984-12-14", popularity=30,
                                     releases={"GB": [(3, "1985-01-04", "PG", "")]}))
        server.add_movie(StoredMovie(id=9999, title="Heatwave", release_date="2022-06-01", popularity=99))
        yield server


@pytest.fixture
async def lookup(tmdb, tmp_path):
    async with Store.open(tmp_path / "reviewbot.db") as store:
        found = FilmLookup(store, TmdbClient(TmdbCredentials(api_key=tmdb.api_key), api_base=tmdb.api_base))
        yield found
        await found.close()


async def test_a_film_is_asked_for_once_and_then_answered_from_the_store(lookup, tmdb):
    result = await lookup.look_up("Dune", 2021)
    assert result.asked and len(result.film_ids) == 1
    film = await lookup.store.films.get(result.film_ids[0], None)
    assert (film.title, film.year, film.tmdb_id) == ("Dune", 2021, 438631)
    assert [(r.country, r.type, r.date) for r in film.releases] == [("GB", ReleaseType.THEATRICAL,
                                                                     PartialDate(2021, 10, 21))]
    requests = len(tmdb.requests)
    again = await lookup.look_up("dune", 2021)
    assert again.film_ids == result.film_ids and len(tmdb.requests) == requests  # cached search, stored film


async def test_without_a_year_every_film_of_that_exact_title_is_stored_and_no_near_miss(lookup):
    result = await lookup.look_up("Dune")
    titles = [(f.title, f.year) for f in [await lookup.store.films.get(i, None) for i in result.film_ids]]
    assert titles == [("Dune", 2021), ("Dune", 1984)]  # most popular first; not "Dune: Part Two"
    assert (await lookup.look_up("Heat")).film_ids == ()  # "Heatwave" is not "Heat"


async def test_many_members_asking_at_once_make_one_search_and_one_details_request(lookup, tmdb):
    results = await asyncio.gather(*(lookup.look_up("Dune", 2021) for _ in range(20)))
    assert len({r.film_ids for r in results}) == 1
    assert tmdb.count("/3/search/movie") == 1 and tmdb.count("/3/movie/438631") == 1


async def test_autocomplete_waits_no_longer_than_its_budget_and_searches_once_per_burst(lookup, tmdb):
    tmdb.delay = 0.5
    started = asyncio.get_running_loop().time()
    assert await lookup.suggest(1, "dun", wait=0.1) == []  # TMDB slow: answered with what is known
    assert asyncio.get_running_loop().time() - started < 0.4
    for partial in ("dune", "dune:", "dune: p"):  # the member keeps typing while the first search runs
        assert await lookup.suggest(1, partial, wait=0.05) == []
    await asyncio.sleep(0.6)
    assert tmdb.count("/3/search/movie") == 1  # one search for the whole burst
    assert [h.title for h in await lookup.suggest(1, "dun", wait=0.1)] == ["Dune: Part Two", "Dune", "Dune"]


async def test_a_refresh_finds_a_moved_date_and_a_dead_tmdb_changes_nothing(lookup, tmdb):
    [film_id] = (await lookup.look_up("Dune", 1984)).film_ids
    assert await lookup.refresh_due() == []  # just fetched
    tmdb.change(841, releases={"GB": [(3, "1985-01-11", "PG", "")]})
    assert await lookup.refresh_changed() == [film_id]  # /movie/changes named it: refreshed early
    assert (await lookup.store.films.get(film_id, None)).releases[0].date == PartialDate(1985, 1, 11)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=40)
    tmdb.failures = 10
    assert await lookup.refresh_due(later) == []
    assert (await lookup.store.films.get(film_id, None)).releases[0].date == PartialDate(1985, 1, 11)
