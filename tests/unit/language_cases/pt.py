"""Portuguese cases for the release-date and where-to-watch question tests: data only, read by
`test_questions_in_languages.py` and `test_watch_questions_in_languages.py`."""

from bot.domain.models import Format

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE

#: The language's code: a server in Portuguese reads it first, then English, and a question read in it
#: reports it as its language.
CODE = "pt"

# Release-date questions (`bot.domain.questions.parse_release_question`).

# (message, formats, countries, title) — asked in a review's thread, the bot not mentioned; no title
# means the question is about the thread's film.
RELEASE_ANSWERED = [
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
RELEASE_MENTIONED_ONLY = [
    ("Dune 2 em DVD no Brasil?", (D,), ("BR",), "Dune 2"),
    ("Heat nos cinemas de Portugal?", (C,), ("PT",), "Heat"),
    ("está disponível no Brasil", (), ("BR",), None),
]

# Chatter: never read as a release question, whether or not the bot is mentioned.
RELEASE_IGNORED = [
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

# Questions about a format itself ("is the Blu-ray good?"), not about the film's release in it: left alone
# in a thread's chatter.
RELEASE_IGNORED_IN_A_THREAD: list[str] = []

# Questions a server in English (which reads English only) leaves unanswered.
RELEASE_NOT_READ_IN_AN_ENGLISH_SERVER: list[str] = []

# (message, names the film) — a title read where the film goes in the sentence names a film; a
# leftover before the question does not.
RELEASE_NAMES_FILM = [
    ("quando sai Oppenheimer?", True),
    ("quando estreia Heat no Brasil?", True),
    ("Valeu Rita, quando sai em DVD?", False),  # a leftover before the question
]

# Where-to-watch questions (`bot.domain.watch_questions.parse_watch_question`).

# (message, services named, kinds asked, countries, title) — asked in a review's thread, no mention; no
# title means the question is about the thread's film.
WATCH_ASKED = [
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

# Chatter about services and about having seen the film: not a where-to-watch question, mentioned or not.
WATCH_IGNORED = [
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

# When it comes to a service is a date question: the release parser's, not the where-to-watch one's.
WATCH_DATE_QUESTIONS = [
    'quando chega na Netflix?',
    'quando vai estar no Disney+?',
    'estreia em breve no streaming?',
    'quando sai na Netflix no Brasil?',
]
