"""When a release reminder is due, and what it says. Pure: "today" is passed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.domain.models import Film, Format, PartialDate, Release
from bot.domain.review_render import escape_markdown
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook


@dataclass(frozen=True)
class ReminderNotice:
    text: str
    finished: bool  # the release has happened: the reminder is done
    known_date: str | None  # the date to remember for the next check


def tracked_release(film: Film, country: str, fmt: Format) -> Release | None:
    """The release a reminder follows: the earliest of the format's types in the country."""
    candidates = [r for r in film.releases if r.country == country and r.type in fmt.release_types]
    return min(candidates, key=lambda r: r.date.first_day(), default=None)


def describe_date(date: PartialDate, book: Phrasebook | None = None) -> str:
    """A tracked date in full, saying which parts are not announced yet: "Friday, 2 May 2031"."""
    _ = book or phrasebook(ENGLISH)
    if date.precision == "day":
        return _.date(date, weekday=True)
    if date.precision == "month":
        return _("{date} (day not announced)", date=_.date(date))
    return _("{date} (month and day not announced)", date=_.date(date))


def format_words(fmt: Format, book: Phrasebook | None = None) -> str:
    """How a release reaches people: "in cinemas", "on DVD/Blu-ray"; empty for any release."""
    _ = book or phrasebook(ENGLISH)
    return {
        Format.CINEMA: _("in cinemas"), Format.DVD: _("on DVD/Blu-ray"), Format.DIGITAL: _("digitally"),
        Format.TV: _("on TV"), Format.PREMIERE: _("at its premiere"), Format.ANY: "",
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


def promise_text(fmt: Format, film: str, where: str, book: Phrasebook | None = None) -> str:
    """The promise a new reminder makes, one whole sentence per kind of release."""
    _ = book or phrasebook(ENGLISH)
    values = {"film": film, "where": where}
    return {
        Format.CINEMA: lambda: _("I'll ping you here when {film} comes out in cinemas in {where}, and if its date "
                                 "is set or changes.", **values),
        Format.DVD: lambda: _("I'll ping you here when {film} comes out on DVD/Blu-ray in {where}, and if its "
                              "date is set or changes.", **values),
        Format.DIGITAL: lambda: _("I'll ping you here when {film} comes out digitally in {where}, and if its date "
                                  "is set or changes.", **values),
        Format.TV: lambda: _("I'll ping you here when {film} is first shown on TV in {where}, and if its date is "
                             "set or changes.", **values),
        Format.PREMIERE: lambda: _("I'll ping you here when {film} has its premiere in {where}, and if its date "
                                   "is set or changes.", **values),
        Format.ANY: lambda: _("I'll ping you here when {film} comes out in {where}, and if its date is set or "
                              "changes.", **values),
    }[fmt]()


def nothing_to_remind_text(fmt: Format, film: str, where: str, date: str, book: Phrasebook | None = None) -> str:
    """Why no reminder is set: the release it would wait for has happened."""
    _ = book or phrasebook(ENGLISH)
    values = {"film": film, "where": where, "date": date}
    return {
        Format.CINEMA: lambda: _("{film} is already out in cinemas in {where} ({date}); nothing to remind you of.",
                                 **values),
        Format.DVD: lambda: _("{film} is already out on DVD/Blu-ray in {where} ({date}); nothing to remind you "
                              "of.", **values),
        Format.DIGITAL: lambda: _("{film} is already out digitally in {where} ({date}); nothing to remind you of.",
                                  **values),
        Format.TV: lambda: _("{film} has already been shown on TV in {where} ({date}); nothing to remind you of.",
                             **values),
        Format.PREMIERE: lambda: _("{film} has already had its premiere in {where} ({date}); nothing to remind "
                                   "you of.", **values),
        Format.ANY: lambda: _("{film} is already out in {where} ({date}); nothing to remind you of.", **values),
    }[fmt]()


def _words(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def check_reminder(
    film: Film, country: str, fmt: Format, known_date: str | None, today: dt.date, book: Phrasebook | None = None,
) -> ReminderNotice | None:
    """A notice when the tracked release arrived, or its date was set or changed since *known_date*.

    *book* is the language of the channel the notice is posted in (the server's).
    """
    _ = book or phrasebook(ENGLISH)
    release = tracked_release(film, country, fmt)
    values = {
        "film": f"**{escape_markdown(film.label)}**",  # titles come from anyone's film files
        "where": _.country_phrase(country),
        "how": format_words(fmt, _),
    }
    any_release = fmt is Format.ANY
    if release is None:
        if known_date is None:
            return None
        text = (_("{film} no longer has a release date in {where}; I'll keep watching.", **values) if any_release
                else _("{film} no longer has a release date {how} in {where}; I'll keep watching.", **values))
        return ReminderNotice(text, False, None)
    date = release.date
    values["date"] = describe_date(date, _)
    if date.precision == "day" and date.first_day() <= today:
        text = (_("{film} is out in {where} — released {date}.", **values) if any_release
                else _("{film} is out {how} in {where} — released {date}.", **values))
        return ReminderNotice(text, True, date.iso())
    if date.iso() != known_date:
        if known_date is None:
            text = (_("{film} now has a release date in {where}: {date}. I'll remind you when it arrives.",
                      **values) if any_release
                    else _("{film} now has a release date {how} in {where}: {date}. I'll remind you when it "
                           "arrives.", **values))
        else:
            text = (_("{film} has a new release date in {where}: {date}. I'll remind you when it arrives.",
                      **values) if any_release
                    else _("{film} has a new release date {how} in {where}: {date}. I'll remind you when it "
                           "arrives.", **values))
        return ReminderNotice(text, False, date.iso())
    return None
