import pytest

from bot.domain.models import Format
from bot.domain.questions import ReleaseQuestion, parse_release_question

C, D, G, T, P = Format.CINEMA, Format.DVD, Format.DIGITAL, Format.TV, Format.PREMIERE

# (message, formats, countries, title_text) — asked in a review's thread, bot not mentioned.
ANSWERED_IN_THREAD = [
    ("oh, and when's the movie due for release?", (), (), None),
    ("when's it out", (), (), None),
    ("When's it out?", (), (), None),
    ("whens it out", (), (), None),
    ("when’s it out in the UK?", (), ("GB",), None),
    ("release date?", (), (), None),
    ("Release date??", (), (), None),
    ("what's the release date?", (), (), None),
    ("what is the release date for the UK?", (), ("GB",), None),
    ("any news on a release date?", (), (), None),
    ("when does it come out", (), (), None),
    ("when does it come out in Germany?", (), ("DE",), None),
    ("when is it coming out?", (), (), None),
    ("when will it be released?", (), (), None),
    ("when will it be released in France", (), ("FR",), None),
    ("is it due out soon?", (), (), None),
    ("when is it due for release?", (), (), None),
    ("when's this due out in America?", (), ("US",), None),
    ("is it out yet", (), (), None),
    ("is it out yet?", (), (), None),
    ("is it out in the US yet?", (), ("US",), None),
    ("Is it out in the States?", (), ("US",), None),
    ("is it out in Britain?", (), ("GB",), None),
    ("has it come out in Australia yet?", (), ("AU",), None),
    ("has it been released in Ireland?", (), ("IE",), None),
    ("can I watch it in Germany", (), ("DE",), None),
    ("can I watch it in Germany?", (), ("DE",), None),
    ("where can I stream it?", (G,), (), None),
    ("when does it hit cinemas?", (C,), (), None),
    ("when does it hit theaters in the US?", (C,), ("US",), None),
    ("when does the film hit theatres?", (C,), (), None),
    ("is it in cinemas yet?", (C,), (), None),
    ("is it in cinemas in Scotland?", (C,), ("GB",), None),
    ("when is it in UK cinemas?", (C,), ("GB",), None),
    ("is it out on DVD?", (D,), (), None),
    ("is it out on DVD yet?", (D,), (), None),
    ("when's the DVD out?", (D,), (), None),
    ("when's the Blu-ray out in the UK?", (D,), ("GB",), None),
    ("is it out on blu ray in England?", (D,), ("GB",), None),
    ("any word on a 4K release?", (D,), (), None),
    ("is it streaming anywhere?", (G,), (), None),
    ("is it streaming in Canada?", (G,), ("CA",), None),
    ("is it on Netflix?", (G,), (), None),
    ("is it on Netflix in the UK?", (G,), ("GB",), None),
    ("when does it come to Netflix", (G,), (), None),
    ("when is it out digitally?", (G,), (), None),
    ("is it on Prime Video yet?", (G,), (), None),
    ("is it on Disney+ yet?", (G,), (), None),
    ("when is it on TV?", (T,), (), None),
    ("is it on TV in Germany?", (T,), ("DE",), None),
    ("when is the premiere?", (P,), (), None),
    ("when did it premiere?", (P,), (), None),
    ("where did it premiere?", (P,), (), None),
    ("is it out on DVD or streaming yet?", (D, G), (), None),
    ("when is it out in cinemas and on DVD?", (C, D), (), None),
    ("so when's this one out?", (), (), None),
    ("anyone know when it comes out?", (), (), None),
    ("does anyone know when the film is out in the UK?", (), ("GB",), None),
    ("when's it out in the UK and the US?", (), ("GB", "US"), None),
    ("is it out in the U.S. yet?", (), ("US",), None),
    ("is it out in the USA?", (), ("US",), None),
    ("when's it out in Deutschland?", (), ("DE",), None),
    ("has the movie come out in Japan?", (), ("JP",), None),
    ("hey, when is it released?", (), (), None),
    ("I loved it. When's the DVD out?", (D,), (), None),
    ("great review! when does it come out here?", (), (), None),
    ("<@123> when's it out?", (), (), None),
    ("**when's it out?**", (), (), None),
    ("when's it out? <:popcorn:123456>", (), (), None),
    ("when\u200b's it out?", (), (), None),
    ("is it out yet in the UK", (), ("GB",), None),
    ("when will it be available on DVD in Australia?", (D,), ("AU",), None),
    ("when is it out in Italy", (), ("IT",), None),
    ("is it showing in cinemas in New Zealand?", (C,), ("NZ",), None),
    ("when is it being released on blu-ray?", (D,), (), None),
    ("is it out yet on dvd in germany", (D,), ("DE",), None),
    ("Does anyone know if it’s streaming in Canada?", (G,), ("CA",), None),
    ("when does it open in theaters?", (C,), (), None),
    ("is it playing in cinemas near me?", (C,), (), None),
]

