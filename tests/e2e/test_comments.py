"""Mirroring review threads into comments, end to end: nesting, edits, deletes, bursts, catch-up, exports."""

import datetime as dt
import json
import re

import aiohttp
import discord

from bot.sandbox.interactions import Attachment
from tests.e2e.helpers import answer, comment_rows, eventually, published_thread, query


async def test_replies_nest_under_the_message_they_reply_to(world):
    thread = await published_thread(world)
    top = world.drv.post(thread, world.member, "What a film.")
    reply = world.drv.post(thread, world.reviewer, "Agreed.", reply_to=top)
    deeper = world.drv.post(thread, world.member, "The ending!", reply_to=reply)
    other = world.drv.post(thread, world.reviewer, "Separate thought.")
    rows = await comment_rows(world, 4)
    parents = {str(mid): (str(parent) if parent else None) for mid, parent, _, _ in rows}
    assert parents == {top["id"]: None, reply["id"]: top["id"], deeper["id"]: reply["id"], other["id"]: None}


async def test_in_a_forum_post_the_review_itself_is_not_a_comment_and_replies_to_it_are_top_level(world):
    thread = await published_thread(world, world.forum)
    starter = world.drv.messages(thread)[0]
    assert starter["id"] == thread["id"]
    world.drv.post(thread, world.member, "Replying to the review", reply_to=starter)
    [(_, parent, content, _)] = await comment_rows(world, 1)
    await world.flush()
    assert query(world.db_path, "SELECT count(*) FROM comments") == [(1,)]
    assert parent is None and content == "Replying to the review"


async def test_attachments_and_author_names_are_kept(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "Poster", attachments=[Attachment("poster.png", b"\x89PNG....", "image/png")])
    await comment_rows(world, 1)
    [(name, attachments, is_bot)] = query(world.db_path, "SELECT author_name, attachments, is_bot FROM comments")
    assert name == "Max Member" and is_bot == 0
    [attachment] = json.loads(attachments)
    assert attachment["filename"] == "poster.png" and attachment["size"] == 8 and attachment["url"].startswith("http")


async def test_edits_update_the_comment_and_keep_the_history(world):
    thread = await published_thread(world)
    message = world.drv.post(thread, world.member, "first take")
    await comment_rows(world, 1)
    world.drv.edit(thread, message, "second take")
    world.drv.edit(thread, message, "third take")
    await eventually(lambda: query(world.db_path, "SELECT content FROM comments") == [("third take",)])
    history = query(world.db_path, "SELECT content FROM comment_history ORDER BY id")
    assert history == [("first take",), ("second take",)]


async def test_a_deleted_message_leaves_a_tombstone_that_keeps_its_replies(world):
    thread = await published_thread(world)
    parent = world.drv.post(thread, world.member, "spoilers here")
    child = world.drv.post(thread, world.reviewer, "how dare you", reply_to=parent)
    await comment_rows(world, 2)
    world.drv.delete(thread, parent)
    rows = await eventually(lambda: [r for r in query(world.db_path, "SELECT message_id, content, deleted, parent_id"
                                                      " FROM comments ORDER BY message_id") if r[2]])
    assert rows == [(int(parent["id"]), None, 1, None)]
    assert query(world.db_path, "SELECT parent_id FROM comments WHERE message_id = ?", int(child["id"])) == [
        (int(parent["id"]),)]


async def test_bulk_deletes_leave_tombstones_too(world):
    thread = await published_thread(world)
    posted = [world.drv.post(thread, world.member, f"m{i}") for i in range(5)]
    await comment_rows(world, 5)
    world.drv.bulk_delete(thread, posted[:3])
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 1") == [(3,)])


async def test_a_burst_of_2000_messages_is_stored_once_each_and_in_order(world):
    thread = await published_thread(world)
    posted = [world.drv.post(thread, world.member, f"burst {i}") for i in range(2000)]
    rows = await comment_rows(world, 2000, timeout=60)
    assert [str(r[0]) for r in rows] == [m["id"] for m in posted]
    assert [r[2] for r in rows] == [f"burst {i}" for i in range(2000)]


async def test_messages_posted_while_the_bot_was_stopped_are_caught_up_without_duplicates(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "before")
    await comment_rows(world, 1)
    await world.stop_bot()
    offline = [world.drv.post(thread, world.member, f"offline {i}") for i in range(150)]
    await world.start_bot()
    rows = await comment_rows(world, 151)
    assert len(rows) == 151
    assert [str(r[0]) for r in rows[1:]] == [m["id"] for m in offline]


async def test_an_archived_thread_is_caught_up_too(world):
    thread = await published_thread(world)
    await world.stop_bot()
    world.drv.post(thread, world.member, "said just before archiving")
    world.drv.archive_thread(thread)
    await world.start_bot()
    rows = await comment_rows(world, 1)
    assert rows[0][2] == "said just before archiving"


