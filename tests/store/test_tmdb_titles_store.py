"""TMDB's list of titles in the store: loaded in batches, updated in place on a re-run, and indexed (on
SQLite) apart from the store's films, until a listed film is stored and answers for itself."""

from pathlib import Path

from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.domain.tmdb import ListedTitle, TmdbMovie


async def test_a_batch_is_loaded_and_a_rerun_updates_titles_without_duplicates(store):
    first = await store.tmdb_titles.load([ListedTitle(1, "Lanterns", 3.0), ListedTitle(2, "Harbour", 1.0),
                                          ListedTitle(1, "Lanterns at Dusk", 3.5)])  # a repeated id: the last
    assert (first.added, first.renamed) == (2, 0)
    again = await store.tmdb_titles.load([ListedTitle(1, "Lanterns at Dusk", 4.0), ListedTitle(3, "Moons", 0.5)])
    assert (again.added, again.renamed) == (1, 0)
    renamed = await store.tmdb_titles.load([ListedTitle(2, "The Harbour", 1.0)])
    assert (renamed.added, renamed.renamed) == (0, 1)
    assert await store.tmdb_titles.count() == 3
    assert await store.tmdb_titles.get(1) == ListedTitle(1, "Lanterns at Dusk", 4.0)
    assert (await store.tmdb_titles.get(2)).title == "The Harbour"


async def test_listed_titles_are_searched_apart_and_leave_the_index_once_their_film_is_stored(store):
    if not isinstance(store.db.path, Path):
        return  # PostgreSQL keeps the list only: no stored index to search
    await store.tmdb_titles.load([ListedTitle(603, "Arrival", 20.0), ListedTitle(604, "Arrival of the Birds", 1.0),
                                  ListedTitle(700, "Moons", 0.5)])
    listed = store.title_index.reader(listed=True)
    assert [m.film_id for m in listed.exact("arrival")] == [603]
    assert {m.film_id for m in listed.prefix_choices("arri")} == {603, 604}
    await store.title_index.state()  # opens the shared catalogue's index file
    assert store.title_index.reader().exact("arrival") == []  # the store's own index is untouched
    film = Film(id=None, title="Arrival", year=2016, tmdb_id=603,
                releases=(Release("GB", ReleaseType.THEATRICAL, PartialDate(2016, 11, 10)),))
    assert await store.tmdb.save(TmdbMovie(film, {})) is not None
    listed.forget()
    assert listed.exact("arrival") == [] and [m.film_id for m in listed.prefix_choices("arri")] == [604]
    await store.tmdb_titles.load([ListedTitle(603, "Arrival", 21.0)])  # the next day's list
    listed.forget()
    assert listed.exact("arrival") == []  # a stored film's title is not listed again
