import calendar
import datetime as dt
import re

import pytest

from bot.domain.models import Film, Format, PartialDate, Release, ReleaseType
from bot.domain.release_answers import (
    ambiguous_text,
    compose_answer,
    format_date,
    no_match_text,
    not_on_record_text,
    relative_timestamp,
)

TODAY = dt.date(2026, 11, 25)
R = ReleaseType


def rel(country, kind, date, note=None):
    return Release(country, kind, PartialDate.parse(date), note=note)


NEVER_LET_ME_GO = Film(
    None, "Never Let Me Go", 2010,
    releases=(
        rel("US", R.PREMIERE, "2010-09-03", "Telluride Film Festival"),
        rel("CA", R.PREMIERE, "2010-09", "Toronto International Film Festival"),
        rel("US", R.LIMITED, "2010-09-15"), rel("US", R.LIMITED, "2010-09-24"), rel("US", R.LIMITED, "2010-10-01"),
        rel("GB", R.PREMIERE, "2010-10-13", "BFI London Film Festival"),
        rel("GB", R.THEATRICAL, "2011-02-11"), rel("US", R.PHYSICAL, "2011-02-01"),
        rel("GB", R.PHYSICAL, "2011-06-27"),
    ),
)
STREAMING_ONLY = Film(None, "Extraction", 2020, releases=(rel("US", R.DIGITAL, "2020-04-24", "Netflix"),
                                                           rel("GB", R.DIGITAL, "2020-04-24", "Netflix")))
UPCOMING = Film(None, "Future Film", 2027, releases=(rel("US", R.THEATRICAL, "2027-10"),
                                                     rel("GB", R.THEATRICAL, "2027-02-12"),
                                                     rel("FR", R.THEATRICAL, "2027")))
LIMITED_THEN_WIDE = Film(None, "Moonlight", 2016, releases=(rel("US", R.PREMIERE, "2016-09-02", "Telluride"),
                                                            rel("US", R.LIMITED, "2016-10-21"),
                                                            rel("US", R.THEATRICAL, "2016-11-18")))


def answer(film, today=TODAY, **kwargs):
    return compose_answer(film, today=today, **kwargs)


def test_a_past_release_is_out_since_the_written_out_day():
    text = answer(NEVER_LET_ME_GO, countries=("GB",), formats=(Format.CINEMA,)).text
    assert "out since 11 February 2011" in text


def test_a_release_today_is_out_today():
    text = answer(NEVER_LET_ME_GO, today=dt.date(2011, 2, 11), countries=("GB",), formats=(Format.CINEMA,)).text
    assert "out today (11 February 2011)" in text


def test_a_future_day_is_due_with_a_relative_timestamp_from_noon_utc():
    text = answer(UPCOMING, countries=("GB",)).text
    noon = calendar.timegm((2027, 2, 12, 12, 0, 0))
    assert f"due 12 February 2027 (<t:{noon}:R>)" in text


def test_a_far_date_gets_no_timestamp():
    assert "<t:" not in answer(NEVER_LET_ME_GO, countries=("GB",)).text


@pytest.mark.parametrize(
    ("today", "expected"),
    [(dt.date(2026, 11, 25), "due October 2027 (day not on record yet)"),
     (dt.date(2027, 10, 1), "due this month (October 2027; day not on record)"),
     (dt.date(2027, 10, 31), "due this month (October 2027; day not on record)"),
     (dt.date(2027, 11, 1), "out since October 2027")],
)
def test_a_month_precision_date_is_never_shown_as_a_day(today, expected):
    text = answer(UPCOMING, today=today, countries=("US",)).text
    assert expected in text
    assert not re.search(r"\d+ October 2027", text)
    assert "<t:" not in text


@pytest.mark.parametrize(
    ("today", "expected"),
    [(dt.date(2026, 11, 25), "due 2027 (no exact date on record yet)"),
     (dt.date(2027, 6, 1), "due this year (2027; no exact date on record)"),
     (dt.date(2028, 1, 1), "out since 2027")],
)
def test_a_year_precision_date_is_shown_as_a_year(today, expected):
    assert expected in answer(UPCOMING, today=today, countries=("FR",)).text


def test_a_limited_only_release_is_not_called_wide():
    text = answer(NEVER_LET_ME_GO, countries=("US",), formats=(Format.CINEMA,)).text
    assert "limited release only, from 15 September 2010" in text
    assert "expanded 24 September 2010, 1 October 2010" in text
    assert "no wide release on record" in text