async def test_forced_disconnects_lose_nothing_and_double_nothing(world):
    thread = await published_thread(world)
    posted = []
    for round_ in range(3):
        posted += [world.drv.post(thread, world.member, f"r{round_} m{i}") for i in range(20)]
        await world.drv.disconnect(world.app, resumable=round_ != 1)
        posted += [world.drv.post(thread, world.member, f"r{round_} gap {i}") for i in range(20)]
        await eventually(lambda: world.drv.connected(world.app))
    rows = await comment_rows(world, len(posted), timeout=30)
    await world.flush()
    rows = query(world.db_path, "SELECT message_id FROM comments ORDER BY message_id")
    assert [str(r[0]) for r in rows] == [m["id"] for m in posted]


async def test_resync_reconciles_edits_and_deletes_made_while_stopped(world):
    thread = await published_thread(world)
    kept = world.drv.post(thread, world.member, "original")
    gone = world.drv.post(thread, world.member, "will vanish")
    await comment_rows(world, 2)
    await world.stop_bot()
    world.drv.edit(thread, kept, "edited while away")
    world.drv.delete(thread, gone)
    await world.start_bot()
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    text = (await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "comments resync",
                                          {"review": str(review_id)})))["content"]
    assert "0 new, 1 edited, 1 deleted" in text
    rows = query(world.db_path, "SELECT content, deleted FROM comments ORDER BY message_id")
    assert rows == [("edited while away", 0), (None, 1)]


async def test_show_pages_the_thread_as_a_numbered_tree(world):
    thread = await published_thread(world)
    top = world.drv.post(thread, world.member, "Loved it")
    world.drv.post(thread, world.reviewer, "Same", reply_to=top)
    await comment_rows(world, 2)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments show",
                                          {"review": str(review_id)}))
    assert "2 thoughts on “Film Review: Never Let Me Go”" in shown["content"]
    assert "**1**" in shown["content"] and "**1.1**" in shown["content"]


async def test_exports_in_every_format(world):
    thread = await published_thread(world)
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)> [x](javascript:alert(3))'
    top = world.drv.post(thread, world.member, hostile)
    world.drv.post(thread, world.reviewer, "a reply", reply_to=top)
    await comment_rows(world, 2)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    files = {}
    for fmt in ("json", "markdown", "html"):
        handle = world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                  {"review": str(review_id), "format": fmt})
        message = await answer(handle)
        [attachment] = message["attachments"]
        async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as response:
            files[fmt] = (await response.read()).decode()
    data = json.loads(files["json"])
    assert data["review"]["title"] == "Film Review: Never Let Me Go"
    assert data["review"]["thread_id"] == thread["id"]
    [comment] = data["comments"]
    assert comment["content"] == hostile and comment["author"]["name"] == "Max Member"
    assert set(comment) >= {"id", "author", "content", "created_at", "edited_at", "deleted", "is_bot",
                            "attachments", "replies"}
    assert comment["replies"][0]["content"] == "a reply"
    assert "a reply" in files["markdown"]
    html = files["html"]
    tags = _tags(html)
    assert not {"script", "img"} & {tag for tag, _ in tags}
    assert not any(value and value.strip().lower().startswith("javascript") for _, attrs in tags for _, value in attrs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


async def test_another_guild_sees_nothing_of_this_ones_reviews(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "private to Film Club")
    await comment_rows(world, 1)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    other = world.drv.create_guild("Other Club")
    world.drv.add_bot(other, world.app)
    stranger = world.drv.create_member(other, "Stranger", permissions=1 << 5)
    channel = world.drv.create_text_channel(other, "general")
    await world.drv.wait_for_dispatch("CHANNEL_CREATE", lambda d: d["id"] == channel["id"], app=world.app)
    choices = await world.drv.autocomplete(other, channel, stranger, "comments export", {"review": ""},
                                           focused="review")
    assert choices == []
    refused = await answer(world.drv.invoke(other, channel, stranger, "comments export",
                                            {"review": str(review_id), "format": "json"}))
    assert "can't find a review" in refused["content"] and not refused.get("attachments")


async def _export(world, fmt: str) -> str:
    """The file a member gets from /comments export for the newest review."""
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews ORDER BY id DESC LIMIT 1")
    message = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "comments export",
                                            {"review": str(review_id), "format": fmt}))
    [attachment] = message["attachments"]
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as response:
        return (await response.read()).decode()


async def test_exports_name_the_members_roles_and_channels_a_comment_mentions(world):
    thread = await published_thread(world)
    text = (f"{world.reviewer.mention} said in <#{world.reviews['id']}> that <@&{world.reviewer_role['id']}>"
            " loved it <:blobcat:123456789012345678>")
    world.drv.post(thread, world.member, text)
    await comment_rows(world, 1)
    await world.flush()
    world.drv.remove_member(world.guild, world.reviewer)  # gone from the server: the stored name still shows
    page = await _export(world, "html")
    assert ('<span class="mention">@Rita Reviewer</span> said in <span class="mention">#reviews</span> that '
            '<span class="mention">@Reviewer</span> loved it <span class="emoji">:blobcat:</span>') in page
    assert "@Rita Reviewer said in \\#reviews that @Reviewer loved it :blobcat:" in await _export(world, "markdown")
    [comment] = json.loads(await _export(world, "json"))["comments"]
    assert comment["content"] == text  # JSON keeps what was posted


