"""``reviewbot``: run the bot, and the operator's commands around it.

Every expected failure (bad configuration, unreadable files, unknown ids) ends the program with one
line on standard error and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import discord

from bot import __version__
from bot.config import ConfigError, Settings, load_settings
from bot.domain.locales import DEFAULT, LANGUAGES, Language, pick
from bot.domain.tmdb import ListedTitle
from bot.startup import StartupError, redact_logs

log = logging.getLogger("bot.cli")


class CliError(Exception):
    """A failure to report in one line."""


#: C0 and C1 controls (but tab and newline), DEL and the bidi controls that reorder a terminal's line.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """*text* with control codes written as ``\\u001b`` and so on, for standard output and error.

    Comments and titles are written by anyone; raw, an escape sequence in them could retitle the
    operator's terminal, clear it or forge what it shows. The ``\\uXXXX`` form is also JSON's own
    escape, so a JSON export stays valid and means exactly the same text.
    """
    return _TERMINAL_CONTROLS.sub(lambda match: f"\\u{ord(match[0]):04x}", text)


def _id_argument(what: str, high: int) -> Callable[[str], int]:
    """An argparse type for a positive id, so 1e30 or -5 is a usage error, not a traceback."""

    def parse(text: str) -> int:
        number = text.strip() if text.strip().isascii() and text.strip().isdigit() else ""
        if not number or len(number) > 20 or not 1 <= int(number) <= high:
            raise argparse.ArgumentTypeError(f"{text[:30]!r} is not {what} (a positive whole number)")
        return int(number)

    return parse


def _locale_argument(text: str) -> Language:
    """An argparse type for ``--locale``: one of the languages Reviewbot speaks, by Discord's code.

    Case and ``_`` for ``-`` are forgiven (``pt_br``); anything else is a usage error naming the choices.
    """
    wanted = text.strip().replace("_", "-").casefold()
    for code, lang in LANGUAGES.items():
        if code.casefold() == wanted:
            return lang
    raise argparse.ArgumentTypeError(f"{text[:30]!r} is not a language Reviewbot speaks; choose one of "
                                     f"{', '.join(LANGUAGES)}")


_LOCALE_HELP = (f"the language of the bot's own words, by Discord's code ({', '.join(LANGUAGES)}); default: the "
                "server's language as Discord last told the bot, else en-US")

_REVIEW_ID = _id_argument("a review id", 2**63 - 1)  # SQLite's largest integer
_SNOWFLAKE = _id_argument("an application id", 2**64 - 1)
_GUILD_ID = _id_argument("a server id", 2**64 - 1)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewbot",
        description="Reviewbot: publish film reviews, mirror their discussion threads, answer release-date "
        "questions. Configuration comes from the environment and .env (see .env.example).",
    )
    parser.add_argument("--version", action="version", version=f"reviewbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    sub.add_parser("run", help="connect to Discord and serve", description="Connect to Discord and serve until "
                   "interrupted (SIGINT or SIGTERM shut down cleanly). Without DISCORD_TOKEN, in a terminal, it "
                   "asks for the token (in the terminal's language: LANGUAGE, LC_ALL, LC_MESSAGES, LANG), checks "
                   "it with Discord and saves it in .env. A start-up failure ends "
                   "with one line and exit status 2 (configuration) or 1 (network, Discord, database).")
    sub.add_parser("sync-commands", help="force a slash-command sync now",
                   description="Sync the slash commands now, to REVIEWBOT_DEV_GUILD when set, else globally. "
                   "The bot also syncs by itself at start-up whenever the commands changed.")
    invite = sub.add_parser("invite-url", help="print the URL that adds the bot to a server",
                            description="Print the OAuth2 URL with the bot and applications.commands scopes "
                            "and exactly the permissions Reviewbot needs.")
    invite.add_argument("--client-id", type=_SNOWFLAKE, help="the application id (default: read from DISCORD_TOKEN)")
    sandbox = sub.add_parser("sandbox", help="try the bot in a terminal against a local Discord-compatible server",
                             description="Start a loopback Discord-compatible server with a #reviews channel and a "
                             "few members, run the bot against it, and type as a member. No Discord account or "
                             "token needed.")
    sandbox.add_argument("--blog", action="store_true",
                         help="also start a sample WordPress blog on this machine, for trying /feeds")
    sandbox.add_argument("--tmdb", action="store_true",
                         help="also start a stand-in for TMDB on this machine with sample films, and turn TMDB on "
                              "against it, for trying answers about films the store lacks")
    sandbox.add_argument("--db", type=Path, metavar="PATH",
                         help="keep the bot's database at PATH (default: a temporary one, gone at exit), "
                         "e.g. to export its comments afterwards with REVIEWBOT_DB=PATH reviewbot comments export")
    sandbox.add_argument("--log-file", type=Path, metavar="PATH",
                         default=Path(tempfile.gettempdir()) / "reviewbot-sandbox.log",
                         help="where the bot's log goes, so it stays out of the prompt (default: %(default)s)")
    sandbox.add_argument("--locale", choices=list(LANGUAGES), metavar="LOCALE",
                         help="the language of your Discord client, as Discord names it "
                         f"({', '.join(LANGUAGES)}; default: en-US)")

    db = sub.add_parser("db", help="database maintenance", description="Database maintenance.")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("migrate", help="apply pending migrations", description="Apply pending schema migrations.")
    backup = db_sub.add_parser("backup", help="copy the database safely, even while the bot runs",
                               description="Copy the database with SQLite's online backup; safe while the bot runs.")
    backup.add_argument("path", type=Path, help="where to write the copy")
    copy = db_sub.add_parser("copy", help="copy everything into an empty PostgreSQL database",
                             description="Copy every table of the configured SQLite database into an empty "
                                         "PostgreSQL database, and check the row counts. Stop the bot first.")
    copy.add_argument("--to", required=True, metavar="postgresql://USER:PASSWORD@HOST:PORT/DATABASE",
                      help="the PostgreSQL database to fill (it must have no Reviewbot tables with rows)")

    films = sub.add_parser("films", help="film metadata", description="Film metadata.")
    films_sub = films.add_subparsers(dest="films_command", metavar="ACTION", required=True)
    imp = films_sub.add_parser("import", help="import films from JSON or CSV",
                               description="Import films and release dates into the shared catalogue from a "
                               "JSON or CSV file (formats in the README). All or nothing per file.")
    imp.add_argument("path", type=Path)
    ids = films_sub.add_parser(
        "import-tmdb-ids", help="load TMDB's daily list of film ids and titles",
        description="Load TMDB's daily export of every film id (movie_ids_MM_DD_YYYY.json.gz, from "
                    "https://developer.themoviedb.org/docs/daily-id-exports) so autocomplete and title matching know "
                    "those titles without asking TMDB; a film's details are fetched from TMDB when it is first "
                    "chosen. Adult films and malformed lines are skipped. Safe to run again every day: titles are "
                    "updated, none is duplicated, and ids gone from the list are kept.")
    ids.add_argument("path", type=Path, metavar="FILE", help="the export, gzipped (.json.gz) or not")

    reviews = sub.add_parser("reviews", help="reviews", description="Reviews.")
    reviews_sub = reviews.add_subparsers(dest="reviews_command", metavar="ACTION", required=True)
    reviews_sub.add_parser("list", help="print every review and its id",
                           description="Print every review, retired ones included (their comments are still "
                           "exportable by id), as tab-separated columns under a header row: id, status (live or "
                           "retired and when), server id, server name (\"unknown\" until the bot has seen the "
                           "server since it began keeping names), film, title.")

    site = sub.add_parser("site", help="a static site of the reviews", description="A static site of the reviews.")
    site_sub = site.add_subparsers(dest="site_command", required=True, metavar="COMMAND")
    build = site_sub.add_parser("build", help="write every review with its discussion as static pages",
                                description="Write every live review with its whole discussion as HTML pages, "
                                            "an index page and an Atom feed, into DIR (created if missing).")
    build.add_argument("dir", type=Path, metavar="DIR")
    build.add_argument("--title", help="the site's title (default: \"Film reviews\" in the site's language)")
    build.add_argument("--base-url", help="the address the site will be served from, for the Atom feed's links")
    build.add_argument("--guild", type=_GUILD_ID, help="only this server's reviews")
    build.add_argument("--locale", type=_locale_argument, metavar="LOCALE",
                       help=_LOCALE_HELP.replace("the server's language", "each review's server's language (the "
                                                 "index and feed: --guild's, or the one all the reviews share)"))
    comments = sub.add_parser("comments", help="mirrored comments", description="Mirrored comments.")
    comments_sub = comments.add_subparsers(dest="comments_command", metavar="ACTION", required=True)
    export = comments_sub.add_parser("export", help="export a review's comments",
                                     description="Export a review's mirrored comments; safe while the bot runs.")
    export.add_argument("review_id", type=_REVIEW_ID, metavar="REVIEW_ID")
    export.add_argument("--format", choices=("json", "markdown", "html", "wxr"), default="json",
                        help="wxr: WordPress eXtended RSS, for WordPress's importer (Tools → Import → WordPress)")
    export.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    export.add_argument("--locale", type=_locale_argument, metavar="LOCALE",
                        help=_LOCALE_HELP + " (Markdown and HTML only: JSON and WXR hold no words of the bot's)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "run":
            from bot.first_run import ensure_token

            settings = ensure_token(settings)  # in a terminal, a first run asks for the token
        discord.utils.setup_logging(level=logging.getLevelName(settings.log_level), root=True)
        redact_logs()  # every command: sync-commands logs discord.py's payloads at DEBUG too
        return asyncio.run(_dispatch(args, settings)) or 0
    except (ConfigError, CliError) as exc:
        print(f"reviewbot: error: {terminal_safe(str(exc))}", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"reviewbot: error: {terminal_safe(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except discord.LoginFailure:
        print("reviewbot: error: Discord refused the token in DISCORD_TOKEN; reset it on the Developer "
              "Portal's Bot page and update .env.", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    from bot.db import DatabaseError

    try:
        match args.command:
            case "run":
                from bot.core import run_bot

                settings.require_token()
                await run_bot(settings)
            case "sync-commands":
                await _sync_commands(settings)
            case "invite-url":
                _invite_url(args, settings)
            case "sandbox":
                from bot.sandbox.prompt import run_sandbox
                from bot.sandbox.terminal import sandbox_logging

                print(f"Reviewbot's log goes to {args.log_file}.", file=sys.stderr)
                with sandbox_logging(args.log_file, level=logging.getLevelName(settings.log_level)):
                    await run_sandbox(settings, db_path=args.db, handle_sigint=True, blog=args.blog,
                                      locale=args.locale, tmdb=args.tmdb)
            case "db":
                await _db(args, settings)
            case "films" if args.films_command == "import-tmdb-ids":
                await _films_import_tmdb_ids(args.path, settings)
            case "films":
                await _films_import(args.path, settings)
            case "reviews":
                await _reviews_list(settings)
            case "comments":
                await _comments_export(args, settings)
            case "site":
                await _site_build(args, settings)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
    return 0


async def _sync_commands(settings: Settings) -> None:
    from bot.api_base import use_api_base
    from bot.core import ReviewBot
    from bot.db import Store

    token = settings.require_token()
    if settings.api_base:
        await use_api_base(settings.api_base)
    async with Store.open(settings.db_target) as store:
        bot = ReviewBot(settings, store, sync_commands="force")
        async with bot:
            await bot.login(token)  # login runs setup_hook, which syncs
    print("Slash commands synced.")


def _invite_url(args: argparse.Namespace, settings: Settings) -> None:
    from bot.permissions import application_id_from_token, invite_url

    app_id = args.client_id or (application_id_from_token(settings.token) if settings.token else None)
    if app_id is None and settings.token:
        raise CliError("the application id cannot be read from DISCORD_TOKEN (it does not start like a bot "
                       "token); give --client-id (the Application ID from the Developer Portal).")
    if app_id is None:
        raise CliError("give --client-id (the Application ID from the Developer Portal) or set DISCORD_TOKEN.")
    print(invite_url(app_id))


async def _db(args: argparse.Namespace, settings: Settings) -> None:
    from bot.db import Database

    if args.db_command == "migrate":
        async with Database.open(settings.db_target, migrate=False) as db:
            applied = await db.migrate()
            version = await db.schema_version()
        print(f"Applied {len(applied)} migration(s); schema version {version}.")
    elif args.db_command == "copy":
        await _db_copy(args.to, settings)
    elif settings.db_url:
        await _pg_dump(args.path, settings)
    else:
        if args.path.resolve() == settings.db_path.resolve():
            raise CliError("the backup path is the database itself; choose another file.")
        if not await asyncio.to_thread(settings.db_path.exists):
            raise CliError(f"there is no database at {settings.db_path} yet.")
        if await asyncio.to_thread(args.path.is_dir):
            raise CliError(f"{args.path} is a folder; give the file to write, e.g. {args.path / 'backup.db'}.")
        async with Database.open(settings.db_path, migrate=False) as db:
            try:
                await db.backup(args.path)
            except OSError as exc:
                raise CliError(f"cannot write the backup to {args.path}: {exc.strerror}") from None
        print(f"Backed up {settings.db_path} to {args.path}.")


async def _db_copy(target: str, settings: Settings) -> None:
    from bot.config import ConfigError, check_db_url
    from bot.db.copy import CopyError, copy_database

    if settings.db_url:
        raise CliError("REVIEWBOT_DB is already a PostgreSQL database; `db copy` copies from a SQLite file. "
                       "Point REVIEWBOT_DB at the SQLite file to copy.")
    if not target.lower().startswith(("postgresql://", "postgres://")):
        raise CliError("--to must be a postgresql:// URL, e.g. postgresql://reviewbot:PASSWORD@127.0.0.1:5432/reviewbot.")
    try:
        check_db_url(target)
    except ConfigError as exc:
        raise CliError(str(exc).replace("REVIEWBOT_DB=", "--to ").rstrip(".")) from None
    if not await asyncio.to_thread(settings.db_path.exists):
        raise CliError(f"there is no database at {settings.db_path} to copy.")
    progress = _TableProgress(sys.stderr)
    try:
        report = await copy_database(settings.db_path, target, progress=progress)
    except CopyError as exc:
        raise CliError(str(exc)) from None
    print(f"Copied {report.rows:,} row(s) in {report.tables} table(s) from {settings.db_path} to "
          f"{report.target}; every table's row count matches. Set REVIEWBOT_DB to the new URL to use it.")


class _TableProgress:
    def __init__(self, stream) -> None:
        self.stream = stream

    def __call__(self, table: str, rows: int) -> None:
        self.stream.write(f"  {table}: {rows:,} row(s)\n")
        self.stream.flush()


async def _pg_dump(path: Path, settings: Settings) -> None:
    """A PostgreSQL store is backed up by pg_dump: run it when installed, else say how."""
    import shutil

    assert settings.db_url is not None
    command = f"pg_dump --format=custom --file={path} '{settings.db_label}'"
    tool = await asyncio.to_thread(shutil.which, "pg_dump")
    if tool is None:
        raise CliError(f"a PostgreSQL database is backed up with pg_dump, which is not installed here: install "
                       f"PostgreSQL's client tools, then run {command} (with the real password, or PGPASSWORD).")
    if await asyncio.to_thread(path.is_dir):
        raise CliError(f"{path} is a folder; give the file to write, e.g. {path / 'reviewbot.dump'}.")
    proc = await asyncio.create_subprocess_exec(tool, "--format=custom", f"--file={path}",
                                                f"--dbname={settings.db_url}",
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await proc.communicate()
    if proc.returncode != 0:
        said = err.decode(errors="replace").strip().splitlines()
        why = (said[-1] if said else f"exit code {proc.returncode}").replace(settings.db_url, settings.db_label)
        raise CliError(f"pg_dump could not back up {settings.db_label}: {why}")
    print(f"Backed up {settings.db_label} to {path} with pg_dump (restore with pg_restore).")


async def _films_import(path: Path, settings: Settings) -> None:
    from bot.db import Store
    from bot.domain.film_import import FilmImportError
    from bot.services.film_files import import_film_file

    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    progress = _ProgressBar("Importing", sys.stderr)
    async with Store.open(settings.db_target) as store:
        try:
            report = await import_film_file(store, data, filename=path.name, progress=progress)
        except FilmImportError as exc:
            raise CliError(f"{path}: {str(exc).rstrip('.')}. Nothing was imported.") from None
    progress.done()
    print(f"{path}: {report.summary()}.")


class _IdExport:
    """TMDB's id export read a batch at a time (gzipped or not), counting what it skips. Blocking file
    reads and JSON parsing: called in a thread."""

    def __init__(self, path: Path) -> None:
        import gzip

        self.path = path
        self.raw = path.open("rb")
        self.size = path.stat().st_size
        gzipped = self.raw.read(2) == b"\x1f\x8b"
        self.raw.seek(0)
        # Closed by close(): the reader outlives this constructor, across many threads' batches.
        self.text = (gzip.open(self.raw, "rt", encoding="utf-8", errors="replace") if gzipped  # noqa: SIM115
                     else open(self.raw.fileno(), encoding="utf-8", errors="replace", closefd=False))  # noqa: SIM115
        self.lines = self.adult = 0
        self.bad: list[int] = []

    def batch(self, size: int) -> list[ListedTitle]:
        from bot.domain.tmdb import TmdbShapeError, parse_id_export_line

        found = []
        for line in self.text:
            self.lines += 1
            if not line.strip():
                continue
            try:
                listed = parse_id_export_line(line)
            except TmdbShapeError:
                self.bad.append(self.lines)
                continue
            if listed is None:
                self.adult += 1
            else:
                found.append(listed)
                if len(found) >= size:
                    break
        return found

    def close(self) -> None:
        self.text.close()
        self.raw.close()


async def _films_import_tmdb_ids(path: Path, settings: Settings) -> None:
    import gzip
    import time
    import zlib

    from bot.db import Store
    from bot.db.tmdb_titles import BATCH

    started = time.monotonic()
    try:
        export = await asyncio.to_thread(_IdExport, path)
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    progress = _ProgressBar("Loading", sys.stderr) if sys.stderr.isatty() else None
    added = renamed = 0
    try:
        async with Store.open(settings.db_target) as store:
            while True:
                try:
                    batch = await asyncio.to_thread(export.batch, BATCH)
                except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
                    raise CliError(f"{path}: cannot read on after line {export.lines:,} ({exc}); the lines before "
                                   "it were loaded") from None
                if not batch:
                    break
                report = await store.tmdb_titles.load(batch)
                added, renamed = added + report.added, renamed + report.renamed
                if progress is not None:
                    progress(export.raw.tell(), export.size, "bytes")
            await store.tmdb_titles.finish()
            total = await store.tmdb_titles.count()
    finally:
        export.close()
    if progress is not None:
        progress(export.size, export.size, "bytes")
        progress.done()
    if export.bad:
        log.warning("%s: skipped %d line(s) that are not a film of TMDB's export (the first: line %d)",
                    path, len(export.bad), export.bad[0])
    print(f"{path}: {export.lines:,} lines read in {time.monotonic() - started:.1f} s: {added:,} new titles, "
          f"{renamed:,} renamed, {export.adult:,} adult films and {len(export.bad):,} bad lines skipped; "
          f"{total:,} TMDB titles known.")


class _ProgressBar:
    def __init__(self, label: str, stream) -> None:
        self.label, self.stream, self.shown = label, stream, False

    def __call__(self, done: int, total: int, unit: str = "films") -> None:
        if total < 2000:
            return
        width = 30
        filled = width * min(done, total) // total
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} {unit}")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")


async def _reviews_list(settings: Settings) -> None:
    from bot.db import Store

    async with Store.open(settings.db_target) as store:
        listings = await store.reviews.all_for_cli()
        names = await store.guilds.names()
    if not listings:
        print("No reviews yet.")
        return
    # Tab-separated with a header row, so that it reads in a terminal and loads into a spreadsheet.
    print("id\tstatus\tserver_id\tserver\tfilm\ttitle")
    for listing in listings:
        review = listing.review
        status = "live" if listing.retired_at is None else f"retired {listing.retired_at.date().isoformat()}"
        year = f" ({review.film_year})" if review.film_year else ""
        fields = (str(review.id), status, str(review.guild_id), names.get(review.guild_id, "unknown"),
                  f"{review.film_title}{year}", review.title)
        print(terminal_safe("\t".join(" ".join(field.split()) for field in fields)))


async def _site_build(args: argparse.Namespace, settings: Settings) -> None:
    import datetime as dt

    from bot.db import Store
    from bot.domain.static_site import SitePage, atom_feed, index_page, page_name
    from bot.domain.translations import phrasebook
    from bot.services.exports import export_review

    folder: Path = args.dir
    try:
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(f"cannot create {folder}: {exc.strerror}") from None
    pages: list[SitePage] = []
    async with Store.open(settings.db_target) as store:
        locales = await store.guilds.locales()
        for listing in await store.reviews.all_for_cli():
            review = listing.review
            if listing.retired_at is not None or (args.guild and review.guild_id != args.guild):
                continue
            lang = args.locale or pick(locales.get(review.guild_id))  # each page in its own server's language
            export = await export_review(store, review, "html", locale=lang.discord)
            comments = sum(1 for c in await store.comments.for_review(review.id) if not (c.deleted or c.is_bot))
            await _write(folder / page_name(review), export.text)
            pages.append(SitePage(review, comments))
    book = phrasebook(args.locale or _site_language(args.guild, [page.review.guild_id for page in pages], locales))
    await _write(folder / "index.html", index_page(args.title, pages, book))
    await _write(folder / "atom.xml", atom_feed(args.title, args.base_url, pages, book, now=dt.datetime.now(dt.UTC)))
    print(f"Wrote {len(pages)} review page(s), index.html and atom.xml to {folder}.")


def _site_language(guild: int | None, guild_ids: Sequence[int], locales: dict[int, str]) -> Language:
    """The language of a site's index and feed: --guild's server's, else the one every review's server
    shares, else US English (a site of servers in several languages has no one language of its own)."""
    if guild is not None:
        return pick(locales.get(guild))
    spoken = {pick(locales.get(guild_id)) for guild_id in guild_ids}
    return spoken.pop() if len(spoken) == 1 else DEFAULT


async def _write(path: Path, text: str) -> None:
    try:
        await asyncio.to_thread(path.write_text, text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror}") from None


async def _comments_export(args: argparse.Namespace, settings: Settings) -> None:
    from bot.db import Store
    from bot.db.database import schema_version_latest
    from bot.services.exports import export_review

    if not settings.db_url and not await asyncio.to_thread(settings.db_path.exists):
        raise CliError(f"there is no database at {settings.db_path}.")
    async with Store.open(settings.db_target, migrate=False) as store:
        # Not migrated here (an export only reads, and is safe while the bot runs), so check the schema.
        version, latest = await store.db.schema_version(), schema_version_latest()
        if version > latest:
            raise CliError(f"the database at {settings.db_label} has schema version {version}, newer than this "
                           f"Reviewbot knows ({latest}); upgrade Reviewbot.")
        if version < latest:
            raise CliError(f"the database at {settings.db_label} is not up to date (schema version {version}); "
                           "run `reviewbot db migrate` (or start the bot) first.")
        review = await store.reviews.get_any(args.review_id)
        if review is None:
            raise CliError(f"there is no review {args.review_id}; `reviewbot reviews list` shows the ids.")
        # The server's language, as for what the bot posts there on its own; --locale chooses another.
        lang = args.locale or pick((await store.guilds.locales()).get(review.guild_id))
        export = await export_review(store, review, args.format, locale=lang.discord)
    if args.output is None:
        sys.stdout.write(terminal_safe(export.text))  # -o writes the file exactly as exported
        if not export.text.endswith("\n"):
            sys.stdout.write("\n")
    else:
        try:
            await asyncio.to_thread(args.output.write_text, export.text, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror}") from None
        print(f"Wrote {export.filename.rsplit('.', 1)[-1]} export of review {review.id} to {args.output}.",
              file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
