"""What every language's where-to-watch reading must hold to: a section in its data file, the order of
languages a server reads in, and bounded work on hostile text."""

from __future__ import annotations

import pytest

from bot.domain import question_languages, watch_languages
from bot.domain.questions import MAX_INPUT
from bot.domain.watch_questions import WatchQuestion, may_ask_where, parse_watch_question
from tests.unit.linear_time import soup, title_look_ups

LANGUAGES = watch_languages.LANGUAGES

#: One where-to-watch question per language, as a server in it is asked.
QUESTIONS = {
    "fr": "c'est sur Netflix au Royaume-Uni ? ",
    "de": "ist der Film auf Netflix in Deutschland? ",
    "es": "¿está en Netflix en España? ",
    "pt": "está na Netflix no Brasil? ",
}


def test_every_language_with_a_release_vocabulary_reads_where_to_watch_questions_too():
    assert watch_languages.LANGUAGES == question_languages.LANGUAGES
    for code in LANGUAGES:
        assert "where_to_watch" in question_languages.data_of(code), code
        assert watch_languages.load(code).code == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_servers_language_is_read_first_then_english(code):
    languages = (code, "en")
    assert parse_watch_question(QUESTIONS[code], mentioned=False, languages=languages).language == code
    english = parse_watch_question("is it on Netflix in the UK?", mentioned=False, languages=languages)
    assert english is not None and english.language == "en" and english.countries == ("GB",)
    # A server in English does not read the other languages.
    assert parse_watch_question(QUESTIONS[code], mentioned=False, languages=("en",)) is None


@pytest.mark.parametrize("code", LANGUAGES)
def test_without_a_question_mark_nothing_passes_the_screen(code):
    assert not may_ask_where(QUESTIONS[code].replace("?", ""), (code, "en"))
    assert may_ask_where(QUESTIONS[code], (code, "en"))


#: Watch words, services and markup of every language, mixed into each language's hostile text.
SOUP_WORDS = [
    "?", "¿", "!", ".", ",", "<@1>", "**", "\n", "'", "-", "Netflix", "Disney+", "Prime Video", "Max", "Canal+",
    "sur", "auf", "bei", "en", "na", "no", "où", "wo kann ich", "dónde puedo", "onde posso", "streaming",
    "louer", "leihen", "alquilarla", "alugar", "ou", "oder", "o", "é" * 30, "Oppenheimer", "l'a", "hat", "tem",
]


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("mentioned", [False, True])
def test_long_random_text_in_each_language_is_read_without_failing(code, seed, mentioned):
    text = soup(code, SOUP_WORDS, seed, countries=150)
    question = parse_watch_question(text, mentioned=mentioned, languages=(code, "en"))
    assert question is None or isinstance(question, WatchQuestion)


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_question_repeated_to_the_input_limit_is_still_one_question(code):
    question = parse_watch_question(QUESTIONS[code] * 200, mentioned=False, languages=(code,))
    assert question is not None and question.language == code
    assert [s.name for s in question.services] == ["Netflix"] and len(question.countries) == 1


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("filler", ["a", "sur ", "auf Netflix ", "en Netflix o ", "na Netflix ou ", "?", "é",
                                    "Netflix ", "wo kann ich ", "¿dónde puedo "])
def test_runs_of_one_piece_give_nothing_or_one_question(code, filler):
    text = filler * (MAX_INPUT // len(filler))
    for mentioned in (False, True):
        question = parse_watch_question(text, mentioned=mentioned, languages=(code,))
        assert question is None or question.language == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_title_look_ups_are_bounded_on_hostile_input(code):
    text = {"fr": "Brésil Brésil Brésil sur Netflix ? ", "de": "Brasilien Brasilien auf Netflix? ",
            "es": "Brasil Brasil Brasil ¿en Netflix? ", "pt": "Brasil Brasil Brasil na Netflix? "}[code]
    assert 0 < title_look_ups(parse_watch_question, text * 120, (code,)) <= 200
