"""Where-to-watch questions asked in French, German, Spanish and Portuguese ("c'est sur Netflix ?", "wo kann
ich ihn streamen?"): the services, kinds, countries and film read; date questions left to the release parser;
chatter about services and about having seen the film left alone. Each language's cases are in
`tests/unit/language_cases/`, so the same assertions hold every language to the same standard."""

from __future__ import annotations

import pytest

from bot.domain import watch_languages
from bot.domain.questions import parse_release_question
from bot.domain.watch_questions import may_ask_where, parse_watch_question
from tests.unit.language_cases import CODES, cases, messages, server_languages


def test_every_language_the_bot_reads_has_its_cases() -> None:
    assert CODES == watch_languages.LANGUAGES


@pytest.mark.parametrize(("code", "text", "services", "kinds", "countries", "title"), cases("WATCH_ASKED"))
def test_a_where_to_watch_question_is_read(
    code: str, text: str, services: tuple[str, ...], kinds: tuple[str, ...], countries: tuple[str, ...],
    title: str | None,
) -> None:
    question = parse_watch_question(text, mentioned=False, languages=server_languages(code))
    assert question is not None and question.language == code
    assert tuple(s.name for s in question.services) == services
    assert question.kinds == kinds
    assert question.countries == countries
    assert question.title_text == title
    assert question.refers_to_context is (title is None)


@pytest.mark.parametrize(("code", "text"), messages("WATCH_ASKED"))
def test_every_unprompted_watch_question_passes_the_screen(code: str, text: str) -> None:
    assert may_ask_where(text, server_languages(code))


@pytest.mark.parametrize(("code", "text"), messages("WATCH_ASKED"))
def test_english_alone_does_not_read_the_question(code: str, text: str) -> None:
    # What English would take is taken first only in an English server: here the server's language decides.
    assert parse_watch_question(text, mentioned=False, languages=("en",)) is None


@pytest.mark.parametrize(("code", "text"), cases("WATCH_IGNORED"))
def test_chatter_about_services_is_not_a_question(code: str, text: str) -> None:
    assert parse_watch_question(text, mentioned=False, languages=server_languages(code)) is None
    assert parse_watch_question(text, mentioned=True, languages=server_languages(code)) is None


@pytest.mark.parametrize(("code", "text"), cases("WATCH_DATE_QUESTIONS"))
def test_a_date_question_about_a_service_stays_the_release_parsers(code: str, text: str) -> None:
    assert parse_watch_question(text, mentioned=False, languages=server_languages(code)) is None
    assert parse_release_question(text, mentioned=False, languages=server_languages(code)) is not None
