"""Where-to-watch questions asked in Portuguese ("está na Netflix?", "onde posso assistir no Brasil?"):
the services, kinds, countries and film read; date questions left to the release parser;
chatter about services and about having seen the film left alone."""

from __future__ import annotations

import pytest

from bot.domain.questions import parse_release_question
from bot.domain.watch_questions import may_ask_where, parse_watch_question

#: A server in Portuguese reads its own language first, then English.
LANGUAGES = ("pt", "en")

# (message, services named, kinds asked, countries, title) — asked in a review's thread, no mention; no
# title means the question is about the thread's film.
ASKED = [
    ('está na Netflix?', ('Netflix',), (), (), None),
    ('onde posso assistir no Brasil?', (), (), ('BR',), None),
    ('onde posso alugar?', (), ('rent',), (), None),
    ('o filme está no Disney+?', ('Disney+',), (), (), None),
    ('está na Netflix no Brasil?', ('Netflix',), (), ('BR',), None),
    ('onde assistir Oppenheimer?', (), (), (), 'Oppenheimer'),
    ('onde posso ver Oppenheimer em streaming?', (), ('flatrate',), (), 'Oppenheimer'),
    ('está disponível no Prime Video em Portugal?', ('Prime Video',), (), ('PT',), None),
    ('dá pra assistir online?', (), (), (), None),
    ('posso comprar em algum lugar?', (), ('buy',), (), None),
    ('em qual plataforma está?', (), (), (), None),
    ('qual streaming tem ele no Brasil?', (), ('flatrate',), ('BR',), None),
    ('Oppenheimer está na Netflix?', ('Netflix',), (), (), 'Oppenheimer'),
    ('a Netflix tem?', ('Netflix',), (), (), None),
    ('está na HBO Max ou na Netflix?', ('Max', 'Netflix'), (), (), None),
    ('oi, está no Max?', ('Max',), (), (), None),
    ('já está na Netflix?', ('Netflix',), (), (), None),
    ('está de graça no Tubi?', ('Tubi',), ('flatrate',), (), None),
    ('onde ver Past Lives?', (), (), (), 'Past Lives'),
    ('posso alugar na Apple TV?', ('Apple TV',), ('rent',), (), None),
    ('está em streaming nos EUA?', (), ('flatrate',), ('US',), None),
    ('tem no Globoplay?', ('Globoplay',), (), (), None),
    ('está na Mubi?', ('MUBI',), (), (), None),
    ('onde dá pra comprar?', (), ('buy',), (), None),
    ('alguém sabe se está no Prime Video?', ('Prime Video',), (), (), None),
    ('dá pra alugar em algum lugar?', (), ('rent',), (), None),
    ('tem na Netflix ou no Globoplay?', ('Netflix', 'Globoplay'), (), (), None),
]

IGNORED = [
    'vi ontem na Netflix',
    'a Netflix está muito cara',
    'vale a pena a Netflix?',
    'você viu na Netflix?',
    'vocês assistiram no Prime?',
    'cancelei minha assinatura do Disney+',
    'é melhor alugar ou esperar a Netflix?',
    'a versão da Netflix é melhor',
    'onde você viu?',
    'qual plataforma vocês usam?',
    'aluguei na Amazon por 3,99',
    'está na Netflix',
    'o que tem na Netflix hoje à noite?',
    'tem filmes bons na Netflix?',
    'você tem Netflix?',
    'vale a pena comprar o Blu-ray?',
    'alguém conhece uma VPN boa pra Netflix?',
    'alguém assistiu em streaming?',
    'o Disney+ caiu?',
    'Netflix ou Max?',
    'por que não está na Netflix?',
    'quanto custa alugar?',
    'vou comprar o Blu-ray',
    'a gente deveria assistir juntos',
    'é melhor na Netflix ou no cinema?',
    'vocês vão assistir hoje à noite na Netflix?',
    'minha mãe viu no Globoplay',
]

DATE_QUESTIONS = [
    'quando chega na Netflix?',
    'quando vai estar no Disney+?',
    'estreia em breve no streaming?',
    'quando sai na Netflix no Brasil?',
]


@pytest.mark.parametrize(("text", "services", "kinds", "countries", "title"), ASKED)
def test_a_where_to_watch_question_is_read(text, services, kinds, countries, title):
    question = parse_watch_question(text, mentioned=False, languages=LANGUAGES)
    assert question is not None and question.language == "pt"
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
