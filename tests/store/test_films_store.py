"""Film imports (all or nothing, matched instead of doubled) and per-guild release overrides."""

import pytest

from bot.domain.models import Film, PartialDate, Release, ReleaseType

GB_CINEMA = Release("GB", ReleaseType.THEATRICAL, PartialDate.parse("2011-02-11"))
GB_DVD = Release("GB", ReleaseType.PHYSICAL, PartialDate.parse("2011-06-27"))
US_DVD = Release("US", ReleaseType.PHYSICAL, PartialDate.parse("2011-02-01"))


def film(**changes):
    base = {"id": None, "title": "Never Let Me Go", "year": 2010, "releases": (GB_CINEMA,)}
    base.update(changes)
    return Film(**base)


async def test_importing_the_same_film_twice_updates_instead_of_adding(store):
    first = await store.films.import_films([film()])
    assert (first.films_added, first.releases_added) == (1, 1)
    again = await store.films.import_films([film(title="never let me go", releases=(GB_CINEMA, GB_DVD))])
    assert (again.films_added, again.films_changed, again.releases_added) == (0, 1, 1)
    assert await store.films.count() == 1


async def test_a_tmdb_id_matches_even_when_the_title_changed(store):
    await store.films.import_films([film(tmdb_id=42)])
    report = await store.films.import_films([film(tmdb_id=42, title="Never Let Me Go (film)")])
    assert report.films_added == 0 and await store.films.count() == 1


async def test_an_import_that_fails_adds_nothing(store):
    broken = film(title="Broken", releases=(Release("GB", ReleaseType.THEATRICAL, PartialDate(2011)),))
    object.__setattr__(broken, "releases", ("not a release",))
    with pytest.raises(AttributeError):
        await store.films.import_films([film(), broken])
    assert await store.films.count() == 0


async def test_a_guild_override_is_seen_by_that_guild_only(store):
    await store.films.import_films([film()])
    film_id = (await store.films.titles())[0].film_id
    moved = Release("GB", ReleaseType.THEATRICAL, PartialDate.parse("2011-03-01"))
    await store.films.set_release(film_id, 7, moved)
    assert (await store.films.get(film_id, 7)).releases == (moved,)
    assert (await store.films.get(film_id, 8)).releases == (GB_CINEMA,)


async def test_removing_a_shared_release_hides_it_for_that_guild_only(store):
    await store.films.import_films([film(releases=(GB_CINEMA, US_DVD))])
    film_id = (await store.films.titles())[0].film_id
    assert await store.films.remove_release(film_id, 7, "GB", ReleaseType.THEATRICAL)
    assert (await store.films.get(film_id, 7)).releases == (US_DVD,)
    assert (await store.films.get(film_id, 8)).releases == (US_DVD, GB_CINEMA)
    assert not await store.films.remove_release(film_id, 7, "GB", ReleaseType.THEATRICAL)


async def test_a_guilds_own_film_is_invisible_to_other_guilds(store):
    await store.films.import_films([film(title="Home Movie", year=2020)], guild_id=7)
    film_id = (await store.films.titles())[0].film_id
    assert await store.films.get(film_id, 7) is not None
    assert await store.films.get(film_id, 8) is None
    assert await store.films.find("Home Movie", 2020, 8) is None
    assert (await store.films.find("home movie", None, 7)).id == film_id


async def test_a_release_rows_import_keeps_details_and_other_releases(store):
    await store.films.import_films([film(director="Mark Romanek", releases=(GB_CINEMA, US_DVD))])
    moved_dvd = Release("US", ReleaseType.PHYSICAL, PartialDate.parse("2011-02-08"))
    report = await store.films.import_films([film(releases=(moved_dvd,))], releases_only=True)
    assert report.films_changed == 1
    stored = await store.films.get((await store.films.titles())[0].film_id, None)
    assert stored.director == "Mark Romanek"
    assert set(stored.releases) == {GB_CINEMA, moved_dvd}
