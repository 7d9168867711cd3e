"""Spanish cases for the release-date and where-to-watch question tests: data only, read by
`test_questions_in_languages.py` and `test_watch_questions_in_languages.py`."""

from bot.domain.models import Format

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE

#: The language's code: a server in Spanish reads it first, then English, and a question read in it
#: reports it as its language.
CODE = "es"

# Release-date questions (`bot.domain.questions.parse_release_question`).

# (message, formats, countries, title) — asked in a review's thread, the bot not mentioned; no title
# means the question is about the thread's film.
RELEASE_ANSWERED = [
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
RELEASE_MENTIONED_ONLY = [
    ("Dune 2 en DVD en España?", (D,), ("ES",), "Dune 2"),
    ("Heat en cines en México?", (C,), ("MX",), "Heat"),
    ("está disponible en España", (), ("ES",), None),
]

# Chatter: never read as a release question, whether or not the bot is mentioned.
RELEASE_IGNORED = [
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

# Questions about a format itself ("is the Blu-ray good?"), not about the film's release in it: left alone
# in a thread's chatter.
RELEASE_IGNORED_IN_A_THREAD: list[str] = []

# Questions a server in English (which reads English only) leaves unanswered.
RELEASE_NOT_READ_IN_AN_ENGLISH_SERVER: list[str] = []

# (message, names the film) — a title read where the film goes in the sentence names a film; a
# leftover before the question does not.
RELEASE_NAMES_FILM = [
    ("¿cuándo sale Oppenheimer?", True),
    ("¿cuándo se estrena Heat en España?", True),
    ("Gracias Rita, ¿cuándo sale en DVD?", False),  # a leftover before the question
]

# Where-to-watch questions (`bot.domain.watch_questions.parse_watch_question`).

# (message, services named, kinds asked, countries, title) — asked in a review's thread, no mention; no
# title means the question is about the thread's film.
WATCH_ASKED = [
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

# Chatter about services and about having seen the film: not a where-to-watch question, mentioned or not.
WATCH_IGNORED = [
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

# When it comes to a service is a date question: the release parser's, not the where-to-watch one's.
WATCH_DATE_QUESTIONS = [
    '¿cuándo llega a Netflix?',
    '¿cuándo estará en Disney+?',
    '¿se estrena pronto en streaming?',
    '¿cuándo sale en Netflix en España?',
]
