"""Option values re-checked on arrival against what the command declared (bot.ui.arrival)."""

import pytest

from bot.ui.arrival import leaf_options, option_problem

YEAR = {"name": "year", "type": 4, "min_value": 1870, "max_value": 2100}
TITLE = {"name": "title", "type": 3, "min_length": 1, "max_length": 300}
FORMAT = {"name": "format", "type": 3,
          "choices": [{"name": "json", "value": "json"}, {"name": "html", "value": "html"}]}
CHANNEL = {"name": "channel", "type": 7, "channel_types": [0, 15]}
DECLARED = [YEAR, TITLE, FORMAT, CHANNEL]
CHANNELS = {"1": {"id": "1", "type": 0}, "2": {"id": "2", "type": 2}}


@pytest.mark.parametrize("given", [
    [{"name": "year", "value": 1870}], [{"name": "year", "value": 2100}], [{"name": "title", "value": "x" * 300}],
    [{"name": "format", "value": "html"}], [{"name": "channel", "value": "1"}], [],
])
def test_values_inside_the_declaration_pass(given):
    assert option_problem(DECLARED, given, CHANNELS) is None


@pytest.mark.parametrize(("given", "words"), [
    ({"name": "year", "value": 1869}, "“year” must be between 1,870 and 2,100"),
    ({"name": "year", "value": 99999}, "“year” must be between 1,870 and 2,100"),
    ({"name": "year", "value": "1999"}, "“year” must be a number"),
    ({"name": "year", "value": True}, "“year” must be a number"),
    ({"name": "year", "value": 1999.5}, "“year” must be a whole number"),
    ({"name": "year", "value": float("nan")}, "“year” must be a number"),
    ({"name": "title", "value": ""}, "“title” must be between 1 and 300 characters long"),
    ({"name": "title", "value": "x" * 301}, "“title” must be between 1 and 300 characters long"),
    ({"name": "format", "value": "exe"}, "“format” must be one of: json, html"),
    ({"name": "channel", "value": "2"}, "“channel” is not a kind of channel this command takes"),
    ({"name": "channel", "value": "3"}, "“channel” is not a kind of channel this command takes"),
    ({"name": "nope", "value": 1}, "“nope” is not an option of this command"),
])
def test_values_outside_the_declaration_are_named(given, words):
    assert option_problem(DECLARED, [given], CHANNELS) == words + "."


def test_the_leaf_options_are_found_under_subcommand_groups():
    given = [{"type": 2, "name": "release", "options": [{"type": 1, "name": "set", "options": [
        {"name": "year", "value": 1}]}]}]
    assert leaf_options(given) == [{"name": "year", "value": 1}]