# (message, formats, countries, title_text) — naming a film.
ANSWERED_WITH_TITLE = [
    ("when does Dune come out in the States", (), ("US",), "Dune"),
    ("What's the release date of Never Let Me Go in America?", (), ("US",), "Never Let Me Go"),
    ("when is Moonlight out on Blu-ray in the UK?", (D,), ("GB",), "Moonlight"),
    ("has The Irishman hit cinemas yet?", (C,), (), "The Irishman"),
    ("is Never Let Me Go out on DVD in the UK yet?", (D,), ("GB",), "Never Let Me Go"),
    ("when's Never Let Me Go out?", (), (), "Never Let Me Go"),
    ("when is Never Let Me Go released in the UK?", (), ("GB",), "Never Let Me Go"),
    ("release date for Dune?", (), (), "Dune"),
    ("Dune release date?", (), (), "Dune"),
    ("is Extraction on Netflix?", (G,), (), "Extraction"),
    ("when does Dune Part Two come out?", (), (), "Dune Part Two"),
    ("when is Moonlight out in Germany?", (), ("DE",), "Moonlight"),
    ("is Moonlight streaming in the US?", (G,), ("US",), "Moonlight"),
    ("can I watch Moonlight in France?", (), ("FR",), "Moonlight"),
    ("when did Heat come out?", (), (), "Heat"),
    ("Where can I watch Moonlight?", (), (), "Moonlight"),
    ("is Never Let Me Go on TV tonight?", (T,), (), "Never Let Me Go"),
    ("when is Never Let Me Go out on DVD in Britain?", (D,), ("GB",), "Never Let Me Go"),
    ("when does never let me goo come out on dvd", (D,), (), "never let me goo"),
    ("when's the release date of Dune (2021) in the UK?", (), ("GB",), "Dune 2021"),
]

MENTIONED_ONLY = [
    ("<@99> Never Let Me Go UK DVD?", (D,), ("GB",), "Never Let Me Go"),
    ("Never Let Me Go UK DVD?", (D,), ("GB",), "Never Let Me Go"),
    ("@Reviewbot Moonlight Blu-ray?", (D,), (), "Moonlight"),
    ("Dune 2021 in the US?", (), ("US",), "Dune 2021"),
]

NOT_RELEASE_QUESTIONS = [
    "I loved the release of tension in the last act",
    "when I was at school we had to read the book",
    "when I was at school…",
    "the DVD extras are great",
    "what a film",
    "it came out of nowhere, that ending",
    "That ending came out of nowhere!",
    "great review, thanks",
    "I watched it on Netflix last night and cried",
    "the cinematography is stunning",
    "Carey Mulligan is brilliant in this",
    "I saw it in the US last year",
    "tell us what you think of the ending",
    "let us know if you liked it",
    "I bought the Blu-ray, the transfer is gorgeous",
    "the release of the hostages scene was tense",
    "the press release said nothing useful",
    "Italy looked gorgeous in it",
    "me too",
    "it is what it is",
    "",
    "   ",
    "lol",
    "\u200b\u200b\u200b",
    "<@123>",
    "out of curiosity, did anyone else cry?",
    "I figured out the twist early",
    "the soundtrack is out of this world",
    "she was released from the school in the end",
    "the book is better than the film",
    "watch out for the final shot",
    "when you see it, you'll know",
    "did you see it in cinemas?",
    "have you seen it on Netflix?",
    "when did you watch it?",
    "what did you think of the premiere scene?",
    "should I buy the Blu-ray?",
    "when it comes out I will watch it",
    "is the DVD any good?",
    "is it worth seeing in IMAX?",
    "how long is it?",
    "the ending was out there",
    "when does the review go up?",
]


