"""When a release reminder is due, and what it says. Pure: "today" is passed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.domain.countries import country_phrase
from bot.domain.models import Film, Format, PartialDate, Release
from bot.domain.review_render import escape_markdown


@dataclass(frozen=True)
class ReminderNotice:
    text: str
    finished: bool  # the release has happened: the reminder is done
    known_date: str | None  # the date to remember for the next check


def tracked_release(film: Film, country: str, fmt: Format) -> Release | None:
    """The release a reminder follows: the earliest of the format's types in the country."""
    candidates = [r for r in film.releases if r.country == country and r.type in fmt.release_types]
    return min(candidates, key=lambda r: r.date.first_day(), default=None)


def describe_date(date: PartialDate) -> str:
    if date.precision == "day":
        return f"{date.first_day():%A} {date.day} {date.first_day():%B %Y}"
    if date.precision == "month":
        return f"{date.first_day():%B %Y} (day not announced)"
    return f"{date.year} (month and day not announced)"


def format_words(fmt: Format) -> str:
    return {
        Format.CINEMA: "in cinemas", Format.DVD: "on DVD/Blu-ray", Format.DIGITAL: "digitally",
        Format.TV: "on TV", Format.PREMIERE: "at its premiere", Format.ANY: "",
    }[fmt]


def arrival_words(fmt: Format) -> str:
    """What the member waits for, as a verb phrase: "comes out on DVD/Blu-ray", "has its premiere"."""
    if fmt is Format.PREMIERE:
        return "has its premiere"
    if fmt is Format.TV:
        return "is first shown on TV"
    return _words("comes out", format_words(fmt))


def already_words(fmt: Format) -> str:
    """A release that has happened: "is already out on DVD/Blu-ray", "has already had its premiere"."""
    if fmt is Format.PREMIERE:
        return "has already had its premiere"
    return _words("is already out", format_words(fmt))


def _words(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def check_reminder(
    film: Film, country: str, fmt: Format, known_date: str | None, today: dt.date
) -> ReminderNotice | None:
    """A notice when the tracked release arrived, or its date was set or changed since *known_date*."""
    release = tracked_release(film, country, fmt)
    where = country_phrase(country)
    how = format_words(fmt)
    label = f"**{escape_markdown(film.label)}**"  # titles come from anyone's film files
    if release is None:
        if known_date is None:
            return None
        text = _words(label, "no longer has a release date", how, f"in {where}; I'll keep watching.")
        return ReminderNotice(text, False, None)
    date = release.date
    if date.precision == "day" and date.first_day() <= today:
        text = _words(label, "is out", how, f"in {where} — released {describe_date(date)}.")
        return ReminderNotice(text, True, date.iso())
    if date.iso() != known_date:
        verb = "now has a release date" if known_date is None else "has a new release date"
        text = _words(label, verb, how, f"in {where}: {describe_date(date)}. I'll remind you when it arrives.")
        return ReminderNotice(text, False, date.iso())
    return None
