"""Dates, countries and lists as each language Reviewbot speaks writes them, and how a language is picked."""

import datetime as dt

import pytest

from bot.domain.locales import DEFAULT, LANGUAGES, country_name, join, pick, written_date
from bot.domain.models import PartialDate

DAY = PartialDate(2011, 6, 27)


@pytest.mark.parametrize(("code", "full", "month", "with_weekday"), [
    ("en-US", "June 27, 2011", "June 2011", "Monday, June 27, 2011"),
    ("en-GB", "27 June 2011", "June 2011", "Monday, 27 June 2011"),
    ("fr", "27 juin 2011", "juin 2011", "lundi 27 juin 2011"),
    ("de", "27. Juni 2011", "Juni 2011", "Montag, 27. Juni 2011"),
    ("es-ES", "27 de junio de 2011", "junio de 2011", "lunes, 27 de junio de 2011"),
    ("es-419", "27 de junio de 2011", "junio de 2011", "lunes, 27 de junio de 2011"),
    ("pt-BR", "27 de junho de 2011", "junho de 2011", "segunda-feira, 27 de junho de 2011"),
])
def test_dates_in_each_language(code, full, month, with_weekday):
    lang = LANGUAGES[code]
    assert written_date(DAY, lang) == full
    assert written_date(PartialDate(2011, 6), lang) == month
    assert written_date(PartialDate(2011), lang) == "2011"
    assert written_date(DAY, lang, weekday=True) == with_weekday
    assert written_date(dt.date(2011, 6, 27), lang) == full


@pytest.mark.parametrize(("code", "gb", "listed"), [
    ("en-US", "United Kingdom", "A, B, and C"),
    ("en-GB", "United Kingdom", "A, B and C"),
    ("fr", "Royaume-Uni", "A, B et C"),
    ("de", "Vereinigtes Königreich", "A, B und C"),
    ("es-ES", "Reino Unido", "A, B y C"),
    ("pt-BR", "Reino Unido", "A, B e C"),
])
def test_countries_and_lists_in_each_language(code, gb, listed):
    lang = LANGUAGES[code]
    assert country_name("gb", lang) == gb
    assert join(["A", "B", "C"], lang) == listed
    assert join([], lang) == ""


@pytest.mark.parametrize(("locales", "chosen"), [
    (("fr",), "fr"), (("pt-BR", "fr"), "pt-BR"), (("ja", "de"), "de"), (("ja",), "en-US"), ((None, "en-GB"), "en-GB"),
    (("es",), "es-ES"), (("pt-PT",), "pt-BR"), ((), "en-US"), (("",), "en-US"),
])
def test_the_first_language_reviewbot_speaks_is_picked_else_english(locales, chosen):
    assert pick(*locales).discord == chosen
    assert DEFAULT.discord == "en-US"
