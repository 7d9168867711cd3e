import json

import pytest

from bot.domain import film_import
from bot.domain.film_import import FilmImportError, films_to_json, parse_films, parse_films_csv, parse_films_json
from bot.domain.models import PartialDate, ReleaseType

TMDB_RESPONSE = {
    "id": 949,
    "results": [
        {"iso_3166_1": "US", "release_dates": [
            {"certification": "R", "iso_639_1": "", "note": "", "release_date": "1995-12-15T00:00:00.000Z", "type": 3},
        ]},
        {"iso_3166_1": "gb", "release_dates": [
            {"certification": "", "iso_639_1": "", "note": "", "release_date": "1996-02", "type": "theatrical"},
        ]},
    ],
}


def film_doc(**fields):
    record = {"title": "Heat", "year": 1995, "release_dates": TMDB_RESPONSE}
    record.update(fields)
    return {"films": [{"title": "Alien", "year": 1979}, {"title": "Jaws", "year": 1975}, record]}


def test_tmdb_release_dates_response_is_read():
    (film,) = parse_films_json(json.dumps({"films": [{"title": "Heat", "year": 1995, "release_dates": TMDB_RESPONSE,
                                                      "director": "Michael Mann", "cast": ["Al Pacino"],
                                                      "runtime_minutes": 170, "imdb_id": "tt0113277"}]}))
    assert film.title == "Heat" and film.year == 1995 and film.id is None
    us, gb = film.releases
    expected_us = ("US", ReleaseType.THEATRICAL, PartialDate(1995, 12, 15), "R")
    assert (us.country, us.type, us.date, us.certification) == expected_us
    assert (gb.country, gb.date, gb.certification, gb.note) == ("GB", PartialDate(1996, 2), None, None)
    assert film.cast == ("Al Pacino",) and film.runtime_minutes == 170


def test_the_results_array_alone_is_accepted():
    (film,) = parse_films_json(json.dumps({"films": [{"title": "Heat", "release_dates": TMDB_RESPONSE["results"]}]}))
    assert len(film.releases) == 2


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [("2011", None, PartialDate(2011)), ("2011-02", None, PartialDate(2011, 2)),
     ("2011-02-11", None, PartialDate(2011, 2, 11)), ("2011-01-01T00:00:00.000Z", None, PartialDate(2011, 1, 1)),
     ("2011-02-11T23:00:00.000Z", None, PartialDate(2011, 2, 11)), ("2011-01-01", "year", PartialDate(2011)),
     ("2011-02-01", "month", PartialDate(2011, 2)), ("2011-02-11", "day", PartialDate(2011, 2, 11))],
)
def test_dates_keep_the_precision_the_data_gives(date, precision, expected):
    entry = {"type": 3, "release_date": date}
    if precision:
        entry["precision"] = precision
    doc = {"films": [{"title": "X", "release_dates": [{"iso_3166_1": "US", "release_dates": [entry]}]}]}
    assert parse_films_json(json.dumps(doc))[0].releases[0].date == expected


BAD_FILM = [
    ({"title": ""}, "title", "is missing"),
    ({"title": None}, "title", "is missing"),
    ({"title": "x" * 301}, "title", "at most 300"),
    ({"title": "He\x00at"}, "title", "control characters"),
    ({"title": 42}, "title", "must be text"),
    ({"year": "nineteen"}, "year", "whole number"),
    ({"year": 1066}, "year", "out of range"),
    ({"year": True}, "year", "whole number"),
    ({"runtime_minutes": -5}, "runtime_minutes", "out of range"),
    ({"imdb_id": "1334260"}, "imdb_id", "not an IMDb id"),
    ({"director": "Mi\u0007chael"}, "director", "control characters"),
    ({"cast": "not a list" and {"a": 1}}, "cast", "list"),
    ({"release_dates": "soon"}, "release_dates", "results"),
    ({"release_dates": [{"iso_3166_1": "XX", "release_dates": []}]}, "release_dates[0].iso_3166_1",
     "not an ISO 3166-1"),
    ({"release_dates": [{"iso_3166_1": "USA", "release_dates": []}]}, "release_dates[0].iso_3166_1",
     "not an ISO 3166-1"),
    ({"release_dates": [{"iso_3166_1": "US", "release_dates": [{"type": 9, "release_date": "2011"}]}]},
     "release_dates[0].release_dates[0].type", "not a release type"),
    ({"release_dates": [{"iso_3166_1": "US", "release_dates": [{"type": "cinemaaa", "release_date": "2011"}]}]},
     "release_dates[0].release_dates[0].type", "not a release type"),
    ({"release_dates": [{"iso_3166_1": "US", "release_dates": [{"type": 3, "release_date": "2011-02-30"}]}]},
     "release_dates[0].release_dates[0].release_date", "not a real date"),
    ({"release_dates": [{"iso_3166_1": "US", "release_dates": [{"type": 3, "release_date": "11/02/2011"}]}]},
     "release_dates[0].release_dates[0].release_date", "not a date"),
    ({"release_dates": [{"iso_3166_1": "US", "release_dates": [{"type": 3}]}]},
     "release_dates[0].release_dates[0].release_date", "missing"),
    ({"release_dates": [{"iso_3166_1": "US", "release_dates": [{"type": 3, "release_date": "2011",
                                                                "note": "n" * 501}]}]},
     "release_dates[0].release_dates[0].note", "at most 500"),
    ({"release_dates": [{"iso_3166_1": "US", "release_dates": [{"type": 3, "release_date": "2011-02-11",
                                                                "precision": "week"}]}]},
     "release_dates[0].release_dates[0].precision", "not day, month or year"),
]


