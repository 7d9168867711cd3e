"""Where-to-watch questions asked in Spanish ("¿está en Netflix en España?", "¿dónde puedo alquilarla?"):
the services, kinds, countries and film read; date questions left to the release parser;
chatter about services and about having seen the film left alone."""

from __future__ import annotations

import pytest

from bot.domain.questions import parse_release_question
from bot.domain.watch_questions import may_ask_where, parse_watch_question

#: A server in Spanish reads its own language first, then English.
LANGUAGES = ("es", "en")

# (message, services named, kinds asked, countries, title) — asked in a review's thread, no mention; no
# title means the question is about the thread's film.
ASKED = [
    ('¿está en Netflix en España?', ('Netflix',), (), ('ES',), None),
    ('¿dónde puedo alquilarla?', (), ('rent',), (), None),
    ('¿dónde puedo verla en streaming?', (), ('flatrate',), (), None),
    ('¿está en Netflix?', ('Netflix',), (), (), None),
    ('¿la película está en Disney+?', ('Disney+',), (), (), None),
    ('¿dónde se puede ver Oppenheimer?', (), (), (), 'Oppenheimer'),
    ('¿dónde alquilar Oppenheimer?', (), ('rent',), (), 'Oppenheimer'),
    ('¿está disponible en Prime Video en México?', ('Prime Video',), (), ('MX',), None),
    ('¿se puede ver en streaming?', (), ('flatrate',), (), None),
    ('¿puedo comprarla en línea?', (), ('buy',), (), None),
    ('¿en qué plataforma está?', (), (), (), None),
    ('¿qué plataforma la tiene en Argentina?', (), (), ('AR',), None),
    ('¿Oppenheimer está en Netflix?', ('Netflix',), (), (), 'Oppenheimer'),
    ('¿Netflix la tiene?', ('Netflix',), (), (), None),
    ('¿está en HBO Max o en Netflix?', ('Max', 'Netflix'), (), (), None),
    ('hola, ¿está en Max?', ('Max',), (), (), None),
    ('¿ya está en Netflix?', ('Netflix',), (), (), None),
    ('¿está gratis en Tubi?', ('Tubi',), ('flatrate',), (), None),
    ('¿dónde ver Past Lives?', (), (), (), 'Past Lives'),
    ('¿puedo alquilarla en Apple TV?', ('Apple TV',), ('rent',), (), None),
    ('¿está en streaming en Chile?', (), ('flatrate',), ('CL',), None),
    ('¿la ponen en Movistar?', ('Movistar Plus+',), (), (), None),
    ('¿está en Mubi?', ('MUBI',), (), (), None),
    ('¿dónde la puedo comprar?', (), ('buy',), (), None),
    ('¿está en Netflix en Estados Unidos?', ('Netflix',), (), ('US',), None),
    ('¿alguien sabe si está en Prime Video?', ('Prime Video',), (), (), None),
    ('¿se puede alquilar en algún sitio?', (), ('rent',), (), None),
]

IGNORED = [
    'la vi ayer en Netflix',
    'Netflix es muy caro',
    '¿vale la pena Netflix?',
    '¿la viste en Netflix?',
    '¿la habéis visto en Prime?',
    'cancelé mi suscripción de Disney+',
    '¿es mejor alquilarla o esperar a Netflix?',
    'la versión de Netflix es mejor',
    '¿dónde la viste?',
    '¿qué plataforma usáis?',
    'la alquilé en Amazon por 3,99',
    'está en Netflix',
    '¿qué hay en Netflix esta noche?',
    '¿hay buenas películas en Netflix?',
    '¿tienes Netflix?',
    '¿vale la pena comprar el Blu-ray?',
    '¿alguien conoce un buen VPN para Netflix?',
    '¿alguien la ha visto en streaming?',
    '¿se cayó Disney+?',
    '¿Netflix o Max?',
    '¿por qué no está en Netflix?',
    '¿cuánto cuesta alquilarla?',
    'voy a comprar el Blu-ray',
    'deberíamos verla juntos',
    '¿es mejor en Netflix o en el cine?',
    '¿la ves esta noche en Netflix?',
    'mi madre la vio en Movistar',
]

DATE_QUESTIONS = [
    '¿cuándo llega a Netflix?',
    '¿cuándo estará en Disney+?',
    '¿se estrena pronto en streaming?',
    '¿cuándo sale en Netflix en España?',
]


@pytest.mark.parametrize(("text", "services", "kinds", "countries", "title"), ASKED)
def test_a_where_to_watch_question_is_read(text, services, kinds, countries, title):
    question = parse_watch_question(text, mentioned=False, languages=LANGUAGES)
    assert question is not None and question.language == "es"
    assert tuple(s.name for s in question.services) == services
    assert question.kinds == kinds
    assert question.countries == countries
    assert question.title_text == title
    assert question.refers_to_context is (title is None)


@pytest.mark.parametrize("text", [t for t, *_ in ASKED])
def test_every_unprompted_watch_question_passes_the_screen(text):
    assert may_ask_where(text, LANGUAGES)


@pytest.mark.parametrize("text", [t for t, *_ in ASKED])
def test_english_alone_does_not_read_the_question(text):
    # What English would take is taken first only in an English server: here the server's language decides.
    assert parse_watch_question(text, mentioned=False, languages=("en",)) is None


@pytest.mark.parametrize("text", IGNORED)
def test_chatter_about_services_is_not_a_question(text):
    assert parse_watch_question(text, mentioned=False, languages=LANGUAGES) is None
    assert parse_watch_question(text, mentioned=True, languages=LANGUAGES) is None


@pytest.mark.parametrize("text", DATE_QUESTIONS)
def test_a_date_question_about_a_service_stays_the_release_parsers(text):
    assert parse_watch_question(text, mentioned=False, languages=LANGUAGES) is None
    assert parse_release_question(text, mentioned=False, languages=LANGUAGES) is not None
