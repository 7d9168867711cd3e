"""The sandbox prompt for a member whose Discord client is in another language (``reviewbot sandbox --locale``).

The definitions are shaped as the loopback server holds a synced command, localizations included.
"""

import pytest

from bot.sandbox.completion import Names, suggestions
from bot.sandbox.prompt_parse import PromptInputError, command_names, localized, parse_line

RELEASE = {
    "name": "release", "type": 1, "description": "When a film comes out",
    "name_localizations": {"fr": "sortie", "de": "termine"},
    "description_localizations": {"fr": "Quand un film sort"},
    "options": [{
        "type": 1, "name": "when", "description": "When does a film come out?",
        "name_localizations": {"fr": "quand", "de": "wann"},
        "options": [
            {"type": 3, "name": "film", "description": "The film", "required": True, "autocomplete": True,
             "name_localizations": {"fr": "film", "de": "film"}},
            {"type": 3, "name": "country", "description": "Which country",
             "name_localizations": {"fr": "pays", "de": "land"}},
            {"type": 3, "name": "format", "description": "Which kind of release",
             "name_localizations": {"fr": "format"},
             "choices": [{"name": "cinema", "value": "cinema", "name_localizations": {"fr": "cinéma", "de": "Kino"}},
                         {"name": "dvd", "value": "dvd", "name_localizations": {"fr": "DVD/Blu-ray"}}]},
        ],
    }],
}
COMMANDS = [RELEASE]
NAMES = Names(channels=["reviews"], members=["you"], roles=[], verbs=["as"])


def test_without_a_locale_the_definitions_are_unchanged():
    assert localized(COMMANDS, None) == COMMANDS
    assert command_names(localized(COMMANDS, "ja")) == ["release when"]  # no Japanese names: the defaults


def test_a_french_client_shows_french_names_and_keeps_the_values():
    shown = localized(COMMANDS, "fr")
    assert command_names(shown) == ["sortie quand"]
    leaf = shown[0]["options"][0]
    assert [o["name"] for o in leaf["options"]] == ["film", "pays", "format"]
    assert leaf["options"][2]["choices"] == [
        {"name": "cinéma", "value": "cinema", "name_localizations": {"fr": "cinéma", "de": "Kino"}},
        {"name": "DVD/Blu-ray", "value": "dvd", "name_localizations": {"fr": "DVD/Blu-ray"}},
    ]
    assert shown[0]["description"] == "Quand un film sort"
    assert RELEASE["name"] == "release"  # the server's definitions are not touched


def test_a_french_line_is_read_with_french_names_and_choices_by_their_french_name():
    slash = parse_line("/sortie quand film:Never Let Me Go (2010) pays:US format:cinéma", localized(COMMANDS, "fr"))
    assert slash.name == "sortie quand"
    assert slash.options == {"film": "Never Let Me Go (2010)", "pays": "US", "format": "cinema"}


def test_names_with_accents_and_other_scripts_are_option_names_too():
    german = localized(COMMANDS, "de")
    slash = parse_line("/termine wann film:Dune land:DE format:Kino", german)
    assert slash.options == {"film": "Dune", "land": "DE", "format": "cinema"}


def test_the_english_name_is_not_what_a_french_client_offers():
    with pytest.raises(PromptInputError, match="no /release command"):
        parse_line("/release when film:Dune", localized(COMMANDS, "fr"))


def test_a_capitalised_word_before_a_colon_stays_part_of_the_value():
    slash = parse_line("/sortie quand film:Dune: Part Two pays:FR", localized(COMMANDS, "fr"))
    assert slash.options["film"] == "Dune: Part Two"


@pytest.mark.parametrize(("text", "offered"), [
    ("/so", ["/sortie"]),
    ("/sortie q", ["quand"]),
    ("/sortie quand film:Dune ", ["pays:", "format:"]),
    ("/sortie quand film:Dune pays:FR ", ["format:"]),
    ("/sortie quand format:c", ["format:cinéma"]),
])
def test_completion_offers_the_french_names(text, offered):
    assert suggestions(text, localized(COMMANDS, "fr"), NAMES)[1] == offered
