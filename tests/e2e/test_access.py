"""Who may read, publish, change and run what: a hostile member against the real bot, end to end.

Anyone can invite the bot to a server of their own, so each test plays the member who tries to get
more than Discord would give them: reviews of a channel they cannot see, a channel they cannot post
in, someone else's review, a guild command in a DM, an option value the client would never send.
"""

from __future__ import annotations

from bot.sandbox import permissions as perm
from bot.sandbox.interactions import Attachment
from tests.e2e.helpers import answer, answer_text, eventually, is_ephemeral, query, review_file

HIDDEN = perm.VIEW_CHANNEL


def hidden_channel(world, name: str, *, open_to=()) -> dict:
    """A text channel @everyone cannot see; the bot, and the roles in *open_to*, can."""
    overwrites = [{"id": world.guild.id, "type": 0, "allow": "0", "deny": str(HIDDEN)},
                  {"id": world.app.bot_id, "type": 1, "allow": str(HIDDEN), "deny": "0"}]
    overwrites += [{"id": role["id"], "type": 0, "allow": str(HIDDEN), "deny": "0"} for role in open_to]
    return world.drv.create_text_channel(world.guild, name, overwrites=overwrites)


async def publish_file(world, member, channel, title: str, *, author: str | None = None) -> int:
    attachment = review_file(title, "Some Film", f"The body of {title}.")
    if author is not None:
        attachment = Attachment("r.md", attachment.data.replace(b"author: Rita Reviewer", f"author: {author}".encode()),
                                "text/markdown")
    handle = world.drv.invoke(world.guild, world.reviews, member, "review publish",
                              {"channel": channel["id"], "file": attachment})
    text = await answer_text(handle)
    assert "Published" in text, text
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews WHERE title = ?", title)
    return review_id


async def read_paths(world, member, review_id: int) -> dict[str, str]:
    """What *member* gets back from every command that reads a review, by id typed by hand."""
    out = {}
    for command, options in (
        ("review show", {"review": str(review_id)}),
        ("comments show", {"review": str(review_id)}),
        ("comments export", {"review": str(review_id), "format": "json"}),
    ):
        message = await answer(world.drv.invoke(world.guild, world.reviews, member, command, options))
        out[command] = (message.get("content") or "").replace(str(review_id), "ID")
        out[command + " files"] = str(len(message.get("attachments") or []))
    return out


async def listed(world, member) -> str:
    return await answer_text(world.drv.invoke(world.guild, world.reviews, member, "review list"))


async def suggested(world, member) -> list[str]:
    choices = await world.drv.autocomplete(world.guild, world.reviews, member, "review show", {"review": ""}, "review")
    return [c["name"] for c in choices]


# -- item 1: reading ------------------------------------------------------------------------------------

async def test_reviews_in_a_hidden_channel_are_not_listed_suggested_or_found(world):
    staff = hidden_channel(world, "staff-reviews")
    await publish_file(world, world.owner, world.reviews, "Open Review")
    hidden_id = await publish_file(world, world.owner, staff, "Staff Secret")

    assert "Staff Secret" not in await listed(world, world.member)
    assert "Open Review" in await listed(world, world.member)
    assert [n for n in await suggested(world, world.member) if "Staff Secret" in n] == []
    assert [n for n in await suggested(world, world.member) if "Open Review" in n]
    # a hidden id reads exactly like a missing one, on every read path, and no file goes out
    assert await read_paths(world, world.member, hidden_id) == await read_paths(world, world.member, 987654)
    assert "can't find" in (await read_paths(world, world.member, hidden_id))["review show"]
    # the owner, who sees the channel, still gets it all
    assert "Staff Secret" in await listed(world, world.owner)
    assert (await read_paths(world, world.owner, hidden_id))["comments export files"] == "1"


async def test_a_review_whose_thread_is_private_needs_membership_of_that_thread(world):
    review_id = await publish_file(world, world.owner, world.reviews, "Thread Only")
    private = world.drv.create_thread(world.reviews, world.owner, "inner circle", private=True)
    # The bot opens public threads; a review whose discussion is a private thread stands for any thread
    # Discord restricts by membership, so the check must not rest on the channel's permissions alone.
    query(world.db_path, "UPDATE reviews SET thread_id = ? WHERE id = ?", int(private["id"]), review_id)

    assert "Thread Only" not in await listed(world, world.member)
    assert "can't find" in (await read_paths(world, world.member, review_id))["comments show"]
    world.drv.state.join_thread(private, world.member.id)
    assert "Thread Only" in await listed(world, world.member)
    assert (await read_paths(world, world.member, review_id))["comments export files"] == "1"


