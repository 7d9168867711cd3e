"""One film, one entry: imports into either scope update a known film instead of adding a second."""

from bot.db.reviews import NewReview
from bot.domain.film_import import parse_films_csv
from bot.domain.models import Film, PartialDate, Release, ReleaseType

GB_CINEMA = Release("GB", ReleaseType.THEATRICAL, PartialDate.parse("2011-02-11"))
GB_MOVED = Release("GB", ReleaseType.THEATRICAL, PartialDate.parse("2011-03-04"))
US_DVD = Release("US", ReleaseType.PHYSICAL, PartialDate.parse("2011-02-01"))
CA_PREMIERE = Release("CA", ReleaseType.PREMIERE, PartialDate.parse("2010-09"), note="Toronto")
GUILD, OTHER = 7, 8


def film(**changes):
    base = {"id": None, "title": "Never Let Me Go", "year": 2010, "director": "Mark Romanek",
            "releases": (GB_CINEMA, US_DVD)}
    base.update(changes)
    return Film(**base)


async def films_named(store, title):
    return [t for t in await store.films.titles() if t.title.casefold() == title.casefold()]


async def test_a_servers_csv_of_a_shared_film_sets_that_servers_dates_and_adds_no_film(store):
    await store.films.import_films([film()])
    [shared] = await films_named(store, "Never Let Me Go")
    report = await store.films.import_films([film(director=None, releases=(GB_MOVED, CA_PREMIERE))],
                                            guild_id=GUILD, releases_only=True)
    assert (report.films_added, report.films_changed) == (0, 1)
    assert [t.film_id for t in await films_named(store, "Never Let Me Go")] == [shared.film_id]
    seen = await store.films.get(shared.film_id, GUILD)
    assert set(seen.releases) == {GB_MOVED, CA_PREMIERE, US_DVD} and seen.director == "Mark Romanek"
    assert set((await store.films.get(shared.film_id, OTHER)).releases) == {GB_CINEMA, US_DVD}
    assert (await store.films.find("Never Let Me Go", 2010, GUILD)).id == shared.film_id


async def test_a_servers_json_of_a_shared_film_keeps_the_shared_details_and_says_so(store):
    await store.films.import_films([film()])
    report = await store.films.import_films([film(title="NEVER LET ME GO", director="Someone Else",
                                                  releases=(GB_MOVED,))], guild_id=GUILD)
    assert (report.films_added, report.shared_details_kept) == (0, 1)
    assert "details of 1 film(s) were kept" in report.summary()
    [shared] = await films_named(store, "Never Let Me Go")
    assert shared.guild_id is None and shared.title == "Never Let Me Go"
    assert (await store.films.get(shared.film_id, GUILD)).director == "Mark Romanek"
    assert set((await store.films.get(shared.film_id, GUILD)).releases) == {GB_MOVED, US_DVD}


async def test_a_tmdb_id_matches_a_shared_film_whatever_the_servers_title(store):
    await store.films.import_films([film(tmdb_id=42)])
    report = await store.films.import_films([film(title="Nunca me abandones", tmdb_id=42, releases=(GB_MOVED,))],
                                            guild_id=GUILD, releases_only=True)
    assert report.films_added == 0 and await store.films.count() == 1


async def test_dates_equal_to_the_shared_ones_are_not_kept_as_server_overrides(store):
    await store.films.import_films([film()])
    report = await store.films.import_films([film(releases=(GB_CINEMA,))], guild_id=GUILD, releases_only=True)
    assert (report.films_changed, report.films_unchanged, report.releases_added) == (0, 1, 0)
    rows = await store.db.fetchall("SELECT * FROM releases WHERE guild_id IS NOT NULL")
    assert rows == []


async def test_titles_match_case_folded_beyond_ascii(store):
    await store.films.import_films([film(title="Amélie", year=2001)])
    report = await store.films.import_films([film(title="AMÉLIE", year=2001)], guild_id=GUILD, releases_only=True)
    assert report.films_added == 0 and await store.films.count() == 1
    assert (await store.films.known("AMÉLIE", 2001, GUILD)).title == "Amélie"
    assert await store.films.known("AMÉLIE", 2002, GUILD) is None


