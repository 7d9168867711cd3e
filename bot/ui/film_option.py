"""The ``film:`` option: autocomplete from the title indexes, and resolution of what was typed."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.domain.models import Film
from bot.domain.review_render import clean_single_line
from bot.domain.titles import TitleMatch
from bot.errors import UserFacingError
from bot.mentions import NO_PINGS
from bot.services.release_desk import Asker, Reply
from bot.ui.language import book_of
from bot.ui.views import PickFilm

if TYPE_CHECKING:
    from bot.core import ReviewBot

#: how much of a candidate film's title a refusal names (five candidates, escaped, fit one message)
LABEL_TITLE_CHARS = 100


def today() -> dt.date:
    """Today's date, in UTC: answers write release days out, so no reader sees a shifted day."""
    return dt.datetime.now(dt.UTC).date()


def asker_of(interaction: discord.Interaction) -> Asker:
    assert interaction.guild is not None
    return Asker(interaction.guild.id, interaction.user.id, str(interaction.guild.preferred_locale),
                 locale=str(interaction.locale))


async def film_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    if interaction.guild_id is None:
        return []
    bot: ReviewBot = interaction.client  # type: ignore[assignment]
    _ = book_of(interaction)
    local = bot.desk.autocomplete(current, interaction.guild_id)
    choices = [app_commands.Choice(name=match.label[:100], value=str(match.film_id)) for match in local]
    listed_any = False
    if len(choices) < 25:
        # TMDB's list of titles (`reviewbot films import-tmdb-ids`), after the store's films, without a request;
        # a title the store has already is not offered twice.
        titles = {match.title.casefold() for match in local}
        for listed in bot.desk.listed_choices(current, 25 - len(choices)):
            listed_any = True
            if listed.title.casefold() not in titles:
                titles.add(listed.title.casefold())
                choices.append(app_commands.Choice(name=_("{film} · TMDB", film=listed.title[:90])[:100],
                                                   value=f"tmdb:{listed.film_id}"))
    # Too few films here: TMDB's search, within the deadline (one search per burst of keys, cached). With
    # TMDB's list loaded, only when the list knows nothing of what was typed: the list is what saves requests.
    if len(choices) < TMDB_BELOW and bot.film_lookup.enabled and not listed_any:
        known = {choice.name.casefold() for choice in choices}
        offered = {choice.value for choice in choices}
        for hit in await bot.film_lookup.suggest(interaction.user.id, current):
            label = f"{hit.title} ({hit.year})" if hit.year else hit.title
            if label.casefold() not in known and f"tmdb:{hit.tmdb_id}" not in offered and len(choices) < 25:
                known.add(label.casefold())
                choices.append(app_commands.Choice(name=_("{film} · TMDB", film=label[:90])[:100],
                                                   value=f"tmdb:{hit.tmdb_id}"))
    return choices


#: Fewer local matches than this and TMDB's search results are offered too.
TMDB_BELOW = 5


class FilmTransformer(app_commands.Transformer):
    """Resolves to exactly one film, or refuses politely with the nearest titles."""

    async def autocomplete(self, interaction: discord.Interaction, value: str) -> list[app_commands.Choice[str]]:
        return await film_autocomplete(interaction, value)

    async def transform(self, interaction: discord.Interaction, value: str) -> Film:
        if interaction.guild_id is None:
            raise app_commands.NoPrivateMessage()
        bot: ReviewBot = interaction.client  # type: ignore[assignment]
        found = await bot.desk.resolve_option(value, interaction.guild_id)
        if isinstance(found, Film):
            return found
        shown = discord.utils.escape_markdown(value[:80])
        if len(found) == 1:  # a near miss, not a choice between films
            near = _short_label(found[0])
            raise UserFacingError("I don't know a film called “{film}”. Did you mean *{near}*? Pick it from the "
                                  "list as you type.", film=shown, near=near)
        if found:
            names = ", ".join(f"*{_short_label(m)}*" for m in found[:5])
            raise UserFacingError("“{film}” could mean several films: {names}. Pick one from the list as you type.",
                                  film=shown, names=names)
        raise UserFacingError("I don't know a film called “{film}”. Pick one from the list as you type.", film=shown)


def _short_label(match: TitleMatch) -> str:
    """A candidate's title clipped (its year kept) and escaped: five of them stay well inside a message."""
    title = clean_single_line(match.title, LABEL_TITLE_CHARS)
    return discord.utils.escape_markdown(f"{title} ({match.year})" if match.year else title)


def reply_view(bot: ReviewBot, reply: Reply) -> discord.ui.View | None:
    """Buttons to pick the film when *reply* asks which one; a click answers the question that was asked."""
    if not reply.choices:
        return None

    async def pick(click: discord.Interaction, film_id: int) -> None:
        film = await bot.desk.film(film_id, click.guild_id or 0)
        if film is None:
            _ = book_of(click)
            await click.response.send_message(_("That film is gone from the catalogue."), ephemeral=True)
            return
        if reply.watch is not None:
            answer = await bot.desk.answer_watch(film, asker_of(click), countries=reply.countries,
                                                 services=reply.watch.services, kinds=reply.watch.kinds, today=today())
        else:
            answer = await bot.desk.answer_film(film, asker_of(click), formats=reply.formats,
                                                countries=reply.countries, today=today())
        await click.response.edit_message(content=answer.text, view=None, allowed_mentions=NO_PINGS)

    return PickFilm([(m.film_id, m.label) for m in reply.choices], pick)
