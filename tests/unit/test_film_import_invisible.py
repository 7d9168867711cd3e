"""Film files cannot smuggle invisible or text-reversing characters into the catalogue's titles."""

import json

import pytest

from bot.domain.film_import import FilmImportError, parse_films_csv, parse_films_json


def _json(title: str, **more: object) -> str:
    return json.dumps({"films": [{"title": title, "year": 2010, **more}]})


@pytest.mark.parametrize("override", ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067",
                                      "\u2068", "\u2069"])
def test_bidi_overrides_in_a_title_are_refused_with_the_reason(override: str) -> None:
    with pytest.raises(FilmImportError, match="field title contains bidirectional override characters"):
        parse_films_json(_json(f"Never {override}oG teL{override}"))
    with pytest.raises(FilmImportError) as caught:
        parse_films_json(_json(f"Never {override}oG teL"))
    assert override not in str(caught.value)  # the error names the film without reversing itself


def test_bidi_overrides_are_refused_in_csv_and_in_other_names_too() -> None:
    with pytest.raises(FilmImportError, match="CSV line 2: field title contains bidirectional"):
        parse_films_csv("title,year,country,type,date,note\nDu\u202ene,2021,GB,3,2021-10-21,\n")
    with pytest.raises(FilmImportError, match="field director contains bidirectional"):
        parse_films_json(_json("Dune", director="Denis \u202eevueneelliV"))


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\u2060", "\ufeff", "\u200e", "\u2063", "\U000e0041"])
def test_invisible_characters_are_removed_so_a_title_cannot_pose_as_another(invisible: str) -> None:
    [film] = parse_films_json(_json(f"Du{invisible}ne{invisible}"))
    assert film.title == "Dune"


def test_a_title_of_nothing_but_invisible_characters_is_missing() -> None:
    with pytest.raises(FilmImportError, match="field title is missing"):
        parse_films_json(_json("\u200b\u200b\ufeff"))


def test_joiners_that_scripts_and_emoji_need_are_kept() -> None:
    [film] = parse_films_json(_json("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f468\u200d\U0001f469"))
    assert "\u200c" in film.title and "\u200d" in film.title


def test_line_separators_are_refused_like_control_characters() -> None:
    with pytest.raises(FilmImportError, match="field title contains control characters"):
        parse_films_json(_json("Dune\u2028Part Two"))