@pytest.mark.parametrize(("fields", "field", "reason"), BAD_FILM)
def test_a_bad_json_record_is_named_with_its_field_and_reason(fields, field, reason):
    with pytest.raises(FilmImportError) as caught:
        parse_films_json(json.dumps(film_doc(**fields)))
    message = str(caught.value)
    assert message.startswith("film #3")
    assert f"field {field} " in message and reason in message


def test_the_error_names_the_film_by_title_and_year():
    doc = film_doc(release_dates=[{"iso_3166_1": "US", "release_dates": [{"type": 3, "release_date": "2011-02-30"}]}])
    with pytest.raises(FilmImportError, match=r"^film #3 “Heat” \(1995\): field release_dates\[0\]"):
        parse_films_json(json.dumps(doc))


@pytest.mark.parametrize(
    ("data", "reason"),
    [("not json at all {", "not valid JSON"), ('{"films": 3}', '"films" list'), ("[1, 2]", '"films" list'),
     ('{"movies": []}', '"films" list'), (b"\xff\xfe\x00", "not UTF-8"), ('{"films": [3]}', "film #1")],
)
def test_malformed_json_is_refused(data, reason):
    with pytest.raises(FilmImportError, match=reason):
        parse_films(data, filename="films.json")


def test_oversized_files_are_refused(monkeypatch):
    monkeypatch.setattr(film_import, "MAX_BYTES", 100)
    with pytest.raises(FilmImportError, match="limit"):
        parse_films_json(json.dumps({"films": [{"title": "x" * 200}]}))


def test_nothing_is_returned_when_a_later_record_is_bad():
    doc = {"films": [{"title": "Good"}, {"title": "Bad", "year": 3000}]}
    with pytest.raises(FilmImportError, match="film #2"):
        parse_films_json(json.dumps(doc))


CSV = """title,year,country,type,date,note,certification
Never Let Me Go,2010,US,premiere,2010-09-03,Telluride Film Festival,
Never Let Me Go,2010,gb,3,2011-02-11,,15
Dune,2021,GB,theatrical,2021-10-21,,
Never Let Me Go,2010,CA,1,2010-09,Toronto,
Dune,1984,US,Theatrical,1984-12-14,,
"""


def test_csv_rows_are_grouped_into_films_by_title_and_year():
    films = parse_films(CSV, filename="films.csv")
    assert [f.label for f in films] == ["Never Let Me Go (2010)", "Dune (2021)", "Dune (1984)"]
    nlmg = films[0]
    assert [r.country for r in nlmg.releases] == ["US", "GB", "CA"]
    assert nlmg.releases[1].certification == "15" and nlmg.releases[2].date == PartialDate(2010, 9)


def test_csv_is_recognised_without_a_file_name():
    assert len(parse_films(CSV)) == 3


@pytest.mark.parametrize(
    ("row", "expected"),
    [("X,2010,ZZ,3,2011-02-11,", "CSV line 3: field country 'ZZ' is not an ISO 3166-1"),
     ("X,2010,US,blockbuster,2011-02-11,", "CSV line 3: field type"),
     ("X,2010,US,3,2011-02-30,", "CSV line 3: field date '2011-02-30' is not a real date"),
     (",2010,US,3,2011-02-11,", "CSV line 3: field title is missing"),
     ("X,20x0,US,3,2011-02-11,", "CSV line 3: field year"),
     ("X,2010,US,3,2011-02-11,a\x07b", "CSV line 3: field note contains control characters"),
     ("X,2010,US,3,2011-02-11,,,extra", "CSV line 3: 8 cells")],
)
def test_a_bad_csv_row_is_named_by_line_field_and_reason(row, expected):
    data = "title,year,country,type,date,note\nOK,2010,US,3,2010-01-01,\n" + row + "\n"
    with pytest.raises(FilmImportError) as caught:
        parse_films_csv(data)
    assert str(caught.value).startswith(expected)


@pytest.mark.parametrize(
    ("data", "reason"),
    [("", "empty"), ("title,year\nX,2010\n", "header lacks country, type, date"),
     ("just some words", "neither JSON nor CSV")],
)
def test_files_that_are_not_the_csv_format_are_refused(data, reason):
    with pytest.raises(FilmImportError, match=reason):
        parse_films(data) if "words" in data else parse_films_csv(data)


def test_films_round_trip_through_json():
    films = parse_films(CSV)
    assert parse_films_json(json.dumps(films_to_json(films))) == films