async def test_a_member_who_loses_the_role_that_opened_a_channel_loses_its_reviews(world):
    critics = world.drv.create_role(world.guild, "Critics")
    lounge = hidden_channel(world, "critics-lounge", open_to=[critics])
    review_id = await publish_file(world, world.owner, lounge, "Lounge Talk")
    world.drv.add_role(world.guild, world.member, critics)
    assert "Lounge Talk" in await listed(world, world.member)
    assert "can't find" not in (await read_paths(world, world.member, review_id))["review show"]

    world.drv.remove_role(world.guild, world.member, critics)
    assert "Lounge Talk" not in await listed(world, world.member)
    assert [n for n in await suggested(world, world.member) if "Lounge Talk" in n] == []
    assert "can't find" in (await read_paths(world, world.member, review_id))["review show"]


# -- item 3: changing someone else's review -------------------------------------------------------------

async def with_reviewer_role(world) -> None:
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "settings reviewer-role",
                              {"role": world.reviewer_role["id"]})
    await answer(handle)


def embed_text(world, review_id: int) -> str:
    [(channel_id, message_ids)] = query(world.db_path, "SELECT channel_id, message_ids FROM reviews WHERE id = ?",
                                        review_id)
    first = message_ids.strip("[]").split(",")[0]
    return world.drv.get_message(str(channel_id), first)["embeds"][0]["description"]


async def test_a_reviewer_cannot_edit_delete_or_purge_another_reviewers_review(world):
    await with_reviewer_role(world)
    rival = world.drv.create_member(world.guild, "Rick Rival", roles=[world.reviewer_role])
    review_id = await publish_file(world, world.reviewer, world.reviews, "Rita's Take")
    before = embed_text(world, review_id)

    edit = world.drv.invoke(world.guild, world.reviews, rival, "review edit",
                            {"review": str(review_id), "file": review_file("Hijacked", "Other Film", "Mine now.")})
    refusal = await answer(edit)
    assert is_ephemeral(refusal) and "Only the review's author" in refusal["content"]
    form = await answer(world.drv.invoke(world.guild, world.reviews, rival, "review edit", {"review": str(review_id)}))
    assert "Only the review's author" in (form.get("content") or "")  # no form opens either
    for purge in (False, True):
        delete = world.drv.invoke(world.guild, world.reviews, rival, "review delete",
                                  {"review": str(review_id), "purge_comments": purge})
        assert "Only the review's author" in await answer_text(delete)
    assert embed_text(world, review_id) == before
    assert query(world.db_path, "SELECT title, deleted_at FROM reviews WHERE id = ?", review_id) == [("Rita's Take",
                                                                                                     None)]


async def test_a_moderator_with_manage_messages_in_the_channel_may_delete_it(world):
    await with_reviewer_role(world)
    moderator = world.drv.create_member(world.guild, "Mona Moderator", roles=[world.reviewer_role])
    world.drv.set_overwrite(world.reviews, moderator, allow=perm.MANAGE_MESSAGES)
    review_id = await publish_file(world, world.reviewer, world.reviews, "Rita's Take")
    delete = world.drv.invoke(world.guild, world.reviews, moderator, "review delete", {"review": str(review_id)})
    prompt = await answer(delete)
    assert "Delete" in prompt["content"]
    confirm = next(c["custom_id"] for row in prompt["components"] for c in row["components"]
                   if c["label"] == "Delete review")
    await world.drv.click(delete.message, confirm, moderator).response()
    await eventually(lambda: query(world.db_path, "SELECT deleted_at FROM reviews WHERE id = ?", review_id)[0][0])


async def test_an_edit_by_file_keeps_the_byline_of_the_stored_author(world):
    await with_reviewer_role(world)
    review_id = await publish_file(world, world.reviewer, world.reviews, "Rita's Take")
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review edit", {
        "review": str(review_id), "file": Attachment("r.md", review_file("Rita's Take", "Some Film", "Better.").data
                                                     .replace(b"author: Rita Reviewer", b"author: Olive Owner"),
                                                     "text/markdown")})
    assert "Updated" in await answer_text(handle)
    [(byline, author_id)] = query(world.db_path, "SELECT byline, author_id FROM reviews WHERE id = ?", review_id)
    assert (byline, str(author_id)) == ("Rita Reviewer", world.reviewer.id)
    assert "Rita Reviewer" in embed_text(world, review_id) and "Olive Owner" not in embed_text(world, review_id)


# -- item 2: publishing where the reviewer may not post -------------------------------------------------

