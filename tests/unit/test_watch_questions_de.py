"""Where-to-watch questions asked in German ("ist der Film auf Netflix?", "wo kann ich ihn streamen?"):
the services, kinds, countries and film read; date questions left to the release parser;
chatter about services and about having seen the film left alone."""

from __future__ import annotations

import pytest

from bot.domain.questions import parse_release_question
from bot.domain.watch_questions import may_ask_where, parse_watch_question

#: A server in German reads its own language first, then English.
LANGUAGES = ("de", "en")

# (message, services named, kinds asked, countries, title) — asked in a review's thread, no mention; no
# title means the question is about the thread's film.
ASKED = [
    ('ist der Film auf Netflix?', ('Netflix',), (), (), None),
    ('ist er auf Netflix in Deutschland?', ('Netflix',), (), ('DE',), None),
    ('wo kann ich ihn streamen?', (), ('flatrate',), (), None),
    ('wo kann man den Film sehen?', (), (), (), None),
    ('wo kann ich Oppenheimer leihen?', (), ('rent',), (), 'Oppenheimer'),
    ('wo gibt es den Film im Stream?', (), ('flatrate',), (), None),
    ('läuft der Film auf Disney+?', ('Disney+',), (), (), None),
    ('ist er bei Prime Video?', ('Prime Video',), (), (), None),
    ('gibt es ihn auf Netflix oder Amazon Prime?', ('Netflix', 'Prime Video'), (), (), None),
    ('kann man ihn irgendwo streamen?', (), ('flatrate',), (), None),
    ('kann ich ihn online kaufen?', (), ('buy',), (), None),
    ('ist Oppenheimer auf Netflix?', ('Netflix',), (), (), 'Oppenheimer'),
    ('hat Netflix den Film?', ('Netflix',), (), (), None),
    ('auf welchem Streamingdienst läuft er?', (), (), (), None),
    ('welcher Anbieter hat ihn in Österreich?', (), (), ('AT',), None),
    ('ist er auf Sky in der Schweiz?', ('Sky',), (), ('CH',), None),
    ('hallo, ist der Film auf Max?', ('Max',), (), (), None),
    ('ist er schon auf Netflix?', ('Netflix',), (), (), None),
    ("gibt's den irgendwo zum Leihen?", (), ('rent',), (), None),
    ('ist der Film gratis auf Tubi?', ('Tubi',), ('flatrate',), (), None),
    ('wo kann ich Past Lives schauen?', (), (), (), 'Past Lives'),
    ('kann ich ihn bei Apple TV leihen?', ('Apple TV',), ('rent',), (), None),
    ('ist er in Österreich im Stream verfügbar?', (), ('flatrate',), ('AT',), None),
    ('ist der Film auf Netflix in den USA?', ('Netflix',), (), ('US',), None),
    ('weiß jemand, ob er auf Netflix ist?', ('Netflix',), (), (), None),
    ('wo läuft der Film gerade?', (), (), (), None),
    ('kann man ihn auf Mubi sehen?', ('MUBI',), (), (), None),
]

IGNORED = [
    'ich habe ihn gestern auf Netflix gesehen',
    'Netflix ist so teuer',
    'lohnt sich Netflix?',
    'hast du ihn auf Netflix gesehen?',
    'habt ihr ihn auf Prime geguckt?',
    'ich habe mein Disney+ Abo gekündigt',
    'sollte ich ihn leihen oder auf Netflix warten?',
    'die Netflix-Version ist besser',
    'wo hast du ihn gesehen?',
    'welchen Streamingdienst nutzt ihr?',
    'ich habe ihn bei Amazon für 3,99 geliehen',
    'er ist auf Netflix',
    'was läuft heute abend auf Netflix?',
    'gibt es gute Filme auf Netflix?',
    'hast du Netflix?',
    'lohnt es sich, die Blu-ray zu kaufen?',
    'kennt jemand ein gutes VPN für Netflix?',
    'hat ihn jemand gestreamt?',
    'ist Disney+ gerade down?',
    'Netflix oder Max?',
    'warum ist er nicht auf Netflix?',
    'wie viel kostet das Leihen?',
    'ich will die Blu-ray kaufen',
    'wir sollten ihn zusammen schauen',
    'ist er auf Netflix besser als im Kino?',
    'schaut ihr ihn heute abend auf Netflix?',
    'meine Mutter hat ihn auf Sky gesehen',
]

DATE_QUESTIONS = [
    'wann kommt er auf Netflix?',
    'kommt der Film bald auf Disney+?',
    'ab wann kann man ihn streamen?',
    'wann ist er auf Netflix?',
]


@pytest.mark.parametrize(("text", "services", "kinds", "countries", "title"), ASKED)
def test_a_where_to_watch_question_is_read(text, services, kinds, countries, title):
    question = parse_watch_question(text, mentioned=False, languages=LANGUAGES)
    assert question is not None and question.language == "de"
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
