"""Where release questions are answered: the film catalogue's title indexes plus the store.

Pure understanding and wording live in ``bot.domain``; this module wires them to the store and to
what the bot knows of the asker (their country, the server's, the review thread they are in). Each
guild searches the shared catalogue and its own films, never another guild's.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.db import Store
from bot.db.films import FilmChange, FilmTitle
from bot.domain.countries import country_from_locale
from bot.domain.locales import LANGUAGES, pick
from bot.domain.models import Film, Format, PartialDate, Release, ReleaseType
from bot.domain.numbers import whole_number
from bot.domain.question_languages import LANGUAGES as QUESTION_LANGUAGES
from bot.domain.questions import ReleaseQuestion, parse_release_question
from bot.domain.release_answers import ambiguous_text, compose_answer, no_match_text, not_on_record_text
from bot.domain.review_render import clean_single_line, escape_markdown
from bot.domain.titles import TitleIndex, TitleMatch, TitleSearch, find_titles_in_text, split_year
from bot.domain.translations import Phrasebook, phrasebook
from bot.domain.watch_answers import MAX_COUNTRIES, compose_watch_answer, watch_unknown_text
from bot.domain.watch_questions import Service, WatchQuestion, may_ask_where, parse_watch_question
from bot.services.film_lookup import FilmLookup
from bot.services.tmdb import TmdbError

log = logging.getLogger(__name__)

AUTOCOMPLETE_LIMIT = 25
#: How often the desk asks whether another process (``reviewbot films import``) changed the catalogue.
VERSION_CHECK_SECONDS = 1.0
#: How long a ``film:`` option waits for TMDB (the interaction's 3 s include everything else) and a
#: question does (a thread reply has no deadline, but a member is waiting).
OPTION_TMDB_WAIT = 1.8
QUESTION_TMDB_WAIT = 5.0
FILM_CACHE_SIZE = 4096
FILM_FREE_SLICE = 256  # cached films freed per look-up after the catalogue changed
MAX_MESSAGE = 2000
#: Changes applied to the indexes between two yields to the event loop: each film costs well under
#: 0.2 ms even at a million films, so a slice stays far below the 50 ms stall budget.
CHANGE_SLICE = 100
#: At most this many changes are applied before the command that noticed them runs; more (a big
#: import from another process) are applied in the background while commands keep being answered.
INLINE_CHANGES = 500
#: Changes read per trip in the background: their rows become objects on the event loop, so not too many.
BACKGROUND_BATCH = 1_000
#: A shared catalogue up to this size gets its stored title index built before the bot is ready (the
#: first start after migration 0012: well under a second); a bigger one in the background.
INLINE_BUILD = 20_000


def _build_indexes(titles: list[FilmTitle]) -> tuple[TitleIndex, dict[int, TitleIndex]]:
    shared: TitleIndex = TitleIndex()
    guilds: dict[int, TitleIndex] = {}
    for film in titles:
        index = shared if film.guild_id is None else guilds.setdefault(film.guild_id, TitleIndex())
        index.add(film.film_id, film.title, film.year, film.aliases)
    return shared, guilds


@dataclass(frozen=True)
class Asker:
    """Who asks, and where."""

    guild_id: int
    user_id: int
    guild_locale: str | None = None
    review_film_id: int | None = None  # the film of the review thread the question was asked in
    review_film_title: str | None = None  # ... as the review named it, when it is not in the catalogue
    #: the member's own language (an interaction's ``locale``); None for a message, which is answered in
    #: the server's language since everyone in the thread reads it
    locale: str | None = None

    @property
    def book(self) -> Phrasebook:
        """The language the answer is written in: the member's, else the server's, else English."""
        return phrasebook(pick(self.locale, self.guild_locale))


@dataclass(frozen=True)
class Reply:
    """What to post: an answer, or a question back (``choices``: films to pick from with buttons)."""

    text: str
    choices: tuple[TitleMatch, ...] = field(default=())
    film_id: int | None = None
    #: what was asked, so that picking a film from ``choices`` answers the same question
    formats: tuple[Format, ...] = ()
    countries: tuple[str, ...] = ()
    #: a where-to-watch question: picking a film from ``choices`` answers that instead of a date question
    watch: WatchQuestion | None = None


#: What a message may ask: when a film is released, or where it can be watched.
Question = ReleaseQuestion | WatchQuestion


class ReleaseDesk:
    def __init__(self, store: Store) -> None:
        self.store = store
        #: The shared catalogue's titles: the database's stored index (a file database), else in memory.
        self.shared: TitleSearch = TitleIndex()
        self.guild_indexes: dict[int, TitleIndex] = {}
        # Films as each guild sees them, by (film id, guild id); dropped whenever the catalogue changes.
        self._films: dict[tuple[int, int], Film | None] = {}
        self._stale_films: list[dict[tuple[int, int], Film | None]] = []
        self._version = -1
        self._version_checked = 0.0
        self._change_mark = 0  # the film change log entry the indexes reflect
        self._catching_up: asyncio.Task[None] | None = None
        self._building: asyncio.Task[None] | None = None
        #: TMDB, asked for a film the store lacks (the bot sets it; None: the store answers alone)
        self.lookup: FilmLookup | None = None
        #: TMDB's list of titles (`reviewbot films import-tmdb-ids`, a file database only), by TMDB id:
        #: searched after the store's films, and only while TMDB can be asked for a chosen film's details
        self.listed: TitleSearch | None = None

    def forget_films(self) -> None:
        """Drop cached films (this process changed the catalogue)."""
        self._drop_films()

    def _drop_films(self) -> None:
        """Stop answering from the cached films; they are freed a slice per look-up (:meth:`film`), since
        freeing thousands of films at once, while another process's import is applied, held the event loop."""
        if self._films:
            self._stale_films.append(self._films)
            self._films = {}

    def _free_some_films(self) -> None:
        """Free up to :data:`FILM_FREE_SLICE` of the films :meth:`_drop_films` set aside."""
        budget = FILM_FREE_SLICE
        while self._stale_films and budget > 0:
            stale = self._stale_films[-1]
            count = min(budget, len(stale))
            for _ in range(count):
                stale.popitem()
            budget -= count
            if not stale:
                self._stale_films.pop()

    async def _check_version(self) -> None:
        """Notice, within a second, a catalogue changed by another process: re-index and drop the cache."""
        now = time.monotonic()
        if now - self._version_checked < VERSION_CHECK_SECONDS:
            return
        self._version_checked = now
        version = await self.store.films.version()
        if version != self._version:
            if self._version != -1:
                await self._pick_up_changes()
            self._version = version
            self._drop_films()
            self.shared.forget()
            if self.listed is not None:
                self.listed.forget()

    async def _pick_up_changes(self) -> None:
        """Apply the films another process changed: a few at once, many in the background.

        Never a full re-index: at a million films that took seconds on the event loop, doubled memory
        while two indexes existed, and made the command that noticed it miss its deadline. The stored
        shared index applies the change log itself (:meth:`TitleIndexStore.catch_up`), in the
        database's thread; the servers' own films in memory get the same changes here.
        """
        if self._catching_up is not None and not self._catching_up.done():
            return
        mark, changes = await self.store.films.changes_since(self._change_mark, limit=INLINE_CHANGES)
        await self._apply(changes)
        self._change_mark = mark
        more = len(changes) >= INLINE_CHANGES
        if self._stored() and (self._building is None or self._building.done()):
            more = await self.store.title_index.catch_up(INLINE_CHANGES) >= INLINE_CHANGES or more
        if more:
            log.info("The film catalogue changed a lot; applying the changes in the background")
            self._catching_up = asyncio.create_task(self._apply_all_changes(), name="catalogue-changes")
        elif changes:
            log.info("Applied %d changed films to the title indexes", len(changes))

    def _stored(self) -> bool:
        return not isinstance(self.shared, TitleIndex)

    async def _apply_all_changes(self) -> None:
        applied = 0
        while True:
            mark, changes = await self.store.films.changes_since(self._change_mark, limit=BACKGROUND_BATCH)
            if not changes:
                break
            await self._apply(changes)
            self._change_mark = mark
            applied += len(changes)
            self._drop_films()
            self._free_some_films()  # a slice per batch: set aside, they are still walked by the collector
        # In a process of its own, a transaction per batch: commands are answered meanwhile.
        if self._stored():
            await self.store.title_index.catch_up_all(between=self._forget_titles)
        self._drop_films()
        self.shared.forget()
        log.info("Applied %d more changed films to the title indexes", applied)

    def _forget_titles(self) -> None:
        """The shared index changed underneath: stop answering from films and look-ups remembered before."""
        self._drop_films()
        self.shared.forget()

    def _memory_indexes(self) -> list[TitleIndex]:
        indexes = list(self.guild_indexes.values())
        return [self.shared, *indexes] if isinstance(self.shared, TitleIndex) else indexes

    async def _apply(self, changes: list[FilmChange]) -> None:
        """Bring the in-memory indexes up to *changes*, yielding to the event loop every :data:`CHANGE_SLICE`."""
        for n, change in enumerate(changes, 1):
            for index in self._memory_indexes():
                if change.film_id in index:
                    index.remove(change.film_id)
            film = change.title
            if film is not None:
                if film.guild_id is not None:
                    self.guild_indexes.setdefault(film.guild_id, TitleIndex()).add(
                        film.film_id, film.title, film.year, film.aliases)
                elif isinstance(self.shared, TitleIndex):
                    self.shared.add(film.film_id, film.title, film.year, film.aliases)
            if n % CHANGE_SLICE == 0:
                await asyncio.sleep(0)

    async def load(self) -> None:
        """Open the shared catalogue's stored title index and build the servers' own in memory.

        The shared index lives in a file of its own (:class:`bot.db.title_index.TitleIndexStore`): ready
        at once at any size, brought up to date with the changes made while the bot was away. Its first
        build (a new file) is done before the bot is ready for a small catalogue, else in the background.
        A store with no index file (an in-memory database, PostgreSQL without ``REVIEWBOT_TITLE_INDEX``)
        indexes everything in memory.
        """
        self._version = await self.store.films.version()
        self._version_checked = time.monotonic()
        # Read before the titles: a change made while they are read is applied again later (harmless).
        self._change_mark = await self.store.films.change_mark()
        if not self.store.title_index.available:
            titles = await self.store.films.titles()
            # Building a large index is CPU work: in a thread, the event loop keeps heartbeating meanwhile.
            shared, guilds = await asyncio.to_thread(_build_indexes, titles)
            self.shared, self.guild_indexes = shared, guilds
        else:
            state = await self.store.title_index.state()  # opens (or creates) the index file
            if not self._stored():
                self.shared = self.store.title_index.reader()
            if self.listed is None and self.store.title_index.listed_available:
                self.listed = self.store.title_index.reader(listed=True)
            _, guilds = _build_indexes(await self.store.films.titles(own_only=True))
            self.guild_indexes = guilds
            if not state.built and state.pending <= INLINE_BUILD:
                await self.store.title_index.build()
                state = await self.store.title_index.state()
            if not state.built:
                log.warning("Building the title index of %d shared films in the background; until it is done,"
                            " look-ups find only the films indexed so far", state.pending)
                self._building = asyncio.create_task(self._build_in_background(), name="title-index-build")
            elif state.pending:
                self._version = -2  # the next look-up picks the changes up (in the background if many)
                await self._pick_up_changes()
                self._version = await self.store.films.version()
        self._drop_films()
        # The first look-up after a start would pay for what is built on first use (country names, the
        # question patterns, the index's pages): pay it here, before the bot says it is ready.
        self.understand("when is warm up out on DVD in the UK?", 0, mentioned=True)
        for language in QUESTION_LANGUAGES:  # each language's data file, read and compiled once
            self.understand("warm up DVD?", 0, mentioned=True, languages=(language,))
        self.find_in_text("warm up", 0)
        self.autocomplete("warm", 0)
        # ... and for the answer: each language's phrasebook (a catalogue parsed on first use: 50 ms) and
        # its way of writing dates.
        sample = Film(id=0, title="Warm Up", year=2020, releases=(
            Release("GB", ReleaseType(5), PartialDate.parse("2020-03-01")),))
        for lang in dict.fromkeys(LANGUAGES.values()):
            compose_answer(sample, countries=("GB",), today=dt.date(2020, 1, 1), book=phrasebook(lang))
        # What lives from now on (an in-memory index, the bot's own state, and what the warm-up above just
        # built: ten thousand objects of locale and country data): out of the collector's sight, or every
        # full collection walks it, and one landing on a look-up or on applying an import stalls it.
        gc.collect()
        gc.freeze()
        log.info("Title indexes ready: %d shared films, %d of servers' own", len(self.shared),
                 sum(map(len, self.guild_indexes.values())))

    async def _build_in_background(self) -> None:
        started = time.monotonic()
        await self.store.title_index.build()
        while await self.store.title_index.catch_up():
            self._drop_films()
        self._drop_films()
        self.shared.forget()
        log.info("The title index is built (%.0f s)", time.monotonic() - started)

    async def reload_guild(self, guild_id: int) -> None:
        """Re-index one guild's own films after its curators changed them (cheap: the shared index stays)."""
        self._drop_films()
        self._version = await self.store.films.version()
        index = TitleIndex()
        for film in await self.store.films.titles(guild_id=guild_id):
            index.add(film.film_id, film.title, film.year, film.aliases)
        self.guild_indexes[guild_id] = index

    def _indexes(self, guild_id: int) -> list[TitleIndex]:
        own = self.guild_indexes.get(guild_id)
        return [self.shared, own] if own else [self.shared]

    # ---------------------------------------------------------------- looking films up
    def autocomplete(self, query: str, guild_id: int) -> list[TitleMatch]:
        found: list[TitleMatch] = []
        for index in self._indexes(guild_id):
            found.extend(index.prefix_choices(query[:100], AUTOCOMPLETE_LIMIT))
        if not query.strip():
            return found[:AUTOCOMPLETE_LIMIT]
        return sorted(found, key=lambda m: -m.score)[:AUTOCOMPLETE_LIMIT]

    def _listing(self) -> TitleSearch | None:
        """TMDB's listed titles, when they can lead anywhere: a chosen one needs TMDB for its details."""
        if self.listed is None or self.lookup is None or not self.lookup.enabled:
            return None
        return self.listed

    def listed_choices(self, query: str, limit: int = AUTOCOMPLETE_LIMIT) -> list[TitleMatch]:
        """Autocomplete from TMDB's list of titles (their ``film_id`` is the TMDB id), for after the store's."""
        listed = self._listing()
        if listed is None or limit <= 0 or not query.strip():
            return []
        return listed.prefix_choices(query[:100], limit)

    def listed_in_text(self, text: str) -> list[int]:
        """TMDB ids of the listed titles named in *text* (the best, and any that tie with it)."""
        listed = self._listing()
        return [] if listed is None else [m.film_id for m in find_titles_in_text(text, listed)]

    async def fetch_listed(self, tmdb_ids: list[int], title: str, year: int | None, guild_id: int, *,
                           wait: float) -> list[Film]:
        """The film behind a listed title: one title is fetched by its id (one request, no search);
        several of the same name are told apart by a search, which knows their years."""
        if not tmdb_ids or self.lookup is None or not self.lookup.enabled:
            return []
        if len(tmdb_ids) > 1 or year is not None:
            return await self.ask_tmdb(title, year, guild_id, wait=wait)
        try:
            stored = await asyncio.wait_for(asyncio.shield(self.lookup.fetch(tmdb_ids[0])), wait)
        except (TimeoutError, TmdbError):
            return []
        if stored is None:
            return []
        self._version_checked = 0.0  # the film was just stored: index it, and leave its listed title
        await self._check_version()
        film = await self.film(stored, guild_id)
        return [] if film is None else [film]

    def search(self, query: str, guild_id: int, *, limit: int = 5, min_score: float = 60.0) -> list[TitleMatch]:
        found: list[TitleMatch] = []
        for index in self._indexes(guild_id):
            found.extend(index.search(query, limit, min_score=min_score))
        return sorted(found, key=lambda m: (-m.score, -(m.year or 0)))[:limit]

    def find_in_text(self, text: str, guild_id: int) -> list[TitleMatch]:
        found: list[TitleMatch] = []
        for index in self._indexes(guild_id):
            found.extend(find_titles_in_text(text, index))
        if not found:
            return []
        top = max(m.score for m in found)
        return [m for m in sorted(found, key=lambda m: (-m.score, -(m.year or 0))) if m.score >= top - 0.5]

    async def film(self, film_id: int, guild_id: int) -> Film | None:
        await self._check_version()
        if self._stale_films:
            self._free_some_films()
        key = (film_id, guild_id)
        if key not in self._films:
            if len(self._films) >= FILM_CACHE_SIZE:
                self._films.pop(next(iter(self._films)))
            self._films[key] = await self.store.films.get(film_id, guild_id)
        return self._films[key]

    async def resolve_option(self, value: str, guild_id: int) -> Film | list[TitleMatch]:
        """A ``film:`` option: an id picked from autocomplete, or typed text matched fuzzily.

        Returns the film, or the candidates (none, or several equally good) to show instead.
        """
        text = value.strip()
        if text.startswith("tmdb:") and self.lookup is not None and self.lookup.enabled:
            picked = whole_number(text.removeprefix("tmdb:"))  # a TMDB film chosen from autocomplete
            if picked is not None:
                try:
                    stored = await asyncio.wait_for(asyncio.shield(self.lookup.fetch(picked)), OPTION_TMDB_WAIT)
                except (TimeoutError, TmdbError):
                    stored = None
                if stored is not None:
                    self._version_checked = 0.0
                    await self._check_version()
                    film = await self.film(stored, guild_id)
                    if film is not None:
                        return film
            return []
        film_id = whole_number(text)
        if film_id is not None:
            film = await self.film(film_id, guild_id)
            if film is not None:
                return film
        matches = self.search(text, guild_id, limit=5)
        best = [m for m in matches if m.score >= 90]
        exactish = [m for m in best if m.score >= best[0].score - 0.5] if best else []
        if len(exactish) == 1:
            film = await self.film(exactish[0].film_id, guild_id)
            if film is not None:
                return film
        if not best and film_id is None:
            title, year = split_year(text)
            listed = self._listing()
            exact = [m.film_id for m in listed.exact(title)] if listed is not None else []
            if exact:
                found = await self.fetch_listed(exact, title, year, guild_id, wait=OPTION_TMDB_WAIT)
            else:
                found = await self.ask_tmdb(title, year, guild_id, wait=OPTION_TMDB_WAIT)
            if len(found) == 1:
                return found[0]
            if found:
                return [TitleMatch(f.id, f.title, f.year, 100.0) for f in found if f.id is not None]
        return exactish if len(exactish) > 1 else matches

    async def ask_tmdb(self, title: str, year: int | None, guild_id: int, *, wait: float) -> list[Film]:
        """Films TMDB knows by exactly this title (and year), stored now; [] when TMDB is off, knows none,
        or takes longer than *wait* (the look-up then finishes into the store, for the next ask)."""
        if self.lookup is None or not self.lookup.enabled or not title.strip():
            return []
        try:
            result = await asyncio.wait_for(asyncio.shield(self.lookup.look_up(title, year)), wait)
        except TimeoutError:
            return []
        if not result.film_ids:
            return []
        self._version_checked = 0.0  # the import bumped the catalogue version: index the films now
        await self._check_version()
        found = [await self.film(film_id, guild_id) for film_id in result.film_ids]
        return [film for film in found if film is not None]

    async def ensure_film(self, title: str, year: int | None, guild_id: int, *, wait: float = QUESTION_TMDB_WAIT
                          ) -> Film | None:
        """The film a review names, asking TMDB when the store lacks it, so the review is linked to it.

        Only an exact title (and year, when given) is taken, as for any TMDB look-up; when TMDB knows
        several films of that title and no year is given, none is chosen (the review names the film
        in words and ``/review edit`` can link it later), because linking the wrong one is worse.
        """
        film = await self.store.films.find(title, year, guild_id)
        if film is not None or self.lookup is None or not self.lookup.enabled:
            return film
        found = await self.ask_tmdb(title, year, guild_id, wait=wait)
        return found[0] if len(found) == 1 else None

    # ---------------------------------------------------------------- answering
    async def country_for(self, asker: Asker, asked: tuple[str, ...]) -> tuple[tuple[str, ...], str | None, str | None]:
        """(countries, assumed country, why) — asked countries win; else the member's, the server's, the locale's.

        *why* is written in the asker's language, ready for the answer's heading.
        """
        if asked:
            return asked, None, None
        _ = asker.book
        mine = await self.store.settings.member_country(asker.guild_id, asker.user_id)
        if mine:
            return (mine,), mine, _("your country setting")
        settings = await self.store.settings.get(asker.guild_id)
        if settings.country:
            return (settings.country,), settings.country, _("this server's country")
        from_locale = country_from_locale(asker.guild_locale)
        if from_locale:
            return (from_locale,), from_locale, _("this server's language setting")
        return ("US",), "US", _("no country is set here")

    async def answer_film(
        self, film: Film, asker: Asker, *, formats: tuple[Format, ...], countries: tuple[str, ...], today: dt.date
    ) -> Reply:
        _, assumed, why = await self.country_for(asker, countries)
        answer = compose_answer(
            film, formats=formats, countries=countries, assumed_country=assumed, assumed_from=why, today=today,
            book=asker.book,
        )
        return Reply(answer.text, film_id=film.id)

    def known_title(self, guild_id: int) -> Callable[[str], bool]:
        """Whether a phrase is exactly a title (or alias) this guild can see: for country words in titles."""
        indexes = self._indexes(guild_id)

        def known(phrase: str) -> bool:
            return any(index.exact(phrase) for index in indexes)

        return known

    def understand(
        self, text: str, guild_id: int, *, mentioned: bool, languages: Sequence[str] = ("en",)
    ) -> Question | None:
        """The question in a message, reading country words inside known titles as the title.

        *languages* are tried in order (the server's, then English: ``question_languages.languages_for``),
        for release and where-to-watch questions alike.

        A where-to-watch question ("is it on Netflix?") is looked for in what the release parser took
        for a question, in a mention, and in other messages only past a fail-fast screen (a question mark,
        and a service or a way of watching), so chatter costs next to nothing more. It is read in the
        languages up to the one the release parser understood, so a language later in the order never
        takes a message from an earlier one.
        """
        is_title = self.known_title(guild_id)
        release = parse_release_question(text, mentioned=mentioned, is_title=is_title, languages=languages)
        if release is None and not mentioned and not may_ask_where(text, languages):
            return None
        tried = tuple(languages)
        if release is not None and release.language in tried:
            tried = tried[: tried.index(release.language) + 1]
        return parse_watch_question(text, mentioned=mentioned, is_title=is_title, languages=tried) or release

    async def answer_watch(
        self, film: Film, asker: Asker, *, countries: tuple[str, ...] = (), services: tuple[Service, ...] = (),
        kinds: tuple[str, ...] = (), today: dt.date,
    ) -> Reply:
        """Where *film* can be watched in the asked (or assumed) countries, from TMDB's stored providers.

        A film TMDB was never asked about has no such data: the answer says so, and gives its digital
        release as a date question would have, so nothing the member could learn before is lost.
        """
        targets, assumed, why = await self.country_for(asker, countries)
        assert film.id is not None
        listings = []
        for country in targets[:MAX_COUNTRIES]:
            offers = await self.store.tmdb.offers(film.id, country)
            if offers is None:
                unknown = watch_unknown_text(film.label, asker.book)
                dates = await self.answer_film(film, asker, formats=(Format.DIGITAL,), countries=countries,
                                               today=today)
                joined = f"{unknown}\n{dates.text}"
                return Reply(joined if len(joined) <= MAX_MESSAGE else unknown, film_id=film.id)
            listings.append(offers)
        text = compose_watch_answer(film.label, listings, services=services, kinds=kinds, asked=bool(countries),
                                    assumed_from=why if assumed else None, book=asker.book)
        if not any(listing.offers for listing in listings):
            # Nothing to stream, rent or buy: it may be in cinemas, or coming; the release dates say which.
            dates = await self.answer_film(film, asker, formats=(), countries=countries, today=today)
            joined = f"{text}\n{dates.text}"
            text = joined if len(joined) <= MAX_MESSAGE else text
        return Reply(text, film_id=film.id)

    async def _answer_for(self, film: Film, question: Question, asker: Asker, *, today: dt.date) -> Reply:
        if isinstance(question, WatchQuestion):
            return await self.answer_watch(film, asker, countries=question.countries, services=question.services,
                                           kinds=question.kinds, today=today)
        return await self.answer_film(film, asker, formats=question.formats, countries=question.countries,
                                      today=today)

    async def answer_question(self, text: str, asker: Asker, *, mentioned: bool, today: dt.date) -> Reply | None:
        """The reply to a message, or None when it is not a release question."""
        question = self.understand(text, asker.guild_id, mentioned=mentioned)
        if question is None:
            return None
        return await self.answer_parsed(question, text, asker, today=today, mentioned=mentioned)

    async def answer_parsed(
        self, question: Question, text: str, asker: Asker, *, today: dt.date, mentioned: bool
    ) -> Reply | None:
        _ = asker.book
        matches = self.find_in_text(question.title_text, asker.guild_id) if question.title_text else []
        # A film the question names wins over the thread's film, known to the catalogue or not.
        named_elsewhere = question.title_text is not None and (mentioned or question.names_film)
        if not matches and asker.review_film_id is not None and not named_elsewhere:
            film = await self.film(asker.review_film_id, asker.guild_id)
            if film is not None:
                return await self._answer_for(film, question, asker, today=today)
        if len(matches) > 1:
            return Reply(ambiguous_text(question.title_text or text, matches, _), choices=tuple(matches[:5]),
                         formats=question.formats, countries=question.countries, watch=_watch(question))
        if len(matches) == 1:
            film = await self.film(matches[0].film_id, asker.guild_id)
            if film is not None:
                return await self._answer_for(film, question, asker, today=today)
        if asker.review_film_id is None and asker.review_film_title and not named_elsewhere:
            if isinstance(question, WatchQuestion):
                return Reply(watch_unknown_text(asker.review_film_title, _))
            title = escape_markdown(clean_single_line(asker.review_film_title, 200))
            return Reply(_("I have no release dates on record for *{title}* yet.", title=title))
        if question.title_text and named_elsewhere and not matches:
            title, year = split_year(question.title_text)
            listed = self.listed_in_text(question.title_text)
            if listed:  # a title of TMDB's list, found in the question without a request
                found = await self.fetch_listed(listed, title, year, asker.guild_id, wait=QUESTION_TMDB_WAIT)
            else:
                found = await self.ask_tmdb(title, year, asker.guild_id, wait=QUESTION_TMDB_WAIT)
            if len(found) == 1:
                return await self._answer_for(found[0], question, asker, today=today)
            if found:
                picks = [TitleMatch(f.id, f.title, f.year, 100.0) for f in found if f.id is not None]
                return Reply(ambiguous_text(question.title_text, picks, _), choices=tuple(picks[:5]),
                             formats=question.formats, countries=question.countries, watch=_watch(question))
        if question.title_text and named_elsewhere:
            suggestions = self.search(question.title_text, asker.guild_id, limit=3, min_score=50)
            return Reply(not_on_record_text(question.title_text, suggestions, _))
        if question.title_text:
            suggestions = self.search(question.title_text, asker.guild_id, limit=3, min_score=50)
            return Reply(no_match_text(question.title_text, suggestions, _))
        if mentioned:
            return Reply(_("Which film do you mean? Name it, for example: “when is Never Let Me Go out on DVD in "
                           "the UK?”"))
        return None


def _watch(question: Question) -> WatchQuestion | None:
    return question if isinstance(question, WatchQuestion) else None
