"""A reminder names its film with the title's Markdown escaped, so a title cannot restyle the notice."""

import datetime as dt

import pytest

from bot.domain.models import Film, Format, PartialDate, Release, ReleaseType
from bot.domain.reminders import check_reminder


@pytest.mark.parametrize(("title", "shown"), [
    ("**Bold** ||spoiler||", "\\*\\*Bold\\*\\* \\|\\|spoiler\\|\\|"),
    ("[click](https://evil.example)", "\\[click\\](https://evil.example)"),
    ("`code` <@1>", "\\`code\\` \\<@1\\>"),
])
def test_the_film_title_in_a_reminder_is_escaped(title: str, shown: str) -> None:
    film = Film(id=1, title=title, year=2027,
                releases=(Release("GB", ReleaseType.THEATRICAL, PartialDate.parse("2027-03-05")),))
    notice = check_reminder(film, "GB", Format.CINEMA, None, dt.date(2026, 11, 25))
    assert notice is not None
    assert notice.text.startswith(f"**{shown} (2027)** ")
