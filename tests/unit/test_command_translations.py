"""The slash commands' catalogues: Discord's naming rules, every language complete, and the translator's choices.

The catalogues are read here straight from the ``.po`` files with Babel, not through the translator
(which leaves out what breaks Discord's rules), so a bad translation fails this test instead of
quietly falling back to English. That the names also do not clash within a command, in any language, is
checked on the payload the real bot syncs (tests/e2e/test_command_languages.py).
"""

import fnmatch
import io
import logging
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from discord.app_commands import TranslationContextLocation as Where

from bot.domain.command_rules import valid_choice_name, valid_description, valid_name
from bot.domain.locales import LANGUAGES
from bot.ui.translator import CommandCatalogue, CommandTranslator, Kind, catalogue_resource, kind_of, parse_catalogue
from tests.command_catalogues import updated

RULES = {"name": valid_name, "choice": valid_choice_name, None: valid_description}
TRANSLATED = [code for code in LANGUAGES if not code.startswith("en-")]


def messages(code: str) -> list:
    with resources.files("bot").joinpath(catalogue_resource(LANGUAGES[code])).open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


@pytest.mark.parametrize("name", ["review", "my-country", "purge_comments", "répondre-questions", "straße",
                                  "kommentare_löschen", "cuándo", "समीक्षा", "รีวิว", "レビュー", "x" * 32, "2024"])
def test_names_discord_accepts(name):
    assert valid_name(name)


@pytest.mark.parametrize("name", ["", "x" * 33, "Review", "ÉCRIRE", "two words", "what?", "a.b", "tab\t", "emoji🎬",
                                  None, 12])
def test_names_discord_refuses(name):
    assert not valid_name(name)


@pytest.mark.parametrize(("text", "ok"), [("", False), ("x", True), ("x" * 100, True), ("x" * 101, False)])
def test_descriptions_and_choice_names_are_one_to_a_hundred_characters(text, ok):
    assert valid_description(text) is ok
    assert valid_choice_name(text) is ok


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_language_has_a_catalogue_of_the_same_strings(code):
    source = {(m.context, m.id) for m in messages("en-US")}
    assert source, "the en-US catalogue lists every command string"
    assert {(m.context, m.id) for m in messages(code)} == source


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_string_in_every_language_keeps_discords_rules(code):
    broken = [(m.context, m.id, m.string) for m in messages(code)
              if m.string and not RULES[m.context](m.string)]
    assert broken == []
    # the English source is held to the same rules, since it is what every other locale falls back to
    assert [m.id for m in messages(code) if not RULES[m.context](m.id)] == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_string_is_translated_in_the_other_languages(code):
    assert [(m.context, m.id) for m in messages(code) if not m.string or m.fuzzy] == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_what_must_not_change(code):
    """A translation may reorder its sentence, but keeps what is literal: /feed/, (0-10), tt1334260, format names."""
    for m in messages(code):
        for literal in ("/feed/", "(0-10)", "tt1334260", "GB", "release_dates", "JSON", "CSV", "Markdown"):
            if literal in m.id:
                assert literal in m.string, (m.id, m.string, literal)


def test_which_rules_apply_where():
    assert kind_of(Where.command_name) == kind_of(Where.group_name) == kind_of(Where.parameter_name) == Kind.NAME
    assert kind_of(Where.choice_name) == Kind.CHOICE
    assert kind_of(Where.command_description) is kind_of(Where.parameter_description) is Kind.DESCRIPTION


async def test_the_translator_gives_each_language_its_words_and_english_to_both_englishes():
    translator = CommandTranslator()
    await translator.load()
    assert translator.lookup("release", "fr", Kind.NAME) == "sortie"
    assert translator.lookup("release", "de", Kind.NAME) == "termine"
    assert translator.lookup("The film", "es-419", Kind.DESCRIPTION) == "La película"
    assert translator.lookup("cinema", "pt-BR", Kind.CHOICE) == "cinema"
    assert translator.lookup("release", "en-US", Kind.NAME) == "release"
    assert translator.lookup("release", "en-GB", Kind.NAME) == "release"


async def test_the_translator_leaves_other_locales_and_unknown_strings_to_discords_default():
    translator = CommandTranslator()
    await translator.load()
    assert translator.lookup("release", "ja", Kind.NAME) is None
    assert translator.lookup("a command nobody translated", "fr", Kind.NAME) is None
    # the same English in another role is another string: a description is not a name
    assert translator.lookup("release", "fr", Kind.DESCRIPTION) is None


PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgctxt "name"
msgid "review"
msgstr "Critique"

msgctxt "name"
msgid "show"
msgstr "afficher"

#, fuzzy
msgctxt "name"
msgid "edit"
msgstr "modifier"

msgid "The film"
msgstr "{long}"

msgctxt "choice"
msgid "cinema"
msgstr ""
""".replace("{long}", "L" * 101)


def test_a_translation_discord_would_refuse_is_left_out_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="bot.ui.translator"):
        catalogue = parse_catalogue(io.BytesIO(PO.encode()), LANGUAGES["fr"])
    assert catalogue.entries == {("name", "show"): "afficher"}  # not the capital, fuzzy, long or empty ones
    assert sum("Discord would refuse it" in r.getMessage() for r in caplog.records) == 2


async def test_a_missing_catalogue_means_english_not_a_failure():
    translator = CommandTranslator({"fr": CommandCatalogue(LANGUAGES["fr"])})
    await translator.load()  # given catalogues are kept
    assert translator.lookup("release", "fr", Kind.NAME) is None


def test_every_catalogue_is_package_data_so_an_installed_bot_has_its_languages():
    root = Path(__file__).resolve().parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["bot"]
    catalogues = [p.relative_to(root / "bot").as_posix() for p in (root / "bot" / "locales").rglob("*.po")]
    assert len(catalogues) >= len(LANGUAGES)
    assert [c for c in catalogues if not any(fnmatch.fnmatch(c, pattern) for pattern in patterns)] == []


def test_the_catalogue_tool_adds_new_strings_keeps_translations_and_drops_unused_ones(tmp_path):
    path = tmp_path / "commands.po"
    path.write_bytes(catalogue_file_bytes("fr"))
    wanted = [("name", "release"), ("name", "rewatch"), (None, "The film")]
    catalogue, added, dropped = updated(path, "fr", wanted)
    assert added == {("name", "rewatch")}
    assert ("name", "help") in dropped and ("name", "release") not in dropped
    entries = {(m.context, m.id): m.string for m in catalogue if m.id}
    assert entries == {("name", "release"): "sortie", ("name", "rewatch"): "", (None, "The film"): "Le film"}


def catalogue_file_bytes(code: str) -> bytes:
    return resources.files("bot").joinpath(catalogue_resource(LANGUAGES[code])).read_bytes()