def bot_may_post(world) -> dict:
    """A member overwrite that lets the bot itself post, embed and open threads."""
    allow = perm.SEND_MESSAGES | perm.EMBED_LINKS | perm.CREATE_PUBLIC_THREADS | perm.SEND_MESSAGES_IN_THREADS
    return {"id": world.app.bot_id, "type": 1, "allow": str(allow), "deny": "0"}

async def test_a_reviewer_cannot_publish_into_a_channel_they_cannot_post_in(world):
    await with_reviewer_role(world)
    announcements = world.drv.create_text_channel(world.guild, "announcements", overwrites=[
        {"id": world.guild.id, "type": 0, "allow": "0", "deny": str(perm.SEND_MESSAGES)}, bot_may_post(world)])
    no_threads = world.drv.create_text_channel(world.guild, "no-threads", overwrites=[
        {"id": world.guild.id, "type": 0, "allow": "0", "deny": str(perm.CREATE_PUBLIC_THREADS)}, bot_may_post(world)])
    for channel, missing in ((announcements, "Send Messages"), (no_threads, "Create Public Threads")):
        for options in ({"file": review_file("Loud", "Some Film", "Everyone look.")}, {}):  # by file, and by form
            handle = world.drv.invoke(world.guild, world.reviews, world.reviewer, "review publish",
                                      {"channel": channel["id"], **options})
            refusal = await answer(handle)
            assert is_ephemeral(refusal) and missing in refusal["content"], refusal
            assert handle.modal is None
        assert world.drv.messages(channel) == []
    assert query(world.db_path, "SELECT count(*) FROM reviews") == [(0,)]
    # the owner, who may post there, still can
    assert await publish_file(world, world.owner, announcements, "Official")


async def test_the_review_channel_an_admin_set_stays_open_to_reviewers(world):
    await with_reviewer_role(world)
    world.drv.set_overwrite(world.reviews, world.guild, deny=perm.SEND_MESSAGES)  # read-only for members
    bot_user = world.drv.state.users[world.app.bot_id]
    world.drv.set_overwrite(world.reviews, bot_user, allow=int(bot_may_post(world)["allow"]))
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "settings channel",
                                  {"channel": world.reviews["id"]}))
    assert await publish_file(world, world.reviewer, world.reviews, "In the review channel")


# -- item 4: guild commands in DMs ----------------------------------------------------------------------

def global_commands(world) -> list[str]:
    return sorted(c["name"] for c in world.app.commands.values() if c.get("guild_id") is None)


async def test_no_guild_command_is_offered_in_direct_messages(world):
    names = global_commands(world)
    assert {"release", "review", "comments", "settings", "film", "help"} <= set(names)
    for name in names:
        try:
            world.drv.invoke_in_dm(world.app, world.member, name)
        except PermissionError:
            continue
        raise AssertionError(f"/{name} is offered in DMs")


async def test_a_guild_command_that_reaches_a_dm_anyway_gets_a_polite_answer(world):
    for command, options in (("release when", {"film": "Never Let Me Go"}), ("release reminders", {}),
                             ("review list", {}), ("settings show", {}), ("help", {})):
        handle = world.drv.invoke_in_dm(world.app, world.member, command, options, stale_client=True)
        reply = await answer(handle)
        assert is_ephemeral(reply), (command, reply)
        assert "works in a server" in reply["content"], (command, reply)


# -- item 5: option values a client would never send ----------------------------------------------------

async def test_option_values_outside_the_declared_ranges_and_choices_are_refused(world):
    review_id = await publish_file(world, world.owner, world.reviews, "Range Test")
    films_before = query(world.db_path, "SELECT count(*) FROM films")
    cases = (
        ("film add", {"title": "Far Future", "year": 99999}, "year"),
        ("film add", {"title": "Epic", "year": 2000, "runtime": -5}, "runtime"),
        ("film add", {"title": "x" * 301, "year": 2000}, "title"),
        ("comments export", {"review": str(review_id), "format": "exe"}, "format"),
        ("settings answer-questions", {"mode": "sometimes"}, "mode"),
        ("release when", {"film": "Never Let Me Go", "format": "laserdisc"}, "format"),
    )
    for command, options, name in cases:
        handle = world.drv.invoke(world.guild, world.reviews, world.owner, command, options, checked=False)
        reply = await answer(handle)
        assert is_ephemeral(reply), (command, reply)
        assert f"“{name}”" in reply["content"] and not reply.get("attachments"), (command, reply)
    assert query(world.db_path, "SELECT count(*) FROM films") == films_before
    assert query(world.db_path, "SELECT answer_questions FROM guild_settings") in ([], [(1,)])
