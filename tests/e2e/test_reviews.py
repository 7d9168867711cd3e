"""Publishing, editing and deleting reviews, end to end through the loopback server."""

import asyncio
from pathlib import Path

from bot.domain.review_render import Limits
from tests.e2e.helpers import answer, answer_text, is_ephemeral, publish_by_modal, query, review_file

SAMPLE = (Path(__file__).parents[2] / "data" / "reviews" / "never-let-me-go.md").read_bytes()


def bot_messages(world, channel):
    return [m for m in world.drv.messages(channel) if m["author"]["id"] == world.app.bot_id]


async def test_publishing_by_modal_posts_an_embed_and_opens_its_thread(world):
    text = await publish_by_modal(world, world.owner, world.reviews)
    assert "Published" in text
    [message] = bot_messages(world, world.reviews)
    embed = message["embeds"][0]
    assert embed["title"] == "Film Review: Never Let Me Go"
    assert "Never Let Me Go (2010), directed by Mark Romanek" in embed["description"]
    assert "★★★★½" in embed["description"]
    assert "A quiet, devastating film." in embed["description"]
    [thread] = [t for t in world.drv.threads(world.guild) if t["id"] == message["id"]]
    assert thread["name"] == "Never Let Me Go (2010) — discussion"
    [(thread_id, film_id, message_ids)] = query(world.db_path, "SELECT thread_id, film_id, message_ids FROM reviews")
    assert str(thread_id) == thread["id"]
    assert film_id is not None  # linked to the catalogue's film
    assert message_ids == f"[{message['id']}]"


async def test_publishing_a_file_uses_its_front_matter(world):
    from bot.sandbox.interactions import Attachment

    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                              {"channel": world.reviews["id"], "file": Attachment("nlmg.md", SAMPLE, "text/markdown")})
    assert "Published" in await answer_text(handle)
    [message] = bot_messages(world, world.reviews)
    assert message["embeds"][0]["title"] == "Film Review: Never Let Me Go"
    assert "Review by Reviewbot sample" in message["embeds"][0]["description"]


async def test_a_long_review_goes_out_in_three_messages_that_join_back_exactly(world):
    paragraph = ("The camera lingers on the shoreline, and the film asks what we owe each other. " * 12).strip()
    body = "\n\n".join(f"{i}. {paragraph}" for i in range(15))
    assert 14_000 < len(body) < 16_000
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                              {"channel": world.reviews["id"], "file": review_file("Long Read", "Some Film", body)})
    assert "Published" in await answer_text(handle)
    messages = bot_messages(world, world.reviews)
    assert len(messages) == 3
    descriptions = []
    for message in messages:
        embeds = message["embeds"]
        assert len(embeds) <= Limits.MESSAGE_EMBEDS
        total = sum(len(e.get("title") or "") + len(e["description"]) + len((e.get("footer") or {}).get("text", ""))
                    for e in embeds)
        assert total <= Limits.MESSAGE_EMBED_TOTAL
        descriptions += [e["description"] for e in embeds]
        assert all(len(e["description"]) <= Limits.DESCRIPTION for e in embeds)
    joined = "".join(descriptions)
    assert joined.endswith(body)
    assert joined[: len(joined) - len(body)].startswith("**Some Film**")  # only the header comes before the body


async def test_a_review_of_3500_characters_is_one_message(world):
    body = ("A sentence of moderate length about the film's quiet power. " * 58)[:3500]
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                              {"channel": world.reviews["id"], "file": review_file("Mid", "Some Film", body)})
    assert "Published" in await answer_text(handle)
    assert len(bot_messages(world, world.reviews)) == 1


async def test_a_forum_channel_gets_a_forum_post(world):
    text = await publish_by_modal(world, world.owner, world.forum)
    assert "Published" in text
    [post] = [t for t in world.drv.threads(world.guild) if t.get("parent_id") == world.forum["id"]]
    [starter] = world.drv.messages(post)
    assert starter["id"] == post["id"]
    assert starter["embeds"][0]["title"] == "Film Review: Never Let Me Go"
    [(thread_id,)] = query(world.db_path, "SELECT thread_id FROM reviews")
    assert str(thread_id) == post["id"]


async def test_editing_rerenders_in_place_and_renames_the_thread(world):
    await publish_by_modal(world, world.owner, world.reviews, film="Some Film (1999)")
    [message] = bot_messages(world, world.reviews)
    [choice] = await world.drv.autocomplete(world.guild, world.reviews, world.owner, "review edit",
                                            {"review": "Film Review"}, focused="review")
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review edit", {"review": choice["value"]})
    modal = (await handle.response())["data"]
    prefilled = {c["components"][0]["custom_id"]: c["components"][0].get("value") for c in modal["components"]}
    assert prefilled["film"] == "Some Film (1999)" and prefilled["body"] == "A quiet, devastating film."
    submitted = world.drv.submit_modal(handle, {"title": "Second thoughts", "film": "Never Let Me Go (2010)",
                                                "rating": "5", "body": "Better on a second viewing."})
    assert "Updated" in await answer_text(submitted)
    [edited] = bot_messages(world, world.reviews)
    assert edited["id"] == message["id"]
    assert edited["embeds"][0]["title"] == "Second thoughts"
    assert "Better on a second viewing." in edited["embeds"][0]["description"]
    thread = world.drv.get_channel(message["id"])
    assert thread["name"] == "Never Let Me Go (2010) — discussion"


