"""Interactions with real discord.py app commands: slash → modal → submit, autocomplete, buttons, rules."""

from __future__ import annotations

import asyncio
import io

import discord
import pytest
from discord import app_commands, ui

from bot.sandbox import Attachment

from .helpers import Inbox, make_bot

FILMS = ["Alien", "Aliens", "Blade Runner", "Heat"]


class Seen(dict):
    """What the bot's handlers saw; ``await seen.wait(key)`` until a handler stored *key*."""

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self._event(key).set()

    def _event(self, key):
        events = self.__dict__.setdefault("events", {})
        return events.setdefault(key, asyncio.Event())

    async def wait(self, key, timeout=5.0):
        await asyncio.wait_for(self._event(key).wait(), timeout)
        return self[key]


class ReviewModal(ui.Modal, title="Publish a review"):
    body: ui.TextInput = ui.TextInput(label="Your review", style=discord.TextStyle.long, custom_id="body")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Published: {self.body.value}")


class GenreView(ui.View):
    @ui.select(custom_id="genre", options=[discord.SelectOption(label=g) for g in ("Horror", "Noir", "Western")])
    async def genre(self, interaction: discord.Interaction, select: ui.Select) -> None:
        await interaction.response.send_message(f"picked {', '.join(select.values)}", ephemeral=True)


class VoteView(ui.View):
    @ui.button(label="Up", custom_id="vote:up")
    async def up(self, interaction: discord.Interaction, button: ui.Button) -> None:
        await interaction.response.edit_message(content=f"{interaction.user.name} voted up", view=None)


