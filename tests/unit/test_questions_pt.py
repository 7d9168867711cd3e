"""Release questions asked in Portuguese: understood with their formats, countries and titles; chatter left alone."""

import pytest

from bot.domain.models import Format
from bot.domain.questions import ReleaseQuestion, parse_release_question

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE
LANGUAGES = ("pt", "en")

# (message, formats, countries, title) — asked in a review's thread, the bot not mentioned; no title
# means the question is about the thread's film.
ANSWERED = [
    ("quando estreia no Brasil?", (), ("BR",), None),
    ("Quando estreia?", (), (), None),
    ("quando estreia o filme?", (), (), None),
    ("quando sai?", (), (), None),
    ("quando sai em DVD nos EUA?", (D,), ("US",), None),
    ("quando sai nos Estados Unidos?", (), ("US",), None),
    ("quando chega aos cinemas dos Estados Unidos?", (C,), ("US",), None),
    ("quando chega na Netflix?", (G,), (), None),
    ("já está na Netflix?", (G,), (), None),
    ("já estreou em Portugal?", (), ("PT",), None),
    ("já saiu em Blu-ray?", (D,), (), None),
    ("o filme já saiu no Brasil?", (), ("BR",), None),
    ("está disponível no Brasil?", (), ("BR",), None),
    ("está disponível em streaming?", (G,), (), None),
    ("onde posso assistir em streaming?", (G,), (), None),
    ("dá pra ver no Disney+ no Brasil?", (G,), ("BR",), None),
    ("qual é a data de estreia?", (), (), None),
    ("data de lançamento?", (), (), None),
    ("qual a data de estreia no Reino Unido?", (), ("GB",), None),
    ("alguém sabe quando estreia na Argentina?", (), ("AR",), None),
    ("vocês sabem quando sai em DVD?", (D,), (), None),
    ("quando passa na TV?", (T,), (), None),
    ("quando passa na Globo?", (T,), (), None),
    ("quando é a pré-estreia?", (P,), (), None),
    ("quando estreia nos cinemas da França e da Alemanha?", (C,), ("FR", "DE"), None),
    ("tem previsão de estreia na Inglaterra?", (), ("GB",), None),
    ("quando sai em DVD ou streaming?", (D, G), (), None),
    ("que crítica boa! quando sai em DVD?", (D,), (), None),
    ("Valeu Rita, quando sai em DVD?", (D,), (), "Valeu Rita"),
    ("quando estreia Dune 2 em Portugal?", (), ("PT",), "Dune 2"),
    ("quando sai Oppenheimer?", (), (), "Oppenheimer"),
    ("quando estreia Heat no Brasil?", (), ("BR",), "Heat"),
    ("quando sai Dune (2021) em Blu-ray?", (D,), (), "Dune 2021"),
    ("Moonlight já estreou no Japão?", (), ("JP",), "Moonlight"),
    ("quando estreia Never Let Me Go nos EUA?", (), ("US",), "Never Let Me Go"),
    ("quando estreia no brasil?", (), ("BR",), None),
    ("quando lanca no Mexico?", (), ("MX",), None),
    ("<@123> quando estreia?", (), (), None),
    ("**quando estreia no Brasil?**", (), ("BR",), None),
    ("quando é o lançamento na Espanha?", (), ("ES",), None),
    ("quando vai estrear nos cinemas?", (C,), (), None),
]

# Understood only when the member addresses the bot: in a thread's chatter they stay unanswered.
MENTIONED_ONLY = [
    ("Dune 2 em DVD no Brasil?", (D,), ("BR",), "Dune 2"),
    ("Heat nos cinemas de Portugal?", (C,), ("PT",), "Heat"),
    ("está disponível no Brasil", (), ("BR",), None),
]

IGNORED = [
    "o filme saiu de moda",
    "amei o filme",
    "vi ontem no cinema",
    "você viu o filme no cinema?",
    "vocês assistiram no cinema?",
    "o que vocês acharam do final?",
    "quando eu vi no cinema, chorei",
    "saio com meus amigos pro cinema",
    "o DVD tem extras ótimos",
    "o streaming matou o DVD",
    "o filme está ótimo",
    "o Brasil aparece lindo no filme",
    "obrigado pela crítica",
    "vale a pena ver no cinema?",
    "o diretor é genial",
    "prefiro o livro",
    "qual é o seu filme favorito?",
    "saiu do nada e ganhou o Oscar",
    "a trilha sonora é linda",
    "ontem assisti na Netflix",
    "o que acontece no final?",
]


@pytest.mark.parametrize(("message", "formats", "countries", "title"), ANSWERED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_portuguese_release_questions_are_understood(message, formats, countries, title, mentioned):
    question = parse_release_question(message, mentioned=mentioned, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "pt"


@pytest.mark.parametrize(("message", "formats", "countries", "title"), MENTIONED_ONLY)
def test_terse_portuguese_questions_count_only_when_the_bot_is_mentioned(message, formats, countries, title):
    question = parse_release_question(message, mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "pt"
    assert parse_release_question(message, mentioned=False, languages=LANGUAGES) is None


@pytest.mark.parametrize("message", IGNORED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_portuguese_chatter_is_left_alone(message, mentioned):
    assert parse_release_question(message, mentioned=mentioned, languages=LANGUAGES) is None


@pytest.mark.parametrize(("message", "names"), [
    ("quando sai Oppenheimer?", True),
    ("quando estreia Heat no Brasil?", True),
    ("Valeu Rita, quando sai em DVD?", False),  # a leftover before the question
])
def test_a_portuguese_title_where_the_film_goes_names_a_film(message, names):
    question = parse_release_question(message, mentioned=False, languages=LANGUAGES)
    assert question is not None and question.names_film is names


def test_an_english_question_in_a_brazilian_server_is_still_read_as_english():
    question = parse_release_question("is it out on DVD in the UK?", mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion((D,), ("GB",), None, True) and question.language == "en"