def test_limited_then_wide_gives_both_dates():
    text = answer(LIMITED_THEN_WIDE, countries=("US",), formats=(Format.CINEMA,)).text
    assert "limited release from 21 October 2016" in text and "wide release out since 18 November 2016" in text


def test_a_premiere_is_mentioned_apart_and_never_as_the_release_date():
    text = answer(NEVER_LET_ME_GO, countries=("US",)).text
    premiere = next(line for line in text.splitlines() if "Telluride" in line)
    assert premiere.startswith("• Premiere:") and "not the general release" in premiere
    assert "Cinemas" not in premiere


def test_a_premiere_alone_does_not_count_as_a_release():
    film = Film(None, "Festival Only", 2026, releases=(rel("IT", R.PREMIERE, "2026-09-03", "Venice"),))
    result = answer(film, countries=("IT",))
    assert not result.found
    assert "No release on record for Italy." in result.text
    assert "premiered 3 September 2026 (Venice)" in result.text


def test_a_month_precision_premiere_is_shown_as_a_month():
    text = answer(NEVER_LET_ME_GO, countries=("CA",), formats=(Format.PREMIERE,)).text
    assert "premiered September 2010" in text and "<t:" not in text


def test_an_empty_country_is_said_and_other_countries_are_given():
    result = answer(NEVER_LET_ME_GO, countries=("DE",))
    lines = result.text.splitlines()
    assert "No release on record for Germany." in lines
    assert lines[lines.index("Elsewhere:") + 1].startswith("• **US:**")
    assert any(line.startswith("• **UK:**") for line in lines)
    assert not result.found


def test_no_dvd_date_is_said_plainly():
    film = Film(None, "Cinema Only", 2025, releases=(rel("GB", R.THEATRICAL, "2025-03-07"),))
    text = answer(film, countries=("GB",), formats=(Format.DVD,)).text
    assert "No DVD/Blu-ray date on record for the UK." in text


def test_no_home_release_is_guessed_from_a_cinema_date():
    film = Film(None, "Cinema Only", 2025, releases=(rel("GB", R.THEATRICAL, "2025-03-07"),))
    text = answer(film, countries=("GB",)).text
    assert "DVD/Blu-ray:**" not in text and "Digital/streaming:**" not in text
    assert "No digital/streaming or DVD/Blu-ray date on record for the UK." in text


def test_no_theatrical_date_is_invented_for_a_streaming_only_film():
    text = answer(STREAMING_ONLY, countries=("US",), formats=(Format.CINEMA,)).text
    assert "No cinema date on record for the US." in text
    assert "straight to streaming" in text
    assert "Cinemas:**" not in text


def test_a_streaming_only_film_answers_a_netflix_question():
    text = answer(STREAMING_ONLY, countries=("GB",), formats=(Format.DIGITAL,)).text
    assert "out since 24 April 2020 (Netflix)" in text


def test_the_assumed_country_and_why_are_stated():
    text = answer(NEVER_LET_ME_GO, assumed_country="GB", assumed_from="this server's country").text
    assert text.splitlines()[0] == "**Never Let Me Go (2010)** (assuming the UK, this server's country)"


def test_an_asked_country_is_not_called_assumed():
    text = answer(NEVER_LET_ME_GO, countries=("GB",), assumed_country="US", assumed_from="your language").text
    assert "assuming" not in text and "out since 11 February 2011" in text


def test_several_countries_get_a_block_each():
    text = answer(NEVER_LET_ME_GO, countries=("GB", "US"), formats=(Format.DVD,)).text
    assert "__UK__" in text and "__US__" in text
    assert text.index("27 June 2011") < text.index("1 February 2011")


def test_no_country_at_all_lists_the_most_relevant_countries():
    text = answer(NEVER_LET_ME_GO).text
    assert "No country given" in text and "• **US:**" in text and "• **UK:**" in text


def test_a_film_without_releases_says_so():
    assert "No release dates on record" in answer(Film(None, "Blank", None), countries=("GB",)).text


@pytest.mark.parametrize(
    ("iso", "written"),
    [("2011-02-11", "11 February 2011"), ("2011-01-01", "1 January 2011"), ("2011-12-31", "31 December 2011"),
     ("2020-04-24", "24 April 2020"), ("2011-02", "February 2011"), ("2011", "2011")],
)
def test_the_written_day_is_the_calendar_date_not_shifted_by_time_zones(iso, written):
    date = PartialDate.parse(iso + ("T00:00:00.000Z" if len(iso) == 10 else ""))
    assert format_date(date) == written