async def test_delete_asks_first_then_removes_messages_and_locks_the_thread(world):
    await publish_by_modal(world, world.owner, world.reviews)
    [message] = bot_messages(world, world.reviews)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review delete", {"review": str(review_id)})
    prompt = await answer(handle)
    assert is_ephemeral(prompt) and "Delete" in prompt["content"]
    buttons = [c for row in prompt["components"] for c in row["components"]]
    confirm = next(b for b in buttons if b["label"] == "Delete review")
    assert bot_messages(world, world.reviews)  # nothing removed before confirming
    click = world.drv.click(handle.message, confirm["custom_id"], world.owner)
    await click.response()
    await world.drv.wait_for_request("PATCH", rf"/channels/{message['id']}", timeout=5)
    for _ in range(100):
        if not query(world.db_path, "SELECT id FROM reviews WHERE deleted_at IS NULL"):
            break
        await asyncio.sleep(0.02)
    assert bot_messages(world, world.reviews) == []
    thread = world.drv.get_channel(message["id"])
    assert thread["thread_metadata"]["archived"] and thread["thread_metadata"]["locked"]
    assert query(world.db_path, "SELECT id FROM reviews WHERE deleted_at IS NULL") == []


async def test_a_member_without_the_reviewer_role_is_refused_with_its_name(world):
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "settings reviewer-role",
                              {"role": world.reviewer_role["id"]})
    await answer(handle)
    refused = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "review publish",
                                            {"channel": world.reviews["id"]}))
    assert is_ephemeral(refused) and "@Reviewer" in refused["content"]
    allowed = world.drv.invoke(world.guild, world.reviews, world.reviewer, "review publish",
                               {"channel": world.reviews["id"]})
    assert (await allowed.response())["type"] == 9


async def test_review_text_never_pings(world):
    body = f"@everyone @here <@&{world.reviewer_role['id']}> <@{world.member.id}> look at this"
    await publish_by_modal(world, world.owner, world.reviews, body=body)
    path = f"/channels/{world.reviews['id']}/messages"
    posts = [r for r in world.drv.requests if r.method == "POST" and r.path == path]
    assert posts
    for request in posts:
        assert request.json["allowed_mentions"] == {"parse": []} or request.json["allowed_mentions"]["parse"] == []
    [message] = bot_messages(world, world.reviews)
    assert not message["mention_everyone"] and message["mentions"] == [] and message["mention_roles"] == []


async def test_a_publish_that_fails_part_way_leaves_nothing_behind(world):
    world.drv.forbid("POST", "/channels/{channel_id}/messages/{message_id}/threads", count=1)
    text = await publish_by_modal(world, world.owner, world.reviews)
    assert "Nothing was left behind" in text
    assert bot_messages(world, world.reviews) == []
    assert query(world.db_path, "SELECT count(*) FROM reviews") == [(0,)]


async def test_missing_bot_permissions_are_reported_before_anything_is_posted(world):
    channel = world.drv.create_text_channel(world.guild, "locked",
                                            overwrites=[{"id": world.guild.id, "type": 0, "allow": 0, "deny": 1 << 11}])
    await asyncio.sleep(0.1)
    refused = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "review publish",
                                            {"channel": channel["id"]}))
    assert is_ephemeral(refused) and "Send Messages" in refused["content"]
    assert world.drv.messages(channel) == []


async def test_list_pages_newest_first_and_show_previews_privately(world):
    for i in range(10):
        title = f"Review {i} — " + "a title long enough to need a second page " * 5  # pages go by length
        options = {"channel": world.reviews["id"], "file": review_file(title, f"Film {i}", "b")}
        handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review publish", options)
        await answer_text(handle)
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "review list")
    first = await answer(handle)
    assert is_ephemeral(first) and "Page 1 of 2" in first["content"]
    assert first["content"].index("Review 9") < first["content"].index("Review 8")  # newest first
    assert "Review 0" not in first["content"]
    next_button = next(c for row in first["components"] for c in row["components"] if c["label"] == "Next")
    click = world.drv.click(handle.message, next_button["custom_id"], world.member)
    second = (await click.response())["data"]
    assert "Page 2 of 2" in second["content"] and "Review 0" in second["content"]
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews WHERE title LIKE 'Review 3 %'")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "review show",
                                          {"review": str(review_id)}))
    assert is_ephemeral(shown) and shown["embeds"][0]["title"].startswith("Review 3 — ")