@pytest.mark.parametrize(("message", "formats", "countries", "title"), ANSWERED_IN_THREAD + ANSWERED_WITH_TITLE)
def test_release_questions_are_understood(message, formats, countries, title):
    question = parse_release_question(message, mentioned=False)
    assert question == ReleaseQuestion(formats, countries, title, title is None)


@pytest.mark.parametrize(("message", "formats", "countries", "title"), ANSWERED_IN_THREAD + ANSWERED_WITH_TITLE)
def test_release_questions_are_understood_when_mentioned_too(message, formats, countries, title):
    question = parse_release_question(message, mentioned=True)
    assert question == ReleaseQuestion(formats, countries, title, title is None)


@pytest.mark.parametrize(("message", "formats", "countries", "title"), MENTIONED_ONLY)
def test_terse_questions_count_only_when_the_bot_is_mentioned(message, formats, countries, title):
    assert parse_release_question(message, mentioned=True) == ReleaseQuestion(formats, countries, title, False)
    assert parse_release_question(message, mentioned=False) is None


@pytest.mark.parametrize("message", NOT_RELEASE_QUESTIONS)
@pytest.mark.parametrize("mentioned", [False, True])
def test_ordinary_chatter_is_left_alone(message, mentioned):
    assert parse_release_question(message, mentioned=mentioned) is None


@pytest.mark.parametrize(
    "message",
    [
        "when's it out? " * 150,
        "a" * 2000,
        "x\x00\x01\x02 when's it out?\x7f",
        "\u202e\u200d\ufeff when's it out",
        "?" * 2000,
        "out " * 500,
        "<@1>" * 400,
        "the " * 500 + "release date?",
        "what year " * 400,
        "America " * 500 + "when is it out?",
    ],
)
def test_long_or_odd_input_is_handled_without_crashing(message):
    parse_release_question(message, mentioned=True)


def test_control_characters_do_not_hide_a_question():
    question = parse_release_question("when\x00's it out\u200b in the UK?", mentioned=False)
    assert question is not None and question.countries == ("GB",)


def test_lower_case_us_is_a_pronoun_not_the_united_states():
    question = parse_release_question("can you tell us when it's out?", mentioned=False)
    assert question is not None and question.countries == ()


def test_question_in_the_second_sentence_is_found():
    question = parse_release_question("What a film. Is it out on DVD in the UK yet?", mentioned=False)
    assert question == ReleaseQuestion((D,), ("GB",), None, True)


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("when is Oppenheimer out?", "Oppenheimer"),
        ("when is oppenheimer out in the UK?", "oppenheimer"),
        ("so when is Oppenheimer out on DVD?", "Oppenheimer"),
        ("has Oppenheimer come out yet?", "Oppenheimer"),
        ("is Oppenheimer on Netflix?", "Oppenheimer"),
        ("Oppenheimer release date?", "Oppenheimer"),
        ("release date for Oppenheimer?", "Oppenheimer"),
        ("when will Oppenheimer be released?", "Oppenheimer"),
        ("when is Dune (2021) out?", "Dune 2021"),
    ],
)
def test_a_title_in_the_subject_slot_names_a_film(message, title):
    question = parse_release_question(message, mentioned=False)
    assert question is not None and question.title_text == title and question.names_film


@pytest.mark.parametrize(
    "message",
    [
        "Thanks Rita, when does it come out on DVD?",
        "when is it out on DVD in the UK, Rita?",
        "when does it come out over here?",
        "when is it out, roughly?",
        "when is it coming out, I really want to see it",
        "is it out on DVD yet or do I have to wait?",
        "when is it out in cinemas again?",
        "so when can we actually see it in cinemas?",
        "when is the director's cut out?",
    ],
)
def test_leftover_words_around_a_thread_question_do_not_name_a_film(message):
    question = parse_release_question(message, mentioned=False)
    assert question is not None and not question.names_film


