"""Release questions asked in Spanish: understood with their formats, countries and titles; chatter left alone."""

import pytest

from bot.domain.models import Format
from bot.domain.questions import ReleaseQuestion, parse_release_question

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE
LANGUAGES = ("es", "en")

# (message, formats, countries, title) — asked in a review's thread, the bot not mentioned; no title
# means the question is about the thread's film.
ANSWERED = [
    ("¿cuándo se estrena en España?", (), ("ES",), None),
    ("¿Cuándo se estrena?", (), (), None),
    ("cuando se estrena?", (), (), None),
    ("¿cuándo sale?", (), (), None),
    ("¿cuándo sale la película en los Estados Unidos?", (), ("US",), None),
    ("¿cuándo sale en DVD en EE. UU.?", (D,), ("US",), None),
    ("¿cuándo sale en EEUU?", (), ("US",), None),
    ("¿cuándo la estrenan en México?", (), ("MX",), None),
    ("¿cuándo llega a los cines de Argentina?", (C,), ("AR",), None),
    ("¿cuándo llega a Netflix?", (G,), (), None),
    ("¿ya está en Netflix?", (G,), (), None),
    ("¿ya se estrenó en Chile?", (), ("CL",), None),
    ("¿ya salió en Blu-ray?", (D,), (), None),
    ("¿está disponible en Argentina?", (), ("AR",), None),
    ("¿está disponible en streaming?", (G,), (), None),
    ("¿dónde puedo verla en streaming?", (G,), (), None),
    ("¿se puede ver en Disney+ en Colombia?", (G,), ("CO",), None),
    ("¿cuál es la fecha de estreno?", (), (), None),
    ("¿fecha de estreno?", (), (), None),
    ("¿cuál es la fecha de estreno en el Reino Unido?", (), ("GB",), None),
    ("¿alguien sabe cuándo se estrena en Perú?", (), ("PE",), None),
    ("¿sabéis cuándo sale en DVD?", (D,), (), None),
    ("¿cuándo la echan en la tele?", (T,), (), None),
    ("¿cuándo la ponen en televisión?", (T,), (), None),
    ("¿cuándo es el preestreno?", (P,), (), None),
    ("¿cuándo se estrena en cines en Francia y Alemania?", (C,), ("FR", "DE"), None),
    ("¿hay fecha de lanzamiento en Inglaterra?", (), ("GB",), None),
    ("¿cuándo sale en DVD o en streaming?", (D, G), (), None),
    ("¡qué buena crítica! ¿cuándo sale en DVD?", (D,), (), None),
    ("Gracias Rita, ¿cuándo sale en DVD?", (D,), (), "Gracias Rita"),
    ("¿cuándo se estrena Dune 2 en México?", (), ("MX",), "Dune 2"),
    ("¿cuándo sale Oppenheimer?", (), (), "Oppenheimer"),
    ("¿cuándo se estrena Heat en España?", (), ("ES",), "Heat"),
    ("¿cuándo sale Dune (2021) en Blu-ray?", (D,), (), "Dune 2021"),
    ("¿ya se estrenó Moonlight en Japón?", (), ("JP",), "Moonlight"),
    ("¿cuándo se estrena Never Let Me Go en los Estados Unidos?", (), ("US",), "Never Let Me Go"),
    ("cuando se estrena en espana?", (), ("ES",), None),
    ("<@123> ¿cuándo se estrena?", (), (), None),
    ("**¿cuándo se estrena en España?**", (), ("ES",), None),
    ("¿la película ya está disponible en Venezuela?", (), ("VE",), None),
    ("¿cuándo es el lanzamiento en Brasil?", (), ("BR",), None),
]

# Understood only when the member addresses the bot: in a thread's chatter they stay unanswered.
MENTIONED_ONLY = [
    ("Dune 2 en DVD en España?", (D,), ("ES",), "Dune 2"),
    ("Heat en cines en México?", (C,), ("MX",), "Heat"),
    ("está disponible en España", (), ("ES",), None),
]

IGNORED = [
    "me encantó la película",
    "la vi ayer en el cine",
    "¿viste la película en el cine?",
    "¿la habéis visto en el cine?",
    "¿qué os pareció el final?",
    "cuando la vi en el cine lloré",
    "salgo con mis amigos al cine",
    "el DVD tiene extras geniales",
    "el streaming mató al DVD",
    "la película está genial",
    "España sale preciosa en la película",
    "gracias por la reseña",
    "¿vale la pena verla en el cine?",
    "el director es un genio",
    "prefiero el libro",
    "¿cuál es tu película favorita?",
    "salió de la nada y ganó el Oscar",
    "la banda sonora me gusta mucho",
    "ayer la vi en Netflix",
    "¿qué pasa al final?",
]


@pytest.mark.parametrize(("message", "formats", "countries", "title"), ANSWERED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_spanish_release_questions_are_understood(message, formats, countries, title, mentioned):
    question = parse_release_question(message, mentioned=mentioned, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "es"


@pytest.mark.parametrize(("message", "formats", "countries", "title"), MENTIONED_ONLY)
def test_terse_spanish_questions_count_only_when_the_bot_is_mentioned(message, formats, countries, title):
    question = parse_release_question(message, mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "es"
    assert parse_release_question(message, mentioned=False, languages=LANGUAGES) is None


@pytest.mark.parametrize("message", IGNORED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_spanish_chatter_is_left_alone(message, mentioned):
    assert parse_release_question(message, mentioned=mentioned, languages=LANGUAGES) is None


@pytest.mark.parametrize(("message", "names"), [
    ("¿cuándo sale Oppenheimer?", True),
    ("¿cuándo se estrena Heat en España?", True),
    ("Gracias Rita, ¿cuándo sale en DVD?", False),  # a leftover before the question
])
def test_a_spanish_title_where_the_film_goes_names_a_film(message, names):
    question = parse_release_question(message, mentioned=False, languages=LANGUAGES)
    assert question is not None and question.names_film is names


def test_an_english_question_in_a_spanish_server_is_still_read_as_english():
    question = parse_release_question("is it out on DVD in the UK?", mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion((D,), ("GB",), None, True) and question.language == "en"
