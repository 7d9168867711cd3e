"""Random lines typed at the sandbox prompt never end the session: each is answered, the next still runs."""

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import Settings
from bot.sandbox.prompt import run_sandbox
from bot.sandbox.prompt_parse import Bang, PromptInputError, parse_line

PIECES = st.sampled_from([
    "/review", "/comments", "/settings", "/release", "/film", "delete", "show", "publish", "edit", "list",
    "when", "remind", "channel", "answer-questions", "country", "info", "add", "release", "remove", "set",
    "review:", "purge_comments:", "film:", "format:", "type:", "year:", "title:", "mode:", "channel:", "file:",
    "role:", "country:", "date:", "?", "'", '"', "#reviews", "#nowhere", "@ada", "@Reviewbot", "no", "maybe",
    "4k", "theatrical", "Dune (2021)", "Schindler's", "1", "-3", "1e999", "!click", "!in", "!reply", "!edit",
    "!as", "!show", "!help", "!commands", "!delete", "/nope", ":", "\\n",
])
LINE = st.lists(st.one_of(PIECES, st.text(max_size=6)), min_size=1, max_size=7).map(" ".join)


def harmless(line: str) -> bool:
    """Lines that would end or pause the session on purpose (!quit, !offline) are not mistakes."""
    try:
        parsed = parse_line(line, [])
    except PromptInputError:
        return True
    return not (isinstance(parsed, Bang) and parsed.verb in ("quit", "exit", "offline"))


@settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
async def test_random_lines_are_answered_and_the_prompt_goes_on(data):
    lines = data.draw(st.lists(LINE.filter(harmless), min_size=20, max_size=20))
    pending = [*lines, "/settings show"]

    async def reader(prompt: str):
        return pending.pop(0) if pending else None

    out = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        await run_sandbox(Settings(token=None, db_path=Path(tmp) / "unused.db"), out=out, reader=reader)
    text = out.getvalue()
    assert not pending
    assert "Review channel:" in text  # the last line, a real command, still ran
    assert "Something went wrong" not in text, text[-3000:]
    assert text.rstrip().endswith("Bye.")