def _catalogue(*titles):
    from bot.domain.titles import TitleIndex

    index = TitleIndex()
    for n, title in enumerate(titles):
        index.add(n, title)
    return lambda phrase: bool(index.exact(phrase))


KNOWN = _catalogue("The French Dispatch", "An American Werewolf in London", "Captain America: The First Avenger",
                   "Captain America", "American Psycho", "The Mexican", "Australia", "Never Let Me Go")


@pytest.mark.parametrize(
    ("message", "title", "countries"),
    [
        ("when is Captain America out?", "Captain America", ()),
        ("when is captain america out in the UK?", "captain america", ("GB",)),
        ("when is Captain America: The First Avenger out in France?", "Captain America: The First Avenger", ("FR",)),
        ("when is An American Werewolf in London out on DVD?", "An American Werewolf in London", ()),
        ("when is The French Dispatch out?", "The French Dispatch", ()),
        ("when is The French Dispatch out in Germany?", "The French Dispatch", ("DE",)),
        ("is American Psycho streaming in America?", "American Psycho", ("US",)),
        ("when is The Mexican out?", "The Mexican", ()),
        ("when is Australia out in the UK?", "Australia", ("GB",)),
    ],
)
def test_country_words_inside_a_known_title_are_the_title(message, title, countries):
    question = parse_release_question(message, mentioned=False, is_title=KNOWN)
    assert question is not None
    assert (question.title_text, question.countries, question.names_film) == (title, countries, True)


@pytest.mark.parametrize(
    ("message", "countries"),
    [
        ("is it out in Australia?", ("AU",)),
        ("release date for Australia?", ("AU",)),
        ("is it out in Mexican cinemas?", ("MX",)),
        ("when is it out in America?", ("US",)),
        ("is it out in the French cinemas yet?", ("FR",)),
    ],
)
def test_a_country_named_apart_from_any_title_is_still_the_country(message, countries):
    question = parse_release_question(message, mentioned=False, is_title=KNOWN)
    assert question is not None and question.countries == countries and question.title_text is None


def test_title_look_ups_are_bounded_on_hostile_input():
    calls = []

    def counting(phrase):
        calls.append(phrase)
        return False

    parse_release_question(("America " * 10 + "when is it out? ") * 40, mentioned=True, is_title=counting)
    assert 0 < len(calls) <= 200


# Understood when the member addresses the bot; left alone as thread chatter.
ASKED_OF_THE_BOT = [
    ("what year did it come out?", (), (), None),
    ("which year did it come out", (), (), None),
    ("what year was Heat released?", (), (), "Heat"),
    ("what year is Heat from?", (), (), "Heat"),
    ("is it coming to blu ray?", (D,), (), None),
    ("is it coming to the UK?", (), ("GB",), None),
    ("is it coming to Netflix in Germany?", (G,), ("DE",), None),
    ("is heat coming to netflix", (G,), (), "heat"),
    ("is there a blu ray?", (D,), (), None),
    ("any blu ray?", (D,), (), None),
]


@pytest.mark.parametrize(("message", "formats", "countries", "title"), ASKED_OF_THE_BOT)
def test_mentions_understand_more_ways_of_asking(message, formats, countries, title):
    question = parse_release_question(message, mentioned=True)
    assert question == ReleaseQuestion(formats, countries, title, title is None)


@pytest.mark.parametrize(
    "message",
    ["what year did it come out?", "is it coming to blu ray?", "is it coming to the UK?", "is there a blu ray?",
     "any blu ray?", "what year is Heat from?"],
)
def test_the_wider_understanding_adds_no_answers_to_thread_chatter(message):
    assert parse_release_question(message, mentioned=False) is None


@pytest.mark.parametrize(
    "message",
    ["what year is it?", "what year did you see it?", "are you coming to the screening?", "is there a reason?",
     "any thoughts?", "hi", "help", "is the DVD any good?"],
)
def test_a_mention_that_asks_something_else_is_not_a_release_question(message):
    assert parse_release_question(message, mentioned=True) is None
