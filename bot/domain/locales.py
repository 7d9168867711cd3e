"""The languages Reviewbot speaks, and dates, countries and lists written the way each reads them.

Babel (a maintained library built on the CLDR, the data every operating system and browser uses)
does the writing: "June 27, 2011" in the United States, "27 June 2011" in Britain, "27 juin 2011",
"27. Juni 2011", "27 de junio de 2011", "27 de junho de 2011"; "Royaume-Uni"; "A, B y C". A member's
language comes from Discord (the interaction's ``locale``; the server's ``preferred_locale`` for what
the bot posts on its own); any language not listed here falls back to English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from bot.domain.models import PartialDate

__all__ = ["DEFAULT", "LANGUAGES", "Language", "country_name", "country_names", "join", "pick", "short_date",
           "written_date"]


@dataclass(frozen=True)
class Language:
    discord: str  # Discord's locale code (interaction.locale), e.g. "es-419"
    babel: str  # Babel's (CLDR) code, e.g. "es_419"
    name: str  # the language's own name, for people choosing it

    @property
    def catalogue(self) -> str:
        """The folder of its message catalogue under ``bot/locales/``."""
        return self.babel


LANGUAGES: dict[str, Language] = {lang.discord: lang for lang in (
    Language("en-US", "en_US", "English (US)"),
    Language("en-GB", "en_GB", "English (UK)"),
    Language("fr", "fr_FR", "Français"),
    Language("de", "de_DE", "Deutsch"),
    Language("es-ES", "es_ES", "Español (España)"),
    Language("es-419", "es_419", "Español (Latinoamérica)"),
    Language("pt-BR", "pt_BR", "Português do Brasil"),
)}
DEFAULT = LANGUAGES["en-US"]


def pick(*locales: str | None) -> Language:
    """The first of *locales* (Discord's codes, most specific first) that Reviewbot speaks, else English.

    A code Discord sends that only shares a language with one listed (``es-MX`` does not exist on
    Discord, but ``es`` might arrive from elsewhere) takes that language's first variety.
    """
    for code in locales:
        if not code:
            continue
        if code in LANGUAGES:
            return LANGUAGES[code]
        language = code.split("-", 1)[0].split("_", 1)[0].lower()
        for lang in LANGUAGES.values():
            if lang.discord.split("-", 1)[0].lower() == language:
                return lang
    return DEFAULT


@lru_cache(maxsize=64)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def written_date(date: PartialDate | dt.date, lang: Language = DEFAULT, *, weekday: bool = False) -> str:
    """A date as *lang* writes it in running text: day, month and year; month and year; or the year."""
    if isinstance(date, dt.date):
        date = PartialDate(date.year, date.month, date.day)
    locale = _locale(lang.babel)
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return format_skeleton("yMMMM", dt.date(date.year, date.month, 1), locale=locale)
    day = dt.date(date.year, date.month, date.day)
    return format_date(day, format="full" if weekday else "long", locale=locale)


def short_date(date: PartialDate, lang: Language = DEFAULT) -> str:
    """A date abbreviated for a table: "Feb 11, 2011", "11 févr. 2011", "11.02.2011"; month or year alone too."""
    locale = _locale(lang.babel)
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return format_skeleton("yMMM", dt.date(date.year, date.month, 1), locale=locale)
    return format_skeleton("yMMMd", dt.date(date.year, date.month, date.day), locale=locale)


def country_name(code: str, lang: Language = DEFAULT) -> str:
    """An ISO 3166-1 country's name in *lang* ("GB" → "Royaume-Uni"); the code when CLDR has no name."""
    return _locale(lang.babel).territories.get(code.upper(), code.upper())


def country_names(babel_code: str) -> dict[str, str]:
    """Every territory's name in a Babel locale ("fr_FR"), by code: what a language's autocomplete shows."""
    return {code: name for code, name in _locale(babel_code).territories.items() if len(code) == 2 and code.isalpha()}


def join(items: Sequence[str], lang: Language = DEFAULT) -> str:
    """"A, B and C" as *lang* lists them ("A, B y C", "A, B und C")."""
    return format_list(list(items), locale=_locale(lang.babel)) if items else ""
