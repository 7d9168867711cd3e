"""The film data shipped in data/films.json: valid, round-trips, and says what the sources say."""

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.domain.film_import import films_to_json, parse_films_json
from bot.domain.models import Format, PartialDate, ReleaseType
from bot.domain.release_answers import compose_answer
from bot.domain.titles import TitleIndex, find_title_in_text

DATA = Path(__file__).resolve().parents[2] / "data" / "films.json"
TODAY = dt.date(2026, 11, 25)
R = ReleaseType


@pytest.fixture(scope="module")
def films():
    return {film.label: film for film in parse_films_json(DATA.read_bytes())}


def test_shipped_films_round_trip_through_the_parser(films):
    parsed = list(films.values())
    assert parse_films_json(json.dumps(films_to_json(parsed))) == parsed


def test_never_let_me_go_has_exactly_the_sourced_dates(films):
    film = films["Never Let Me Go (2010)"]
    got = sorted((r.country, int(r.type), r.date.iso()) for r in film.releases)
    assert got == sorted([
        ("US", 1, "2010-09-03"), ("CA", 1, "2010-09"), ("US", 2, "2010-09-15"), ("US", 2, "2010-09-24"),
        ("US", 2, "2010-10-01"), ("GB", 1, "2010-10-13"), ("GB", 3, "2011-02-11"), ("US", 5, "2011-02-01"),
        ("GB", 5, "2011-06-27"),
    ])
    assert film.imdb_id == "tt1334260" and film.tmdb_id is None


def test_shipped_data_covers_the_release_patterns(films):
    festival_limited_wide = {(r.country, r.type) for r in films["Everything Everywhere All at Once (2022)"].releases}
    assert {("US", R.PREMIERE), ("US", R.LIMITED), ("US", R.THEATRICAL)} <= festival_limited_wide
    moonlight = {(r.country, r.type) for r in films["Moonlight (2016)"].releases}
    assert ("US", R.THEATRICAL) not in moonlight  # it never went truly wide: no wide date is invented
    extraction = {r.type for r in films["Extraction (2020)"].releases}
    assert extraction == {R.DIGITAL}
    upcoming = [r for f in films.values() for r in f.releases if r.date.first_day() > TODAY]
    assert upcoming and all(r.note and "upcoming" in r.note.lower() for r in upcoming)
    assert {"Dune (1984)", "Dune (2021)"} <= set(films)
    assert any(r.date.precision != "day" for f in films.values() for r in f.releases)


def test_the_uk_dvd_question_gets_the_sourced_date(films):
    text = compose_answer(films["Never Let Me Go (2010)"], formats=(Format.DVD,), countries=("GB",), today=TODAY).text
    assert "out since 27 June 2011" in text


def test_the_american_cinema_question_gets_the_limited_run_not_an_invented_wide_date(films):
    film = films["Never Let Me Go (2010)"]
    text = compose_answer(film, formats=(Format.CINEMA,), countries=("US",), today=TODAY).text
    assert "limited release only, from 15 September 2010" in text and "no wide release" in text


def test_the_toronto_premiere_is_only_known_to_the_month(films):
    (toronto,) = [r for r in films["Never Let Me Go (2010)"].releases if r.country == "CA"]
    assert toronto.date == PartialDate(2010, 9)


def test_shipped_titles_are_found_in_questions(films):
    index = TitleIndex()
    for n, film in enumerate(films.values()):
        index.add(n, film.title, film.year, film.aliases)
    labels = [f.label for f in films.values()]
    match = find_title_in_text("is never let me goo out on DVD in the UK yet?", index)
    assert match is not None and labels[match.film_id] == "Never Let Me Go (2010)"
    match = find_title_in_text("when's Irishman on Netflix?", index)
    assert match is not None and labels[match.film_id] == "The Irishman (2019)"
