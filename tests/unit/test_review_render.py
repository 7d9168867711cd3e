"""render_review and friends: embeds within Discord's limits, few messages, the body kept exactly."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.domain.models import Film, Review
from bot.domain.ratings import stars
from bot.domain.review_render import (
    DEFAULT_FOOTER,
    EmbedSpec,
    Limits,
    MessageSpec,
    clean_single_line,
    render_review,
    review_header,
    thread_name,
    truncate,
)

NOW = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
FILM = Film(id=1, title="Never Let Me Go", year=2010, director="Mark Romanek")
VOCABULARY = [
    "The", "film", "holds", "its", "breath", "*quietly*", "**never**", "Kathy", "remembers,",
    "and", "the", "camera", "waits.", "Hailsham", "`code`", "||spoiler||", "[a link](https://x.y)",
]


def prose(length: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < length:
        paragraph = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(15, 140))) + "."
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    text = "\n\n".join(paragraphs)[: length - 1].rstrip()
    return (text + "." + "!" * length)[:length] if length else ""


def make_review(body: str, **changes: object) -> Review:
    values: dict[str, object] = {
        "id": 1, "guild_id": 10, "title": "Film Review: Never Let Me Go", "film_id": 1,
        "film_title": "Never Let Me Go", "film_year": 2010, "author_id": 5, "byline": "Reviewbot sample",
        "rating": 4.5, "body": body, "created_at": NOW, "updated_at": NOW,
    }
    values.update(changes)
    return Review(**values)  # type: ignore[arg-type]


def body_parts(messages: list[MessageSpec], header: str) -> list[str]:
    embeds = [embed for message in messages for embed in message.embeds]
    first, *rest = embeds
    assert first.description.startswith(header)
    return [first.description[len(header) :], *(embed.description for embed in rest)]


def assert_within_limits(messages: list[MessageSpec]) -> None:
    for message in messages:
        assert 1 <= len(message.embeds) <= Limits.MESSAGE_EMBEDS
        assert message.total_chars <= Limits.MESSAGE_EMBED_TOTAL
        for embed in message.embeds:
            assert len(embed.description) <= Limits.DESCRIPTION
            assert len(embed.title or "") <= Limits.TITLE
            assert len(embed.footer or "") <= Limits.FOOTER
            assert len(embed.author or "") <= Limits.AUTHOR
            assert all(len(value) <= Limits.FIELD_VALUE for _, value, _ in embed.fields)


def test_a_3500_character_review_is_one_message_with_one_embed() -> None:
    body = prose(3500)
    messages = render_review(make_review(body), FILM)
    assert len(messages) == 1
    assert len(messages[0].embeds) == 1
    assert body_parts(messages, review_header(make_review(body), FILM)) == [body]


def test_a_15000_character_review_is_three_messages_that_join_back_exactly() -> None:
    review = make_review(prose(15000, seed=7))
    assert len(review.body) == 15000
    messages = render_review(review, FILM)
    assert len(messages) == 3
    assert_within_limits(messages)
    assert "".join(body_parts(messages, review_header(review, FILM))) == review.body


@pytest.mark.parametrize("length", [0, 1, 100, 4000, 4096, 5800, 6000, 9000, 12345, 25000, 40000])
def test_every_embed_and_message_stays_within_discord_limits(length: int) -> None:
    review = make_review(prose(length, seed=length) if length else "")
    messages = render_review(review, FILM)
    assert_within_limits(messages)
    assert "".join(body_parts(messages, review_header(review, FILM))) == review.body


@pytest.mark.parametrize("seed", range(40))
def test_random_bodies_join_back_exactly(seed: int) -> None:
    rng = random.Random(seed)
    body = prose(rng.randint(1, 30000), seed=seed)
    review = make_review(body, title="T" * rng.randint(1, 300), byline="B" * rng.randint(0, 150))
    messages = render_review(review, None, thread_hint="H" * rng.randint(0, 3000))
    assert_within_limits(messages)
    assert "".join(body_parts(messages, review_header(review, None))) == body


def test_a_body_without_any_spaces_is_still_cut_to_fit() -> None:
    review = make_review("x" * 13000)
    messages = render_review(review, FILM)
    assert_within_limits(messages)
    assert "".join(body_parts(messages, review_header(review, FILM))) == review.body


def test_the_first_embed_carries_title_film_line_byline_and_stars() -> None:
    first = render_review(make_review("Body."), FILM)[0].embeds[0]
    assert first.title == "Film Review: Never Let Me Go"
    assert "Never Let Me Go (2010), directed by Mark Romanek" in first.description
    assert "Review by Reviewbot sample" in first.description
    assert "★★★★½ (4.5/5)" in first.description
    assert first.description.endswith("\n\nBody.")


def test_without_a_film_the_review_own_film_title_and_year_are_used() -> None:
    header = review_header(make_review("b", film_title="Solaris", film_year=1972), None)
    assert "Solaris (1972)" in header
    assert "directed by" not in header


def test_an_unrated_review_shows_no_stars() -> None:
    assert "★" not in review_header(make_review("b", rating=None), FILM)


def test_only_the_last_embed_has_the_footer() -> None:
    messages = render_review(make_review(prose(15000)), FILM)
    embeds = [embed for message in messages for embed in message.embeds]
    assert [embed.footer for embed in embeds] == [None] * (len(embeds) - 1) + [DEFAULT_FOOTER]


def test_a_thread_hint_replaces_the_default_footer() -> None:
    messages = render_review(make_review("Body."), FILM, thread_hint="Discuss in #reviews-chat")
    assert messages[-1].embeds[-1].footer == "Discuss in #reviews-chat"


def test_later_messages_open_with_a_continued_title() -> None:
    messages = render_review(make_review(prose(15000)), FILM)
    assert [message.embeds[0].title for message in messages[1:]] == [
        "Film Review: Never Let Me Go (continued)"
    ] * (len(messages) - 1)


def test_embed_total_counts_every_text_part() -> None:
    embed = EmbedSpec("ab", "cde", footer="f", author="gh", fields=(("i", "jk", False),))
    assert embed.total_chars == 11


@pytest.mark.parametrize(
    ("title", "year", "expected"),
    [
        ("Never Let Me Go", 2010, "Never Let Me Go (2010) — discussion"),
        ("Solaris", None, "Solaris — discussion"),
        ("  \u200b ", 2010, "Review discussion"),
        ("Line\nbreak\ttitle", 1999, "Line break title (1999) — discussion"),
    ],
)
def test_thread_name_reads_naturally(title: str, year: int | None, expected: str) -> None:
    assert thread_name(title, year) == expected


@pytest.mark.parametrize("title", ["word " * 60, "x" * 300, "A title with a very long name " * 5])
def test_thread_name_is_truncated_politely_within_100_characters(title: str) -> None:
    name = thread_name(title, 2010)
    assert len(name) <= 100
    assert name.endswith("… (2010) — discussion")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Hello\u200b   world \n", "Hello world"),
        ("Tab\there\x00\x07", "Tab here"),
        ("\u202eReversed", "Reversed"),
        ("\ufeffBOM", "BOM"),
    ],
)
def test_clean_single_line_strips_invisible_and_control_characters(raw: str, expected: str) -> None:
    assert clean_single_line(raw, 100) == expected


@pytest.mark.parametrize(("text", "limit"), [("a b c d e f g", 6), ("abcdefghij", 5), ("short", 10)])
def test_truncate_stays_within_the_limit(text: str, limit: int) -> None:
    result = truncate(text, limit)
    assert len(result) <= limit
    assert result == text or result.endswith("…")


@pytest.mark.parametrize(
    ("rating", "expected"),
    [(4.5, "★★★★½ (4.5/5)"), (3, "★★★☆☆ (3/5)"), (0, "☆☆☆☆☆ (0/5)"), (5, "★★★★★ (5/5)"), (0.5, "½☆☆☆☆ (0.5/5)")],
)
def test_stars_show_five_places_and_the_number(rating: float, expected: str) -> None:
    assert stars(rating) == expected