async def test_the_bots_answers_are_exported_marked_as_the_bots_and_not_counted(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "when's it out on DVD in the UK?")
    rows = await comment_rows(world, 2)
    assert "27 June 2011" in rows[1][2]  # the bot's answer is mirrored as a comment
    page = await _export(world, "html")
    assert "<h2>1 thought on “Film Review: Never Let Me Go”</h2>" in page
    assert re.search(r'<li class="comment by-bot"[^>]*>.*?<span class="bot-badge"[^>]*>bot</span>.*?27 June 2011',
                     page, re.DOTALL)
    assert "## 1 thought on" in await _export(world, "markdown")


async def test_exports_carry_a_comments_edit_history(world):
    thread = await published_thread(world)
    message = world.drv.post(thread, world.member, "first take")
    await comment_rows(world, 1)
    world.drv.edit(thread, message, "second ||take||")
    world.drv.edit(thread, message, f"third take, for {world.reviewer.mention}")
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comment_history") == [(2,)])
    [comment] = json.loads(await _export(world, "json"))["comments"]
    assert comment["content"] == f"third take, for {world.reviewer.mention}"
    assert [version["content"] for version in comment["history"]] == ["first take", "second ||take||"]
    assert comment["history"][0]["written_at"] == comment["created_at"]
    assert comment["history"][-1]["replaced_at"] == comment["edited_at"]
    page = await _export(world, "html")
    assert re.search(r' · edited <time datetime="[^"]+">[^<]+ UTC</time>', page)
    assert '<details class="history"><summary>2 earlier versions</summary>' in page
    assert '<span class="mention">@Rita Reviewer</span>' in page  # the edit's mention was named too
    assert re.search(r"### 1\. Max Member · .+ UTC · edited .+ UTC", await _export(world, "markdown"))


async def test_a_comment_from_the_gateway_payload_is_the_row_discord_py_s_message_gives(world):
    """The same messages mirrored twice, from their payload and from discord.py's Message, store the same rows."""
    thread = await published_thread(world, world.forum)
    starter = world.drv.messages(thread)[0]
    world.guild.members[world.member.id]["nick"] = "Maxi"  # a server nickname is the name members see
    bot = world.bot
    assert bot is not None

    def say(tag: str) -> int:
        plain = world.drv.post(thread, world.member, f"{tag}: what a film")
        world.drv.post(thread, world.reviewer, f"{tag}: agreed", reply_to=plain)
        world.drv.post(thread, world.member, f"{tag}: about the review itself", reply_to=starter)
        world.drv.post(thread, world.reviewer, f"{tag}: the poster",
                       attachments=[Attachment("poster.png", b"\x89PNG....", "image/png")])
        world.drv.post(thread, world.member, f"{tag}: très bien, 10/10 🎬")
        world.drv.post(thread, world.reviewer, f"{tag}: <@{world.member.id}> did you see it twice?")  # a mention
        return 6

    def rows(tag: str) -> list[tuple]:
        found = query(world.db_path, "SELECT message_id, review_id, guild_id, thread_id, author_id, author_name,"
                      " content, mentions, attachments, created_at, edited_at, parent_id, is_bot, deleted FROM comments"
                      " WHERE content LIKE ? ORDER BY message_id", f"{tag}:%")
        ids = [row[0] for row in found]
        normalised = []
        for mid, *middle, attachments, created_at, edited_at, parent, is_bot, deleted in found:
            files = [(a["filename"], a["size"], a["content_type"], re.sub(r"\d+", "N", a["url"]))
                     for a in json.loads(attachments)]
            born = dt.datetime.fromisoformat(created_at) == discord.utils.snowflake_time(mid)
            where = ids.index(parent) if parent in ids else parent
            normalised.append((*middle[:5], middle[5].removeprefix(f"{tag}:"), middle[6], files, born, edited_at,
                               where, is_bot, deleted))
        return normalised

    before = bot.payload_messages
    count = say("payload")
    await eventually(lambda: len(rows("payload")) == count)
    assert bot.payload_messages - before == count - 1  # all but the mention skipped discord.py's Message
    bot.payload_fast_path = False
    say("message")
    await eventually(lambda: len(rows("message")) == count)
    assert bot.payload_messages - before == count - 1
    assert [row[6] for row in rows("payload")][-1] != "[]"  # the mention's names, read from the Message
    assert rows("payload") == rows("message")
    assert [row[4] for row in rows("payload")[:2]] == ["Maxi", "Rita Reviewer"]
