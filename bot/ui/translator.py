"""Slash commands in each language Reviewbot speaks: discord.py's Translator over gettext catalogues.

The commands are declared in English in the cogs, as before; discord.py hands every name and
description to :class:`CommandTranslator` for each of Discord's locales when it builds the sync
payload, and the translator looks the English text up in ``bot/locales/<language>/LC_MESSAGES/commands.po``
(the ``commands`` domain; what the bot says is in ``messages``). So a cog needs no change to be
translated, and a new command shows up as missing in the catalogue test until it is translated.

Message contexts (``msgctxt``) keep the three kinds of string apart, because Discord holds them to
different rules: ``name`` (command, group, subcommand and option names: 1-32 lowercase characters),
``choice`` (choice names, up to 100 characters, any case), and none for descriptions.

The catalogues are read with Babel's ``pofile`` reader when the translator is loaded (no compile step,
so a fresh ``pip install -e .`` or a wheel with the ``.po`` files as package data is enough). A
translation that breaks Discord's rules is left out with a warning rather than sent, since one bad
string would make Discord refuse the whole sync.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import IO

from babel.messages.pofile import read_po
from discord import Locale, app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.domain.command_rules import valid_choice_name, valid_description, valid_name
from bot.domain.locales import LANGUAGES, Language
from bot.domain.translations import catalogue_path

__all__ = ["DOMAIN", "CommandCatalogue", "CommandTranslator", "Kind", "kind_of", "load_catalogues", "parse_catalogue"]

log = logging.getLogger(__name__)

DOMAIN = "commands"
#: Discord's locale the English in the cogs is written for; en-GB has a catalogue of its own.
SOURCE = "en-US"


class Kind:
    """The ``msgctxt`` of each kind of command string."""

    NAME = "name"
    CHOICE = "choice"
    DESCRIPTION: None = None


_NAMES = {Where.command_name, Where.group_name, Where.parameter_name}
_RULES = {Kind.NAME: valid_name, Kind.CHOICE: valid_choice_name, Kind.DESCRIPTION: valid_description}


def kind_of(location: Where) -> str | None:
    """The catalogue context of a string discord.py asks about, by where it appears in a command."""
    if location in _NAMES:
        return Kind.NAME
    if location is Where.choice_name:
        return Kind.CHOICE
    return Kind.DESCRIPTION  # command, group and option descriptions


@dataclass(frozen=True)
class CommandCatalogue:
    """One language's translations of the command strings: (context, English) → translation."""

    lang: Language
    entries: Mapping[tuple[str | None, str], str] = field(default_factory=dict)

    def get(self, english: str, kind: str | None) -> str | None:
        """The translation of *english*, or None when the catalogue has none (Discord then shows English)."""
        return self.entries.get((kind, english)) or None


def catalogue_resource(lang: Language) -> str:
    """The catalogue's path inside the ``bot`` package (beside the ``messages`` one, laid out alike)."""
    return catalogue_path(lang, DOMAIN)


def read_catalogue(lang: Language) -> CommandCatalogue:
    """*lang*'s command catalogue; empty (English everywhere) when it is missing or cannot be read."""
    source = resources.files("bot").joinpath(catalogue_resource(lang))
    try:
        with source.open("rb") as handle:
            return parse_catalogue(handle, lang)
    except FileNotFoundError:
        log.warning("No command catalogue for %s (%s); its members see the commands in English",
                    lang.discord, catalogue_resource(lang))
        return CommandCatalogue(lang)
    except Exception:  # a catalogue a translator broke must not stop the bot
        log.exception("The command catalogue for %s could not be read; its members see English", lang.discord)
        return CommandCatalogue(lang)


def parse_catalogue(handle: IO[bytes], lang: Language) -> CommandCatalogue:
    """The translations of a ``.po`` file, less the empty, fuzzy and rule-breaking ones."""
    catalog = read_po(handle, locale=lang.babel, domain=DOMAIN)
    entries: dict[tuple[str | None, str], str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str) or not message.string:
            continue
        translation = str(message.string)
        rule = _RULES.get(message.context, valid_description)
        if not rule(translation):
            log.warning("Leaving out the %s translation %r of %r: Discord would refuse it",
                        lang.discord, translation, message.id)
            continue
        entries[(message.context, message.id)] = translation
    return CommandCatalogue(lang, entries)


def load_catalogues() -> dict[str, CommandCatalogue]:
    """Every language's command catalogue, by Discord locale code."""
    return {code: read_catalogue(lang) for code, lang in LANGUAGES.items()}


class CommandTranslator(app_commands.Translator):
    """Gives discord.py each command string in each language Reviewbot speaks.

    English is given for both English locales (en-GB's own word where its catalogue has one), so that
    Discord, which falls back from en-US to en-GB and back, never shows one the other's wording. Other
    languages get their catalogue's translation or nothing, and Discord shows the English default.
    Locales Reviewbot does not speak get nothing.
    """

    def __init__(self, catalogues: Mapping[str, CommandCatalogue] | None = None) -> None:
        self.catalogues: Mapping[str, CommandCatalogue] = catalogues if catalogues is not None else {}

    async def load(self) -> None:
        if not self.catalogues:
            self.catalogues = load_catalogues()
            log.info("Command catalogues loaded: %s", ", ".join(
                f"{code} ({len(cat.entries)})" for code, cat in self.catalogues.items()))

    def lookup(self, english: str, locale: str, kind: str | None) -> str | None:
        """*english* (a name, choice name or description) in Discord's *locale*, or None for the default."""
        catalogue = self.catalogues.get(locale)
        if catalogue is None:
            return None
        translated = catalogue.get(english, kind)
        if translated is None and locale.startswith("en-"):
            return english
        return translated

    async def translate(
        self, string: app_commands.locale_str, locale: Locale, context: app_commands.TranslationContext
    ) -> str | None:
        return self.lookup(string.message, locale.value, kind_of(context.location))
