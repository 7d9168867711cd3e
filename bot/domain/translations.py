"""What the bot says, in the member's language: gettext catalogues read once, and a phrasebook per language.

Every sentence the bot writes is one whole message in ``bot/locales/<language>/LC_MESSAGES/messages.po``
with named placeholders (``"{country}: no release on record."``), so a translator may reorder it; no
sentence is glued together from fragments. The English text is the message id, so a message missing
from a catalogue is said in English rather than not at all. Plurals follow each language's own rule
(the catalogue's ``Plural-Forms``), through the standard library's gettext.

A :class:`Phrasebook` also writes what is not a sentence the way its language does: dates (Babel),
country names, and "A, B and C" / "A, B or C" lists. English keeps the short names members use
("the UK", "the US"); the other languages use CLDR's names ("Royaume-Uni", "Vereinigte Staaten").

The catalogues are the package's own data, read with ``importlib.resources`` like Babel reads its CLDR
files: nothing here touches the network or the disk outside the installed package.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import logging
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from string import Formatter

from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.domain import countries as english_countries
from bot.domain import locales
from bot.domain.locales import DEFAULT, Language
from bot.domain.models import PartialDate

__all__ = ["DOMAIN", "ENGLISH", "Phrasebook", "catalogue_path", "phrasebook", "placeholders"]

log = logging.getLogger(__name__)

#: The gettext domain of what the bot says (command names and descriptions have a domain of their own).
DOMAIN = "messages"
#: The English the message ids are written in; the other English has a catalogue of its own.
ENGLISH = locales.LANGUAGES["en-GB"]


def catalogue_path(lang: Language, domain: str = DOMAIN) -> str:
    """Where *lang*'s catalogue sits inside the ``bot`` package, for tools and tests."""
    return f"locales/{lang.catalogue}/LC_MESSAGES/{domain}.po"


@lru_cache(maxsize=16)
def _country_rows(babel_code: str) -> tuple[tuple[str, str, str], ...]:
    """Every country's name in one language, folded for autocomplete: built once per language."""
    return english_countries.local_choice_rows(locales.country_names(babel_code))


@lru_cache(maxsize=32)
def _translations(lang: Language, domain: str) -> gettext.NullTranslations:
    """The catalogue read and turned into gettext's form; an absent or broken one says English."""
    catalogue = lang.catalogue
    source = resources.files("bot").joinpath(catalogue_path(lang, domain))
    try:
        with source.open("rb") as handle:
            catalog = read_po(handle, locale=catalogue)
    except FileNotFoundError:
        return gettext.NullTranslations()
    except Exception:  # a catalogue a translator broke must not stop the bot: its language says English
        log.exception("The %s catalogue for %s could not be read; that language falls back to English",
                      domain, catalogue)
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy and empty translations are left out, so those say English
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def placeholders(text: str) -> frozenset[str]:
    """The named fields of a message (``{film}``, ``{date}``), which every translation must keep."""
    return frozenset(name for _, name, _, _ in Formatter().parse(text) if name)


class Phrasebook:
    """Everything one language needs to say something: its messages, dates, countries and lists."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self._gettext = _translations(lang, DOMAIN)

    @property
    def english(self) -> bool:
        return self.lang.discord.startswith("en")

    def __call__(self, message: str, /, **values: object) -> str:
        """*message* in this language with *values* filled in (message ids are English)."""
        text = self._gettext.gettext(message)
        return _fill(text, message, values)

    def in_context(self, context: str, message: str, /, **values: object) -> str:
        """*message* as said in *context* (gettext's msgctxt): one English text, several in other languages.

        Dates use it: English writes "out since 27 June 2011" and "out since June 2011" alike, French
        needs "depuis le 27 juin 2011" but "depuis juin 2011", so the context names the date's precision.
        """
        text = self._gettext.pgettext(context, message)
        return _fill(text, message, values)

    def plural(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form of *singular*/*plural* this language uses for *n*; ``{n}`` is filled in too."""
        text = self._gettext.ngettext(singular, plural, n)
        return _fill(text, singular if n == 1 else plural, {"n": n, **values})

    def date(self, date: PartialDate | dt.date, *, weekday: bool = False) -> str:
        """A date in running text, never more precise than it is known ("June 2011", "2011")."""
        return locales.written_date(date, self.lang, weekday=weekday)

    def number(self, n: float) -> str:
        """A number as this language groups its digits: "12,500", "12 500", "12.500"."""
        return format_decimal(n, locale=self.lang.babel)

    def country(self, code: str) -> str:
        """A country's short name: "UK", "Germany"; "Royaume-Uni", "Deutschland"."""
        if self.english:
            return english_countries.country_name(code)
        return locales.country_name(code, self.lang)

    def country_phrase(self, code: str) -> str:
        """The name as it sits in a sentence: "the UK" in English; other languages use the bare name."""
        if self.english:
            return english_countries.country_phrase(code)
        return locales.country_name(code, self.lang)

    def country_choices(self, query: str, limit: int = 25) -> list[tuple[str, str]]:
        """Autocomplete's ``(name, code)`` pairs for what the member typed: names in this language, what they
        type matched in it and in English ("roy" → "Royaume-Uni", "germ" → "Allemagne")."""
        if self.english:
            return english_countries.country_choices(query, limit)
        return english_countries.country_choices(query, limit, local=_country_rows(self.lang.babel))

    def country_code(self, text: str) -> str | None:
        """The country a member typed without picking from the list: an English name or code, or this
        language's name ("Royaume-Uni", "Vereinigtes Königreich")."""
        code = english_countries.resolve_country(text)
        if code is not None or self.english:
            return code
        return english_countries.local_country(text, _country_rows(self.lang.babel))

    def country_in_words(self, code: str) -> str:
        """The name spelt out: "the United States"; "États-Unis"."""
        if self.english:
            return english_countries.country_in_words(code)
        return locales.country_name(code, self.lang)

    def all_of(self, items: Sequence[str]) -> str:
        """"A, B and C" as this language lists them."""
        return format_list(list(items), locale=self.lang.babel) if items else ""

    def any_of(self, items: Sequence[str]) -> str:
        """"A, B or C" as this language lists them."""
        return format_list(list(items), style="or", locale=self.lang.babel) if items else ""


def _fill(text: str, original: str, values: dict[str, object]) -> str:
    """Fill a message in; a translation with a broken placeholder is said in English instead.

    A message given no values is said as it is: it may hold braces of its own (a member's text).
    """
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        log.warning("A translation of %r has a placeholder the message lacks; saying it in English", original)
        return original.format(**values)


@lru_cache(maxsize=16)
def phrasebook(lang: Language = DEFAULT) -> Phrasebook:
    """The phrasebook of *lang*, built once."""
    return Phrasebook(lang)
