"""What every language's question vocabulary must hold to: a data file per language, a fail-fast screen
that lets through every release and format word, and bounded work on hostile text."""

from __future__ import annotations

import string
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain import question_languages
from bot.domain.question_languages import LANGUAGES, fold, load, may_ask, vocabulary_words
from bot.domain.questions import MAX_INPUT, ReleaseQuestion, parse_release_question
from tests.unit.linear_time import soup, title_look_ups

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bot" / "locales" / "questions"
PATTERNS = [(code, name, pattern) for code in LANGUAGES for name, pattern in vocabulary_words(code)]
LETTERS = string.ascii_lowercase + "àâçéèêëîïôûùüÿäöüßáíóúñãõ"
WORD_CHARACTERS = st.sampled_from(LETTERS + string.digits + " -'+.")


def test_every_language_has_its_data_file_and_it_ships_with_the_package():
    assert sorted(p.stem for p in DATA.glob("*.yaml")) == sorted(LANGUAGES)
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    for path in DATA.glob("*.yaml"):
        relative = path.relative_to(ROOT / "bot").as_posix()
        assert any(fnmatch(relative, glob) for glob in package_data["bot"]), relative


@pytest.mark.parametrize("code", LANGUAGES)
def test_babels_country_names_in_each_language_are_read(code):
    lang = load(code)
    # The names Babel gives the United Kingdom and Germany, folded: the table holds what a member types.
    names = {"fr": ("royaume uni", "allemagne"), "de": ("vereinigtes konigreich", "deutschland"),
             "es": ("reino unido", "alemania"), "pt": ("reino unido", "alemanha")}[code]
    assert [lang.countries[name] for name in names] == ["GB", "DE"]


@pytest.mark.parametrize(("code", "name", "pattern"), PATTERNS, ids=[f"{c}-{n}" for c, n, _ in PATTERNS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_release_and_format_word_gets_past_the_screen(code, name, pattern, data):
    word = data.draw(st.from_regex(pattern, fullmatch=True, alphabet=WORD_CHARACTERS))
    around = data.draw(st.text(alphabet=string.ascii_letters + " .,*_", max_size=10))
    assert may_ask(load(code), f"{around} {word} {around}")


PIECES = st.one_of(
    st.sampled_from(["sort", "ie", "quand", "wann", "kommt", "cuándo", "estreia", "sale", "dvd", "kino", "cine",
                     "ma", "?", "¿", " ", "-", "'", "*", "_", "\u200b", "\x00", "<@123456789012345678>", "é",
                     "e\u0301"]),
    st.text(alphabet=LETTERS, max_size=4),
)


@pytest.mark.parametrize("code", LANGUAGES)
@settings(max_examples=400, deadline=None)
@given(text=st.lists(PIECES, max_size=12).map("".join))
def test_text_the_screen_lets_go_is_never_a_question(code, text):
    if not may_ask(load(code), text):
        assert question_languages.parse_in(code, text, mentioned=False) is None


#: Question words, countries and markup of every language, mixed into each language's hostile text.
SOUP_WORDS = [
    "?", "¿", "!", ".", ",", "(2021)", "<@1>", "**", "\n", "'", "-", "DVD", "Netflix", "UK", "USA", "EE. UU.",
    "quand", "sort-il", "wann", "kommt", "raus", "cuándo", "estrena", "quando", "estreia", "date de sortie",
    "Kinostart", "fecha de estreno", "data de lançamento", "au", "aux", "in den", "en los", "nos", "é" * 30,
]


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("mentioned", [False, True])
def test_long_random_text_in_each_language_is_read_without_failing(code, seed, mentioned):
    text = soup(code, SOUP_WORDS, seed, countries=200)
    question = parse_release_question(text, mentioned=mentioned, languages=(code, "en"))
    assert question is None or isinstance(question, ReleaseQuestion)


HOSTILE = {
    "fr": "quand sort-il au Royaume-Uni ? ",
    "de": "wann kommt er in Deutschland ins Kino? ",
    "es": "¿cuándo se estrena en España? ",
    "pt": "quando estreia no Brasil? ",
}


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_question_repeated_to_the_input_limit_is_still_one_question(code):
    question = parse_release_question(HOSTILE[code] * 400, mentioned=False, languages=(code,))
    assert question is not None and question.language == code and question.title_text is None


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("filler", ["a", "de ", "- ", "'", "Royaume-Uni ", "la la ", "?", "é"])
def test_runs_of_one_piece_give_nothing_or_one_question(code, filler):
    text = filler * (MAX_INPUT // len(filler))
    question = parse_release_question(text, mentioned=True, languages=(code,))
    assert question is None or question.language == code
    question = parse_release_question(text + HOSTILE[code], mentioned=False, languages=(code,))
    # The question sits past the input limit: only what is read counts.
    assert question is None or question.language == code


def test_folding_keeps_every_character_in_place():
    for text in ["États-Unis", "Größe", "İstanbul", "ﬁlm", "ça sort", "e\u0301"]:
        assert len(fold(text)) == len(text)
    assert fold("Cinéma À L'AFFICHE") == "cinema a l'affiche"


@pytest.mark.parametrize(("locale", "languages"), [
    ("fr", ("fr", "en")), ("de", ("de", "en")), ("es-ES", ("es", "en")), ("es-419", ("es", "en")),
    ("pt-BR", ("pt", "en")), ("en-GB", ("en",)), ("en-US", ("en",)), ("ja", ("en",)), ("", ("en",)), (None, ("en",)),
])
def test_a_server_reads_questions_in_its_own_language_then_english(locale, languages):
    assert question_languages.languages_for(locale) == languages


def _catalogue(*titles):
    from bot.domain.titles import TitleIndex

    index = TitleIndex()
    for n, title in enumerate(titles):
        index.add(n, title)
    return lambda phrase: bool(index.exact(phrase))


KNOWN = _catalogue("Central do Brasil", "Australia", "Deutschland 83", "Never Let Me Go")


@pytest.mark.parametrize(("code", "message", "title", "countries"), [
    ("pt", "quando sai Central do Brasil em DVD?", "Central do Brasil", ()),
    ("pt", "quando estreia Central do Brasil em Portugal?", "Central do Brasil", ("PT",)),
    ("es", "¿cuándo sale Australia en DVD?", "Australia", ()),
    ("es", "¿cuándo sale Australia en España?", "Australia", ("ES",)),
    ("de", "wann kommt Deutschland 83 auf DVD?", "Deutschland 83", ()),
])
def test_a_countrys_name_inside_a_known_title_is_the_title(code, message, title, countries):
    question = parse_release_question(message, mentioned=False, is_title=KNOWN, languages=(code,))
    assert question is not None
    assert (question.title_text, question.countries, question.names_film) == (title, countries, True)


@pytest.mark.parametrize(("code", "message", "countries"), [
    ("es", "¿ya salió en Australia?", ("AU",)),  # after a preposition: the country
    ("pt", "quando estreia no Brasil?", ("BR",)),
    ("de", "wann kommt er in Deutschland ins Kino?", ("DE",)),
])
def test_a_country_named_apart_from_any_title_is_still_the_country(code, message, countries):
    question = parse_release_question(message, mentioned=False, is_title=KNOWN, languages=(code,))
    assert question is not None and question.countries == countries and question.title_text is None


def test_title_look_ups_are_bounded_on_hostile_input():
    text = "Brasil Brasil Brasil quando estreia? " * 100
    assert 0 < title_look_ups(parse_release_question, text, ("pt",)) <= 200
