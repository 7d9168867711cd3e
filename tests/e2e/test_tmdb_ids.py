"""TMDB's daily id export: `reviewbot films import-tmdb-ids` loads it (skipping adult films and bad lines,
safe to re-run), and the running bot then knows those titles without a request: autocomplete offers
them, a question finds them, and choosing one fetches its details from TMDB once."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import json

import pytest

from bot.sandbox.tmdb import StoredMovie
from tests.e2e.helpers import answer, query
from tests.e2e.test_cli import cli


def _export(path, rows, extra_lines=()):
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({"adult": False, "video": False, "popularity": 1.5, **row}) + "\n")
        for line in extra_lines:
            out.write(line + "\n")
    return path


def _upcoming(days: int) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


async def test_the_export_is_loaded_skipping_adult_films_and_bad_lines_and_a_rerun_updates(tmp_path):
    db = tmp_path / "x.db"
    first = _export(tmp_path / "movie_ids_12_01_2026.json.gz", [
        {"id": 101, "original_title": "The Quiet Harbour"},
        {"id": 102, "original_title": "Not For The Shelf", "adult": True},
        {"id": 103, "original_title": "Paper   Moons"},
    ], extra_lines=["{not json", '{"id": "x", "original_title": "Bad id"}', '["a list"]'])
    code, out, err = await cli("films", "import-tmdb-ids", str(first), db=db, cwd=tmp_path)
    assert code == 0, err
    assert "2 new titles" in out and "1 adult films and 3 bad lines skipped" in out
    assert err.count("skipped 3 line(s) that are not a film of TMDB's export (the first: line 4)") == 1
    assert "[#" not in err  # no progress bar when standard error is not a terminal
    assert query(db, "SELECT tmdb_id, title FROM tmdb_titles ORDER BY tmdb_id") == [
        (101, "The Quiet Harbour"), (103, "Paper Moons")]

    second = _export(tmp_path / "movie_ids_12_02_2026.json.gz", [
        {"id": 101, "original_title": "The Quiet Harbour"},
        {"id": 103, "original_title": "Paper Moons Rising"},
        {"id": 104, "original_title": "Lanterns"},
    ])
    code, out, err = await cli("films", "import-tmdb-ids", str(second), db=db, cwd=tmp_path)
    assert code == 0, err
    assert "1 new titles, 1 renamed" in out
    assert query(db, "SELECT tmdb_id, title FROM tmdb_titles ORDER BY tmdb_id") == [
        (101, "The Quiet Harbour"), (103, "Paper Moons Rising"), (104, "Lanterns")]
    assert query(db, "SELECT film_id, title FROM listed_entries ORDER BY film_id") == [
        (101, "The Quiet Harbour"), (103, "Paper Moons Rising"), (104, "Lanterns")]  # renamed, not doubled
    assert query(db, "SELECT count(*) FROM listed_keys WHERE key = 'paper moons'") == [(0,)]

    code, _, err = await cli("films", "import-tmdb-ids", str(tmp_path / "missing.json.gz"), db=db, cwd=tmp_path)
    assert code == 2 and "cannot read" in err and "Traceback" not in err


@pytest.mark.sqlite_only  # the listed titles' index is kept in SQLite's file (on PostgreSQL only the list)
async def test_listed_titles_are_offered_and_found_without_a_request_and_fetched_once_when_chosen(
        tmdb_world, tmdb, tmp_path):
    from tests.e2e.helpers import published_thread
    from tests.e2e.test_releases import reply_to

    world = tmdb_world
    tmdb.add_movie(StoredMovie(id=8080, title="The Quiet Harbour", release_date=_upcoming(45),
                               releases={"GB": [(3, _upcoming(45), "12A", "")]}))
    tmdb.add_movie(StoredMovie(id=8081, title="Lanterns at Dusk", release_date=_upcoming(9),
                               releases={"GB": [(3, _upcoming(9), "PG", "")]}))
    export = _export(tmp_path / "ids.json.gz", [{"id": 8080, "original_title": "The Quiet Harbour"},
                                                {"id": 8081, "original_title": "Lanterns at Dusk"}])
    code, _, err = await cli("films", "import-tmdb-ids", str(export), db=world.db_path, cwd=tmp_path)
    assert code == 0, err

    def asked():
        return [r.path for r in tmdb.requests if r.path != "/3/movie/changes"]  # the refresh task's, at start

    async def offered(text):
        return await world.drv.autocomplete(world.guild, world.reviews, world.member, "release when",
                                            {"film": text}, focused="film")

    choices = await offered("quiet harb")
    for _ in range(60):  # the running bot notices another process's import within a second
        if any(c["value"] == "tmdb:8080" for c in choices):
            break
        await asyncio.sleep(0.05)
        choices = await offered("quiet harb")
    assert [(c["name"], c["value"]) for c in choices] == [("The Quiet Harbour · TMDB", "tmdb:8080")]
    assert asked() == []  # offered from the list: no search

    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "tmdb:8080", "country": "GB", "format": "cinema"}))
    day = dt.date.fromisoformat(_upcoming(45))
    assert "The Quiet Harbour" in shown["content"] and f"{day.day} {day:%B %Y}" in shown["content"]
    assert asked() == ["/3/movie/8080"]  # its details, once, on first use
    stored = query(world.db_path, "SELECT id FROM films WHERE tmdb_id = 8080")
    assert len(stored) == 1
    assert query(world.db_path, "SELECT count(*) FROM listed_entries WHERE film_id = 8080") == [(0,)]
    again = await offered("quiet harb")
    year = dt.date.fromisoformat(_upcoming(45)).year
    assert [(c["name"], c["value"]) for c in again] == [(f"The Quiet Harbour ({year})", str(stored[0][0]))]

    thread = await published_thread(world)
    before = len(tmdb.requests)
    question = world.drv.post(thread, world.member, "when is Lanterns at Dusk out in cinemas in the UK?")
    replied = await reply_to(world, thread, question, timeout=15)
    day = dt.date.fromisoformat(_upcoming(9))
    assert "Lanterns at Dusk" in replied["content"] and f"{day.day} {day:%B %Y}" in replied["content"]
    assert [r.path for r in tmdb.requests[before:] if r.path != "/3/movie/changes"] == ["/3/movie/8081"]
