"""The TMDB client against the loopback TMDB: both kinds of credential, TMDB's shapes read faithfully,
pacing under TMDB's limit, 429s waited out, 5xx retried, and a refused key turning TMDB off."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import pytest

from bot.domain.models import PartialDate, ReleaseType
from bot.sandbox.tmdb import LoopbackTmdb, StoredMovie
from bot.services.tmdb import TmdbClient, TmdbCredentials, TmdbRefused, TmdbUnavailable

NEVER_LET_ME_GO = StoredMovie(
    id=42188, title="Never Let Me Go", release_date="2010-09-15", runtime=103, imdb_id="tt1334260", popularity=20,
    releases={"GB": [(1, "2010-10-13", "", "BFI London Film Festival"), (3, "2011-02-11", "15", ""),
                     (5, "2011-06-27", "15", "DVD and Blu-ray")],
              "US": [(2, "2010-09-15", "R", "4 theatres"), (5, "2011-02-01", "R", "")],
              "XC": [(3, "2011-01-01", "", "")]},
    providers={"GB": {"flatrate": ["Disney Plus"], "rent": ["Apple TV", "Amazon Video"]}, "US": {"buy": ["Apple TV"]}},
)


@pytest.fixture
async def tmdb():
    async with LoopbackTmdb() as server:
        server.add_movie(StoredMovie(**NEVER_LET_ME_GO.__dict__))
        server.add_movie(StoredMovie(id=7, title="Never Say Never Again", release_date="1983-10-07", popularity=5))
        server.add_movie(StoredMovie(id=8, title="Arrival", release_date="2016-01-01", popularity=50))
        yield server


def client(server: LoopbackTmdb, *, key: bool = True, **kw) -> TmdbClient:
    credentials = TmdbCredentials(api_key=server.api_key) if key else TmdbCredentials(read_token=server.read_token)
    return TmdbClient(credentials, api_base=server.api_base, **kw)


@pytest.mark.parametrize("key", [True, False], ids=["v3 key", "v4 token"])
async def test_search_then_details_in_tmdbs_shapes(tmdb, key):
    tmdb_client = client(tmdb, key=key)
    try:
        hits = await tmdb_client.search("never let me")
        assert [(h.tmdb_id, h.title, h.year) for h in hits] == [(42188, "Never Let Me Go", 2010)]
        movie = await tmdb_client.details(42188)
    finally:
        await tmdb_client.close()
    film = movie.film
    assert (film.title, film.year, film.runtime_minutes, film.imdb_id, film.tmdb_id) == \
        ("Never Let Me Go", 2010, 103, "tt1334260", 42188)
    by_key = {(r.country, r.type): r for r in film.releases}
    assert by_key["GB", ReleaseType.PHYSICAL].date == PartialDate(2011, 6, 27)  # that calendar day, no zone sums
    assert by_key["GB", ReleaseType.PREMIERE].note == "BFI London Film Festival"
    assert by_key["US", ReleaseType.LIMITED].certification == "R"
    assert not any(r.country == "XC" for r in film.releases)  # TMDB's historical codes are not countries
    assert movie.offers["GB"].of_kind("flatrate") == ("Disney Plus",)
    assert movie.offers["GB"].of_kind("rent") == ("Apple TV", "Amazon Video")
    assert "JP" not in movie.offers
    assert [r.authorised_by for r in tmdb.requests] == ["api_key" if key else "bearer"] * 2
    assert all("api_key" not in r.query for r in tmdb.requests)


async def test_a_year_only_date_is_read_as_the_year(tmdb):
    tmdb_client = client(tmdb)
    try:
        movie = await tmdb_client.details(8)
        assert movie.film.year == 2016
        assert await tmdb_client.details(999_999) is None  # TMDB's 404 (status_code 34)
    finally:
        await tmdb_client.close()


async def test_a_refused_key_is_one_error_and_turns_the_client_off(tmdb, caplog):
    caplog.set_level(logging.DEBUG)
    refused = TmdbClient(TmdbCredentials(api_key="0123456789abcdef0123456789abcdef"), api_base=tmdb.api_base)
    try:
        with pytest.raises(TmdbRefused) as raised:
            await refused.search("arrival")
        with pytest.raises(TmdbRefused):
            await refused.details(8)
    finally:
        await refused.close()
    assert len(tmdb.requests) == 1  # not asked again
    assert "0123456789abcdef" not in str(raised.value) + caplog.text + repr(refused.credentials)


async def test_429s_are_waited_out_and_requests_stay_under_the_limit(tmdb):
    tmdb.rate_limit = 40
    tmdb_client = client(tmdb, rate=35)
    try:
        started = asyncio.get_running_loop().time()
        results = await asyncio.gather(*(tmdb_client.search("arrival") for _ in range(80)))
        took = asyncio.get_running_loop().time() - started
    finally:
        await tmdb_client.close()
    assert all(r and r[0].title == "Arrival" for r in results)
    assert tmdb.rate_limited == 0  # paced below TMDB's limit: never told to slow down
    assert took >= 1.0  # 80 requests at 35 a second take more than two seconds' windows

    tmdb.rate_limit = 2
    eager = client(tmdb, rate=100)  # a client faster than TMDB allows is told to wait, and waits
    try:
        results = await asyncio.gather(*(eager.search("arrival") for _ in range(4)))
    finally:
        await eager.close()
    assert all(r for r in results) and tmdb.rate_limited >= 1


async def test_5xx_answers_are_retried_and_a_slow_tmdb_gives_up_in_time(tmdb):
    tmdb.failures = 2
    tmdb_client = client(tmdb)
    try:
        assert (await tmdb_client.details(8)).film.title == "Arrival"
        assert [r.status for r in tmdb.requests] == [503, 503, 200]
        tmdb.failures = 5
        with pytest.raises(TmdbUnavailable, match="HTTP 503"):
            await tmdb_client.details(8)
    finally:
        await tmdb_client.close()
    tmdb.failures = 0
    tmdb.delay = 1.0
    slow = client(tmdb, timeout=0.2)
    try:
        with pytest.raises(TmdbUnavailable, match="timed out"):
            await slow.search("arrival")
    finally:
        await slow.close()


async def test_changes_lists_every_page_of_a_window(tmdb):
    for n in range(250):
        tmdb.add_movie(StoredMovie(id=10_000 + n, title=f"Film {n}", release_date="2020-05-05"))
    tmdb.movies[7].changed_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    tmdb_client = client(tmdb)
    today = dt.date.today()
    try:
        changed = await tmdb_client.changes(today - dt.timedelta(days=1), today)
    finally:
        await tmdb_client.close()
    assert len(changed) == 252 and 7 not in changed and 42188 in changed
    assert tmdb.count("/3/movie/changes") == 3  # 100 a page