def build_bot(seen: dict):
    bot = make_bot()
    review = app_commands.Group(name="review", description="Reviews")

    @review.command(name="publish", description="Publish a review")
    async def publish(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        rating: float,
        poster: discord.Attachment | None = None,
    ) -> None:
        seen["publish"] = (channel, rating, poster, interaction.permissions, interaction.app_permissions)
        await interaction.response.send_modal(ReviewModal())

    @app_commands.command(name="release", description="When a film comes out")
    async def release(interaction: discord.Interaction, film: str) -> None:
        await interaction.response.send_message(f"{film}: soon", ephemeral=True)

    @release.autocomplete("film")
    async def film_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f, value=f) for f in FILMS if current.lower() in f.lower()]

    @app_commands.command(name="vote", description="Vote")
    async def vote(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Vote!", view=VoteView())

    @app_commands.command(name="genre", description="Pick a genre")
    async def genre(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Pick one", view=GenreView(), ephemeral=True)

    @app_commands.command(name="slow", description="Thinks first")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done thinking")
        await interaction.followup.send("and one more")

    @app_commands.command(name="twice", description="Answers twice")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        interaction.response._response_type = None  # get past discord.py's own guard
        try:
            await interaction.response.send_message("second")
        except discord.HTTPException as exc:
            seen["twice"] = exc

    @app_commands.command(name="bigmodal", description="Too long a title")
    async def bigmodal(interaction: discord.Interaction) -> None:
        modal = ReviewModal(title="t" * 46)
        try:
            await interaction.response.send_modal(modal)
        except discord.HTTPException as exc:
            seen["bigmodal"] = exc

    @app_commands.command(name="poster", description="Shows a poster")
    async def poster(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("poster", file=discord.File(io.BytesIO(b"jpeg"), "poster.jpg"))
        original = await interaction.original_response()
        seen["poster-original"] = original
        await interaction.edit_original_response(content="poster (edited)")
        await interaction.followup.send("only you see this", ephemeral=True)

    @app_commands.command(name="purge", description="Admins only")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.choices(
        scope=[app_commands.Choice(name="All", value="all"), app_commands.Choice(name="Mine", value="mine")]
    )
    async def purge(interaction: discord.Interaction, scope: app_commands.Choice[str]) -> None:
        await interaction.response.send_message(f"purged {scope.value}", ephemeral=True)

    for command in (review, release, vote, genre, slow, twice, bigmodal, poster, purge):
        bot.tree.add_command(command)

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


@pytest.fixture
async def world(drv, run_bot):
    app = drv.create_application("Reviewbot")
    guild = drv.create_guild("Film club")
    drv.add_bot(guild, app)
    channel = drv.create_text_channel(guild, "reviews")
    alice = drv.create_member(guild, "alice")
    seen = Seen()
    bot = build_bot(seen)
    inbox = Inbox(bot)
    await run_bot(bot, app)
    return app, guild, channel, alice, bot, seen, inbox


async def test_commands_are_registered(world):
    app, *_ = world
    names = sorted(c["name"] for c in app.commands.values())
    assert names == ["bigmodal", "genre", "poster", "purge", "release", "review", "slow", "twice", "vote"]


async def test_slash_command_modal_submit_response(drv, world):
    _, guild, channel, alice, _, seen, inbox = world
    handle = drv.invoke(
        guild,
        channel,
        alice,
        "review publish",
        options={"channel": channel["id"], "rating": 4.5, "poster": Attachment("p.png", b"img")},
    )
    response = await handle.response()
    assert response["type"] == 9 and handle.modal["title"] == "Publish a review"
    resolved_channel, rating, poster, perms, app_perms = seen["publish"]
    assert resolved_channel.id == int(channel["id"]) and rating == 4.5
    assert poster.filename == "p.png" and await poster.read() == b"img"
    assert perms.send_messages and app_perms.send_messages
    submitted = drv.submit_modal(handle, {"body": "A perfect film."})
    answer = await submitted.response()
    assert answer["type"] == 4 and answer["data"]["content"] == "Published: A perfect film."
    assert submitted.message["content"] == "Published: A perfect film."
    published = await inbox.until(lambda m: m.content.startswith("Published"))
    assert published.interaction_metadata.user.id == int(alice.id)


async def test_autocomplete_and_ephemeral_answer(drv, world):
    _, guild, channel, alice, *_ = world
    choices = await drv.autocomplete(guild, channel, alice, "release", {"film": "ali"}, focused="film")
    assert [c["name"] for c in choices] == ["Alien", "Aliens"]
    handle = drv.invoke(guild, channel, alice, "release", options={"film": "Alien"})
    response = await handle.response()
    assert response["data"]["flags"] & 64
    assert handle.message["content"] == "Alien: soon"
    assert handle.ephemeral_messages == [handle.message]
    assert drv.messages(channel) == []  # nobody else sees it


async def test_button_click_updates_the_message(drv, world):
    _, guild, channel, alice, *_ = world
    handle = drv.invoke(guild, channel, alice, "vote")
    await handle.response()
    message = handle.message
    assert message["components"][0]["components"][0]["custom_id"] == "vote:up"
    click = drv.click(message, "vote:up", alice)
    answer = await click.response()
    assert answer["type"] == 7
    assert drv.get_message(channel, message["id"])["content"] == "alice voted up"
    assert drv.get_message(channel, message["id"])["components"] == []


async def test_deferred_reply_is_filled_by_the_first_followup(drv, world):
    _, guild, channel, alice, *_ = world
    handle = drv.invoke(guild, channel, alice, "slow")
    assert (await handle.response())["type"] == 5
    followups = await handle.followups(count=2)
    assert followups[0]["id"] == handle.message["id"]  # the "thinking" message was filled in
    assert [m["content"] for m in drv.messages(channel)] == ["done thinking", "and one more"]
    assert not handle.message["flags"] & 128


async def test_answering_twice_is_40060(drv, world):
    _, guild, channel, alice, _, seen, _ = world
    handle = drv.invoke(guild, channel, alice, "twice")
    await handle.response()
    assert (await seen.wait("twice")).code == 40060


async def test_modal_title_over_45_is_rejected(drv, world):
    _, guild, channel, alice, _, seen, _ = world
    handle = drv.invoke(guild, channel, alice, "bigmodal")
    assert (await seen.wait("bigmodal")).code == 50035
    assert handle.record.response is None


async def test_late_answer_is_unknown_interaction(loopback, drv, world):
    _, guild, channel, alice, *_ = world
    loopback.interactions.ack_deadline = 0.0
    handle = drv.invoke(guild, channel, alice, "vote")
    record = await drv.wait_for(lambda r: r.path.endswith("/callback"))
    assert record.status == 404 and record.response["code"] == 10062
    assert handle.record.response is None


async def test_followup_before_answer_is_unknown_webhook(loopback, drv, world):
    app, guild, channel, alice, bot, *_ = world
    loopback.interactions.ack_deadline = 0.0  # the bot's own answer will fail
    handle = drv.invoke(guild, channel, alice, "vote")
    await drv.wait_for(lambda r: r.path.endswith("/callback"))
    webhook = discord.Webhook.partial(int(app.application_id), handle.record.token, client=bot)
    with pytest.raises(discord.NotFound) as info:
        await webhook.send("too early")
    assert info.value.code == 10015


async def test_file_answer_original_edit_and_ephemeral_followup(drv, world):
    _, guild, channel, alice, _, seen, _ = world
    handle = drv.invoke(guild, channel, alice, "poster")
    response = await handle.response()
    assert response["data"]["attachments"][0]["filename"] == "poster.jpg"
    followups = await handle.followups()
    assert followups[0]["flags"] & 64 and followups[0]["content"] == "only you see this"
    assert (await seen.wait("poster-original")).attachments[0].filename == "poster.jpg"
    assert handle.message["content"] == "poster (edited)"
    assert [m["content"] for m in drv.messages(channel)] == ["poster (edited)"]


async def test_choices_and_default_member_permissions(drv, world):
    _, guild, channel, alice, *_ = world
    with pytest.raises(PermissionError):
        drv.invoke(guild, channel, alice, "purge", options={"scope": "all"})
    admin = drv.create_member(guild, "admin", permissions=discord.Permissions(manage_guild=True).value)
    with pytest.raises(ValueError, match="choices"):
        drv.invoke(guild, channel, admin, "purge", options={"scope": "everything"})
    handle = drv.invoke(guild, channel, admin, "purge", options={"scope": "mine"})
    assert (await handle.response())["data"]["content"] == "purged mine"


async def test_select_menu_on_an_ephemeral_message(drv, world):
    _, guild, channel, alice, *_ = world
    handle = drv.invoke(guild, channel, alice, "genre")
    await handle.response()
    picked = drv.click(handle.message, "genre", alice, values=["Noir", "Horror"])
    answer = await picked.response()
    assert answer["data"]["content"] == "picked Noir, Horror"
