"""German cases for the release-date and where-to-watch question tests: data only, read by
`test_questions_in_languages.py` and `test_watch_questions_in_languages.py`."""

from bot.domain.models import Format

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE

#: The language's code: a server in German reads it first, then English, and a question read in it
#: reports it as its language.
CODE = "de"

# Release-date questions (`bot.domain.questions.parse_release_question`).

# (message, formats, countries, title) — asked in a review's thread, the bot not mentioned; no title
# means the question is about the thread's film.
RELEASE_ANSWERED = [
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
RELEASE_MENTIONED_ONLY = [
    ("Dune 2 auf DVD in Deutschland?", (D,), ("DE",), "Dune 2"),
    ("Heat im Kino in Österreich?", (C,), ("AT",), "Heat"),
    ("er ist in der Schweiz verfügbar", (), ("CH",), None),
]

# Chatter: never read as a release question, whether or not the bot is mentioned.
RELEASE_IGNORED = [
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

# Questions about a format itself ("is the Blu-ray good?"), not about the film's release in it: left alone
# in a thread's chatter.
RELEASE_IGNORED_IN_A_THREAD = [
    # Said to the bot, English (tried after German) may still read a terse "format?" as a question.
    "ist die Blu-ray gut?",
    "die DVD ist schön?",
]

# Questions a server in English (which reads English only) leaves unanswered.
RELEASE_NOT_READ_IN_AN_ENGLISH_SERVER: list[str] = []

# (message, names the film) — a title read where the film goes in the sentence names a film; a
# leftover before the question does not.
RELEASE_NAMES_FILM = [
    ("wann kommt Oppenheimer raus?", True),
    ("wann erscheint Heat in Deutschland auf Blu-ray?", True),
    ("Danke Rita, wann kommt er auf DVD?", False),  # a leftover, and "er" is the thread's film
]

# Where-to-watch questions (`bot.domain.watch_questions.parse_watch_question`).

# (message, services named, kinds asked, countries, title) — asked in a review's thread, no mention; no
# title means the question is about the thread's film.
WATCH_ASKED = [
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

# Chatter about services and about having seen the film: not a where-to-watch question, mentioned or not.
WATCH_IGNORED = [
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

# When it comes to a service is a date question: the release parser's, not the where-to-watch one's.
WATCH_DATE_QUESTIONS = [
    'wann kommt er auf Netflix?',
    'kommt der Film bald auf Disney+?',
    'ab wann kann man ihn streamen?',
    'wann ist er auf Netflix?',
]
