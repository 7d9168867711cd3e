"""Release questions asked in German: understood with their formats, countries and titles; chatter left alone."""

import pytest

from bot.domain.models import Format
from bot.domain.questions import ReleaseQuestion, parse_release_question

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE
LANGUAGES = ("de", "en")

# (message, formats, countries, title) — asked in a review's thread, the bot not mentioned; no title
# means the question is about the thread's film.
ANSWERED = [
    ("wann kommt der Film in Deutschland ins Kino?", (C,), ("DE",), None),
    ("Wann kommt der Film raus?", (), (), None),
    ("wann kommt er raus?", (), (), None),
    ("wann erscheint er auf DVD?", (D,), (), None),
    ("wann erscheint der Film auf Blu-ray in Österreich?", (D,), ("AT",), None),
    ("wann erscheint er in Oesterreich?", (), ("AT",), None),
    ("ist er schon auf Netflix?", (G,), (), None),
    ("ist er schon erschienen?", (), (), None),
    ("ist der Film schon draußen? wann erscheint er?", (), (), None),
    ("gibt es ihn schon auf Blu-ray?", (D,), (), None),
    ("gibt es den Film schon im Stream?", (G,), (), None),
    ("wann ist der Kinostart in Österreich?", (C,), ("AT",), None),
    ("Kinostart?", (C,), (), None),
    ("wann ist der Erscheinungstermin?", (), (), None),
    ("weiß jemand, wann er in den USA rauskommt?", (), ("US",), None),
    ("wann kommt er in den USA raus?", (), ("US",), None),
    ("läuft er schon in der Schweiz?", (), ("CH",), None),
    ("läuft der Film schon im Kino?", (C,), (), None),
    ("ab wann läuft er im Kino?", (C,), (), None),
    ("wann läuft er im Fernsehen?", (T,), (), None),
    ("kommt er bald ins Kino?", (C,), (), None),
    ("kommt der Film auch nach Deutschland?", (), ("DE",), None),
    ("wo kann man ihn streamen?", (G,), (), None),
    ("kann man ihn in Deutschland streamen?", (G,), ("DE",), None),
    ("wann ist er digital verfügbar?", (G,), (), None),
    ("ist er schon auf Disney+ verfügbar?", (G,), (), None),
    ("wann startet er in Großbritannien?", (), ("GB",), None),
    ("wann startet der Film im Vereinigten Königreich?", (), ("GB",), None),
    ("wann erscheint er in Frankreich und Spanien?", (), ("FR", "ES"), None),
    ("wann ist die Premiere?", (P,), (), None),
    ("super Kritik! wann kommt er auf DVD?", (D,), (), None),
    ("Danke Rita, wann kommt er auf DVD?", (D,), (), "Danke Rita"),
    ("wann erscheint er auf DVD oder im Stream?", (D, G), (), None),
    ("wann kommt Dune 2 in die Kinos?", (C,), (), "Dune 2"),
    ("wann kommt Oppenheimer raus?", (), (), "Oppenheimer"),
    ("wann erscheint Heat in Deutschland auf Blu-ray?", (D,), ("DE",), "Heat"),
    ("wann kommt Dune (2021) auf DVD?", (D,), (), "Dune 2021"),
    ("ist Moonlight schon in Japan erschienen?", (), ("JP",), "Moonlight"),
    ("wann erscheint Never Let Me Go in den Vereinigten Staaten?", (), ("US",), "Never Let Me Go"),
    ("wann lauft er im kino in der schweiz?", (C,), ("CH",), None),
    ("<@123> wann kommt er raus?", (), (), None),
    ("**wann kommt er ins Kino?**", (C,), (), None),
]

# Understood only when the member addresses the bot: in a thread's chatter they stay unanswered.
MENTIONED_ONLY = [
    ("Dune 2 auf DVD in Deutschland?", (D,), ("DE",), "Dune 2"),
    ("Heat im Kino in Österreich?", (C,), ("AT",), "Heat"),
    ("er ist in der Schweiz verfügbar", (), ("CH",), None),
]

IGNORED = [
    "der DVD-Bonus ist super",
    "ich habe den Film gestern im Kino gesehen",
    "hast du ihn schon im Kino gesehen?",
    "habt ihr den Film im Kino gesehen?",
    "wie fandet ihr das Ende?",
    "der Film ist super",
    "als ich klein war, bin ich jeden Sonntag ins Kino gegangen",
    "das kommt drauf an",
    "wann kommst du nach Hause?",
    "Streaming hat die DVD getötet",
    "es läuft gut bei mir",
    "Deutschland sieht im Film toll aus",
    "danke für die Kritik",
    "ich mag den Soundtrack",
    "lohnt es sich, ihn im Kino zu sehen?",
    "der Regisseur ist genial",
    "das Buch ist besser",
    "was ist dein Lieblingsfilm?",
    "gestern auf Netflix geguckt, super",
    "die Kinos waren früher schöner",
    "ist der Film im Kino besser?",
]


@pytest.mark.parametrize(("message", "formats", "countries", "title"), ANSWERED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_german_release_questions_are_understood(message, formats, countries, title, mentioned):
    question = parse_release_question(message, mentioned=mentioned, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "de"


@pytest.mark.parametrize(("message", "formats", "countries", "title"), MENTIONED_ONLY)
def test_terse_german_questions_count_only_when_the_bot_is_mentioned(message, formats, countries, title):
    question = parse_release_question(message, mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion(formats, countries, title, title is None)
    assert question.language == "de"
    assert parse_release_question(message, mentioned=False, languages=LANGUAGES) is None


@pytest.mark.parametrize("message", IGNORED)
@pytest.mark.parametrize("mentioned", [False, True])
def test_german_chatter_is_left_alone(message, mentioned):
    assert parse_release_question(message, mentioned=mentioned, languages=LANGUAGES) is None


@pytest.mark.parametrize("message", ["ist die Blu-ray gut?", "die DVD ist schön?"])
def test_german_questions_about_a_format_itself_are_not_release_questions_in_a_thread(message):
    # Said to the bot, English (tried after German) may still read a terse "format?" as a question.
    assert parse_release_question(message, mentioned=False, languages=LANGUAGES) is None


@pytest.mark.parametrize(("message", "names"), [
    ("wann kommt Oppenheimer raus?", True),
    ("wann erscheint Heat in Deutschland auf Blu-ray?", True),
    ("Danke Rita, wann kommt er auf DVD?", False),  # a leftover, and "er" is the thread's film
])
def test_a_german_title_where_the_film_goes_names_a_film(message, names):
    question = parse_release_question(message, mentioned=False, languages=LANGUAGES)
    assert question is not None and question.names_film is names


def test_an_english_question_in_a_german_server_is_still_read_as_english():
    question = parse_release_question("is it out on DVD in the UK?", mentioned=True, languages=LANGUAGES)
    assert question == ReleaseQuestion((D,), ("GB",), None, True) and question.language == "en"
