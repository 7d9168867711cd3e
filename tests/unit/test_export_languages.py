"""The Markdown and HTML exports in the member's language: headings and labels translated, what people
wrote left as they wrote it, and English (unchanged) without a language."""

import datetime as dt

from bot.domain.comment_export import export_html, export_markdown
from bot.domain.models import Comment, Review

T0 = dt.datetime(2026, 11, 20, 18, 5, tzinfo=dt.UTC)
REVIEW = Review(id=7, guild_id=1, thread_id=3, author_id=5, byline="Rita", title="Film Review: Never Let Me Go",
                film_id=3, film_title="Never Let Me Go", film_year=2010, rating=4.5, body="A quiet, devastating film.",
                created_at=T0, updated_at=T0)


def _comment(message_id, content, *, parent=None, edited=False, deleted=False, minutes=0):
    return Comment(review_id=7, guild_id=1, message_id=message_id, thread_id=3, parent_id=parent, author_id=9,
                   author_name="Ann", content=content, created_at=T0 + dt.timedelta(minutes=minutes),
                   edited_at=T0 + dt.timedelta(hours=1) if edited else None, deleted=deleted)


COMMENTS = [_comment(10, "Loved it & cried.", edited=True), _comment(11, "Me too", parent=10, minutes=5),
            _comment(12, "", deleted=True, minutes=9)]


def test_markdown_export_in_french():
    text = export_markdown(REVIEW, COMMENTS, locale="fr")
    assert "critique de Rita" in text and "publiée le 20 novembre 2026 à 18:05 UTC" in text
    assert "## 2 réactions à « Film Review: Never Let Me Go »" in text
    assert "modifié le 20 novembre 2026 à 19:05 UTC" in text
    assert "*[supprimé]*" in text
    assert "Loved it &amp; cried." in text  # what members wrote is never translated (only made safe)


def test_html_export_in_german_is_marked_as_german_and_escapes_its_words():
    page = export_html(REVIEW, COMMENTS, locale="de")
    assert '<html lang="de">' in page
    assert "<h2>2 Gedanken zu „Film Review: Never Let Me Go“</h2>" in page
    assert "bearbeitet am <time" in page and "20. November 2026 um 19:05 UTC</time>" in page
    assert "Loved it &amp; cried." in page


def test_without_a_language_the_exports_are_as_before():
    assert "review by Rita" in export_markdown(REVIEW, COMMENTS)
    page = export_html(REVIEW, COMMENTS)
    assert '<html lang="en">' in page and "2 thoughts on “Film Review: Never Let Me Go”" in page


def test_a_us_english_export_writes_its_dates_month_first():
    text = export_markdown(REVIEW, COMMENTS, locale="en-US")
    assert "review by Rita" in text and "posted November 20, 2026 at 18:05 UTC" in text
    assert "edited November 20, 2026 at 19:05 UTC" in text
    assert "posted 20 November 2026 at 18:05 UTC" in export_markdown(REVIEW, COMMENTS, locale="en-GB")
