"""The static site's own words in the site's language: its default title, the dates and comment counts of the
index (plurals by each language's rule), ``<html lang>`` and the feed's ``xml:lang``; what people wrote stays."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from bot.domain.locales import LANGUAGES
from bot.domain.models import Review
from bot.domain.static_site import SitePage, atom_feed, index_page
from bot.domain.translations import phrasebook

T0 = dt.datetime(2026, 11, 20, 18, 5, tzinfo=dt.UTC)


def _page(comments: int, review_id: int = 7, title: str = "Film Review: Never Let Me Go") -> SitePage:
    review = Review(id=review_id, guild_id=1, title=title, film_id=3, film_title="Never Let Me Go",
                    film_year=2010, author_id=5, byline="Rita", rating=None, body="A quiet film.",
                    created_at=T0 + dt.timedelta(days=review_id), updated_at=T0)
    return SitePage(review, comments)


# (locale, the default title, the index's date of a review posted 27 November 2026, "1 comment", "2 comments")
SITES = [
    ("en-US", "Film reviews", "November 27, 2026", "1 comment", "2 comments"),
    ("en-GB", "Film reviews", "27 November 2026", "1 comment", "2 comments"),
    ("fr", "Critiques de films", "27 novembre 2026", "1 commentaire", "2 commentaires"),
    ("de", "Filmkritiken", "27. November 2026", "1 Kommentar", "2 Kommentare"),
    ("es-ES", "Críticas de cine", "27 de noviembre de 2026", "1 comentario", "2 comentarios"),
    ("es-419", "Críticas de cine", "27 de noviembre de 2026", "1 comentario", "2 comentarios"),
    ("pt-BR", "Críticas de filmes", "27 de novembro de 2026", "1 comentário", "2 comentários"),
]


@pytest.mark.parametrize(("locale", "title", "date", "one", "two"), SITES, ids=[s[0] for s in SITES])
def test_the_index_is_written_in_the_sites_language(locale, title, date, one, two):
    page = index_page(None, [_page(1, 7), _page(2, 8, "Film Review: Heat")], phrasebook(LANGUAGES[locale]))
    assert f'<html lang="{locale}">' in page
    assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page
    assert f">{date}</time> · {one}</div>" in page
    assert f" · {two}</div>" in page
    assert page.index("Heat") < page.index("Never Let Me Go")  # newest first, in every language


@pytest.mark.parametrize(("locale", "none", "many"), [
    ("fr", "0 commentaire", "1\u202f000\u202f000 de commentaires"),  # French: 0 is singular, a million takes "de"
    ("pt-BR", "0 comentário", "1.000.000 de comentários"),
    ("es-ES", "0 comentarios", "1.000.000 de comentarios"),
    ("de", "0 Kommentare", "1.000.000 Kommentare"),
    ("en-US", "0 comments", "1,000,000 comments"),
])
def test_comment_counts_follow_each_languages_plural_rule_and_digit_grouping(locale, none, many):
    page = index_page("Club", [_page(0, 7), _page(1_000_000, 8)], phrasebook(LANGUAGES[locale]))
    assert f" · {none}</div>" in page
    assert f" · {many}</div>" in page


@pytest.mark.parametrize(("locale", "empty"), [("en-US", "No reviews yet."), ("fr", "Pas encore de critique."),
                                               ("de", "Noch keine Kritiken."), ("pt-BR", "Ainda não há críticas.")])
def test_an_empty_site_says_so_in_its_language(locale, empty):
    assert f"<li>{empty}</li>" in index_page(None, [], phrasebook(LANGUAGES[locale]))


def test_a_title_given_is_kept_as_written_and_escaped_in_any_language():
    page = index_page("Ciné & <Club>", [], phrasebook(LANGUAGES["fr"]))
    assert "<h1>Ciné &amp; &lt;Club&gt;</h1>" in page and "Critiques de films" not in page


def test_the_feed_is_marked_with_the_sites_language_and_titled_in_it():
    feed = ET.fromstring(atom_feed(None, "https://reviews.example", [_page(1)], phrasebook(LANGUAGES["de"]),
                                   now=T0).encode())
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert feed.find("{http://www.w3.org/2005/Atom}title").text == "Filmkritiken"
    [entry] = feed.iter("{http://www.w3.org/2005/Atom}entry")
    assert entry.find("{http://www.w3.org/2005/Atom}title").text == "Film Review: Never Let Me Go"  # theirs, as written


def test_a_review_without_a_title_is_called_a_review_in_the_sites_language():
    page = index_page(None, [_page(1, title="   ")], phrasebook(LANGUAGES["fr"]))
    assert ">Critique</a>" in page


def test_the_index_of_servers_in_several_languages_is_in_us_english():
    from bot.cli import _site_language

    locales = {1: "fr", 2: "de", 3: "fr"}
    assert _site_language(None, [1, 3], locales) is LANGUAGES["fr"]  # the one language all the reviews share
    assert _site_language(None, [1, 2], locales) is LANGUAGES["en-US"]  # no one language
    assert _site_language(2, [1], locales) is LANGUAGES["de"]  # --guild's server decides
    assert _site_language(None, [], locales) is LANGUAGES["en-US"]
    assert _site_language(None, [9], locales) is LANGUAGES["en-US"]  # a server whose language is not known
