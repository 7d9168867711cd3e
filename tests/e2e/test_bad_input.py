"""Bad input at every entry point: a clear, polite refusal (or silence), and the store unchanged."""

import asyncio

import pytest

from bot.sandbox.interactions import Attachment
from tests.e2e.helpers import answer, is_ephemeral, published_thread, query

TABLES = ("reviews", "comments", "films", "releases", "guild_settings", "member_settings", "reminders")


def snapshot(world):
    return {table: query(world.db_path, f"SELECT * FROM {table} ORDER BY 1") for table in TABLES}


BAD_REVIEW_FILES = [
    ("no front matter", b"Just a body, no front matter.", "front matter"),
    ("broken YAML", b"---\ntitle: [unclosed\n---\nbody", "YAML"),
    ("missing film", b"---\ntitle: T\n---\nbody", "film"),
    ("rating out of range", b"---\ntitle: T\nfilm: F\nrating: 9\n---\nbody", "rating"),
    ("impossible year", b"---\ntitle: T\nfilm: F\nyear: 20100\n---\nbody", "year"),
    ("not UTF-8", b"---\ntitle: \xff\xfe\n---\n", "UTF-8"),
    ("control characters", b"---\ntitle: T\x07\nfilm: F\n---\nbody", "control"),
    ("empty body", b"---\ntitle: T\nfilm: F\n---\n   \n", "body"),
    ("too large", b"---\ntitle: T\nfilm: F\n---\n" + b"x" * 200_000, "KB"),
]


@pytest.mark.parametrize(("case", "data", "fragment"), BAD_REVIEW_FILES, ids=[c[0] for c in BAD_REVIEW_FILES])
async def test_a_malformed_review_file_is_refused_and_changes_nothing(world, case, data, fragment):
    before = snapshot(world)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                                          {"channel": world.reviews["id"], "file": Attachment("r.md", data)}))
    assert is_ephemeral(shown)
    assert fragment.lower() in shown["content"].lower(), shown["content"]
    assert snapshot(world) == before
    assert world.drv.messages(world.reviews) == []


BAD_FILM_FILES = [
    ("not json", "films.json", b"{not json", "JSON"),
    ("wrong shape", "films.json", b'{"movies": []}', "films"),
    ("missing title", "films.json", b'{"films": [{"year": 2000}]}', "title"),
    ("unknown country", "films.json",
     b'{"films": [{"title": "X", "year": 2000, "release_dates": [{"iso_3166_1": "QQ", "release_dates":'
     b' [{"type": 3, "release_date": "2000-01-01"}]}]}]}', "QQ"),
    ("impossible date", "films.csv", b"title,year,country,type,date,note\nX,2000,GB,3,2011-02-30,\n", "2011-02-30"),
    ("unknown type", "films.csv", b"title,year,country,type,date,note\nX,2000,GB,cinema-ish,2011-02-03,\n", "type"),
]


@pytest.mark.parametrize(("case", "name", "data", "fragment"), BAD_FILM_FILES, ids=[c[0] for c in BAD_FILM_FILES])
async def test_a_malformed_film_file_is_refused_naming_the_problem(world, case, name, data, fragment):
    before = snapshot(world)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film import",
                                          {"file": Attachment(name, data)}))
    assert is_ephemeral(shown) and "Nothing was imported" in shown["content"]
    assert fragment in shown["content"], shown["content"]
    assert snapshot(world) == before


@pytest.mark.parametrize(("values", "fragment"), [
    ({"title": "   ", "film": "F", "rating": "", "body": "b"}, "title"),
    ({"title": "\u200b\u200b", "film": "F", "rating": "", "body": "b"}, "title"),
    ({"title": "T", "film": "F", "rating": "eleven", "body": "b"}, "rating"),
    ({"title": "T", "film": "F (3000)", "rating": "", "body": "b"}, "year"),
    ({"title": "T", "film": "F", "rating": "", "body": " \n "}, "body"),
])
async def test_bad_modal_fields_are_refused_and_nothing_is_published(world, values, fragment):
    before = snapshot(world)
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                              {"channel": world.reviews["id"]})
    await handle.response()
    shown = await answer(world.drv.submit_modal(handle, values))
    assert is_ephemeral(shown) and "Nothing was published" in shown["content"]
    assert fragment in shown["content"].lower()
    assert snapshot(world) == before and world.drv.messages(world.reviews) == []


async def test_an_oversized_modal_field_is_refused_by_discord_before_the_bot_sees_it(world):
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                              {"channel": world.reviews["id"]})
    modal = (await handle.response())["data"]
    limits = {row["components"][0]["custom_id"]: row["components"][0].get("max_length") for row in modal["components"]}
    assert limits == {"title": 256, "film": 200, "rating": 12, "body": 4000}


@pytest.mark.parametrize("text", [
    "Robert'); DROP TABLE films;--",
    "%' OR 1=1 --",
    "\u200b\u200d\u202e",
])
async def test_sql_looking_and_invisible_titles_find_nothing_and_harm_nothing(world, text):
    before = snapshot(world)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info", {"film": text}))
    assert is_ephemeral(shown) and "don't know a film" in shown["content"]
    assert snapshot(world) == before


async def test_unknown_countries_and_impossible_dates_are_refused(world):
    before = snapshot(world)
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    for options, fragment in (
        ({"country": "Narnia", "date": "2020-01-01"}, "don't know a country"),
        ({"country": "GB", "date": "2020-13-01"}, "won't do"),
        ({"country": "GB", "date": "1066"}, "won't do"),
    ):
        shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                              {"film": str(film_id), "type": 3, **options}))
        assert is_ephemeral(shown) and fragment in shown["content"]
    assert snapshot(world) == before


async def test_a_2000_character_question_with_mentions_is_answered_without_pinging(world):
    thread = await published_thread(world)
    head, tail = f"@everyone <@&{world.reviewer_role['id']}> ", " anyway, when is it out on DVD?"
    text = head + ("so many thoughts about this film " * 80)[: 2000 - len(head) - len(tail)] + tail
    assert len(text) == 2000 and text.endswith("DVD?")
    question = world.drv.post(thread, world.member, text)
    reply = await world.drv.wait_for_request(
        "POST", rf"/channels/{thread['id']}/messages",
        lambda r: str((r.json or {}).get("message_reference", {}).get("message_id")) == question["id"], timeout=10)
    assert reply.json["allowed_mentions"]["parse"] == []
    assert "@everyone" not in reply.json["content"]


async def test_random_chatter_with_control_characters_is_ignored(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "\x00\x07 hello \u202e there \u200b")
    probe = world.drv.post(thread, world.member, "when's it out on DVD?")
    await world.drv.wait_for_request(
        "POST", rf"/channels/{thread['id']}/messages",
        lambda r: str((r.json or {}).get("message_reference", {}).get("message_id")) == probe["id"], timeout=10)
    await asyncio.sleep(0.1)
    replies = [m for m in world.drv.messages(thread) if m["author"]["id"] == world.app.bot_id]
    assert len(replies) == 1
