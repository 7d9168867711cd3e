"""Review files and modal input become drafts, or polite errors naming the field; ratings parse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.domain.ratings import parse_rating
from bot.domain.review_file import (
    BODY_MAX,
    FILE_MAX_BYTES,
    ReviewFileError,
    ReviewInputError,
    parse_film_input,
    parse_review_file,
    validate_draft,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "reviews" / "never-let-me-go.md"
FRONT = 'title: "Film Review: Solaris"\nfilm: Solaris\nyear: 1972\nauthor: Ann\nrating: 4\n'


def review_bytes(front: str = FRONT, body: str = "A slow, vast film.\n") -> bytes:
    return f"---\n{front}---\n{body}".encode()


def test_the_sample_review_file_parses() -> None:
    draft = parse_review_file(SAMPLE.read_bytes())
    assert draft.title == "Film Review: Never Let Me Go"
    assert (draft.film_title, draft.film_year) == ("Never Let Me Go", 2010)
    assert draft.byline == "Reviewbot sample"
    assert draft.rating == 4.5
    assert draft.published == dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    assert 600 <= len(draft.body.split()) <= 900


def test_a_minimal_file_gives_a_draft_with_defaults() -> None:
    draft = parse_review_file(review_bytes("title: T\nfilm: F\n", "Body"))
    assert (draft.title, draft.film_title, draft.film_year, draft.byline) == ("T", "F", None, "")
    assert (draft.rating, draft.published, draft.body) == (None, None, "Body")


def test_a_numeric_film_title_stays_text() -> None:
    assert parse_review_file(review_bytes("title: T\nfilm: 2046\n")).film_title == "2046"


def test_windows_line_endings_and_a_bom_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + review_bytes().replace(b"\n", b"\r\n")
    draft = parse_review_file(data)
    assert draft.title == "Film Review: Solaris"
    assert "\r" not in draft.body


def test_zero_width_characters_are_stripped_from_title_and_film() -> None:
    draft = parse_review_file(review_bytes("title: Sol\u200baris\nfilm: \ufeffSolaris\u200d\n"))
    assert (draft.title, draft.film_title) == ("Solaris", "Solaris")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2026-11-20", dt.datetime(2026, 11, 20, tzinfo=dt.UTC)),
        ("2026-11-20T18:30:00", dt.datetime(2026, 11, 20, 18, 30, tzinfo=dt.UTC)),
        ("2026-11-20 18:30:00+01:00", dt.datetime(2026, 11, 20, 17, 30, tzinfo=dt.UTC)),
        ("2026-11-20T18:30:00Z", dt.datetime(2026, 11, 20, 18, 30, tzinfo=dt.UTC)),
    ],
)
def test_published_dates_become_utc_datetimes(published: str, expected: dt.datetime) -> None:
    draft = parse_review_file(review_bytes(FRONT + f"published: {published}\n"))
    assert draft.published == expected


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (b"\xff\xfe---", None, "UTF-8"),
        (b"title: T\nfilm: F\n\nBody", None, "front matter"),
        (b"---\ntitle: T\nfilm: F\nBody", None, "never ends"),
        (b"---\ntitle: [unclosed\nfilm: F\n---\nBody", None, "YAML"),
        (b"---\n- a\n- b\n---\nBody", None, "name: value"),
        (b"---\nfilm: F\n---\nBody", "title", "title is missing"),
        (b"---\ntitle: '  '\nfilm: F\n---\nBody", "title", "title is missing"),
        (b"---\ntitle: T\n---\nBody", "film", "film is missing"),
        (b"---\ntitle: [a, b]\nfilm: F\n---\nBody", "title", "single line"),
        (b"---\ntitle: T\nfilm: F\nrating: 7\n---\nBody", "rating", "out of range"),
        (b"---\ntitle: T\nfilm: F\nrating: great\n---\nBody", "rating", "doesn't look like a rating"),
        (b"---\ntitle: T\nfilm: F\nyear: 1492\n---\nBody", "year", "plausible year"),
        (b"---\ntitle: T\nfilm: F\nyear: twenty\n---\nBody", "year", "plausible year"),
        (b"---\ntitle: T\nfilm: F\npublished: soon\n---\nBody", "published", "isn't a date"),
        (b"---\ntitle: T\nfilm: F\n---\n\n   \n", "body", "body is empty"),
        (b"---\ntitle: T\nfilm: F\n---\nBell\x07 here", None, "control character"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data: bytes, field: str | None, words: str) -> None:
    with pytest.raises(ReviewFileError) as caught:
        parse_review_file(data)
    assert words in str(caught.value)
    assert caught.value.field == field


def test_a_title_over_256_characters_is_refused() -> None:
    with pytest.raises(ReviewFileError, match="at most 256"):
        parse_review_file(review_bytes(f"title: {'t' * 257}\nfilm: F\n"))


def test_a_body_over_40000_characters_is_refused() -> None:
    with pytest.raises(ReviewFileError, match="at most 40,000"):
        parse_review_file(review_bytes("title: T\nfilm: F\n", "word " * (BODY_MAX // 5 + 1)))


def test_an_oversized_file_is_refused_before_decoding() -> None:
    data = b"\xff" * (FILE_MAX_BYTES + 1)  # not UTF-8 either: the size is what is reported
    with pytest.raises(ReviewFileError, match="at most 100 KB"):
        parse_review_file(data)


def test_validate_draft_accepts_modal_input() -> None:
    draft = validate_draft("  My  review ", "Never Let Me Go (2010)", "4½", "Body\n", byline="Ann")
    assert (draft.title, draft.film_title, draft.film_year) == ("My review", "Never Let Me Go", 2010)
    assert (draft.rating, draft.body, draft.byline) == (4.5, "Body", "Ann")


def test_validate_draft_reports_every_bad_field() -> None:
    with pytest.raises(ReviewInputError) as caught:
        validate_draft("", "x" * 201, "11", "   ")
    assert set(caught.value.errors) == {"title", "film", "rating", "body"}
    assert caught.value.field == "title"


def test_validate_draft_treats_an_empty_rating_as_no_rating() -> None:
    assert validate_draft("T", "F", "  ", "B").rating is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Never Let Me Go (2010)", ("Never Let Me Go", 2010)),
        ("Solaris", ("Solaris", None)),
        ("  Brazil  ( 1985 ) ", ("Brazil", 1985)),
        ("Ocean's 8 (2018)", ("Ocean's 8", 2018)),
    ],
)
def test_film_input_separates_the_year_in_parentheses(text: str, expected: tuple[str, int | None]) -> None:
    assert parse_film_input(text) == expected


@pytest.mark.parametrize("text", ["Film (1200)", "Film (3000)", "(2010)", "   "])
def test_film_input_with_an_implausible_year_or_no_title_is_refused(text: str) -> None:
    with pytest.raises(ReviewFileError) as caught:
        parse_film_input(text)
    assert caught.value.field == "film"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("4", 4.0), ("4.5", 4.5), ("4,5", 4.5), ("4½", 4.5), ("½", 0.5), ("3/5", 3.0), ("4.5 / 5", 4.5),
        ("3 out of 5", 3.0), ("★★★★½", 4.5), ("★★★☆☆", 3.0), ("0", 0.0), ("5", 5.0), (4, 4.0),
        (2.5, 2.5), ("", None), ("   ", None), (None, None),
    ],
)
def test_parse_rating_accepts_common_forms(given: object, expected: float | None) -> None:
    assert parse_rating(given) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("given", ["6", "-1", "4.3", "3/10", "great", "★★★★★★", "4½½", "nan", True, 5.5])
def test_parse_rating_refuses_anything_else_politely(given: object) -> None:
    with pytest.raises(ValueError, match=r"rating"):
        parse_rating(given)  # type: ignore[arg-type]
