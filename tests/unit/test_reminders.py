"""Reminder decisions: due on the day, told of new or changed dates, never early."""

import datetime as dt

from bot.domain.models import Film, Format, PartialDate, Release, ReleaseType
from bot.domain.reminders import check_reminder, tracked_release

TODAY = dt.date(2026, 11, 25)


def film(*releases):
    return Film(id=1, title="Future Film", year=2027, releases=tuple(releases))


def rel(country, type_, date):
    return Release(country, type_, PartialDate.parse(date))


def test_nothing_is_said_while_no_date_is_known():
    assert check_reminder(film(), "GB", Format.CINEMA, None, TODAY) is None


def test_a_newly_set_date_is_announced_and_remembered():
    notice = check_reminder(film(rel("GB", ReleaseType.THEATRICAL, "2027-03-05")), "GB", Format.CINEMA, None, TODAY)
    assert notice is not None and not notice.finished
    assert "5 March 2027" in notice.text and "the UK" in notice.text
    assert notice.known_date == "2027-03-05"


def test_an_unchanged_future_date_says_nothing():
    f = film(rel("GB", ReleaseType.THEATRICAL, "2027-03-05"))
    assert check_reminder(f, "GB", Format.CINEMA, "2027-03-05", TODAY) is None


def test_a_moved_date_is_announced():
    f = film(rel("GB", ReleaseType.THEATRICAL, "2027-04-09"))
    notice = check_reminder(f, "GB", Format.CINEMA, "2027-03-05", TODAY)
    assert notice is not None and "new release date" in notice.text and not notice.finished


def test_the_day_itself_finishes_the_reminder():
    f = film(rel("GB", ReleaseType.PHYSICAL, "2026-11-25"))
    notice = check_reminder(f, "GB", Format.DVD, "2026-11-25", TODAY)
    assert notice is not None and notice.finished and "is out on DVD/Blu-ray" in notice.text


def test_a_month_only_date_is_never_taken_as_arrived():
    f = film(rel("GB", ReleaseType.THEATRICAL, "2026-11"))
    notice = check_reminder(f, "GB", Format.CINEMA, None, TODAY)
    assert notice is not None and not notice.finished and "day not announced" in notice.text


def test_other_countries_and_formats_are_ignored():
    f = film(rel("US", ReleaseType.THEATRICAL, "2026-01-01"), rel("GB", ReleaseType.PHYSICAL, "2026-01-01"))
    assert check_reminder(f, "GB", Format.CINEMA, None, TODAY) is None


def test_the_earliest_cinema_release_is_tracked_limited_included():
    f = film(rel("US", ReleaseType.THEATRICAL, "2027-02-01"), rel("US", ReleaseType.LIMITED, "2027-01-10"))
    assert tracked_release(f, "US", Format.CINEMA).type == ReleaseType.LIMITED


def test_confirmation_words_name_the_format():
    from bot.domain.reminders import already_words, arrival_words

    assert arrival_words(Format.DVD) == "comes out on DVD/Blu-ray"
    assert arrival_words(Format.CINEMA) == "comes out in cinemas"
    assert arrival_words(Format.TV) == "is first shown on TV"
    assert arrival_words(Format.PREMIERE) == "has its premiere"
    assert already_words(Format.DVD) == "is already out on DVD/Blu-ray"
    assert already_words(Format.PREMIERE) == "has already had its premiere"
