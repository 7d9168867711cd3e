"""The sandbox prompt's line parser: values typed as words reach the bot as Discord would send them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.sandbox.prompt_parse import (
    ATTACHMENT,
    BOOLEAN,
    CHANNEL,
    INTEGER,
    ROLE,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    Bang,
    Message,
    PromptInputError,
    Ref,
    Slash,
    command_names,
    parse_line,
)

#: shaped like the definitions Reviewbot syncs (a subset, with every kind of option the prompt reads)
COMMANDS = [
    {"name": "review", "type": 1, "options": [
        {"type": SUB_COMMAND, "name": "delete", "description": "Delete", "options": [
            {"type": STRING, "name": "review", "description": "The review to delete", "required": True,
             "autocomplete": True},
            {"type": BOOLEAN, "name": "purge_comments", "description": "Also delete its comments"},
        ]},
        {"type": SUB_COMMAND, "name": "publish", "description": "Publish", "options": [
            {"type": CHANNEL, "name": "channel", "description": "Where"},
            {"type": ATTACHMENT, "name": "file", "description": "A Markdown file"},
        ]},
        {"type": SUB_COMMAND, "name": "list", "description": "List"},
    ]},
    {"name": "settings", "type": 1, "options": [
        {"type": SUB_COMMAND, "name": "channel", "description": "Set", "options": [
            {"type": CHANNEL, "name": "channel", "description": "A text or forum channel", "required": True},
        ]},
        {"type": SUB_COMMAND, "name": "answer-questions", "description": "Answer", "options": [
            {"type": STRING, "name": "mode", "description": "on or off", "required": True,
             "choices": [{"name": "on", "value": "on"}, {"name": "off", "value": "off"}]},
        ]},
        {"type": SUB_COMMAND, "name": "reviewer-role", "description": "Role", "options": [
            {"type": ROLE, "name": "role", "description": "The role", "required": True},
        ]},
    ]},
    {"name": "release", "type": 1, "options": [
        {"type": SUB_COMMAND, "name": "when", "description": "When", "options": [
            {"type": STRING, "name": "film", "description": "The film", "required": True, "autocomplete": True},
            {"type": STRING, "name": "format", "description": "Which kind",
             "choices": [{"name": v, "value": v} for v in ("cinema", "dvd", "digital", "tv", "premiere", "any")]},
        ]},
    ]},
    {"name": "film", "type": 1, "options": [
        {"type": SUB_COMMAND, "name": "add", "description": "Add", "options": [
            {"type": STRING, "name": "title", "description": "Title", "required": True, "max_length": 300},
            {"type": INTEGER, "name": "year", "description": "Year", "required": True, "min_value": 1870,
             "max_value": 2100},
        ]},
        {"type": SUB_COMMAND_GROUP, "name": "release", "description": "Curate", "options": [
            {"type": SUB_COMMAND, "name": "remove", "description": "Remove", "options": [
                {"type": STRING, "name": "film", "description": "The film", "required": True, "autocomplete": True},
                {"type": INTEGER, "name": "type", "description": "The kind of release", "required": True,
                 "choices": [{"name": "premiere", "value": 1}, {"name": "theatrical", "value": 3},
                             {"name": "physical (DVD, Blu-ray)", "value": 5}]},
            ]},
        ]},
    ]},
]


def slash(line: str) -> Slash:
    parsed = parse_line(line, COMMANDS)
    assert isinstance(parsed, Slash)
    return parsed


@pytest.mark.parametrize(("word", "expected"), [
    ("false", False), ("no", False), ("0", False), ("off", False), ("FALSE", False), ("No", False),
    ("true", True), ("yes", True), ("1", True), ("on", True), ("True", True),
])
def test_boolean_words_become_json_booleans(word, expected):
    command = slash(f"/review delete review:Dune purge_comments:{word}")
    assert command.options == {"review": "Dune", "purge_comments": expected}
    assert command.options["purge_comments"] is expected


@pytest.mark.parametrize("word", ["maybe", "nope", "2", "fals", "-"])
def test_a_boolean_word_it_cannot_read_is_refused_with_a_message(word):
    with pytest.raises(PromptInputError, match="true or false"):
        slash(f"/review delete review:Dune purge_comments:{word}")


def test_on_off_choices_read_boolean_words_too():
    assert slash("/settings answer-questions mode:no").options == {"mode": "off"}
    assert slash("/settings answer-questions mode:ON").options == {"mode": "on"}


def test_text_before_any_option_fills_the_first_option_not_given():
    command = slash("/settings answer-questions off")
    assert command.options == {"mode": "off"} and command.positional == ("mode",)
    assert slash("/settings channel #reviews").options == {"channel": Ref(CHANNEL, "#reviews")}


def test_values_run_to_the_next_option_so_spaces_and_apostrophes_need_no_quotes():
    assert slash("/release when film:Dune (2021) format:dvd").options == {"film": "Dune (2021)", "format": "dvd"}
    assert slash("/release when film:Schindler's List").options == {"film": "Schindler's List"}
    assert slash("/release when film:'Schindler's List'").options == {"film": "Schindler's List"}
    assert slash('/release when film:"Mission: Impossible" format:any').options == {
        "film": "Mission: Impossible", "format": "any"}


def test_an_unclosed_quote_is_taken_as_typed():
    assert slash('/release when film:"Dune').options == {"film": '"Dune'}


def test_choices_are_read_by_name_or_value_in_any_case():
    assert slash("/film release remove film:Dune type:theatrical").options == {"film": "Dune", "type": 3}
    assert slash("/film release remove film:Dune type:Physical (DVD, Blu-ray)").options["type"] == 5
    assert slash("/film release remove film:Dune type:3").options["type"] == 3


@pytest.mark.parametrize(("line", "needle"), [
    ("/help", "There is no /help command here. Commands: /film add, /film release remove, /release when"),
    ("/", "Which command?"),
    ("/review", "/review needs one of: delete, publish, list"),
    ("/review destroy", "has no 'destroy'"),
    ("/release when film:Dune format:4k", "'4k' is not one of its choices: cinema, dvd"),
    ("/film release remove film:Dune type:theatricl", "not one of its choices"),
    ("/release when", "/release when needs film: (The film)"),
    ("/release when film:Dune formt:dvd", "has no option formt:"),
    ("/film add title:Dune year:soon", "year: takes a whole number"),
    ("/film add title:Dune year:1800", "between 1870 and 2100"),
    ("/film add title:Dune year:99999999999999999999", "too large"),
    ("/review list extra words", "has no room for 'extra words'"),
    ("/review delete review:A review:B", "given twice"),
    ("/release when film:a? format:b?", "one option's choices at a time"),
])
def test_input_errors_say_what_to_type(line, needle):
    with pytest.raises(PromptInputError) as raised:
        parse_line(line, COMMANDS)
    assert needle in str(raised.value)


def test_a_value_ending_in_a_question_mark_asks_for_choices():
    command = slash("/release when film:dun?")
    assert command.focused == "film" and command.options == {"film": "dun"}
    assert slash("/release when film:Dune format:?").focused == "format"
    # on an option without autocomplete or choices, ? is part of the text
    assert slash("/film add title:What? year:2020").options == {"title": "What?", "year": 2020}


def test_messages_bangs_and_blank_lines():
    assert parse_line("  hello there ", COMMANDS) == Message("hello there")
    assert parse_line("!In  #general", COMMANDS) == Bang("in", "#general")
    assert parse_line("   ", COMMANDS) is None


def test_command_names_lists_every_runnable_path():
    assert command_names(COMMANDS) == [
        "film add", "film release remove", "release when", "review delete", "review list", "review publish",
        "settings answer-questions", "settings channel", "settings reviewer-role",
    ]


WORDS = st.sampled_from([
    "/", "/review", "delete", "publish", "/settings", "channel", "answer-questions", "/release", "when", "/film",
    "release", "remove", "add", "review:", "purge_comments:", "film:", "format:", "type:", "year:", "title:",
    "mode:", "channel:", "file:", "role:", "?", "'", '"', "“", "”", "#reviews", "@ada", "no", "maybe", "4k",
    "theatrical", "1e999", "nan", "-0", "http://x", "!", "!click", ":", "::", "\\", "\n", "\t", "\x00",
])
LINES = st.one_of(
    st.text(),
    st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=12).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=8)), max_size=12).map(lambda w: "/" + "".join(w)),
)


@given(LINES)
@settings(max_examples=300, deadline=None)
def test_random_input_raises_nothing_but_prompt_input_errors(line):
    try:
        parsed = parse_line(line, COMMANDS)
    except PromptInputError as error:
        assert str(error)
        return
    assert parsed is None or isinstance(parsed, Message | Bang | Slash)
    if isinstance(parsed, Slash):
        for value in parsed.options.values():
            assert isinstance(value, str | int | float | bool | Ref)