@pytest.mark.parametrize("iso", ["2027-02-12", "2026-12-01", "2027-01-01", "2026-11-26"])
def test_relative_timestamps_are_at_noon_utc_of_the_day(iso):
    stamp = int(re.search(r"<t:(\d+):R>", relative_timestamp(PartialDate.parse(iso), TODAY)).group(1))
    moment = dt.datetime.fromtimestamp(stamp, dt.UTC)
    assert moment.date().isoformat() == iso and moment.hour == 12
    for offset in range(-11, 12):  # the same calendar day from Honolulu to Auckland
        assert (moment + dt.timedelta(hours=offset)).date().isoformat() == iso


def test_no_absolute_discord_date_timestamps_are_used():
    text = answer(UPCOMING, countries=("GB", "US", "FR")).text
    assert not re.search(r"<t:\d+:[dDfFtT]>", text)


def test_answers_fit_in_a_discord_message():
    many = tuple(rel(code, R.THEATRICAL, "2020-01-01", "x" * 400) for code in ("US", "GB", "DE", "FR", "IT", "ES"))
    film = Film(None, "Everywhere " * 20, 2020, releases=many)
    result = answer(film, countries=("US", "GB", "DE", "FR", "IT", "ES"))
    assert len(result.text) <= 2000


def test_no_match_text_offers_suggestions():
    text = no_match_text("Nevr Let", [NEVER_LET_ME_GO])
    assert "“Nevr Let”" in text and "Never Let Me Go (2010)" in text


def test_no_match_text_escapes_markdown_and_mentions():
    text = no_match_text("**@everyone**")
    assert "@everyone" not in text and "\\*\\*" in text


def test_ambiguous_text_lists_the_films_and_asks_for_the_year():
    text = ambiguous_text("Dune", [Film(None, "Dune", 2021), Film(None, "Dune", 1984)])
    assert "Dune (2021)" in text and "Dune (1984)" in text and "year" in text


def test_naming_many_films_with_the_longest_titles_fits_one_message():
    title = ("Zo*_ " * 60).strip()  # 300 characters, 120 of them escaped when shown
    films = [Film(i, title, 2000 + i) for i in range(10)]
    for text in (ambiguous_text(title, films), no_match_text(title, films), no_match_text(title, [title] * 5)):
        assert len(text) <= 2000
    assert all(f"({2000 + i})" in ambiguous_text(title, films) for i in range(10))  # the years tell them apart


def test_a_named_film_not_on_record_is_said_so_with_the_nearest_titles():
    text = not_on_record_text("Oppenheimer", [NEVER_LET_ME_GO])
    assert text.startswith("I don't have *Oppenheimer* on record") and "**Never Let Me Go (2010)**" in text


def test_not_on_record_text_escapes_markdown_and_mentions():
    text = not_on_record_text("**@everyone**")
    assert "@everyone" not in text and "\\*\\*" in text


@pytest.mark.parametrize(
    ("countries", "formats", "header"),
    [
        (("US",), (Format.DVD,), "**Never Let Me Go (2010)** on DVD/Blu-ray in the United States"),
        (("GB",), (Format.CINEMA,), "**Never Let Me Go (2010)** in cinemas in the United Kingdom"),
        (("DE",), (Format.TV,), "**Never Let Me Go (2010)** on TV in Germany"),
        (("GB",), (Format.DIGITAL,), "**Never Let Me Go (2010)** on digital and streaming in the United Kingdom"),
        (("US",), (Format.PREMIERE,), "**Never Let Me Go (2010)** premiere in the United States"),
        (("GB", "US"), (), "**Never Let Me Go (2010)** in the United Kingdom and the United States"),
        (("NL",), (Format.CINEMA, Format.DVD),
         "**Never Let Me Go (2010)** in cinemas and on DVD/Blu-ray in the Netherlands"),
    ],
)
def test_an_answer_names_the_asked_country_and_format_in_words(countries, formats, header):
    text = answer(NEVER_LET_ME_GO, countries=countries, formats=formats).text
    assert text.splitlines()[0] == header


def test_an_assumed_country_answer_names_the_format_in_words_too():
    text = answer(NEVER_LET_ME_GO, assumed_country="GB", assumed_from="this server's country", formats=(Format.DVD,))
    header = "**Never Let Me Go (2010)** on DVD/Blu-ray (assuming the UK, this server's country)"
    assert text.text.splitlines()[0] == header
