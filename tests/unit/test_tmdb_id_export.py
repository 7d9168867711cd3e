"""A line of TMDB's daily id export read into a listed title; adult films left out; anything else refused."""

from __future__ import annotations

import pytest

from bot.domain.tmdb import ListedTitle, TmdbShapeError, parse_id_export_line


def test_a_film_line_becomes_a_listed_title():
    line = '{"adult":false,"id":603,"original_title":"The  Matrix","popularity":61.416,"video":false}\n'
    assert parse_id_export_line(line) == ListedTitle(603, "The Matrix", 61.416)


def test_an_adult_film_is_left_out():
    assert parse_id_export_line('{"adult":true,"id":9,"original_title":"X","popularity":1,"video":false}') is None


@pytest.mark.parametrize("line", [
    "{broken", "[]", '"text"', '{"id":1,"popularity":1}', '{"id":1,"original_title":"","popularity":1}',
    '{"id":0,"original_title":"A","popularity":1}', '{"id":true,"original_title":"A","popularity":1}',
    '{"id":"5","original_title":"A","popularity":1}', '{"id":5,"original_title":7,"popularity":1}',
    '{"id":5,"original_title":"A","popularity":"high"}', '{"id":5,"original_title":"A","popularity":-1}',
    '{"id":5,"original_title":"' + "a" * 5000 + '","popularity":1}',
])
def test_a_line_that_is_not_a_film_is_refused(line):
    with pytest.raises(TmdbShapeError):
        parse_id_export_line(line)
