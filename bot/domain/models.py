"""Dataclasses that cross layers: the store returns them, the domain reasons about them, cogs render them.

Nothing here knows about Discord or SQL. Ids are Discord snowflakes (ints) or store row ids.
Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from bot.domain.numbers import whole_number


class ReleaseType(IntEnum):
    """A kind of release, numbered as TMDB numbers them (1–6)."""

    PREMIERE = 1
    LIMITED = 2
    THEATRICAL = 3
    DIGITAL = 4
    PHYSICAL = 5
    TV = 6

    @property
    def label(self) -> str:
        return _RELEASE_LABELS[self]

    @classmethod
    def parse(cls, text: str | int) -> ReleaseType:
        """Accept a TMDB number (``3``) or a name (``theatrical``, ``limited``, ``dvd``)."""
        if isinstance(text, int):
            return cls(text)
        number = whole_number(text) if isinstance(text, str) else None
        if number is not None:
            return cls(number)
        key = str(text).strip().lower().replace("_", " ").replace("-", " ")
        try:
            return _RELEASE_NAMES[key]
        except KeyError:
            raise ValueError(f"unknown release type {text!r}") from None


_RELEASE_LABELS = {
    ReleaseType.PREMIERE: "premiere",
    ReleaseType.LIMITED: "limited cinema release",
    ReleaseType.THEATRICAL: "cinema release",
    ReleaseType.DIGITAL: "digital release",
    ReleaseType.PHYSICAL: "DVD/Blu-ray release",
    ReleaseType.TV: "TV premiere",
}

_RELEASE_NAMES = {
    "premiere": ReleaseType.PREMIERE,
    "limited": ReleaseType.LIMITED,
    "limited theatrical": ReleaseType.LIMITED,
    "theatrical limited": ReleaseType.LIMITED,
    "theatrical": ReleaseType.THEATRICAL,
    "cinema": ReleaseType.THEATRICAL,
    "wide": ReleaseType.THEATRICAL,
    "digital": ReleaseType.DIGITAL,
    "streaming": ReleaseType.DIGITAL,
    "physical": ReleaseType.PHYSICAL,
    "dvd": ReleaseType.PHYSICAL,
    "blu ray": ReleaseType.PHYSICAL,
    "bluray": ReleaseType.PHYSICAL,
    "tv": ReleaseType.TV,
}


class Format(StrEnum):
    """What a member asks about; each maps onto one or more release types."""

    CINEMA = "cinema"
    DVD = "dvd"
    DIGITAL = "digital"
    TV = "tv"
    PREMIERE = "premiere"
    ANY = "any"

    @property
    def release_types(self) -> tuple[ReleaseType, ...]:
        return _FORMAT_TYPES[self]


_FORMAT_TYPES = {
    Format.CINEMA: (ReleaseType.LIMITED, ReleaseType.THEATRICAL),
    Format.DVD: (ReleaseType.PHYSICAL,),
    Format.DIGITAL: (ReleaseType.DIGITAL,),
    Format.TV: (ReleaseType.TV,),
    Format.PREMIERE: (ReleaseType.PREMIERE,),
    Format.ANY: tuple(ReleaseType),
}

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@functools.total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the day, or only to the month or the year.

    A release date is a day in the country's own calendar, not an instant: it is never converted
    between time zones, and a date known only to the month is never shown as a day.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1870 <= self.year <= 2200:
            raise ValueError(f"year {self.year} is out of range")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None:
            dt.date(self.year, self.month, self.day)  # raises ValueError for 2011-02-30

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a trailing TMDB time part is ignored)."""
        raw = text.strip()
        if "T" in raw:
            raw = raw.split("T", 1)[0]
        match = _PARTIAL_DATE.match(raw)
        if not match:
            raise ValueError(f"{text!r} is not a date like 2011-02-11, 2011-02 or 2011")
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            return cls(year, month, day)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a real date ({exc})") from None

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def sort_key(self) -> tuple[dt.date, int]:
        """Chronological, a vaguer date after a precise one on the same first day ("2011" after "2011-01-01")."""
        return (self.first_day(), {"day": 0, "month": 1, "year": 2}[self.precision])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class Release:
    country: str  # ISO 3166-1 alpha-2, upper case
    type: ReleaseType
    date: PartialDate
    certification: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Film:
    id: int | None
    title: str
    year: int | None
    original_title: str | None = None
    aliases: tuple[str, ...] = ()
    director: str | None = None
    cast: tuple[str, ...] = ()
    runtime_minutes: int | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    releases: tuple[Release, ...] = ()

    @property
    def label(self) -> str:
        """``Never Let Me Go (2010)``: how a film is named wherever two could share a title."""
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class Attachment:
    filename: str
    url: str | None
    size: int
    content_type: str | None = None


@dataclass(frozen=True)
class Review:
    id: int
    guild_id: int
    title: str
    film_id: int | None
    film_title: str
    film_year: int | None
    author_id: int | None
    byline: str
    rating: float | None
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime
    channel_id: int | None = None
    message_ids: tuple[int, ...] = ()
    thread_id: int | None = None


@dataclass(frozen=True)
class Mention:
    """A name a comment's ``<@id>``, ``<@&id>`` or ``<#id>`` stood for when it was mirrored.

    Kept with the comment because an export may run long after, without Discord (the command line),
    and a member may since have left or been renamed.
    """

    kind: str  # "user", "role" or "channel"
    id: int
    name: str


@dataclass(frozen=True)
class CommentVersion:
    """An earlier text of an edited comment: what it said, when that text was written, when it was replaced."""

    content: str | None
    edited_at: dt.datetime | None  # None: the text as first posted
    replaced_at: dt.datetime


@dataclass(frozen=True)
class Comment:
    message_id: int
    review_id: int
    guild_id: int
    thread_id: int
    author_id: int
    author_name: str
    content: str
    created_at: dt.datetime
    edited_at: dt.datetime | None = None
    parent_id: int | None = None
    is_bot: bool = False
    deleted: bool = False
    attachments: tuple[Attachment, ...] = field(default=())
    mentions: tuple[Mention, ...] = field(default=())
    #: where it was said: "discord" (a message in the review's thread) or "blog" (a comment on the blog post)
    source: str = "discord"
    #: a blog comment's own address
    url: str | None = None


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    review_channel_id: int | None = None
    reviewer_role_id: int | None = None
    answer_questions: bool = True
    country: str | None = None
    #: post new blog comments into review threads as quoted messages (the blog bridge); off by default
    blog_comments_to_discord: bool = False
