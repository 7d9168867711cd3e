"""Release questions asked in French, German, Spanish and Portuguese: understood with their formats, countries
and titles; chatter left alone. Each language's cases are in `tests/unit/language_cases/`, so the same
assertions hold every language to the same standard."""

from __future__ import annotations

import pytest

from bot.domain import question_languages
from bot.domain.models import Format
from bot.domain.questions import ReleaseQuestion, parse_release_question
from tests.unit.language_cases import CODES, cases, server_languages

D = Format.DVD

#: Each case is read as in a review's thread (no mention) and as said to the bot.
MENTIONED = pytest.mark.parametrize("mentioned", [False, True], ids=["thread", "mention"])


def test_every_language_the_bot_reads_has_its_cases() -> None:
    assert CODES == question_languages.LANGUAGES


@MENTIONED
@pytest.mark.parametrize(("code", "message", "formats", "countries", "title"), cases("RELEASE_ANSWERED"))
def test_release_questions_are_understood(
    code: str, message: str, formats: tuple[Format, ...], countries: tuple[str, ...], title: str | None,
    mentioned: bool,
) -> None:
    question = parse_release_question(message, mentioned=mentioned, languages=server_languages(code))
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == code


@pytest.mark.parametrize(("code", "message", "formats", "countries", "title"), cases("RELEASE_MENTIONED_ONLY"))
def test_terse_questions_count_only_when_the_bot_is_mentioned(
    code: str, message: str, formats: tuple[Format, ...], countries: tuple[str, ...], title: str | None,
) -> None:
    question = parse_release_question(message, mentioned=True, languages=server_languages(code))
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == code
    assert parse_release_question(message, mentioned=False, languages=server_languages(code)) is None


@MENTIONED
@pytest.mark.parametrize(("code", "message"), cases("RELEASE_IGNORED"))
def test_chatter_is_left_alone(code: str, message: str, mentioned: bool) -> None:
    assert parse_release_question(message, mentioned=mentioned, languages=server_languages(code)) is None


@pytest.mark.parametrize(("code", "message"), cases("RELEASE_IGNORED_IN_A_THREAD"))
def test_questions_about_a_format_itself_are_not_release_questions_in_a_thread(code: str, message: str) -> None:
    assert parse_release_question(message, mentioned=False, languages=server_languages(code)) is None


@pytest.mark.parametrize(("code", "message", "names"), cases("RELEASE_NAMES_FILM"))
def test_a_title_where_the_film_goes_names_a_film(code: str, message: str, names: bool) -> None:
    question = parse_release_question(message, mentioned=False, languages=server_languages(code))
    assert question is not None and question.names_film is names


@pytest.mark.parametrize("code", CODES)
def test_an_english_question_in_a_server_of_another_language_is_still_read_as_english(code: str) -> None:
    question = parse_release_question("is it out on DVD in the UK?", mentioned=True, languages=server_languages(code))
    assert question == ReleaseQuestion((D,), ("GB",), None, True) and question.language == "en"


@pytest.mark.parametrize(("code", "message"), cases("RELEASE_NOT_READ_IN_AN_ENGLISH_SERVER"))
def test_a_language_is_not_read_where_the_server_speaks_another(code: str, message: str) -> None:
    assert parse_release_question(message, mentioned=False) is None  # English only
