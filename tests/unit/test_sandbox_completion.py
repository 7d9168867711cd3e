"""Tab at the sandbox prompt: command paths, option names, choices, and names in the pretend server."""

import asyncio

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from bot.sandbox.completion import Names, suggestions
from bot.sandbox.terminal import open_reader
from tests.unit.test_prompt_parse import COMMANDS

NAMES = Names(channels=["reviews", "general", "Never Let Me Go (2010) — discussion"],
              members=["you", "ada", "ben", "Reviewbot"], roles=["Reviewer"], verbs=["as", "in", "offline", "online"])


@pytest.mark.parametrize(("text", "word", "offered"), [
    ("/re", "/re", ["/release", "/review"]),
    ("/review d", "d", ["delete"]),
    ("/film release r", "r", ["remove"]),
    ("/review delete ", "", ["review:", "purge_comments:"]),
    ("/review delete review:1 pu", "pu", ["purge_comments:"]),
    ("/review delete review:1 purge_comments:", "purge_comments:", ["purge_comments:true", "purge_comments:false"]),
    ("/review delete purge_comments:f", "purge_comments:f", ["purge_comments:false"]),
    ("/settings answer-questions mode:o", "mode:o", ["mode:on", "mode:off"]),
    ("/settings channel channel:#g", "channel:#g", ["channel:#general"]),
    ("/settings reviewer-role role:", "role:", ["role:@Reviewer"]),
    ("/release when film:Dune format:d", "format:d", ["format:dvd", "format:digital"]),
    ("!o", "!o", ["!offline", "!online"]),
    ("hello @re", "@re", ["@Reviewbot", "@Reviewer"]),
    ("see #rev", "#rev", ["#reviews"]),
    ("/settings channel #rev", "#rev", ["#reviews"]),
    ("/nope ", "", []),
    ("plain words", "words", []),
])
def test_suggestions(text, word, offered):
    assert suggestions(text, COMMANDS, NAMES) == (word, offered)


async def test_in_a_terminal_tab_completes_and_ctrl_c_leaves(tmp_path):
    with (
        create_pipe_input() as keys,
        create_app_session(input=keys, output=DummyOutput()),
        open_reader(lambda: COMMANDS, lambda: NAMES, terminal=True, history_file=tmp_path / "history") as read,
    ):
        line = asyncio.ensure_future(read("> "))
        for typed in ("/rev", "\t", " delete review:1 purge_comments:f", "\t", "\r"):
            keys.send_text(typed)
            await asyncio.sleep(0.1)  # completion runs in the background, as it does while a person types
        assert await line == "/review delete review:1 purge_comments:false"
        keys.send_text("\x03")  # Ctrl-C
        assert await read("> ") is None
    assert "/review delete review:1 purge_comments:false" in (tmp_path / "history").read_text()
