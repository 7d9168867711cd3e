"""TMDB's films in the store: saved into the shared catalogue, refreshed on schedule, with their offers,
and never over a film the store had from elsewhere."""

import datetime as dt

from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.domain.tmdb import CountryOffers, TmdbMovie, WatchOffer

NOW = dt.datetime.now(dt.UTC)
OPENING = PartialDate(2016, 11, 10)


def movie(tmdb_id=603, title="Arrival", year=2016, date=OPENING, offers=()):
    film = Film(id=None, title=title, year=year, tmdb_id=tmdb_id,
                releases=(Release("GB", ReleaseType.THEATRICAL, date),))
    return TmdbMovie(film, {"GB": CountryOffers("GB", tuple(offers))})


async def test_a_tmdb_film_is_saved_with_its_offers_and_refreshed_in_place(store):
    film_id = await store.tmdb.save(movie(offers=[WatchOffer("Netflix", "flatrate", 1),
                                                  WatchOffer("Apple TV", "rent", 2)]))
    assert film_id is not None
    saved = await store.films.get(film_id, None)
    assert saved.tmdb_id == 603 and saved.releases[0].date == PartialDate(2016, 11, 10)
    offers = await store.tmdb.offers(film_id, "gb")
    assert offers.of_kind("flatrate") == ("Netflix",) and offers.of_kind("rent") == ("Apple TV",)
    assert (await store.tmdb.offers(film_id, "JP")).offers == ()  # asked, and TMDB knows of none there
    again = await store.tmdb.save(movie(date=PartialDate(2016, 11, 11)))  # TMDB corrected the date
    assert again == film_id and await store.tmdb.count() == 1
    assert (await store.films.get(film_id, None)).releases[0].date == PartialDate(2016, 11, 11)
    assert (await store.tmdb.offers(film_id, "GB")).offers == ()


async def test_a_film_the_store_had_from_elsewhere_is_not_overwritten(store):
    await store.films.import_films([Film(id=None, title="Heat", year=1995,
                                         releases=(Release("GB", ReleaseType.THEATRICAL, PartialDate(1996, 2, 23)),))])
    assert await store.tmdb.save(movie(tmdb_id=949, title="Heat", year=1995, date=PartialDate(1996, 1, 1))) is None
    heat = await store.films.find("Heat", 1995, None)
    assert heat.releases[0].date == PartialDate(1996, 2, 23) and heat.tmdb_id is None
    assert await store.tmdb.offers(heat.id, "GB") is None  # TMDB was never this film's source


async def test_films_near_a_release_are_due_daily_and_the_rest_monthly(store):
    near = await store.tmdb.save(movie(tmdb_id=1, title="Soon", date=PartialDate.parse((NOW + dt.timedelta(days=30))
                                                                                      .date().isoformat())))
    far = await store.tmdb.save(movie(tmdb_id=2, title="Old", year=1990, date=PartialDate(1990, 5, 5)))
    assert near and far
    assert await store.tmdb.due(NOW) == []
    assert await store.tmdb.due(NOW + dt.timedelta(days=2)) == [1]
    assert sorted(await store.tmdb.due(NOW + dt.timedelta(days=31))) == [1, 2]


async def test_knows_tells_tmdbs_films_from_the_others(store):
    """/film info shows TMDB's attribution for a film that came from TMDB, whether TMDB is on now or not."""
    await store.films.import_films([Film(id=None, title="Heat", year=1995)])
    heat = await store.films.find("Heat", 1995, None)
    arrival = await store.tmdb.save(movie())
    assert await store.tmdb.knows(arrival) is True
    assert await store.tmdb.knows(heat.id) is False
