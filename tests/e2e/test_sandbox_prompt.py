"""`reviewbot sandbox`: a person types as a member and sees what the bot posts."""

import io

from bot.config import Settings
from bot.sandbox.prompt import run_sandbox


def scripted(lines):
    pending = list(lines)

    async def reader(prompt: str):
        return pending.pop(0) if pending else None

    return reader


async def test_a_scripted_session_publishes_a_review_and_gets_an_answer_in_its_thread(tmp_path):
    out = io.StringIO()
    await run_sandbox(Settings(token=None, db_path=tmp_path / "unused.db"), out=out, reader=scripted([
        "/settings channel channel:#reviews",
        "/review publish",
        "Film Review: Never Let Me Go",  # the form's fields, one line each
        "Never Let Me Go (2010)",
        "4.5",
        "Quietly devastating.",
        "!in thread",
        "when is it out on DVD?",
        "!quit",
    ]))
    text = out.getvalue()
    assert "Reviews will be published in #reviews" in text
    assert "┌─ Film Review: Never Let Me Go" in text and "Quietly devastating." in text
    assert "out since 27 June 2011" in text
    assert not (tmp_path / "unused.db").exists()  # the sandbox keeps its own temporary database