async def test_a_shared_import_folds_a_servers_own_copy_with_its_dates_reviews_and_reminders(store):
    await store.films.import_films([film(title="Club Film", year=2024, director=None, releases=(GB_MOVED,))],
                                   guild_id=GUILD)
    [copy] = await films_named(store, "Club Film")
    review = await store.reviews.create(
        NewReview(GUILD, "Film Review: Club Film", "Club Film", 2024, copy.film_id, 1, "Rita", 4.0, "Good."),
        channel_id=1, message_ids=[2], thread_id=3,
    )
    await store.reminders.add(guild_id=GUILD, channel_id=1, user_id=5, film_id=copy.film_id, country="US",
                              format="dvd", known_date=None)
    report = await store.films.import_films([film(title="club film", year=2024, releases=(US_DVD,))])
    assert (report.films_added, report.copies_merged) == (1, 1)
    assert "1 server copy(ies) merged" in report.summary()
    [shared] = await films_named(store, "Club Film")
    assert shared.guild_id is None and shared.film_id != copy.film_id
    assert set((await store.films.get(shared.film_id, GUILD)).releases) == {GB_MOVED, US_DVD}
    assert (await store.films.get(shared.film_id, OTHER)).releases == (US_DVD,)
    assert (await store.reviews.get(GUILD, review.id)).film_id == shared.film_id
    assert [r.film_id for r in await store.reminders.open()] == [shared.film_id]


async def test_a_servers_import_folds_its_copies_of_shared_films_first(store):
    # How the duplicate came about before imports matched across scopes: a copy in the server's scope.
    await store.films.import_films([film(releases=(GB_CINEMA,))])
    [shared] = await films_named(store, "Never Let Me Go")
    async with store.db.transaction() as conn:
        await conn.execute("INSERT INTO films (guild_id, title, year, updated_at) VALUES (?, 'Never Let Me Go',"
                           " 2010, '2026-01-01')", (GUILD,))
    report = await store.films.import_films([film(releases=(CA_PREMIERE,))], guild_id=GUILD, releases_only=True)
    assert report.copies_merged == 1 and report.films_added == 0
    assert [t.film_id for t in await films_named(store, "Never Let Me Go")] == [shared.film_id]


def thousand_row_csv() -> bytes:
    lines = ["title,year,country,type,date,note"]
    for n in range(500):
        title = "never let me go" if n == 0 else f"Film Number {n}"
        lines.append(f"{title},2010,GB,theatrical,2011-02-{n % 28 + 1:02d},")
        lines.append(f"{title},2010,US,physical,2011-06,Row {n}")
    return ("\n".join(lines) + "\n").encode()


async def test_a_thousand_row_csv_imported_twice_into_each_scope_adds_no_duplicates(store):
    await store.films.import_films([film()])
    films = parse_films_csv(thousand_row_csv())
    assert len(films) == 500
    for guild_id in (None, GUILD, GUILD, None, OTHER):
        await store.films.import_films(films, guild_id=guild_id, releases_only=True)
    titles = await store.films.titles()
    assert len(titles) == 500
    assert len({(t.title.casefold(), t.year) for t in titles}) == 500
    assert all(t.guild_id is None for t in titles)
    again = await store.films.import_films(films, guild_id=GUILD, releases_only=True)
    assert (again.films_added, again.films_changed, again.films_unchanged) == (0, 0, 500)


async def test_upgrading_folds_the_copies_earlier_versions_made(tmp_path):
    """A database where `/film import` had already added a server's copy beside the shared film."""
    import sqlite3

    from bot.db import Store
    from bot.db.database import read_migrations

    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    for version, _, sql in read_migrations():
        if version <= 3:
            con.executescript(sql)
    now = "'2026-11-20T00:00:00+00:00'"
    con.executescript(f"""
        INSERT INTO films (id, guild_id, title, year, director, updated_at) VALUES
            (1, NULL, 'Never Let Me Go', 2010, 'Mark Romanek', {now}), (2, 7, 'Never Let Me Go', 2010, NULL, {now}),
            (3, 7, 'Club Film', 2024, NULL, {now});
        INSERT INTO releases (film_id, guild_id, country, type, date, note) VALUES
            (1, NULL, 'GB', 3, '2011-02-11', NULL), (1, 7, 'CA', 1, '2010-08', 'stale'),
            (2, 7, 'CA', 1, '2010-09', 'Toronto'), (3, 7, 'GB', 3, '2024-05-01', NULL);
        INSERT INTO reviews (guild_id, title, film_id, film_title, film_year, byline, body, created_at, updated_at)
            VALUES (7, 'Film Review', 2, 'Never Let Me Go', 2010, 'Ann', 'Good.', {now}, {now});
        INSERT INTO reminders (guild_id, channel_id, user_id, film_id, country, format, created_at)
            VALUES (7, 1, 5, 2, 'CA', 'cinema', {now});
        PRAGMA user_version = 3;
    """)
    con.close()
    async with Store.open(path) as store:
        assert sorted((t.film_id, t.guild_id) for t in await store.films.titles()) == [(1, None), (3, 7)]
        seen = await store.films.get(1, GUILD)
        assert {(r.country, r.date.iso(), r.note) for r in seen.releases} == {("GB", "2011-02-11", None),
                                                                              ("CA", "2010-09", "Toronto")}
        assert (await store.films.find("Never Let Me Go", 2010, GUILD)).id == 1
        assert [r.film_id for r in await store.reminders.open()] == [1]
        [listing] = await store.reviews.all_for_cli()
        assert listing.review.film_id == 1
