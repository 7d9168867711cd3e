"""Release questions asked in French: understood with their formats, countries and titles; chatter left alone."""

import pytest

from bot.domain.models import Format
from bot.domain.questions import ReleaseQuestion, parse_release_question

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE
LANGUAGES = ("fr", "en")

# (message, formats, countries, title) — asked in a review's thread, the bot not mentioned; no title
# means the question is about the thread's film.
ANSWERED = [
    ("quand sort-il en DVD au Royaume-Uni ?", (D,), ("GB",), None),
    ("quand sort-il ?", (), (), None),
    ("Quand sort le film ?", (), (), None),
    ("quand est-ce qu'il sort ?", (), (), None),
    ("quand est-ce que le film sort aux États-Unis ?", (), ("US",), None),
    ("quand est-ce que le film sort aux Etats-Unis ?", (), ("US",), None),
    ("il sort quand en France ?", (), ("FR",), None),
    ("ça sort quand ?", (), (), None),
    ("c'est quand la sortie au cinéma ?", (C,), (), None),
    ("c'est pour quand la sortie en Blu-ray ?", (D,), (), None),
    ("quelle est la date de sortie ?", (), (), None),
    ("c'est quoi la date de sortie en France ?", (), ("FR",), None),
    ("date de sortie ?", (), (), None),
    ("est-il déjà sorti ?", (), (), None),
    ("il est sorti ?", (), (), None),
    ("est-ce qu'il est sorti en Belgique ?", (), ("BE",), None),
    ("est-il disponible sur Netflix ?", (G,), (), None),
    ("le film est dispo en streaming ?", (G,), (), None),
    ("on peut le voir en streaming en Belgique ?", (G,), ("BE",), None),
    ("où peut-on le voir en VOD ?", (G,), (), None),
    ("il arrive quand au cinéma ?", (C,), (), None),
    ("ça passe quand à la télé ?", (T,), (), None),
    ("il sera diffusé à la télévision ?", (T,), (), None),
    ("quand sort le DVD ?", (D,), (), None),
    ("quand sort le blu-ray en Suisse ?", (D,), ("CH",), None),
    ("il sort quand en salles au Canada ?", (C,), ("CA",), None),
    ("il sort quand en Allemagne et en Espagne ?", (), ("DE", "ES"), None),
    ("il est sorti en Angleterre ?", (), ("GB",), None),
    ("il sort quand aux USA ?", (), ("US",), None),
    ("quand est l'avant-première ?", (P,), (), None),
    ("il sort quand au Québec ?", (), ("CA",), None),
    ("super critique ! il sort quand en DVD ?", (D,), (), None),
    ("Merci Rita, quand sort-il en DVD ?", (D,), (), "Merci Rita"),
    ("alors, c'est quand la sortie ?", (), (), None),
    ("est-ce qu'il est déjà disponible en DVD ou en streaming ?", (D, G), (), None),
    ("quand sort Dune 2 en France ?", (), ("FR",), "Dune 2"),
    ("quand sort Oppenheimer ?", (), (), "Oppenheimer"),
    ("Oppenheimer sort quand au Royaume-Uni ?", (), ("GB",), "Oppenheimer"),
    ("quelle est la date de sortie de Heat en France ?", (), ("FR",), "Heat"),
    ("quand sort Dune (2021) en DVD ?", (D,), (), "Dune 2021"),
    ("est-ce que Moonlight est sorti au Japon ?", (), ("JP",), "Moonlight"),
    ("quand sortira Never Let Me Go aux États-Unis ?", (), ("US",), "Never Let Me Go"),
    ("quand sort-il en dvd au royaume uni ?", (D,), ("GB",), None),
    ("<@123> quand sort-il ?", (), (), None),
    ("**quand sort-il en France ?**", (), ("FR",), None),
]

# Understood only when the member addresses the bot: in a thread's chatter they stay unanswered.
MENTIONED_ONLY = [
    ("Dune 2 en DVD au Royaume-Uni ?", (D,), ("GB",), "Dune 2"),
    ("il est disponible en France", (), ("FR",), None),
    ("Heat au cinéma en Allemagne ?", (C,), ("DE",), "Heat"),
]

IGNORED = [
    "j'ai vu le film hier au cinéma",
    "le DVD a des bonus géniaux",
    "quand je l'ai vu au cinéma, j'ai pleuré",
    "tu as vu le film au cinéma ?",
    "vous avez aimé la bande-son ?",
    "as-tu aimé la fin ?",
    "la sortie de prison du héros est incroyable",
    "il sort avec sa voisine dans le film",
    "on se fait une sortie au cinéma ce soir ?",
    "j'adore ce film",
    "quelle belle critique !",
    "le réalisateur est génial",
    "c'était mieux au cinéma qu'en streaming",
    "je l'ai regardé sur Netflix hier",
    "quand j'étais petit, j'allais au cinéma tous les dimanches",
    "le streaming a tué le DVD",
    "quel est ton film préféré ?",
    "ce film est sorti de nulle part",
    "qu'est-ce qui se passe à la fin ?",
    "la France est magnifique dans ce film",
    "merci pour la critique",
    "ça vaut le coup de le voir au cinéma ?",
    "je préfère le livre",
]


@pytest.mark.parametrize(("message", "formats", "countries", "title"), ANSWERED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_french_release_questions_are_understood(message, formats, countries, title, mentioned):
    question = parse_release_question(message, mentioned=mentioned, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "fr"


@pytest.mark.parametrize(("message", "formats", "countries", "title"), MENTIONED_ONLY)
def test_terse_french_questions_count_only_when_the_bot_is_mentioned(message, formats, countries, title):
    question = parse_release_question(message, mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "fr"
    assert parse_release_question(message, mentioned=False, languages=LANGUAGES) is None


@pytest.mark.parametrize("message", IGNORED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_french_chatter_is_left_alone(message, mentioned):
    assert parse_release_question(message, mentioned=mentioned, languages=LANGUAGES) is None


@pytest.mark.parametrize(("message", "names"), [
    ("quand sort Oppenheimer ?", True),
    ("Oppenheimer sort quand au Royaume-Uni ?", True),
    ("Merci Rita, quand sort-il en DVD ?", False),  # a leftover, and "il" is the thread's film
])
def test_a_french_title_where_the_film_goes_names_a_film(message, names):
    question = parse_release_question(message, mentioned=False, languages=LANGUAGES)
    assert question is not None and question.names_film is names


def test_an_english_question_in_a_french_server_is_still_read_as_english():
    question = parse_release_question("is it out on DVD in the UK?", mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion((D,), ("GB",), None, True) and question.language == "en"


def test_french_is_not_read_where_the_server_speaks_another_language():
    assert parse_release_question("quand sort-il au Royaume-Uni ?", mentioned=False) is None  # English only
