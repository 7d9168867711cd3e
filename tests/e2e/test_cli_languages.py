"""The operator's command line in a language: `comments export` and `site build` write the bot's own words in
the server's language (as Discord last told the running bot) unless `--locale` names another, and US English
for a server whose language is not known; an unknown `--locale` is a usage error naming the choices."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from babel.dates import format_date

from bot.domain.locales import LANGUAGES
from tests.e2e.helpers import comment_rows, eventually, published_thread, query
from tests.e2e.test_cli import cli

#: Wording, not storage: one store is enough (the stored language itself is tested on both in tests/store).
pytestmark = pytest.mark.one_store

CHOICES = "choose one of en-US, en-GB, fr, de, es-ES, es-419, pt-BR"


async def _server_speaks(world, locale: str | None) -> None:
    """The server's owner switches its language; the running bot stores it (or, for None, forgets it, as
    for a server not seen since languages were kept)."""
    if locale is None:
        query(world.db_path, "UPDATE guilds SET locale = NULL")
        return
    world.drv.update_guild(world.guild, preferred_locale=locale)
    await eventually(lambda: query(world.db_path, "SELECT locale FROM guilds") == [(locale,)], timeout=15)


async def _discussed_review(world) -> tuple[str, dt.date]:
    """A published review with one comment: its id, and the day it was posted (UTC)."""
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "Ce film m’a bouleversé <b>vraiment</b>")
    await comment_rows(world, 1)
    await world.flush()
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    code, out, err = await cli("comments", "export", str(review_id), db=world.db_path, cwd=world.db_path.parent)
    assert code == 0, err
    posted = dt.datetime.fromisoformat(json.loads(out)["review"]["posted_at"].replace("Z", "+00:00"))
    return str(review_id), posted.date()


def _long_date(day: dt.date, locale: str) -> str:
    return format_date(day, format="long", locale=LANGUAGES[locale].babel)


async def test_comments_export_is_written_in_the_servers_language_by_default(world, tmp_path):
    review_id, posted = await _discussed_review(world)
    await _server_speaks(world, "fr")
    code, page, err = await cli("comments", "export", review_id, "--format", "html", db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    assert '<html lang="fr">' in page
    assert "1 réaction à « Film Review: Never Let Me Go »" in page
    assert f"{_long_date(posted, 'fr')} à" in page  # "2 décembre 2026 à 18:05 UTC"
    assert "Ce film m’a bouleversé &lt;b&gt;vraiment&lt;/b&gt;" in page  # what members wrote stays theirs
    code, text, err = await cli("comments", "export", review_id, "--format", "markdown", db=world.db_path,
                                cwd=tmp_path)
    assert code == 0, err
    assert "## 1 réaction à « Film Review: Never Let Me Go »" in text


async def test_comments_export_takes_another_language_with_locale(world, tmp_path):
    review_id, posted = await _discussed_review(world)
    await _server_speaks(world, "fr")
    target = tmp_path / "export.md"
    code, _, err = await cli("comments", "export", review_id, "--format", "markdown", "--locale", "de",
                             "-o", str(target), db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    text = target.read_text()
    assert "## 1 Gedanke zu „Film Review: Never Let Me Go“" in text
    assert f"{_long_date(posted, 'de')} um" in text  # "2. Dezember 2026 um 18:05 UTC"
    assert "réaction" not in text
    code, page, err = await cli("comments", "export", review_id, "--format", "html", "--locale", "pt_br",
                                db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    assert '<html lang="pt-BR">' in page  # Discord's code, whatever case or separator it was typed in


async def test_comments_export_of_a_server_whose_language_is_unknown_is_in_us_english(world, tmp_path):
    review_id, posted = await _discussed_review(world)
    await _server_speaks(world, None)
    code, page, err = await cli("comments", "export", review_id, "--format", "html", db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    assert '<html lang="en-US">' in page
    assert "1 thought on “Film Review: Never Let Me Go”" in page
    assert f"{_long_date(posted, 'en-US')} at" in page  # "December 2, 2026 at 18:05 UTC": month first


async def test_a_british_server_is_exported_in_british_english(world, tmp_path):
    review_id, posted = await _discussed_review(world)  # the standard server's language is en-GB
    code, text, err = await cli("comments", "export", review_id, "--format", "markdown", db=world.db_path,
                                cwd=tmp_path)
    assert code == 0, err
    assert f"posted {posted.day} {posted:%B %Y} at" in text  # day first


@pytest.mark.parametrize("command", [["comments", "export", "1"], ["site", "build", "site"]])
async def test_a_language_reviewbot_does_not_speak_is_a_usage_error_naming_the_choices(tmp_path, command):
    code, out, err = await cli(*command, "--locale", "it", db=tmp_path / "x.db", cwd=tmp_path)
    assert code == 2 and out == ""
    assert f"'it' is not a language Reviewbot speaks; {CHOICES}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.db").exists() and not (tmp_path / "site").exists()  # refused before doing anything


async def test_site_build_is_written_in_the_servers_language_by_default(world, tmp_path):
    _, posted = await _discussed_review(world)
    await _server_speaks(world, "fr")
    site = tmp_path / "site"
    code, _out, err = await cli("site", "build", str(site), db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    index = (site / "index.html").read_text()
    assert '<html lang="fr">' in index
    assert "<h1>Critiques de films</h1>" in index
    assert f">{_long_date(posted, 'fr')}</time> · 1 commentaire</div>" in index
    [page] = site.glob("review-*.html")
    assert '<html lang="fr">' in page.read_text()  # each review's page in its server's language too
    feed = ET.fromstring((site / "atom.xml").read_bytes())
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert feed.find("{http://www.w3.org/2005/Atom}title").text == "Critiques de films"


async def test_site_build_takes_another_language_with_locale(world, tmp_path):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "Erster")
    world.drv.post(thread, world.reviewer, "Zweiter")
    await comment_rows(world, 2)
    await world.flush()
    await _server_speaks(world, "fr")
    site = tmp_path / "site"
    code, _, err = await cli("site", "build", str(site), "--locale", "de", "--title", "Unser Kinoclub",
                             db=world.db_path, cwd=tmp_path)
    assert code == 0, err
    index = (site / "index.html").read_text()
    assert '<html lang="de">' in index and "<h1>Unser Kinoclub</h1>" in index
    assert " · 2 Kommentare</div>" in index
    [page] = site.glob("review-*.html")
    assert '<html lang="de">' in page.read_text() and "2 Gedanken zu" in page.read_text()


async def test_an_empty_site_of_a_server_whose_language_is_unknown_is_in_us_english(world, tmp_path):
    await _server_speaks(world, None)
    site = tmp_path / "site"
    code, _, err = await cli("site", "build", str(site), "--guild", str(world.guild.id), db=world.db_path,
                             cwd=tmp_path)
    assert code == 0, err
    index = (site / "index.html").read_text()
    assert '<html lang="en-US">' in index and "<h1>Film reviews</h1>" in index and "<li>No reviews yet.</li>" in index
