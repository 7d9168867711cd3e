"""One film, one entry, whichever way a film comes in: `/film import`, `/film add`, `reviewbot films import`."""

import re
from pathlib import Path

from bot.db import Store
from bot.domain.film_import import parse_films_csv
from bot.domain.models import Film
from bot.sandbox.interactions import Attachment
from tests.e2e.helpers import answer, is_ephemeral, publish_by_modal, query
from tests.e2e.test_cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_csv() -> bytes:
    """The CSV example the README gives for film files, exactly as written there."""
    [block] = re.findall(r"```csv\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return block.encode()


def thousand_row_csv() -> bytes:
    """500 films of two release rows each; the first is a shipped film, named in another case."""
    lines = ["title,year,country,type,date,note"]
    for n in range(500):
        title = "HEAT,1995" if n == 0 else f"Imported Film {n},{2000 + n % 30}"
        lines.append(f"{title},GB,theatrical,2031-02-{n % 28 + 1:02d},")
        lines.append(f"{title},US,physical,2031-06,Row {n}")
    return ("\n".join(lines) + "\n").encode()


def film_rows(world, title):
    return query(world.db_path, "SELECT id, guild_id FROM films WHERE lower(title) = lower(?)", title)


async def film_import(world, name, data, locale=None):
    return await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film import",
                                         {"file": Attachment(name, data, "text/csv")}, locale=locale))


async def test_a_film_imports_summary_is_in_the_members_language(world):
    shown = await film_import(world, "releases.csv", readme_csv(), locale="fr")
    assert "0 film ajouté, 1 film modifié, 0 film inchangé" in shown["content"], shown["content"]
    assert "2 sorties ajoutées, 2 sorties retirées" in shown["content"] and "added" not in shown["content"]


async def test_importing_the_readmes_csv_updates_the_shipped_film_and_a_review_links_to_it(world):
    [(shipped_id, scope)] = film_rows(world, "Never Let Me Go")
    assert scope is None
    shared_before = query(world.db_path, "SELECT * FROM releases WHERE guild_id IS NULL ORDER BY id")
    shown = await film_import(world, "releases.csv", readme_csv())
    assert is_ephemeral(shown) and "0 films added, 1 film changed" in shown["content"], shown["content"]
    assert film_rows(world, "Never Let Me Go") == [(shipped_id, None)]
    own = query(world.db_path, "SELECT country, type, date, note FROM releases WHERE guild_id = ?",
                int(world.guild.id))
    assert ("CA", 1, "2010-09", "Toronto International Film Festival") in own
    assert query(world.db_path, "SELECT * FROM releases WHERE guild_id IS NULL ORDER BY id") == shared_before

    await publish_by_modal(world, world.owner, world.reviews, film="Never Let Me Go (2010)")
    assert query(world.db_path, "SELECT film_id FROM reviews") == [(shipped_id,)]


async def test_a_thousand_row_csv_imported_twice_by_a_server_adds_each_film_once(world):
    films_before = query(world.db_path, "SELECT count(*) FROM films")[0][0]
    first = await film_import(world, "big.csv", thousand_row_csv())
    assert "499 films added, 1 film changed" in first["content"], first["content"]
    again = await film_import(world, "big.csv", thousand_row_csv())
    assert "0 films added, 0 films changed, 500 films unchanged" in again["content"], again["content"]
    assert query(world.db_path, "SELECT count(*) FROM films")[0][0] == films_before + 499
    distinct = "SELECT count(*) FROM (SELECT DISTINCT lower(title), year FROM films) AS distinct_films"
    assert query(world.db_path, distinct) == query(world.db_path, "SELECT count(*) FROM films")
    assert len(film_rows(world, "Heat")) == 1


async def test_film_add_refuses_a_shared_film_whose_title_differs_only_in_case(stopped_world):
    world = stopped_world
    async with Store.open(world.db_path) as store:
        await store.films.import_films([Film(id=None, title="Amélie", year=2001)])
    await world.start_bot()
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add",
                                          {"title": "AMÉLIE", "year": 2001}))
    assert is_ephemeral(shown) and "*Amélie (2001)* is already in the catalogue" in shown["content"]
    assert query(world.db_path, "SELECT count(*) FROM films WHERE guild_id IS NOT NULL") == [(0,)]


async def test_a_shared_import_absorbs_a_film_a_server_added_with_its_dates_and_reviews(world, tmp_path):
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add",
                                  {"title": "Club Home Movie", "year": 2024}))
    [(copy_id, _)] = film_rows(world, "Club Home Movie")
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                  {"film": str(copy_id), "country": "GB", "type": 3, "date": "2031-05-04"}))
    await publish_by_modal(world, world.owner, world.reviews, film="Club Home Movie (2024)")
    assert query(world.db_path, "SELECT film_id FROM reviews") == [(copy_id,)]

    csv = tmp_path / "shared.csv"
    csv.write_text("title,year,country,type,date,note\nclub home movie,2024,US,digital,2031-07-01,\n")
    code, out, err = await cli("films", "import", str(csv), db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    assert "1 film(s) added" in out and "1 server copy(ies) merged" in out
    [(shared_id, scope)] = film_rows(world, "Club Home Movie")
    assert scope is None
    assert query(world.db_path, "SELECT film_id FROM reviews") == [(shared_id,)]
    releases = query(world.db_path, "SELECT guild_id, country, type, date FROM releases WHERE film_id = ?", shared_id)
    assert set(releases) == {(None, "US", 4, "2031-07-01"), (int(world.guild.id), "GB", 3, "2031-05-04")}


async def test_the_command_line_imports_a_thousand_row_csv_twice_without_duplicates(tmp_path):
    """The shared import, at size, over a server that had imported the same films as its own."""
    csv = tmp_path / "big.csv"
    csv.write_bytes(thousand_row_csv())
    db = tmp_path / "x.db"
    async with Store.open(db) as store:
        await store.films.import_films(parse_films_csv(thousand_row_csv()), guild_id=7, releases_only=True)
    code, out, err = await cli("films", "import", str(csv), db=db, cwd=tmp_path)
    assert code == 0 and "500 film(s) added" in out and "500 server copy(ies) merged" in out, err
    code, out, err = await cli("films", "import", str(csv), db=db, cwd=tmp_path)
    assert code == 0 and "0 film(s) added, 0 changed, 500 unchanged" in out, err
    assert query(db, "SELECT count(*), count(DISTINCT lower(title) || year), max(guild_id) FROM films") == \
        [(500, 500, None)]
