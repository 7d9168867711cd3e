"""`reviewbot sandbox`: a person types as a member and sees what the bot posts."""

import io
from pathlib import Path

from bot.config import Settings
from bot.sandbox.prompt import run_sandbox
from tests.e2e.helpers import query


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


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "reviews" / "never-let-me-go.md"


async def session_output(lines, tmp_path, **kwargs) -> str:
    out = io.StringIO()
    await run_sandbox(Settings(token=None, db_path=tmp_path / "unused.db"), out=out, reader=scripted(lines),
                      **kwargs)
    return out.getvalue()


async def test_ordinary_mistakes_are_answered_with_messages_and_the_session_goes_on(tmp_path):
    text = await session_output([
        "/nosuch",
        "/settings channel #reviews",
        "/settings answer-questions off",
        "/release when film:Dune (2021)",
        "/release when film:Schindler's List",
        "/release when film:Dune format:4k",
        "/comments show",
        "/film release remove film:Dune (2021) country:GB type:theatricl",
        "/film release remove film:Dune (2021) country:GB type:theatrical",
        "/review publish file:no-such-review.md",
        '/release when film:"Dune',
        "/review",
        "/review delete review:1 purge_comments:maybe",
        "/film add title:Dune year:soon",
        "!click 30",
        "!nonsense",
        "!in Nowhere",
        "!reply 99 hello",
        "!edit 1 changed",
        "/",
        "/settings show",
        "!quit",
    ], tmp_path)
    assert "There is no /nosuch command here. Commands: " in text and "/review publish" in text
    assert "(as /settings channel channel:#reviews)" in text
    assert "Reviews will be published in #reviews" in text
    assert "I'll stay quiet in review threads" in text
    assert "**Dune (2021)** (assuming the UK" in text
    assert "Schindler's List" in text  # the bot's answer names what was asked for
    assert "format: '4k' is not one of its choices: cinema, dvd, digital, tv, premiere, any." in text
    assert "/comments show needs review: (The review whose discussion to show)" in text
    assert "This removes the theatrical date of *Dune (2021)* in the United Kingdom: October 21, 2021." in text
    assert "type: 'theatricl' is not one of its choices" in text
    assert "file: there is no file 'no-such-review.md'" in text
    assert "/review needs one of: publish, edit, delete, list, show." in text
    assert "purge_comments: is true or false (also yes/no, on/off, 1/0), not 'maybe'." in text
    assert "year: takes a whole number, not 'soon'." in text
    assert "Give a button number (1 to" in text
    assert "There is no !nonsense; !help lists what there is." in text
    assert "No channel or thread 'Nowhere'" in text
    assert text.count("Give a message number from !show.") == 2
    assert "Which command?" in text
    assert "Review channel: #reviews" in text  # the last command still runs
    assert "Traceback" not in text and "Something went wrong" not in text


async def test_purge_comments_false_keeps_the_comments_and_a_stale_button_is_refused(tmp_path):
    db = tmp_path / "kept.db"
    text = await session_output([
        "/settings channel channel:#reviews",
        f"/review publish file:{SAMPLE}",
        "!in never let me go",
        "!as ada",
        "A quiet film.",
        "!as ben",
        "Devastating ending.",
        "!as you",
        "/review delete review:Never Let Me Go purge_comments:false",
        "!click 1",
        "!click 1",
        "!quit",
    ], tmp_path, db_path=db)
    assert "You are in #Never Let Me Go (2010) — discussion." in text
    assert "Its 2 mirrored comments are kept" in text
    assert "Deleted **Film Review: Never Let Me Go**; its 2 mirrored comments are kept." in text
    assert "That button is no longer there" in text
    assert query(db, "SELECT count(*) FROM comments") == [(2,)]
    assert query(db, "SELECT count(*) FROM reviews WHERE deleted_at IS NOT NULL") == [(1,)]


async def test_purge_comments_yes_purges(tmp_path):
    db = tmp_path / "kept.db"
    text = await session_output([
        f"/review publish channel:#reviews file:{SAMPLE}",
        "!in thread",
        "A quiet film.",
        "/review delete review:1 purge_comments:yes",
        "!click 1",
        "!quit",
    ], tmp_path, db_path=db)
    assert "and its 1 mirrored comment. This cannot be undone." in text
    assert query(db, "SELECT count(*) FROM comments") == [(0,)]


async def test_a_value_ending_in_a_question_mark_lists_the_bots_choices(tmp_path):
    text = await session_output([
        "/release when film:dun?",
        "/release when film:Dune format:?",
        "!quit",
    ], tmp_path)
    assert "Choices for film:" in text and "Dune (1984)" in text and "Dune (2021)" in text
    assert "Choices for format:" in text and "  2. dvd" in text


async def test_at_reviewbot_typed_in_a_message_mentions_the_bot(tmp_path):
    text = await session_output([
        "!in #general",
        "@Reviewbot is Never Let Me Go out on DVD in the UK yet?",
        "!quit",
    ], tmp_path)
    assert "out since 27 June 2011" in text


async def test_offline_then_online_shows_the_bot_catching_up(tmp_path):
    db = tmp_path / "kept.db"
    text = await session_output([
        f"/review publish channel:#reviews file:{SAMPLE}",
        "!in thread",
        "!offline",
        "/review list",
        "Said while it was away.",
        "And this too.",
        "!online",
        "!quit",
    ], tmp_path, db_path=db)
    assert "Reviewbot is offline." in text
    assert "Reviewbot is offline, so nothing answers" in text
    assert "Reviewbot is online; it caught up 2 messages posted while it was away." in text
    assert [row[0] for row in query(db, "SELECT content FROM comments ORDER BY message_id")] == [
        "Said while it was away.", "And this too."]


async def test_the_blog_sandbox_publishes_the_sample_post_and_shows_its_blog_comments(tmp_path):
    import re

    out = io.StringIO()
    lines = iter(["/comments show review:1", "!quit"])

    async def reader(prompt: str):
        if reader.first:  # the sample blog's address is only known once the sandbox says it
            reader.first = False
            command = re.search(r"try (/feeds add url:\S+ channel:#reviews backfill:1)", out.getvalue())
            return command.group(1) if command else "!quit"
        return next(lines, None)

    reader.first = True
    await run_sandbox(Settings(token=None, db_path=tmp_path / "unused.db"), out=out, reader=reader, blog=True)
    text = out.getvalue()
    assert "A sample WordPress blog runs at http://127.0.0.1:" in text
    assert "1 published now" in text
    assert "┌─ Film Review: Never Let Me Go" in text
    assert "I read the book first" in text and "Carey Mulligan is *perfect*" in text


async def test_the_tmdb_sandbox_answers_its_sample_films_from_the_stand_in_then_from_the_store(tmp_path):
    out = io.StringIO()
    lines = iter(["/release when film:The Quiet Harbour country:GB format:cinema",
                  "/release when film:The Quiet Harbour country:US format:cinema", "!quit"])

    async def reader(prompt: str):
        return next(lines, None)

    db = tmp_path / "sandbox.db"
    await run_sandbox(Settings(token=None, db_path=tmp_path / "unused.db"), out=out, reader=reader, tmdb=True,
                      db_path=db)
    text = out.getvalue()
    assert "A sample TMDB runs at http://127.0.0.1:" in text and "The Quiet Harbour, Paper Moons" in text
    assert "The Quiet Harbour" in text and "in theaters in the United Kingdom" in text
    assert "in theaters in the United States" in text
    assert query(db, "SELECT count(*) FROM tmdb_films") == [(1,)]  # fetched once, then the store answered
