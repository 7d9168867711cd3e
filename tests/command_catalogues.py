"""Keep the slash commands' catalogues in step with the commands: ``python -m tests.command_catalogues``.

Starts the real bot against the loopback server (as the end-to-end tests do), reads the English of
every command, option and choice from what it syncs, and updates each ``bot/locales/*/LC_MESSAGES/commands.po``
with Babel: a new string is added untranslated, a string no command uses any more is dropped, and
every translation is kept. Then translate the empty ``msgstr`` entries and run the tests named in the
README's Languages section. ``--check`` changes nothing and exits 1 when a catalogue is out of step.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.domain.locales import LANGUAGES
from bot.sandbox.server import LoopbackDiscord
from bot.ui.translator import DOMAIN, Kind, catalogue_resource

Entry = tuple[str | None, str]  # (msgctxt, msgid)
COMMENTS = {
    Kind.NAME: "names: 1-32 characters, lowercase, letters, digits, - and _",
    Kind.CHOICE: "choice names: 1-100 characters",
    Kind.DESCRIPTION: "descriptions: 1-100 characters",
}


def strings(payload: Iterable[dict[str, Any]]) -> list[Entry]:
    """Every string of a sync payload to translate, in the tree's order, each once."""
    seen: dict[Entry, None] = {}

    def walk(items: Iterable[dict[str, Any]]) -> Iterator[Entry]:
        for item in items:
            yield Kind.NAME, item["name"]
            if item.get("description"):
                yield Kind.DESCRIPTION, item["description"]
            for choice in item.get("choices") or []:
                yield Kind.CHOICE, choice["name"]
            yield from walk(item.get("options") or [])

    for entry in walk(payload):
        seen.setdefault(entry)
    return list(seen)


async def synced_payload() -> list[dict[str, Any]]:
    """What the real bot syncs, from a fresh start against the loopback server."""
    from tests.e2e.harness import build_world

    with tempfile.TemporaryDirectory() as tmp:
        async with LoopbackDiscord() as server:
            world = build_world(server, Path(tmp) / "catalogues.db")
            await world.start_bot()
            try:
                puts = [r for r in world.drv.requests if r.method == "PUT" and r.path.endswith("/commands")]
                return puts[-1].json
            finally:
                await world.stop_bot()


def catalogue_file(code: str) -> Path:
    return Path(str(resources.files("bot").joinpath(catalogue_resource(LANGUAGES[code]))))


def updated(path: Path, code: str, wanted: list[Entry]) -> tuple[Catalog, set[Entry], set[Entry]]:
    """The catalogue at *path* with exactly *wanted*'s strings: (catalogue, added, dropped)."""
    lang = LANGUAGES[code]
    if path.exists():
        with path.open("rb") as handle:
            old = read_po(handle, locale=lang.babel, domain=DOMAIN)
    else:
        old = Catalog(locale=lang.babel, domain=DOMAIN, project="Reviewbot", fuzzy=False)
    have = {(m.context, m.id): m for m in old if m.id}
    new = Catalog(locale=lang.babel, domain=DOMAIN, project=old.project, version=old.version, fuzzy=False,
                  header_comment=old.header_comment, language_team=old.language_team,
                  last_translator=old.last_translator, creation_date=old.creation_date,
                  revision_date=old.revision_date, copyright_holder="Reviewbot's contributors")
    for context, msgid in wanted:
        previous = have.get((context, msgid))
        new.add(msgid, previous.string if previous else "", context=context, auto_comments=[COMMENTS[context]],
                flags=previous.flags if previous else ())
    added = set(wanted) - set(have)
    dropped = set(have) - set(wanted)
    return new, added, dropped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.command_catalogues", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a catalogue is out of step")
    args = parser.parse_args(argv)
    wanted = strings(asyncio.run(synced_payload()))
    stale = False
    for code in LANGUAGES:
        path = catalogue_file(code)
        catalogue, added, dropped = updated(path, code, wanted)
        if added or dropped:
            stale = True
            print(f"{code}: {len(added)} new, {len(dropped)} no longer used")
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                with path.open("wb") as handle:
                    write_po(handle, catalogue, width=120, sort_output=False)
    if not stale:
        print(f"Every catalogue has the {len(wanted)} strings of the commands.")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
