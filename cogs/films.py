"""Film metadata and release dates: ``/release`` for everyone, ``/film`` for looking up and curating."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core import ReviewBot
from bot.db.films import ImportReport
from bot.db.reminders import ClaimedReminder
from bot.domain.film_import import FilmImportError
from bot.domain.film_info import film_info_pages
from bot.domain.models import Film, Format, PartialDate, Release, ReleaseType
from bot.domain.paging import page_footer_in, paginate
from bot.domain.release_answers import no_match_text
from bot.domain.reminders import (
    check_reminder,
    describe_date,
    format_words,
    nothing_to_remind_text,
    promise_text,
    tracked_release,
)
from bot.domain.review_render import clean_single_line, escape_markdown
from bot.domain.tmdb import TMDB_ATTRIBUTION
from bot.domain.translations import Phrasebook
from bot.domain.watch_questions import WatchQuestion
from bot.errors import UserFacingError
from bot.mentions import NO_PINGS
from bot.services.release_desk import Reply
from bot.services.server_imports import IMPORT_RATE, check_file_size, check_room, import_server_file
from bot.ui.access import reviewer_only
from bot.ui.country_option import CountryTransformer, describe_country
from bot.ui.film_option import FilmTransformer, asker_of, film_autocomplete, reply_view, today
from bot.ui.language import book_of, book_of_guild
from bot.ui.views import Confirm, Paginator

log = logging.getLogger(__name__)

FORMAT_CHOICES = [app_commands.Choice(name=f.value, value=f.value) for f in Format]
TYPE_CHOICES = [
    app_commands.Choice(name=label, value=int(t))
    for t, label in (
        (ReleaseType.PREMIERE, "premiere"), (ReleaseType.LIMITED, "limited theatrical"),
        (ReleaseType.THEATRICAL, "theatrical"), (ReleaseType.DIGITAL, "digital"),
        (ReleaseType.PHYSICAL, "physical (DVD, Blu-ray)"), (ReleaseType.TV, "TV"),
    )
]
REMINDER_CHECK_SECONDS = 600
#: Open reminders a member may hold in one server (also how many options one select menu may hold),
#: and across every server (anyone can create servers, and every reminder is checked on each pass).
REMINDERS_PER_SERVER = 25
REMINDERS_PER_MEMBER = 100


@app_commands.guild_only()
class ReleaseDates(commands.GroupCog, group_name="release", group_description="When a film comes out"):
    """Release dates for everyone, and reminders when they arrive."""

    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.reminder_loop.start()

    async def cog_unload(self) -> None:
        self.reminder_loop.cancel()

    async def send_reply(self, interaction: discord.Interaction, reply: Reply) -> None:
        """Answer, or ask which film with buttons when the title is ambiguous."""
        view = reply_view(self.bot, reply) or discord.utils.MISSING
        await interaction.response.send_message(reply.text, view=view, allowed_mentions=NO_PINGS)

    @app_commands.command(name="when", description="When does a film come out? Answers for your country")
    @app_commands.describe(film="The film", country="Which country (default: yours, or the server's)",
                           format="Which kind of release (default: any)")
    @app_commands.autocomplete(film=film_autocomplete)
    @app_commands.choices(format=FORMAT_CHOICES)
    @app_commands.guild_only()
    async def when(
        self,
        interaction: discord.Interaction,
        film: str,
        country: app_commands.Transform[str, CountryTransformer] | None = None,
        format: app_commands.Choice[str] | None = None,
    ) -> None:
        assert interaction.guild is not None
        _ = book_of(interaction)
        found = await self.bot.desk.resolve_option(film, interaction.guild.id)
        formats = () if format is None or format.value == "any" else (Format(format.value),)
        countries = (country,) if country else ()
        if isinstance(found, Film):
            reply = await self.bot.desk.answer_film(found, asker_of(interaction), formats=formats,
                                                    countries=countries, today=today())
        elif len(found) > 1:
            reply = Reply(_("Which “{film}” do you mean?", film=escape_markdown(film[:80])), choices=tuple(found[:5]),
                          formats=formats, countries=countries)
        else:
            await interaction.response.send_message(no_match_text(film[:80], found, _), ephemeral=True,
                                                    allowed_mentions=NO_PINGS)
            return
        await self.send_reply(interaction, reply)

    @app_commands.command(name="watch", description="Where can a film be watched? Streaming, rental and purchase")
    @app_commands.describe(film="The film", country="Which country (default: yours, or the server's)")
    @app_commands.autocomplete(film=film_autocomplete)
    @app_commands.guild_only()
    async def watch(
        self,
        interaction: discord.Interaction,
        film: str,
        country: app_commands.Transform[str, CountryTransformer] | None = None,
    ) -> None:
        assert interaction.guild is not None
        _ = book_of(interaction)
        found = await self.bot.desk.resolve_option(film, interaction.guild.id)
        countries = (country,) if country else ()
        if isinstance(found, Film):
            reply = await self.bot.desk.answer_watch(found, asker_of(interaction), countries=countries, today=today())
        elif len(found) > 1:
            reply = Reply(_("Which “{film}” do you mean?", film=escape_markdown(film[:80])), choices=tuple(found[:5]),
                          countries=countries, watch=WatchQuestion(countries, None, False))
        else:
            await interaction.response.send_message(no_match_text(film[:80], found, _), ephemeral=True,
                                                    allowed_mentions=NO_PINGS)
            return
        await self.send_reply(interaction, reply)

    @app_commands.command(name="remind", description="Get a ping here when a film's release arrives")
    @app_commands.describe(film="The film", country="Which country (default: yours, or the server's)",
                           format="Which kind of release (default: cinema)")
    @app_commands.choices(format=[c for c in FORMAT_CHOICES if c.value != "any"])
    @app_commands.guild_only()
    async def remind(
        self,
        interaction: discord.Interaction,
        film: app_commands.Transform[Film, FilmTransformer],
        country: app_commands.Transform[str, CountryTransformer] | None = None,
        format: app_commands.Choice[str] | None = None,
    ) -> None:
        assert interaction.guild is not None and interaction.channel is not None
        fmt = Format(format.value) if format else Format.CINEMA
        _ = book_of(interaction)
        asked = (country,) if country else ()
        countries, _assumed, _why = await self.bot.desk.country_for(asker_of(interaction), asked)
        where = countries[0]
        release = tracked_release(film, where, fmt)
        label = f"*{escape_markdown(film.label)}*"
        if release is not None and release.date.precision == "day" and release.date.first_day() <= today():
            raise UserFacingError(nothing_to_remind_text(fmt, label, describe_country(where, _), _.date(release.date),
                                                         _))
        existing = await self.bot.store.reminders.for_member(interaction.guild.id, interaction.user.id)
        same = any(r.film_id == film.id and r.country == where and r.format == fmt.value for r in existing)
        if not same:  # asking again for the same release merges, so it never counts against the caps
            if len(existing) >= REMINDERS_PER_SERVER:
                raise UserFacingError("You have {n} reminders in this server already; cancel some with "
                                      "`/release reminders` first.", n=REMINDERS_PER_SERVER)
            if await self.bot.store.reminders.count_for_user(interaction.user.id) >= REMINDERS_PER_MEMBER:
                raise UserFacingError("You have {n} reminders across your servers already; cancel some with "
                                      "`/release reminders` first.", n=REMINDERS_PER_MEMBER)
        _reminder, merged = await self.bot.store.reminders.add(
            guild_id=interaction.guild.id, channel_id=interaction.channel.id, user_id=interaction.user.id,
            film_id=film.id, country=where, format=fmt.value, known_date=release.date.iso() if release else None,
        )
        parts = [_("You already had that reminder, so it stays one.")] if merged else []
        parts.append(promise_text(fmt, label, describe_country(where, _), _))
        parts.append(_("It's currently due {date}.", date=describe_date(release.date, _)) if release
                     else _("No date is on record yet."))
        await interaction.response.send_message(" ".join(parts), ephemeral=True, allowed_mentions=NO_PINGS)

    @app_commands.command(name="reminders", description="List and cancel your release reminders")
    @app_commands.guild_only()
    async def reminders(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        _ = book_of(interaction)
        mine = await self.bot.store.reminders.for_member(interaction.guild.id, interaction.user.id)
        if not mine:
            await interaction.response.send_message(_("You have no release reminders here."), ephemeral=True)
            return
        lines, options = [], []
        for reminder in mine:
            film = await self.bot.desk.film(reminder.film_id, interaction.guild.id)
            label = film.label if film else _("film #{id}", id=reminder.film_id)
            line = _("{film} — {how} in {where}", film=label, how=format_words(Format(reminder.format), _),
                     where=describe_country(reminder.country, _))
            lines.append(f"`{reminder.id}` {escape_markdown(line)}")
            options.append(discord.SelectOption(label=line[:100], value=str(reminder.id)))
        pages = paginate(lines, header=_("**Your reminders** ({count})", count=len(lines)) + "\n",
                         footer=page_footer_in(_), empty=_("Nothing to show."))
        view = CancelReminders(self.bot, interaction.user.id, pages, options)
        view.choose.placeholder = _("Choose reminders to cancel")
        await view.send(interaction, ephemeral=True)

    # ------------------------------------------------------------ delivering reminders
    @tasks.loop(seconds=REMINDER_CHECK_SECONDS)
    async def reminder_loop(self) -> None:
        await self.check_reminders()

    @reminder_loop.before_loop
    async def before_reminder_loop(self) -> None:
        await self.bot.wait_until_ready()

    @commands.Cog.listener()
    async def on_film_releases_changed(self, film_id: int) -> None:
        await self.check_reminders(film_id)

    async def check_reminders(self, film_id: int | None = None) -> int:
        """Tell each member whose release arrived or whose date was set or moved; return how many.

        Only this process's servers: with several shard processes on one store, each delivers the
        reminders of the servers it serves, and a claim makes each delivery happen exactly once.
        """
        sent = 0
        for reminder in await self.bot.store.reminders.open():
            if film_id is not None and reminder.film_id != film_id:
                continue
            if self.bot.get_guild(reminder.guild_id) is None:
                continue  # another process's server (or one the bot has left)
            film = await self.bot.desk.film(reminder.film_id, reminder.guild_id)
            if film is None:
                await self.bot.store.reminders.finish(reminder.id)
                continue
            if check_reminder(film, reminder.country, Format(reminder.format), reminder.known_date, today()) is None:
                continue
            async with self.bot.store.reminders.claim(reminder.id) as claimed:
                if claimed is None:
                    continue  # delivered meanwhile, or being delivered by another process
                sent += await self._deliver(claimed, film)
        return sent

    async def _deliver(self, claimed: ClaimedReminder, film: Film) -> int:
        reminder = claimed.reminder  # as it is now: the check above may have read an older copy
        notice = check_reminder(film, reminder.country, Format(reminder.format), reminder.known_date, today(),
                                book_of_guild(self.bot.get_guild(reminder.guild_id)))
        if notice is None:
            return 0
        channel = self.bot.get_channel(reminder.channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            return 0
        try:
            await channel.send(f"<@{reminder.user_id}> {notice.text}",
                               allowed_mentions=discord.AllowedMentions(users=[discord.Object(reminder.user_id)]))
        except discord.HTTPException:
            log.warning("Could not deliver reminder %s; will retry", reminder.id, exc_info=True)
            return 0
        if notice.finished:
            await claimed.finish()
        else:
            await claimed.set_known_date(notice.known_date)
        return 1


class CancelReminders(Paginator):
    """The member's reminders, paged, with one menu that cancels any of them from any page.

    A member may hold 25 reminders, which is also how many options a select menu may have.
    """

    def __init__(self, bot: ReviewBot, owner_id: int, pages: list[str], options: list[discord.SelectOption]) -> None:
        super().__init__(owner_id, pages)
        self.bot = bot
        self.choose.options = options[:25]
        self.choose.max_values = len(self.choose.options)

    @discord.ui.select(placeholder="Choose reminders to cancel", min_values=1)
    async def choose(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        assert interaction.guild is not None
        cancelled = 0
        for value in select.values:
            cancelled += await self.bot.store.reminders.cancel(interaction.guild.id, self.owner_id, int(value))
        _ = book_of(interaction)
        await interaction.response.edit_message(
            content=_.plural("Cancelled {n} reminder.", "Cancelled {n} reminders.", cancelled), view=None)


@app_commands.guild_only()
class Films(commands.GroupCog, group_name="film", group_description="Film details and release dates"):
    """Looking up films, and curating their release dates (reviewers)."""

    release = app_commands.Group(name="release", description="Curate a film's release dates")

    def __init__(self, bot: ReviewBot) -> None:
        self.bot = bot

    @app_commands.command(name="info", description="A film's details and every release on record")
    @app_commands.describe(film="The film")
    async def info(self, interaction: discord.Interaction, film: app_commands.Transform[Film, FilmTransformer]) -> None:
        assert film.id is not None
        # TMDB's attribution wherever its data may be shown: TMDB is configured, or this film came from it.
        from_tmdb = self.bot.film_lookup.client is not None or await self.bot.store.tmdb.knows(film.id)
        pages = film_info_pages(film, footer=TMDB_ATTRIBUTION if from_tmdb else None, book=book_of(interaction))
        await Paginator(interaction.user.id, pages).send(interaction, ephemeral=True)

    @app_commands.command(name="add", description="Add a film to this server's catalogue")
    @app_commands.describe(title="The film's title", year="The year of its first release",
                           director="Who directed it", runtime="Running time in minutes",
                           imdb_id="IMDb id such as tt1334260")
    @reviewer_only()
    async def add(
        self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 300],
        year: app_commands.Range[int, 1870, 2100], director: app_commands.Range[str, 1, 200] | None = None,
        runtime: app_commands.Range[int, 1, 1000] | None = None, imdb_id: str | None = None,
    ) -> None:
        assert interaction.guild is not None
        clean = clean_single_line(title, 300)
        if not clean:
            raise UserFacingError("The title is empty once invisible characters are removed.")
        if imdb_id is not None and not (imdb_id.startswith("tt") and imdb_id[2:].isdigit() and 9 <= len(imdb_id) <= 12):
            raise UserFacingError("An IMDb id looks like tt1334260.")
        existing = await self.bot.store.films.known(clean, year, interaction.guild.id)
        if existing is not None:
            raise UserFacingError("*{film}* is already in the catalogue.", film=escape_markdown(existing.label))
        film = Film(id=None, title=clean, year=year, director=clean_single_line(director, 200) if director else None,
                    runtime_minutes=runtime, imdb_id=imdb_id)
        await check_room(self.bot.store, interaction.guild.id)
        # releases_only: should the film have appeared since the check above, it is left as it is.
        await self.bot.store.films.import_films([film], guild_id=interaction.guild.id, releases_only=True)
        await self.bot.desk.reload_guild(interaction.guild.id)
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("Added *{film}*. Give it release dates with `/film release set`.", film=escape_markdown(film.label)),
            ephemeral=True, allowed_mentions=NO_PINGS,
        )

    @app_commands.command(name="import", description="Import films and release dates from a JSON or CSV file")
    @app_commands.describe(file="JSON (films with TMDB-style release_dates) or CSV (one release a row)")
    @app_commands.checks.cooldown(*IMPORT_RATE, key=lambda i: i.guild_id)  # checked after reviewer_only
    @reviewer_only()
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        assert interaction.guild is not None
        check_file_size(file.size)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        try:
            report = await import_server_file(self.bot.store, data, filename=file.filename,
                                              guild_id=interaction.guild.id)
        except FilmImportError as exc:
            raise UserFacingError("Nothing was imported: {problem}.", problem=str(exc).rstrip(".")) from None
        await self.bot.desk.reload_guild(interaction.guild.id)
        _ = book_of(interaction)
        await interaction.followup.send(_("Imported {file}: {summary}.", file=file.filename,
                                          summary=import_summary(report, _)),
                                        ephemeral=True, allowed_mentions=NO_PINGS)

    @release.command(name="set", description="Set a release date (replaces that country's date of that type)")
    @app_commands.describe(film="The film", country="The country", type="The kind of release",
                           date="YYYY-MM-DD, or YYYY-MM or YYYY when that is all that is known",
                           note="A note, such as the festival's name")
    @app_commands.choices(type=TYPE_CHOICES)
    @reviewer_only()
    async def release_set(
        self, interaction: discord.Interaction, film: app_commands.Transform[Film, FilmTransformer],
        country: app_commands.Transform[str, CountryTransformer], type: app_commands.Choice[int],
        date: app_commands.Range[str, 4, 10], note: app_commands.Range[str, 1, 300] | None = None,
    ) -> None:
        assert interaction.guild is not None
        try:
            when = PartialDate.parse(date)
        except ValueError as exc:
            raise UserFacingError("That date won't do: {problem}.", problem=str(exc)) from None
        release = Release(country, ReleaseType(type.value), when, note=clean_single_line(note, 300) if note else None)
        await self.bot.store.films.set_release(film.id, interaction.guild.id, release)
        self.bot.desk.forget_films()
        self.bot.dispatch("film_releases_changed", film.id)
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("*{film}*: {type} in {where} is now {date}.", film=escape_markdown(film.label), type=type.name,
              where=describe_country(country, _), date=describe_date(when, _)),
            ephemeral=True, allowed_mentions=NO_PINGS,
        )

    @release.command(name="remove", description="Remove a film's release date of one type in one country")
    @app_commands.describe(film="The film", country="The country", type="The kind of release")
    @app_commands.choices(type=TYPE_CHOICES)
    @reviewer_only()
    async def release_remove(
        self, interaction: discord.Interaction, film: app_commands.Transform[Film, FilmTransformer],
        country: app_commands.Transform[str, CountryTransformer], type: app_commands.Choice[int],
    ) -> None:
        assert interaction.guild is not None
        going = [r for r in film.releases if r.country == country and r.type == ReleaseType(type.value)]
        _ = book_of(interaction)
        values = {"film": escape_markdown(film.label), "type": type.name, "where": describe_country(country, _)}
        if not going:
            raise UserFacingError("*{film}* has no {type} date in {where} to remove.", **values)
        dates = ", ".join(
            _.date(r.date) + (f" ({clean_single_line(r.note, 100)})" if r.note else "") for r in going
        )
        view = Confirm(interaction.user.id, confirm_label=_("Remove date"), book=_)
        await interaction.response.send_message(
            _("**Remove this release date?** This removes the {type} date of *{film}* in {where}: {dates}.",
              dates=escape_markdown(dates), **values),
            view=view, ephemeral=True, allowed_mentions=NO_PINGS,
        )
        await view.wait()
        if not view.choice or view.interaction is None:
            if view.interaction is not None:
                await view.interaction.response.edit_message(content=_("Nothing was removed."), view=None)
            else:
                await interaction.edit_original_response(content=_("Nothing was removed (no answer)."), view=None)
            return
        await view.interaction.response.edit_message(content=_("Removing…"), view=None)
        removed = await self.bot.store.films.remove_release(film.id, interaction.guild.id, country,
                                                            ReleaseType(type.value))
        if removed:
            self.bot.desk.forget_films()
            self.bot.dispatch("film_releases_changed", film.id)
        await interaction.edit_original_response(
            content=_("Removed the {type} date of *{film}* in {where}.", **values) if removed
            else _("That date was already removed."),
        )


def import_summary(report: ImportReport, _: Phrasebook) -> str:
    """What a film import did, in the member's language; each count with its own plural ("1 film added")."""
    films = ", ".join([
        _.plural("{n} film added", "{n} films added", report.films_added),
        _.plural("{n} film changed", "{n} films changed", report.films_changed),
        _.plural("{n} film unchanged", "{n} films unchanged", report.films_unchanged),
    ])
    releases = ", ".join([
        _.plural("{n} release added", "{n} releases added", report.releases_added),
        _.plural("{n} release removed", "{n} releases removed", report.releases_removed),
    ])
    parts = [films, releases]
    if report.copies_merged:
        parts.append(_.plural("{n} server copy merged into the shared catalogue's film",
                              "{n} server copies merged into the shared catalogue's films", report.copies_merged))
    if report.shared_details_kept:
        parts.append(_.plural(
            "the shared catalogue's details of {n} film were kept (a server's import sets only its own dates for it)",
            "the shared catalogue's details of {n} films were kept (a server's import sets only its own dates for "
            "those)", report.shared_details_kept))
    return "; ".join(parts)


async def setup(bot: ReviewBot) -> None:
    await bot.add_cog(ReleaseDates(bot))
    await bot.add_cog(Films(bot))
