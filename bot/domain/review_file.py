"""Reviews arriving as a Markdown file with YAML front matter, or as modal input: checked into a draft.

A review file looks like::

    ---
    title: "Film Review: Never Let Me Go"
    film: Never Let Me Go
    year: 2010
    author: Reviewbot sample
    rating: 4.5
    published: 2026-11-20
    ---
    The body, in Markdown.

Every problem raises :class:`ReviewFileError` (files) or :class:`ReviewInputError` (modal input)
with a message fit to show the reviewer, naming the field and what to change.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from bot.domain.numbers import whole_number
from bot.domain.ratings import parse_rating
from bot.domain.review_render import clean_single_line

__all__ = [
    "BODY_MAX",
    "BYLINE_MAX",
    "FILE_MAX_BYTES",
    "FILM_MAX",
    "TITLE_MAX",
    "YEAR_MAX",
    "YEAR_MIN",
    "ReviewDraft",
    "ReviewFileError",
    "ReviewInputError",
    "parse_film_input",
    "parse_review_file",
    "validate_draft",
]

TITLE_MAX = 256
FILM_MAX = 200
BYLINE_MAX = 100
BODY_MAX = 40_000
FILE_MAX_BYTES = 100 * 1024
YEAR_MIN = 1870  # the first moving pictures
YEAR_MAX = 2100

_UNLIMITED = 10**9
_FRONT_MATTER_LINE = re.compile(r"^---[ \t]*$")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_FILM_WITH_YEAR = re.compile(r"^(.*?)\s*\(\s*(\d{1,4})\s*\)$", re.DOTALL)


class ReviewFileError(ValueError):
    """A review file that cannot be used; ``str(error)`` says why, politely. ``field`` names the field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ReviewInputError(ReviewFileError):
    """Modal input that cannot be used; ``errors`` maps each bad field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(" ".join(self.errors.values()), field=next(iter(self.errors), None))


@dataclass(frozen=True)
class ReviewDraft:
    title: str
    film_title: str
    film_year: int | None
    byline: str
    rating: float | None
    body: str
    published: dt.datetime | None = None


def parse_review_file(data: bytes) -> ReviewDraft:
    """Check a Markdown review file with YAML front matter and return its draft."""
    if len(data) > FILE_MAX_BYTES:
        raise ReviewFileError(
            f"The file is {len(data) / 1024:.0f} KB; review files can be at most {FILE_MAX_BYTES // 1024} KB."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewFileError(
            f"The file isn't UTF-8 text (byte {exc.start} can't be read). Please save it as UTF-8 and try again."
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _reject_control_characters(text)

    meta, body = _split_front_matter(text)
    title = _required_line(meta, "title", TITLE_MAX, example="title: Film Review: Never Let Me Go")
    film = _required_line(meta, "film", FILM_MAX, example="film: Never Let Me Go")
    year = _year(meta.get("year"), "year") if _present(meta.get("year")) else None
    byline = _optional_line(meta, "author", BYLINE_MAX)
    rating = _rating(meta.get("rating"), "rating")
    published = _published(meta.get("published"))
    return ReviewDraft(
        title=title,
        film_title=film,
        film_year=year,
        byline=byline,
        rating=rating,
        body=_body(body, ReviewFileError),
        published=published,
    )


def validate_draft(
    title: str, film: str, rating: str | None, body: str, *, byline: str = ""
) -> ReviewDraft:
    """Check modal input; ``film`` is ``Film title`` or ``Film title (year)``.

    Raises :class:`ReviewInputError` listing every field that needs fixing.
    """
    errors: dict[str, str] = {}
    clean_title = clean_film = ""
    year: int | None = None
    parsed_rating: float | None = None
    clean_body = ""
    try:
        clean_title = _check_line(title, "title", TITLE_MAX)
    except ReviewFileError as exc:
        errors["title"] = exc.message
    try:
        clean_film, year = parse_film_input(film)
    except ReviewFileError as exc:
        errors["film"] = exc.message
    try:
        parsed_rating = _rating(rating, "rating")
    except ReviewFileError as exc:
        errors["rating"] = exc.message
    try:
        clean_body = _body(body, ReviewFileError)
    except ReviewFileError as exc:
        errors["body"] = exc.message
    if errors:
        raise ReviewInputError(errors)
    return ReviewDraft(
        title=clean_title,
        film_title=clean_film,
        film_year=year,
        byline=clean_single_line(byline, BYLINE_MAX),
        rating=parsed_rating,
        body=clean_body,
    )


def parse_film_input(text: str) -> tuple[str, int | None]:
    """``Never Let Me Go (2010)`` → ``("Never Let Me Go", 2010)``; ``Solaris`` → ``("Solaris", None)``."""
    raw = text.strip()
    match = _FILM_WITH_YEAR.match(raw)
    year = None
    if match:
        raw, year = match.group(1), _year(match.group(2), "film")
    return _check_line(raw, "film", FILM_MAX), year


def _reject_control_characters(text: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        for char in line:
            if char != "\t" and unicodedata.category(char) == "Cc":
                raise ReviewFileError(
                    f"Line {number} contains an invisible control character (U+{ord(char):04X}). "
                    "Please remove it and try again."
                )


def _split_front_matter(text: str) -> tuple[dict[str, object], str]:
    first_line, _, rest = text.partition("\n")
    if not _FRONT_MATTER_LINE.match(first_line):
        raise ReviewFileError(
            "The file has no front matter. Start it with a line of three dashes (---), then lines like "
            "`title: …` and `film: …`, then another --- line, then the review."
        )
    end = _FRONT_MATTER_END.search(rest)
    if not end:
        raise ReviewFileError("The front matter never ends: add a line of three dashes (---) after it.")
    header, body = rest[: end.start()], rest[end.end() :]
    try:
        # BaseLoader keeps every value a string, so `film: 2046` stays a title and `year: 20x0` can be
        # reported in our own words. It builds no Python objects, so it is as safe as SafeLoader.
        meta = yaml.load(header, Loader=yaml.BaseLoader) if header.strip() else {}  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" near line {mark.line + 2}" if mark is not None else ""
        raise ReviewFileError(
            f"The front matter isn't valid YAML{where}. Check for a missing colon or an unquoted "
            "value containing `: ` (put such titles in quotes)."
        ) from None
    if not isinstance(meta, dict):
        raise ReviewFileError("The front matter should be lines of `name: value`, like `title: …`.")
    return {str(key).strip().lower(): value for key, value in meta.items()}, body


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _as_text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ReviewFileError(f"The {field} should be a single line of text, not a list or a mapping.", field)
    return value


def _check_line(value: str, field: str, limit: int) -> str:
    cleaned = clean_single_line(value, _UNLIMITED)
    if not cleaned:
        raise ReviewFileError(f"The {field} is empty; please fill it in.", field)
    if len(cleaned) > limit:
        raise ReviewFileError(
            f"The {field} is {len(cleaned)} characters long; it can be at most {limit}.", field
        )
    return cleaned


def _required_line(meta: Mapping[str, object], field: str, limit: int, *, example: str) -> str:
    value = meta.get(field)
    if not _present(value):
        raise ReviewFileError(
            f"The {field} is missing or empty. Add a line like `{example}` to the front matter.", field
        )
    return _check_line(_as_text(value, field), field, limit)


def _optional_line(meta: Mapping[str, object], field: str, limit: int) -> str:
    value = meta.get(field)
    if not _present(value):
        return ""
    return _check_line(_as_text(value, field), field, limit)


def _year(value: object, field: str) -> int:
    text = _as_text(value, field).strip()
    year = whole_number(text)
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise ReviewFileError(
            f"The {field} year “{text[:20]}” isn't a plausible year; use four digits between "
            f"{YEAR_MIN} and {YEAR_MAX}, like 2010.",
            field,
        )
    return year


def _rating(value: object, field: str) -> float | None:
    if not _present(value):
        return None
    try:
        return parse_rating(_as_text(value, field))
    except ValueError as exc:
        raise ReviewFileError(f"The {field} can't be used: {exc}.", field) from None


def _published(value: object) -> dt.datetime | None:
    if not _present(value):
        return None
    text = _as_text(value, "published").strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
    except ValueError:
        raise ReviewFileError(
            f"The published date “{text}” isn't a date; use a form like 2026-11-20 or 2026-11-20T18:00:00Z.",
            "published",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _body(text: str, error: type[ReviewFileError]) -> str:
    body = text.replace("\r\n", "\n").strip("\n").rstrip()
    if not body.strip():
        raise error("The review body is empty; write the review below the front matter.", "body")
    if len(body) > BODY_MAX:
        raise error(f"The review body is {len(body):,} characters; it can be at most {BODY_MAX:,}.", "body")
    try:
        _reject_control_characters(body)
    except ReviewFileError as exc:
        raise error(f"In the review body: {exc.message}", "body") from None
    return body
